"""The mail bookkeeping of the store (claims, their lease, a mail that may go again, the
suppression list), step by step on a fixed clock. The email worker's own tests: test_outbox.py."""
from datetime import datetime, timedelta, timezone

from conftest import DEMO_EVENT, person, signed_up

EID = DEMO_EVENT["id"]
T = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
LEASE = 120


def at(seconds):
    return T + timedelta(seconds=seconds)


def test_a_recorded_mail_may_go_again_only_once_more_than_again_after_has_passed(client, demo_event):
    from chalicelib import store
    rid = signed_up(client, EID, **person(1))
    assert store.claim_mail(EID, rid, "already_registered", T, LEASE, again_after=3600)
    store.record_mail(EID, rid, "already_registered", "sent", T)
    for moment in (1, 3599.999, 3600):
        assert not store.claim_mail(EID, rid, "already_registered", at(moment), LEASE, again_after=3600)
    assert store.claim_mail(EID, rid, "already_registered", at(3600.001), LEASE, again_after=3600)
    assert store.mail_state(EID, rid, "already_registered") == "sending"


def test_a_suppression_lasts_the_days_it_is_given_or_else_the_setting(table):
    from chalicelib import store
    from chalicelib.config import settings
    day = 86400
    store.suppress("a@example.org", "bounce", T, keep_days=3)
    store.suppress("b@example.org", "complaint", T)
    start = T.timestamp()
    assert store.is_suppressed("a@example.org", start + 3 * day - 1)
    assert not store.is_suppressed("a@example.org", start + 3 * day)
    kept = settings().suppression_days * day
    assert settings().suppression_days == 365
    assert store.is_suppressed("b@example.org", start + kept - 1)
    assert not store.is_suppressed("b@example.org", start + kept)
