"""Seat transactions: take a seat or a waiting-list place, release it, promote, confirm.

A seat is counted on the event item, or on one of a large event's seat pools (``pools``: the
Pools the caller read, which say which); every function below takes both."""
from datetime import datetime
from typing import NamedTuple

from chalicelib import programme
from chalicelib.errors import Conflict
from chalicelib.models import CONFIRMED, PENDING, SEATED, WAITLISTED, Registration

from . import events, roster, sessions, table, writes
from . import pools as seat_pools


class Rejected(Exception):
    """A signup transaction's condition failed: ``what`` is event, session (``counter``) or duplicate."""

    def __init__(self, what, counter: str = None):
        super().__init__(what)
        self.what, self.counter = what, counter


class Waiting(NamedTuple):
    """The waiting list's counts as an event was read (``signups._waiting_as_read``): what the event
    item counts itself (events stored before the shards), and each shard's count. The default is
    nobody waiting."""
    own: int = 0
    shards: tuple = ()


# a cancelled event (``events.mark_cancelled``) takes nobody, not even an organiser's addition,
# and moves nobody up from its waiting list
_NOT_CANCELLED = "attribute_not_exists(cancelled_at)"
_EXISTS = "attribute_exists(PK) AND " + _NOT_CANCELLED
_OPEN = _EXISTS + " AND is_open = :yes"
# Every write that changes a registration's status counts it: the invite's SEQUENCE.
_COUNT = " ADD #q :one"
_SEQUENCE = {"#q": "sequence"}
# A newcomer takes a seat only if nobody waits for it: the seat on the event item, with every
# waiting-list shard checked empty in the same transaction (``waitlist_count`` on the event item
# is what events stored before the shards still count). A waiting-list join writes its own shard
# only; that the event was full when it joined is checked after the commit (``signups``).
_HAS_SEAT = " AND waitlist_count = :own AND (attribute_not_exists(#cap) OR seats_taken < #cap)"
_NOBODY_WAITS = "attribute_not_exists(n) OR n <= :zero"


def _nobody_waits(event_id: str, pools_count: int = 1, seen: tuple = ()) -> list:
    """Checks that nobody waits on any waiting-list shard; with ``seen`` (each shard's count as
    read, ``Event.waitlist_shards``), that every shard still counts what was read: nobody joined."""
    keys = events.waitlist_keys(event_id, pools_count)
    seen = tuple(seen) + (0,) * (len(keys) - len(seen))
    return [writes.check(key, "n = :n", n=n) if n > 0 else writes.check(key, _NOBODY_WAITS, zero=0)
            for key, n in zip(keys, seen)]


def _leaves_list(reg: Registration, old: bool = False, *, add: str = "", condition: str = None,
                 names: dict = None, **vals) -> list:
    """The writes that count ``reg`` off the waiting list (never below zero), after what the same
    transaction does on the event item (``add``: its ADD clauses, ``condition``; a transaction
    names an item once); the leaver's shard is the last item.

    ``old``: events stored before the shards count the people who waited then on the event
    item's ``waitlist_count``. Such a person leaves from their shard while it counts anyone, else
    from ``waitlist_count``, only while their shard reads 0 (checked in the same transaction).
    That keeps the sum exact at every commit, and the old count always there for whoever it
    still counts (docs/deploy.md, "Events stored before the waiting-list shards")."""
    ekey, shard = events.event_key(reg.event_id), events.waitlist_shard(reg.event_id, reg.id, reg.shard)
    if old:
        add = ", ".join(filter(None, (add, "waitlist_count :minus")))
        condition = " AND ".join(filter(None, (condition, "waitlist_count > :zero")))
        vals.update(minus=-1, zero=0)
    items = [writes.update(ekey, "ADD " + add, condition, names, **vals)] if add else \
        [writes.check(ekey, condition, names, **vals)] if condition else []
    if old:
        return items + [writes.check(shard, _NOBODY_WAITS, zero=0)]
    return items + [writes.update(shard, "ADD n :minus", "n > :zero", minus=-1, zero=0)]


