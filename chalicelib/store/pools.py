"""Seat pools: a large event's seat counter split over items of their own partition keys.

An event created with ``count_for(capacity)`` > 1 pools (``pools`` on its event item, fixed from
then on) counts its seats on that many items ``SEATS#<event>#<k>``/``COUNT``: ``taken`` and the
pool's share ``cap`` of the capacity (the shares add up to it exactly), with copies of what a
seat's transaction checks: ``is_open`` and ``cancelled_at``, written when the organiser saves or
cancels the event (``sync``, ``cancel``). A seat is taken on one pool drawn at random among those
with room (``pick``), in a transaction that does not name the event item: seat-takers contend on
``K`` items, not one, and write 2 units on a pool's key instead of 6 on the event's
(docs/scaling.md). The registration records its ``pool``: a seat given up goes back there, and
the person moved up into it takes it in the same transaction (``store.seats.release``). The
event's ``seats_taken`` is the pools' sum, read in the event's one BatchGetItem.

Nobody jumps the waiting list, exactly, and neither a seat nor a join names an item the other
contends on: a pool keeps its seats for the waiting list while it holds ``waiting`` (a newcomer's
seat needs its pool without it). The waiting-list shards hold an ``epoch``, the same on every shard:
``unflag_items`` (a newcomer who read a free seat, nobody waiting and the pools marked) clears
every pool's mark and raises every shard's epoch in one transaction, only while every shard reads
empty. A join writes its shard only while the epoch is the one its pools were marked in
(``waiting`` holds it): marked in an earlier epoch or not at all, the join first marks every pool
with the present epoch (``flag_items``, one transaction, checked against its shard's epoch). So
a join commits only while every pool holds the mark, and a mark is cleared only while nobody waits.

Shares: at or under capacity every pool is at or under its share; over it (the organiser
lowered the capacity below the seats taken) every pool is at or over its share (``shares``), so
no pool offers a seat the event does not have, and a pool at its share that frees a seat hands
that share to a pool over its own (``store.seats.release``).

An event with one pool (a small one, and every event stored before pools) counts its seats on
the event item, as it always did.
"""
import random
from dataclasses import dataclass
from typing import Optional

from chalicelib.errors import Conflict

from . import table, writes

PREFIX = "SEATS#"
SEATS_PER_POOL = 25     # at least this many seats a pool: below, one counter takes them fast enough
MAX_POOLS = 8           # 800 seat transactions a second at 10 ms each: past any burst's pace
SYNC_ATTEMPTS = 24      # tries of a capacity change against concurrent seat-takers


@dataclass(frozen=True)
class Pool:
    k: int
    taken: int = 0
    cap: Optional[int] = None      # None: no capacity
    waiting: Optional[int] = None  # somebody may wait (the epoch it was marked in): seats go to the list first

    @property
    def room(self) -> bool:
        return self.cap is None or self.taken < self.cap


