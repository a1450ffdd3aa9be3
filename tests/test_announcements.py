"""Messages to attendees: the API and the pages, delivery through the outbox exactly once,
and the pace of the SES account's MaxSendRate."""
import json
import re
import time
from email import message_from_string, policy
from urllib.parse import urlencode

import pytest
from botocore.exceptions import ClientError
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from chalicelib import aws, outbox, signups, store
from conftest import DEMO_EVENT, bearer, make_event, person, signup
from test_organisers import FORM, csrf_of, sign_in
from test_outbox import drain, stream  # noqa: F401 (a fixture)

EID = DEMO_EVENT["id"]
BODY = {"subject": "Andere zaal: Zaal 3", "body": "Beste mensen,\n\nWe zitten in zaal 3.\nTot straks!",
        "to": ["confirmed"]}


def sent():
    return [message_from_string(m.raw_data, policy=policy.default)
            for m in ses_backends[DEFAULT_ACCOUNT_ID]["eu-west-1"].sent_messages]


def post_message(client, token, body=BODY):
    return client.http.post(f"/events/{EID}/messages", body=json.dumps(body),
                            headers={**bearer(token), "Content-Type": "application/json"})


@pytest.fixture
def crowd(client, admin_token, stream):  # noqa: F811
    """Capacity 2: two confirmed, one waiting; their own mails already drained from the stream."""
    make_event(client, admin_token, capacity=2)
    for n in range(3):
        assert signup(client, EID, **person(n)).status_code == 201
    drain(stream)
    return list(store.roster.registrations(EID))


def test_a_message_is_queued_for_each_recipient(client, crowd, admin_token, export_token):
    assert post_message(client, export_token).status_code == 403
    answer = post_message(client, admin_token, {**BODY, "to": ["confirmed", "waitlisted"]})
    assert answer.status_code == 202
    queued = json.loads(answer.body)
    assert queued["recipients"] == 3 and set(queued) == {"message_id", "recipients"}
    [audit] = [r for r in store.organisers.list_audit(EID) if r.get("action") == "message"]
    assert (audit["message_id"], audit["recipients"], audit["status"]) == (queued["message_id"], 3,
                                                                          ["confirmed", "waitlisted"])


def test_a_message_that_is_no_object_is_400_naming_the_body(client, crowd, admin_token):
    answer = post_message(client, admin_token, ["Andere zaal"])
    assert answer.status_code == 400
    assert json.loads(answer.body)["fields"] == {"body": "Dit klopt niet. Kijk het na en verbeter het."}
    assert [r for r in store.organisers.list_audit(EID) if r.get("action") == "message"] == []


@pytest.mark.parametrize("body, fields", [
    ({**BODY, "subject": ""}, ["subject"]), ({**BODY, "subject": "a\nBcc: x@y.example"}, ["subject"]),
    ({**BODY, "body": " "}, ["body"]), ({**BODY, "to": []}, ["to"]), ({**BODY, "to": ["cancelled"]}, ["to"]),
    ({"subject": "x" * 151}, ["body", "subject", "to"]),
])
def test_bad_messages_name_the_field(client, crowd, admin_token, body, fields):
    answer = post_message(client, admin_token, body)
    assert answer.status_code == 400
    assert sorted(json.loads(answer.body)["fields"]) == fields


def test_each_recipient_gets_it_once_with_their_link_and_the_organisers_reply_to(client, crowd, admin_token, stream):  # noqa: F811
    post_message(client, admin_token)
    records = drain(stream)
    outcomes = outbox.handle(records, sleep=lambda s: None)
    again = outbox.handle(records, sleep=lambda s: None)          # the stream delivers the batch again
    assert sorted(o for _, kind, o in outcomes if kind == "message") == ["sent", "sent"]
    assert {o for _, kind, o in again if kind == "message"} == {"duplicate"}
    mails = sent()
    assert sorted(m["To"].addresses[0].addr_spec for m in mails) == sorted(r.email for r in crowd[:2])
    for mail, reg in zip(sorted(mails, key=lambda m: str(m["To"])), crowd[:2]):
        assert mail["Subject"] == BODY["subject"]
        assert mail["Reply-To"].addresses[0].addr_spec == DEMO_EVENT["organiser"]["email"]
        text = mail.get_body(("plain",)).get_content()
        assert "We zitten in zaal 3." in text
        assert signups.manage_url(EID, reg.id) in text
        assert "We zitten in zaal 3.<br>" in mail.get_body(("html",)).get_content()
        assert [a.get_filename() for a in mail.iter_attachments()] == []
    [message] = store.announcements.messages_of(EID)
    assert (message["recipients"], message["sent"], message["failed"]) == (2, 2, 0)


def test_someone_who_cancelled_meanwhile_is_skipped(client, crowd, admin_token, stream):  # noqa: F811
    post_message(client, admin_token)
    signups.cancel(crowd[0])
    outcomes = outbox.handle(drain(stream), sleep=lambda s: None)
    assert sorted(o for _, kind, o in outcomes if kind == "message") == ["sent", "skipped"]


