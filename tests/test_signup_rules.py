"""signups.py's own rules on a fixed clock: the event cache, the rate window, the retry budget,
the moments of holds and reminders, and what the scheduled jobs count."""
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib import aws, events, signups, store
from chalicelib.errors import Conflict
from chalicelib.models import CANCELLED, CONFIRMED, PENDING, WAITLISTED
from conftest import DEMO_EVENT

EID = "rules"
NOW = datetime(2026, 11, 1, 9, 0, 50, tzinfo=timezone.utc)        # 50 seconds into a minute
STARTS = datetime(2026, 12, 9, 12, 0, tzinfo=timezone.utc)        # 13:00 in Amsterdam


def organise(**overrides):
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    body.update(fields=[], consent_required=False, **overrides)
    signups.apply_event(events.validate(EID, body), NOW)


def join(n, now=NOW, **kwargs):
    return signups.register(EID, {"name": f"Deelnemer {n}", "email": f"p{n}@example.org"}, now=now, **kwargs)


def settings_with(env, **values):
    from chalicelib import config
    for key, value in values.items():
        env.setenv(key, str(value))
    config.settings.cache_clear()


def item(key):
    found = aws.dynamodb().get_item(TableName="signups-test", Key=key).get("Item")
    return store.table.from_item(found) if found else None


# ---------------------------------------------------------------- the event cache

class Clock:
    def __init__(self):
        self.now = 1000.0

    def monotonic(self):
        return self.now


def test_a_cached_event_is_reused_for_exactly_its_seconds_and_forgotten_on_change(table, env, monkeypatch):
    settings_with(env, EVENT_CACHE_SECONDS=5)
    organise(capacity=10)
    clock, reads, real = Clock(), [], store.events.get_event
    monkeypatch.setattr(signups, "time", clock)
    monkeypatch.setattr(store.events, "get_event", lambda event_id, consistent=False: reads.append(consistent) or
                        real(event_id, consistent=consistent))

    first = signups.get_event(EID, cached=True)
    clock.now += 4.999
    assert signups.get_event(EID, cached=True) is first
    assert reads == [False]
    clock.now += 0.001                             # five seconds: stale
    signups.get_event(EID, cached=True)
    assert reads == [False, False]

    join(1)                                        # a signup does not forget (it is the hot path) ...
    assert signups.get_event(EID, cached=True).seats_taken == 0
    assert signups.get_event(EID).seats_taken == 1      # ... an uncached read is exact and refreshes
    assert reads[-1] is True
    assert signups.get_event(EID, cached=True).seats_taken == 1
    signups.cancel(store.roster.get_registration(EID, join(2).id), NOW)
    assert signups.get_event(EID, cached=True).seats_taken == 1     # a cancel forgets the cached copy
    organise(capacity=3)
    assert signups.get_event(EID, cached=True).capacity == 3        # and so does saving the event


# ---------------------------------------------------------------- retries

def test_a_signup_gives_up_after_its_conflicting_tries(table, monkeypatch):
    organise(capacity=10)
    tries = []

    def conflict(*args, **kwargs):
        tries.append(1)
        raise Conflict("TransactionConflict")

    monkeypatch.setattr(store.seats, "insert_registration", conflict)
    with pytest.raises(Conflict):
        join(1)
    assert len(tries) == signups.ATTEMPTS == 20       # with a growing pause between (issue 27)


def test_a_release_gives_up_after_its_tries_of_changed_looks(table, monkeypatch):
    organise(capacity=10)
    reg = join(1)
    tries = []

    def conflict(*args, **kwargs):
        tries.append(1)
        raise Conflict("registration or waiting list changed")

    monkeypatch.setattr(store.seats, "release", conflict)
    with pytest.raises(Conflict):
        signups.cancel(reg, NOW)
    assert len(tries) == signups.RELEASE_ATTEMPTS == 24


# ---------------------------------------------------------------- holds and reminders

def test_a_hold_lasts_hold_hours_and_expires_at_exactly_its_moment(table, env):
    settings_with(env, HOLD_HOURS=2)
    organise(capacity=1, double_opt_in=True)
    held, waiting = join(1), join(2)
    assert held.hold_until == NOW + timedelta(hours=2)
    assert store.roster.get_registration(EID, held.id).hold_until == NOW + timedelta(hours=2)

    assert signups.expire_due(NOW + timedelta(hours=2) - timedelta(milliseconds=1)) == 0
    assert signups.expire_due(NOW + timedelta(hours=2)) == 1
    assert store.roster.get_registration(EID, held.id).status == "expired"
    promoted = store.roster.get_registration(EID, waiting.id)
    assert (promoted.status, promoted.hold_until) == (PENDING, NOW + timedelta(hours=4))


def test_a_stale_expiry_entry_does_not_expire_a_confirmed_registration(table):
    organise(capacity=1, double_opt_in=True)
    held = join(1)
    signups.confirm(held, NOW)
    aws.dynamodb().update_item(TableName=table, Key=store.roster.reg_key(EID, held.id),
                               UpdateExpression="SET due_kind = :k, due_at = :t",
                               ExpressionAttributeValues={":k": {"S": "expire"}, ":t": {"S": store.table.iso(NOW)}})
    assert signups.expire_due(NOW + timedelta(days=3)) == 0
    assert store.roster.get_registration(EID, held.id).status == CONFIRMED


def test_a_reminder_is_scheduled_only_when_its_moment_is_still_ahead(table, env):
    settings_with(env, REMINDER_HOURS=24)
    organise(capacity=10)
    remind_at = STARTS - timedelta(hours=24)
    first = join(1, now=remind_at - timedelta(milliseconds=1))
    join(2, now=remind_at)                         # the confirmation just went out: no reminder
    assert [rid for _, rid in store.roster.due("remind", STARTS)] == [first.id]
    assert signups.remind_due(remind_at - timedelta(milliseconds=2)) == 0
    assert signups.remind_due(remind_at) == 1
    assert signups.remind_due(remind_at) == 0


# ---------------------------------------------------------------- capacity changes

def test_raising_the_capacity_counts_the_promotions(table):
    organise(capacity=1)
    join(0)
    waiting = [join(n) for n in (1, 2, 3)]
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    body.update(fields=[], consent_required=False, capacity=3)
    store.events.put_event(events.validate(EID, body), NOW)
    assert signups.fill_free_seats(EID, NOW) == 2
    assert [store.roster.get_registration(EID, w.id).status for w in waiting] == [CONFIRMED, CONFIRMED, WAITLISTED]
    assert signups.fill_free_seats(EID, NOW) == 0


def test_a_cancel_in_an_event_without_capacity_frees_the_seat(table):
    organise(capacity=None)
    first, second = join(1), join(2)
    signups.cancel(first, NOW)
    event = store.events.get_event(EID, consistent=True)
    assert (event.seats_taken, event.waitlist_count) == (1, 0)
    assert store.roster.get_registration(EID, first.id).status == CANCELLED
    assert store.roster.get_registration(EID, second.id).status == CONFIRMED
