"""Issue 29 item 6: name badges, A4 sheets of 8 or 10, for everyone confirmed or a selection."""
import math
import re

import pytest
from conftest import DEMO_EVENT, DEMO_PROGRAMME, make_event, person, signed_up
from qr import read_svg
from test_roles import BEHEERDER, session_of

from chalicelib import checkin

EID = DEMO_EVENT["id"]
PAGE = f"/organiser/events/{EID}/badges"


@pytest.fixture
def cookie(client, demo_event):
    return session_of(BEHEERDER)[0]


def badge_page(client, cookie, query=""):
    answer = client.http.get(PAGE + query, headers={"Cookie": cookie})
    assert answer.status_code == 200, answer.body
    return answer.body.decode()


@pytest.fixture
def programme(client, admin_token, demo_event):
    make_event(client, admin_token, **DEMO_PROGRAMME)


def badges_of(body):
    return re.findall(r'<div class="badge" data-registration="(\w+)">(.*?)</div>\n  </div>', body, re.S)


@pytest.mark.parametrize("n, size", [(9, 8), (17, 8), (10, 10), (11, 10)])
def test_one_badge_per_confirmed_person_and_sheets_of_the_chosen_size(client, cookie, n, size):
    for i in range(n):
        signed_up(client, EID, **person(i))
    body = badge_page(client, cookie, f"?per_sheet={size}")
    assert len(badges_of(body)) == n
    assert body.count(f'<section class="sheet per-{size}"') == math.ceil(n / size)


def test_a_badge_has_name_organisation_and_a_qr_code_of_the_check_in_link(client, cookie):
    rid = signed_up(client, EID, **person(1, name="Anne de Vries", organisation="Gemeente Utrecht"))
    (shown_id, badge), = badges_of(badge_page(client, cookie))
    assert shown_id == rid
    assert '<p class="badge-name">Anne de Vries</p>' in badge
    assert '<p class="badge-organisation">Gemeente Utrecht</p>' in badge
    assert read_svg(badge) == [checkin.checkin_url(EID, rid)]


def test_a_badge_names_the_sessions_with_a_seat(client, cookie, programme):
    rid = signed_up(client, EID, **person(1))
    from chalicelib import signups
    rounds = signups.get_event(EID).programme
    assert rounds, "the demo event has a programme"
    first = rounds[0].sessions[0]
    _store_sessions(EID, rid, [{"round": rounds[0].id, "id": first.id, "status": "confirmed"}])
    (_, badge), = badges_of(badge_page(client, cookie))
    assert first.text("title", "nl") in badge


def _store_sessions(event_id, rid, sessions):
    """The stored shape chalicelib.programme writes (its signup path is another branch's)."""
    from chalicelib import aws, store
    aws.dynamodb().update_item(TableName=aws.table_name(), Key=store.roster.reg_key(event_id, rid),
                               UpdateExpression="SET sessions = :s",
                               ExpressionAttributeValues=store.table.values(s=sessions))


def test_cancelled_and_waiting_people_get_no_badge(client, cookie):
    kept = signed_up(client, EID, **person(1))
    gone = signed_up(client, EID, **person(2))
    _cancel(gone)
    assert [rid for rid, _ in badges_of(badge_page(client, cookie))] == [kept]


def _cancel(rid):
    from datetime import datetime, timezone
    from chalicelib import signups
    signups.cancel_by_id(EID, rid, datetime.now(timezone.utc), caller_id="test")


def test_a_selection_from_the_people_list(client, cookie):
    ids = [signed_up(client, EID, **person(i)) for i in range(4)]
    people = client.http.get(f"/organiser/events/{EID}/registrations", headers={"Cookie": cookie}).body.decode()
    assert 'id="badge-selection"' in people
    assert people.count('form="badge-selection"') == 4
    body = badge_page(client, cookie, f"?id={ids[1]}&id={ids[3]}")
    assert sorted(rid for rid, _ in badges_of(body)) == sorted([ids[1], ids[3]])
    assert "2 badges van de gekozen deelnemers." in body


def test_a_selection_by_session(client, cookie, programme):
    ids = [signed_up(client, EID, **person(i)) for i in range(3)]
    from chalicelib import signups
    r = signups.get_event(EID).programme[0]
    _store_sessions(EID, ids[0], [{"round": r.id, "id": r.sessions[0].id, "status": "confirmed"}])
    _store_sessions(EID, ids[1], [{"round": r.id, "id": r.sessions[0].id, "status": "waitlisted"}])
    body = badge_page(client, cookie, f"?session={r.sessions[0].id}")
    assert [rid for rid, _ in badges_of(body)] == [ids[0]]


def test_the_event_pages_link_to_the_badges(client, cookie):
    page = client.http.get(f"/organiser/events/{EID}", headers={"Cookie": cookie}).body.decode()
    assert f'href="https://signup.test/organiser/events/{EID}/badges"' in page or f'/organiser/events/{EID}/badges"' in page


def test_people_who_did_not_confirm_their_address_get_no_badge(client, cookie, admin_token):
    make_event(client, admin_token, double_opt_in=True)       # a signup waits for its confirmation
    signed_up(client, EID, **person(1))
    assert badges_of(badge_page(client, cookie)) == []


@pytest.mark.parametrize("asked", ["7", "", "tien", "100"])
def test_a_sheet_size_not_offered_prints_eight_a_sheet(client, cookie, asked):
    for i in range(9):
        signed_up(client, EID, **person(i))
    body = badge_page(client, cookie, f"?per_sheet={asked}")
    assert body.count('<section class="sheet per-8"') == 2 and "per-10" not in body.split("<main")[-1]


def test_someone_stored_without_answers_or_sessions_still_gets_a_badge(client, cookie):
    """A registration written before questions and sessions were kept (no answers, no sessions
    attribute) prints with its name and an empty organisation line."""
    from chalicelib import aws, store
    rid = signed_up(client, EID, **person(1, name="Bram Oud"))
    aws.dynamodb().update_item(TableName=aws.table_name(), Key=store.roster.reg_key(EID, rid),
                               UpdateExpression="REMOVE answers, sessions")
    (shown_id, badge), = badges_of(badge_page(client, cookie))
    assert shown_id == rid and '<p class="badge-name">Bram Oud</p>' in badge
    assert "badge-organisation" not in badge        # no line at all, not "None"


def test_a_session_not_in_the_programme_prints_everyones_badge(client, cookie, programme):
    ids = [signed_up(client, EID, **person(i)) for i in range(2)]
    body = badge_page(client, cookie, "?session=no-such-session")
    assert sorted(rid for rid, _ in badges_of(body)) == sorted(ids)


def test_a_selection_prints_the_first_thousand_people_ticked_at_most(client, cookie):
    rid = signed_up(client, EID, **person(1))
    ticked = "&".join(f"id=x{i}" for i in range(1000))
    assert badges_of(badge_page(client, cookie, f"?{ticked}&id={rid}")) == []
    assert [shown for shown, _ in badges_of(badge_page(client, cookie, f"?id={rid}&{ticked}"))] == [rid]
