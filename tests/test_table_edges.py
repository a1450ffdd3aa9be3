"""The table as the service makes and reads it (chalicelib.store.table), at its edges: numbers at the
limits DynamoDB (and boto3) set, reads of more than one BatchGetItem's 100 keys, and a new table's
stream and TTL, without which expired items would stay and no mail would go."""
from decimal import Decimal

import pytest
from boto3.dynamodb.types import TypeSerializer

from chalicelib.store import table

LIMITS = ["1E+125", "9.99E+125", "1E+126", "1E+127", "1E-128", "1E-129", "1E-130",
          "1." + "1" * 37 + "E-128", "1." + "1" * 37 + "E-129", "1" * 38, "1" * 39, "-" + "9" * 38, "NaN", "sNaN", "Infinity"]


@pytest.mark.parametrize("text", LIMITS)
def test_a_number_at_dynamodbs_limits_is_taken_or_refused_as_boto3_does(text):
    value = Decimal(text)
    try:
        theirs = TypeSerializer().serialize(value)
    except (TypeError, ArithmeticError) as refused:
        with pytest.raises(type(refused)):
            table.serialize(value)
    else:
        assert table.serialize(value) == theirs


def test_more_keys_than_one_batch_holds_are_all_read(table_fixture):
    from chalicelib import aws
    name = aws.table_name()
    for n in range(0, 250, 2):      # every other key exists
        aws.dynamodb().put_item(TableName=name, Item=table.to_item({"PK": f"T#{n:03}", "SK": "X", "n": n}))
    keys = [{"PK": {"S": f"T#{n:03}"}, "SK": {"S": "X"}} for n in range(250)]
    found = table.batch_get(keys, True)
    assert sorted(found) == [(f"T#{n:03}", "X") for n in range(0, 250, 2)]
    assert table.from_item(found[("T#100", "X")])["n"] == 100


def test_a_new_table_streams_both_images_and_lets_expired_items_go(table_fixture):
    from chalicelib import aws
    name = aws.table_name()
    ttl = aws.dynamodb().describe_time_to_live(TableName=name)["TimeToLiveDescription"]
    assert (ttl["TimeToLiveStatus"], ttl["AttributeName"]) == ("ENABLED", "expires_at")
    stream = aws.dynamodb().describe_table(TableName=name)["Table"]["StreamSpecification"]
    assert stream == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}


@pytest.fixture
def table_fixture(table):
    return table


@pytest.mark.parametrize("value", [frozenset({True}), frozenset({True, False})])
def test_a_set_of_booleans_is_refused(value):
    """DynamoDB has no set of booleans (boto3 would write one as numbers "True", which DynamoDB refuses)."""
    with pytest.raises(TypeError):
        table.serialize(value)


def test_a_moment_is_stored_in_utc_whatever_its_zone():
    from datetime import datetime
    from zoneinfo import ZoneInfo
    moment = datetime(2026, 12, 9, 13, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert table.iso(moment) == "2026-12-09T12:00:00.000+00:00"


def test_an_item_without_an_expiry_lives_and_one_with_lives_until_its_second():
    assert table.live({"PK": {"S": "x"}}, 10**10)
    assert table.live({"PK": {"S": "x"}, "expires_at": {"N": "100"}}, 99.9)
    assert not table.live({"PK": {"S": "x"}, "expires_at": {"N": "100"}}, 100)
