"""Dates and times for people: Babel formats in the event's own zone.

Babel is imported inside the functions: the signup path never formats a date,
so its cold start does not pay for loading Babel's locale data.
"""
from datetime import datetime, tzinfo
from typing import Union
from zoneinfo import ZoneInfo

BABEL_LOCALES = {"nl": "nl_NL", "en": "en_GB"}
DATE_FORMAT = "EEEE d MMMM y"      # woensdag 9 december 2026 / Wednesday 9 December 2026
TIME_FORMAT = "HH:mm"


def format_period(event, locale: str) -> str:
    """``event.starts_at``-``ends_at`` in the event's zone, e.g.
    "woensdag 9 december 2026, 13:00-17:00"; a period over several days names
    both days: "woensdag 9 december 2026, 13:00 - donderdag 10 december 2026, 17:00".
    """
    zone = ZoneInfo(event.timezone)
    start, end = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    if start.date() == end.date():
        return f"{_date(start, locale)}, {_time(start, locale)}-{_time(end, locale)}"
    return f"{format_datetime(start, zone, locale)} - {format_datetime(end, zone, locale)}"


def format_datetime(dt: datetime, tz: Union[str, tzinfo], locale: str) -> str:
    """One moment in ``tz``, e.g. "woensdag 9 december 2026, 13:00"."""
    local = dt.astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)
    return f"{_date(local, locale)}, {_time(local, locale)}"


def babel_locale(locale: str) -> str:
    """Our two-letter locale as a Babel locale; Dutch for anything unknown."""
    return BABEL_LOCALES.get(locale, BABEL_LOCALES["nl"])


def _date(dt: datetime, locale: str) -> str:
    from babel.dates import format_date

    return format_date(dt.date(), DATE_FORMAT, locale=babel_locale(locale))


def _time(dt: datetime, locale: str) -> str:
    from babel.dates import format_time

    # a naive time: dt is already in the right zone, Babel must not shift it
    return format_time(dt.time(), TIME_FORMAT, locale=babel_locale(locale))
