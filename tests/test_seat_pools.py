"""Seat pools (issue 27, chalicelib/store/pools.py): a large event counts its seats on pools of
their own keys, each with its exact share of the capacity. What a person sees stays the same:
exact seats, the waiting list moving up in order, closing and cancelling stopping seats, the counts
on every page equal to the stored registrations; events stored before pools keep working."""
import json
from datetime import datetime, timezone

import pytest

from chalicelib import aws, events, signups, store
from chalicelib.errors import EventFull, RegistrationClosed
from conftest import DEMO_EVENT, make_event
from test_organisers import ses, sign_in  # noqa: F401  (ses is a fixture)

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


def define(event_id, **overrides):
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    body.update(fields=[], consent_required=False, **overrides)
    signups.apply_event(events.validate(event_id, body), NOW)


def join(event_id, n, now=NOW):
    return signups.register(event_id, {"name": f"Persoon {n}", "email": f"p{n}@example.org"}, now=now)


def pool_items(event_id):
    """The stored pools: ``[(taken, cap, waiting)]`` in pool order."""
    found = []
    for k in range(store.pools.MAX_POOLS):
        item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=store.pools.key(event_id, k),
                                       ConsistentRead=True).get("Item")
        if item:
            found.append((int(item["taken"]["N"]), int(item["cap"]["N"]) if "cap" in item else None,
                          "waiting" in item))
    return found


def stored(event_id, status):
    return [r for r in store.roster.registrations(event_id, consistent=True) if r.status == status]


def event_item(event_id):
    return aws.dynamodb().get_item(TableName=aws.table_name(), Key=store.events.event_key(event_id),
                                   ConsistentRead=True)["Item"]


@pytest.mark.parametrize("capacity, count", [(None, 1), (10, 1), (49, 1), (50, 2), (80, 3), (500, 8), (5000, 8)])
def test_the_number_of_pools_follows_the_capacity(capacity, count):
    assert store.pools.count_for(capacity) == count


@pytest.mark.parametrize("taken, capacity, caps", [
    ([0, 0, 0], 80, [27, 27, 26]),
    ([27, 27, 26], 100, [34, 33, 33]),          # raised: everyone gets more
    ([30, 5, 0], 60, [30, 15, 15]),             # the free seats go where the shares are smallest
    ([30, 25, 25], 60, [20, 20, 20]),           # lowered under the seats taken: every pool at or over
    ([30, 5, 0], 20, [15, 5, 0]),
])
def test_shares_add_up_to_the_capacity_on_one_side_of_every_pool(taken, capacity, caps):
    assert store.pools.shares(taken, capacity) == caps


def test_a_large_event_counts_its_seats_on_pools_not_on_the_event_item(table):
    define("groot", capacity=80, waitlist_enabled=True)
    assert pool_items("groot") == [(0, 27, False), (0, 27, False), (0, 26, False)]
    for n in range(5):
        assert join("groot", n).status == "confirmed"
    assert sum(taken for taken, _, _ in pool_items("groot")) == 5
    assert event_item("groot")["seats_taken"] == {"N": "0"}     # nobody wrote the event item
    assert event_item("groot")["pools"] == {"N": "3"}
    event = signups.get_event("groot")
    assert (event.seats_taken, event.spots_left) == (5, 75)
    regs = stored("groot", "confirmed")
    assert all(r.pool in (0, 1, 2) for r in regs)
    for k, (taken, _, _) in enumerate(pool_items("groot")):     # each registration names the pool it counts on
        assert taken == sum(r.pool == k for r in regs)


def test_the_public_count_and_the_organisers_list_equal_the_stored_registrations(client, admin_token, ses):  # noqa: F811
    make_event(client, admin_token, capacity=50, waitlist_enabled=True, fields=[], consent_required=False)
    for n in range(7):
        join(DEMO_EVENT["id"], n)
    assert len(signups.get_event(DEMO_EVENT["id"]).pools) == 2
    public = json.loads(client.http.get(f"/events/{DEMO_EVENT['id']}").body)
    assert public["spots_left"] == 50 - len(stored(DEMO_EVENT["id"], "confirmed")) == 43
    page = client.http.get("/organiser", headers={"Cookie": sign_in(client, ses)}).body.decode()
    assert "7 van 50" in page       # the organiser's list of events: seats taken of the capacity


