"""The edges of seat pools (chalicelib/store/pools.py, issue 26): an organiser's capacity change
keeps trying while people take seats at the same moment, and gives up (try again) only when they
took one between its read and its write 24 times in a row; a capacity cut to one seat or raised by
one seat counts exactly that; a seat taken while another save made the pools is kept; a signup to
an event deleted meanwhile stores nobody; nobody gets ahead of the waiting list."""
import pytest

from chalicelib import store
from chalicelib.errors import Conflict
from test_seat_pools import NOW, define, fill, join, joiner_then_newcomer, pool_items, stored


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


def test_a_large_event_cut_to_one_seat_seats_one_person_and_the_next_waits(table):
    define("klein", capacity=50, waitlist_enabled=True)
    define("klein", capacity=1, waitlist_enabled=True)
    assert [join("klein", n).status for n in range(2)] == ["confirmed", "waitlisted"]
    assert sum(cap for _, cap, _ in pool_items("klein")) == 1


def test_a_newcomer_who_met_seat_takers_on_every_try_but_the_last_gets_the_seat_left_on_the_last(table, monkeypatch):
    """Every try but the last meets another seat-taker on the one pool with room; the try right after
    such a meeting goes to that same pool again when no other has room, so the last try still seats them."""
    import random

    from chalicelib import signups
    define("vol", capacity=50, waitlist_enabled=True)
    from chalicelib import aws
    aws.dynamodb().update_item(TableName=aws.table_name(), Key=store.pools.key("vol", 0),   # pool 0 full
                               UpdateExpression="SET taken = :cap", ExpressionAttributeValues={":cap": {"N": "25"}})
    insert, tries = store.seats.insert_registration, []

    def another_seat_taker_first(*args, **kwargs):
        tries.append(kwargs.get("pools"))
        if len(tries) < signups.ATTEMPTS:
            raise Conflict("another seat-taker")
        return insert(*args, **kwargs)
    monkeypatch.setattr(store.seats, "insert_registration", another_seat_taker_first)
    monkeypatch.setattr(store.writes, "backoff", lambda attempt: 0)
    monkeypatch.setattr(random, "choice", lambda among: among[0])     # the draw falls on the first it may
    reg = join("vol", 1)
    assert (reg.status, reg.pool) == ("confirmed", 1)
    assert len(tries) == signups.ATTEMPTS
    assert [(taken, cap) for taken, cap, _ in pool_items("vol")] == [(25, 25), (1, 25)]


def test_a_full_large_event_raised_by_one_seat_seats_one_more_person(table):
    from chalicelib import aws
    define("vol", capacity=50, waitlist_enabled=True)
    for k in range(2):      # every pool's 25 seats taken
        aws.dynamodb().update_item(TableName=aws.table_name(), Key=store.pools.key("vol", k),
                                   UpdateExpression="SET taken = :cap", ExpressionAttributeValues={":cap": {"N": "25"}})
    define("vol", capacity=51, waitlist_enabled=True)
    assert sorted(cap for _, cap, _ in pool_items("vol")) == [25, 26]
    assert [join("vol", n).status for n in range(2)] == ["confirmed", "waitlisted"]


def test_a_new_large_events_seat_taken_while_another_save_made_its_pools_is_kept(table, monkeypatch):
    """Two saves of a new large event at once: the other one makes its pools and somebody takes a
    seat, between this save's read (no pools yet) and its write; this save does not write over
    that seat, so the event still counts it (and sells no seat twice)."""
    from chalicelib import aws
    shares, reads = store.pools.shares, []

    def the_other_save_and_a_seat_first(taken, capacity):
        reads.append(1)
        if len(reads) == 1:
            aws.dynamodb().put_item(TableName=aws.table_name(), Item={
                **store.pools.key("nieuw", 0), "taken": {"N": "1"}, "cap": {"N": "25"}, "is_open": {"BOOL": True}})
        return shares(taken, capacity)
    monkeypatch.setattr(store.pools, "shares", the_other_save_and_a_seat_first)
    monkeypatch.setattr(store.writes, "backoff", lambda attempt: 0)
    define("nieuw", capacity=50, waitlist_enabled=True)
    assert [taken for taken, _, _ in pool_items("nieuw")] == [1, 0]
    assert len(reads) == 2      # it read the pools again


@pytest.mark.parametrize("who", ["an organiser's addition to a seat", "a newcomer joining the waiting list"])
def test_a_person_coming_to_a_large_event_deleted_meanwhile_is_not_stored(table, monkeypatch, who):
    """The signup read the event; the event (and its pools) went before its seat was taken or its
    waiting-list place was held: it answers that the event is gone, and stores nobody under it."""
    from chalicelib import aws, signups
    from chalicelib.errors import EventNotFound
    define("weg", capacity=50, waitlist_enabled=True)
    if who.startswith("a newcomer"):
        for k in range(2):      # every seat taken: the newcomer joins the waiting list
            aws.dynamodb().update_item(TableName=aws.table_name(), Key=store.pools.key("weg", k),
                                       UpdateExpression="SET taken = :cap", ExpressionAttributeValues={":cap": {"N": "25"}})
    insert = store.seats.insert_registration

    def deleted_first(*args, **kwargs):
        store.events.delete_event("weg", sleep=lambda seconds: None)
        return insert(*args, **kwargs)
    monkeypatch.setattr(store.seats, "insert_registration", deleted_first)
    with pytest.raises(EventNotFound):
        if who.startswith("a newcomer"):
            join("weg", 1)
        else:
            signups.add_by_organiser("weg", {"name": "Laat", "email": "laat@example.org"}, caller_id="tok", now=NOW)
    assert list(store.roster.registrations("weg", consistent=True)) == []
    assert pool_items("weg") == []


def test_a_newcomer_who_read_nobody_waiting_does_not_get_ahead_of_who_joined_since(table, monkeypatch):
    """The pools keep their seats for the waiting list (somebody waited, and left); one seat is free.
    Somebody whose view was old joins the list; a newcomer who read the seat free and nobody
    waiting then waits too, and the seat goes to the first in line."""
    from chalicelib import signups
    define("rij", capacity=50, waitlist_enabled=True)
    line = fill("rij", 50, 1)
    full = signups.get_event("rij")
    signups.cancel(line[0], NOW)                            # nobody waits; the pools still keep seats
    signups.cancel(stored("rij", "confirmed")[0], NOW)      # one seat free
    free = signups.get_event("rij")
    assert joiner_then_newcomer("rij", full, free, monkeypatch) == ("confirmed", "waitlisted")
