"""An organisation's webhook endpoints and their deliveries (chalicelib.webhooks).

============================  =======================  ============================================
PK                            SK                       item
============================  =======================  ============================================
``ORG#<org>``                 ``WEBHOOK#<wid>``        an endpoint: url, events, personal data, the
                                                       secret's salt and key id (never the secret)
``WEBHOOK#<wid>``             ``DELIVERY#<msg id>``    one delivery: its body until it ends, state,
                                                       attempts, last answer; TTL 30 days
============================  =======================  ============================================

A delivery's INSERT is the outbox record the email worker sends; a retry is a MODIFY that stamps
``retry_at`` (``retry_due``, from the ``by_due`` index: ``due_kind`` ``webhook``).
"""
from datetime import datetime, timedelta

from chalicelib import aws

from . import table, writes

DELIVERY_DAYS = 30      # how long the delivery log keeps a delivery
DUE_KIND = "webhook"


def _endpoint_key(org_id: str, wid: str) -> dict:
    return {"PK": {"S": f"ORG#{org_id}"}, "SK": {"S": f"WEBHOOK#{wid}"}}


def _delivery_key(wid: str, msg_id: str) -> dict:
    return {"PK": {"S": f"WEBHOOK#{wid}"}, "SK": {"S": f"DELIVERY#{msg_id}"}}


def _plain(item: dict) -> dict:
    return {k: v for k, v in table.from_item(item).items() if k not in ("PK", "SK", "type")}


def put_endpoint(org_id: str, endpoint: dict) -> None:
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=table.to_item({
        "PK": f"ORG#{org_id}", "SK": f"WEBHOOK#{endpoint['webhook_id']}", "type": "webhook",
        "organisation": org_id, **endpoint}))


def endpoints(org_id: str, consistent: bool = False) -> list:
    """The endpoints of an organisation, oldest first."""
    pages = aws.dynamodb().get_paginator("query").paginate(
        TableName=aws.table_name(), KeyConditionExpression="PK = :pk AND begins_with(SK, :sk)",
        ExpressionAttributeValues=table.values(pk=f"ORG#{org_id}", sk="WEBHOOK#"), ConsistentRead=consistent)
    found = [_plain(item) for page in pages for item in page["Items"]]
    return sorted(found, key=lambda e: e["created_at"])


def get_endpoint(org_id: str, wid: str):
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=_endpoint_key(org_id, wid),
                                   ConsistentRead=True).get("Item")
    return _plain(item) if item else None


def set_secret(org_id: str, wid: str, secret: dict, previous: dict) -> bool:
    """A new secret (``{"salt", "kid"}``), the old one kept as ``previous`` (with ``until``)."""
    return writes._conditional_update(_endpoint_key(org_id, wid), "SET secret = :s, previous_secret = :p",
                                      "attribute_exists(PK)", s=secret, p=previous)


def delete_endpoint(org_id: str, wid: str) -> bool:
    from botocore.exceptions import ClientError
    try:
        aws.dynamodb().delete_item(**writes.delete(_endpoint_key(org_id, wid), "attribute_exists(PK)")["Delete"])
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
    return True


# ---------------------------------------------------------------- deliveries

def queue_delivery(delivery: dict, now: datetime) -> bool:
    """Write a delivery (its INSERT is the worker's record); False when that id was queued before
    (a stream record delivered twice queues one delivery)."""
    from botocore.exceptions import ClientError
    item = {"PK": f"WEBHOOK#{delivery['webhook_id']}", "SK": f"DELIVERY#{delivery['msg_id']}",
            "type": "webhook_delivery", "state": "queued", "attempts": 0, "created_at": table.iso(now),
            "expires_at": int((now + timedelta(days=DELIVERY_DAYS)).timestamp()), **delivery}
    try:
        aws.dynamodb().put_item(**writes.put(table.to_item(item), "attribute_not_exists(PK)")["Put"])
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
    return True


