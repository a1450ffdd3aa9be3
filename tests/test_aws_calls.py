"""AWS calls per operation, exactly: one more round trip on a hot path fails the build.

The operations and the counting live in benchmarks/calls.py (``make bench`` prints the
same table beside each floor). The event cache is on, as on a warm Lambda.
"""
import pytest

from benchmarks import calls

EXPECTED = {
    # the event item and its waiting-list shards in one BatchGetItem (store.events)
    "page view (GET /events/{id})": {"dynamodb.BatchGetItem": 1},
    "hosted form (GET /events/{id}/form)": {"dynamodb.BatchGetItem": 1},
    # the marker read saves the event's partition key 2 write units a newcomer (docs/scaling.md)
    "signup": {"dynamodb.GetItem": 1, "dynamodb.TransactWriteItems": 2},
    "repeat signup": {"dynamodb.GetItem": 1, "dynamodb.TransactWriteItems": 2},
    "confirm": {"dynamodb.GetItem": 1, "dynamodb.BatchGetItem": 1, "dynamodb.UpdateItem": 1},
    "cancel with promotion": {"dynamodb.GetItem": 1, "dynamodb.BatchGetItem": 1, "dynamodb.Query": 1,
                              "dynamodb.TransactWriteItems": 1},
    "export page (JSON)": {"dynamodb.GetItem": 1, "dynamodb.BatchGetItem": 1, "dynamodb.Query": 1, "dynamodb.PutItem": 1},
    "check-in": {"dynamodb.GetItem": 1, "dynamodb.UpdateItem": 1},
    "stats": {"dynamodb.GetItem": 1, "dynamodb.BatchGetItem": 1, "dynamodb.Query": 1},
    "confirmation mail (warm worker)": {"dynamodb.UpdateItem": 3, "dynamodb.GetItem": 1, "sesv2.SendEmail": 1},
}


@pytest.fixture
def counting(client, admin_token, export_token, env):
    from chalicelib import config
    env.setenv("EVENT_CACHE_SECONDS", "5")        # the production default: a warm Lambda's cache
    config.settings.cache_clear()
    recorder = calls.Recorder().attach()
    return lambda name: calls.count(name, client, {"admin": admin_token, "export": export_token}, recorder)


def test_every_operation_has_an_expectation():
    assert set(EXPECTED) == set(calls.OPERATIONS)


@pytest.mark.parametrize("operation", list(calls.OPERATIONS))
def test_aws_calls_per_operation(counting, operation):
    assert counting(operation) == EXPECTED[operation]
