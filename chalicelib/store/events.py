"""Event items: the definition and its live seat counter; the waiting list's counter shards.

Seats are counted exactly on the event item: every seat taken or given up is a transaction on
it, under ``seats_taken < capacity``. The waiting list is counted on ``WAITLIST_SHARDS`` small
items of their own partition keys (``WAITLIST#<event>#<k>``), a registration on the shard its id
hashes to: a waiting-list join writes its own shard, not the event item, so joins contend with
one another ``WAITLIST_SHARDS`` times less and never with seat-takers (docs/scaling.md). The
count is their sum (plus ``waitlist_count`` on the event item, which joins no longer write).

A large event counts its seats on seat pools instead (``pools``: ``SEATS#<event>#<k>``), read in
the same BatchGetItem; its ``seats_taken`` is their sum. Its waiting list has
``POOLED_WAITLIST_SHARDS`` shards (``shard_count``): a join takes one at random and the
registration records it (``shard``), as a seat records its pool.
"""
import json
import random
import zlib
from dataclasses import replace
from datetime import datetime
from typing import Optional

from chalicelib import aws, programme
from chalicelib.events import from_definition

from . import pools, sessions, table, writes

META = "META"
WAITLIST_SHARDS = 4             # an event on its event item (and every event stored before pools)
POOLED_WAITLIST_SHARDS = 16     # an event with seat pools: a hot minute's 9,500 joins at about 10 a second a shard
WAITLIST_PREFIX = "WAITLIST#"


def event_key(event_id: str) -> dict:
    return {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": META}}


def waitlist_key(event_id: str, shard: int) -> dict:
    return {"PK": {"S": f"{WAITLIST_PREFIX}{event_id}#{shard}"}, "SK": {"S": "COUNT"}}


def shard_count(pools_count: int) -> int:
    """How many waiting-list shards an event with ``pools_count`` seat pools (1: none) counts on.
    Fixed with its pools when it is created; the first WAITLIST_SHARDS are the same keys either way."""
    return POOLED_WAITLIST_SHARDS if pools_count > 1 else WAITLIST_SHARDS


def waitlist_shard(event_id: str, rid: str, shard: int = None) -> dict:
    """The key of the shard that counts registration ``rid`` while it waits: the one it recorded
    (``shard``, an event with seat pools), else the one its id hashes to."""
    return waitlist_key(event_id, zlib.crc32(rid.encode()) % WAITLIST_SHARDS if shard is None else shard)


def pick_shard(pools: tuple, rng=random) -> Optional[int]:
    """A waiting-list shard for a join to an event with seat pools, drawn at random (None without)."""
    return rng.randrange(shard_count(len(pools))) if pools else None    # nosec B311 - spreading load, not a secret


def waitlist_keys(event_id: str, pools_count: int = 1) -> list:
    return [waitlist_key(event_id, shard) for shard in range(shard_count(pools_count))]


def get_event(event_id: str, consistent: bool = False, *, waiting: bool = True):
    """The Event with its live counters (one BatchGetItem: the event item and its shards), or None.
    ``waiting`` False: the event item alone (one GetItem), its ``waitlist_count`` not counted."""
    if not waiting:
        item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=event_key(event_id),
                                       ConsistentRead=consistent).get("Item")
        if not item:
            return None
        d = table.from_item(item)
        count = _POOLS[event_id] = int(d.get("pools", 1))
        return _event(d, seats=pools.read(_batch_get(pools.keys(event_id, count), consistent), event_id, count))
    known, pooled = _COUNTERS.get(event_id, ()), _POOLS.get(event_id, 1)
    asked = [event_key(event_id)] + waitlist_keys(event_id, pooled) + pools.keys(event_id, pooled) + [
        sessions.counter_key(event_id, cid) for cid in known]
    items = _batch_get(asked, consistent)
    item = items.get((f"EVENT#{event_id}", META))
    if not item:
        return None
    d = table.from_item(item)
    ids = _COUNTERS[event_id] = programme.counter_ids(json.loads(d["spec"]))
    count = _POOLS[event_id] = int(d.get("pools", 1))
    missing = [sessions.counter_key(event_id, cid) for cid in ids if cid not in known]
    if count != pooled:
        missing += [key for key in pools.keys(event_id, count) + waitlist_keys(event_id, count) if key not in asked]
    if missing:     # a programme or pools this process had not seen yet: in a second BatchGetItem
        items.update(_batch_get(missing, consistent))
    event = _event(d, _shards(items, event_id, count), sessions.counts(items, event_id, ids),
                   pools.read(items, event_id, count))
    return replace(event, waitlist_epoch=_epoch(items, event_id, count)) if event.pools else event