def _transact_leaving(items_of) -> None:
    """Commit ``items_of(False)``, whose last item counts a person off their waiting-list shard;
    when that shard read 0, the person is counted on the event item (an event stored before the
    shards): commit ``items_of(True)`` instead. Raises TransactionFailed, Conflict."""
    items = items_of(False)
    try:
        return writes.transact(items)
    except writes.TransactionFailed as e:
        if e.reasons[len(items) - 1] != "ConditionalCheckFailed":
            raise
    writes.transact(items_of(True))


def insert_registration(reg: Registration, email_norm: str, *, seated: bool, due: tuple = None,
                        now: float, even_closed: bool = False, counters: tuple = (), pools: tuple = (),
                        epoch: int = 0, unsuited: Waiting = None) -> None:
    """One transaction: take a seat (or a waiting-list place), the registration and its marker.
    (The event's velocity is counted before, for every attempt: chalicelib.limits.)

    A seat is taken on the event item, only while it is open, not cancelled, under capacity and
    nobody waits. A waiting-list place writes the registration's shard, not the event item: the
    caller checks afterwards that the event was full and open (``signups._take_a_place``).
    Raises Rejected naming the failed condition: ``event`` before ``duplicate``, so a
    repeated address meets the same refusals as a new one.
    An address is free again from the second its registration expires (as ``table.live`` reads it).
    ``even_closed``: an organiser's addition, taken while registration is closed too.
    ``counters``: ``(counter id, capacity, seated)`` of each programme counter the registration takes
    a place on (chalicelib.programme.counted): a seat there only while one is free and nobody waits
    for it, in this same transaction, so nobody holds the event's seat without the session's or the
    other way round. Its failed condition is Rejected ``session`` (``.counter`` names it).
    ``pools``: the event's seat pools as read (``epoch``: its waiting-list shards' epoch then): the
    seat is taken on ``reg.pool``, without the event item; a join writes its shard only while the
    pools keep their seats for the waiting list (``store.pools``).
    ``unsuited``: the waiting list as read (``release``), none of whom the seat suits (on a hybrid
    event they wait for the other part): the seat is taken while the list still counts just that.
    """
    if pools:
        take = _pooled(reg, seated, pools, even_closed, epoch, unsuited)
    elif seated:
        opened, vals = (_EXISTS, {}) if even_closed else (_OPEN, {"yes": True})
        waiting = unsuited or Waiting()
        take = [writes.update(events.event_key(reg.event_id), "SET seats_taken = seats_taken + :one",
                              opened + _HAS_SEAT, {"#cap": "capacity"}, one=1, own=waiting.own, **vals)]
        take += _nobody_waits(reg.event_id, seen=waiting.shards)
    else:
        take = [writes.update(events.waitlist_shard(reg.event_id, reg.id, reg.shard), "ADD n :one", one=1)]
    marker = table.to_item({"registration_id": reg.id, "expires_at": reg.expires_at})
    marker.update(roster.marker_key(reg.event_id, email_norm))
    what = ["event"] * len(take)
    for cid, capacity, in_seat in counters:
        take.append(sessions.take(reg.event_id, cid, capacity, seated=in_seat))
        what.append("session:" + cid)
    items = take + [writes.put(roster.registration_item(reg, email_norm, due), "attribute_not_exists(PK)")]
    what.append("conflict")
    # a stub (an attempt's stamp, no registration) or an expired marker may be replaced
    items.append(writes.put(marker, "attribute_not_exists(registration_id) OR expires_at <= :now", now=int(now)))
    what.append("duplicate")
    try:
        writes.transact(items)
    except writes.TransactionFailed as e:
        failed = [what[i] for i, code in enumerate(e.reasons) if code == "ConditionalCheckFailed"]
        full = next((w for w in failed if w.startswith("session:")), None)
        if "event" not in failed and full:
            raise Rejected("session", counter=full[len("session:"):])
        raise Rejected(next((w for w in ("event", "duplicate") if w in failed), "conflict"))


