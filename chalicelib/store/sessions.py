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


def give_back(event_id: str, counter_id: str, *, seated: bool) -> dict:
    """The transaction item that frees a seat of the counter (``seated``) or a waiting-list place."""
    name = "taken" if seated else "waiting"
    return writes.update(counter_key(event_id, counter_id), f"ADD {name} :minus", f"{name} > :zero", minus=-1, zero=0)


def move_up(event_id: str, counter_id: str, capacity) -> dict:
    """The transaction item that moves one person from the counter's waiting list to a seat (only
    while a seat is free)."""
    cond = "waiting > :zero" + ("" if capacity is None else " AND (attribute_not_exists(taken) OR taken < :cap)")
    vals = dict(one=1, minus=-1, zero=0, **({} if capacity is None else {"cap": capacity}))
    return writes.update(counter_key(event_id, counter_id), "ADD taken :one, waiting :minus", cond, **vals)
