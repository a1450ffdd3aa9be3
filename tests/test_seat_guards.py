"""The conditions in store.seats that keep seats exact under concurrency.

signups.py looks before it writes, so its tests never reach a transaction with a wrong view.
Here each store call is made with the stale view a concurrent writer would leave (an event or
registration read before another transaction committed), and the transaction must refuse.
"""
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib import events, signups, store
from chalicelib.errors import Conflict
from chalicelib.store import roster
from chalicelib.models import CANCELLED, CONFIRMED, ERASED, EXPIRED, PENDING, WAITLISTED, Registration
from conftest import DEMO_EVENT

EID = "guards"
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


def define(**overrides):
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    body.update(fields=[], consent_required=False, **overrides)
    return events.validate(EID, body)


def organise(**overrides):
    """The organiser saves the event, with the follow-up promotions (signups.apply_event)."""
    signups.apply_event(define(**overrides), NOW)


def redefine(**overrides):
    """Only the event item changes: the moment before apply_event's follow-up promotions run."""
    store.events.put_event(define(**overrides), NOW)


def join(n):
    return signups.register(EID, {"name": f"Deelnemer {n}", "email": f"p{n}@example.org"}, now=NOW)


def newcomer(n, status, **overrides):
    """A registration as signups.register builds it, not yet stored."""
    fields = dict(id=store.roster.new_registration_id(), event_id=EID, status=status, name=f"Nieuw {n}",
                  email=f"new{n}@example.org", locale="nl", created_at=NOW, updated_at=NOW,
                  expires_at=int(NOW.timestamp()) + 86400 * 60)
    return Registration(**{**fields, **overrides})


def insert(reg, seated, now=NOW):
    store.seats.insert_registration(reg, store.roster.normalise(reg.email), seated=seated, now=now.timestamp())


def counters():
    event = store.events.get_event(EID, consistent=True)
    return event.seats_taken, event.waitlist_count


def status(reg):
    return store.roster.get_registration(EID, reg.id).status


# ---------------------------------------------------------------- a newcomer's seat or place

def test_a_newcomer_with_a_stale_view_does_not_jump_the_waiting_list(table):
    organise(capacity=1)
    join(1)
    waiting = join(2)
    redefine(capacity=2)        # a seat is free, but it is the waiting person's
    with pytest.raises(store.seats.Rejected) as refused:
        insert(newcomer(3, CONFIRMED), seated=True)
    assert refused.value.what == "event"
    assert counters() == (1, 1)
    assert status(waiting) == WAITLISTED


def test_a_newcomer_with_a_stale_view_takes_no_seat_beyond_capacity(table):
    organise(capacity=1)
    join(1)                     # the newcomer read the event before this
    with pytest.raises(store.seats.Rejected) as refused:
        insert(newcomer(2, CONFIRMED), seated=True)
    assert refused.value.what == "event"
    assert counters() == (1, 0)


def test_without_a_capacity_every_newcomer_is_seated(table):
    organise(capacity=None)
    for n in range(3):
        insert(newcomer(n, CONFIRMED), seated=True)
    assert counters() == (3, 0)


# A waiting-list join writes its own shard, not the event item (issue 27): the store takes it
# whatever the event's seats; signups checks the event after the commit and moves the list up.

def test_a_join_writes_its_shard_and_not_the_event_item(table):
    from chalicelib import aws
    organise(capacity=1)
    join(1)
    before = aws.dynamodb().get_item(TableName=table, Key=store.events.event_key(EID), ConsistentRead=True)["Item"]
    waiting = newcomer(2, WAITLISTED)
    insert(waiting, seated=False)
    after = aws.dynamodb().get_item(TableName=table, Key=store.events.event_key(EID), ConsistentRead=True)["Item"]
    shard = aws.dynamodb().get_item(TableName=table, Key=store.events.waitlist_shard(EID, waiting.id))["Item"]
    assert after == before
    assert shard["n"] == {"N": "1"}
    assert counters() == (1, 1)


def test_a_join_on_an_event_without_capacity_any_more_is_seated_at_once(table, monkeypatch):
    organise(capacity=1)
    join(1)
    seen = signups.get_event(EID)               # full: the newcomer will join the waiting list ...
    redefine(capacity=None)                     # ... but the organiser removed the limit
    with_stale_view(monkeypatch, seen)
    late = join(2)
    assert (late.status, status(late), counters()) == (CONFIRMED, CONFIRMED, (2, 0))


