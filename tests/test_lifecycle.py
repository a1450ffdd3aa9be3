"""Attendee links, confirm and cancel, the waiting list moving up, holds, reminders, erasure."""
import json
from datetime import datetime, timedelta, timezone

import pytest

from conftest import DEMO_EVENT, bearer, make_event, person, registration_id, signed_up, signup

EID = DEMO_EVENT["id"]
JSON = {"Accept": "application/json"}


def register(client, n, **extra):
    return signed_up(client, EID, **person(n, **extra))


def token(rid):
    from chalicelib import tokens
    return tokens.sign(EID, rid)


def reg(rid):
    from chalicelib import store
    return store.roster.get_registration(EID, rid)


def counters():
    from chalicelib import store
    event = store.events.get_event(EID, consistent=True)
    return event.seats_taken, event.waitlist_count


def post(client, rid, action, headers=None):
    return client.http.post(f"/registrations/{token(rid)}/{action}", body="",
                            headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})})


# ---------------------------------------------------------------- tokens and the page

def test_token_round_trip_and_tampering(env):
    from chalicelib import tokens
    from chalicelib.errors import InvalidToken
    t = tokens.sign(EID, "abc123")
    assert tokens.parse(t) == (EID, "abc123")
    kid, payload, sig = t.split(".")
    for bad in (f"{kid}.{payload}." + sig[:-2] + ("AA" if sig[-2:] != "AA" else "BB"), "x" + t, t + "x", "", "....",
                tokens.sign(EID, "abc123", key=b"other secret"), "%%%.%%%", "é.é"):
        with pytest.raises(InvalidToken):
            tokens.parse(bad)


@pytest.mark.parametrize("bad", ["garbage", "Zm9vL2Jhcg.c2lnbmF0dXJl", "a" * 500])
def test_bad_token_is_a_404_page(client, demo_event, bad):
    r = client.http.get(f"/registrations/{bad}")
    assert r.status_code == 404 and r.headers["Content-Type"].startswith("text/html")
    assert "Deze link werkt niet meer." in r.body.decode()
    assert post_raw(client, bad, "cancel").status_code == 404
    assert client.http.get(f"/registrations/{bad}/calendar.ics").status_code == 404


def post_raw(client, t, action):
    return client.http.post(f"/registrations/{t}/{action}", body="",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})


def test_valid_signature_for_unknown_registration_is_404(client, demo_event):
    assert client.http.get(f"/registrations/{token('0000000000000deadbeef')}").status_code == 404


def test_attendee_page_shows_event_status_and_actions(client, demo_event):
    rid = register(client, 1, name="Zoë <O'Brien>")
    r = client.http.get(f"/registrations/{token(rid)}")
    page = r.body.decode()
    assert r.status_code == 200 and '<html lang="nl">' in page
    assert "woensdag 9 december 2026, van 13.00 tot 17.00 uur" in page and "Je bent aangemeld" in page
    assert "Zoë &lt;O&#39;Brien&gt;" in page
    assert f'action="https://signup.test/registrations/{token(rid)}/cancel"' in page
    assert "/confirm" not in page and f"{token(rid)}/calendar.ics" in page


def test_attendee_page_in_english(client, demo_event):
    rid = register(client, 1, locale="en")
    page = client.http.get(f"/registrations/{token(rid)}").body.decode()
    assert '<html lang="en">' in page and "You are signed up" in page


def test_calendar_download(client, demo_event):
    import icalendar
    rid = register(client, 1)
    r = client.http.get(f"/registrations/{token(rid)}/calendar.ics")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/calendar")
    [vevent] = icalendar.Calendar.from_ical(r.body).walk("VEVENT")
    assert vevent["DTSTART"].dt.isoformat() == "2026-12-09T13:00:00+01:00"


def test_get_changes_nothing(client, demo_event):
    """Mail scanners prefetch links: only POST acts."""
    rid = register(client, 1)
    client.http.get(f"/registrations/{token(rid)}")
    client.http.get(f"/registrations/{token(rid)}/cancel")
    assert reg(rid).status == "confirmed"


# ---------------------------------------------------------------- cancel and the waiting list

