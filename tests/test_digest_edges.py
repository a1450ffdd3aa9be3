"""The edges of the organiser's daily digest (chalicelib/digest.py) an organiser notices: it comes
at eight in the morning of the event's own time zone, summer and winter, and not for an event
that is over."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from chalicelib import digest, store
from conftest import event_model
from test_digest import busy  # noqa: F401 (a fixture)
from test_organisers import ses  # noqa: F401 (a fixture)


@pytest.mark.parametrize("now, due", [
    # summer (UTC+2): 07:00 in Amsterdam is 05:00 UTC; eight o'clock comes at 06:00 UTC
    (datetime(2026, 7, 1, 5, 0, tzinfo=timezone.utc), datetime(2026, 7, 1, 6, 0, tzinfo=timezone.utc)),
    # winter (UTC+1)
    (datetime(2026, 12, 1, 6, 0, tzinfo=timezone.utc), datetime(2026, 12, 1, 7, 0, tzinfo=timezone.utc)),
    # at eight itself: the next one is tomorrow's
    (datetime(2026, 12, 1, 7, 0, tzinfo=timezone.utc), datetime(2026, 12, 2, 7, 0, tzinfo=timezone.utc)),
    # late in the evening, already the next day in Amsterdam (00:30 local): eight that morning
    (datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc), datetime(2026, 12, 1, 7, 0, tzinfo=timezone.utc)),
])
def test_the_digest_comes_at_eight_in_the_events_time_zone(now, due):
    assert digest.next_due(event_model(timezone="Europe/Amsterdam"), now) == due


def test_an_event_in_another_zone_gets_its_digest_at_its_own_eight():
    now = datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)          # 19:00 the day before in New York
    assert digest.next_due(event_model(timezone="America/New_York"), now) == datetime(
        2026, 12, 1, 13, 0, tzinfo=timezone.utc)


def test_an_event_that_is_over_gets_no_digest_schedule(table):
    event = event_model()
    digest.schedule(event, event.ends_at)
    assert store.digests.get_digest_schedule(event.id) is None
    digest.schedule(event, event.ends_at - timedelta(seconds=1))
    assert store.digests.get_digest_schedule(event.id) is not None


def test_a_digest_is_kept_thirty_days(client, busy, ses):  # noqa: F811
    from test_digest import EID, due_time
    at = due_time()
    assert digest.request_due(at) == 1
    day = at.astimezone(ZoneInfo("Europe/Amsterdam")).date()
    item = store.digests.get_digest(EID, day.isoformat())
    assert int(item["expires_at"]) == int((at + timedelta(days=30)).timestamp())


def test_an_event_that_has_ended_gets_no_more_digests(client, busy, ses):  # noqa: F811
    from test_digest import EID
    event = store.events.get_event(EID)
    assert digest.request_due(event.ends_at) == 0
    assert store.digests.get_digest_schedule(EID).get("due_at") is None
