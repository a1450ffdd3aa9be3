"""The organiser's daily digest: one schedule item per event, one item per digest sent.

``EVENT#<event>`` / ``DIGEST``: the schedule (``due_kind`` "digest" and ``due_at`` put it in the
sparse ``by_due`` index; ``since`` is when the last digest counted up to; ``last`` the waiting list
and free seats it reported). ``EVENT#<event>`` / ``DIGEST#<day>``: one digest, written at most once
per event and day (a conditional put); its INSERT is the stream record the mail worker sends it
from, claimed before the send and recorded after (``state``, ``email_status``), as every mail.
"""
from datetime import datetime, timezone

from chalicelib import aws

from . import table, writes

SCHEDULE = "DIGEST"
DUE_KIND = "digest"


def schedule_key(event_id: str) -> dict:
    return {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": SCHEDULE}}


def digest_key(event_id: str, day: str) -> dict:
    return {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": f"{SCHEDULE}#{day}"}}


def ensure_digest_schedule(event_id: str, due_at: datetime, now: datetime) -> None:
    """Schedule the event's digests from ``due_at`` on, unless they are scheduled already."""
    aws.dynamodb().update_item(**writes.update(
        schedule_key(event_id), "SET #t = :t, event_id = :e, due_kind = :k, due_at = if_not_exists(due_at, :due), "
        "since = if_not_exists(since, :now)", None, {"#t": "type"},
        t="digest_schedule", e=event_id, k=DUE_KIND, due=table.iso(due_at), now=table.iso(now))["Update"])


def due_digests(until: datetime):
    """Yield the id of every event whose digest is due by ``until``."""
    kwargs = dict(TableName=aws.table_name(), IndexName="by_due", KeyConditionExpression="due_kind = :k AND due_at <= :t",
                  ExpressionAttributeValues=table.values(k=DUE_KIND, t=table.iso(until)))
    for page in aws.dynamodb().get_paginator("query").paginate(**kwargs):
        for item in page["Items"]:
            yield item["PK"]["S"][len("EVENT#"):]


def get_digest_schedule(event_id: str):
    """``{"since", "last", "due_at"}`` of the event's schedule, or None."""
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=schedule_key(event_id),
                                   ConsistentRead=True).get("Item")
    return table.from_item(item) if item else None


def advance_digest_schedule(event_id: str, due_at, since: datetime = None, last: dict = None) -> None:
    """The next digest is due at ``due_at`` (None: no more digests) and counts from ``since``."""
    sets, vals = [], {}
    if since is not None:
        sets.append("since = :since")
        vals["since"] = table.iso(since)
    if last is not None:
        sets.append("#l = :last")
        vals["last"] = last
    if due_at is not None:
        sets.append("due_at = :due")
        vals["due"] = table.iso(due_at)
    expr = ("SET " + ", ".join(sets) if sets else "") + ("" if due_at is not None else " REMOVE due_kind, due_at")
    writes._conditional_update(schedule_key(event_id), expr.strip(), "attribute_exists(PK)",
                               {"#l": "last"} if last is not None else None, **vals)


def put_digest(event_id: str, day: str, record: dict, expires_at: int) -> bool:
    """Write the day's digest (the mail worker sends it); False if the day has one already."""
    item = table.to_item({"type": "digest", "event_id": event_id, "day": day, "email_status": "queued",
                          "expires_at": expires_at, **record})
    item.update(digest_key(event_id, day))
    from botocore.exceptions import ClientError
    try:
        aws.dynamodb().put_item(**writes.put(item, "attribute_not_exists(PK)")["Put"])
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise


def claim_digest(event_id: str, day: str, now: datetime, lease_seconds: int) -> bool:
    """The right to send the day's digest; False if it was sent, or a fresh claim holds it."""
    return writes._conditional_update(
        digest_key(event_id, day), "SET #st = :sending, claimed_at = :now",
        "attribute_exists(PK) AND (attribute_not_exists(#st) OR (#st = :sending AND claimed_at < :stale))",
        {"#st": "state"}, sending="sending", now=table.iso(now),
        stale=table.iso(datetime.fromtimestamp(now.timestamp() - lease_seconds, timezone.utc)))


def digest_state(event_id: str, day: str):
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=digest_key(event_id, day),
                                   ConsistentRead=True).get("Item")
    return table.from_item(item).get("state") if item else None


def get_digest(event_id: str, day: str):
    """The day's digest as stored (its counts, ``state``, ``email_status``), or None."""
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=digest_key(event_id, day),
                                   ConsistentRead=True).get("Item")
    return table.from_item(item) if item else None


def release_digest(event_id: str, day: str) -> None:
    writes._conditional_update(digest_key(event_id, day), "REMOVE #st, claimed_at", "#st = :sending",
                               {"#st": "state"}, sending="sending")


def record_digest(event_id: str, day: str, outcome: str, now: datetime, detail: str = "") -> None:
    """The digest's outcome: ``state`` and ``email_status`` (sent, failed, suppressed), and why."""
    writes._conditional_update(digest_key(event_id, day),
                               "SET #st = :state, email_status = :state, done_at = :now, email_error = :detail",
                               "#st = :sending", {"#st": "state"}, state=outcome, now=table.iso(now),
                               detail=detail[:500], sending="sending")
