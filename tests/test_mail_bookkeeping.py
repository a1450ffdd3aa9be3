"""The mail bookkeeping of the store (claims, their lease, a mail that may go again, the
suppression list), step by step on a fixed clock. The email worker's own tests: test_outbox.py."""
from datetime import datetime, timedelta, timezone

from conftest import DEMO_EVENT, make_event, person, signed_up

EID = DEMO_EVENT["id"]
T = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
LEASE = 120


def at(seconds):
    return T + timedelta(seconds=seconds)


def test_a_recorded_mail_may_go_again_only_once_more_than_again_after_has_passed(client, demo_event):
    from chalicelib import store
    rid = signed_up(client, EID, **person(1))
    assert store.mails.claim_mail(EID, rid, "already_registered", T, LEASE, again_after=3600)
    store.mails.record_mail(EID, rid, "already_registered", "sent", T)
    for moment in (1, 3599.999, 3600):
        assert not store.mails.claim_mail(EID, rid, "already_registered", at(moment), LEASE, again_after=3600)
    assert store.mails.claim_mail(EID, rid, "already_registered", at(3600.001), LEASE, again_after=3600)
    assert store.mails.mail_state(EID, rid, "already_registered") == "sending"


def test_a_suppression_lasts_the_days_it_is_given_or_else_the_setting(table):
    from chalicelib import store
    from chalicelib.config import settings
    day = 86400
    store.mails.suppress("a@example.org", "bounce", T, keep_days=3)
    store.mails.suppress("b@example.org", "complaint", T)
    start = T.timestamp()
    assert store.mails.is_suppressed("a@example.org", start + 3 * day - 1)
    assert not store.mails.is_suppressed("a@example.org", start + 3 * day)
    kept = settings().suppression_days * day
    assert settings().suppression_days == 365
    assert store.mails.is_suppressed("b@example.org", start + kept - 1)
    assert not store.mails.is_suppressed("b@example.org", start + kept)


# ---------------------------------------------------------------- the worker's rules, step by step

from test_outbox import FUTURE, join, kinds, sent, stream, work  # noqa: E402,F401 - stream is a fixture


def test_after_a_reminder_and_a_resend_the_workers_own_bookkeeping_sends_nothing(client, admin_token, stream):  # noqa: F811
    from chalicelib import signups, store
    make_event(client, admin_token, **FUTURE)
    reg = join(client, 1)
    assert kinds(work(stream, now=T)) == [("registered", "sent")]
    assert store.schedule.request_reminder(EID, reg.id, at(60))
    assert kinds(work(stream, now=at(61))) == [("reminder", "sent")]
    assert work(stream, now=at(62)) == []      # the reminder's claim and record: no rule fires, not even a duplicate
    assert signups.request_resend(reg, at(120))
    assert kinds(work(stream, now=at(121))) == [("registered", "sent")]
    assert work(stream, now=at(122)) == []      # the resend's claim and record
    assert [m["Subject"].split(":")[0] for m in sent()] == ["Aangemeld", "Morgen", "Aangemeld"]


def test_a_resend_stamped_on_a_cancelled_registration_sends_nothing_and_is_no_error(client, demo_event, stream,  # noqa: F811
                                                                                     caplog):
    import json
    import logging
    from chalicelib import signups
    reg = join(client, 1)
    work(stream, now=T)
    cancelled = signups.cancel(reg, at(10))
    assert kinds(work(stream, now=at(11))) == [("cancelled", "sent")]
    assert signups.request_resend(cancelled, at(20))
    with caplog.at_level(logging.INFO, logger="signups.events"):
        assert work(stream, now=at(21)) == []
    assert "mail.error" not in [json.loads(r.getMessage())["msg"] for r in caplog.records]
    assert len(sent()) == 2


