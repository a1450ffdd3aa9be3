"""Write requests: the Update/Put/Delete/ConditionCheck builders, transactions, conditional
updates, and the pause between tries when a transaction met another on the same item."""
import random
import time

from chalicelib import aws
from chalicelib.errors import Conflict

from . import table


class TransactionFailed(Exception):
    """``reasons`` lists the cancellation code per transaction item ("None" = fine)."""

    def __init__(self, reasons):
        super().__init__(reasons)
        self.reasons = reasons


def transact(items: list) -> None:
    from botocore.exceptions import ClientError
    try:
        aws.dynamodb().transact_write_items(TransactItems=items)
    except ClientError as e:
        if e.response["Error"]["Code"] != "TransactionCanceledException":
            raise
        reasons = [r.get("Code", "None") for r in e.response.get("CancellationReasons", [])]
        # another transaction held one of the items, or the partition was past its write units:
        # both pass in a moment, so both are tried again (after a pause: ``backoff``)
        if "TransactionConflict" in reasons or "ThrottlingError" in reasons or not reasons:
            raise Conflict("transaction conflict")
        raise TransactionFailed(reasons)


# A cancelled TransactionConflict is tried again after a pause drawn from [0, min(CAP, BASE * 2^try)]
# ("full jitter"): writers that collided spread out instead of colliding again at once.
BACKOFF_BASE, BACKOFF_CAP = 0.01, 0.4
sleep = time.sleep      # tests replace it: no test waits


def backoff(attempt: int, rng=None) -> float:
    """Pause before try ``attempt + 2`` (``attempt`` counts from 0); returns the seconds slept."""
    seconds = (rng or random.random)() * min(BACKOFF_CAP, BACKOFF_BASE * 2 ** attempt)  # nosec B311 - not a secret
    sleep(seconds)
    return seconds


def update(key: dict, expr: str, condition: str = None, names: dict = None, **vals) -> dict:
    return {"Update": _request({"Key": key, "UpdateExpression": expr}, condition, names, vals)}


def put(item: dict, condition: str = None, *, names: dict = None, **vals) -> dict:
    return {"Put": _request({"Item": item}, condition, names, vals)}


def delete(key: dict, condition: str = None, *, names: dict = None, **vals) -> dict:
    return {"Delete": _request({"Key": key}, condition, names, vals)}


def check(key: dict, condition: str, names: dict = None, **vals) -> dict:
    """A ConditionCheck: the transaction commits only if ``condition`` holds for ``key``'s item."""
    return {"ConditionCheck": _request({"Key": key}, condition, names, vals)}


def _request(request: dict, condition, names, vals) -> dict:
    """One write's parameters; DynamoDB refuses empty or unused expression maps, so none are sent."""
    request["TableName"] = aws.table_name()
    if condition:
        request["ConditionExpression"] = condition
    if names:
        request["ExpressionAttributeNames"] = names
    if vals:
        request["ExpressionAttributeValues"] = table.values(**vals)
    return request


def batch_write(requests: list, sleep) -> list:
    """One BatchWriteItem of at most 25 ``requests``, writing what DynamoDB hands back unprocessed
    (it does under load) again with a growing pause, 8 times; returns what is still refused."""
    for attempt in range(8):
        answer = aws.dynamodb().batch_write_item(RequestItems={aws.table_name(): requests})
        requests = answer.get("UnprocessedItems", {}).get(aws.table_name(), [])
        if not requests:
            return []
        sleep(min(2.0, 0.05 * 2 ** attempt))
    return requests


def _conditional_update(key, expr, condition, names=None, **vals) -> bool:
    """Run one conditional UpdateItem; False when the condition did not hold."""
    return _conditional_update_returning(key, expr, condition, names, None, **vals) is not None


def _conditional_update_returning(key, expr, condition, names, returns, **vals):
    """Run one conditional UpdateItem: the attributes ``returns`` (DynamoDB's ReturnValues) asks
    for ({} without it), or None when the condition did not hold."""
    from botocore.exceptions import ClientError
    request = update(key, expr, condition, names, **vals)["Update"]
    if returns:
        request["ReturnValues"] = returns
    try:
        return aws.dynamodb().update_item(**request).get("Attributes", {})
    except ClientError as e:
        if e.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return None
        raise
