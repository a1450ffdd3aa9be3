"""Issue 29: an organiser sets up the programme in the browser ("Programma"): rounds of sessions and
the online part, with buttons that work without JavaScript, the same refusals as the API, and the
messages beside the inputs in the page's language."""
import pytest

from conftest import DEMO_EVENT, DEMO_PROGRAMME, make_event, person, signup
from organiser_pages import form_fields, post_form
from test_roles import BEHEERDER, session_of

EID = DEMO_EVENT["id"]
PAGE = f"/organiser/events/{EID}/programme"


@pytest.fixture
def member():
    return session_of(BEHEERDER)


def get(client, member, lang=""):
    cookie, _ = member
    answer = client.http.get(PAGE + lang, headers={"Cookie": cookie, "Accept": "text/html"})
    assert answer.status_code == 200, answer.body[:300]
    return answer.body.decode()


def press(client, member, fields, action="save", lang=""):
    """Post the page's form as shown, with ``fields`` typed in, pressing the button ``action``."""
    cookie, csrf = member
    return post_form(client, PAGE + lang, {**fields, "csrf": csrf}, cookie, action=action)


def shown(client, member, lang=""):
    return form_fields(get(client, member, lang), "programme")


def definition():
    from chalicelib import organising
    return organising.definition(EID)


def test_an_organiser_builds_a_round_of_two_workshops_and_visitors_can_choose_them(client, admin_token, member):
    make_event(client, admin_token)
    html = get(client, member)
    assert "Ronde toevoegen" in html and "Ronde 1" not in html
    answer = press(client, member, shown(client, member), action="add_round")
    assert answer.status_code == 200 and "Ronde 1" in answer.body.decode() and "Sessie 1" in answer.body.decode()
    fields = form_fields(answer.body.decode(), "programme")
    assert fields["r0_date"] == "2026-12-09"       # the event's day to start with
    answer = press(client, member, fields, action="add_session:0")
    fields = form_fields(answer.body.decode(), "programme")
    fields.update({"r0_title_nl": "Werksessies ronde 1", "r0_title_en": "Workshops, round 1", "r0_start_time": "14:00",
                   "r0_end_time": "14:55", "r0s0_title_nl": "Circulair inkopen", "r0s0_room": "Zaal 2",
                   "r0s0_capacity": "20", "r0s1_title_nl": "Zoek maatjes", "r0s1_online": "on", "r0s1_capacity": "",
                   "r0s1_host": "Tessa de Haas"})
    fields.pop("r0s1_waitlist_enabled", None)
    answer = press(client, member, fields)
    assert answer.status_code == 303, answer.body[:500]
    rounds = definition()["programme"]["rounds"]
    assert [(r["id"], r["starts_at"][:16]) for r in rounds] == [("werksessies-ronde-1", "2026-12-09T14:00")]
    sessions = rounds[0]["sessions"]
    assert [s["id"] for s in sessions] == ["circulair-inkopen", "zoek-maatjes"]
    assert sessions[0]["capacity"] == 20 and sessions[0]["waitlist_enabled"] and sessions[0]["room"] == "Zaal 2"
    assert sessions[1]["online"] and sessions[1]["capacity"] is None and not sessions[1].get("waitlist_enabled")
    assert "Het programma is opgeslagen" in get(client, member, "?done=saved")
    form = client.http.get(f"/events/{EID}/form").body.decode()
    assert 'name="session_werksessies-ronde-1"' in form and "Circulair inkopen" in form


def test_a_saved_programme_comes_back_as_saved_and_renaming_keeps_the_ids(client, admin_token, member):
    make_event(client, admin_token, **DEMO_PROGRAMME)
    before = definition()["programme"]
    fields = shown(client, member)
    assert press(client, member, fields).status_code == 303
    assert definition()["programme"] == before       # showing and saving changes nothing
    fields["r0s0_title_nl"] = "Een nieuwe titel"
    assert press(client, member, fields).status_code == 303
    after = definition()["programme"]["rounds"][0]["sessions"][0]
    assert after["id"] == before["rounds"][0]["sessions"][0]["id"] and after["title"]["nl"] == "Een nieuwe titel"