def test_the_registered_and_the_promoted_get_their_check_in_link_the_waiting_and_the_cancelled_do_not(
        client, admin_token, stream):  # noqa: F811
    from chalicelib import checkin, signups
    from test_outbox import to
    make_event(client, admin_token, capacity=1, **FUTURE)
    first, second = join(client, 1), join(client, 2)
    assert kinds(work(stream, now=T)) == [("registered", "sent"), ("waitlisted", "sent")]
    signups.cancel(first, at(10))
    assert sorted(kinds(work(stream, now=at(11)))) == [("cancelled", "sent"), ("promoted", "sent")]
    links = [(to(m), "/checkin/" in m.get_body(("plain",)).get_content()) for m in sent()]
    assert links[:2] == [(first.email, True), (second.email, False)]
    assert sorted(links[2:]) == sorted([(first.email, False), (second.email, True)])
    promoted = next(m for m in sent()[2:] if to(m) == second.email)
    assert checkin.checkin_url(EID, second.id) in promoted.get_body(("plain",)).get_content()


def test_the_pending_and_the_reminder_mails_carry_no_check_in_link(client, admin_token, stream):  # noqa: F811
    from chalicelib import signups, store
    from test_outbox import to
    make_event(client, admin_token, double_opt_in=True, **FUTURE)
    reg = join(client, 1)
    assert kinds(work(stream, now=T)) == [("pending", "sent")]
    signups.confirm(store.roster.get_registration(EID, reg.id))
    assert kinds(work(stream, now=at(1))) == [("registered", "sent")]
    assert store.schedule.request_reminder(EID, reg.id, at(2))
    assert kinds(work(stream, now=at(3))) == [("reminder", "sent")]
    assert [(to(m), "/checkin/" in m.get_body(("plain",)).get_content()) for m in sent()] == [
        (reg.email, False), (reg.email, True), (reg.email, False)]


def _removed(image):
    from test_outbox import hand_built
    record = hand_built("REMOVE", image)
    record["dynamodb"]["OldImage"] = record["dynamodb"].pop("NewImage")
    return record


def test_a_deleted_registration_sends_nothing_and_is_no_error(client, demo_event, stream, caplog):  # noqa: F811
    import json
    import logging
    from chalicelib import outbox
    from test_outbox import registration_image
    with caplog.at_level(logging.INFO, logger="signups.events"):
        assert outbox.handle([_removed(registration_image(EID, "r1", "confirmed"))], now=T) == []
    assert [json.loads(r.getMessage())["msg"] for r in caplog.records] == []


def test_a_mail_in_flight_does_not_hold_up_the_rest_of_the_batch(client, demo_event, stream):  # noqa: F811
    import pytest
    from chalicelib import outbox, store
    from test_outbox import drain, to
    first, second = join(client, 1), join(client, 2)
    records = drain(stream)
    assert store.mails.claim_mail(EID, first.id, "registered", T, LEASE)      # a live worker is sending the first
    with pytest.raises(outbox.RetryBatch):
        outbox.handle(records, now=at(1), sleep=lambda seconds: None)
    assert [to(m) for m in sent()] == [second.email]


def test_a_repeated_signup_of_a_registration_cancelled_meanwhile_gets_no_already_registered_mail(
        client, demo_event, stream):  # noqa: F811
    from chalicelib import signups
    from conftest import signup
    reg = join(client, 1)
    assert kinds(work(stream, now=T)) == [("registered", "sent")]
    assert signup(client, EID, **person(1)).status_code == 201        # the same address again
    signups.cancel(reg, at(1))
    assert kinds(work(stream, now=at(2))) == [("cancelled", "sent")]
    assert len(sent()) == 2


