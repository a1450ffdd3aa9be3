"""The team page's edges: the notice after each change, a refused role change or invite shown on
the page, door events chosen only by ticked boxes, the other organisations a beheerder keeps, the
door events in the order they happen, and removing someone who is not in the team."""
import re
from datetime import datetime, timezone

import pytest
from conftest import DEMO_EVENT, make_event
from organiser_pages import form_fields
from test_roles import BEHEERDER, ORG, put_team, session_of
from test_team import post, team_page

EID = DEMO_EVENT["id"]
DOOR = "dirk@duurzaamdoor.example"
NOBODY = "niemand@duurzaamdoor.example"


@pytest.fixture
def beheerder(client, demo_event):
    return session_of(BEHEERDER)


@pytest.fixture
def with_door(client, admin_token, demo_event):
    put_team(client, admin_token, [{"email": BEHEERDER, "role": "beheerder"}, {"email": DOOR, "role": "deur"}])
    return session_of(BEHEERDER)


def stored_member(address):
    from chalicelib import store
    return next(m for m in store.organisations.get_organisation(ORG)["members"] if m["email"] == address)


@pytest.mark.parametrize("done, words", [
    ("invited", "De collega hoort nu bij het team en krijgt een e-mail met uitleg over inloggen."),
    ("role_changed", "De rol is gewijzigd. Dit geldt meteen."),
    ("removed", "De collega hoort niet meer bij het team."),
    ("events_chosen", "De bijeenkomsten voor de deur zijn opgeslagen. Dit geldt meteen."),
])
def test_the_team_page_says_what_was_just_done(client, beheerder, done, words):
    assert words in team_page(client, beheerder[0], f"?organisation={ORG}&done={done}")


def test_an_unknown_notice_shows_nothing(client, beheerder):
    assert 'role="status"' not in team_page(client, beheerder[0], f"?organisation={ORG}&done=gehackt")


def test_changing_the_role_of_someone_not_in_the_team_says_so(client, beheerder):
    cookie, csrf = beheerder
    answer = post(client, "/organiser/team/role",
                  {"csrf": csrf, "organisation": ORG, "email": NOBODY, "role": "deur"}, cookie)
    assert answer.status_code == 400
    error = re.search(r'<p class="error" role="alert" id="team-error">(.*?)</p>', answer.body.decode())
    assert error and error.group(1) == "Dit adres hoort niet bij het team."


def test_a_refused_invitation_keeps_what_was_filled_in(client, beheerder):
    cookie, csrf = beheerder
    answer = post(client, "/organiser/team/invite",
                  {"csrf": csrf, "organisation": ORG, "email": "kees@", "role": "deur"}, cookie)
    assert answer.status_code == 400
    fields = form_fields(answer.body.decode(), "invite")
    assert fields["email"] == "kees@" and fields["role"] == "deur"


def test_an_unticked_event_is_not_chosen_for_the_door(client, with_door):
    cookie, csrf = with_door
    answer = post(client, "/organiser/team/events",
                  {"csrf": csrf, "organisation": ORG, "email": DOOR, f"event:{EID}": ""}, cookie)
    assert answer.status_code == 303
    assert "events" not in stored_member(DOOR)     # nothing chosen: the door sees every event


def test_a_ticked_event_is_chosen_for_the_door(client, with_door):
    cookie, csrf = with_door
    answer = post(client, "/organiser/team/events",
                  {"csrf": csrf, "organisation": ORG, "email": DOOR, f"event:{EID}": "on"}, cookie)
    assert answer.status_code == 303
    assert stored_member(DOOR)["events"] == [EID]


def test_the_page_names_the_other_organisations_a_beheerder_keeps(client, beheerder):
    from chalicelib import store
    store.organisations.put_organisation("tweede-club", "Tweede Club", [{"email": BEHEERDER, "role": "beheerder"}],
                                         datetime.now(timezone.utc))
    page = team_page(client, beheerder[0], f"?organisation={ORG}")
    also = re.search(r"<p>Je bent ook beheerder van:(.*?)</p>", page, re.S).group(1)
    assert "organisation=tweede-club" in also and "Tweede Club" in also
    assert f"organisation={ORG}" not in also


def test_the_door_events_are_listed_in_the_order_they_begin(client, admin_token, with_door):
    """The second event starts after the demo event (13:00) but ends before it (17:00)."""
    make_event(client, admin_token, id="tussendoor-2026-12-09", starts_at="2026-12-09T14:00:00",
               ends_at="2026-12-09T15:00:00", title={"nl": "Tussendoor", "en": "In between"})
    page = team_page(client, with_door[0], f"?organisation={ORG}")
    section = re.search(r'<section aria-labelledby="door-title" id="door-events">(.*?)</section>', page, re.S).group(1)
    names = re.findall(r'name="event:([^"]+)"', section)
    assert names == [EID, "tussendoor-2026-12-09"]


def test_the_remove_question_for_someone_not_in_the_team_is_not_found(client, beheerder):
    answer = client.http.get(f"/organiser/team/remove?organisation={ORG}&email={NOBODY}",
                             headers={"Cookie": beheerder[0]})
    assert answer.status_code == 404


def test_removing_someone_not_in_the_team_is_not_found(client, beheerder):
    cookie, csrf = beheerder
    answer = post(client, "/organiser/team/remove", {"csrf": csrf, "organisation": ORG, "email": NOBODY}, cookie)
    assert answer.status_code == 404


def test_after_a_role_change_the_team_page_opens_again_in_the_language_in_use(client, with_door):
    cookie, csrf = with_door
    answer = post(client, "/organiser/team/role?lang=en",
                  {"csrf": csrf, "organisation": ORG, "email": DOOR, "role": "meekijker"}, cookie)
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"https://signup.test/organiser/team?organisation={ORG}&done=role_changed&lang=en"


def test_after_a_removal_the_team_page_of_that_organisation_opens(client, with_door):
    cookie, csrf = with_door
    answer = post(client, "/organiser/team/remove", {"csrf": csrf, "organisation": ORG, "email": DOOR}, cookie)
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"https://signup.test/organiser/team?organisation={ORG}&done=removed"


def test_the_team_page_marks_the_member_reading_it(client, with_door):
    page = team_page(client, with_door[0], f"?organisation={ORG}")
    assert f"{BEHEERDER} (jij)" in page and f"{DOOR} (jij)" not in page


def test_an_organisation_where_the_member_is_not_beheerder_is_not_named(client, beheerder):
    from chalicelib import store
    store.organisations.put_organisation("deur-club", "Deur Club", [{"email": BEHEERDER, "role": "deur"}],
                                         datetime.now(timezone.utc))
    page = team_page(client, beheerder[0], f"?organisation={ORG}")
    assert "Je bent ook beheerder van:" not in page and "Deur Club" not in page