def _pooled(reg: Registration, seated: bool, pools: tuple, even_closed: bool, epoch: int, unsuited: Waiting = None) -> list:
    """The seat or waiting-list place of a signup on an event with seat pools. A seat-taker who read
    nobody waiting while the pools keep their seats for the waiting list first lets them go (only
    while every shard reads empty, else Rejected ``event``); a joiner who read the pools unmarked
    (or marked in an earlier epoch) first marks them, and joins only in that epoch (else Rejected
    ``event``: the caller reads again). Raises Conflict (DynamoDB's) from either. ``unsuited``
    (``insert_registration``): the seat is taken beside the mark, while every shard counts as read."""
    event_id, count = reg.event_id, len(pools)
    if seated and unsuited:
        return [seat_pools.take_item(event_id, reg.pool, even_closed=even_closed, waiting_first=False)] + \
            _nobody_waits(event_id, count, seen=unsuited.shards)
    shard = events.waitlist_shard(event_id, reg.id, reg.shard)
    try:
        if seated and any(p.waiting is not None for p in pools):
            writes.transact(seat_pools.unflag_items(event_id, count, events.waitlist_keys(event_id, count)))
        elif not seated and not seat_pools.marked(pools, epoch):
            writes.transact(seat_pools.flag_items(event_id, count, epoch, shard))
    except writes.TransactionFailed:
        raise Rejected("event")
    if seated:
        return [seat_pools.take_item(event_id, reg.pool, even_closed=even_closed)]
    condition, vals = seat_pools.in_epoch(epoch)
    return [writes.update(shard, "ADD n :one", condition, one=1, **vals)]


def withdraw(reg: Registration, email_norm: str) -> bool:
    """Undo a waiting-list join that found the event closed or cancelled after it committed: the
    registration, its marker and its count go, as if it never happened. False when it is not
    waiting any more (a cancellation of the event took it first)."""
    gone = [writes.delete(roster.reg_key(reg.event_id, reg.id), "#s = :w", names={"#s": "status"}, w=WAITLISTED),
            writes.delete(roster.marker_key(reg.event_id, email_norm), "registration_id = :rid", rid=reg.id)]
    try:
        _transact_leaving(lambda old: gone + _leaves_list(reg, old))
        return True
    except writes.TransactionFailed:
        return False


