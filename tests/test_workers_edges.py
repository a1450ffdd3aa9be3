"""The scheduled functions without a URL (chalicelib/blueprints/workers.py) as EventBridge starts
them: each tick does all the work its schedule stands for."""
from datetime import timedelta

import pytest

from conftest import bearer
from test_after import MORNING, people  # noqa: F401 - people: the fixture
from test_outbox import stream, work  # noqa: F401 - stream: the fixture
from test_webhooks import ORG, added, deliveries, event, pump, receiver  # noqa: F401 - event, receiver: fixtures


@pytest.fixture
def tick(client):
    return client.events.generate_cw_event("aws.events", "Scheduled Event", {}, [])


def test_the_quarter_hourly_schedule_sends_the_follow_up_mails_the_morning_after(client, people, stream,  # noqa: F811
                                                                                tick, monkeypatch):
    import chalicelib.blueprints.workers as workers
    came, missed, _, _ = people
    monkeypatch.setattr(workers, "now", lambda: MORNING)
    client.lambda_.invoke("send_reminders", tick)
    sent = set(work(stream))        # a late reminder goes too
    assert {(came.id, "follow_up", "sent"), (missed.id, "follow_up_missed", "sent")} <= sent


def test_the_five_minute_schedule_tries_a_failed_webhook_delivery_again_once_it_is_due(
        client, admin_token, event, receiver, tick, monkeypatch):  # noqa: F811
    import chalicelib.blueprints.workers as workers
    from chalicelib import webhooks
    hook = receiver([500])
    wid = added(client, admin_token, hook.url)["webhook_id"]
    assert client.http.post(f"/organisations/{ORG}/webhooks/{wid}/test", headers=bearer(admin_token)).status_code == 202
    from datetime import datetime, timezone
    start = datetime.now(timezone.utc)
    pump(start)
    due = start + timedelta(seconds=webhooks.RETRY_AFTER[0])
    monkeypatch.setattr(workers, "now", lambda: due)
    client.lambda_.invoke("expire_holds", tick)
    pump(due)
    [delivery] = deliveries(client, admin_token, wid)
    assert (delivery["state"], delivery["attempts"], delivery["status_code"]) == ("delivered", 2, 200)