def count_for(capacity) -> int:
    """How many pools an event created with ``capacity`` counts its seats on (1: the event item)."""
    if capacity is None:
        return 1
    return max(1, min(MAX_POOLS, capacity // SEATS_PER_POOL))


def key(event_id: str, k: int) -> dict:
    return {"PK": {"S": f"{PREFIX}{event_id}#{k}"}, "SK": {"S": "COUNT"}}


def keys(event_id: str, count: int) -> list:
    return [key(event_id, k) for k in range(count)] if count > 1 else []


def read(items: dict, event_id: str, count: int) -> tuple:
    """The Pools of an event from a BatchGetItem's ``(PK, SK) -> item`` (a missing one is empty)."""
    found = []
    for k in range(count if count > 1 else 0):
        item = items.get((f"{PREFIX}{event_id}#{k}", "COUNT"), {})
        found.append(Pool(k, int(item["taken"]["N"]) if "taken" in item else 0,
                          int(item["cap"]["N"]) if "cap" in item else None,
                          int(item["waiting"]["N"]) if "waiting" in item else None))
    return tuple(found)


def pick(pools: tuple, rng=random, avoid: int = None) -> Optional[int]:
    """A pool to take a seat on: one with room, drawn at random (any when none has: its
    condition then fails and the signup reads again), other than ``avoid`` (the one another
    seat-taker held a moment ago) while another has room; None for an event without pools."""
    if not pools:
        return None
    free = [p.k for p in pools if p.room]
    free = [k for k in free if k != avoid] or free or [p.k for p in pools]
    return rng.choice(free)     # nosec B311 - spreading load, not a secret


def shares(taken: list, capacity) -> list:
    """Each pool's share of ``capacity``, adding up to it exactly: at least what a pool holds when
    the seats taken fit (the free seats go where the shares are smallest), at most that when they
    do not (the excess comes off the largest), so either every pool is at or under its share or
    every pool is at or over it."""
    if capacity is None:
        return [None] * len(taken)
    if capacity >= sum(taken):    # the highest level every pool can be raised to, then one more each
        level = _last(lambda lv: sum(max(t, lv) for t in taken) <= capacity, 0, capacity)
        caps = [max(t, level) for t in taken]
        lifted = [i for i, t in enumerate(taken) if t <= level][:capacity - sum(caps)]
        return [c + (i in lifted) for i, c in enumerate(caps)]
    level = _last(lambda lv: sum(min(t, lv) for t in taken) < capacity, -1, max(taken)) + 1
    caps = [min(t, level) for t in taken]
    cut = [i for i, t in enumerate(taken) if t >= level][::-1][:sum(caps) - capacity]
    return [c - (i in cut) for i, c in enumerate(caps)]


def _last(holds, low: int, high: int) -> int:
    """The largest value in ``[low, high]`` for which the rising ``holds`` is still true (``holds(low)``)."""
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if holds(middle) else (low, middle - 1)
    return low


def sync(event_id: str, count: int, capacity, is_open: bool) -> None:
    """Write the event's capacity (each pool's share) and whether registration is open to its
    pools, creating them the first time; each pool's ``taken`` checked as read, tried again while
    seat-takers change it. Raises Conflict when they never stop."""
    for attempt in range(SYNC_ATTEMPTS):
        if attempt:
            writes.backoff(attempt - 1)
        items = table.batch_get(keys(event_id, count), True)
        pools = read(items, event_id, count)
        caps = shares([p.taken for p in pools], capacity)
        request = []
        for pool, cap in zip(pools, caps):
            exists = (f"{PREFIX}{event_id}#{pool.k}", "COUNT") in items
            sets = "SET is_open = :open" + ("" if exists else ", taken = :taken") + (
                ", cap = :cap" if cap is not None else "")
            vals = dict(open=is_open, taken=pool.taken, **({"cap": cap} if cap is not None else {}))
            request.append(writes.update(key(event_id, pool.k), sets + ("" if cap is not None else " REMOVE cap"),
                                         "taken = :taken" if exists else "attribute_not_exists(PK)", **vals))
        try:
            return writes.transact(request)
        except (Conflict, writes.TransactionFailed):
            continue
    raise Conflict("seat pools kept changing")


def cancel(event_id: str, count: int, at: str) -> None:
    """The event is cancelled: no pool takes a seat any more (kept if stamped before)."""
    if count > 1:
        writes.transact([writes.update(key(event_id, k), "SET cancelled_at = if_not_exists(cancelled_at, :at)", at=at)
                         for k in range(count)])


def take_item(event_id: str, k: int, *, even_closed: bool = False, waiting_first: bool = True) -> dict:
    """A seat on pool ``k``: while it has room, the event is not cancelled (and, unless
    ``even_closed``, open), and (``waiting_first``: a newcomer) nobody waits."""
    condition = "attribute_exists(taken) AND attribute_not_exists(cancelled_at) AND " \
                "(attribute_not_exists(cap) OR taken < cap)"
    vals = {"one": 1}
    if not even_closed:
        condition += " AND is_open = :yes"
        vals["yes"] = True
    if waiting_first:
        condition += " AND attribute_not_exists(waiting)"
    return writes.update(key(event_id, k), "ADD taken :one", condition, **vals)


def marked(pools: tuple, epoch: int) -> bool:
    """Whether every pool keeps its seats for the waiting list, marked in ``epoch``."""
    return all(p.waiting == epoch for p in pools)


def in_epoch(epoch: int) -> tuple:
    """``(condition, values)``: a waiting-list shard's epoch is still ``epoch``."""
    return ("epoch = :epoch", {"epoch": epoch}) if epoch else ("attribute_not_exists(epoch)", {})


def flag_items(event_id: str, count: int, epoch: int, shard: dict) -> list:
    """Somebody is about to wait: every pool keeps its seats for the waiting list, marked in
    ``epoch``, while ``shard`` (so every shard) is still in it."""
    condition, vals = in_epoch(epoch)
    return [writes.update(key(event_id, k), "SET waiting = :e", "attribute_exists(taken)", e=epoch)
            for k in range(count)] + [writes.check(shard, condition, **vals)]


def unflag_items(event_id: str, count: int, shard_keys: list) -> list:
    """Nobody waits (every waiting-list shard checked empty): the pools offer their seats again,
    and every shard moves to the next epoch, so a join that read the pools marked looks again."""
    return [writes.update(shard, "ADD epoch :one", "attribute_not_exists(n) OR n <= :zero", one=1, zero=0)
            for shard in shard_keys] + [writes.update(key(event_id, k), "REMOVE waiting") for k in range(count)]


def give_back_item(event_id: str, k: int, condition: str = "taken > :zero") -> dict:
    """Pool ``k`` has one seat fewer taken."""
    return writes.update(key(event_id, k), "ADD taken :minus", condition, minus=-1, zero=0)


def delete_items(event_id: str, count: int) -> list:
    return [{"DeleteRequest": {"Key": key(event_id, k)}} for k in range(count)] if count > 1 else []

