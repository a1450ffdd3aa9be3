"""After the meeting (chalicelib.after): the follow-up schedule, its stamp, evaluation answers.

``EVENT#<event>`` / ``FOLLOW_UP``: the follow-up schedule (``due_kind`` "follow_up" and ``due_at``
put it in the sparse ``by_due`` index until it ran; ``done_at`` then). ``follow_up_requested_at``
on a registration item is the mail worker's cue (``outbox.follow_up_requested``), stamped once.
``EVENT#<event>`` / ``EVAL#<rid>``: one person's evaluation answers (``score``, ``most_useful``,
``could_be_better``, ``answers``, ``show_name``); no name or address, only the registration id.
It expires with the event's data (``expires_at``) and is deleted when the person is erased.
"""
from datetime import datetime

from chalicelib import aws
from chalicelib.models import CONFIRMED

from . import roster, table, writes

SCHEDULE = "FOLLOW_UP"
DUE_KIND = "follow_up"
EVAL_PREFIX = "EVAL#"


def schedule_key(event_id: str) -> dict:
    return {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": SCHEDULE}}


def evaluation_key(event_id: str, rid: str) -> dict:
    return {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": f"{EVAL_PREFIX}{rid}"}}


def schedule_follow_up(event_id: str, due_at: datetime) -> bool:
    """(Re)schedule the event's follow-up at ``due_at``; False once it ran (it runs once)."""
    return writes._conditional_update(
        schedule_key(event_id), "SET #t = :t, event_id = :e, due_kind = :k, due_at = :due",
        "attribute_not_exists(done_at)", {"#t": "type"}, t="follow_up_schedule", e=event_id, k=DUE_KIND,
        due=table.iso(due_at))


def due_follow_ups(until: datetime):
    """Yield the id of every event whose follow-up is due by ``until``."""
    kwargs = dict(TableName=aws.table_name(), IndexName="by_due", KeyConditionExpression="due_kind = :k AND due_at <= :t",
                  ExpressionAttributeValues=table.values(k=DUE_KIND, t=table.iso(until)))
    for page in aws.dynamodb().get_paginator("query").paginate(**kwargs):
        for item in page["Items"]:
            yield item["PK"]["S"][len("EVENT#"):]


def follow_up_done(event_id: str, now: datetime) -> None:
    """The follow-up ran: out of the index, for good."""
    writes._conditional_update(schedule_key(event_id), "SET done_at = :now REMOVE due_kind, due_at",
                               "attribute_exists(PK)", now=table.iso(now))


def request_follow_up(event_id: str, rid: str, now: datetime) -> bool:
    """Stamp ``follow_up_requested_at`` on a confirmed registration, once: the mail worker sends it."""
    return writes._conditional_update(
        roster.reg_key(event_id, rid), "SET follow_up_requested_at = :now",
        "#s = :c AND attribute_not_exists(follow_up_requested_at)", {"#s": "status"}, now=table.iso(now), c=CONFIRMED)


def put_evaluation(event_id: str, rid: str, answers: dict, now: datetime, expires_at: int) -> None:
    """Write (or overwrite) one person's evaluation answers."""
    item = table.to_item({"type": "evaluation", "event_id": event_id, "registration_id": rid,
                          "updated_at": table.iso(now), "expires_at": expires_at, **answers})
    item.update(evaluation_key(event_id, rid))
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=item)


def get_evaluation(event_id: str, rid: str):
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=evaluation_key(event_id, rid),
                                   ConsistentRead=True).get("Item")
    return table.from_item(item) if item else None


def evaluations(event_id: str) -> list:
    """Every evaluation of the event, in registration (signup) order."""
    kwargs = dict(TableName=aws.table_name(), KeyConditionExpression="PK = :pk AND begins_with(SK, :p)",
                  ExpressionAttributeValues=table.values(pk=f"EVENT#{event_id}", p=EVAL_PREFIX), ConsistentRead=True)
    return [table.from_item(item) for page in aws.dynamodb().get_paginator("query").paginate(**kwargs)
            for item in page["Items"]]


def delete_evaluation(event_id: str, rid: str) -> None:
    aws.dynamodb().delete_item(TableName=aws.table_name(), Key=evaluation_key(event_id, rid))