# event id -> the ids of its programme's counters, as this process last read its definition: read
# in the same BatchGetItem as the event (a stale list costs a second one, never a wrong count)
_COUNTERS = {}
_POOLS = {}     # event id -> its number of seat pools, as last read (the same: a stale one costs a second read)


def _epoch(items: dict, event_id: str, pools_count: int) -> int:
    """The waiting-list shards' epoch (the same on each: ``pools.unflag_items`` raises them together)."""
    return max((int(items[key]["epoch"]["N"]) for key in ((k["PK"]["S"], k["SK"]["S"])
                                                        for k in waitlist_keys(event_id, pools_count))
                if key in items and "epoch" in items[key]), default=0)


def _shards(items: dict, event_id: str, pools_count: int = 1) -> tuple:
    """Each waiting-list shard's count, in ``waitlist_keys``' order (0: none stored yet)."""
    found = (items.get((k["PK"]["S"], k["SK"]["S"]), {}) for k in waitlist_keys(event_id, pools_count))
    return tuple(int(item["n"]["N"]) if "n" in item else 0 for item in found)


_batch_get = table.batch_get


def get_definition(event_id: str):
    """The stored definition (the JSON ``PUT`` took, normalised), or None."""
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=event_key(event_id), ConsistentRead=True,
                                   ProjectionExpression="spec").get("Item")
    return json.loads(item["spec"]["S"]) if item else None


def events_of_organisation(organisation_id: str) -> list:
    """Every event of an organisation, with live counters (the ``by_organisation`` index)."""
    kwargs = dict(TableName=aws.table_name(), IndexName="by_organisation",
                  KeyConditionExpression="organisation_id = :org", ExpressionAttributeValues=table.values(org=organisation_id))
    found = [table.from_item(item)
             for page in aws.dynamodb().get_paginator("query").paginate(**kwargs) for item in page["Items"]]
    ids = [(d["PK"][len("EVENT#"):], int(d.get("pools", 1))) for d in found]
    shards = _batch_get([key for eid, count in ids for key in waitlist_keys(eid, count) + pools.keys(eid, count)], False)
    return [_event(d, _shards(shards, eid, count), seats=pools.read(shards, eid, count)) for d, (eid, count) in zip(found, ids)]


def _event(d: dict, shards: tuple = (), counts: dict = None, seats: tuple = ()):
    """The Event of a stored event item; ``shards``: its waiting-list shards' counts; ``seats``: its
    Pools, whose sum is its seats taken when it has them."""
    taken = sum(p.taken for p in seats) if seats else d.get("seats_taken", 0)
    event = replace(from_definition(json.loads(d["spec"]), taken, d.get("waitlist_count", 0) + sum(shards), counts),
                    waitlist_shards=shards)
    if seats:
        event = replace(event, pools=seats)
    if d.get("archived_at"):
        event = replace(event, archived_at=datetime.fromisoformat(d["archived_at"]))
    if not d.get("cancelled_at"):
        return event
    return replace(event, cancelled_at=datetime.fromisoformat(d["cancelled_at"]),
                   cancel_message=d.get("cancel_message", ""))