def fill(event_id, capacity, waiting):
    """``capacity`` people seated, ``waiting`` on the waiting list, in that order."""
    for n in range(capacity + waiting):
        join(event_id, n)
    assert len(stored(event_id, "confirmed")) == capacity
    return stored(event_id, "waitlisted")


def test_a_cancel_on_a_full_pooled_event_moves_the_first_waiting_person_into_that_pool(table):
    define("vol", capacity=50, waitlist_enabled=True)
    line = fill("vol", 50, 3)
    assert [w for _, _, w in pool_items("vol")] == [True, True]     # the pools keep seats for the list
    leaving = stored("vol", "confirmed")[7]
    before = pool_items("vol")
    signups.cancel(leaving, NOW)
    moved = store.roster.get_registration("vol", line[0].id)
    assert moved.status == "confirmed" and moved.pool == leaving.pool
    assert pool_items("vol") == before      # the seat went from one person to the next in one transaction
    assert signups.waitlist_position(store.roster.get_registration("vol", line[1].id)) == 1
    assert signups.get_event("vol").seats_taken == len(stored("vol", "confirmed")) == 50


def test_a_newcomer_takes_a_seat_freed_when_nobody_waits_any_more(table):
    define("vrij", capacity=50, waitlist_enabled=True)
    line = fill("vrij", 50, 1)
    signups.cancel(line[0], NOW)                 # the list is empty again; the pools still keep seats
    signups.cancel(stored("vrij", "confirmed")[0], NOW)
    assert signups.get_event("vrij").spots_left == 1
    assert join("vrij", 100).status == "confirmed"      # not the waiting list: nobody waits
    assert [w for _, _, w in pool_items("vrij")] == [False, False]
    assert join("vrij", 101).status == "waitlisted"


def test_nobody_takes_a_free_seat_ahead_of_the_waiting_list(table, monkeypatch):
    """A join whose view was old (the event full, a seat free meanwhile) keeps the pools' seats for
    the waiting list: a newcomer who read the seat free and nobody waiting does not get ahead."""
    define("oud", capacity=50, waitlist_enabled=True)
    fill("oud", 50, 0)
    full = signups.get_event("oud")
    signups.cancel(stored("oud", "confirmed")[0], NOW)    # one seat free, nobody waits
    free = signups.get_event("oud")
    assert joiner_then_newcomer("oud", full, free, monkeypatch) == ("confirmed", "waitlisted")
    assert signups.get_event("oud").seats_taken == len(stored("oud", "confirmed")) == 50


def joiner_then_newcomer(event_id, full, free, monkeypatch) -> tuple:
    """A joiner who read the event ``full`` and a newcomer who read it ``free`` (a seat free, nobody
    waiting) sign up: both must wait. Then the list moves up: their statuses after that."""
    monkeypatch.setattr(signups, "_after_joining", lambda reg, *args: reg)     # before the joiner looks again
    signups._cache[event_id] = (float("inf"), full)
    joiner = join(event_id, 200)
    signups._cache[event_id] = (float("inf"), free)
    newcomer = join(event_id, 201)
    assert (joiner.status, newcomer.status) == ("waitlisted", "waitlisted")
    monkeypatch.undo()
    signups.fill_free_seats(event_id, NOW)
    return tuple(store.roster.get_registration(event_id, r.id).status for r in (joiner, newcomer))


