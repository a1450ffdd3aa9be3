"""The seat bookkeeping of chalicelib/store/seats.py as a person and an organiser see it: who gets
the seat somebody gives up, what the counts on the pages say after a capacity cut, and what a
cancelled, moved-up or confirmed registration shows afterwards."""

import pytest

from chalicelib import signups, store
from chalicelib.errors import Conflict
from chalicelib.models import CANCELLED, CONFIRMED, WAITLISTED
from test_seat_pools import NOW, define, join, pool_items


def pools(event_id):
    """The stored seat pools as ``[(taken, cap)]``, in pool order."""
    return [(taken, cap) for taken, cap, _waiting in pool_items(event_id)]


def people(event_id, status):
    return [r for r in store.roster.registrations(event_id, consistent=True) if r.status == status]


def seated_in(event_id, k):
    return [r for r in people(event_id, CONFIRMED) if r.pool == k]


@pytest.fixture
def small_pools(monkeypatch):
    """Pools of 2 seats instead of 25: the same bookkeeping on a handful of signups."""
    monkeypatch.setattr(store.pools, "SEATS_PER_POOL", 2)


def full_and_cut(event_id):
    """4 seats on two pools of 2, all taken, one person waiting; then the capacity cut to 3:
    the pools' shares become 2 and 1, so pool 0 is at its share and pool 1 one over it."""
    define(event_id, capacity=4, waitlist_enabled=True)
    for n in range(5):
        join(event_id, n)
    [waiting] = people(event_id, WAITLISTED)
    define(event_id, capacity=3, waitlist_enabled=True)
    assert pools(event_id) == [(2, 2), (2, 1)]
    return waiting


def test_over_capacity_a_seat_given_up_in_a_pool_at_its_share_hands_the_share_to_the_fuller_pool(table, small_pools):
    waiting = full_and_cut("krimp")
    signups.cancel(seated_in("krimp", 0)[0], NOW)
    # 3 seats taken of 3: nobody moves up, and each pool is exactly at its share
    assert pools("krimp") == [(1, 1), (2, 2)]
    assert store.roster.get_registration("krimp", waiting.id).status == WAITLISTED
    event = signups.get_event("krimp")
    assert (event.seats_taken, event.spots_left) == (3, 0)
    # the next seat given up goes to the person waiting, in the pool it came from
    leaving = seated_in("krimp", 1)[0]
    signups.cancel(leaving, NOW)
    moved = store.roster.get_registration("krimp", waiting.id)
    assert (moved.status, moved.pool) == (CONFIRMED, 1)
    assert pools("krimp") == [(1, 1), (2, 2)]
    assert signups.get_event("krimp").seats_taken == len(people("krimp", CONFIRMED)) == 3


def test_over_capacity_a_seat_given_up_in_a_pool_over_its_share_leaves_the_shares_alone(table, small_pools):
    waiting = full_and_cut("krimp2")
    signups.cancel(seated_in("krimp2", 1)[0], NOW)
    assert pools("krimp2") == [(2, 2), (1, 1)]
    assert store.roster.get_registration("krimp2", waiting.id).status == WAITLISTED
    assert signups.get_event("krimp2").seats_taken == len(people("krimp2", CONFIRMED)) == 3


def test_a_cancel_that_read_the_event_before_a_capacity_cut_moves_nobody_up_into_it(table, small_pools):
    """The organiser cut the capacity while the cancel was on its way: the seat given up is one
    of those cut, whichever pool it was on, and the person waiting stays waiting."""
    define("laat", capacity=4, waitlist_enabled=True)
    for n in range(5):
        join("laat", n)
    [waiting] = people("laat", WAITLISTED)
    before_cut = signups.get_event("laat")
    define("laat", capacity=3, waitlist_enabled=True)
    signups.cancel(seated_in("laat", 0)[0], NOW, event=before_cut)
    assert store.roster.get_registration("laat", waiting.id).status == WAITLISTED
    assert signups.get_event("laat").seats_taken == len(people("laat", CONFIRMED)) == 3


def test_a_seat_given_up_for_nobody_is_refused_while_someone_waits(table, small_pools):
    """A cancel that found nobody to move up, but someone joined the waiting list before it
    committed: the seat is not left free (the caller looks again and moves that person up)."""
    define("wacht", capacity=4, waitlist_enabled=True)
    for n in range(5):
        join("wacht", n)
    [waiting] = people("wacht", WAITLISTED)
    event = signups.get_event("wacht")
    leaving = seated_in("wacht", 0)[0]
    with pytest.raises(Conflict):
        store.seats.release(leaving, CANCELLED, now=NOW, pools=event.pools)      # as if nobody waited
    assert store.roster.get_registration("wacht", leaving.id).status == CONFIRMED
    assert pools("wacht") == [(2, 2), (2, 2)]
    signups.cancel(leaving, NOW)        # read again: the person waiting gets the seat
    assert store.roster.get_registration("wacht", waiting.id).status == CONFIRMED
    assert pools("wacht") == [(2, 2), (2, 2)]
    assert signups.get_event("wacht").waitlist_count == 0 == len(people("wacht", WAITLISTED))


@pytest.mark.parametrize("capacity", [4, None])
def test_a_seat_given_up_on_a_full_pooled_event_nobody_waits_for_is_free_again(table, small_pools, capacity):
    """Exactly full (or the capacity removed since), nobody waiting: the seat goes back to its pool."""
    define("vrij", capacity=4, waitlist_enabled=False)
    for n in range(4):
        join("vrij", n)
    if capacity is None:
        define("vrij", capacity=None, waitlist_enabled=False)
    signups.cancel(seated_in("vrij", 1)[0], NOW)
    assert [taken for taken, _ in pools("vrij")] == [2, 1]
    event = signups.get_event("vrij")
    assert event.seats_taken == len(people("vrij", CONFIRMED)) == 3
    assert event.spots_left == (1 if capacity else None)
