"""The edges of a webhook delivery's life (chalicelib/store/webhooks.py) as an organisation's
receiver and the log on its page notice them: how long the log keeps a delivery, a removed
endpoint's log going with it however long it was, and a delivery held by a worker that died
mid-send, which the receiver gets once its lease has fully passed."""
from datetime import datetime, timedelta, timezone

from conftest import bearer
from test_webhooks import ORG, added, deliveries, event, pump, receiver  # noqa: F401  (fixtures)

from chalicelib import aws, store, webhooks


def test_the_log_keeps_a_delivery_thirty_days_and_not_a_moment_longer(client, admin_token, receiver):  # noqa: F811
    wid = added(client, admin_token, receiver().url)["webhook_id"]
    now = datetime.now(timezone.utc)
    kept = webhooks.send_test(ORG, wid, now - timedelta(days=30) + timedelta(minutes=5))
    webhooks.send_test(ORG, wid, now - timedelta(days=30) - timedelta(minutes=5))     # its time has passed
    assert [d["msg_id"] for d in deliveries(client, admin_token, wid)] == [kept]


def test_removing_an_endpoint_removes_its_whole_log(client, admin_token, receiver, monkeypatch):  # noqa: F811
    from botocore.exceptions import ClientError
    wid = added(client, admin_token, receiver().url)["webhook_id"]
    dynamodb = aws.dynamodb()
    real = dynamodb.batch_write_item

    def batch_write_item(RequestItems):     # as DynamoDB: 25 requests a call at most (moto takes more)
        if sum(len(requests) for requests in RequestItems.values()) > 25:
            raise ClientError({"Error": {"Code": "ValidationException", "Message": "Too many items requested"}},
                              "BatchWriteItem")
        return real(RequestItems=RequestItems)
    monkeypatch.setattr(dynamodb, "batch_write_item", batch_write_item)
    now = datetime.now(timezone.utc)
    for n in range(51):                             # more than one batch of removals, and one over
        webhooks.send_test(ORG, wid, now + timedelta(milliseconds=n))
    assert client.http.delete(f"/organisations/{ORG}/webhooks/{wid}", headers=bearer(admin_token)).status_code == 204
    left = [i for i in aws.dynamodb().scan(TableName=aws.table_name())["Items"] if wid in i["PK"]["S"] + i["SK"]["S"]]
    assert left == []


def test_a_delivery_held_by_a_worker_that_died_reaches_the_receiver_once_after_its_lease(client, admin_token,
                                                                                         receiver):  # noqa: F811
    hook = receiver()
    wid = added(client, admin_token, hook.url)["webhook_id"]
    now = datetime.now(timezone.utc)
    msg_id = webhooks.send_test(ORG, wid, now)
    assert store.webhooks.claim_delivery(wid, msg_id, now, webhooks.LEASE_SECONDS)     # taken, then the worker died
    lease = now + timedelta(seconds=webhooks.LEASE_SECONDS)
    pump(lease)                                     # its record again, still within the lease: left alone
    assert hook.got == []
    assert webhooks.retry_due(lease - timedelta(milliseconds=1)) == 0
    assert webhooks.retry_due(lease) == 1           # the retry job takes it when the lease is up
    pump(lease + timedelta(milliseconds=1))
    assert len(hook.got) == 1
    assert [(d["state"], d["attempts"]) for d in deliveries(client, admin_token, wid)] == [("delivered", 1)]
    pump(lease + timedelta(hours=1))                # and the batch once more, long after: nothing twice
    assert len(hook.got) == 1


def test_the_endpoints_are_listed_in_the_order_they_were_added(client, admin_token, receiver):  # noqa: F811
    first = added(client, admin_token, receiver().url)["webhook_id"]
    endpoint = store.webhooks.get_endpoint(ORG, first)
    store.webhooks.put_endpoint(ORG, {**endpoint, "created_at": "2020-01-01T00:00:00.000+00:00"})  # made long ago
    second = added(client, admin_token, receiver().url)["webhook_id"]
    import json
    listed = json.loads(client.http.get(f"/organisations/{ORG}/webhooks", headers=bearer(admin_token)).body)
    assert [w["webhook_id"] for w in listed["webhooks"]] == [first, second]


