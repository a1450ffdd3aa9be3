"""The benchmarks' faster moto transactions keep moto's outcome: a cancelled transaction
leaves no write and no stream record; a committed one writes everything."""
import pytest
from botocore.exceptions import ClientError

from benchmarks.moto_speed import journaled_transactions
from chalicelib import aws


@pytest.fixture
def journaled(table):
    undo = journaled_transactions()
    yield aws.dynamodb()
    undo()


def put(pk, sk, condition="attribute_not_exists(PK)", **extra):
    return {"Put": {"TableName": aws.table_name(), "Item": {"PK": {"S": pk}, "SK": {"S": sk}, **extra},
                    "ConditionExpression": condition}}


def stream_records(client):
    from scripts.pump import StreamReader
    arn = client.describe_table(TableName=aws.table_name())["Table"]["LatestStreamArn"]
    return StreamReader(arn).poll(limit=1000)


def items(client):
    """The items these tests write (the fixture's own items aside)."""
    return sorted((i["PK"]["S"], i["SK"]["S"], i.get("n", {}).get("N")) for i in
                  client.scan(TableName=aws.table_name())["Items"] if i["PK"]["S"] in ("A", "B", "C"))


def test_a_cancelled_transaction_leaves_items_and_stream_as_they_were(journaled):
    journaled.transact_write_items(TransactItems=[put("A", "1", n={"N": "1"}), put("B", "1")])
    before, records = items(journaled), len(stream_records(journaled))
    update = {"Update": {"TableName": aws.table_name(), "Key": {"PK": {"S": "A"}, "SK": {"S": "1"}},
                         "UpdateExpression": "SET n = :two", "ExpressionAttributeValues": {":two": {"N": "2"}}}}
    with pytest.raises(ClientError, match="TransactionCanceled"):
        journaled.transact_write_items(TransactItems=[update, put("C", "1"), put("B", "1")])   # B exists
    assert items(journaled) == before
    assert len(stream_records(journaled)) == records


def test_a_committed_transaction_writes_every_item(journaled):
    journaled.transact_write_items(TransactItems=[put("A", "1"), put("C", "2")])
    assert items(journaled) == [("A", "1", None), ("C", "2", None)]
