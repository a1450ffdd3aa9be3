"""Issue 29 on the pages: the hosted form's radio groups per round (bands), a form post's error
page naming the field in nl and en, the attendee page's choices and switch, the join link only for
confirmed online attendees."""
import json
import re
from urllib.parse import urlencode

import pytest

from conftest import DEMO_EVENT, DEMO_PROGRAMME, make_event, person, registration_id, signup

EID = DEMO_EVENT["id"]
LINK = "https://teams.example/l/meetup-join/geheim-42"


def _programme(**maatjes):
    rounds = json.loads(json.dumps(DEMO_PROGRAMME["programme"]["rounds"]))
    rounds[0]["sessions"][0].update(maatjes)
    rounds[0]["sessions"][2].update(capacity=1, waitlist_enabled=False)
    return {"rounds": rounds}


@pytest.fixture
def event(client, admin_token):
    return make_event(client, admin_token, programme=_programme(capacity=1, waitlist_enabled=True),
                      changes_close_at="2099-01-01T12:00:00")


def _page(client, email):
    from chalicelib import tokens
    token = tokens.sign(EID, registration_id(EID, email))
    return token, client.http.get(f"/registrations/{token}").body.decode()


def test_the_form_offers_each_round_with_its_band(client, event):
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    assert signup(client, EID, **person(2, sessions=["bouw"])).status_code == 201
    html = client.http.get(f"/events/{EID}/form").body.decode()
    assert '<fieldset id="session_ronde-1"' in html and '<fieldset id="session_ronde-2"' in html
    assert "Werksessies ronde 1 <small>(14.00 - 14.55 uur)</small>" in html
    assert re.search(r'value="bouw" disabled', html)                    # full, no waiting list
    assert "Zaal 2, Tessa de Haas: vol, je komt op de wachtlijst" in html
    assert "Zaal 3, DuurzaamDoor: nog plek" in html
    en = client.http.get(f"/events/{EID}/form?lang=en").body.decode().replace("\u202f", " ")
    assert "Workshops, round 1 <small>(2:00 pm - 2:55 pm)</small>" in en and "Online, DuurzaamDoor: places left" in en
    assert "No session in this round" in en and "Geen sessie" not in en


@pytest.mark.parametrize("lang, sentence", [
    ("nl", "Deze sessie hoort bij een andere ronde. Kies een sessie uit deze ronde."),
    ("en", "This session belongs to another round. Choose a session of this round.")])
