"""tests/moto_speedups.py changes how fast moto answers, not what it answers: the same calls give
the same responses (and the same errors) with moto's own functions put back."""
import pytest
from botocore.exceptions import ClientError

import moto_speedups
from chalicelib import aws


def calls(client, table):
    """A run of DynamoDB calls touching what the patches change: responses of every shape the suite
    reads (items, maps, lists, sets, numbers), UpdateExpressions new and repeated, and errors."""
    key = {"PK": {"S": "speed"}, "SK": {"S": "1"}}
    out = []

    def call(name, **kwargs):
        try:
            answer = getattr(client, name)(TableName=table, **kwargs)
            answer.pop("ResponseMetadata", None)
            out.append((name, answer))
        except ClientError as error:
            out.append((name, error.response["Error"]))

    call("put_item", Item={**key, "n": {"N": "1"}, "m": {"M": {"a": {"L": [{"S": "x"}, {"N": "2"}]}}},
                           "ss": {"SS": ["a", "b"]}, "b": {"BOOL": True}})
    for _ in range(2):      # the second time from the parse cache
        call("update_item", Key=key, UpdateExpression="SET n = n + :one, #l = list_append(if_not_exists(#l, :empty), :x) ADD c :one",
             ExpressionAttributeNames={"#l": "l"}, ExpressionAttributeValues={":one": {"N": "1"}, ":empty": {"L": []},
                                                                             ":x": {"L": [{"S": "y"}]}}, ReturnValues="ALL_NEW")
        call("update_item", Key=key, UpdateExpression="REMOVE m.a[0] SET b = :f", ExpressionAttributeValues={":f": {"BOOL": False}},
             ReturnValues="UPDATED_OLD")
        call("update_item", Key=key, UpdateExpression="SET n = :one SET c = :one", ExpressionAttributeValues={":one": {"N": "1"}})
        call("update_item", Key=key, UpdateExpression="SET n = :one, n = :one", ExpressionAttributeValues={":one": {"N": "1"}})
        call("update_item", Key=key, UpdateExpression="SET PK = :one", ExpressionAttributeValues={":one": {"S": "x"}})
        call("update_item", Key=key, UpdateExpression="SET #n = :one", ExpressionAttributeNames={"#n": "n", "#x": "x"},
             ExpressionAttributeValues={":one": {"N": "1"}})
        call("update_item", Key=key, UpdateExpression="SET n = nothere + :one", ExpressionAttributeValues={":one": {"N": "1"}})
        call("update_item", Key=key, UpdateExpression="SET n = = :one", ExpressionAttributeValues={":one": {"N": "1"}})
        call("update_item", Key={"PK": {"S": "speed"}, "SK": {"S": "2"}}, UpdateExpression="SET n = if_not_exists(n, :one)",
             ConditionExpression="attribute_not_exists(PK)", ExpressionAttributeValues={":one": {"N": "1"}}, ReturnValues="ALL_NEW")
        call("get_item", Key=key, ConsistentRead=True)
        call("query", KeyConditionExpression="PK = :pk", ExpressionAttributeValues={":pk": {"S": "speed"}})
        out.append(("transact", _transact(client, table, key)))
    call("scan", Limit=3)
    call("delete_item", Key=key, ReturnValues="ALL_OLD")
    return out


def _transact(client, table, key):
    try:
        client.transact_write_items(TransactItems=[
            {"Update": {"TableName": table, "Key": {**key, "SK": {"S": "4"}}, "UpdateExpression": "SET t = :t",
                        "ExpressionAttributeValues": {":t": {"S": "t"}}}},
            {"Put": {"TableName": table, "Item": key, "ConditionExpression": "attribute_not_exists(PK)"}}])
    except ClientError as error:
        return error.response["Error"], error.response.get("CancellationReasons")
    return None


def test_the_patches_are_applied():
    assert len(moto_speedups.ORIGINALS) == 3


@pytest.fixture
def moto_unpatched(monkeypatch):
    def unpatch():
        for owner, name, original in moto_speedups.ORIGINALS:
            monkeypatch.setattr(owner, name, original)
    return unpatch


def test_moto_answers_the_same_with_and_without_the_patches(table, moto_unpatched):
    patched = calls(aws.dynamodb(), table)
    for sk in ("2", "4"):       # what the first run left (it deleted item 1 itself)
        aws.dynamodb().delete_item(TableName=table, Key={"PK": {"S": "speed"}, "SK": {"S": sk}})
    moto_unpatched()
    assert calls(aws.dynamodb(), table) == patched