def test_mistakes_are_named_beside_their_inputs_and_nothing_is_saved(client, admin_token, member):
    make_event(client, admin_token)
    fields = form_fields(press(client, member, shown(client, member), action="add_round").body.decode(), "programme")
    fields.update({"r0_start_time": "15:00", "r0_end_time": "14:00", "r0s0_capacity": "twintig"})
    answer = press(client, member, fields)
    html = answer.body.decode()
    assert answer.status_code == 400
    assert 'id="r0_title_nl-error"' in html          # a round needs a title
    assert 'id="r0s0_title_nl-error"' in html        # and so does a session
    assert 'id="r0s0_capacity-error"' in html and "heel getal" in html
    assert "Ronde 1, sessie 1: aantal plekken" in html      # the summary names the input
    assert definition().get("programme") is None
    fields.update({"r0_title_nl": "Ronde", "r0s0_title_nl": "Sessie", "r0s0_capacity": "5", "r0s0_room": "Zaal 1"})
    html = press(client, member, fields).body.decode()
    assert 'id="r0_end_time-error"' in html and "Het einde moet na het begin liggen" in html
    answer = press(client, member, fields, lang="?lang=en")
    assert answer.status_code == 400 and "The end must be after the start" in answer.body.decode()


def test_a_session_somebody_chose_cannot_be_removed(client, admin_token, member):
    make_event(client, admin_token, **DEMO_PROGRAMME)
    first = DEMO_PROGRAMME["programme"]["rounds"][0]
    chosen = first["sessions"][0]["id"]
    assert signup(client, EID, **person(1), sessions=[chosen]).status_code == 201
    html = get(client, member)
    assert "Eén deelnemer koos deze sessie" in html
    assert 'value="remove_session:0:0"' not in html and 'value="remove_session:0:1"' in html
    assert 'value="remove_round:0"' not in html
    fields = shown(client, member)          # a crafted post without the session: refused as by the API
    for key in [k for k in fields if k.startswith("r0s0_")]:
        fields.pop(key)
    for key in [k for k in fields if k.startswith("r0s1_")]:
        fields[key.replace("r0s1_", "r0s0_")] = fields.pop(key)
    fields["r0_sessions"] = str(len(first["sessions"]) - 1)
    for j in range(2, len(first["sessions"])):
        for key in [k for k in fields if k.startswith(f"r0s{j}_")]:
            fields[key.replace(f"r0s{j}_", f"r0s{j - 1}_")] = fields.pop(key)
    answer = press(client, member, fields)
    assert answer.status_code == 400 and "Laat die sessie staan" in answer.body.decode()
    assert [s["id"] for s in definition()["programme"]["rounds"][0]["sessions"]][0] == chosen


def test_the_online_part_is_set_and_its_link_stays_private(client, admin_token, member):
    make_event(client, admin_token)
    fields = shown(client, member)
    fields.update({"online": "on", "online_capacity": "abc", "online_join_url": "http://teams.example/x"})
    html = press(client, member, fields).body.decode()
    assert 'id="online_capacity-error"' in html and 'id="online_join_url-error"' in html
    fields.update({"online_capacity": "100", "online_join_url": "https://teams.microsoft.com/l/meetup-join/abc"})
    assert press(client, member, fields).status_code == 303
    assert definition()["online"] == {"capacity": 100, "join_url": "https://teams.microsoft.com/l/meetup-join/abc"}
    public = client.http.get(f"/events/{EID}").body.decode()
    assert "teams.microsoft.com" not in public and '"online"' in public
    fields.pop("online")
    assert press(client, member, fields).status_code == 303
    assert "online" not in definition()


def test_removing_a_round_and_a_session_with_the_buttons(client, admin_token, member):
    make_event(client, admin_token, **DEMO_PROGRAMME)
    rounds = DEMO_PROGRAMME["programme"]["rounds"]
    html = press(client, member, shown(client, member), action="remove_session:0:1").body.decode()
    assert html.count("<legend>Sessie") == sum(len(r["sessions"]) for r in rounds) - 1
    html = press(client, member, form_fields(html, "programme"), action=f"remove_round:{len(rounds) - 1}").body.decode()
    assert f"Ronde {len(rounds)}<" not in html
    assert press(client, member, form_fields(html, "programme")).status_code == 303
    assert len(definition()["programme"]["rounds"]) == len(rounds) - 1


