"""invite.ics as a calendar program reads it."""
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest

from chalicelib import calendar
from chalicelib.config import settings
from chalicelib.models import CONFIRMED, Registration
from conftest import DEMO_EVENT, event_model, make_event, person, signed_up

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


def registration(locale="nl", **changes):
    return replace(Registration(id="reg-1", event_id="circulaire-economie-2026-12-09",
                                status=CONFIRMED, name="Tessa de Haas", email="tessa@example.org",
                                locale=locale), **changes)


def parse(ics: bytes):
    cal = icalendar.Calendar.from_ical(ics)
    (vevent,) = cal.walk("VEVENT")
    return cal, vevent


def test_invite_is_a_request_in_amsterdam_time(event):
    cal, vevent = parse(calendar.invite(event, registration(), now=NOW))

    assert str(cal["METHOD"]) == "REQUEST" and cal["PRODID"]
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


# --- iTIP: organiser, attendee, method, sequence ----------------------------------

def test_organizer_is_the_events_organiser(event):
    event = replace(event, organiser={"name": "DuurzaamDoor", "email": "info@duurzaamdoor.example"})
    _, vevent = parse(calendar.invite(event, registration(), now=NOW))
    assert vevent["ORGANIZER"] == "mailto:info@duurzaamdoor.example"
    assert vevent["ORGANIZER"].params["CN"] == "DuurzaamDoor"


def test_organizer_is_the_sender_when_the_event_names_none(event, monkeypatch):
    monkeypatch.setenv("SENDER_EMAIL", "aanmelden@example.org")
    settings.cache_clear()
    _, vevent = parse(calendar.invite(replace(event, organiser={}), registration(), now=NOW))
    assert vevent["ORGANIZER"] == "mailto:aanmelden@example.org"
    assert "CN" not in vevent["ORGANIZER"].params


@pytest.mark.parametrize("status, method, partstat, ics_status", [
    ("confirmed", "REQUEST", "ACCEPTED", "CONFIRMED"), ("pending", "REQUEST", "NEEDS-ACTION", "TENTATIVE"),
    ("waitlisted", "REQUEST", "TENTATIVE", "TENTATIVE"), ("cancelled", "CANCEL", "DECLINED", "CANCELLED"),
    ("expired", "CANCEL", "DECLINED", "CANCELLED")])
def test_method_and_attendee_follow_the_registration(event, status, method, partstat, ics_status):
    cal, vevent = parse(calendar.invite(event, registration(status=status), now=NOW))
    assert str(cal["METHOD"]) == method
    assert vevent["STATUS"] == ics_status
    assert vevent["ATTENDEE"] == "mailto:tessa@example.org"
    assert vevent["ATTENDEE"].params["CN"] == "Tessa de Haas"
    assert vevent["ATTENDEE"].params["PARTSTAT"] == partstat
    assert vevent["ATTENDEE"].params["RSVP"] == "FALSE"


def test_sequence_is_the_registrations_count_of_changes(event):
    _, vevent = parse(calendar.invite(event, registration(sequence=3), now=NOW))
    assert vevent["SEQUENCE"] == 3


def stored(event_id, rid):
    from chalicelib import store
    return store.roster.get_registration(event_id, rid)


def test_every_status_change_raises_the_stored_sequence(client, admin_token):
    """pending -> confirmed -> cancelled within one second: SEQUENCE 0, 1, 2; the waitlisted
    person promoted into the freed seat goes 0 -> 1."""
    from chalicelib import signups
    make_event(client, admin_token, capacity=1, double_opt_in=True)
    eid = DEMO_EVENT["id"]
    first, second = signed_up(client, eid, **person(1)), signed_up(client, eid, **person(2))
    assert [stored(eid, first).sequence, stored(eid, second).sequence] == [0, 0]

    signups.confirm(stored(eid, first), NOW)
    assert stored(eid, first).sequence == 1
    signups.cancel(stored(eid, first), NOW)

    assert stored(eid, first).status == "cancelled"
    assert stored(eid, first).sequence == 2
    assert stored(eid, second).status == "pending"
    assert stored(eid, second).sequence == 1
    _, cancelled = parse(calendar.invite(signups.get_event(eid), stored(eid, first), now=NOW))
    assert cancelled["SEQUENCE"] == 2