def release(reg: Registration, new_status: str, *, promote: Registration = None, promote_to: str = CONFIRMED,
            promote_due: tuple = None, scrub: bool = False, now: datetime, by: str = None, pools: tuple = (),
            unsuited: Waiting = None) -> None:
    """Move ``reg`` out of the active statuses and give its seat to ``promote``, atomically.

    A promotion needs the event at or under capacity (after a capacity cut the seat just
    goes); with no one promoted the seat is freed only if nobody waits or the event is over
    capacity, checked at commit time, so a seat is never left free while someone waits
    (else Conflict, and the caller looks again). ``scrub`` erases the person's data: the item keeps
    only ``roster.KEPT_ON_ERASURE`` (``new_status`` is then ERASED). ``by`` (attendee, organiser,
    expiry, event) is stored as ``cancelled_by``: the mail says who it was. ``by`` event (the
    organiser cancelled the whole event) frees the seat with nobody promoted into it.
    ``pools``: the event's seat pools as read (``_pooled_release``).
    ``unsuited``: the waiting list as read (``Waiting``), none of
    whom the seat suits (on a hybrid event they wait for the other part): it is freed with nobody
    moved up, while the list still counts just that; anyone who joined since makes it Conflict.
    """
    ekey, at = events.event_key(reg.event_id), table.iso(now)
    if scrub:   # the item written anew with what erasure keeps (roster.KEPT_ON_ERASURE), if unchanged since read
        items = [writes.put(roster.erased_item(reg, now), "#s = :old AND " + (
            "#q = :seq" if reg.sequence else "(attribute_not_exists(#q) OR #q = :seq)"),
            names={"#s": "status", **_SEQUENCE}, old=reg.status, seq=reg.sequence)]
    else:
        who = ", cancelled_by = :by" if by else ""
        items = [writes.update(roster.reg_key(reg.event_id, reg.id),
                               "SET #s = :new, updated_at = :at" + who + " REMOVE due_kind, due_at" + _COUNT,
                               "#s = :old", {"#s": "status", **_SEQUENCE}, new=new_status, at=at, old=reg.status,
                               one=1, **({"by": by} if by else {}))]
    if reg.status in (CONFIRMED, PENDING, WAITLISTED):
        items.append(writes.delete(roster.marker_key(reg.event_id, roster.normalise(reg.email)),
                                   "registration_id = :rid", rid=reg.id))
    # the programme's places it held go, and the one moved up joins its sessions' waiting lists
    deltas = sessions.released(programme.counted(reg))
    if promote and reg.status in SEATED:
        deltas = sessions.joined(deltas, programme.choices(promote), programme.attendance(promote))
    items += sessions.adjust(reg.event_id, deltas)
    leaving = None
    if reg.status == WAITLISTED:
        leaving = lambda old: items + _leaves_list(reg, old)        # noqa: E731
    elif reg.status in SEATED and pools:
        leaving = _pooled_release(reg, items, pools, promote, promote_to, promote_due, at, by, unsuited)
    elif reg.status in SEATED and promote:
        items.append(_promotion(promote, promote_to, promote_due, at))
        leaving = lambda old: items + _leaves_list(  # noqa: E731
            promote, old, condition=_NOT_CANCELLED + " AND (attribute_not_exists(#cap) OR seats_taken <= #cap)",
            names={"#cap": "capacity"})
    elif reg.status in SEATED and by == "event":     # the event is cancelled: nobody moves up
        items.append(writes.update(ekey, "ADD seats_taken :minus", "seats_taken > :zero", minus=-1, zero=0))
    elif reg.status in SEATED:      # nobody moves up: only while nobody waits (or none it suits), or over capacity
        waiting = unsuited or Waiting()
        freed = items + [writes.update(ekey, "ADD seats_taken :minus", "seats_taken > :zero AND waitlist_count = :own",
                                       minus=-1, zero=0, own=waiting.own)] + _nobody_waits(reg.event_id, seen=waiting.shards)
        items.append(writes.update(ekey, "ADD seats_taken :minus", "seats_taken > #cap", {"#cap": "capacity"},
                                   minus=-1))
        try:
            return writes.transact(freed)
        except writes.TransactionFailed as e:
            if all(code in ("None", "") for code in e.reasons[len(items):]):
                raise Conflict("registration or waiting list changed")  # not the seat: the registration moved
    try:
        _transact_leaving(leaving) if leaving else writes.transact(items)
    except writes.TransactionFailed:
        raise Conflict("registration or waiting list changed")


