"""invite.ics as a calendar program reads it."""
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest

from chalicelib import calendar
from chalicelib.config import settings
from chalicelib.models import CONFIRMED, Registration
from conftest import event_model

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 1, 9, 30, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def base_url(monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://aanmelden.example.org")
    settings.cache_clear()
    yield
    settings.cache_clear()


@pytest.fixture
def event():
    return event_model(description={"nl": "Bijeenkomst voor ambtenaren uit regio en rijk."},
                       location={"nl": "Stadskantoor Utrecht"})


def registration(locale="nl"):
    return Registration(id="reg-1", event_id="circulaire-economie-2026-12-09",
                        status=CONFIRMED, name="Tessa de Haas", email="tessa@example.org",
                        locale=locale)


def parse(ics: bytes):
    cal = icalendar.Calendar.from_ical(ics)
    (vevent,) = cal.walk("VEVENT")
    return cal, vevent


def test_invite_is_a_published_event_in_amsterdam_time(event):
    cal, vevent = parse(calendar.invite(event, registration(), now=NOW))

    assert str(cal["METHOD"]) == "PUBLISH" and cal["PRODID"]
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert vevent["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert vevent["DTSTART"].dt == datetime(2026, 12, 9, 13, 0, tzinfo=AMS)
    assert vevent["DTEND"].dt == datetime(2026, 12, 9, 17, 0, tzinfo=AMS)
    assert vevent["DTSTAMP"].dt == NOW
    assert vevent["SUMMARY"] == "Lerende ambtenaren versnellen circulaire economie"
    assert vevent["LOCATION"] == "Stadskantoor Utrecht"
    assert "URL" not in vevent and "/registrations/" not in str(vevent["DESCRIPTION"])   # no cancel link


def test_uid_is_stable_per_registration(event):
    first = calendar.invite(event, registration(), now=NOW)
    later = calendar.invite(event, registration(), now=NOW + timedelta(days=3))
    assert parse(first)[1]["UID"] == parse(later)[1]["UID"] == "reg-1@aanmelden.example.org"
    assert calendar.invite(event, registration(), now=NOW) == first


def test_summary_follows_the_attendee_locale(event):
    _, vevent = parse(calendar.invite(event, registration("en"), now=NOW))
    assert vevent["SUMMARY"] == "Learning civil servants speed up the circular economy"


def test_fixed_offset_times_are_written_in_the_named_zone(event):
    plus_one = timezone(timedelta(hours=1))
    event = replace(event, starts_at=datetime(2026, 12, 9, 13, tzinfo=plus_one),
                    ends_at=datetime(2026, 12, 9, 16, tzinfo=timezone.utc))
    _, vevent = parse(calendar.invite(event, registration(), now=NOW))
    assert vevent["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert vevent["DTEND"].dt == datetime(2026, 12, 9, 17, 0, tzinfo=AMS)