def claim_delivery(wid: str, msg_id: str, now: datetime, lease_seconds: int, retry_at: str = None):
    """Take a delivery to send it: the item as it is now, or None (delivered, failed, sent by
    another worker right now, or a record seen before). Its INSERT takes it while ``queued``; a
    retry's record while ``retrying`` with that ``retry_at``. The claim is also due for the retry
    job after the lease, so a worker that died mid-send does not leave it hanging."""
    stale = table.iso(now - timedelta(seconds=lease_seconds))
    expected = "#st IN (:queued, :retrying) AND retry_at = :stamp" if retry_at else "#st = :queued"
    vals = {"stamp": retry_at, "retrying": "retrying", "queued": "queued"} if retry_at else {"queued": "queued"}
    found = writes._conditional_update_returning(
        _delivery_key(wid, msg_id), "SET #st = :sending, claimed_at = :now, due_kind = :due, due_at = :later",
        f"attribute_exists(PK) AND (({expected}) OR (#st = :sending AND claimed_at < :stale))",
        {"#st": "state"}, "ALL_NEW", sending="sending", now=table.iso(now), due=DUE_KIND,
        later=table.iso(now + timedelta(seconds=lease_seconds)), stale=stale, **vals)
    return table.from_item(found) if found else None


def defer(wid: str, msg_id: str, now: datetime) -> bool:
    """Leave a delivery for the retry job, unattempted (the worker's time for webhooks is spent)."""
    return writes._conditional_update(_delivery_key(wid, msg_id), "SET due_kind = :due, due_at = :now",
                                      "#st IN (:queued, :retrying)", {"#st": "state"}, due=DUE_KIND,
                                      now=table.iso(now), queued="queued", retrying="retrying")


def record_attempt(wid: str, msg_id: str, outcome: dict, now: datetime, retry_at) -> None:
    """One attempt's outcome (``state``, ``status_code``, ``error``). ``retry_at`` set: due again
    then (``retrying``); else final, and the body (perhaps personal data) is dropped."""
    update = ("SET #st = :state, attempts = attempts + :one, last_at = :now, status_code = :code, last_error = :err")
    vals = dict(state=outcome["state"], one=1, now=table.iso(now), code=outcome.get("status_code", 0),
                err=outcome.get("error", "")[:300])
    if retry_at:
        update += ", due_kind = :due, due_at = :at"
        vals.update(due=DUE_KIND, at=table.iso(retry_at))
    else:
        update += " REMOVE due_kind, due_at, body"
    update += ", retry_at" if not retry_at else " REMOVE retry_at"
    aws.dynamodb().update_item(**writes.update(_delivery_key(wid, msg_id), update, "attribute_exists(PK)",
                                               {"#st": "state"}, **vals)["Update"])


def due(until: datetime):
    """``(webhook id, msg id)`` of the deliveries whose retry (or a dead worker's lease) is due."""
    pages = aws.dynamodb().get_paginator("query").paginate(
        TableName=aws.table_name(), IndexName="by_due", KeyConditionExpression="due_kind = :k AND due_at <= :t",
        ExpressionAttributeValues=table.values(k=DUE_KIND, t=table.iso(until)))
    for page in pages:
        for item in page["Items"]:
            yield item["PK"]["S"][len("WEBHOOK#"):], item["SK"]["S"][len("DELIVERY#"):]


def request_retry(wid: str, msg_id: str, now: datetime) -> bool:
    """Stamp ``retry_at`` (the worker's record) and take the delivery off the due list, once."""
    return writes._conditional_update(_delivery_key(wid, msg_id), "SET retry_at = :now REMOVE due_kind, due_at",
                                      "due_kind = :due", now=table.iso(now), due=DUE_KIND)


def deliveries(wid: str, limit: int = 50) -> list:
    """The endpoint's latest deliveries, newest first (ids sort in time; kept DELIVERY_DAYS)."""
    import time
    items = aws.dynamodb().query(
        TableName=aws.table_name(), KeyConditionExpression="PK = :pk AND begins_with(SK, :sk)",
        ExpressionAttributeValues=table.values(pk=f"WEBHOOK#{wid}", sk="DELIVERY#"), ScanIndexForward=False,
        Limit=limit, ProjectionExpression="msg_id, event_type, created_at, #st, attempts, status_code, last_error, "
                                          "last_at, due_at, expires_at", ExpressionAttributeNames={"#st": "state"})["Items"]
    return [_plain(item) for item in items if table.live(item, time.time())]


def delete_deliveries(wid: str) -> None:
    """The log of a removed endpoint."""
    pages = aws.dynamodb().get_paginator("query").paginate(
        TableName=aws.table_name(), KeyConditionExpression="PK = :pk", ProjectionExpression="PK, SK",
        ExpressionAttributeValues=table.values(pk=f"WEBHOOK#{wid}"))
    keys = [item for page in pages for item in page["Items"]]
    if keys:
        import time
        for start in range(0, len(keys), 25):
            writes.batch_write([{"DeleteRequest": {"Key": key}} for key in keys[start:start + 25]], time.sleep)