def test_a_form_post_with_a_bad_choice_shows_the_form_again_naming_the_round(client, event, lang, sentence):
    fields = {**person(2), "consent": "on", "locale": lang, "session_ronde-1": "ongemak"}
    response = client.http.post(f"/events/{EID}/signups", body=urlencode(fields),
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400
    html = response.body.decode()
    assert f'<span class="error" id="session_ronde-1-error">{sentence}</span>' in html
    assert 'href="#session_ronde-1"' in html
    from chalicelib import store
    assert store.roster.registration_by_email(EID, person(2)["email"]) is None


def test_a_form_post_for_a_full_session_is_409_naming_it(client, event):
    assert signup(client, EID, **person(1, sessions=["bouw"])).status_code == 201
    fields = {**person(2), "consent": "on", "session_ronde-1": "bouw"}
    response = client.http.post(f"/events/{EID}/signups", body=urlencode(fields),
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 409
    assert 'id="session_ronde-1-error">Deze sessie is vol. Kies een andere sessie.</span>' in response.body.decode()


def test_a_form_post_chooses_sessions_and_the_thank_you_page_follows(client, event):
    fields = {**person(3), "consent": "on", "session_ronde-1": "randvoorwaarden", "session_ronde-2": ""}
    response = client.http.post(f"/events/{EID}/signups", body=urlencode(fields),
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code in (200, 303)
    from chalicelib import store
    reg = store.roster.get_registration(EID, registration_id(EID, person(3)["email"]))
    assert reg.extra["sessions"] == [{"round": "ronde-1", "id": "randvoorwaarden", "status": "confirmed"}]


def test_the_attendee_page_shows_the_choice_and_switches_it(client, event):
    from chalicelib import programme, store
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    assert signup(client, EID, **person(2, sessions=["maatjes", "ongemak"])).status_code == 201
    token, html = _page(client, person(2)["email"])
    assert ('<dd id="choice-ronde-1">Zoek maatjes: samen leren in kleine clubjes, Zaal 2: je staat op de wachtlijst</dd>'
            in html)
    assert '<dd id="choice-ronde-2">Leren van ongemak, Zaal 3: je hebt een plek</dd>' in html
    # the person with the seat switches away: the one waiting moves up by themselves
    token1, _ = _page(client, person(1)["email"])
    switched = client.http.post(f"/registrations/{token1}/sessions", headers={
        "Content-Type": "application/x-www-form-urlencoded"},
        body=urlencode({"round": "ronde-1", "session_ronde-1": "randvoorwaarden"}))
    assert switched.status_code == 200
    assert "Je keuze is veranderd." in switched.body.decode()
    assert '<dd id="choice-ronde-1">Eerst de randvoorwaarden: niet te snel in de actiestand, Zaal 3: je hebt een plek' \
        in switched.body.decode()
    _, html = _page(client, person(2)["email"])
    assert "Zaal 2: je hebt een plek</dd>" in html
    event = store.events.get_event(EID, consistent=True)
    assert (programme.find(event, "maatjes").taken, programme.find(event, "maatjes").waiting) == (1, 0)
    assert programme.find(event, "randvoorwaarden").taken == 1


def test_a_switch_into_a_full_session_without_waiting_list_is_refused_and_changes_nothing(client, event):
    assert signup(client, EID, **person(1, sessions=["bouw"])).status_code == 201
    assert signup(client, EID, **person(2, sessions=["maatjes"])).status_code == 201
    token, _ = _page(client, person(2)["email"])
    refused = client.http.post(f"/registrations/{token}/sessions", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
        body=urlencode({"round": "ronde-1", "session_ronde-1": "bouw"}))
    assert refused.status_code == 409 and json.loads(refused.body)["error"] == "session_full"
    from chalicelib import store
    reg = store.roster.get_registration(EID, registration_id(EID, person(2)["email"]))
    assert reg.extra["sessions"] == [{"round": "ronde-1", "id": "maatjes", "status": "confirmed"}]


def test_no_switch_after_the_deadline(client, admin_token):
    make_event(client, admin_token, programme=_programme(), changes_close_at="2020-01-01T12:00:00")
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    token, html = _page(client, person(1)["email"])
    assert "Keuze opslaan" not in html and "Zoek maatjes" in html
    refused = client.http.post(f"/registrations/{token}/sessions", headers={
        "Content-Type": "application/x-www-form-urlencoded"}, body=urlencode({"round": "ronde-1", "session_ronde-1": ""}))
    assert refused.status_code == 409 and "Je keuze veranderen kan niet meer." in refused.body.decode()


def test_the_join_link_only_for_confirmed_online_attendees(client, admin_token):
    make_event(client, admin_token, capacity=1, online={"capacity": 5, "join_url": LINK})
    assert signup(client, EID, **person(1, attendance="onsite")).status_code == 201
    assert signup(client, EID, **person(2, attendance="online")).status_code == 201
    _, onsite = _page(client, person(1)["email"])
    _, online = _page(client, person(2)["email"])
    assert LINK not in onsite and "Je doet mee: Op locatie." in onsite
    assert f'<a href="{LINK}">' in online and "Je doet mee: Online." in online
    assert LINK not in client.http.get(f"/events/{EID}").body.decode()
    form = client.http.get(f"/events/{EID}/form").body.decode()
    assert LINK not in form and 'name="attendance" value="online"' in form


def test_the_embed_snippets_carry_the_rounds_and_the_attendance(client, admin_token):
    from chalicelib import signups
    from chalicelib.organiser import embed
    make_event(client, admin_token, programme=_programme(), online={"capacity": 5, "join_url": LINK})
    snippets = embed.snippets(signups.get_event(EID))
    for html in (snippets.html_form, snippets.fetch_form):
        assert '<input id="session_ronde-1-maatjes" name="session_ronde-1" type="radio" value="maatjes">' in html
        assert '<input id="session_ronde-2-none" name="session_ronde-2" type="radio" value="" checked>' in html
        assert 'name="attendance" type="radio" value="online" required' in html
        assert LINK not in html


def test_a_switch_names_a_bad_session_and_an_unknown_round_is_not_found(client, event):
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    token, _ = _page(client, person(1)["email"])
    form = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    wrong = client.http.post(f"/registrations/{token}/sessions", headers=form,
                             body=urlencode({"round": "ronde-1", "session_ronde-1": "ongemak"}))
    assert wrong.status_code == 400 and list(json.loads(wrong.body)["fields"]) == ["session_ronde-1"]
    assert client.http.post(f"/registrations/{token}/sessions", headers=form,
                            body=urlencode({"round": "ronde-9"})).status_code == 404