def test_a_capacity_raise_seats_the_waiting_list_in_order_and_a_cut_keeps_the_seated(table):
    define("rek", capacity=50, waitlist_enabled=True)
    line = fill("rek", 50, 6)
    define("rek", capacity=53, waitlist_enabled=True)
    assert [store.roster.get_registration("rek", r.id).status for r in line] == ["confirmed"] * 3 + ["waitlisted"] * 3
    assert sum(cap for _, cap, _ in pool_items("rek")) == 53
    assert signups.get_event("rek").seats_taken == len(stored("rek", "confirmed")) == 53
    # cut to 51: nobody loses a seat, and the two seats given up next move nobody up
    define("rek", capacity=51, waitlist_enabled=True)
    assert sum(cap for _, cap, _ in pool_items("rek")) == 51
    assert all(taken >= cap for taken, cap, _ in pool_items("rek"))
    assert len(stored("rek", "confirmed")) == 53
    for reg in stored("rek", "confirmed")[:2]:
        signups.cancel(reg, NOW)
    assert [store.roster.get_registration("rek", r.id).status for r in line[3:]] == ["waitlisted"] * 3
    assert signups.get_event("rek").seats_taken == 51
    signups.cancel(stored("rek", "confirmed")[0], NOW)      # at capacity now: the first in line moves up
    assert store.roster.get_registration("rek", line[3].id).status == "confirmed"
    assert signups.get_event("rek").seats_taken == len(stored("rek", "confirmed")) == 51
    assert sum(cap for _, cap, _ in pool_items("rek")) == 51


def test_closing_registration_stops_seats_on_the_pools(table):
    define("dicht", capacity=50, waitlist_enabled=True)
    join("dicht", 1)
    open_view = signups.get_event("dicht")
    define("dicht", capacity=50, waitlist_enabled=True, registration_open=False)
    signups._cache["dicht"] = (float("inf"), open_view)     # a warm process still reads it open
    with pytest.raises(RegistrationClosed):
        join("dicht", 2)
    assert signups.get_event("dicht").seats_taken == len(stored("dicht", "confirmed")) == 1


def test_a_cancelled_event_takes_no_seat_on_its_pools_and_gives_them_all_back(client, admin_token, table):
    make_event(client, admin_token, capacity=50, waitlist_enabled=True, fields=[], consent_required=False)
    eid = DEMO_EVENT["id"]
    for n in range(3):
        join(eid, n)
    open_view = signups.get_event(eid)
    signups.cancel_event(eid, "", NOW, caller_id="test")
    signups._cache[eid] = (float("inf"), open_view)
    with pytest.raises(RegistrationClosed):
        join(eid, 9)
    assert [taken for taken, _, _ in pool_items(eid)] == [0, 0]
    assert stored(eid, "confirmed") == []


def test_an_event_stored_before_pools_keeps_its_seats_on_the_event_item(table):
    """An event of 500 seats stored before pools: no ``pools`` attribute. It keeps counting on the
    event item, also after an edit, and its seats stay exact."""
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    body.update(fields=[], consent_required=False, capacity=60, waitlist_enabled=True)
    store.events.put_event(events.validate("ouder", body), NOW)     # as stored before: no pools
    assert "pools" not in event_item("ouder")
    define("ouder", capacity=61, waitlist_enabled=True)              # an edit keeps it so
    assert "pools" not in event_item("ouder") and pool_items("ouder") == []
    for n in range(3):
        join("ouder", n)
    assert event_item("ouder")["seats_taken"] == {"N": "3"}
    assert signups.get_event("ouder").pools == ()
    signups.cancel(stored("ouder", "confirmed")[0], NOW)
    assert signups.get_event("ouder").seats_taken == 2


def test_an_organisers_addition_and_a_full_event_without_a_list(table):
    define("krap", capacity=50, waitlist_enabled=False)
    fill("krap", 50, 0)
    with pytest.raises(EventFull):
        join("krap", 99)
    assert signups.get_event("krap").seats_taken == 50


