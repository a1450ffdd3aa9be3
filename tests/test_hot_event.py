"""A hot event (issue 27): DynamoDB's contention modelled (benchmarks/conflict_model.py), the pause
between tries and the 503 after the last, and a small load against the model: no seat sold
twice, no 5xx, the waiting list in the order people came, promotions in that order."""
import json
from datetime import datetime, timezone

import pytest
from botocore.exceptions import ClientError

from benchmarks import conflict_model, hot_model
from chalicelib import aws, limits, signups, store
from chalicelib.store import writes
from conftest import define_event

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def put(pk, sk, **extra):
    return {"Put": {"TableName": aws.table_name(), "Item": {"PK": {"S": pk}, "SK": {"S": sk}, **extra}}}


def reasons(error):
    return [r["Code"] for r in error.value.response["CancellationReasons"]]


# ---------------------------------------------------------------- the model

def test_the_model_cancels_a_transaction_that_overlaps_another_on_the_same_item(table):
    clock = Clock()
    model = conflict_model.ConflictModel(aws.dynamodb(), window=0.010, clock=clock, sleep=lambda s: None)
    model.transact_write_items(TransactItems=[put("A", "1"), put("B", "1")])
    clock.now += 0.005                      # within the first one's window
    with pytest.raises(ClientError) as cancelled:
        model.transact_write_items(TransactItems=[put("C", "1"), put("B", "1", n={"N": "2"})])
    assert cancelled.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert reasons(cancelled) == ["None", "TransactionConflict"]
    assert "Item" not in aws.dynamodb().get_item(TableName=table, Key={"PK": {"S": "C"}, "SK": {"S": "1"}})
    model.transact_write_items(TransactItems=[put("D", "1")])     # another item: no conflict
    clock.now += 0.006                      # the window has passed
    model.transact_write_items(TransactItems=[put("C", "1"), put("B", "1", n={"N": "2"})])
    stored = aws.dynamodb().get_item(TableName=table, Key={"PK": {"S": "B"}, "SK": {"S": "1"}})["Item"]
    assert stored["n"] == {"N": "2"}


def test_a_transaction_answers_when_its_window_is_over_and_then_holds_nothing(table):
    clock, slept = Clock(), []
    model = conflict_model.ConflictModel(aws.dynamodb(), window=0.010, clock=clock, sleep=slept.append)
    model.transact_write_items(TransactItems=[put("A", "1")])
    assert slept == [pytest.approx(0.010)]
    clock.now += slept[0]                   # the same caller's next transaction on the item
    model.transact_write_items(TransactItems=[put("A", "1", n={"N": "2"})])
    assert model.stats["transaction_conflict"] == 0


def test_the_model_refuses_a_single_write_on_an_item_a_transaction_holds(table):
    clock = Clock()
    model = conflict_model.ConflictModel(aws.dynamodb(), clock=clock, sleep=lambda s: None)
    model.transact_write_items(TransactItems=[put("A", "1")])
    with pytest.raises(ClientError) as refused:
        model.put_item(TableName=table, Item={"PK": {"S": "A"}, "SK": {"S": "1"}})
    assert refused.value.response["Error"]["Code"] == "TransactionConflictException"


def test_the_model_throttles_a_partition_past_1000_write_units_a_second(table):
    clock = Clock()
    model = conflict_model.ConflictModel(aws.dynamodb(), clock=clock, sleep=lambda s: None)
    big = {"S": "x" * 4000}                 # 4 KB: 4 units, 8 in a transaction
    for n in range(125):                    # 1,000 units in this second
        model.transact_write_items(TransactItems=[put("HOT", str(n), body=big)])
        clock.now += 0.001
    with pytest.raises(ClientError) as throttled:
        model.transact_write_items(TransactItems=[put("HOT", "one more", body=big)])
    assert reasons(throttled) == ["ThrottlingError"]
    with pytest.raises(ClientError) as refused:
        model.put_item(TableName=table, Item={"PK": {"S": "HOT"}, "SK": {"S": "single"}, "body": big})
    assert refused.value.response["Error"]["Code"] == "ProvisionedThroughputExceededException"
    model.transact_write_items(TransactItems=[put("COLD", "1", body=big)])     # another partition
    clock.now = 1001.0                      # the next second
    model.transact_write_items(TransactItems=[put("HOT", "one more", body=big)])
    assert model.busiest() == {"HOT": 1000, "COLD": 8}     # the most in one second


