"""Dates, times and plurals for people: Babel, in the event's own zone and the reader's language.

Dates and times as the Dutch government writes them (Rijksoverheid, Schrijfwijzer):
"woensdag 9 december 2026, van 13.00 tot 17.00 uur" in pages and mails, "9 dec. 2026,
13.00 uur" in tables. English in English style: "Wednesday 9 December 2026, 1:00 to 5:00 pm",
"9 Dec 2026, 1:00 pm". The zone is named only for a zone other than ``HOME_ZONE`` (our readers
live there), as Babel (CLDR) names it for that moment: "Eastern Standard Time".

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
HOME_ZONE = "Europe/Amsterdam"
DATE_FORMAT = "EEEE d MMMM y"      # woensdag 9 december 2026 / Wednesday 9 December 2026
TIME_FORMAT = {"nl": "H.mm", "en": "h:mm a"}   # 9.30 / 9:30 am
HALF_DAYS = (" am", " pm")
# The words around a date and times are sentences of the catalog (chalicelib.translations):
# one moment "woensdag 9 december 2026, 13.00 uur", a range "van 13.00 tot 17.00 uur".


def format_period(event, locale: str) -> str:
    """``event.starts_at``-``ends_at`` in the event's zone, e.g.
    "woensdag 9 december 2026, van 13.00 tot 17.00 uur"; a period over several days names
    both days: "van woensdag 9 december 2026, 13.00 uur tot donderdag 10 december 2026,
    17.00 uur". Outside ``HOME_ZONE`` the zone follows: "... 17.00 uur (Eastern Standard Time)".
    """
    return _period(event.starts_at, event.ends_at, event.timezone, locale)


# Formatting is a pure function of its arguments, and every mail of an event formats the
# same period (Babel's formatting was a tenth of a mail's cost): remembered per process.
@functools.lru_cache(maxsize=256)
def _period(starts_at: datetime, ends_at: datetime, timezone: str, locale: str) -> str:
    from chalicelib import translations
    _ = translations.gettext(lang(locale))
    zone = ZoneInfo(timezone)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    start_zone, end_zone = _zone_suffix(start, timezone, locale), _zone_suffix(end, timezone, locale)
    if start.date() == end.date() and start_zone == end_zone:
        first, last = _clock(start, locale), _clock(end, locale)
        if first.endswith(HALF_DAYS) and first[-3:] == last[-3:]:
            first = first[:-3]   # "1:00 to 5:00 pm", not "1:00 pm to 5:00 pm"
        return _("{date}, van {start} tot {end} uur", date=_date(start, locale), start=first, end=last) + end_zone
    if start_zone == end_zone:
        return _("van {start} tot {end}", start=_moment(start, locale), end=_moment(end, locale)) + end_zone
    return _("van {start} tot {end}", start=_moment(start, locale) + start_zone, end=_moment(end, locale) + end_zone)


def format_times(starts_at: datetime, ends_at: datetime, tz: str, locale: str) -> str:
    """The clock times of a part of the day, e.g. "14.00 - 14.55 uur" (a round of the programme)."""
    from chalicelib import translations
    _, zone = translations.gettext(lang(locale)), ZoneInfo(tz)
    return _("{start} - {end} uur", start=_clock(starts_at.astimezone(zone), locale), end=_clock(ends_at.astimezone(zone), locale))


@functools.lru_cache(maxsize=1024)
def format_datetime(dt: datetime, tz: Union[str, tzinfo], locale: str) -> str:
    """One moment in ``tz``, e.g. "dinsdag 1 december 2026, 12.00 uur"; outside ``HOME_ZONE``
    with the zone's name: "Tuesday 1 December 2026, 7:00 am (Eastern Standard Time)"."""
    local = dt.astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)
    return _moment(local, locale) + _zone_suffix(local, _zone_key(tz), locale)


def format_short(dt: Union[datetime, str, None], tz: Union[str, tzinfo], locale: str) -> str:
    """One moment for a table cell: "9 dec. 2026, 13.00 uur" / "9 Dec 2026, 1:00 pm" (the zone's
    name outside ``HOME_ZONE``); a stored ISO text is read first; nothing gives ""."""
    from babel.dates import format_date

    if not dt:
        return ""
    if isinstance(dt, str):
        dt = datetime.fromisoformat(dt)
    local = dt.astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)
    day = format_date(local.date(), "d MMM y", locale=babel_locale(locale))
    if lang(locale) == "nl":
        month = format_date(local.date(), "MMM", locale="nl_NL")
        if month != format_date(local.date(), "MMMM", locale="nl_NL"):
            day = day.replace(f" {month} ", f" {month}. ", 1)   # "9 dec. 2026", but "9 mei 2026"
    return _at(day, _clock(local, locale), locale) + _zone_suffix(local, _zone_key(tz), locale)


def babel_locale(locale: str) -> str:
    """Our two-letter locale as a Babel locale; Dutch for anything unknown."""
    return BABEL_LOCALES.get(locale, BABEL_LOCALES["nl"])


def lang(locale: str) -> str:
    """``locale`` if we write it, else Dutch."""
    return locale if locale in BABEL_LOCALES else "nl"


def _moment(dt: datetime, locale: str) -> str:
    return _at(_date(dt, locale), _clock(dt, locale), locale)


def _at(day: str, time: str, locale: str) -> str:
    """"woensdag 9 december 2026, 13.00 uur" / "Wednesday 9 December 2026, 1:00 pm"."""
    from chalicelib import translations
    _ = translations.gettext(lang(locale))
    return _("{date}, {time} uur", date=day, time=time)


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


def _zone_suffix(dt: datetime, zone_key: str, locale: str) -> str:
    """The zone in brackets, " (Eastern Standard Time)": its name's name at that moment (standard or summer time),
    or nothing in ``HOME_ZONE``."""
    from babel.dates import get_timezone_name

    if zone_key == HOME_ZONE:
        return ""
    return f" ({get_timezone_name(dt, width='long', locale=babel_locale(locale))})"


def _zone_key(tz: Union[str, tzinfo]) -> str:
    return tz if isinstance(tz, str) else getattr(tz, "key", str(tz))