def test_a_repeated_signup_of_a_registration_removed_meanwhile_is_no_error(client, demo_event, stream, caplog):  # noqa: F811
    import json
    import logging
    from chalicelib import aws, store
    from conftest import signup
    reg = join(client, 1)
    assert kinds(work(stream, now=T)) == [("registered", "sent")]
    assert signup(client, EID, **person(1)).status_code == 201        # the same address again
    # meanwhile its retention ran out and DynamoDB's TTL removed the registration (the marker lives on)
    aws.dynamodb().delete_item(TableName=aws.table_name(), Key=store.roster.reg_key(EID, reg.id))
    with caplog.at_level(logging.INFO, logger="signups.events"):
        assert work(stream, now=at(1)) == []
    assert "mail.error" not in [json.loads(r.getMessage())["msg"] for r in caplog.records]
    assert len(sent()) == 1


# ---------------------------------------------------------------- messages and sign-in links, step by step

def _deliveries(stream, rids, mid="m1", message=True):  # noqa: F811
    """Message ``mid`` (unless not ``message``) and its deliveries to ``rids``: their stream records."""
    import time
    from chalicelib import outbox, store
    from test_outbox import drain
    outbox._message.cache_clear()       # a worker container reads a message once
    expires = int(time.time()) + 86400
    drain(stream)
    if message:
        store.announcements.put_message(EID, mid, {"subject": "Andere zaal", "body": "We zitten in zaal 3.", "to": ["confirmed"]},
                          expires)
    store.announcements.put_deliveries(EID, mid, rids, expires)
    return drain(stream)


def _delivery(rid, mid="m1"):
    from chalicelib import aws, store
    from chalicelib.store.announcements import delivery_key
    return store.table.from_item(aws.dynamodb().get_item(TableName=aws.table_name(), Key=delivery_key(EID, mid, rid))["Item"])


def test_a_delivery_records_the_moment_it_was_sent_and_no_detail(client, demo_event, stream):  # noqa: F811
    from chalicelib import outbox
    reg = join(client, 1)
    records = _deliveries(stream, [reg.id])
    assert kinds(outbox.handle(records, now=T, sleep=lambda seconds: None)) == [("message", "sent")]
    delivery = _delivery(reg.id)
    assert (delivery["state"], delivery["done_at"], delivery["detail"]) == ("sent", "2026-11-20T09:00:00.000+00:00", "")
    from test_outbox import drain
    assert outbox.handle(drain(stream), now=at(1), sleep=lambda seconds: None) == []   # the claim and record: nothing
    assert len(sent()) == 1


def test_a_delivery_whose_message_or_registration_is_gone_is_skipped_not_an_error(client, demo_event, stream,  # noqa: F811
                                                                                   caplog):
    import json
    import logging
    from chalicelib import outbox
    reg = join(client, 1)
    for records in (_deliveries(stream, ["gone"]), _deliveries(stream, [reg.id], mid="m2", message=False)):
        with caplog.at_level(logging.INFO, logger="signups.events"):
            assert kinds(outbox.handle(records, now=T, sleep=lambda seconds: None)) == [("message", "skipped")]
    assert "mail.error" not in [json.loads(r.getMessage())["msg"] for r in caplog.records]
    assert sent() == []


def test_an_outage_while_a_delivery_is_built_releases_it_so_the_retry_sends_it_at_once(client, demo_event, stream,  # noqa: F811
                                                                                        monkeypatch):
    import pytest
    from chalicelib import outbox, signups
    from test_outbox import client_error
    reg = join(client, 1)
    records = _deliveries(stream, [reg.id])
    real, failures = signups.manage_url, [client_error("ThrottlingException")]
    monkeypatch.setattr(signups, "manage_url", lambda *a: (_ for _ in ()).throw(failures.pop()) if failures else real(*a))
    with pytest.raises(outbox.RetryBatch):
        outbox.handle(records, now=T, sleep=lambda seconds: None)
    assert "state" not in _delivery(reg.id)
    assert kinds(outbox.handle(records, now=at(1), sleep=lambda seconds: None)) == [("message", "sent")]
    assert len(sent()) == 1


