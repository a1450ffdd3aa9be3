"""The follow-up mail's schedule (chalicelib/store/after.py): it runs once, leaves the schedule
behind it, and writes nothing for an event that is gone."""
from datetime import timedelta

from chalicelib import after, aws, signups, store
from test_after import BEFORE, EID, MORNING, people  # noqa: F401 (people is a fixture)
from test_outbox import stream  # noqa: F401 (a fixture)

LATER = MORNING + timedelta(days=400)


def test_after_the_follow_up_ran_no_later_run_picks_the_event_again(people):  # noqa: F811
    assert EID not in store.after.due_follow_ups(BEFORE)
    assert list(store.after.due_follow_ups(MORNING)) == [EID]
    assert after.request_due(MORNING) == 2
    assert list(store.after.due_follow_ups(LATER)) == []


def test_an_event_edited_after_its_follow_up_ran_is_not_followed_up_again(people):  # noqa: F811
    after.request_due(MORNING)
    after.schedule(signups.get_event(EID), MORNING)          # what saving the event does
    assert list(store.after.due_follow_ups(LATER)) == []
    assert store.after.schedule_follow_up(EID, MORNING) is False


def test_a_schedule_that_is_gone_is_not_written_again(table):
    store.after.follow_up_done("verwijderd-2026-12-09", MORNING)
    item = aws.dynamodb().get_item(TableName=aws.table_name(),
                                         Key=store.after.schedule_key("verwijderd-2026-12-09")).get("Item")
    assert item is None