def test_a_join_while_a_seat_is_free_takes_it(table, monkeypatch):
    organise(capacity=1)
    first = join(1)
    seen = signups.get_event(EID)               # the newcomer saw the event full ...
    signups.cancel(first, NOW)                  # ... then the seat was freed
    with_stale_view(monkeypatch, seen)
    late = join(2)
    assert (late.status, status(late), counters()) == (CONFIRMED, CONFIRMED, (1, 0))


def test_a_join_with_seats_freed_moves_those_waiting_before_it_up_first(table, monkeypatch):
    organise(capacity=1)
    join(1)
    waiting = join(2)
    seen = signups.get_event(EID)
    redefine(capacity=2)        # one seat more, before apply_event's follow-up promotion ran
    with_stale_view(monkeypatch, seen)
    late = join(3)
    assert (status(waiting), late.status, status(late), counters()) == (CONFIRMED, WAITLISTED, WAITLISTED, (2, 1))


@pytest.mark.parametrize("change", [dict(registration_open=False), "cancelled"])
def test_a_join_that_finds_the_event_closed_after_its_commit_is_undone(table, monkeypatch, change):
    from chalicelib import aws
    organise(capacity=1)
    join(1)
    seen = signups.get_event(EID)               # full and open ...
    if change == "cancelled":                   # ... then cancelled, or closed
        store.events.mark_cancelled(EID, "", NOW)
    else:
        redefine(capacity=1, **change)
    with_stale_view(monkeypatch, seen)
    with pytest.raises(signups.RegistrationClosed):
        join(2)
    assert store.roster.registration_by_email(EID, "p2@example.org") is None
    assert [r.email for r in store.roster.registrations(EID, consistent=True)] == ["p1@example.org"]
    assert counters() == (1, 0)
    marker = aws.dynamodb().get_item(TableName=table, Key=store.roster.marker_key(EID, "p2@example.org")).get("Item")
    assert marker is None or "registration_id" not in marker


def test_a_newcomer_queues_when_exactly_full_or_behind_someone_waiting(table):
    organise(capacity=1)
    join(1)
    insert(newcomer(2, WAITLISTED), seated=False)       # exactly full
    assert counters() == (1, 1)
    redefine(capacity=2)                                # a free seat, but someone waits
    insert(newcomer(3, WAITLISTED), seated=False)
    assert counters() == (1, 2)


def test_a_newcomer_with_a_stale_view_of_an_open_event_is_refused_once_closed(table):
    organise(capacity=5)
    redefine(capacity=5, registration_open=False)
    with pytest.raises(store.seats.Rejected) as refused:
        insert(newcomer(1, CONFIRMED), seated=True)
    assert refused.value.what == "event"
    assert counters() == (0, 0)


def test_a_signup_for_an_event_that_does_not_exist_creates_nothing(table):
    from chalicelib import aws
    with pytest.raises(store.seats.Rejected) as refused:
        insert(replace(newcomer(1, CONFIRMED), event_id="never-created"), seated=True)
    assert refused.value.what == "event"
    items = aws.dynamodb().scan(TableName=table)["Items"]
    assert [i for i in items if i["PK"]["S"] == "EVENT#never-created"] == []


def test_a_registration_id_is_never_overwritten(table):
    organise(capacity=5)
    first = newcomer(1, CONFIRMED)
    insert(first, seated=True)
    with pytest.raises(store.seats.Rejected) as refused:
        insert(replace(first, email="someone.else@example.org", name="Iemand anders"), seated=True)
    assert refused.value.what == "conflict"
    assert store.roster.get_registration(EID, first.id).name == "Nieuw 1"
    assert counters() == (1, 0)


def test_an_address_is_free_again_from_the_second_its_registration_expires(table):
    organise(capacity=5)
    old = newcomer(1, CONFIRMED, expires_at=int(NOW.timestamp()) + 60)
    insert(old, seated=True)
    with pytest.raises(store.seats.Rejected) as refused:
        insert(replace(newcomer(1, CONFIRMED), email=old.email), seated=True,
               now=datetime.fromtimestamp(old.expires_at - 1, timezone.utc))
    assert refused.value.what == "duplicate"
    again = replace(newcomer(1, CONFIRMED), email=old.email)
    # at that second reads already ignore the old registration (store.table.live), so the address is free
    insert(again, seated=True, now=datetime.fromtimestamp(old.expires_at, timezone.utc))
    assert store.roster.registration_by_email(EID, store.roster.normalise(old.email), now=old.expires_at).id == again.id