def test_erasure_gives_the_seat_back_to_its_pool_and_the_list_moves_up(table):
    define("wis", capacity=50, waitlist_enabled=True)
    line = fill("wis", 50, 1)
    signups.erase(stored("wis", "confirmed")[3], NOW)
    assert store.roster.get_registration("wis", line[0].id).status == "confirmed"
    assert signups.get_event("wis").seats_taken == len(stored("wis", "confirmed")) == 50


def test_renaming_a_pooled_event_moves_its_pools(client, admin_token, table):
    from chalicelib import organising
    define("eerst", capacity=50, waitlist_enabled=True)
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    body.update(fields=[], consent_required=False, capacity=50, waitlist_enabled=True)
    organising.rename_event("eerst", "daarna", body, NOW)
    assert pool_items("eerst") == [] and [cap for _, cap, _ in pool_items("daarna")] == [25, 25]
    assert join("daarna", 1).status == "confirmed"
    assert signups.get_event("daarna").seats_taken == 1


def shard_counts(event_id, count):
    """The stored waiting-list shards' ``n``, in shard order (0 for one never written)."""
    found = []
    for k in range(count):
        item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=store.events.waitlist_key(event_id, k),
                                       ConsistentRead=True).get("Item", {})
        found.append(int(item["n"]["N"]) if "n" in item else 0)
    return found


def test_a_pooled_events_waiting_list_spreads_over_its_own_shards_and_each_leaver_leaves_their_own(table):
    """A large event's joins draw one of 16 waiting-list shards (not the 4 a small event hashes
    to), and each registration records it: leaving, erasure and moving up each take one off the
    shard that counted that person, so every count shown equals the people waiting."""
    define("lang", capacity=50, waitlist_enabled=True)
    line = fill("lang", 50, 20)
    assert store.events.shard_count(2) == store.events.POOLED_WAITLIST_SHARDS == 16
    counts = shard_counts("lang", 16)
    assert sum(counts) == 20 and sum(n > 0 for n in counts[4:]) >= 3     # 20 joins: shards past the first 4 used
    for reg in line:
        assert counts[store.roster.get_registration("lang", reg.id).shard] > 0
    assert signups.get_event("lang").waitlist_count == 20
    far = next(r for r in line[1:-1] if r.shard >= 4)
    signups.cancel(store.roster.get_registration("lang", far.id), NOW)          # a waiting person leaves
    signups.erase(store.roster.get_registration("lang", line[-1].id), NOW)      # one is erased
    signups.cancel(stored("lang", "confirmed")[0], NOW)                         # the first moves up
    gone = [far.shard, line[-1].shard, line[0].shard]
    assert shard_counts("lang", 16) == [n - gone.count(k) for k, n in enumerate(counts)]
    after = shard_counts("lang", 16)
    assert sum(after) == 17 == len(stored("lang", "waitlisted")) == signups.get_event("lang").waitlist_count
    assert store.roster.get_registration("lang", line[0].id).status == "confirmed"


def test_a_process_that_read_the_event_before_it_had_pools_still_counts_every_shard(table):
    """A warm process that knew the event id as unpooled (it read another event by that id, or
    before the event's pools were stored) reads the pools and shards it did not ask for in a
    second read: the count of people waiting is whole."""
    define("later", capacity=50, waitlist_enabled=True)
    fill("later", 50, 30)
    store.events._POOLS["later"] = 1
    event = signups.get_event("later")
    assert (event.seats_taken, event.waitlist_count) == (50, 30)
    assert event.spots_left == 0


def test_a_small_event_keeps_hashing_its_waiting_list_over_four_shards(table):
    define("klein", capacity=2, waitlist_enabled=True)
    line = fill("klein", 2, 12)
    assert all(store.roster.get_registration("klein", r.id).shard is None for r in line)
    assert sum(shard_counts("klein", 4)) == 12 and shard_counts("klein", 16)[4:] == [0] * 12
    signups.cancel(store.roster.get_registration("klein", line[5].id), NOW)
    assert signups.get_event("klein").waitlist_count == 11 == len(stored("klein", "waitlisted"))
