"""Dates, times and plurals for people: Babel, in the event's own zone and the reader's language.

Times follow each language's usage: Dutch government style writes "13.00-17.00 uur"
(Rijksoverheid, Schrijfwijzer), English "13:00-17:00". The zone is named after the
times, as Babel (CLDR) names it for that moment: "Midden-Europese standaardtijd",
"Central European Summer Time".

Sentences (with or without a number) are not here: ``chalicelib.translations`` is the one
catalog loader (Dutch msgids, ``chalicelib/locale/en/LC_MESSAGES/messages.po``).

Babel is imported inside the functions: the signup path never formats a date,
so its cold start does not pay for loading Babel's locale data.
"""
import functools
from datetime import datetime, tzinfo
from typing import Union
from zoneinfo import ZoneInfo

BABEL_LOCALES = {"nl": "nl_NL", "en": "en_GB"}
DATE_FORMAT = "EEEE d MMMM y"      # woensdag 9 december 2026 / Wednesday 9 December 2026
TIME_FORMAT = {"nl": "HH.mm", "en": "HH:mm"}
TIME_SUFFIX = {"nl": " uur", "en": ""}
TABLE_FORMAT = {"nl": "d MMM y, HH.mm", "en": "d MMM y, HH:mm"}     # + TIME_SUFFIX: 9 dec. 2026, 13.00 uur / 9 Dec 2026, 13:00


def format_period(event, locale: str) -> str:
    """``event.starts_at``-``ends_at`` in the event's zone, e.g.
    "woensdag 9 december 2026, 13.00-17.00 uur (Midden-Europese standaardtijd)"; a period
    over several days names both days: "woensdag 9 december 2026, 13.00 uur - donderdag
    10 december 2026, 17.00 uur (Midden-Europese standaardtijd)".
    """
    return _period(event.starts_at, event.ends_at, event.timezone, locale)


# Formatting is a pure function of its arguments, and every mail of an event formats the
# same period (Babel's formatting was a tenth of a mail's cost): remembered per process.
@functools.lru_cache(maxsize=256)
def _period(starts_at: datetime, ends_at: datetime, timezone: str, locale: str) -> str:
    zone = ZoneInfo(timezone)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    start_zone, end_zone = _zone_name(start, locale), _zone_name(end, locale)
    if start.date() == end.date() and start_zone == end_zone:
        times = f"{_clock(start, locale)}-{_clock(end, locale)}{TIME_SUFFIX[lang(locale)]}"
        return f"{_date(start, locale)}, {times} ({start_zone})"
    if start_zone == end_zone:
        return f"{_moment(start, locale)} - {_moment(end, locale)} ({start_zone})"
    return f"{format_datetime(start, zone, locale)} - {format_datetime(end, zone, locale)}"


@functools.lru_cache(maxsize=1024)
def format_datetime(dt: datetime, tz: Union[str, tzinfo], locale: str) -> str:
    """One moment in ``tz`` with its zone, e.g. "dinsdag 1 december 2026, 12.00 uur
    (Midden-Europese standaardtijd)"."""
    local = dt.astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)
    return f"{_moment(local, locale)} ({_zone_name(local, locale)})"


def babel_locale(locale: str) -> str:
    """Our two-letter locale as a Babel locale; Dutch for anything unknown."""
    return BABEL_LOCALES.get(locale, BABEL_LOCALES["nl"])


def lang(locale: str) -> str:
    """``locale`` if we write it, else Dutch."""
    return locale if locale in BABEL_LOCALES else "nl"


def _moment(dt: datetime, locale: str) -> str:
    return f"{_date(dt, locale)}, {_clock(dt, locale)}{TIME_SUFFIX[lang(locale)]}"


def _date(dt: datetime, locale: str) -> str:
    from babel.dates import format_date

    return format_date(dt.date(), DATE_FORMAT, locale=babel_locale(locale))


def format_day(iso_date: str, locale: str, pattern: str = "d MMMM y") -> str:
    """A calendar day (``YYYY-MM-DD``) as people read it: "28 november 2026"; "28 nov" with
    ``pattern="d MMM"``."""
    from datetime import date

    from babel.dates import format_date
    return format_date(date.fromisoformat(iso_date), pattern, locale=babel_locale(locale))


def _clock(dt: datetime, locale: str) -> str:
    from babel.dates import format_time

    # a naive time: dt is already in the right zone, Babel must not shift it
    return format_time(dt.time(), TIME_FORMAT[lang(locale)], locale=babel_locale(locale))


def _zone_name(dt: datetime, locale: str) -> str:
    """The zone's name at that moment: standard or summer time."""
    from babel.dates import get_timezone_name

    return get_timezone_name(dt, width="long", locale=babel_locale(locale))