def with_stale_view(monkeypatch, seen):
    """signups.register's first read (the cached one) returns ``seen``: the event a moment ago."""
    real, first = signups.get_event, [True]

    def get_event(event_id, *, cached=False):
        if cached and first:
            first.clear()
            return seen
        return real(event_id, cached=cached)
    monkeypatch.setattr(signups, "get_event", get_event)


def test_a_newcomer_who_saw_a_seat_that_is_gone_meanwhile_joins_the_waiting_list(table, monkeypatch):
    organise(capacity=1, waitlist_enabled=True)
    seen = signups.get_event(EID)               # a free seat ...
    join(1)                                     # ... taken meanwhile
    with_stale_view(monkeypatch, seen)
    late = join(2)
    assert (late.status, status(late), counters()) == (WAITLISTED, WAITLISTED, (1, 1))


def test_a_newcomer_who_saw_a_full_event_gets_the_seat_freed_meanwhile(table, monkeypatch):
    organise(capacity=1, waitlist_enabled=True)
    first = join(1)
    seen = signups.get_event(EID)               # full, with a waiting list to join ...
    signups.cancel(first, NOW)                  # ... then the seat freed up
    redefine(capacity=1, waitlist_enabled=False)    # and the organiser closed the waiting list
    with_stale_view(monkeypatch, seen)
    late = join(2)
    assert (late.status, status(late), counters()) == (CONFIRMED, CONFIRMED, (1, 0))


# ---------------------------------------------------------------- releasing a seat

def test_a_seat_is_not_freed_while_someone_waits(table):
    organise(capacity=1)
    first = join(1)             # the canceller saw nobody waiting ...
    waiting = join(2)           # ... and this person joined the list meanwhile
    with pytest.raises(Conflict):
        store.seats.release(first, CANCELLED, now=NOW)
    assert (status(first), status(waiting), counters()) == (CONFIRMED, WAITLISTED, (1, 1))
    signups.cancel(first, NOW)  # the use case looks again and hands the seat on
    assert (status(first), status(waiting), counters()) == (CANCELLED, CONFIRMED, (1, 0))


def test_cancel_with_the_event_its_page_read_before_a_capacity_cut_does_not_oversell(table):
    organise(capacity=2)
    first, _, waiting = join(1), join(2), join(3)
    seen = signups.get_event(EID)   # the attendee page read it (the read cancel reuses) ...
    organise(capacity=1)            # ... then the organiser cut a place
    signups.cancel(first, NOW, event=seen)  # the stale promotion is refused; cancel reads again
    assert (status(first), status(waiting), counters()) == (CANCELLED, WAITLISTED, (1, 1))


def test_over_capacity_a_seat_is_freed_even_while_someone_waits(table):
    organise(capacity=2)
    first, _, waiting = join(1), join(2), join(3)
    organise(capacity=1)        # a cut: two seated, one place
    store.seats.release(first, CANCELLED, now=NOW)
    assert (status(first), status(waiting), counters()) == (CANCELLED, WAITLISTED, (1, 1))


def test_a_promotion_with_a_stale_view_does_not_fill_a_seat_beyond_capacity(table):
    organise(capacity=2)
    first, _, waiting = join(1), join(2), join(3)
    redefine(capacity=1)        # cut after the canceller read the event
    with pytest.raises(Conflict):
        store.seats.release(first, CANCELLED, promote=waiting, promote_to=CONFIRMED, now=NOW)
    assert (status(first), status(waiting), counters()) == (CONFIRMED, WAITLISTED, (2, 1))


def test_a_cancel_promotes_after_the_capacity_is_removed(table):
    organise(capacity=1)
    first, waiting = join(1), join(2)
    redefine(capacity=None)     # before the follow-up promotion ran
    store.seats.release(first, CANCELLED, promote=waiting, promote_to=CONFIRMED, now=NOW)
    assert (status(first), status(waiting), counters()) == (CANCELLED, CONFIRMED, (1, 0))