def test_ses_paused_during_a_sign_in_link_keeps_the_request_for_the_retried_batch(table, stream, monkeypatch):  # noqa: F811
    import pytest
    from chalicelib import emails, outbox, store
    from conftest import DEMO_ORG
    from test_outbox import drain, to
    store.organisations.put_login_request("req1", DEMO_ORG["members"][0]["email"], "nl", int(T.timestamp()) + 900)
    records = drain(stream)
    real, failures = emails.send, [emails.TransientSendError("sending paused")]

    def send(message, sleep):
        if failures:
            raise failures.pop()
        return real(message, sleep=sleep)
    monkeypatch.setattr(emails, "send", send)
    with pytest.raises(outbox.RetryBatch):
        outbox.handle(records, now=T, sleep=lambda seconds: None)
    assert outbox.handle(records, now=at(1), sleep=lambda seconds: None) == [(None, "login", "mailed")]
    assert [to(m) for m in sent()] == [DEMO_ORG["members"][0]["email"]]


def test_a_sign_in_link_lives_fifteen_minutes_from_the_batch_time(table, stream):  # noqa: F811
    from chalicelib import aws, organising, outbox, store
    from conftest import DEMO_ORG
    from test_outbox import drain
    store.organisations.put_login_request("req2", DEMO_ORG["members"][0]["email"], "nl", int(T.timestamp()) + 900)
    assert outbox.handle(drain(stream), now=T, sleep=lambda seconds: None) == [(None, "login", "mailed")]
    logins = [store.table.from_item(i) for i in aws.dynamodb().scan(TableName=aws.table_name())["Items"]
              if i["PK"]["S"].startswith("LOGIN#")]
    assert [login["expires_at"] for login in logins] == [int((T + organising.LOGIN_TTL).timestamp())]


# ---------------------------------------------------------------- the claim's lease and what a failure keeps

def test_a_claim_is_held_until_its_lease_has_fully_passed(client, demo_event):
    from chalicelib import store
    rid = signed_up(client, EID, **person(1))
    assert store.mails.claim_mail(EID, rid, "reminder", T, LEASE)
    assert not store.mails.claim_mail(EID, rid, "reminder", at(LEASE), LEASE)       # the worker may still be sending
    assert store.mails.claim_mail(EID, rid, "reminder", at(LEASE + 0.001), LEASE)   # it died: taken over


def test_a_released_claim_may_be_taken_at_once_but_a_sent_mail_is_not_released(client, demo_event):
    from chalicelib import store
    rid = signed_up(client, EID, **person(1))
    assert store.mails.claim_mail(EID, rid, "reminder", T, LEASE)
    store.mails.release_mail_claim(EID, rid, "reminder")
    assert store.mails.mail_state(EID, rid, "reminder") is None
    assert store.mails.claim_mail(EID, rid, "reminder", at(1), LEASE)
    store.mails.record_mail(EID, rid, "reminder", "sent", at(2))
    store.mails.release_mail_claim(EID, rid, "reminder")
    assert store.mails.mail_state(EID, rid, "reminder") == "sent"
    assert not store.mails.claim_mail(EID, rid, "reminder", at(3), LEASE)


def test_a_failures_words_are_kept_to_500_characters(client, demo_event):
    from chalicelib import store
    rid = signed_up(client, EID, **person(1))
    words = "x" * 499 + "yz"
    store.mails.record_mail(EID, rid, "reminder", "failed", T, words)
    registration = store.roster.get_registration(EID, rid)
    assert registration.email_error == words[:500]
    store.mails.set_email_status(EID, rid, "bounced", "b" * 499 + "cd")
    assert store.roster.get_registration(EID, rid).email_error == "b" * 499 + "c"


def test_the_status_of_a_registration_that_is_gone_creates_nothing(client, demo_event):
    from chalicelib import store
    store.mails.set_email_status(EID, "weg", "bounced", "no such mailbox")
    assert store.roster.get_registration(EID, "weg") is None
    assert store.mails.mail_state(EID, "weg", "reminder") is None      # nothing to send, nothing in flight
