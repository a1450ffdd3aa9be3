"""The log page (issue 28 item 3): who did what, for a beheerder; kept as long as the event's data."""
import re
from datetime import datetime
from urllib.parse import urlencode

import pytest
from conftest import DEMO_EVENT, bearer, person, signed_up
from organiser_pages import FORM
from test_roles import ADDRESS, BEHEERDER, ORG, put_team, session_of

EID = DEMO_EVENT["id"]


@pytest.fixture
def beheerder(client, demo_event):
    return session_of(BEHEERDER)


def rows(page):
    return re.findall(r'<tr data-action="(\w+)">(.*?)</tr>', page, re.S)


def log_page(client, cookie, query=""):
    answer = client.http.get("/organiser/log" + query, headers={"Cookie": cookie})
    assert answer.status_code == 200, answer.body
    return answer.body.decode()


def test_the_log_says_who_downloaded_which_columns_and_who_erased(client, beheerder):
    cookie, csrf = beheerder
    rid = signed_up(client, EID, **person(1))
    assert client.http.get(f"/events/{EID}/registrations?format=csv&fields=name,email",
                           headers={"Cookie": cookie}).status_code == 200
    answer = client.http.post(f"/organiser/events/{EID}/registrations/{rid}/erase", body=urlencode({"csrf": csrf}),
                              headers={**FORM, "Cookie": cookie})
    assert answer.status_code == 303
    lines = rows(log_page(client, cookie))
    assert [action for action, _ in lines] == ["erase", "export"]      # newest first
    erase, export = lines[0][1], lines[1][1]
    assert BEHEERDER in erase and "Gegevens gewist" in erase and rid in erase
    assert "Deelnemer 1" not in erase       # no personal data in the log
    assert "CSV, 1 regel." in export
    assert "Kolommen: name, email." in export
    assert DEMO_EVENT["title"]["nl"] in export


def test_the_log_keeps_team_changes(client, beheerder):
    cookie, csrf = beheerder
    answer = client.http.post("/organiser/team/invite", body=urlencode(
        {"csrf": csrf, "organisation": ORG, "email": "kees@duurzaamdoor.example", "role": "deur"}),
        headers={**FORM, "Cookie": cookie})
    assert answer.status_code == 303
    (action, line), = rows(log_page(client, cookie))
    assert action == "team_invite"
    assert "Collega uitgenodigd" in line and "kees@duurzaamdoor.example: Deur" in line


def test_an_api_erasure_is_in_the_log_with_its_key(client, admin_token, beheerder):
    rid = signed_up(client, EID, **person(2))
    assert client.http.delete(f"/events/{EID}/registrations/{rid}", headers=bearer(admin_token)).status_code == 204
    (action, line), = rows(log_page(client, beheerder[0]))
    assert action == "erase" and "tok_" in line


def test_a_record_of_an_event_goes_with_the_events_data(client, beheerder):
    from chalicelib import store
    assert client.http.get(f"/events/{EID}/registrations", headers={"Cookie": beheerder[0]}).status_code == 200
    record, = store.organisers.list_audit(EID)
    stored = store.events.get_definition(EID)
    ends = datetime.fromisoformat(stored["ends_at"])      # with the event's offset
    days = stored.get("retention_days") or 30
    assert record["expires_at"] == int(ends.timestamp()) + days * 86400


def test_only_a_beheerder_reads_the_log(client, admin_token, demo_event):
    put_team(client, admin_token, [{"email": a, "role": r} for r, a in ADDRESS.items()])
    for role, address in ADDRESS.items():
        answer = client.http.get("/organiser/log", headers={"Cookie": session_of(address)[0]})
        assert answer.status_code == (200 if role == "beheerder" else 403), role


def test_the_log_of_another_organisation_is_not_found(client, beheerder):
    assert client.http.get("/organiser/log?organisation=elders", headers={"Cookie": beheerder[0]}).status_code == 404


def test_an_empty_log_says_so_in_english_too(client, beheerder):
    assert "Er staat nog niets in het logboek." in log_page(client, beheerder[0])
    assert "The log is still empty." in log_page(client, beheerder[0], "?lang=en")
