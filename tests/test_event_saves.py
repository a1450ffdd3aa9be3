"""signups.py around the store: what a release answers, what saving an event writes and reads,
and which reads it leaves out. Each test names a bug a mutation run found the suite blind to
(benchmarks/MUTATION.md): a wasted read of the waiting list, a roster read that may be stale on
DynamoDB, a registration's TTL that a moved event forgets, a time stamp that is not the one given."""
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib import aws, signups, store
from chalicelib.models import CANCELLED, CONFIRMED, WAITLISTED
from test_seat_guards import EID, NOW, counters, define, item, join, organise, status

LATER = NOW + timedelta(hours=3)


class Reads:
    """The DynamoDB requests made while active: ``(operation, parameters)``."""

    def __init__(self):
        self.requests, self.active = [], False
        aws.dynamodb().meta.events.register("before-parameter-build.dynamodb", self._record)

    def _record(self, params, model, **_):
        if self.active:
            self.requests.append((model.name, dict(params)))

    def during(self, act):
        self.requests, self.active = [], True
        try:
            return act()
        finally:
            self.active = False

    def named(self, *operations):
        return [params for name, params in self.requests if name in operations]


def raw_event():
    return store.table.from_item(aws.dynamodb().get_item(TableName=aws.table_name(), Key=store.events.event_key(EID),
                                                    ConsistentRead=True)["Item"])


# ---------------------------------------------------------------- releases

def test_a_cancellation_answers_the_registration_as_stored(table):
    organise(capacity=5, double_opt_in=True)
    reg = signups.confirm(join(1), NOW)             # pending, then confirmed: its SEQUENCE is 1
    assert reg.sequence == 1
    cancelled = signups.cancel(reg, LATER)
    stored = store.roster.get_registration(EID, reg.id)
    assert (cancelled.status, cancelled.updated_at, cancelled.sequence) == (stored.status, stored.updated_at,
                                                                           stored.sequence)
    assert stored.sequence == reg.sequence + 1      # calendars replace the entry only for a higher SEQUENCE


def test_cancelling_a_registration_removed_meanwhile_answers_nothing_and_is_no_error(table):
    organise(capacity=5)
    reg = join(1)
    aws.dynamodb().delete_item(TableName=aws.table_name(), Key=store.roster.reg_key(EID, reg.id))    # its TTL ran out
    assert signups.cancel(reg, LATER) is None
    assert store.roster.get_registration(EID, reg.id) is None


def test_cancelling_a_cancelled_registration_writes_nothing(table):
    organise(capacity=5)
    reg = signups.cancel(join(1), NOW)
    reads = Reads()
    assert reads.during(lambda: signups.cancel(reg, LATER)) is reg
    assert reads.requests == [] and item(reg)["updated_at"] == store.table.iso(NOW)


def test_a_waitlisted_person_who_cancels_reads_no_waiting_list(table):
    organise(capacity=1)
    join(1)
    waiting, behind = join(2), join(3)
    reads = Reads()
    reads.during(lambda: signups.cancel(waiting, LATER))
    assert reads.named("Query") == []               # no seat is freed: nobody to look for
    assert (status(waiting), status(behind), counters()) == (CANCELLED, WAITLISTED, (1, 1))


# ---------------------------------------------------------------- capacity raises

def test_a_capacity_raise_promotes_at_the_moment_given(table):
    organise(capacity=1)
    join(1)
    waiting = join(2)
    signups.apply_event(define(capacity=2), LATER)
    promoted = item(waiting)
    assert (promoted["status"], promoted["updated_at"]) == (CONFIRMED, store.table.iso(LATER))


def test_a_capacity_raise_with_nobody_waiting_reads_no_waiting_list(table):
    organise(capacity=1)
    join(1)
    reads = Reads()
    reads.during(lambda: signups.apply_event(define(capacity=3), LATER))
    assert reads.named("Query") == [] and counters() == (1, 0)


# ---------------------------------------------------------------- saving an event

@pytest.mark.parametrize("given", [True, False])
def test_saving_an_event_stamps_the_moment(table, given):
    organise(capacity=5)
    before = datetime.now(timezone.utc)
    signups.apply_event(define(capacity=6), LATER if given else None)
    stamped = raw_event()["updated_at"]
    if given:
        assert stamped == store.table.iso(LATER)
    else:
        assert store.table.iso(before - timedelta(seconds=1)) <= stamped <= store.table.iso(datetime.now(timezone.utc))


