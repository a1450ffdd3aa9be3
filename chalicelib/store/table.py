"""The table's definition, and converting between plain values and DynamoDB attribute values."""
from collections.abc import Mapping
from datetime import timezone
from decimal import Clamped, Context, Decimal, Inexact, Overflow, Rounded, Underflow

from chalicelib import aws


def table_definition(name: str) -> dict:
    """The CreateTable arguments; .chalice/resources.json mirrors them."""
    s = "S"
    return dict(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": s}
                              for a in ("PK", "SK", "email_norm", "due_kind", "due_at", "organisation_id")],
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[
            {"IndexName": "by_email", "Projection": {"ProjectionType": "KEYS_ONLY"},
             "KeySchema": [{"AttributeName": "email_norm", "KeyType": "HASH"},
                           {"AttributeName": "SK", "KeyType": "RANGE"}]},
            {"IndexName": "by_due", "Projection": {"ProjectionType": "KEYS_ONLY"},
             "KeySchema": [{"AttributeName": "due_kind", "KeyType": "HASH"},
                           {"AttributeName": "due_at", "KeyType": "RANGE"}]},
            {"IndexName": "by_organisation", "Projection": {"ProjectionType": "ALL"},
             "KeySchema": [{"AttributeName": "organisation_id", "KeyType": "HASH"}]},
        ],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )


def create_table(name: str) -> str:
    """Create the table with TTL on; returns its stream ARN."""
    db = aws.dynamodb()
    db.create_table(**table_definition(name))
    db.get_waiter("table_exists").wait(TableName=name)
    db.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"})
    return db.describe_table(TableName=name)["Table"]["LatestStreamArn"]


# ---------------------------------------------------------------- (de)serialisation
# boto3's TypeSerializer and TypeDeserializer, for the values this service stores, without
# importing boto3 (chalicelib.aws says why). tests/test_table_codec.py holds them to boto3's
# answers over generated values. Numbers are read back as int or float, sets as lists.

_NUMBERS = Context(Emin=-128, Emax=126, prec=38, traps=[Clamped, Overflow, Inexact, Rounded, Underflow])


def serialize(value) -> dict:
    """A DynamoDB attribute value, as boto3's TypeSerializer makes it (a float is refused: a
    Decimal or an int says how exact it is)."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, (int, Decimal)):
        return {"N": _number(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, (bytes, bytearray)):
        return {"B": bytes(value)}
    if isinstance(value, (set, frozenset)):
        for kind, check, convert in (("NS", _is_number, _number), ("SS", _is_str, str), ("BS", _is_bytes, bytes)):
            if all(check(v) for v in value):
                return {kind: [convert(v) for v in value]}
    elif isinstance(value, Mapping):
        return {"M": {k: serialize(v) for k, v in value.items()}}
    elif isinstance(value, (list, tuple)):
        return {"L": [serialize(v) for v in value]}
    raise TypeError(f"unsupported type {type(value)} for value {value!r}")


def deserialize(attribute: dict):
    """The plain value of a DynamoDB attribute value: numbers as int (when whole) or float."""
    (kind, value), = attribute.items()
    if kind in ("S", "BOOL"):
        return value
    if kind == "N":
        return _plain_number(value)
    if kind == "M":
        return {k: deserialize(v) for k, v in value.items()}
    if kind == "L":
        return [deserialize(v) for v in value]
    if kind == "NULL":
        return None
    if kind == "NS":
        return [_plain_number(v) for v in value]
    if kind in ("SS", "BS"):
        return list(value)
    if kind == "B":
        return bytes(value)
    raise TypeError(f"unknown DynamoDB type {kind!r}")


def _number(value) -> str:
    if isinstance(value, float):
        raise TypeError("Float types are not supported. Use Decimal types instead.")
    number = str(_NUMBERS.create_decimal(value))
    if number in ("Infinity", "NaN"):
        raise TypeError("Infinity and NaN not supported")
    return number


def _plain_number(text: str):
    number = _NUMBERS.create_decimal(text)
    return int(number) if number == number.to_integral_value() else float(number)


def _is_number(value) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def _is_str(value) -> bool:
    return isinstance(value, str)


def _is_bytes(value) -> bool:
    return isinstance(value, (bytes, bytearray))


def to_item(d: dict) -> dict:
    return {k: serialize(v) for k, v in d.items() if v is not None}


def from_item(item: dict) -> dict:
    return {k: deserialize(v) for k, v in item.items()}


def values(**kw) -> dict:
    return {f":{k}": serialize(v) for k, v in kw.items()}


def iso(dt):
    return dt.astimezone(timezone.utc).isoformat(timespec="milliseconds") if dt else None


def live(item: dict, now: float) -> bool:
    """False for an item whose TTL has passed but that DynamoDB has not yet deleted."""
    return "expires_at" not in item or int(item["expires_at"]["N"]) > now


def batch_get(keys: list, consistent: bool) -> dict:
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
