"""Event items: the definition and its live seat counter; the waiting list's counter shards.

Seats are counted exactly on the event item: every seat taken or given up is a transaction on
it, under ``seats_taken < capacity``. The waiting list is counted on ``WAITLIST_SHARDS`` small
items of their own partition keys (``WAITLIST#<event>#<k>``), a registration on the shard its id
hashes to: a waiting-list join writes its own shard, not the event item, so joins contend with
one another ``WAITLIST_SHARDS`` times less and never with seat-takers (docs/scaling.md). The
count is their sum (plus ``waitlist_count`` on the event item, which joins no longer write).
"""
import json
import zlib
from dataclasses import replace
from datetime import datetime

from chalicelib import aws, programme
from chalicelib.events import from_definition

from . import sessions, table, writes

META = "META"
WAITLIST_SHARDS = 4
WAITLIST_PREFIX = "WAITLIST#"


def event_key(event_id: str) -> dict:
    return {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": META}}


def waitlist_key(event_id: str, shard: int) -> dict:
    return {"PK": {"S": f"{WAITLIST_PREFIX}{event_id}#{shard}"}, "SK": {"S": "COUNT"}}


def waitlist_shard(event_id: str, rid: str) -> dict:
    """The key of the shard that counts registration ``rid`` while it waits."""
    return waitlist_key(event_id, zlib.crc32(rid.encode()) % WAITLIST_SHARDS)


def waitlist_keys(event_id: str) -> list:
    return [waitlist_key(event_id, shard) for shard in range(WAITLIST_SHARDS)]


def get_event(event_id: str, consistent: bool = False, *, waiting: bool = True):
    """The Event with its live counters (one BatchGetItem: the event item and its shards), or None.
    ``waiting`` False: the event item alone (one GetItem), its ``waitlist_count`` not counted."""
    if not waiting:
        item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=event_key(event_id),
                                       ConsistentRead=consistent).get("Item")
        return _event(table.from_item(item)) if item else None
    known = _COUNTERS.get(event_id, ())
    items = _batch_get([event_key(event_id)] + waitlist_keys(event_id) +
                       [sessions.counter_key(event_id, cid) for cid in known], consistent)
    item = items.get((f"EVENT#{event_id}", META))
    if not item:
        return None
    d = table.from_item(item)
    ids = _COUNTERS[event_id] = programme.counter_ids(json.loads(d["spec"]))
    missing = [cid for cid in ids if cid not in known]
    if missing:     # a programme this process had not seen yet: its counters in a second BatchGetItem
        items.update(_batch_get([sessions.counter_key(event_id, cid) for cid in missing], consistent))
    return _event(d, _waiting(items, event_id), sessions.counts(items, event_id, ids))


# event id -> the ids of its programme's counters, as this process last read its definition: read
# in the same BatchGetItem as the event (a stale list costs a second one, never a wrong count)
_COUNTERS = {}


def _waiting(items: dict, event_id: str) -> int:
    return sum(int(items[key]["n"]["N"]) for key in ((k["PK"]["S"], k["SK"]["S"]) for k in waitlist_keys(event_id))
               if key in items and "n" in items[key])


def _batch_get(keys: list, consistent: bool) -> dict:
    """``(PK, SK) -> item`` of those of ``keys`` that exist (BatchGetItem, 100 keys a call, until
    nothing is left unprocessed)."""
    found, name = {}, aws.table_name()
    for start in range(0, len(keys), 100):
        request = {name: {"Keys": keys[start:start + 100], "ConsistentRead": consistent}}
        while request:
            answer = aws.dynamodb().batch_get_item(RequestItems=request)
            for item in answer.get("Responses", {}).get(name, []):
                found[(item["PK"]["S"], item["SK"]["S"])] = item
            request = answer.get("UnprocessedKeys") or None
    return found


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
    shards = _batch_get([key for d in found for key in waitlist_keys(d["PK"][len("EVENT#"):])], False)
    return [_event(d, _waiting(shards, d["PK"][len("EVENT#"):])) for d in found]


def _event(d: dict, waiting: int = 0, counts: dict = None):
    event = from_definition(json.loads(d["spec"]), d.get("seats_taken", 0), d.get("waitlist_count", 0) + waiting,
                            counts)
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
    for start in range(0, len(counters), BATCH):
        if writes.batch_write(counters[start:start + BATCH], sleep):
            raise RuntimeError(f"session counters of event {event_id} were not deleted")
    _COUNTERS.pop(event_id, None)
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


def put_event(definition: dict, now: datetime, *, only_new: bool = False) -> bool:
    """Create or replace an event's definition, keeping its counters. True if created.

    ``only_new``: create only; False (and nothing written) when the event already exists."""
    capacity, organisation = programme.total_capacity(definition), definition.get("organisation_id")
    names = {"#cap": "capacity", "#org": "organisation_id"}
    sets = ["spec = :d, is_open = :open, updated_at = :now, created_at = if_not_exists(created_at, :now), "
            "seats_taken = if_not_exists(seats_taken, :zero), waitlist_count = if_not_exists(waitlist_count, :zero)"]
    removes = []
    vals = dict(d=json.dumps(definition, ensure_ascii=False), open=definition["registration_open"],
                now=table.iso(now), zero=0)
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
            return True
        except ClientError as e:
            if e.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
    old = aws.dynamodb().update_item(**request)
    return "spec" not in old.get("Attributes", {})


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
    try:
        writes.transact([
            writes.put(moved, "attribute_not_exists(PK)"),
            writes.delete(event_key(old_id), "seats_taken = :zero AND waitlist_count = :zero", zero=0),
            writes.delete(digests.schedule_key(old_id))] +
            [writes.check(key, "attribute_not_exists(n) OR n <= :zero", zero=0) for key in waitlist_keys(old_id)])
    except (writes.Conflict, writes.TransactionFailed):
        return False
    return True
