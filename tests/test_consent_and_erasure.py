"""Personal data: consent is recorded only when it was asked and given; erasure scrubs a
registration in any status, not only the ones that hold a place."""
import json
from datetime import datetime, timezone

import pytest

from chalicelib import aws, events, signups, store
from chalicelib.store import roster
from chalicelib.models import CANCELLED, CONFIRMED, ERASED, EXPIRED, PENDING, WAITLISTED
from conftest import DEMO_EVENT

EID = "privacy"
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
PERSON = {"name": "Zoë Geheim", "email": "Zoe.Geheim@Example.org", "organisation": "Geheime Dienst"}


def organise(**overrides):
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    body.update(overrides)
    signups.apply_event(events.validate(EID, body), NOW)
    return signups.get_event(EID)


def join(n=0, **data):
    person = {**PERSON, "email": f"zoe{n}.geheim@example.org", "consent": True, **data}
    return signups.register(EID, person, now=NOW)


def test_consent_is_stamped_with_its_time_and_text_version_when_given(table):
    event = organise(consent_required=True)
    stored = store.roster.get_registration(EID, join(consent=True).id)
    assert stored.consent_given_at == NOW
    assert stored.consent_version == event.consent_version


@pytest.mark.parametrize("consent", [True, "on", False, None])
def test_no_consent_is_recorded_when_the_event_does_not_ask_for_it(table, consent):
    organise(consent_required=False)
    stored = store.roster.get_registration(EID, join(consent=consent).id)
    assert stored.consent_given_at is None
    assert stored.consent_version is None


@pytest.mark.parametrize("status", [CONFIRMED, PENDING, WAITLISTED, CANCELLED, EXPIRED])
def test_erasure_scrubs_a_registration_in_every_status(table, status):
    organise(capacity=1, double_opt_in=status in (PENDING, EXPIRED), consent_required=True)
    holder = join(0, consent=True)
    reg = join(1, consent=True) if status == WAITLISTED else holder
    if status == CANCELLED:
        reg = signups.cancel(reg, NOW)
    if status == EXPIRED:
        reg = signups.expire(reg, NOW)
    assert store.roster.get_registration(EID, reg.id).status == status
    store.mails.set_email_status(EID, reg.id, "failed", "550 zoe1.geheim@example.org: mailbox unknown")

    erased = signups.erase(store.roster.get_registration(EID, reg.id), NOW)

    assert (erased.status, erased.name, erased.email, erased.answers) == (ERASED, "", "", {})
    item = store.table.from_item(aws.dynamodb().get_item(TableName=table, Key=store.roster.reg_key(EID, reg.id))["Item"])
    assert item["status"] == ERASED and item["erased_at"] == store.table.iso(NOW) and item["mails"] == {}
    assert set(item) <= set(roster.KEPT_ON_ERASURE)
    for gone in ("name", "email", "answers", "email_norm", "email_error", "due_kind", "due_at", "locale",
                 "consent_given_at", "consent_version"):
        assert gone not in item, gone
    assert list(store.roster.registration_keys_by_email(f"zoe{1 if status == WAITLISTED else 0}.geheim@example.org")) == []
    assert "Geheim" not in json.dumps(item) and "geheim" not in json.dumps(item)


def test_erasing_an_erased_registration_changes_nothing(table):
    organise()
    reg = signups.erase(join(), NOW)
    before = aws.dynamodb().get_item(TableName=table, Key=store.roster.reg_key(EID, reg.id))["Item"]
    assert signups.erase(reg, datetime(2026, 11, 2, tzinfo=timezone.utc)) == reg
    assert aws.dynamodb().get_item(TableName=table, Key=store.roster.reg_key(EID, reg.id))["Item"] == before


def test_erasing_a_seat_holder_gives_the_seat_to_the_first_in_line(table):
    organise(capacity=1)
    holder, waiting = join(0), join(1)
    signups.erase(holder, NOW)
    assert store.roster.get_registration(EID, waiting.id).status == CONFIRMED
    event = store.events.get_event(EID, consistent=True)
    assert (event.seats_taken, event.waitlist_count) == (1, 0)