# ---------------------------------------------------------------- a pause between tries, then 503

def test_backoff_draws_each_pause_below_a_doubling_ceiling(monkeypatch):
    slept = []
    monkeypatch.setattr(writes, "sleep", slept.append)
    assert [writes.backoff(n, rng=lambda: 1.0) for n in range(7)] == [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.4]
    assert slept == [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.4]
    assert writes.backoff(3, rng=lambda: 0.5) == 0.04


def test_a_signup_whose_every_try_conflicts_pauses_between_tries_then_answers_503(client, table, monkeypatch):
    define_event("druk", NOW, capacity=5)
    model = conflict_model.install(monkeypatch)
    model.held[("EVENT#druk", "META")] = float("inf")       # another transaction holds the event item
    slept = []
    monkeypatch.setattr(writes, "sleep", slept.append)
    answer = client.http.post("/events/druk/signups", headers={"Content-Type": "application/json"},
                              body=json.dumps({"name": "Piet", "email": "piet@example.org"}))
    assert answer.status_code == 503
    assert answer.json_body["error"] == "conflict"
    assert answer.headers["Retry-After"] == "1"
    assert len(slept) == signups.ATTEMPTS - 1
    assert all(0 <= pause <= min(0.4, 0.01 * 2 ** n) for n, pause in enumerate(slept))
    assert list(store.roster.registrations("druk", consistent=True)) == []
    assert signups.get_event("druk").seats_taken == 0


def test_a_signup_that_conflicts_twice_is_stored_on_the_third_try(table, monkeypatch):
    define_event("druk", NOW, capacity=5)
    conflicts, real = iter([True, True]), store.seats.insert_registration

    def insert(*args, **kwargs):
        if next(conflicts, False):
            raise writes.Conflict("transaction conflict")
        return real(*args, **kwargs)
    monkeypatch.setattr(store.seats, "insert_registration", insert)
    slept = []
    monkeypatch.setattr(writes, "sleep", slept.append)
    reg = signups.register("druk", {"name": "Piet", "email": "piet@example.org"}, now=NOW)
    assert reg.status == "confirmed"
    assert store.roster.get_registration("druk", reg.id).status == "confirmed"
    assert len(slept) == 2


# ---------------------------------------------------------------- the event's limit, sized from the event

@pytest.mark.parametrize("capacity, waitlist, limit", [
    (500, True, 10_000), (80, True, 1_600), (10, True, 300), (500, False, 1_000), (None, True, 10_000),
    (5_000, True, 10_000)])
def test_the_event_limit_is_sized_from_its_seats_and_waiting_list(env, capacity, waitlist, limit):
    env.setenv("EVENT_LIMIT_PER_MINUTE", "10000")
    from chalicelib import config
    config.settings.cache_clear()
    from conftest import event_model
    assert limits.event_limit(event_model(capacity=capacity, waitlist_enabled=waitlist)) == limit


def test_a_large_event_limit_is_counted_on_shares(env):
    windows = {limits.event_window("e", NOW, 10_000) for _ in range(400)}
    assert len({w.key for w in windows}) == 16
    assert {w.limit for w in windows} == {688}       # 10,000 / 16, and a tenth more
    assert {limits.event_window("e", NOW, 300).limit for _ in range(50)} == {110}   # 3 shares
    assert limits.event_window("e", NOW, 199).limit == 199                          # exact: one counter


# ---------------------------------------------------------------- a small hot event against the model

@pytest.fixture
def journaled(table):
    """moto's transactions without its whole-table copy per item (benchmarks/moto_speed.py, held
    to moto's outcome by tests/test_bench_moto_speed.py): 300 signups in seconds, not minutes."""
    from benchmarks.moto_speed import journaled_transactions
    undo = journaled_transactions()
    yield table
    undo()


