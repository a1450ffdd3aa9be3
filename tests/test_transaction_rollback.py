"""The test stack's speed-up of moto (tests/conftest.py, one_table_copy_per_transaction) keeps moto's
rollback: a cancelled transaction leaves every item as it was, a successful one writes them all."""
import boto3
import pytest
from moto import mock_aws

ADD_ONE = {"Update": {"TableName": "t", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET n = n + :one",
                      "ExpressionAttributeValues": {":one": {"N": "1"}}}}


def test_a_cancelled_transaction_leaves_the_table_as_it_was(env):
    with mock_aws():
        db = boto3.client("dynamodb", region_name="eu-west-1")
        db.create_table(TableName="t", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
        db.put_item(TableName="t", Item={"pk": {"S": "a"}, "n": {"N": "1"}})
        with pytest.raises(db.exceptions.TransactionCanceledException):
            db.transact_write_items(TransactItems=[ADD_ONE, {"Put": {"TableName": "t", "Item": {"pk": {"S": "b"}}}},
                                                   {"Put": {"TableName": "t", "Item": {"pk": {"S": "c"}},
                                                            "ConditionExpression": "attribute_exists(pk)"}}])
        assert db.get_item(TableName="t", Key={"pk": {"S": "a"}})["Item"]["n"] == {"N": "1"}
        assert "Item" not in db.get_item(TableName="t", Key={"pk": {"S": "b"}})
        db.transact_write_items(TransactItems=[ADD_ONE, {"Put": {"TableName": "t", "Item": {"pk": {"S": "b"}}}}])
        assert db.get_item(TableName="t", Key={"pk": {"S": "a"}})["Item"]["n"] == {"N": "2"}
        assert "Item" in db.get_item(TableName="t", Key={"pk": {"S": "b"}})
        from moto.dynamodb import models
        assert getattr(models.DynamoDBBackend.transact_write_items, "one_copy", False)     # the patched one ran