def test_a_registration_released_twice_frees_one_seat(table):
    organise(capacity=2)
    first, _ = join(1), join(2)
    store.seats.release(first, CANCELLED, now=NOW)
    with pytest.raises(Conflict):
        store.seats.release(first, CANCELLED, now=NOW)       # the same stale view, again
    assert counters() == (1, 0)


def test_a_stale_waitlisted_registration_is_not_released_twice(table):
    organise(capacity=1)
    join(1)
    waiting, behind = join(2), join(3)
    store.seats.release(waiting, CANCELLED, now=NOW)
    with pytest.raises(Conflict):
        store.seats.release(waiting, EXPIRED, now=NOW)
    assert (status(waiting), status(behind), counters()) == (CANCELLED, WAITLISTED, (1, 1))


@pytest.mark.parametrize("seated", [True, False])
def test_a_counter_never_goes_below_zero(table, seated):
    from chalicelib import aws
    organise(capacity=1)
    first = join(1)
    reg = first if seated else join(2)      # join(1) again would be a repeat: nothing stored
    reg = store.roster.get_registration(EID, reg.id)
    key = store.events.event_key(EID) if seated else store.events.waitlist_shard(EID, reg.id)
    counter = "seats_taken" if seated else "n"
    aws.dynamodb().update_item(TableName=table, Key=key, UpdateExpression=f"SET {counter} = :z",
                               ExpressionAttributeValues={":z": {"N": "0"}})
    with pytest.raises(Conflict):
        store.seats.release(reg, CANCELLED, now=NOW)
    assert status(reg) == reg.status


def test_a_stale_registration_does_not_remove_the_marker_of_its_successor(table):
    organise(capacity=5)
    old = newcomer(1, CONFIRMED, expires_at=int(NOW.timestamp()))    # its retention has run out
    insert(old, seated=True, now=datetime.fromtimestamp(old.expires_at - 10, timezone.utc))
    successor = replace(newcomer(2, CONFIRMED), email=old.email)
    insert(successor, seated=True)
    with pytest.raises(Conflict):
        store.seats.release(old, CANCELLED, now=NOW)         # someone still holding the old registration
    assert store.roster.registration_by_email(EID, store.roster.normalise(old.email), now=NOW.timestamp()).id == successor.id


def test_an_expiry_with_a_stale_view_does_not_undo_a_confirmation(table):
    organise(capacity=1, double_opt_in=True)
    held = join(1)              # the expiry job read the hold as pending ...
    assert held.status == PENDING
    assert store.seats.confirm(held, None, NOW)               # ... then the attendee confirmed
    with pytest.raises(Conflict):
        store.seats.release(held, EXPIRED, now=NOW)
    assert (status(held), counters()) == (CONFIRMED, (1, 0))
    assert store.roster.registration_by_email(EID, store.roster.normalise(held.email), now=NOW.timestamp()).id == held.id


def test_releasing_a_registration_that_holds_no_seat_promotes_nobody(table):
    organise(capacity=1)
    first, _, behind = join(1), join(2), join(3)
    signups.cancel(first, NOW)  # the second person gets the seat; the third still waits
    cancelled = store.roster.get_registration(EID, first.id)
    assert cancelled.status == CANCELLED and counters() == (1, 1)
    store.seats.release(cancelled, ERASED, promote=behind, promote_to=CONFIRMED, scrub=True, now=NOW)
    assert (status(cancelled), status(behind), counters()) == (ERASED, WAITLISTED, (1, 1))


# ---------------------------------------------------------------- promotions and confirmations

def test_a_promotion_with_a_stale_view_finds_no_free_seat(table):
    organise(capacity=1)
    join(1)
    waiting = join(2)           # fill_free_seats read a free seat that is gone now
    with pytest.raises(Conflict):
        store.seats.promote(waiting, PENDING, None, NOW)
    assert (status(waiting), counters()) == (WAITLISTED, (1, 1))


def test_removing_the_capacity_promotes_everyone_waiting(table):
    organise(capacity=1)
    join(1)
    waiting = [join(2), join(3)]
    organise(capacity=None)
    assert [status(w) for w in waiting] == [CONFIRMED, CONFIRMED]
    assert counters() == (3, 0)