@pytest.mark.parametrize("capacity, pools", [(30, 0), (100, 4)])     # on the event item; on seat pools
def test_a_small_hot_event_under_the_model_oversells_nothing_and_keeps_arrival_order(journaled, monkeypatch,
                                                                                     capacity, pools):
    define_event(hot_model.EVENT_ID, NOW, capacity=capacity, waitlist_enabled=True)
    assert len(signups.get_event(hot_model.EVENT_ID).pools) == pools
    model = conflict_model.install(monkeypatch, window=0.010)
    results = hot_model.offer(hot_model.EVENT_ID, 300, 3.0, threads=12)
    figures = hot_model.report(hot_model.EVENT_ID, capacity, results, model, 1.0, 3.0)
    assert figures["oversold"] == 0
    assert figures["server_errors"] == 0, figures["answers"]
    assert figures["seated"] == capacity
    assert figures["seated"] + figures["waiting"] == 300 - figures["rate_limited"]
    assert figures["counters_agree"]
    assert figures["waiting_behind_a_later_arrival"] == 0
    # seats given up go to the first in line, in order; the next one's position moves up
    seated = [r for r in store.roster.registrations(hot_model.EVENT_ID, consistent=True) if r.status == "confirmed"]
    line = list(store.roster.registrations(hot_model.EVENT_ID, statuses=("waitlisted",), consistent=True))
    for reg in seated[:3]:
        signups.cancel(reg)
    assert [store.roster.get_registration(hot_model.EVENT_ID, r.id).status for r in line[:4]] == \
        ["confirmed", "confirmed", "confirmed", "waitlisted"]
    assert signups.waitlist_position(store.roster.get_registration(hot_model.EVENT_ID, line[3].id)) == 1
    assert signups.get_event(hot_model.EVENT_ID).seats_taken == capacity == len(
        [r for r in store.roster.registrations(hot_model.EVENT_ID, consistent=True) if r.status == "confirmed"])


def test_a_join_tried_again_after_a_conflict_takes_another_shard_and_keeps_its_arrival(table, monkeypatch):
    """Joins that met on one waiting-list shard do not meet there again: the next try draws a new
    random part for the registration id (the shard is its hash), the same arrival time in front."""
    define_event("druk", NOW, capacity=1, waitlist_enabled=True)
    signups.register("druk", {"name": "Eerste", "email": "eerste@example.org"}, now=NOW)
    suffixes = [f"{n:012x}" for n in range(64)]
    held = store.events.waitlist_shard("druk", "0" * 13 + suffixes[0])["PK"]["S"]
    other = next(s for s in suffixes if store.events.waitlist_shard("druk", "0" * 13 + s)["PK"]["S"] != held)
    drawn = iter([suffixes[0], other])
    monkeypatch.setattr(store.roster.secrets, "token_hex", lambda n: next(drawn))
    monkeypatch.setattr(store.roster.time, "time", lambda: 0.0)
    model = conflict_model.install(monkeypatch)
    model.held[(held, "COUNT")] = float("inf")      # another join holds the first shard it hashes to
    monkeypatch.setattr(writes, "sleep", lambda s: None)
    reg = signups.register("druk", {"name": "Piet", "email": "piet@example.org"}, now=NOW)
    assert reg.status == "waitlisted"
    assert reg.id == "0" * 13 + other
    assert model.stats["transaction_conflict"] == 1
    assert signups.get_event("druk").waitlist_count == 1


def test_a_seat_taker_who_met_another_on_its_seat_pool_takes_a_seat_on_another_without_a_pause(table, monkeypatch):
    """On a large event a seat-taker whose pool another held a moment ago tries another pool at
    once (the pause is for meeting on the same item again); a second meeting in a row pauses."""
    define_event("druk", NOW, capacity=50, waitlist_enabled=True)      # 2 seat pools
    model = conflict_model.install(monkeypatch)
    for k in (0, 1):
        model.held[(store.pools.key("druk", k)["PK"]["S"], "COUNT")] = float("inf")
    monkeypatch.setattr(store.pools.random, "choice", lambda seq: seq[0])   # the first pool with room first
    pauses = []

    def pause(seconds):
        pauses.append(seconds)
        model.held.clear()
    monkeypatch.setattr(writes, "sleep", pause)
    reg = signups.register("druk", {"name": "Piet", "email": "piet@example.org"}, now=NOW)
    assert (reg.status, reg.pool) == ("confirmed", 0)
    assert model.stats["transaction_conflict"] == 2 and len(pauses) == 1    # pool 0, at once pool 1, a pause, pool 0
    model.held[(store.pools.key("druk", 0)["PK"]["S"], "COUNT")] = float("inf")
    reg = signups.register("druk", {"name": "Jan", "email": "jan@example.org"}, now=NOW)
    assert (reg.status, reg.pool) == ("confirmed", 1)
    assert model.stats["transaction_conflict"] == 3 and len(pauses) == 1    # pool 0 held: at once on pool 1
    assert signups.get_event("druk").seats_taken == 2
