"""The daily digest reaches the organiser once (chalicelib/digest.py's mail half and its store,
chalicelib/store/digests.py): two workers, a worker that stopped halfway, a day whose digest is
gone, a refusal's reason, and a schedule that is not due yet or no longer there."""
from datetime import timedelta

import pytest

from chalicelib import aws, digest, store
from test_digest import EID, busy, due_time  # noqa: F401 (busy is a fixture)

LEASE = 300


@pytest.fixture
def written(busy):  # noqa: F811
    """The day's digest, written by the morning's run: ``(item, when)``."""
    at = due_time()
    assert digest.request_due(at) == 1
    day = at.astimezone(digest.ZoneInfo("Europe/Amsterdam")).date().isoformat()
    return store.digests.get_digest(EID, day), at


class Sender:
    """The mail worker's paced send: counts the mails, answers ``outcome``."""

    def __init__(self, outcome=("sent", "")):
        self.mails, self.outcome = 0, outcome

    def __call__(self, build):
        self.mails += 1
        return self.outcome


def test_two_workers_with_the_same_digest_send_it_once_even_long_after(written):
    item, at = written
    send = Sender()
    assert digest.deliver(item, at, send, LEASE) == "sent"
    assert digest.deliver(item, at + timedelta(seconds=1), send, LEASE) == "duplicate"
    assert digest.deliver(item, at + timedelta(days=1), send, LEASE) == "duplicate"     # a sent claim never goes stale
    assert send.mails == 1 and store.digests.get_digest(EID, item["day"])["email_status"] == "sent"


def test_a_worker_that_stopped_while_sending_is_taken_over_only_after_its_lease(written):
    item, at = written
    assert store.digests.claim_digest(EID, item["day"], at, LEASE)       # a worker claims it, then stops
    send = Sender()
    assert digest.deliver(item, at + timedelta(seconds=1), send, LEASE) == "in_flight"
    assert digest.deliver(item, at + timedelta(seconds=LEASE), send, LEASE) == "in_flight"     # at the lease's end
    assert send.mails == 0
    assert digest.deliver(item, at + timedelta(seconds=LEASE, milliseconds=1), send, LEASE) == "sent"
    assert send.mails == 1


def test_a_digest_that_is_gone_is_not_sent_or_written_again(written):
    item, at = written
    aws.dynamodb().delete_item(TableName=aws.table_name(), Key=store.digests.digest_key(EID, item["day"]))
    send = Sender()
    assert digest.deliver(item, at, send, LEASE) == "duplicate"
    assert send.mails == 0 and store.digests.get_digest(EID, item["day"]) is None


def test_a_refusals_reason_is_kept_to_500_characters(written):
    item, at = written
    assert digest.deliver(item, at, Sender(("failed", "MessageRejected: " + "x" * 600)), LEASE) == "failed"
    stored = store.digests.get_digest(EID, item["day"])
    assert stored["email_status"] == "failed" and stored["email_error"] == ("MessageRejected: " + "x" * 600)[:500]


def test_no_digest_before_it_is_due(busy):  # noqa: F811
    assert digest.request_due(due_time() - timedelta(minutes=2)) == 0
    assert digest.request_due(due_time()) == 1


def test_a_run_under_way_does_not_bring_back_a_schedule_that_was_removed(busy):  # noqa: F811
    due = due_time()
    aws.dynamodb().delete_item(TableName=aws.table_name(), Key=store.digests.schedule_key(EID))
    store.digests.advance_digest_schedule(EID, due + timedelta(days=1), since=due)
    assert store.digests.get_digest_schedule(EID) is None


def test_free_seats_alone_are_told_the_next_morning(client, busy, admin_token):  # noqa: F811
    """Nobody signs up or cancels, but the organiser adds seats: the next digest says so (it compares
    with the waiting list and free seats the last one reported)."""
    from conftest import make_event
    first = due_time()
    assert digest.request_due(first) == 1
    make_event(client, admin_token, capacity=5)
    store.digests.advance_digest_schedule(EID, first + timedelta(days=1), since=first + timedelta(hours=1))
    assert digest.request_due(first + timedelta(days=1)) == 1