def _pooled_release(reg, items, pools, promote, promote_to, promote_due, at, by, unsuited=None):
    """What ``release`` commits for a seat on a seat pool (``items``: the registration's own
    writes), as a function of ``old`` for ``_transact_leaving``. The seat goes back to the pool
    the registration names: to ``promote`` (every pool checked at or under its share: the event at
    or under capacity), or freed while nobody waits (every shard checked empty; or, ``unsuited``, as
    read), or, over capacity,
    freed from a pool over its share, or from one at its share that hands the share to one over its
    own (``store.pools``)."""
    event_id = reg.event_id
    k = reg.pool if reg.pool is not None and reg.pool < len(pools) else \
        next((p.k for p in pools if p.taken > 0), 0)    # a seat without its pool (none is stored so): any
    mine = pools[k]
    caps = [p.cap for p in pools]
    over = None not in caps and sum(p.taken for p in pools) > sum(caps)
    if promote:     # only while the event is at or under capacity: every pool at or under its share
        items = items + [_promotion(promote, promote_to, promote_due, at, pool=k), writes.check(
            seat_pools.key(event_id, k), _NOT_CANCELLED + " AND (attribute_not_exists(cap) OR taken <= cap)")] + [
            writes.check(seat_pools.key(event_id, p.k), "attribute_not_exists(cap) OR taken <= cap")
            for p in pools if p.k != k]
        return lambda old: items + _leaves_list(promote, old)
    if by == "event" or not over:
        freed = [seat_pools.give_back_item(event_id, k)]
        if by != "event":   # nobody moves up: only while nobody waits (or none it suits)
            freed += _nobody_waits(event_id, len(pools), seen=(unsuited or Waiting()).shards)
    elif mine.taken > mine.cap:
        freed = [seat_pools.give_back_item(event_id, k, "taken > cap")]
    else:
        fuller = next((p.k for p in pools if p.taken > p.cap), None)
        if fuller is None:
            raise Conflict("seat pools changed")
        freed = [writes.update(seat_pools.key(event_id, k), "ADD taken :minus, cap :minus",
                               "taken > :zero AND taken <= cap", minus=-1, zero=0),
                 writes.update(seat_pools.key(event_id, fuller), "ADD cap :one", "taken > cap", one=1)]
    return lambda old: items + freed


def promote(reg: Registration, promote_to: str, due: tuple, now: datetime, pools: tuple = ()) -> None:
    """Give a free seat to a waitlisted registration (raises Conflict when none is free, or the
    event is cancelled). ``pools``: the event's seat pools as read; the seat is taken on one with room."""
    pool = seat_pools.pick(pools)
    promotion = [_promotion(reg, promote_to, due, table.iso(now), pool=pool)]
    promotion += sessions.adjust(reg.event_id, sessions.joined({}, programme.choices(reg), programme.attendance(reg)))
    if pools:
        promotion.append(seat_pools.take_item(reg.event_id, pool, even_closed=True, waiting_first=False))
        try:
            return _transact_leaving(lambda old: promotion + _leaves_list(reg, old))
        except writes.TransactionFailed:
            raise Conflict("no free seat or registration changed")
    try:
        _transact_leaving(lambda old: promotion + _leaves_list(
            reg, old, add="seats_taken :one", condition=_NOT_CANCELLED + " AND (attribute_not_exists(#cap) OR seats_taken < #cap)",
            names={"#cap": "capacity"}, one=1))
    except writes.TransactionFailed:
        raise Conflict("no free seat or registration changed")


def _promotion(reg, to_status, due, at, pool=None):
    sets = "SET #s = :to, updated_at = :at, promoted_at = :at"
    vals = dict(to=to_status, at=at, w=WAITLISTED, one=1)
    names = {"#s": "status", **_SEQUENCE}
    if pool is not None:    # the seat pool its seat is now counted on
        sets += ", #pool = :pool"
        vals["pool"], names["#pool"] = pool, "pool"
    if due:
        sets += ", due_kind = :dk, due_at = :da"
        vals.update(dk=due[0], da=due[1])
        if to_status == PENDING:
            sets += ", hold_until = :da"
    return writes.update(roster.reg_key(reg.event_id, reg.id), sets + _COUNT, "#s = :w", names, **vals)


def confirm(reg: Registration, due: tuple, now: datetime) -> bool:
    """pending -> confirmed, with its reminder ``due`` (or none); False if it was not pending any more."""
    vals = dict(c=CONFIRMED, at=table.iso(now), p=PENDING, one=1)
    if due:
        expr = "SET #s = :c, updated_at = :at, confirmed_at = :at, due_kind = :dk, due_at = :da REMOVE hold_until"
        vals.update(dk=due[0], da=due[1])
    else:
        expr = "SET #s = :c, updated_at = :at, confirmed_at = :at REMOVE hold_until, due_kind, due_at"
    return writes._conditional_update(roster.reg_key(reg.event_id, reg.id), expr + _COUNT, "#s = :p",
                                      {"#s": "status", **_SEQUENCE}, **vals)