def set_archived(event_id: str, now) -> bool:
    """Archive (``now``, a datetime) or bring back (``now`` None) an event: ``archived_at`` on
    the event item, outside its definition, so saving the definition keeps it. False when the
    event does not exist (nothing written)."""
    from botocore.exceptions import ClientError
    expr, vals = ("SET archived_at = :at", table.values(at=table.iso(now))) if now else ("REMOVE archived_at", None)
    try:
        aws.dynamodb().update_item(TableName=aws.table_name(), Key=event_key(event_id), UpdateExpression=expr,
                                   ConditionExpression="attribute_exists(spec)",
                                   **({"ExpressionAttributeValues": vals} if vals else {}))
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise


def item_keys(event_id: str) -> list:
    """``(sort key, type)`` of every item of the event: the event itself, its registrations and
    their address markers, its messages and their deliveries, its digest schedule, its export jobs."""
    kwargs = dict(TableName=aws.table_name(), KeyConditionExpression="PK = :pk", ConsistentRead=True,
                  ProjectionExpression="SK", ExpressionAttributeValues=table.values(pk=f"EVENT#{event_id}"))
    return [item["SK"]["S"] for page in aws.dynamodb().get_paginator("query").paginate(**kwargs)
            for item in page["Items"]]


BATCH = 25      # DynamoDB's most per BatchWriteItem
MAX_POOL_COUNT = pools.MAX_POOLS


