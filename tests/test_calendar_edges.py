"""The edges of the agenda-uitnodiging (chalicelib/calendar.py) a calendar program shows: the times
in the event's own zone in summer and winter, an entry without a place, a description or an address,
and the moment it was made."""
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from chalicelib import calendar
from chalicelib.config import settings
from conftest import event_model
from test_calendar import NOW, base_url, parse, registration  # noqa: F401 (base_url: a fixture)

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize("starts, local", [
    (datetime(2026, 7, 9, 11, 0, tzinfo=timezone.utc), datetime(2026, 7, 9, 13, 0)),     # summer: UTC+2
    (datetime(2026, 12, 9, 12, 0, tzinfo=timezone.utc), datetime(2026, 12, 9, 13, 0)),   # winter: UTC+1
])
def test_a_meeting_is_written_at_its_local_clock_time_summer_and_winter(starts, local):
    event = event_model(starts_at=starts, ends_at=starts + timedelta(hours=4))
    ics = calendar.invite(event, registration(), now=NOW)
    _, vevent = parse(ics)
    assert vevent["DTSTART"].params["TZID"] == vevent["DTEND"].params["TZID"] == "Europe/Amsterdam"
    assert vevent["DTSTART"].dt.replace(tzinfo=None) == local
    assert vevent["DTEND"].dt.replace(tzinfo=None) == local + timedelta(hours=4)
    text = ics.decode()
    assert f"DTSTART;TZID=Europe/Amsterdam:{local:%Y%m%dT%H%M%S}" in text
    # the zone is described before the entry that names it, once
    assert text.count("BEGIN:VTIMEZONE") == 1 and text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")


def test_a_moved_meeting_gives_the_new_times_and_a_higher_sequence():
    starts = datetime(2026, 12, 9, 13, 0, tzinfo=AMS)
    event = event_model(starts_at=starts, ends_at=starts + timedelta(hours=4))
    moved = replace(event, starts_at=starts + timedelta(days=1, hours=1), ends_at=starts + timedelta(days=1, hours=3))
    _, before = parse(calendar.invite(event, registration(sequence=1), now=NOW))
    _, after = parse(calendar.invite(moved, registration(sequence=2), now=NOW + timedelta(days=1)))
    assert before["UID"] == after["UID"] and after["SEQUENCE"] > before["SEQUENCE"]
    assert after["DTSTART"].dt == datetime(2026, 12, 10, 14, 0, tzinfo=AMS)
    assert after["DTEND"].dt == datetime(2026, 12, 10, 16, 0, tzinfo=AMS)


def test_without_a_moment_given_the_invite_is_stamped_now():
    before = datetime.now(timezone.utc).replace(microsecond=0)
    _, vevent = parse(calendar.invite(event_model(), registration()))
    assert before <= vevent["DTSTAMP"].dt <= datetime.now(timezone.utc)


def test_a_meeting_without_place_or_description_has_neither_line():
    event = event_model(location={}, description={})
    text = calendar.invite(event, registration(), now=NOW).decode()
    assert "LOCATION" not in text and "DESCRIPTION" not in text


def test_a_registration_without_address_or_name_names_no_attendee():
    text = calendar.invite(event_model(), registration(status="erased", email=None, name=""), now=NOW).decode()
    assert "ATTENDEE" not in text and "METHOD:CANCEL" in text
    _, vevent = parse(calendar.invite(event_model(), registration(name=""), now=NOW))
    assert vevent["ATTENDEE"] == "mailto:tessa@example.org" and "CN" not in vevent["ATTENDEE"].params


def test_an_organiser_without_a_name_is_named_by_address_only():
    event = event_model(organiser={"email": "info@duurzaamdoor.example"})
    _, vevent = parse(calendar.invite(event, registration(), now=NOW))
    assert vevent["ORGANIZER"] == "mailto:info@duurzaamdoor.example" and "CN" not in vevent["ORGANIZER"].params


def test_without_a_website_address_the_uid_still_has_a_domain(monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "")
    settings.cache_clear()
    _, vevent = parse(calendar.invite(event_model(), registration(), now=NOW))
    assert vevent["UID"] == "reg-1@localhost"


@pytest.mark.parametrize("status, method", [("confirmed", "REQUEST"), ("pending", "REQUEST"), ("waitlisted", "REQUEST"),
                                            ("cancelled", "CANCEL"), ("expired", "CANCEL"), ("erased", "CANCEL")])
def test_the_mails_invite_part_says_request_or_cancel(status, method):
    assert calendar.method(registration(status=status)) == method
    cal, _ = parse(calendar.invite(event_model(), registration(status=status), now=NOW))
    assert str(cal["METHOD"]) == method and str(cal["VERSION"]) == "2.0" and cal["PRODID"] == calendar.PRODID


def test_the_attendee_is_a_required_participant_and_reads_the_description_in_their_language():
    event = event_model(description={"nl": "Bijeenkomst voor ambtenaren.", "en": "A meeting for civil servants."})
    _, vevent = parse(calendar.invite(event, registration("en"), now=NOW))
    assert vevent["ATTENDEE"].params["ROLE"] == "REQ-PARTICIPANT"
    assert str(vevent["DESCRIPTION"]) == "A meeting for civil servants."