def test_an_update_reads_the_event_and_the_roster_it_moves_strongly_consistent(table):
    organise(capacity=5)
    join(1)
    reads = Reads()
    reads.during(lambda: signups.apply_event(define(starts_at="2026-12-10T13:00:00+01:00",
                                                   ends_at="2026-12-10T17:00:00+01:00"), LATER))
    first_read = reads.named("BatchGetItem")[0]["RequestItems"][aws.table_name()]   # the event and its shards
    assert store.events.event_key(EID) in first_read["Keys"] and first_read.get("ConsistentRead") is True
    roster = [q for q in reads.named("Query") if ":reg" in q["ExpressionAttributeValues"]]
    assert roster and all(q.get("ConsistentRead") is True for q in roster)


def test_an_update_that_does_not_move_the_event_rewrites_no_registration(table):
    organise(capacity=5)
    join(1)
    reads = Reads()
    reads.during(lambda: signups.apply_event(define(capacity=6, title="Circulaire economie, zaal 2"), LATER))
    assert [p["Key"] for p in reads.named("UpdateItem")] == [store.events.event_key(EID)]


def test_moving_the_event_moves_every_registrations_ttl_waiting_or_seated(table):
    organise(capacity=1)
    seated, waiting = join(1), join(2)
    cancelled = signups.cancel(join(3), NOW)
    signups.apply_event(define(capacity=1, starts_at="2027-01-12T13:00:00+01:00",
                              ends_at="2027-01-12T17:00:00+01:00"), LATER)
    moved = signups._expires_at(signups.get_event(EID))
    assert moved > seated.expires_at
    assert [item(r)["expires_at"] for r in (seated, waiting, cancelled)] == [moved] * 3


def test_an_event_created_by_someone_else_between_the_read_and_the_write_is_not_rescheduled(table, monkeypatch):
    organise(capacity=5)
    join(1)
    reads, real = [], store.events.get_event

    def before_it_existed(event_id, consistent=False):      # the first read: apply_event's "before"
        reads.append(event_id)
        return None if len(reads) == 1 else real(event_id, consistent=consistent)
    monkeypatch.setattr(store.events, "get_event", before_it_existed)
    assert signups.apply_event(define(capacity=5, starts_at="2027-01-12T13:00:00+01:00",
                                     ends_at="2027-01-12T17:00:00+01:00"), LATER) is False


def test_creating_an_event_answers_true_and_a_taken_id_is_refused(table):
    from chalicelib.errors import ValidationFailed
    assert signups.apply_event(define(capacity=5), NOW, only_new=True) is True
    with pytest.raises(ValidationFailed) as taken:
        signups.apply_event(define(capacity=9), LATER, only_new=True)
    assert taken.value.fields == {"id": "id_taken"} and signups.get_event(EID).capacity == 5


# ---------------------------------------------------------------- an organiser cancels

def test_an_organiser_cancels_once_and_it_is_audited_once(table):
    organise(capacity=5)
    reg = join(1)
    for hours in (0, 1):        # the second time (a double click, a retry) changes nothing
        assert signups.cancel_by_id(EID, reg.id, LATER + timedelta(hours=hours), caller_id="member-1").status == CANCELLED
    assert [(a["action"], a["registration_id"], a["token_id"], a["at"]) for a in store.organisers.list_audit(EID)] == [
        ("cancel", reg.id, "member-1", store.table.iso(LATER))]


def test_an_organiser_cannot_cancel_an_erased_or_unknown_registration(table):
    from chalicelib.errors import RegistrationNotFound
    organise(capacity=5)
    erased = signups.erase(join(1), NOW)
    for rid in (erased.id, "001a00000000000000000000a"):
        with pytest.raises(RegistrationNotFound):
            signups.cancel_by_id(EID, rid, LATER, caller_id="member-1")
    assert list(store.organisers.list_audit(EID)) == []


# ---------------------------------------------------------------- resend

def test_a_resend_may_be_asked_again_a_minute_later_not_sooner(table):
    organise(capacity=5)
    reg = join(1)
    assert signups.request_resend(reg, NOW)
    assert not signups.request_resend(reg, NOW + timedelta(seconds=59))
    assert signups.request_resend(reg, NOW + timedelta(seconds=60, microseconds=1000))
    assert not signups.request_resend(replace(reg, id="gone"), NOW)     # no such registration: nothing stamped