def test_a_registrations_record_that_comes_again_queues_nothing_more(client, admin_token, event, receiver):  # noqa: F811
    from conftest import person, signed_up
    hook = receiver()
    added(client, admin_token, hook.url)
    signed_up(client, event, **person(1))
    assert [o[2] for o in pump() if o[2] == "queued"] == ["queued", "queued"]     # created, confirmed
    assert [o for o in pump() if o[2] == "queued"] == []    # the stream delivers it all again
    assert len(hook.got) == 2


def test_a_new_secret_for_an_endpoint_removed_meanwhile_brings_nothing_back(client, admin_token, receiver,  # noqa: F811
                                                                            monkeypatch):
    import json

    import pytest

    from chalicelib.errors import NotFound
    wid = added(client, admin_token, receiver().url)["webhook_id"]
    seen = store.webhooks.get_endpoint(ORG, wid)        # a second beheerder's page, read just before
    assert client.http.delete(f"/organisations/{ORG}/webhooks/{wid}", headers=bearer(admin_token)).status_code == 204
    with monkeypatch.context() as patched, pytest.raises(NotFound):
        patched.setattr(store.webhooks, "get_endpoint", lambda org_id, wid: seen)
        webhooks.rotate(ORG, wid, by="t1", now=datetime.now(timezone.utc))
    listed = client.http.get(f"/organisations/{ORG}/webhooks", headers=bearer(admin_token))
    assert (listed.status_code, json.loads(listed.body)["webhooks"]) == (200, [])


def test_a_delivery_signed_with_a_retired_secret_shows_why_it_failed_and_no_answer(client, admin_token, receiver):  # noqa: F811
    hook = receiver()
    wid = added(client, admin_token, hook.url)["webhook_id"]
    endpoint = store.webhooks.get_endpoint(ORG, wid)
    store.webhooks.put_endpoint(ORG, {**endpoint, "secret": {**endpoint["secret"], "kid": "retired"}})
    webhooks.forget()
    webhooks.send_test(ORG, wid, datetime.now(timezone.utc))
    pump()
    [failed] = deliveries(client, admin_token, wid)
    assert (failed["state"], failed["status_code"], failed["error"]) == (
        "failed", None, "secret retired: make a new secret")
    assert hook.got == []


def test_an_endpoint_removed_while_its_delivery_is_sent_leaves_nothing_of_it(client, admin_token, receiver):  # noqa: F811
    import contextlib

    from botocore.exceptions import ClientError
    wid = added(client, admin_token, receiver().url)["webhook_id"]
    now = datetime.now(timezone.utc)
    msg_id = webhooks.send_test(ORG, wid, now)

    def post(url, headers, body):       # another beheerder removes the endpoint meanwhile
        webhooks.remove(ORG, wid, by="t2", now=now)
        return 200, ""
    with contextlib.suppress(ClientError):
        webhooks.deliver(wid, msg_id, now, post=post)
    left = [i for i in aws.dynamodb().scan(TableName=aws.table_name())["Items"] if wid in i["PK"]["S"] + i["SK"]["S"]]
    assert left == []


def test_an_endpoint_whose_removal_meets_an_outage_stays_with_its_log(client, admin_token, receiver, monkeypatch):  # noqa: F811
    import pytest
    from botocore.exceptions import ClientError
    wid = added(client, admin_token, receiver().url)["webhook_id"]
    msg_id = webhooks.send_test(ORG, wid, datetime.now(timezone.utc))
    dynamodb = aws.dynamodb()

    def delete_item(**request):         # DynamoDB throttles the removal through all its retries
        raise ClientError({"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}},
                          "DeleteItem")
    with monkeypatch.context() as patched, pytest.raises(ClientError):
        patched.setattr(dynamodb, "delete_item", delete_item)
        webhooks.remove(ORG, wid, by="t1", now=datetime.now(timezone.utc))
    assert [d["msg_id"] for d in deliveries(client, admin_token, wid)] == [msg_id]
