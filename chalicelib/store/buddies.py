"""The maatjes grouping of an event (chalicelib.buddies): one item, ``EVENT#<event>`` / ``BUDDIES``.

It holds registration ids only (``groups``, a list of lists), the organiser's choices (``mode``,
``smallest``, ``largest``), who made it and when, and ``sent_at`` once the introductions went.
It is kept as long as the event's registrations (``expires_at``)."""
from chalicelib import aws

from . import table

SK = "BUDDIES"


def key(event_id: str) -> dict:
    return {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": SK}}


def get(event_id: str):
    """The stored grouping as a plain dict, or None."""
    import time
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=key(event_id), ConsistentRead=True).get("Item")
    if not item or not table.live(item, time.time()):
        return None
    return table.from_item(item)


def put(event_id: str, record: dict) -> None:
    """Store the grouping (a whole new item: the groups are small)."""
    item = table.to_item(record)
    item.update(key(event_id))
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=item)


def mark_sent(event_id: str, sent_at: str) -> bool:
    """Stamp ``sent_at`` once: False when it was sent before (or there is no grouping)."""
    from . import writes
    return writes._conditional_update(key(event_id), "SET sent_at = :at",
                                      "attribute_exists(PK) AND attribute_not_exists(sent_at)", at=sent_at)
