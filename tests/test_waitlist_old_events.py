"""Events stored before the waiting-list shards (issue 27): their waiting people are counted on the
event item's ``waitlist_count``, which joins no longer write. Nothing moves that count: the sum of it
and the shards is the waiting list, and a person leaves from their shard while it counts anyone,
else from the old count (store.seats._leaves_list). Checked on an event stored in the old shape:
the counts before and after, promotions in order, a repeated leave, every order of leaving, and
signups, cancellations and promotions at once under the conflict model."""
import random
import threading
from datetime import datetime, timezone

import pytest

from benchmarks import conflict_model
from chalicelib import aws, events, signups, store
from conftest import DEMO_EVENT

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


def define(event_id, capacity):
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    body.update(fields=[], consent_required=False, capacity=capacity, waitlist_enabled=True)
    signups.apply_event(events.validate(event_id, body), NOW)


def sign_up(event_id, n):
    return signups.register(event_id, {"name": f"P{n}", "email": f"p{n}@example.org"}, now=NOW)


def event_item(event_id):
    return aws.dynamodb().get_item(TableName=aws.table_name(), Key=store.events.event_key(event_id),
                                   ConsistentRead=True)["Item"]


def shards(event_id):
    found = [aws.dynamodb().get_item(TableName=aws.table_name(), Key=key, ConsistentRead=True).get("Item")
             for key in store.events.waitlist_keys(event_id)]
    return [int(item["n"]["N"]) if item else 0 for item in found]


def to_old_shape(event_id):
    """What the service stored before the shards: every waiting person counted on the event item."""
    moved = sum(shards(event_id))
    for key in store.events.waitlist_keys(event_id):
        aws.dynamodb().delete_item(TableName=aws.table_name(), Key=key)
    aws.dynamodb().update_item(TableName=aws.table_name(), Key=store.events.event_key(event_id),
                               UpdateExpression="SET waitlist_count = :n",
                               ExpressionAttributeValues={":n": {"N": str(moved)}})


def old_event(event_id, capacity, waiting):
    """An event stored before the shards: ``capacity`` seated, ``waiting`` on its list (p0, p1, ...)."""
    define(event_id, capacity)
    for n in range(capacity + waiting):
        sign_up(event_id, n)
    to_old_shape(event_id)
    assert shards(event_id) == [0] * len(shards(event_id))
    assert event_item(event_id)["waitlist_count"] == {"N": str(waiting)}


def stored(event_id):
    regs = list(store.roster.registrations(event_id, consistent=True))
    return ([r.email for r in regs if r.status in ("confirmed", "pending")],
            [r.email for r in regs if r.status == "waitlisted"])


def counts_agree(event_id):
    signups.forget_event(event_id)
    event = signups.get_event(event_id)
    seated, waiting = stored(event_id)
    assert (event.seats_taken, event.waitlist_count) == (len(seated), len(waiting))
    assert min(shards(event_id)) >= 0 and int(event_item(event_id)["waitlist_count"]["N"]) >= 0
    return len(seated), len(waiting)


def reg_of(event_id, email):
    return next(r for r in store.roster.registrations(event_id, consistent=True) if r.email == email)


def test_an_old_event_counts_its_waiting_list_and_moves_it_up_in_arrival_order(table):
    old_event("oud", capacity=2, waiting=4)         # p0, p1 seated; p2..p5 waiting, counted on the event item
    assert counts_agree("oud") == (2, 4)
    assert signups.waitlist_position(reg_of("oud", "p4@example.org")) == 3
    newcomer = sign_up("oud", 6)                    # after the deploy: counted on a shard
    assert newcomer.status == "waitlisted" and signups.waitlist_position(newcomer) == 5
    assert counts_agree("oud") == (2, 5)
    signups.cancel(reg_of("oud", "p0@example.org"))
    signups.cancel(reg_of("oud", "p1@example.org"))
    assert stored("oud")[0] == ["p2@example.org", "p3@example.org"]      # the first two in line
    assert counts_agree("oud") == (2, 3)
    signups.cancel(reg_of("oud", "p4@example.org"))     # an old one leaves the list itself
    assert stored("oud")[1] == ["p5@example.org", "p6@example.org"]
    assert counts_agree("oud") == (2, 2)
    signups.cancel(reg_of("oud", "p2@example.org"))
    signups.cancel(reg_of("oud", "p3@example.org"))
    assert stored("oud") == (["p5@example.org", "p6@example.org"], [])
    assert counts_agree("oud") == (2, 0)
    assert event_item("oud")["waitlist_count"] == {"N": "0"} and shards("oud") == [0] * 4
    signups.cancel(reg_of("oud", "p5@example.org"))     # nobody waits: the seat is free for a newcomer
    assert sign_up("oud", 7).status == "confirmed"
    assert counts_agree("oud") == (2, 0)


