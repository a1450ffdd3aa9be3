"""The edges of stored organisations (chalicelib/store/organisations.py, issue 26): a team stored
before roles or versions still works as it did, a change that keeps losing to other beheerders
gives up after three tries, and the operator's PUT replaces the organisation whatever landed
between its read and its write."""
import itertools
import json
from datetime import datetime, timezone

import pytest
from conftest import bearer
from test_roles import session_of
from test_team import post

OLD = "oud"
ANNA, BART = "anna@oud.example", "bart@oud.example"
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)
RIVALS = (f"rivaal{n}@x.example" for n in itertools.count(1))


def stored_as_before(org_id, members, markers, **item):
    """Items as an earlier version of the service wrote them: ``members`` as given, a marker per
    address of ``markers`` without a role, and ``item``'s other attributes (no ``version``)."""
    from chalicelib import aws, store
    db = aws.dynamodb()
    db.put_item(TableName=aws.table_name(), Item={
        "PK": {"S": f"ORG#{org_id}"}, "SK": {"S": "META"},
        **store.table.to_item({"name": "Oud en Wijs", "members": members, **item})})
    for address in markers:
        db.put_item(TableName=aws.table_name(), Item={
            "PK": {"S": f"MEMBER#{address}"}, "SK": {"S": f"ORG#{org_id}"}, "added_at": {"S": "2024-01-01T00:00:00"}})


def organisation(client, token, org_id=OLD):
    answer = client.http.get(f"/organisations/{org_id}", headers=bearer(token))
    assert answer.status_code == 200, answer.body
    return json.loads(answer.body)


def test_a_team_stored_before_roles_is_a_team_of_beheerders_who_can_still_change_it(client, admin_token):
    stored_as_before(OLD, [ANNA, {"email": BART}], [ANNA, BART])
    assert organisation(client, admin_token)["members"] == [{"email": ANNA, "role": "beheerder"},
                                                            {"email": BART, "role": "beheerder"}]
    cookie, csrf = session_of(BART)
    answer = post(client, "/organiser/team/invite",
                  {"csrf": csrf, "organisation": OLD, "email": "cor@oud.example", "role": "deur"}, cookie)
    assert answer.status_code == 303, answer.body
    assert answer.headers["Location"].endswith(f"/organiser/team?organisation={OLD}&done=invited")
    answer = post(client, "/organiser/team/role", {"csrf": csrf, "organisation": OLD, "email": ANNA,
                                                   "role": "organisator"}, cookie)
    assert answer.status_code == 303, answer.body      # back to the team page: Bart still manages it
    assert answer.headers["Location"].endswith(f"/organiser/team?organisation={OLD}&done=role_changed")
    assert organisation(client, admin_token)["members"] == [
        {"email": ANNA, "role": "organisator"}, {"email": BART, "role": "beheerder"},
        {"email": "cor@oud.example", "role": "deur"}]


def test_a_change_to_a_team_stored_before_versions_keeps_a_rivals_change_too(table):
    from chalicelib import store
    stored_as_before(OLD, [{"email": BART, "role": "beheerder"}], [BART])
    change, calls = rivals(1, OLD, NOW)
    store.organisations.change_members(OLD, lambda m: change(m, lambda m: m + [{"email": "wij@x.example",
                                                                                  "role": "deur"}]), NOW)
    assert len(calls) == 2
    emails = [m["email"] for m in store.organisations.get_organisation(OLD)["members"]]
    assert emails[0] == BART and emails[2] == "wij@x.example" and emails[1].startswith("rivaal")


def test_a_team_saved_once_before_is_changed_twice_in_a_row(client, admin_token):
    stored_as_before(OLD, [{"email": BART, "role": "beheerder"}], [BART], version=1)
    cookie, csrf = session_of(BART)
    for address in ("cor@oud.example", "dies@oud.example"):
        answer = post(client, "/organiser/team/invite",
                      {"csrf": csrf, "organisation": OLD, "email": address, "role": "deur"}, cookie)
        assert answer.status_code == 303, answer.body
    assert [m["email"] for m in organisation(client, admin_token)["members"]] == [
        BART, "cor@oud.example", "dies@oud.example"]


def rivals(times, org_id, now):
    """A change function that lets another beheerder add someone between its read and its write,
    the first ``times`` times it is called; ``calls`` counts them."""
    from chalicelib import store
    calls = []

    def change(value, update):
        calls.append(1)
        if len(calls) <= times:
            store.organisations.change_members(
                org_id, lambda m: m + [{"email": next(RIVALS), "role": "deur"}], now)
        return update(value)
    return change, calls


@pytest.mark.parametrize("changed", ["members", "settings"])
def test_a_change_that_lost_three_times_in_a_row_gives_up_and_one_that_lost_twice_does_not(table, changed):
    from chalicelib import store
    from test_roles import ORG
    org = store.organisations

    def attempt(times):
        change, calls = rivals(times, ORG, NOW)
        if changed == "members":
            return org.change_members(ORG, lambda m: change(m, lambda m: m + [{"email": "wij@x.example",
                                                                                  "role": "deur"}]), NOW), calls
        return org.change_settings(ORG, lambda own: change(own, lambda own: {**own, "sender_name": "Wij"}), NOW), calls

    with pytest.raises(org.ConcurrentChange):
        attempt(3)
    assert "wij@x.example" not in [m["email"] for m in org.get_organisation(ORG)["members"]]
    assert "sender_name" not in org.get_organisation(ORG)
    _, calls = attempt(2)
    assert len(calls) == 3
    stored = org.get_organisation(ORG)
    assert sum(m["email"].startswith("rivaal") for m in stored["members"]) == 5     # no rival's change is lost
    assert ("wij@x.example" in [m["email"] for m in stored["members"]]) == (changed == "members")
    assert (stored.get("sender_name") == "Wij") == (changed == "settings")


def test_the_operators_put_replaces_the_organisation_even_when_a_beheerder_saved_meanwhile(
        client, admin_token, monkeypatch):
    from chalicelib import store
    from test_roles import BEHEERDER, ORG
    org, read = store.organisations, store.organisations._get_meta
    interrupted = []

    def read_then_a_beheerder_saves(org_id):
        before = read(org_id)
        if not interrupted:
            interrupted.append(1)
            org.change_members(org_id, lambda m: m + [{"email": "tussendoor@x.example", "role": "deur"}], NOW)
        return before
    monkeypatch.setattr(org, "_get_meta", read_then_a_beheerder_saves)
    answer = client.http.put(f"/organisations/{ORG}", body=json.dumps({"name": "Nieuw", "members": [
        {"email": BEHEERDER, "role": "beheerder"}]}), headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert answer.status_code == 200, answer.body
    assert interrupted
    assert organisation(client, admin_token, ORG)["members"] == [{"email": BEHEERDER, "role": "beheerder"}]
