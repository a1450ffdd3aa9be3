"""The programme's counters (chalicelib.programme): one item per session, and per attendance of a
hybrid event (``onsite``, ``online``), at ``SESSION#<event>#<counter id>``/``COUNT``, with ``taken``
(seats held) and ``waiting`` (people on its waiting list). A signup's transaction takes the event's
seat and these in one go (chalicelib.store.seats); docs/scaling.md says what they cost.
"""
from . import writes

PREFIX = "SESSION#"


def counter_key(event_id: str, counter_id: str) -> dict:
    return {"PK": {"S": f"{PREFIX}{event_id}#{counter_id}"}, "SK": {"S": "COUNT"}}


def counts(items: dict, event_id: str, counter_ids: list) -> dict:
    """counter id -> (taken, waiting), of the items a BatchGetItem found (``(PK, SK) -> item``)."""
    found = {}
    for cid in counter_ids:
        item = items.get((f"{PREFIX}{event_id}#{cid}", "COUNT"))
        if item:
            found[cid] = (int(item.get("taken", {"N": "0"})["N"]), int(item.get("waiting", {"N": "0"})["N"]))
    return found


def take(event_id: str, counter_id: str, capacity, *, seated: bool) -> dict:
    """The transaction item that takes a seat of the counter (only while one is free and nobody
    waits for it), or (``seated`` False) a place on its waiting list."""
    if not seated:
        return writes.update(counter_key(event_id, counter_id), "ADD waiting :one", one=1)
    free = "(attribute_not_exists(waiting) OR waiting <= :zero)"
    if capacity is None:
        return writes.update(counter_key(event_id, counter_id), "ADD taken :one", free, one=1, zero=0)
    return writes.update(counter_key(event_id, counter_id), "ADD taken :one",
                         free + " AND (attribute_not_exists(taken) OR taken < :cap)", one=1, zero=0, cap=capacity)


def adjust(event_id: str, deltas: dict) -> list:
    """One transaction item per counter of ``deltas`` (counter id -> (taken change, waiting change)),
    none going below zero: what a release gives back and a move up from the event's waiting list
    joins, merged, since a transaction may write an item once."""
    items = []
    for cid, (d_taken, d_waiting) in deltas.items():
        adds, conds, vals = [], [], {}
        for name, delta in (("taken", d_taken), ("waiting", d_waiting)):
            if delta:
                adds.append(f"{name} :d{name}")
                vals[f"d{name}"] = delta
            if delta < 0:
                conds.append(f"{name} >= :m{name}")
                vals[f"m{name}"] = -delta
        if adds:
            items.append(writes.update(counter_key(event_id, cid), "ADD " + ", ".join(adds),
                                       " AND ".join(conds) or None, **vals))
    return items


def released(held: list) -> dict:
    """The deltas that give back ``held`` (``(counter id, seated)``, chalicelib.programme.counted)."""
    deltas = {}
    for cid, seated in held:
        taken, waiting = deltas.get(cid, (0, 0))
        deltas[cid] = (taken - 1, waiting) if seated else (taken, waiting - 1)
    return deltas


def joined(deltas: dict, choices: list, attendance) -> dict:
    """``deltas`` plus what a registration moved up from the event's waiting list takes: a place on
    the waiting list of each session it chose (filled in order afterwards: chalicelib.choices), and
    its attendance's seat."""
    deltas = dict(deltas)
    for c in choices:
        taken, waiting = deltas.get(c["id"], (0, 0))
        deltas[c["id"]] = (taken, waiting + 1)
    if attendance:
        taken, waiting = deltas.get(attendance, (0, 0))
        deltas[attendance] = (taken + 1, waiting)
    return deltas


def move_up(event_id: str, reg, index: int, session_id: str, capacity, taken: int, waiting: int) -> bool:
    """Give a free seat of a session to ``reg``, waiting for it as its choice number ``index``, in one
    transaction: the counter (exactly as read: ``taken``, ``waiting``, so a seat taken or a place
    joined meanwhile makes the caller look again) and the choice's status. False when either changed."""
    from chalicelib.models import SEATED
    from . import roster
    if capacity is not None and taken >= capacity or waiting <= 0:
        return False
    items = [writes.update(counter_key(event_id, session_id), "ADD taken :one, waiting :minus",
                           "taken = :t AND waiting = :w" if taken else
                           "(attribute_not_exists(taken) OR taken = :t) AND waiting = :w",
                           one=1, minus=-1, t=taken, w=waiting),
             writes.update(roster.reg_key(event_id, reg.id), f"SET sessions[{index}].#s = :c",
                           f"sessions[{index}].id = :sid AND sessions[{index}].#s = :wl AND #s IN (:s0, :s1)",
                           {"#s": "status"}, c="confirmed", sid=session_id, wl="waitlisted",
                           s0=SEATED[0], s1=SEATED[1])]
    try:
        writes.transact(items)
        return True
    except (writes.TransactionFailed, writes.Conflict):
        return False


class Changed(Exception):
    """A switch found the registration or a session's seats other than it read them."""


def switch(reg, index, old: dict, new: dict, *, counted: bool, capacity, now) -> None:
    """One transaction: the registration's choice number ``index`` (``old``; None: none in that
    round yet) becomes ``new`` (None: none), and, when ``counted`` (the person holds an event
    seat), the old session's place is given back and the new one taken. Raises Changed when the
    registration's choice or the new session's seat is not as read, Conflict on a collision."""
    from chalicelib.models import SEATED
    from . import roster, table
    items = []
    if counted and old:
        items += adjust(reg.event_id, released([(old["id"], old["status"] == "confirmed")]))
    if counted and new:
        items.append(take(reg.event_id, new["id"], capacity, seated=new["status"] == "confirmed"))
    key = roster.reg_key(reg.event_id, reg.id)
    names, vals = {"#s": "status"}, dict(s0=SEATED[0], s1=SEATED[1], wl="waitlisted")
    cond = "#s IN (:s0, :s1, :wl)"
    if old:
        cond += f" AND sessions[{index}].id = :old"
        vals["old"] = old["id"]
        if new:
            expr = f"SET sessions[{index}] = :new"
            vals["new"] = new
        else:
            expr = f"REMOVE sessions[{index}]"
    else:
        count = len((reg.extra or {}).get("sessions") or [])
        if count:
            cond += " AND size(sessions) = :n"
        else:   # none chosen yet, or all given up (REMOVE of the last leaves an empty list)
            cond += " AND (attribute_not_exists(sessions) OR size(sessions) = :n)"
        vals["n"] = count
        expr = "SET sessions = list_append(if_not_exists(sessions, :empty), :add)"
        vals.update(empty=[], add=[new])
    # a new SEQUENCE: the calendar invite's description names the sessions (chalicelib.calendar)
    expr += ", updated_at = :at" if expr.startswith("SET") else " SET updated_at = :at"
    expr += " ADD #q :one"
    names["#q"] = "sequence"
    vals.update(at=table.iso(now), one=1)
    items.append(writes.update(key, expr, cond, names, **vals))
    try:
        writes.transact(items)
    except writes.TransactionFailed:
        raise Changed()
