"""The numbers of an event: counts by status, checked in, and signups per day.

One reading of the registrations feeds both ``GET /events/{id}/stats`` and the dashboard,
so the page and the API can never disagree.
"""
from collections import Counter
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from chalicelib import signups, store
from chalicelib.models import CANCELLED, CONFIRMED, EXPIRED, PENDING, WAITLISTED

COUNTED = (CONFIRMED, PENDING, WAITLISTED, CANCELLED, EXPIRED)
MAX_DAYS = 400      # a chart of more days than this shows the last MAX_DAYS


def of_event(event_id: str) -> dict:
    """``{"confirmed", "pending", "waitlisted", "cancelled", "expired", "checked_in", "capacity",
    "signups_per_day": [{"date": "YYYY-MM-DD", "count": n}, ...]}``. Raises EventNotFound.

    Days run in the event's time zone, from the first signup to the last, days without
    signups included (count 0), so a chart of them has no holes.
    """
    event = signups.get_event(event_id)
    return summarise(event, store.roster.registrations(event_id, consistent=True))


def summarise(event, registrations) -> dict:
    zone = ZoneInfo(event.timezone)
    by_status, per_day, checked_in = Counter(), Counter(), 0
    for reg in registrations:
        by_status[reg.status] += 1
        checked_in += reg.checked_in_at is not None
        if reg.created_at:
            per_day[reg.created_at.astimezone(zone).date()] += 1
    return {**{status: by_status[status] for status in COUNTED}, "checked_in": checked_in,
            "capacity": event.capacity, "signups_per_day": _days(per_day)}


def _days(per_day: Counter) -> list:
    if not per_day:
        return []
    first, last = min(per_day), max(per_day)
    first = max(first, last - timedelta(days=MAX_DAYS - 1))
    return [{"date": day.isoformat(), "count": per_day[day]} for day in _range(first, last)]


def _range(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
