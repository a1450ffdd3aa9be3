"""What a registration keeps on the clock (chalicelib/store/schedule.py), driven through the use
cases: who is told when an event moves, how long an address stays taken, when a reminder goes and
that it goes once, a resend once a minute, and one unsubscribe stamp. Each test reads the stored
registration or marker, which the mail worker and the signup form act on."""
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from chalicelib import aws, signups, store
from chalicelib.models import CANCELLED, CONFIRMED, PENDING, WAITLISTED
from test_seat_guards import EID, NOW, define, item, join, organise

LATER = NOW + timedelta(hours=3)
START = datetime(2026, 12, 9, 12, 0, tzinfo=timezone.utc)          # the demo event: 13:00 in Amsterdam
MOVED = dict(starts_at="2027-01-12T13:00:00+01:00", ends_at="2027-01-12T17:00:00+01:00")
MOVED_START = datetime(2027, 1, 12, 12, 0, tzinfo=timezone.utc)


def marker(n):
    """The item that keeps p<n>@example.org taken at the event (None: the address is free)."""
    found = aws.dynamodb().get_item(TableName=aws.table_name(), ConsistentRead=True,
                                    Key=store.roster.marker_key(EID, f"p{n}@example.org")).get("Item")
    return found and store.table.from_item(found)


def everyone(capacity=2):
    """A seated (confirmed), a pending (unconfirmed hold), a waiting and a cancelled person."""
    organise(capacity=capacity, double_opt_in=True)
    seated = signups.confirm(join(1), NOW)
    pending, waiting = join(2), join(3)
    gone = signups.cancel(join(4), NOW)
    assert [r.status for r in (seated, pending, waiting, gone)] == [CONFIRMED, PENDING, WAITLISTED, CANCELLED]
    return seated, pending, waiting, gone


# ---------------------------------------------------------------- the event moves

def test_a_move_is_told_to_everyone_still_coming_and_not_to_who_cancelled(table):
    people = everyone()
    before = [item(r).get("sequence", 0) for r in people]
    signups.apply_event(define(capacity=2, double_opt_in=True, **MOVED), LATER)
    after = [item(r) for r in people]
    old = {"starts_at": store.table.iso(START), "ends_at": store.table.iso(START + timedelta(hours=4))}
    for stored, was in zip(after[:3], before):
        assert stored["sequence"] == was + 1        # the new invite outranks the old one in a calendar
        assert stored["moved_at"] == store.table.iso(LATER) and stored["moved_from"] == old     # the "updated" mail
    assert "moved_at" not in after[3] and after[3].get("sequence", 0) == before[3]


def test_a_moved_event_keeps_each_coming_address_taken_as_long_as_its_registration(table):
    everyone()
    signups.apply_event(define(capacity=2, double_opt_in=True, **MOVED), LATER)
    moved = signups._expires_at(signups.get_event(EID))
    assert [marker(n)["expires_at"] for n in (1, 2, 3)] == [moved] * 3
    assert marker(4) is None        # who cancelled may sign up again: the move made no marker for them


def test_a_quiet_move_raises_the_invite_and_sends_no_updated_mail(table):
    seated, *_ = everyone()
    was = item(seated).get("sequence", 0)
    signups.apply_event(define(capacity=2, double_opt_in=True, **MOVED), LATER, notify=False)
    assert item(seated)["sequence"] == was + 1 and "moved_at" not in item(seated)


def test_a_longer_retention_moves_the_ttls_and_tells_nobody(table):
    people = everyone()
    before = [item(r).get("sequence", 0) for r in people]
    signups.apply_event(define(capacity=2, double_opt_in=True, retention_days=90), LATER)
    kept = int((START + timedelta(hours=4, days=90)).timestamp())
    assert [item(r)["expires_at"] for r in people] == [kept] * 4
    assert [item(r).get("sequence", 0) for r in people] == before
    assert not [r for r in people if "moved_at" in item(r)]


# ---------------------------------------------------------------- reminders

def test_a_seated_persons_reminder_moves_with_the_event_and_a_waiting_person_gets_none(table):
    organise(capacity=1)
    seated, waiting = join(1), join(2)
    assert item(seated)["due_at"] == store.table.iso(START - timedelta(hours=24))
    signups.apply_event(define(capacity=1, **MOVED), LATER)
    assert (item(seated)["due_kind"], item(seated)["due_at"]) == ("remind", store.table.iso(MOVED_START - timedelta(hours=24)))
    assert "due_kind" not in item(waiting) and "due_at" not in item(waiting)


def test_a_postponed_event_gets_back_the_reminder_its_late_signup_had_missed(table):
    soon = START - timedelta(hours=2)          # signed up after the reminder's moment
    signups.apply_event(define(capacity=5), soon)
    seated = signups.register(EID, {"name": "Laat", "email": "p1@example.org"}, now=soon)
    assert "due_kind" not in item(seated)
    signups.apply_event(define(capacity=5, **MOVED), soon)
    assert (item(seated)["due_kind"], item(seated)["due_at"]) == ("remind", store.table.iso(MOVED_START - timedelta(hours=24)))