def test_a_promotion_of_someone_who_left_the_list_meanwhile_is_refused(table):
    organise(capacity=1)
    first, waiting = join(1), join(2)
    signups.cancel(waiting, NOW)    # the canceller of ``first`` still sees ``waiting`` first in line
    with pytest.raises(Conflict):
        store.seats.release(first, CANCELLED, promote=waiting, promote_to=CONFIRMED, now=NOW)
    redefine(capacity=2)
    with pytest.raises(Conflict):
        store.seats.promote(waiting, CONFIRMED, None, NOW)
    assert (status(first), status(waiting), counters()) == (CONFIRMED, CANCELLED, (1, 0))


def test_a_hold_that_lapsed_meanwhile_is_not_confirmed(table):
    organise(capacity=1, double_opt_in=True)
    held = join(1)
    assert held.status == PENDING
    signups.expire(store.roster.get_registration(EID, held.id), NOW)     # while the attendee clicked confirm
    assert store.seats.confirm(held, None, NOW) is False
    assert signups.confirm(held, NOW).status == EXPIRED
    assert (status(held), counters()) == (EXPIRED, (0, 0))


def test_confirm_answers_the_registration_as_it_is_stored_now(table):
    organise(capacity=1, double_opt_in=True)
    first, waiting = join(1), join(2)
    signups.cancel(first, NOW)                  # the waiting person is promoted: a hold, a second change
    held = store.roster.get_registration(EID, waiting.id)
    assert (held.status, held.sequence) == (PENDING, 1)
    confirmed = signups.confirm(held, LATER)
    stored = store.roster.get_registration(EID, held.id)
    assert (confirmed.status, confirmed.updated_at, confirmed.hold_until) == (CONFIRMED, LATER, None)
    assert (confirmed.sequence, confirmed.updated_at) == (stored.sequence, stored.updated_at) == (held.sequence + 1, LATER)


def test_a_hold_cancelled_meanwhile_is_not_confirmed(table):
    organise(capacity=1, double_opt_in=True)
    held = join(1)
    store.seats.release(held, CANCELLED, now=NOW)
    assert store.seats.confirm(held, ("remind", "2026-12-08T12:00:00.000+00:00"), NOW) is False
    assert (status(held), counters()) == (CANCELLED, (0, 0))


def test_expire_due_checks_each_hold_itself_not_the_index(table, monkeypatch):
    """The by_due index is eventually consistent: it may still list a hold that was cancelled,
    or a registration that is gone. Only a pending registration whose own hold ran out expires."""
    organise(capacity=5, double_opt_in=True)
    lapsed, cancelled, running = join(1), join(2), join(3)
    signups.cancel(cancelled, NOW)              # keeps its old hold_until
    store.schedule.reschedule(store.roster.get_registration(EID, running.id), running.expires_at)
    later = running.hold_until + timedelta(seconds=1)
    from chalicelib.store import writes
    writes._conditional_update(store.roster.reg_key(EID, running.id), "SET hold_until = :h", "attribute_exists(PK)",
                               h=store.table.iso(later + timedelta(hours=1)))       # its hold was extended
    listed = [(EID, r.id) for r in (lapsed, cancelled, running)] + [(EID, "gone")]
    monkeypatch.setattr(store.roster, "due", lambda kind, until: iter(listed) if kind == "expire" else iter(()))

    assert signups.expire_due(later) == 1
    assert [status(r) for r in (lapsed, cancelled, running)] == [EXPIRED, CANCELLED, PENDING]


def test_a_hold_expires_at_the_moment_it_runs_out(table):
    organise(capacity=5, double_opt_in=True)
    held = join(1)
    assert signups.expire_due(held.hold_until - timedelta(milliseconds=1)) == 0
    assert signups.expire_due(held.hold_until) == 1
    assert status(held) == EXPIRED