def test_cancel_promotes_the_first_in_line(client, admin_token):
    make_event(client, admin_token, capacity=2)
    a, b, c, d = (register(client, i) for i in range(4))
    assert counters() == (2, 2)
    r = post(client, a, "cancel", JSON)
    assert r.status_code == 200 and json.loads(r.body)["status"] == "cancelled"
    assert [reg(x).status for x in (a, b, c, d)] == ["cancelled", "confirmed", "confirmed", "waitlisted"]
    assert counters() == (2, 1)


def test_cancel_is_idempotent_and_answers_a_page(client, demo_event):
    rid = register(client, 1)
    first = post(client, rid, "cancel")
    assert first.status_code == 200 and "Je afmelding is verwerkt." in first.body.decode()
    again = post(client, rid, "cancel", JSON)
    assert again.status_code == 200 and json.loads(again.body)["status"] == "cancelled"
    assert counters() == (0, 0)


def test_cancel_frees_the_seat_and_allows_a_new_signup(client, demo_event):
    rid = register(client, 1)
    post(client, rid, "cancel")
    again = signup(client, EID, **person(1))
    assert again.status_code == 201 and registration_id(EID, person(1)["email"]) != rid
    assert counters() == (1, 0)


def test_cancel_from_the_waiting_list(client, admin_token):
    make_event(client, admin_token, capacity=1)
    a, b, c = (register(client, i) for i in range(3))
    post(client, b, "cancel")
    assert counters() == (1, 1)
    post(client, a, "cancel")
    assert reg(c).status == "confirmed" and counters() == (1, 0)


def test_waitlist_position_is_shown(client, admin_token):
    make_event(client, admin_token, capacity=1)
    register(client, 0), register(client, 1)
    third = register(client, 2)
    page = client.http.get(f"/registrations/{token(third)}").body.decode()
    assert "je bent nummer 2" in page


def test_raising_capacity_promotes_in_signup_order(client, admin_token):
    make_event(client, admin_token, capacity=1)
    rids = [register(client, i) for i in range(5)]
    make_event(client, admin_token, capacity=3)
    assert [reg(r).status for r in rids] == ["confirmed"] * 3 + ["waitlisted"] * 2
    assert counters() == (3, 2)
    make_event(client, admin_token, capacity=1)  # lowering never cancels anyone
    assert [reg(r).status for r in rids] == ["confirmed"] * 3 + ["waitlisted"] * 2


# ---------------------------------------------------------------- double opt-in

def test_double_opt_in_pending_then_confirmed(client, admin_token):
    make_event(client, admin_token, capacity=1, double_opt_in=True)
    rid = register(client, 1)
    assert reg(rid).status == "pending" and counters() == (1, 0)
    assert reg(rid).hold_until - reg(rid).created_at == timedelta(hours=48)
    page = client.http.get(f"/registrations/{token(rid)}").body.decode()
    assert "/confirm" in page and "Bevestig je aanmelding" in page
    r = post(client, rid, "confirm", JSON)
    assert json.loads(r.body)["status"] == "confirmed"
    assert json.loads(post(client, rid, "confirm", JSON).body)["status"] == "confirmed"
    assert counters() == (1, 0)


def test_unconfirmed_hold_expires_and_promotes(client, admin_token):
    from chalicelib import signups
    make_event(client, admin_token, capacity=1, double_opt_in=True)
    a, b = register(client, 1), register(client, 2)
    assert reg(b).status == "waitlisted"
    assert signups.expire_due(datetime.now(timezone.utc)) == 0
    assert signups.expire_due(datetime.now(timezone.utc) + timedelta(hours=49)) == 1
    assert reg(a).status == "expired"
    assert reg(b).status == "pending" and reg(b).hold_until is not None
    assert counters() == (1, 0)
    r = post(client, a, "confirm", {**JSON, "Accept-Language": "en"})
    assert r.status_code == 409 and json.loads(r.body) == {     # the contract's code, a plain sentence
        "error": "registration_closed",
        "message": "The time to confirm this registration has run out. Sign up again if you would still like to come."}
    page = post(client, a, "confirm")
    assert page.status_code == 409
    assert "De tijd om deze aanmelding te bevestigen is voorbij." in page.body.decode()


