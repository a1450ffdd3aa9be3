"""The organisation's log (chalicelib/store/organisers.py's audit trail): a line about an event is
kept as long as the event's data, its end plus its retention, also when the use case that writes
it has not read the event (a person added by hand, a cancellation on someone's behalf)."""
from datetime import datetime, timedelta, timezone

from chalicelib import signups, store
from chalicelib.config import settings
from conftest import define_event

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


def kept_until(event, days):
    return int((event.ends_at + timedelta(days=days)).timestamp())


def lines(event_id):
    return {record["action"]: record for record in store.organisers.list_audit(event_id)}


def test_a_line_about_a_person_added_or_cancelled_by_hand_goes_with_the_events_data(table):
    event = define_event("hand", NOW)
    assert event.retention_days is None         # the service's default
    reg = signups.add_by_organiser("hand", {"name": "Piet", "email": "piet@example.org"}, caller_id="tok_1", now=NOW)
    signups.cancel_by_id("hand", reg.id, NOW, caller_id="tok_1")
    found = lines("hand")
    assert found["add"]["expires_at"] == kept_until(event, settings().retention_days)
    assert found["cancel"]["expires_at"] == kept_until(event, settings().retention_days)


def test_an_event_that_keeps_its_data_longer_keeps_its_log_lines_longer(table):
    event = define_event("lang", NOW, retention_days=90)
    assert event.retention_days == 90
    signups.add_by_organiser("lang", {"name": "Piet", "email": "piet@example.org"}, caller_id="tok_1", now=NOW)
    assert lines("lang")["add"]["expires_at"] == kept_until(event, 90)
