"""The edges of seat pools (chalicelib/store/pools.py, issue 26): an organiser's capacity change
keeps trying while people take seats at the same moment, and gives up (try again) only when they
took one between its read and its write 24 times in a row."""
import pytest

from chalicelib import store
from chalicelib.errors import Conflict
from test_seat_pools import define, join, pool_items


def seat_takers(monkeypatch, times):
    """Somebody takes a seat on pool 0 between the capacity change's read and its write, the
    first ``times`` times it reads the pools; returns the reads made."""
    from chalicelib import aws
    shares, reads = store.pools.shares, []

    def read_then_a_seat_goes(taken, capacity):     # the change has read the pools: their shares next
        reads.append(1)
        if len(reads) <= times:
            aws.dynamodb().update_item(TableName=aws.table_name(), Key=store.pools.key("druk", 0),
                                       UpdateExpression="ADD taken :one", ExpressionAttributeValues={":one": {"N": "1"}})
        return shares(taken, capacity)
    monkeypatch.setattr(store.pools, "shares", read_then_a_seat_goes)
    monkeypatch.setattr(store.writes, "backoff", lambda attempt: 0)
    return reads


@pytest.mark.parametrize("times, saved", [(23, True), (24, False)])
def test_a_capacity_change_gives_up_only_after_24_tries_that_met_a_seat_taker(table, monkeypatch, times, saved):
    define("druk", capacity=80, waitlist_enabled=True)
    join("druk", 1)
    reads = seat_takers(monkeypatch, times)     # (the seats they take are not registrations: only counts)
    if saved:
        define("druk", capacity=100, waitlist_enabled=True)
        assert sum(cap for _, cap, _ in pool_items("druk")) == 100
    else:
        with pytest.raises(Conflict):
            define("druk", capacity=100, waitlist_enabled=True)
        assert sum(cap for _, cap, _ in pool_items("druk")) == 80      # the pools keep the old shares
    assert len(reads) == min(times + 1, 24)


def test_a_large_event_whose_limit_is_lifted_seats_everyone_who_comes(table):
    define("ruim", capacity=50, waitlist_enabled=True)
    define("ruim", capacity=None, waitlist_enabled=True)
    assert [cap for _, cap, _ in pool_items("ruim")] == [None, None]
    assert [join("ruim", n).status for n in range(3)] == ["confirmed"] * 3
    assert sum(taken for taken, _, _ in pool_items("ruim")) == 3


def test_a_newcomer_gets_a_seat_on_the_pool_with_room_when_the_drawn_one_is_full(table, monkeypatch):
    import random

    from chalicelib import aws
    define("half", capacity=50, waitlist_enabled=True)
    aws.dynamodb().update_item(TableName=aws.table_name(), Key=store.pools.key("half", 0),   # its 25 seats taken
                               UpdateExpression="SET taken = :cap", ExpressionAttributeValues={":cap": {"N": "25"}})
    monkeypatch.setattr(random, "choice", lambda among: among[0])     # the draw always falls on the first it may
    reg = join("half", 1)
    assert (reg.status, reg.pool) == ("confirmed", 1)
    assert [(taken, cap) for taken, cap, _ in pool_items("half")] == [(25, 25), (1, 25)]
