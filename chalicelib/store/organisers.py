"""Organiser token records (kept by hash) and the export audit trail."""
import secrets
from datetime import datetime

from chalicelib import aws

from . import table, writes


def _token_key(token_hash: str) -> dict:
    return {"PK": {"S": "TOKENS"}, "SK": {"S": f"TOKEN#{token_hash}"}}


def put_token(token_hash: str, record: dict) -> None:
    item = table.to_item(record)
    item.update(_token_key(token_hash))
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=item, ConditionExpression="attribute_not_exists(PK)")


def get_token(token_hash: str):
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=_token_key(token_hash)).get("Item")
    return table.from_item(item) if item else None


def list_tokens():
    kwargs = dict(TableName=aws.table_name(), KeyConditionExpression="PK = :pk",
                  ExpressionAttributeValues=table.values(pk="TOKENS"))
    for page in aws.dynamodb().get_paginator("query").paginate(**kwargs):
        for item in page["Items"]:
            d = table.from_item(item)
            d.pop("PK"), d.pop("SK")
            yield d


def update_token(token_id: str, expr: str, **vals) -> bool:
    """Apply ``expr`` to the token with this public id (tokens are keyed by hash)."""
    for d in list_tokens():
        if d["token_id"] == token_id:
            aws.dynamodb().update_item(**writes.update(_token_key(d["token_hash"]), expr, **vals)["Update"])
            return True
    return False


def touch_token(token_hash: str, now: datetime) -> None:
    aws.dynamodb().update_item(**writes.update(_token_key(token_hash), "SET last_used_at = :now",
                                               now=table.iso(now))["Update"])


# ---------------------------------------------------------------- export audit

def put_audit(record: dict, now: datetime, event=None) -> None:
    """Record who did what. A record of an event is kept as long as the event's data (its
    ``expires_at``: the end of the event plus its retention), unless it names its own. The
    caller that has the event (a models.Event) passes it, which saves reading its definition."""
    if record.get("event_id") and "expires_at" not in record:
        record = {**record, "expires_at": _kept_until(record["event_id"], event)}
    item = table.to_item({"PK": "AUDIT", "SK": f"EXPORT#{table.iso(now)}#{secrets.token_hex(4)}", **record})
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=item)


def _kept_until(event_id: str, event=None):
    """The Unix time the event's data goes (its end plus its retention days), or None."""
    from datetime import timedelta

    from chalicelib.config import settings

    from . import events
    if event is not None:
        ends, days = event.ends_at, event.retention_days
    else:
        definition = events.get_definition(event_id)
        if not definition or not definition.get("ends_at"):
            return None
        ends, days = datetime.fromisoformat(definition["ends_at"]), definition.get("retention_days")
    return int((ends + timedelta(days=days or settings().retention_days)).timestamp())


def list_audit(event_id: str = None):
    kwargs = dict(TableName=aws.table_name(), KeyConditionExpression="PK = :pk", ScanIndexForward=False,
                  ExpressionAttributeValues=table.values(pk="AUDIT"))
    for page in aws.dynamodb().get_paginator("query").paginate(**kwargs):
        for item in page["Items"]:
            d = table.from_item(item)
            if event_id is None or d.get("event_id") == event_id:
                yield {k: v for k, v in d.items() if k not in ("PK", "SK")}
