"""Writes under load (chalicelib/store/writes.py): what DynamoDB hands back when it is busy, and what
a person then sees. A transaction it cancels for a moment (another writer, a throttled partition, no
reason given) is tried again and ends in 503 "try again"; a batch write it only half takes is
written again with a growing pause, and a message to attendees reaches everybody."""
import json
from datetime import datetime, timezone

import pytest
from botocore.exceptions import ClientError

from chalicelib import aws, signups, store
from chalicelib.store import writes
from conftest import define_event

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


class Busy:
    """DynamoDB in front of the real (moto) one: transactions cancelled with ``reasons``; the first
    ``unprocessed`` batch writes hand back every request unprocessed."""

    def __init__(self, real, reasons=None, unprocessed=0):
        self.real, self.reasons, self.unprocessed, self.batches = real, reasons, unprocessed, 0

    def __getattr__(self, name):
        return getattr(self.real, name)

    def transact_write_items(self, **kwargs):
        if self.reasons is None:
            return self.real.transact_write_items(**kwargs)
        response = {"Error": {"Code": "TransactionCanceledException", "Message": "cancelled"}}
        if self.reasons:
            response["CancellationReasons"] = [{"Code": code} for code in self.reasons]
        raise ClientError(response, "TransactWriteItems")

    def batch_write_item(self, RequestItems):
        self.batches += 1
        if self.batches <= self.unprocessed:
            return {"UnprocessedItems": RequestItems}
        return self.real.batch_write_item(RequestItems=RequestItems)


def busy(monkeypatch, **options) -> Busy:
    model = Busy(aws.dynamodb(), **options)
    monkeypatch.setattr(aws, "dynamodb", lambda: model)
    monkeypatch.setattr(writes, "sleep", lambda seconds: None)
    return model


def sign_up(client):
    return client.http.post("/events/druk/signups", headers={"Content-Type": "application/json"},
                            body=json.dumps({"name": "Piet", "email": "piet@example.org"}))


@pytest.mark.parametrize("reasons", [["None", "ThrottlingError"], ["TransactionConflict", "None"], []],
                         ids=["throttled", "conflict", "no-reason"])
def test_a_signup_dynamodb_keeps_cancelling_for_a_moment_answers_503_try_again(client, table, monkeypatch, reasons):
    define_event("druk", NOW, capacity=5)
    busy(monkeypatch, reasons=reasons)
    answer = sign_up(client)
    assert answer.status_code == 503
    assert answer.json_body["error"] == "conflict"
    assert answer.headers["Retry-After"] == "1"


def test_a_cancellation_for_another_reason_is_not_tried_again_as_if_busy(table, monkeypatch):
    define_event("druk", NOW, capacity=5)
    model = busy(monkeypatch, reasons=["None", "ValidationError"])
    with pytest.raises(writes.TransactionFailed) as failed:
        writes.transact([{"ConditionCheck": {"TableName": aws.table_name(), "Key": {"PK": {"S": "x"}, "SK": {"S": "y"}},
                                             "ConditionExpression": "attribute_exists(PK)"}}])
    assert failed.value.reasons == ["None", "ValidationError"]
    assert "ValidationError" in str(failed.value)       # the operator's log names the reason
    model.reasons = None
    assert sign_up_works(table)


def sign_up_works(table) -> bool:
    reg = signups.register("druk", {"name": "Piet", "email": "piet@example.org"}, now=NOW)
    return store.roster.get_registration("druk", reg.id).status == "confirmed"


def test_other_errors_of_a_transaction_are_not_taken_for_a_cancellation(table, monkeypatch):
    def refuse(**kwargs):
        raise ClientError({"Error": {"Code": "ValidationException", "Message": "bad"}}, "TransactWriteItems")
    model = busy(monkeypatch)
    model.transact_write_items = refuse
    with pytest.raises(ClientError):
        writes.transact([])


def test_deliveries_dynamodb_hands_back_are_written_again_after_a_growing_pause(table, monkeypatch):
    define_event("druk", NOW, capacity=5)
    busy(monkeypatch, unprocessed=2)
    slept = []
    rids = [f"r{n:02d}" for n in range(30)]          # two batches: 25 and 5
    store.announcements.put_deliveries("druk", "m1", rids, expires_at=2_000_000_000, sleep=slept.append)
    assert slept == [0.05, 0.1]              # the first batch twice handed back, then written
    # every person's delivery is there for the mail worker to claim and send
    assert all(store.announcements.claim_delivery("druk", "m1", rid, NOW, 60) for rid in rids)


