"""When the follow-up goes for meetings that are not one afternoon (chalicelib/after.py): the
morning after the day the meeting ends, in its own zone."""
from datetime import datetime, timezone

from chalicelib import after
from conftest import make_event
from test_outbox import join, stream, work  # noqa: F401 (stream is a fixture)

DAY_TWO_MORNING = datetime(2026, 12, 10, 8, 0, tzinfo=timezone.utc)     # 09:00 in Amsterdam
DAY_THREE_MORNING = datetime(2026, 12, 11, 8, 0, tzinfo=timezone.utc)


def test_a_two_day_meeting_is_followed_up_the_morning_after_its_second_day(client, admin_token, stream):  # noqa: F811
    make_event(client, admin_token, starts_at="2026-12-09T13:00:00", ends_at="2026-12-10T17:00:00")
    join(client, 1)
    work(stream)
    assert after.request_due(DAY_TWO_MORNING) == 0      # the second day is still to come
    assert after.request_due(DAY_THREE_MORNING) == 1


def test_an_evening_that_ends_after_midnight_is_followed_up_the_morning_after_that(client, admin_token,  # noqa: F811
                                                                                   stream):
    # ends at 00:30 on 10 December in Amsterdam, which is still 9 December in UTC
    make_event(client, admin_token, starts_at="2026-12-09T20:00:00", ends_at="2026-12-10T00:30:00")
    join(client, 1)
    work(stream)
    assert after.request_due(DAY_TWO_MORNING) == 0
    assert after.request_due(DAY_THREE_MORNING) == 1
