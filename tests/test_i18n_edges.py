"""Dates and times as a reader sees them (chalicelib/i18n.py), at the edges an outsider's bug would
move: the event's own zone in winter and summer (a moment stored in UTC), a meeting past midnight,
a period across a change of summer time, "am"/"pm" said once, a zone named only away from
Amsterdam, and Dutch for a language we do not write."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from chalicelib import i18n
from conftest import event_model

UTC = timezone.utc
AMS = ZoneInfo("Europe/Amsterdam")
NEW_YORK = ZoneInfo("America/New_York")


def at(*parts, tz=UTC):
    return datetime(*parts, tzinfo=tz)


@pytest.mark.parametrize("starts, ends, zone, locale, shown", [
    # winter (UTC+1) and summer (UTC+2): stored in UTC, shown in Amsterdam's time
    (at(2026, 12, 9, 12), at(2026, 12, 9, 16), "Europe/Amsterdam", "nl",
     "woensdag 9 december 2026, van 13.00 tot 17.00 uur"),
    (at(2026, 7, 9, 11), at(2026, 7, 9, 15), "Europe/Amsterdam", "nl",
     "donderdag 9 juli 2026, van 13.00 tot 17.00 uur"),
    # "pm" once when both times are in the afternoon, "am" once in the morning, both when they differ
    (at(2026, 7, 9, 11), at(2026, 7, 9, 15), "Europe/Amsterdam", "en", "Thursday 9 July 2026, 1:00 to 5:00 pm"),
    (at(2026, 7, 9, 7), at(2026, 7, 9, 9), "Europe/Amsterdam", "en", "Thursday 9 July 2026, 9:00 to 11:00 am"),
    (at(2026, 7, 9, 7), at(2026, 7, 9, 11), "Europe/Amsterdam", "en", "Thursday 9 July 2026, 9:00 am to 1:00 pm"),
    (at(2026, 7, 9, 11, 15), at(2026, 7, 9, 15), "Europe/Amsterdam", "en", "Thursday 9 July 2026, 1:15 to 5:00 pm"),
    # past midnight in Amsterdam, though the same day in UTC: both days named
    (at(2026, 12, 9, 22, 30), at(2026, 12, 9, 23, 30), "Europe/Amsterdam", "nl",
     "van woensdag 9 december 2026, 23.30 uur tot donderdag 10 december 2026, 0.30 uur"),
    (at(2026, 12, 9, 21), at(2026, 12, 10, 0, 30), "Europe/Amsterdam", "nl",
     "van woensdag 9 december 2026, 22.00 uur tot donderdag 10 december 2026, 1.30 uur"),
    # away from Amsterdam the zone is named, in the reader's language, once
    (at(2026, 12, 9, 18), at(2026, 12, 9, 22), "America/New_York", "nl",
     "woensdag 9 december 2026, van 13.00 tot 17.00 uur (Eastern-standaardtijd)"),
    (at(2026, 12, 9, 18), at(2026, 12, 10, 22), "America/New_York", "en",
     "Wednesday 9 December 2026, 1:00 pm to Thursday 10 December 2026, 5:00 pm (Eastern Standard Time)"),
    # the night summer time ends in New York: one day, two zone names, each at its own moment
    (at(2026, 11, 1, 4, 30), at(2026, 11, 1, 8), "America/New_York", "en",
     "Sunday 1 November 2026, 12:30 am (Eastern Daylight Time) to Sunday 1 November 2026, 3:00 am "
     "(Eastern Standard Time)"),
    # a language we do not write: Dutch
    (at(2026, 12, 9, 12), at(2026, 12, 9, 16), "Europe/Amsterdam", "de",
     "woensdag 9 december 2026, van 13.00 tot 17.00 uur"),
])
def test_an_events_period_reads_as_its_own_clock_shows_it(starts, ends, zone, locale, shown):
    assert i18n.format_period(event_model(starts_at=starts, ends_at=ends, timezone=zone), locale) == shown


@pytest.mark.parametrize("starts, ends, shown", [
    (at(2026, 7, 9, 12), at(2026, 7, 9, 12, 55), "14.00 - 14.55 uur"),     # summer
    (at(2026, 12, 9, 13), at(2026, 12, 9, 13, 55), "14.00 - 14.55 uur"),    # winter
])
def test_a_rounds_times_are_amsterdams(starts, ends, shown):
    assert i18n.format_times(starts, ends, "Europe/Amsterdam", "nl") == shown


def test_a_rounds_times_in_english_are_english_clocks():
    assert i18n.format_times(at(2026, 7, 9, 11), at(2026, 7, 9, 11, 55), "Europe/Amsterdam", "en") == "1:00 pm - 1:55 pm"


@pytest.mark.parametrize("moment, zone, locale, shown", [
    (at(2026, 7, 9, 12), "Europe/Amsterdam", "nl", "donderdag 9 juli 2026, 14.00 uur"),
    (at(2026, 7, 9, 12), AMS, "nl", "donderdag 9 juli 2026, 14.00 uur"),                  # a zone object: not named
    (at(2026, 12, 1, 12), "America/New_York", "en", "Tuesday 1 December 2026, 7:00 am (Eastern Standard Time)"),
    (at(2026, 12, 1, 12), NEW_YORK, "en", "Tuesday 1 December 2026, 7:00 am (Eastern Standard Time)"),
    (at(2026, 12, 1, 12), UTC, "en", "Tuesday 1 December 2026, 12:00 pm (Coordinated Universal Time)"),
    (at(2026, 12, 1, 12), "Europe/Amsterdam", "fr", "dinsdag 1 december 2026, 13.00 uur"),
])
def test_one_moment_is_said_in_the_zone_asked_for(moment, zone, locale, shown):
    assert i18n.format_datetime(moment, zone, locale) == shown


@pytest.mark.parametrize("moment, zone, locale, shown", [
    (None, "Europe/Amsterdam", "nl", ""),
    ("", "Europe/Amsterdam", "nl", ""),
    (at(2026, 12, 9, 12), "Europe/Amsterdam", "nl", "9 dec. 2026, 13.00 uur"),
    ("2026-07-09T11:00:00+00:00", "Europe/Amsterdam", "nl", "9 jul. 2026, 13.00 uur"),     # stored text, summer
    (at(2026, 5, 9, 11), "Europe/Amsterdam", "nl", "9 mei 2026, 13.00 uur"),               # a short month: no dot
    (at(2026, 12, 9, 12), AMS, "en", "9 Dec 2026, 1:00 pm"),
    (at(2026, 12, 9, 12), "America/New_York", "en", "9 Dec 2026, 7:00 am (Eastern Standard Time)"),
    (at(2026, 12, 9, 12), NEW_YORK, "nl", "9 dec. 2026, 7.00 uur (Eastern-standaardtijd)"),
    (at(2026, 12, 9, 12), "Europe/Amsterdam", "xx", "9 dec. 2026, 13.00 uur"),
])
def test_a_table_cell_shows_the_short_moment(moment, zone, locale, shown):
    assert i18n.format_short(moment, zone, locale) == shown


def test_a_day_is_written_out_in_the_readers_language_and_dutch_otherwise():
    assert i18n.format_day("2026-11-28", "nl") == "28 november 2026"
    assert i18n.format_day("2026-11-28", "en", "d MMM") == "28 Nov"
    assert i18n.format_day("2026-11-28", "de") == "28 november 2026"
    assert (i18n.lang("de"), i18n.lang("en"), i18n.lang("nl")) == ("nl", "en", "nl")
    assert (i18n.babel_locale("de"), i18n.babel_locale("en")) == ("nl_NL", "en_GB")