def test_a_message_whose_deliveries_dynamodb_hands_back_pauses_as_it_was_told_and_reaches_everyone(table,
                                                                                                   monkeypatch):
    from chalicelib import announcements
    define_event("druk", NOW, capacity=5)
    people = [signups.register("druk", {"name": f"Piet {n}", "email": f"piet{n}@example.org"}, now=NOW) for n in range(3)]
    busy(monkeypatch, unprocessed=1)
    slept = []
    sent = announcements.send("druk", {"subject": "Zaal 3", "body": "We zitten in zaal 3.", "to": ["confirmed"]},
                              caller_id="beheer", now=NOW, sleep=slept.append)
    assert (sent["recipients"], slept) == (3, [0.05])
    assert all(store.announcements.claim_delivery("druk", sent["message_id"], reg.id, NOW, 60) for reg in people)


def test_deliveries_still_refused_after_eight_tries_stop_the_message(table, monkeypatch):
    define_event("druk", NOW, capacity=5)
    model = busy(monkeypatch, unprocessed=100)
    slept = []
    with pytest.raises(RuntimeError, match="25 deliveries of message m1 were not written"):
        store.announcements.put_deliveries("druk", "m1", [f"r{n:02d}" for n in range(30)], expires_at=2_000_000_000,
                                           sleep=slept.append)
    assert model.batches == 8
    assert slept == [0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 2.0, 2.0]     # doubling, at most 2 seconds


def test_a_write_whose_condition_fails_says_so_and_a_busy_table_is_not_taken_for_it(table, monkeypatch):
    """The follow-up runs once: scheduling it again after it ran is refused quietly (False), while
    DynamoDB refusing the write for another reason is an error the worker sees and retries."""
    define_event("druk", NOW, capacity=5)
    later = datetime(2026, 12, 10, 8, 0, tzinfo=timezone.utc)
    assert store.after.schedule_follow_up("druk", later) is True
    store.after.follow_up_done("druk", later)
    assert store.after.schedule_follow_up("druk", later) is False

    def throttled(**kwargs):
        raise ClientError({"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "busy"}},
                          "UpdateItem")
    busy(monkeypatch).update_item = throttled
    with pytest.raises(ClientError):
        store.after.schedule_follow_up("andere", later)


def test_checking_someone_in_answers_with_who_it_is_and_when_in_one_write(table, monkeypatch):
    """The door's answer comes from the write itself (the registration as stamped), not a second read."""
    from chalicelib import checkin
    define_event("druk", NOW, capacity=5)
    reg = signups.register("druk", {"name": "Piet", "email": "piet@example.org"}, now=NOW)
    reads = []
    real = store.roster.get_registration
    monkeypatch.setattr(store.roster, "get_registration", lambda *a, **k: reads.append(a) or real(*a, **k))
    came = checkin.check_in("druk", reg.id, NOW)
    assert (came.name, came.email, came.checked_in_at) == ("Piet", "piet@example.org", NOW)
    assert reads == []


def test_a_signup_that_keeps_conflicting_waits_longer_before_each_next_try(client, table, monkeypatch):
    """Writers that collided spread out: each pause is drawn below a ceiling that doubles from 10 ms
    up to 0.4 s (here the highest draw, then half of it)."""
    from chalicelib.store import writes as module
    define_event("druk", NOW, capacity=5)
    busy(monkeypatch, reasons=["TransactionConflict"])
    slept = []
    monkeypatch.setattr(module, "sleep", slept.append)
    monkeypatch.setattr(module.random, "random", lambda: 1.0)
    assert sign_up(client).status_code == 503
    assert slept[:7] == [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.4] and set(slept[6:]) == {0.4}
    assert module.backoff(3, rng=lambda: 0.5) == 0.04 and slept[-1] == 0.04


def test_who_cancelled_can_sign_up_again_and_an_erased_person_is_gone(table):
    """A cancellation deletes the address's marker (so the same address may come back); an erasure
    writes the registration anew with only what erasure keeps."""
    define_event("druk", NOW, capacity=5)
    first = signups.register("druk", {"name": "Piet", "email": "piet@example.org"}, now=NOW)
    signups.cancel(store.roster.get_registration("druk", first.id))
    again = signups.register("druk", {"name": "Piet", "email": "piet@example.org"}, now=NOW)
    assert again.id != first.id and again.status == "confirmed"
    signups.erase(store.roster.get_registration("druk", again.id))
    erased = store.roster.get_registration("druk", again.id)
    assert erased.status == "erased" and erased.name != "Piet" and erased.email != "piet@example.org"