def test_the_schedules_run_without_a_time_given(table):
    from zoneinfo import ZoneInfo
    starts = datetime.now(ZoneInfo("Europe/Amsterdam")) + timedelta(hours=12)   # its reminder was due 12 h ago
    organise(capacity=5, double_opt_in=True, starts_at=starts.strftime("%Y-%m-%dT%H:%M:00"),
             ends_at=(starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:00"))
    held, reminded = join(1), join(2)           # at NOW, weeks before the clock's now
    assert signups.confirm(reminded, NOW).status == CONFIRMED
    assert (signups.expire_due(), signups.remind_due()) == (1, 1)
    assert status(held) == EXPIRED


# ---------------------------------------------------------------- what each write leaves behind
# The reminder schedule (due_kind/due_at), the hold, the moments and the invite's SEQUENCE are
# read by the schedules, the attendee page and the calendar: each write must leave them exact.

LATER = datetime(2026, 11, 2, 10, 30, tzinfo=timezone.utc)
DUE = ("remind", "2026-12-08T12:00:00.000+00:00")


def item(reg):
    from chalicelib import aws
    raw = aws.dynamodb().get_item(TableName=aws.table_name(), Key=store.roster.reg_key(EID, reg.id),
                                  ConsistentRead=True)["Item"]
    return store.table.from_item(raw)


def held(n):
    """A pending registration with its hold, stored as signups.register stores one."""
    reg = newcomer(n, PENDING, hold_until=NOW)
    store.seats.insert_registration(reg, store.roster.normalise(reg.email), seated=True, due=("expire", store.table.iso(NOW)),
                              now=NOW.timestamp())
    assert item(reg)["hold_until"] and item(reg)["due_kind"] == "expire"
    return reg


@pytest.mark.parametrize("due", [DUE, None])
def test_confirm_stamps_the_moment_sets_the_reminder_and_ends_the_hold(table, due):
    organise(capacity=5, double_opt_in=True)
    reg = held(1)
    before = item(reg).get("sequence", 0)

    assert store.seats.confirm(reg, due, LATER)

    after = item(reg)
    assert (after["status"], after["updated_at"], after["confirmed_at"]) == (CONFIRMED, store.table.iso(LATER), store.table.iso(LATER))
    assert "hold_until" not in after and after["sequence"] == before + 1
    assert (after.get("due_kind"), after.get("due_at")) == (due or (None, None))


@pytest.mark.parametrize("to, due", [(CONFIRMED, DUE), (PENDING, ("expire", "2026-11-04T10:30:00.000+00:00")),
                                     (CONFIRMED, None)])
def test_a_promotion_stamps_the_moment_and_sets_what_comes_due(table, to, due):
    organise(capacity=1)
    join(1)
    waiting = join(2)
    before = item(waiting).get("sequence", 0)
    redefine(capacity=2)                 # a seat frees up without anyone leaving

    store.seats.promote(waiting, to, due, LATER)

    after = item(waiting)
    assert (after["status"], after["updated_at"], after["promoted_at"]) == (to, store.table.iso(LATER), store.table.iso(LATER))
    assert after["sequence"] == before + 1
    assert (after.get("due_kind"), after.get("due_at")) == (due or (None, None))
    assert after.get("hold_until") == (due[1] if to == PENDING else None)


def test_a_release_stamps_the_moment_and_erasure_leaves_no_mail_history(table):
    organise(capacity=5)
    kept, erased = join(1), join(2)
    store.mails.record_mail(EID, erased.id, "confirmation", "bounced", NOW, "550 no such user")
    assert item(erased)["mails"]["confirmation"]["state"] == "bounced"

    store.seats.release(kept, CANCELLED, now=LATER)
    store.seats.release(erased, "erased", scrub=True, now=LATER)

    assert (item(kept)["status"], item(kept)["updated_at"]) == (CANCELLED, store.table.iso(LATER))
    gone = item(erased)
    assert (gone["status"], gone["erased_at"], gone["mails"]) == ("erased", store.table.iso(LATER), {})
    assert set(gone) <= set(roster.KEPT_ON_ERASURE)       # name, email, answers, email_norm, due_at: gone


def test_a_waitlisted_registration_released_frees_its_address(table):
    organise(capacity=1)
    join(1)
    waiting = join(2)

    store.seats.release(waiting, CANCELLED, now=LATER)

    again = join(2)             # a repeat would get an unsaved answer: a new id, nothing stored
    assert again.id != waiting.id and status(again) == WAITLISTED
    assert store.roster.registration_by_email(EID, store.roster.normalise(waiting.email), now=LATER.timestamp()).id == again.id
    assert counters() == (1, 1)


def test_a_waiting_list_join_that_lands_before_a_rename_keeps_the_event_where_it_is(table):
    """A join writes its shard, not the event item: the move checks the shards at commit too."""
    organise(capacity=1)
    insert(newcomer(1, WAITLISTED), seated=False)      # between the has_registrations check and the move
    assert store.events.rename_event(EID, define(capacity=1) | {"id": "elders"}, NOW) is False
    assert store.events.get_event("elders") is None
    assert counters() == (0, 1)