def test_expire_holds_schedule_runs_through_chalice(client, admin_token, env):
    env.setenv("HOLD_HOURS", "0")
    from chalicelib import config
    config.settings.cache_clear()
    make_event(client, admin_token, capacity=5, double_opt_in=True)
    rid = register(client, 1)
    client.lambda_.invoke("expire_holds", client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]))
    assert reg(rid).status == "expired" and counters() == (0, 0)


# ---------------------------------------------------------------- reminders

def test_reminder_requested_once_when_due(client, admin_token, table):
    from chalicelib import aws, signups, store
    make_event(client, admin_token, starts_at="2027-01-10T13:00:00", ends_at="2027-01-10T17:00:00")
    rid = register(client, 1)
    waiting_moment = datetime(2027, 1, 9, 11, 0, tzinfo=timezone.utc)  # 25 h before
    assert signups.remind_due(waiting_moment) == 0
    due_moment = datetime(2027, 1, 9, 12, 30, tzinfo=timezone.utc)
    assert signups.remind_due(due_moment) == 1
    assert signups.remind_due(due_moment) == 0
    item = store.table.from_item(aws.dynamodb().get_item(TableName=table, Key=store.roster.reg_key(EID, rid))["Item"])
    assert item["reminder_requested_at"] and "due_kind" not in item


def test_cancelled_attendee_gets_no_reminder(client, admin_token):
    from chalicelib import signups
    make_event(client, admin_token, starts_at="2027-01-10T13:00:00", ends_at="2027-01-10T17:00:00")
    rid = register(client, 1)
    post(client, rid, "cancel")
    assert signups.remind_due(datetime(2027, 1, 10, 0, 0, tzinfo=timezone.utc)) == 0


# ---------------------------------------------------------------- AVG / GDPR

def test_erasure_forgets_the_person_and_frees_the_seat(client, admin_token, table):
    from chalicelib import aws
    make_event(client, admin_token, capacity=1)
    a, b = register(client, 1, name="Zoë Geheim"), register(client, 2)
    r = client.http.delete(f"/events/{EID}/registrations/{a}", headers=bearer(admin_token))
    assert r.status_code == 204
    items = json.dumps(aws.dynamodb().scan(TableName=table)["Items"])
    assert "Zoë Geheim" not in items and "deelnemer1@gemeente.example" not in items
    assert reg(a).status == "erased" and reg(b).status == "confirmed"
    assert client.http.get(f"/registrations/{token(a)}").status_code == 404
    assert client.http.delete(f"/events/{EID}/registrations/{a}", headers=bearer(admin_token)).status_code == 204


def test_erasure_needs_admin_and_a_known_registration(client, demo_event, admin_token, export_token):
    rid = register(client, 1)
    assert client.http.delete(f"/events/{EID}/registrations/{rid}", headers=bearer(export_token)).status_code == 403
    assert client.http.delete(f"/events/{EID}/registrations/{rid}").status_code == 401
    r = client.http.delete(f"/events/{EID}/registrations/nope", headers=bearer(admin_token))
    assert r.status_code == 404 and json.loads(r.body)["error"] == "registration_not_found"


def test_retention_ttl_defaults_to_30_days_after_the_event(client, admin_token):
    make_event(client, admin_token)
    rid = register(client, 1)
    ends = datetime(2026, 12, 9, 16, 0, tzinfo=timezone.utc)
    assert reg(rid).expires_at == int((ends + timedelta(days=30)).timestamp())
    make_event(client, admin_token, retention_days=7)
    assert reg(register(client, 2)).expires_at == int((ends + timedelta(days=7)).timestamp())


def test_expired_items_are_ignored_by_every_read(client, admin_token, table):
    from chalicelib import store
    make_event(client, admin_token, retention_days=1, starts_at="2020-01-01T10:00:00",
               ends_at="2020-01-01T12:00:00")
    assert signup(client, EID, **person(1)).status_code == 201
    rid = next(store.roster.registrations(EID, now=1)).id      # as of 1970: not expired yet
    assert reg(rid) is None
    assert list(store.roster.registrations(EID)) == []
    assert client.http.get(f"/registrations/{token(rid)}").status_code == 404
    # the expired marker does not block a new signup with the same address
    assert signup(client, EID, **person(1)).status_code == 201


