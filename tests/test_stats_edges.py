"""The edges of an event's numbers (chalicelib/stats.py) that a chart reader notices: how many
days the chart holds, and on which day a late-evening signup counts."""
from datetime import date, datetime, timedelta, timezone

from chalicelib import stats
from chalicelib.models import Registration
from conftest import event_model


def _signed_up_at(*moments):
    return [Registration(id=f"r{n}", event_id="demo", status="confirmed", name=f"P {n}", email=f"p{n}@x.example",
                         locale="nl", created_at=moment) for n, moment in enumerate(moments)]


def test_a_chart_of_more_than_400_days_shows_the_last_400_ending_on_the_last_signup():
    first, last = datetime(2025, 1, 1, 12, tzinfo=timezone.utc), datetime(2026, 6, 1, 12, tzinfo=timezone.utc)
    days = stats.summarise(event_model(), _signed_up_at(first, last, last))["signups_per_day"]
    assert len(days) == 400
    assert days[-1] == {"date": "2026-06-01", "count": 2}
    assert days[0] == {"date": (date(2026, 6, 1) - timedelta(days=399)).isoformat(), "count": 0}


def test_a_chart_of_exactly_400_days_keeps_its_first_day():
    first = datetime(2025, 1, 1, 12, tzinfo=timezone.utc)
    days = stats.summarise(event_model(), _signed_up_at(first, first + timedelta(days=399)))["signups_per_day"]
    assert len(days) == 400 and days[0] == {"date": "2025-01-01", "count": 1}


def test_a_summer_signup_late_in_the_evening_counts_on_the_next_day_in_amsterdam():
    late = datetime(2026, 7, 1, 22, 30, tzinfo=timezone.utc)       # 00:30 on 2 July in Amsterdam (UTC+2)
    days = stats.summarise(event_model(timezone="Europe/Amsterdam"), _signed_up_at(late))["signups_per_day"]
    assert days == [{"date": "2026-07-02", "count": 1}]