def seat_everyone(n):
    """``n`` confirmed registrations, written in batches (signing up one by one through moto's
    transactions costs a copy of the whole table each)."""
    from datetime import datetime, timezone
    from chalicelib.models import Registration
    now = datetime.now(timezone.utc)
    items = [store.roster.registration_item(Registration(
        id=store.roster.new_registration_id() + f"{i:04d}", event_id=EID, status="confirmed", name=f"Deelnemer {i}",
        email=f"deelnemer{i}@gemeente.example", locale="nl", created_at=now, updated_at=now), f"deelnemer{i}@gemeente.example")
        for i in range(n)]
    for start in range(0, n, 25):
        aws.dynamodb().batch_write_item(RequestItems={aws.table_name(): [
            {"PutRequest": {"Item": item}} for item in items[start:start + 25]]})


class FakeClock:
    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


RECIPIENTS = int(__import__("os").environ.get("RATE_TEST_RECIPIENTS", "500"))


def test_500_recipients_at_14_per_second_arrive_once_even_when_a_batch_is_retried(
        client, admin_token, stream, monkeypatch, env):  # noqa: F811
    from scripts import emulator
    env.setitem(emulator.SES_ACCOUNT, "MaxSendRate", 14.0)
    started = time.monotonic()
    make_event(client, admin_token, capacity=None, waitlist_enabled=False)
    seat_everyone(RECIPIENTS)
    drain(stream)
    clock, send_times, calls = FakeClock(), [], {"n": 0}
    ses = aws.sesv2()
    real_send = ses.send_email

    def send_email(**request):
        calls["n"] += 1
        if 130 <= calls["n"] < 135:     # SES throttles one mail through all its in-process retries
            raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "Maximum sending rate exceeded."},
                               "ResponseMetadata": {"HTTPStatusCode": 400}}, "SendEmail")
        send_times.append(clock())
        return real_send(**request)
    monkeypatch.setattr(ses, "send_email", send_email)

    print("signed up", time.monotonic() - started, flush=True)
    assert json.loads(post_message(client, admin_token).body)["recipients"] == RECIPIENTS
    records = [r for r in drain(stream) if r["eventName"] == "INSERT" and r["dynamodb"]["Keys"]["SK"]["S"].startswith("SEND#")]
    assert len(records) == RECIPIENTS
    print("queued", time.monotonic() - started, flush=True)
    retried = 0
    for start in range(0, len(records), 25):                  # as Lambda: batches of 25, a failed batch again
        batch = records[start:start + 25]
        for _attempt in range(3):
            try:
                outbox.handle(batch, sleep=clock.sleep, clock=clock)
                break
            except outbox.RetryBatch:
                retried += 1
        if start == 100:
            outbox.handle(batch, sleep=clock.sleep, clock=clock)     # and a batch delivered twice
    print("sent", time.monotonic() - started, flush=True)
    assert retried == 1
    addresses = [m["To"].addresses[0].addr_spec for m in sent()]
    assert len(addresses) == RECIPIENTS and len(set(addresses)) == RECIPIENTS
    busiest = max(sum(1 for t in send_times if start <= t < start + 1) for start in send_times)
    assert busiest <= 14
    assert send_times[-1] - send_times[0] >= (RECIPIENTS - 1) / 14 - 0.001        # spread out, not throttled
    [message] = store.announcements.messages_of(EID)
    assert (message["sent"], message["failed"]) == (RECIPIENTS, 0)


# ---------------------------------------------------------------- the pages

@pytest.fixture
def member(client):
    from moto.ses.models import ses_backends as backends
    return {"Cookie": sign_in(client, backends[DEFAULT_ACCOUNT_ID]["eu-west-1"])}


def test_compose_preview_confirm_send(client, crowd, member, stream):  # noqa: F811
    csrf = csrf_of(client, member["Cookie"])
    assert client.http.get(f"/organiser/events/{EID}/messages/new", headers=member).status_code == 200
    form = urlencode([("csrf", csrf), ("subject", BODY["subject"]), ("body", BODY["body"]), ("to", "confirmed"),
                      ("to", "waitlisted")])
    preview = client.http.post(f"/organiser/events/{EID}/messages/preview", body=form, headers={**FORM, **member})
    page = preview.body.decode()
    assert preview.status_code == 200
    assert 'data-recipients="3"' in page and "Verstuur naar 3 deelnemers" in page
    assert "We zitten in zaal 3." in page                      # the real mail, rendered
    assert store.announcements.messages_of(EID) == []                       # nothing sent by a preview
    answer = client.http.post(f"/organiser/events/{EID}/messages", body=form + "&send=1", headers={**FORM, **member})
    assert answer.status_code == 303
    assert "done=sent" in answer.headers["Location"] and "n=3" in answer.headers["Location"]
    dashboard = client.http.get(f"/organiser/events/{EID}", headers=member).body.decode()
    assert BODY["subject"] in dashboard
    outbox.handle(drain(stream), sleep=lambda s: None)
    assert len(sent()) == 3 + 1                                # three attendees, and the sign-in mail


def test_a_preview_with_mistakes_shows_the_form_again(client, crowd, member):
    csrf = csrf_of(client, member["Cookie"])
    answer = client.http.post(f"/organiser/events/{EID}/messages/preview",
                              body=urlencode({"csrf": csrf, "subject": "", "body": "hoi"}), headers={**FORM, **member})
    page = answer.body.decode()
    assert answer.status_code == 400
    assert 'id="subject-error"' in page and "Kies aan wie het bericht gaat." in page
    assert re.search(r'<textarea[^>]*>hoi</textarea>', page)