def test_a_capacity_raise_on_an_old_event_moves_its_list_up_in_order(table):
    old_event("oud", capacity=1, waiting=3)
    sign_up("oud", 9)
    define("oud", capacity=3)                       # saving the event moves two up (fill_free_seats)
    assert stored("oud") == (["p0@example.org", "p1@example.org", "p2@example.org"],
                             ["p3@example.org", "p9@example.org"])
    assert counts_agree("oud") == (3, 2)


def test_leaving_an_old_list_twice_counts_once(table):
    old_event("oud", capacity=1, waiting=2)
    gone = signups.cancel(reg_of("oud", "p1@example.org"))
    again = signups.cancel(gone)
    assert again.status == "cancelled"
    assert counts_agree("oud") == (1, 1)
    signups.cancel(store.roster.get_registration("oud", reg_of("oud", "p1@example.org").id))
    assert counts_agree("oud") == (1, 1)
    assert event_item("oud")["waitlist_count"] == {"N": "1"}


@pytest.mark.parametrize("seed", range(4))
def test_old_and_new_waiting_people_leave_in_any_order(table, seed):
    """Whichever order they go in, every leave finds a count to take off: the person's shard while
    it counts anyone, else the old count, which is then never 0 (store.seats._leaves_list)."""
    old_event("oud", capacity=1, waiting=4)
    for n in range(10, 14):
        sign_up("oud", n)
    waiting = stored("oud")[1]
    random.Random(seed).shuffle(waiting)
    for left, email in enumerate(waiting, 1):
        assert signups.cancel(reg_of("oud", email)).status == "cancelled"
        assert counts_agree("oud") == (1, 8 - left)
    assert event_item("oud")["waitlist_count"] == {"N": "0"} and shards("oud") == [0] * 4


@pytest.fixture
def journaled(table):
    from benchmarks.moto_speed import journaled_transactions
    undo = journaled_transactions()
    yield table
    undo()


def test_signups_cancellations_and_promotions_at_once_on_an_old_event_lose_no_count(journaled, monkeypatch):
    """Under the conflict model (transactions on one item at once cancelled, tried again after a
    pause): three seats given up (each moving the first in line up), three old waiting people
    leaving and twelve signups, all at once."""
    old_event("oud", capacity=3, waiting=8)         # p3..p10 waiting, on the old count
    conflict_model.install(monkeypatch, window=0.010)
    before = {r.email: r for r in store.roster.registrations("oud", consistent=True)}
    jobs = [lambda e=f"p{n}@example.org": signups.cancel(before[e]) for n in (0, 1, 2, 6, 8, 9)]
    jobs += [lambda n=n: sign_up("oud", n) for n in range(20, 32)]
    errors = []

    def run(job):
        try:
            job()
        except Exception as error:      # noqa: BLE001 - the assertion below names it
            errors.append(error)
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seated, waiting = stored("oud")
    assert seated == ["p3@example.org", "p4@example.org", "p5@example.org"]    # the first three in line
    assert waiting[:2] == ["p7@example.org", "p10@example.org"]                # the old ones still first
    assert sorted(waiting[2:]) == sorted(f"p{n}@example.org" for n in range(20, 32))
    assert counts_agree("oud") == (3, 14)


def test_someone_read_as_waiting_a_moment_before_they_moved_up_is_placed_after_the_last_one_waiting(table):
    """A page that read the registration just before its seat came is not told a place ahead of
    people still waiting (nor 0): it says the end of the line until it is read again."""
    old_event("oud", capacity=2, waiting=4)         # p0, p1 seated; p2..p5 waiting
    read_before = reg_of("oud", "p2@example.org")
    signups.cancel(reg_of("oud", "p0@example.org"))                  # p2 moves up
    assert read_before.status == "waitlisted" and reg_of("oud", "p2@example.org").status != "waitlisted"
    assert signups.waitlist_position(read_before) == 4               # behind p3, p4, p5
