"""Write requests: the Update/Put/Delete builders, transactions and conditional updates."""
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
        if "TransactionConflict" in reasons or not reasons:
            raise Conflict("transaction conflict")
        raise TransactionFailed(reasons)


def update(key: dict, expr: str, condition: str = None, names: dict = None, **vals) -> dict:
    return {"Update": _request({"Key": key, "UpdateExpression": expr}, condition, names, vals)}


def put(item: dict, condition: str = None, *, names: dict = None, **vals) -> dict:
    return {"Put": _request({"Item": item}, condition, names, vals)}


def delete(key: dict, condition: str = None, **vals) -> dict:
    return {"Delete": _request({"Key": key}, condition, None, vals)}


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