def delete_event(event_id: str, *, sleep=None) -> int:
    """Delete the event and every item under it; returns how many items went. The event item goes
    first (conditionally: False-y 0 when it is gone already), so a signup racing the delete finds
    no event and stores nothing; then the rest in batches, unprocessed ones written again."""
    import time
    from botocore.exceptions import ClientError
    sleep = sleep or time.sleep
    definition = get_definition(event_id) or {}     # its programme's counters go too (an id may come back)
    try:
        aws.dynamodb().delete_item(TableName=aws.table_name(), Key=event_key(event_id),
                                   ConditionExpression="attribute_exists(PK)")
    except ClientError as e:
        if e.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
    keys = [sk for sk in item_keys(event_id) if sk != META]
    for start in range(0, len(keys), BATCH):
        requests = [{"DeleteRequest": {"Key": {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": sk}}}}
                    for sk in keys[start:start + BATCH]]
        requests = writes.batch_write(requests, sleep)
        if requests:
            raise RuntimeError(f"{len(requests)} items of event {event_id} were not deleted")
    counters = [{"DeleteRequest": {"Key": sessions.counter_key(event_id, cid)}}
                for cid in programme.counter_ids(definition)]
    counters += pools.delete_items(event_id, MAX_POOL_COUNT)     # whichever it had (deleting none is free)
    for start in range(0, len(counters), BATCH):
        if writes.batch_write(counters[start:start + BATCH], sleep):
            raise RuntimeError(f"counters of event {event_id} were not deleted")
    _COUNTERS.pop(event_id, None)
    _POOLS.pop(event_id, None)
    return len(keys) + 1


def mark_cancelled(event_id: str, message: str, now: datetime) -> bool:
    """The organiser cancelled the event: ``cancelled_at`` (and the reason) on the event item, outside
    its definition, so saving the definition again keeps it. Every signup transaction checks it
    (``seats``). True the first time; False when it was cancelled before or does not exist
    (nothing written)."""
    from botocore.exceptions import ClientError
    try:
        aws.dynamodb().update_item(
            TableName=aws.table_name(), Key=event_key(event_id),
            UpdateExpression="SET cancelled_at = :at, cancel_message = :m",
            ConditionExpression="attribute_exists(spec) AND attribute_not_exists(cancelled_at)",
            ExpressionAttributeValues=table.values(at=table.iso(now), m=message))
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise


def put_event(definition: dict, now: datetime, *, only_new: bool = False, new: bool = False) -> bool:
    """Create or replace an event's definition, keeping its counters; then its seat pools' copy of
    its capacity and whether it is open (``pools.sync``). True if created.

    ``only_new``: create only; False (and nothing written) when the event already exists.
    ``new``: the caller found no event: one created now gets its seat pools (``pools.count_for``);
    an event stored before keeps what it counts on."""
    capacity, organisation = programme.total_capacity(definition), definition.get("organisation_id")
    names = {"#cap": "capacity", "#org": "organisation_id"}
    sets = ["spec = :d, is_open = :open, updated_at = :now, created_at = if_not_exists(created_at, :now), "
            "seats_taken = if_not_exists(seats_taken, :zero), waitlist_count = if_not_exists(waitlist_count, :zero)"]
    removes = []
    vals = dict(d=json.dumps(definition, ensure_ascii=False), open=definition["registration_open"],
                now=table.iso(now), zero=0)
    count = pools.count_for(capacity) if only_new or new else 1
    if count > 1:
        sets.append("pools = if_not_exists(pools, :pools)")
        vals["pools"] = count
    for name, value, key in (("#cap", capacity, "cap"), ("#org", organisation, "org")):
        if value is None:
            removes.append(name)
        else:
            sets.append(f"{name} = :{key}")
            vals[key] = value
    expr = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else "")
    request = dict(TableName=aws.table_name(), Key=event_key(definition["id"]), UpdateExpression=expr,
                   ExpressionAttributeNames=names, ExpressionAttributeValues=table.values(**vals),
                   ReturnValues="ALL_OLD")
    if only_new:
        from botocore.exceptions import ClientError
        try:
            aws.dynamodb().update_item(**request, ConditionExpression="attribute_not_exists(spec)")
        except ClientError as e:
            if e.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        old = {}
    else:
        old = aws.dynamodb().update_item(**request).get("Attributes", {})
    count = int(old["pools"]["N"]) if "pools" in old else count if "spec" not in old else 1
    if count > 1:
        pools.sync(definition["id"], count, capacity, definition["registration_open"])
    return "spec" not in old


def has_registrations(event_id: str) -> bool:
    """Whether anyone ever signed up (a registration item of any status, erased ones included)."""
    from .roster import REG_PREFIX
    found = aws.dynamodb().query(
        TableName=aws.table_name(), KeyConditionExpression="PK = :pk AND begins_with(SK, :reg)",
        ExpressionAttributeValues=table.values(pk=f"EVENT#{event_id}", reg=REG_PREFIX),
        ConsistentRead=True, Limit=1, ProjectionExpression="PK")
    return bool(found.get("Items"))


def rename_event(old_id: str, definition: dict, now: datetime) -> bool:
    """Move an event item to ``definition["id"]`` in one transaction; False when it cannot be
    moved (the new id is taken, or a seat or waiting-list place was taken meanwhile). The caller
    checked that nobody signed up (``has_registrations``); the counters (the seats and the
    waiting-list shards), checked again at commit, catch a signup that lands in between. The old digest schedule goes with it."""
    from . import digests, writes
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=event_key(old_id), ConsistentRead=True).get("Item")
    if not item:
        return False
    moved = {**item, **event_key(definition["id"]), "spec": {"S": json.dumps(definition, ensure_ascii=False)},
             "updated_at": {"S": table.iso(now)}}
    count, capacity = int(item.get("pools", {}).get("N", 1)), programme.total_capacity(definition)
    # its seat pools move too: the old ones empty, the new ones with the definition's shares
    seats = [writes.delete(pools.key(old_id, k), "attribute_not_exists(taken) OR taken <= :zero", zero=0)
             for k in range(count if count > 1 else 0)]
    seats += [writes.put({**pools.key(definition["id"], k), **table.to_item(
        {"taken": 0, "is_open": definition["registration_open"], "cap": cap})}, "attribute_not_exists(PK)")
              for k, cap in enumerate(pools.shares([0] * count, capacity) if count > 1 else [])]
    try:
        writes.transact([
            writes.put(moved, "attribute_not_exists(PK)"),
            writes.delete(event_key(old_id), "seats_taken = :zero AND waitlist_count = :zero", zero=0),
            writes.delete(digests.schedule_key(old_id))] +
            [writes.check(key, "attribute_not_exists(n) OR n <= :zero", zero=0) for key in waitlist_keys(old_id, count)] +
            seats)
    except (writes.Conflict, writes.TransactionFailed):
        return False
    _POOLS.pop(old_id, None)
    return True
