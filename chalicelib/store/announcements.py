"""Organiser messages to attendees: the message, one delivery item per recipient, and the
account-wide send pacer.

``EVENT#<event>`` / ``MESSAGE#<mid>``        the message (subject, body, statuses, counters)
``EVENT#<event>`` / ``SEND#<mid>#<rid>``     one recipient's delivery: its INSERT in the stream
                                             is the outbox record; ``state`` is its claim
``PACE#ses``      / ``PACE``                 ``next_at``: the next free send slot (epoch ms)

Delivery items hold ids only, never an address: the worker reads the registration when it sends.
"""
import time
from datetime import datetime, timezone

from chalicelib import aws

from . import table, writes

MESSAGE_PREFIX, SEND_PREFIX = "MESSAGE#", "SEND#"
BATCH = 25     # BatchWriteItem's limit


def message_key(event_id: str, mid: str) -> dict:
    return {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": MESSAGE_PREFIX + mid}}


def delivery_key(event_id: str, mid: str, rid: str) -> dict:
    return {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": f"{SEND_PREFIX}{mid}#{rid}"}}


def put_message(event_id: str, mid: str, record: dict, expires_at: int) -> None:
    item = table.to_item({"type": "message", "message_id": mid, "event_id": event_id, "sent": 0, "failed": 0,
                          "skipped": 0, "expires_at": expires_at, **record})
    item.update(message_key(event_id, mid))
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=item, ConditionExpression="attribute_not_exists(PK)")


def put_deliveries(event_id: str, mid: str, rids: list, expires_at: int, *, sleep=time.sleep) -> None:
    """One delivery item per registration id, written in batches of 25; unprocessed items are
    written again with backoff (DynamoDB hands them back under load). Raises RuntimeError if
    some are still refused after the last try."""
    for start in range(0, len(rids), BATCH):
        requests = [{"PutRequest": {"Item": _delivery_item(event_id, mid, rid, expires_at)}}
                    for rid in rids[start:start + BATCH]]
        requests = writes.batch_write(requests, sleep)
        if requests:
            raise RuntimeError(f"{len(requests)} deliveries of message {mid} were not written")


def _delivery_item(event_id, mid, rid, expires_at) -> dict:
    item = table.to_item({"type": "message_delivery", "event_id": event_id, "message_id": mid,
                          "registration_id": rid, "expires_at": expires_at})
    item.update(delivery_key(event_id, mid, rid))
    return item


def get_message(event_id: str, mid: str):
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=message_key(event_id, mid)).get("Item")
    return _plain(item) if item and table.live(item, time.time()) else None


def messages_of(event_id: str) -> list:
    """The event's messages, newest first."""
    kwargs = dict(TableName=aws.table_name(), ScanIndexForward=False,
                  KeyConditionExpression="PK = :pk AND begins_with(SK, :m)",
                  ExpressionAttributeValues=table.values(pk=f"EVENT#{event_id}", m=MESSAGE_PREFIX))
    now = time.time()
    return [_plain(item) for page in aws.dynamodb().get_paginator("query").paginate(**kwargs)
            for item in page["Items"] if table.live(item, now)]


def _plain(item) -> dict:
    d = table.from_item(item)
    return {k: v for k, v in d.items() if k not in ("PK", "SK")}


def claim_delivery(event_id: str, mid: str, rid: str, now: datetime, lease_seconds: int) -> bool:
    """The right to send this delivery; False if it was sent, or a fresh claim holds it."""
    return writes._conditional_update(
        delivery_key(event_id, mid, rid), "SET #st = :sending, claimed_at = :now",
        "attribute_exists(PK) AND (attribute_not_exists(#st) OR (#st = :sending AND claimed_at < :stale))",
        {"#st": "state"}, sending="sending", now=table.iso(now),
        stale=table.iso(datetime.fromtimestamp(now.timestamp() - lease_seconds, timezone.utc)))


def delivery_state(event_id: str, mid: str, rid: str):
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=delivery_key(event_id, mid, rid),
                                   ConsistentRead=True).get("Item")
    return table.from_item(item).get("state") if item else None


def release_delivery(event_id: str, mid: str, rid: str) -> None:
    writes._conditional_update(delivery_key(event_id, mid, rid), "REMOVE #st, claimed_at", "#st = :sending",
                               {"#st": "state"}, sending="sending")


def record_delivery(event_id: str, mid: str, rid: str, outcome: str, now: datetime, detail: str = "") -> None:
    """The delivery's outcome, then one more on the message's counter for it (sent, failed, skipped).

    Two writes, not a transaction: the delivery item is the record that matters (it stops a
    second send); the counters are what the dashboard shows, and a worker that dies between the
    two writes leaves one count short, never a mail lost or doubled.
    """
    counter = outcome if outcome in ("sent", "failed") else "skipped"
    if writes._conditional_update(delivery_key(event_id, mid, rid), "SET #st = :state, done_at = :now, detail = :detail",
                                  "#st = :sending", {"#st": "state"}, state=outcome, now=table.iso(now),
                                  detail=detail[:500], sending="sending"):
        writes._conditional_update(message_key(event_id, mid), f"ADD {counter} :one", "attribute_exists(PK)", one=1)


# ---------------------------------------------------------------- the send pacer

_PACE_KEY = {"PK": {"S": "PACE#ses"}, "SK": {"S": "PACE"}}


def take_send_slot(gap_ms: int, now_ms: int, *, idle_likely: bool = False) -> int:
    """Reserve the next send slot of the account (epoch ms, ``now_ms`` or later); slots are at
    least ``gap_ms`` apart whichever worker takes them.

    Each try is conditional on the pacer's state, so either order gives the same slot;
    ``idle_likely`` tries the idle pacer first, which costs one call instead of two when nobody
    has sent for a gap (a mail now and then, a cold worker's first)."""
    tries = (_take_idle_slot, _take_next_slot) if idle_likely else (_take_next_slot, _take_idle_slot)
    while True:
        for take in tries:
            slot = take(gap_ms, now_ms)
            if slot is not None:
                return slot


def _take_next_slot(gap_ms: int, now_ms: int):
    """Busy: the next free slot is now or later; take it and move it one gap on. None when idle."""
    old = writes._conditional_update_returning(_PACE_KEY, "SET next_at = next_at + :gap", "next_at >= :now", None,
                                               "UPDATED_OLD", gap=gap_ms, now=now_ms)
    return None if old is None else int(old["next_at"]["N"])


def _take_idle_slot(gap_ms: int, now_ms: int):
    """Idle: send now, the next slot one gap on. None when busy."""
    if writes._conditional_update(_PACE_KEY, "SET next_at = :next", "attribute_not_exists(next_at) OR next_at < :now",
                                  next=now_ms + gap_ms, now=now_ms):
        return now_ms
    return None