def test_token_secret_comes_from_ssm_once_per_container(aws_mock, env):
    from chalicelib import aws, config, tokens
    env.delenv("TOKEN_SECRET")
    env.setenv("TOKEN_SECRET_PARAM", "/signups/test/token-secret")
    config.settings.cache_clear()
    tokens.keys.cache_clear()
    aws.ssm().put_parameter(Name="/signups/test/token-secret", Value="from-ssm-0123456789", Type="SecureString")
    fetches = []
    aws.ssm().meta.events.register("before-call.ssm.GetParameter", lambda **kw: fetches.append(kw))
    token = tokens.sign(EID, "r1")
    assert tokens.parse(token) == (EID, "r1") and tokens.parse(tokens.sign(EID, "r2"))
    assert len(fetches) == 1
    assert tokens.parse(token, key=b"from-ssm-0123456789") == (EID, "r1")


def test_after_a_capacity_cut_a_freed_seat_is_not_refilled(client, admin_token):
    make_event(client, admin_token, capacity=2)
    a, b, c = (register(client, i) for i in range(3))
    make_event(client, admin_token, capacity=1)
    post(client, a, "cancel")
    assert [reg(x).status for x in (a, b, c)] == ["cancelled", "confirmed", "waitlisted"]
    assert counters() == (1, 1)
    post(client, b, "cancel")                      # now at capacity: the seat goes to the next
    assert reg(c).status == "confirmed" and counters() == (1, 0)


def test_a_newcomer_never_jumps_the_waiting_list(client, admin_token, table):
    """While someone waits, a free seat is theirs; a newcomer queues behind them."""
    from chalicelib import aws, store
    make_event(client, admin_token, capacity=1)
    register(client, 0)
    waiting = register(client, 1)
    # a seat frees up without the follow-up promotion having run yet
    aws.dynamodb().update_item(TableName=table, Key=store.events.event_key(EID), UpdateExpression="SET seats_taken = :z",
                               ExpressionAttributeValues={":z": {"N": "0"}})
    r = signup(client, EID, **person(2))
    assert json.loads(r.body)["status"] == "waitlisted"
    assert reg(waiting).status == "confirmed"      # the join saw the free seat and moved the list up (issue 27)


@pytest.mark.parametrize("conflicting", [1, 2])     # the limits' transaction, the signup's
def test_a_transaction_conflict_is_retried(client, demo_event, monkeypatch, conflicting):
    from chalicelib import store
    from chalicelib.errors import Conflict
    real, calls = store.writes.transact, []

    def conflict_once(items):
        calls.append(1)
        if len(calls) == conflicting:
            raise Conflict("TransactionConflict")
        return real(items)
    monkeypatch.setattr(store.writes, "transact", conflict_once)
    r = signup(client, EID, **person(1))
    assert r.status_code == 201 and len(calls) == 3 and counters() == (1, 0)


def test_moving_the_event_moves_reminders_and_retention(client, admin_token):
    from chalicelib import signups
    make_event(client, admin_token, starts_at="2027-01-10T13:00:00", ends_at="2027-01-10T17:00:00")
    rid = register(client, 1)
    make_event(client, admin_token, starts_at="2027-02-10T13:00:00", ends_at="2027-02-10T17:00:00")
    new_end = datetime(2027, 2, 10, 16, 0, tzinfo=timezone.utc)
    assert reg(rid).expires_at == int((new_end + timedelta(days=30)).timestamp())
    assert signups.remind_due(datetime(2027, 1, 9, 12, 30, tzinfo=timezone.utc)) == 0   # the old moment
    assert signups.remind_due(datetime(2027, 2, 9, 12, 30, tzinfo=timezone.utc)) == 1   # the new one
    make_event(client, admin_token, starts_at="2027-03-10T13:00:00", ends_at="2027-03-10T17:00:00")
    assert signups.remind_due(datetime(2027, 3, 9, 12, 30, tzinfo=timezone.utc)) == 0   # sent once
    assert signup(client, EID, **person(1)).status_code == 201   # a repeat: answered like a new one,
    assert registration_id(EID, person(1)["email"]) == rid       # because the marker still holds the address