def test_an_event_brought_forward_past_its_reminder_drops_it(table):
    organise(capacity=5)
    seated = join(1)
    signups.apply_event(define(capacity=5, starts_at="2026-11-01T15:00:00+01:00",
                               ends_at="2026-11-01T17:00:00+01:00"), NOW)    # in five hours: no time to remind
    assert "due_kind" not in item(seated) and "due_at" not in item(seated)
    assert signups.remind_due(NOW + timedelta(hours=4)) == 0


def test_a_reminder_sent_before_the_event_moved_is_not_sent_again(table):
    organise(capacity=5)
    join(1)
    assert signups.remind_due(START - timedelta(hours=24)) == 1
    signups.apply_event(define(capacity=5, **MOVED), START - timedelta(hours=23))
    assert signups.remind_due(MOVED_START) == 0


def test_a_person_who_cancelled_while_the_event_moved_gets_no_reminder_and_may_sign_up_again(table):
    """The move read them as seated; they cancelled before it wrote their registration."""
    organise(capacity=5)
    seen = join(1)
    signups.cancel(seen, NOW)
    store.schedule.reschedule(seen, int(NOW.timestamp()) + 86400, remind_at=store.table.iso(START), reminds=True)
    assert "due_kind" not in item(seen)
    assert signups.remind_due(START) == 0
    assert marker(1) is None
    assert join(1).id != seen.id        # a new registration, not a repeat of the cancelled one


def test_a_registration_gone_while_the_event_moved_does_not_come_back_as_an_empty_one(table):
    """Its TTL ran out between the move's read and its write: no nameless registration appears (it
    would be a row without a name in the list and the download, and a mail to nobody)."""
    from botocore.exceptions import ClientError
    organise(capacity=5)
    seen = join(1)
    aws.dynamodb().delete_item(TableName=aws.table_name(), Key=store.roster.reg_key(EID, seen.id))
    try:
        store.schedule.reschedule(seen, int(NOW.timestamp()) + 86400)
    except ClientError:
        pass
    assert "Item" not in aws.dynamodb().get_item(TableName=aws.table_name(), Key=store.roster.reg_key(EID, seen.id))


def test_a_reminder_dropped_by_an_earlier_start_is_not_sent_by_a_run_that_found_it_due(table):
    """The reminder run read the registration as due; the event was brought forward before it wrote."""
    organise(capacity=5)
    seated = join(1)
    signups.apply_event(define(capacity=5, starts_at="2026-11-01T15:00:00+01:00",
                               ends_at="2026-11-01T17:00:00+01:00"), NOW)
    assert not store.schedule.request_reminder(EID, seated.id, NOW)
    assert "reminder_requested_at" not in item(seated)


def test_each_reminder_goes_once_and_the_last_leaves_none_due(table):
    organise(capacity=5, reminder_hours_before=[48, 2])
    seated = join(1)
    first, second = START - timedelta(hours=48), START - timedelta(hours=2)
    assert signups.remind_due(first) == 1
    stored = item(seated)
    assert (stored["reminder_requested_at"], stored["due_kind"], stored["due_at"]) == (
        store.table.iso(first), "remind", store.table.iso(second))      # the worker sends it; the next is due
    assert signups.remind_due(first + timedelta(minutes=5)) == 0
    assert signups.remind_due(second) == 1
    stored = item(seated)
    assert stored["reminder_requested_at"] == store.table.iso(second)
    assert "due_kind" not in stored and "due_at" not in stored
    assert signups.remind_due(START) == 0


# ---------------------------------------------------------------- a resend, an unsubscribe

def test_a_resend_at_the_very_end_of_the_minute_is_still_too_soon(table):
    organise(capacity=5)
    reg = join(1)
    assert signups.request_resend(reg, NOW)
    assert not signups.request_resend(reg, NOW + timedelta(seconds=60))
    assert item(reg)["resend_at"] == store.table.iso(NOW)


def test_a_resend_after_the_minute_is_stamped_anew(table):
    organise(capacity=5)
    reg = join(1)
    assert signups.request_resend(reg, NOW)
    assert signups.request_resend(reg, NOW + timedelta(minutes=30))
    assert item(reg)["resend_at"] == store.table.iso(NOW + timedelta(minutes=30))


def test_unsubscribing_twice_keeps_the_first_moment_and_a_gone_registration_gets_no_item(table):
    organise(capacity=5)
    reg = join(1)
    assert store.schedule.stop_messages(EID, reg.id, NOW)
    assert not store.schedule.stop_messages(EID, reg.id, LATER)
    assert item(reg)["messages_off_at"] == store.table.iso(NOW)
    gone = replace(reg, id="001a00000000000000000000a")
    assert not store.schedule.stop_messages(EID, gone.id, NOW)
    assert "Item" not in aws.dynamodb().get_item(TableName=aws.table_name(), Key=store.roster.reg_key(EID, gone.id))