def test_the_page_is_reached_from_the_event_overview_and_the_editor(client, admin_token, member):
    make_event(client, admin_token)
    cookie, _ = member
    for page in (f"/organiser/events/{EID}", f"/organiser/events/{EID}/edit"):
        html = client.http.get(page, headers={"Cookie": cookie, "Accept": "text/html"}).body.decode()
        assert f'/organiser/events/{EID}/programme"' in html, page


def test_a_session_title_with_markup_is_shown_as_text_on_the_form_and_the_attendee_page(client, admin_token):
    import copy
    programme = copy.deepcopy(DEMO_PROGRAMME)
    programme["programme"]["rounds"][0]["sessions"][0]["title"]["nl"] = '<img src=x onerror="alert(1)">Inkoop'
    make_event(client, admin_token, **programme)
    form = client.http.get(f"/events/{EID}/form").body.decode()
    assert "<img src=x" not in form and "&lt;img src=x" in form


def test_a_session_counts_the_people_waiting_for_it_among_those_who_chose_it(client, admin_token, member):
    from test_programme_seats import _programme
    make_event(client, admin_token, programme=_programme(capacity=1))
    assert signup(client, EID, **person(1), sessions=["maatjes"]).status_code == 201
    assert signup(client, EID, **person(2), sessions=["maatjes"]).status_code == 201     # waits for a seat
    html = get(client, member)
    assert "2 deelnemers kozen deze sessie." in html
    assert html.count("kozen deze sessie") + html.count("koos deze sessie") == 1


def test_the_online_part_says_how_many_take_part_online(client, admin_token, member):
    make_event(client, admin_token, capacity=5, online={"capacity": 5, "join_url": "https://zoom.example/j/42"})
    for n in (1, 2):
        assert signup(client, EID, **person(n, attendance="online")).status_code == 201
    assert signup(client, EID, **person(3, attendance="onsite")).status_code == 201
    assert "2 deelnemers doen online mee." in get(client, member)


def test_a_saved_notice_only_after_saving(client, admin_token, member):
    make_event(client, admin_token)
    assert "Het programma is opgeslagen." in get(client, member, "?done=saved")
    assert "Het programma is opgeslagen." not in get(client, member, "?done=iets")
    assert "Het programma is opgeslagen." not in get(client, member)


def test_saving_comes_back_to_the_programme_page_saying_so_and_a_button_does_not(client, admin_token, member):
    make_event(client, admin_token, **DEMO_PROGRAMME)
    fields = shown(client, member)
    saved = press(client, member, fields)
    assert saved.status_code == 303 and saved.headers["Location"] == f"https://signup.test{PAGE}?done=saved"
    added = press(client, member, fields, action="add_round")
    assert added.status_code == 200 and "Het programma is opgeslagen." not in added.body.decode()
    fields["r0s0_capacity"] = "geen"
    wrong = press(client, member, fields)
    assert wrong.status_code == 400 and "Het programma is opgeslagen." not in wrong.body.decode()


def test_a_button_leaves_the_focus_on_what_it_added_and_a_removal_on_the_form(client, admin_token, member):
    import re
    make_event(client, admin_token)
    html = press(client, member, shown(client, member), action="add_round").body.decode()
    assert re.findall(r'<input[^>]* id="([^"]+)"[^>]* autofocus', html) == ["r0_title_nl"]
    html = press(client, member, form_fields(html, "programme"), action="add_session:0").body.decode()
    assert re.findall(r'<input[^>]* id="([^"]+)"[^>]* autofocus', html) == ["r0s1_title_nl"]
    html = press(client, member, form_fields(html, "programme"), action="remove_session:0:1").body.decode()
    assert 'id="programme" method="post"' in html and "novalidate tabindex=\"-1\" autofocus>" in html
    assert "autofocus" not in get(client, member)

