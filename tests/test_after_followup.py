"""The follow-up's schedule when the event changes under it (chalicelib/after.py request_due): moved
later between the schedule's read and the run, or half deleted."""
from datetime import datetime, timedelta, timezone

from chalicelib import after, aws, store
from conftest import make_event
from test_after import EID, MORNING
from test_outbox import join, stream, work  # noqa: F401 (stream is a fixture)

MOVED = datetime(2026, 12, 12, 8, 0, tzinfo=timezone.utc)      # 09:00 in Amsterdam, two days later


def test_a_follow_up_moved_later_while_the_run_was_due_goes_at_its_new_moment(client, admin_token, stream):  # noqa: F811
    make_event(client, admin_token)
    join(client, 1)
    work(stream)
    make_event(client, admin_token, follow_up_at="2026-12-12T09:00:00")
    store.after.schedule_follow_up(EID, MORNING)     # the run read the old moment before the organiser saved
    assert after.request_due(MORNING) == 0           # nobody mailed at the old moment
    assert list(store.after.due_follow_ups(MOVED - timedelta(minutes=1))) == []     # nor by the runs in between
    assert after.request_due(MOVED) == 1


def test_an_event_deleted_halfway_is_not_picked_again_by_every_later_run(client, admin_token, stream):  # noqa: F811
    make_event(client, admin_token)
    join(client, 1)
    work(stream)
    # the deletion's first step (store.events.delete_event): the event's own item, then the rest
    aws.dynamodb().delete_item(TableName=aws.table_name(), Key=store.events.event_key(EID))
    assert after.request_due(MORNING) == 0
    assert list(store.after.due_follow_ups(MORNING + timedelta(days=1))) == []
