"""The table's definition, and converting between plain values and DynamoDB attribute values."""
from datetime import timezone
from decimal import Decimal

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

def _ser():
    from boto3.dynamodb.types import TypeSerializer
    return TypeSerializer()


def to_item(d: dict) -> dict:
    ser = _ser()
    return {k: ser.serialize(v) for k, v in d.items() if v is not None}


def from_item(item: dict) -> dict:
    from boto3.dynamodb.types import TypeDeserializer
    des = TypeDeserializer()
    return {k: _plain(des.deserialize(v)) for k, v in item.items()}


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, set, tuple)):
        return [_plain(v) for v in value]
    return value


def values(**kw) -> dict:
    return {f":{k}": _ser().serialize(v) for k, v in kw.items()}


def iso(dt):
    return dt.astimezone(timezone.utc).isoformat(timespec="milliseconds") if dt else None


def live(item: dict, now: float) -> bool:
    """False for an item whose TTL has passed but that DynamoDB has not yet deleted."""
    return "expires_at" not in item or int(item["expires_at"]["N"]) > now
