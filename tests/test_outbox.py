"""The email worker, fed with the real records of moto's stream after real signups."""
import csv
import io
import json
from datetime import datetime, timezone
from email import message_from_string, policy

import pytest
from botocore.exceptions import ClientError
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from chalicelib import aws, emails, outbox, signups, store
from conftest import DEMO_EVENT, bearer, make_event, person, registration_id, signup
from scripts import pump
from scripts.pump import StreamReader

EID = DEMO_EVENT["id"]
FUTURE = {"starts_at": "2030-12-09T13:00:00", "ends_at": "2030-12-09T17:00:00"}


@pytest.fixture
def stream(table, monkeypatch):
    from moto.dynamodb.models import DynamoDBBackend
    monkeypatch.setattr(DynamoDBBackend, "transact_write_items",
                        pump.rollback_safe(DynamoDBBackend.transact_write_items))
    arn = aws.dynamodb().describe_table(TableName=table)["Table"]["LatestStreamArn"]
    reader = StreamReader(arn)
    drain(reader)   # the table, token and event setup so far
    return reader


def drain(reader) -> list:
    records, batch = [], reader.poll()
    while batch:
        records += batch
        batch = reader.poll()
    return records


def work(reader, **kwargs) -> list:
    """Run the worker over everything the stream holds now; returns its outcomes."""
    return outbox.handle(drain(reader), sleep=lambda seconds: None, **kwargs)


def sent():
    return [message_from_string(m.raw_data, policy=policy.default)
            for m in ses_backends[DEFAULT_ACCOUNT_ID]["eu-west-1"].sent_messages]


def join(client, n=0, event_id=EID, **extra):
    response = signup(client, event_id, **person(n, **extra))
    assert response.status_code == 201, response.body
    return store.roster.get_registration(event_id, registration_id(event_id, person(n, **extra)["email"]))


def to(message):
    return message["To"].addresses[0].addr_spec


def kinds(outcomes):
    return [(kind, outcome) for _, kind, outcome in outcomes]


# --- the rules -------------------------------------------------------------------

def test_a_signup_gets_one_dutch_mail_with_its_link(client, demo_event, stream):
    reg = join(client, 1)

    assert kinds(work(stream)) == [("registered", "sent")]
    (mail,) = sent()
    assert mail["Subject"] == f"Aangemeld: {DEMO_EVENT['title']['nl']}"
    assert [a.addr_spec for a in mail["To"].addresses] == ["deelnemer1@gemeente.example"]
    assert "https://signup.test/registrations/" in mail.get_body(("plain",)).get_content()
    assert [p.get_filename() for p in mail.iter_attachments()] == ["invite.ics"]
    assert store.roster.get_registration(EID, reg.id).email_status == "sent"


def test_the_waiting_list_mail_tells_the_position(client, admin_token, stream):
    make_event(client, admin_token, capacity=1)
    join(client, 1), join(client, 2), join(client, 3)

    assert kinds(work(stream)) == [("registered", "sent"), ("waitlisted", "sent"), ("waitlisted", "sent")]
    assert "Je bent nummer 2 op de wachtlijst." in sent()[2].get_body(("plain",)).get_content()


def test_double_opt_in_sends_pending_then_registered_on_confirm(client, admin_token, stream):
    make_event(client, admin_token, double_opt_in=True)
    reg = join(client, 1)
    assert kinds(work(stream)) == [("pending", "sent")]

    signups.confirm(reg)

    assert kinds(work(stream)) == [("registered", "sent")]


def test_a_cancellation_mails_the_canceller_and_the_promoted(client, admin_token, stream):
    make_event(client, admin_token, capacity=1)
    first, second = join(client, 1), join(client, 2)
    work(stream)

    signups.cancel(first)

    outcomes = work(stream)
    assert sorted(outcomes) == sorted([(first.id, "cancelled", "sent"), (second.id, "promoted", "sent")])


def test_a_requested_reminder_is_sent_once(client, admin_token, stream):
    make_event(client, admin_token, **FUTURE)
    reg = join(client, 1)
    work(stream)

    assert store.schedule.request_reminder(EID, reg.id, datetime.now(timezone.utc))
    assert not store.schedule.request_reminder(EID, reg.id, datetime.now(timezone.utc))

    assert kinds(work(stream)) == [("reminder", "sent")]


def test_a_repeated_signup_gets_the_already_registered_mail_once_an_hour(client, demo_event, stream):
    reg = join(client, 1)
    work(stream)

    again = signup(client, EID, **person(1, name="Iemand Anders"))
    assert again.status_code == 201
    assert kinds(work(stream)) == [("already_registered", "sent")]
    mail = sent()[-1]
    assert (to(mail), mail["Subject"]) == (reg.email, "Al aangemeld: Lerende ambtenaren versnellen circulaire…")
    text = mail.get_body(("plain",)).get_content()
    assert f"Beste {reg.name}," in text and "Iemand Anders" not in text     # the stored name, not the new one
    assert signups.manage_url(EID, reg.id) in text and "hooguit één keer per uur" in text

    signup(client, EID, **person(1))
    assert kinds(work(stream)) == [("already_registered", "duplicate")]     # within the hour: nothing
    signup(client, EID, **person(1))
    later = datetime.fromtimestamp(datetime.now(timezone.utc).timestamp() + 3601, timezone.utc)
    assert kinds(work(stream, now=later)) == [("already_registered", "sent")]
    assert len(sent()) == 3


def test_the_workers_own_bookkeeping_sends_nothing(client, demo_event, stream):
    join(client, 1)
    work(stream)

    bookkeeping = drain(stream)   # claim_mail and record_mail changed the registration; the send pacer's slot
    on_registration = [r["eventName"] for r in bookkeeping if r["dynamodb"]["Keys"]["SK"]["S"].startswith("REG#")]
    assert on_registration == ["MODIFY", "MODIFY"]
    assert {r["dynamodb"]["Keys"]["PK"]["S"] for r in bookkeeping} == {f"EVENT#{EID}", "PACE#ses"}
    assert outbox.handle(bookkeeping) == []


def test_items_that_are_not_registrations_are_ignored(client, admin_token, table):
    reader = StreamReader(aws.dynamodb().describe_table(TableName=table)["Table"]["LatestStreamArn"])
    make_event(client, admin_token)    # token, event and counter items
    records = drain(reader)
    assert records and outbox.handle(records) == [] and sent() == []


# --- reliability -----------------------------------------------------------------

def test_the_same_record_twice_sends_one_mail(client, demo_event, stream):
    join(client, 1)
    records = drain(stream)

    assert kinds(outbox.handle(records)) == [("registered", "sent")]
    assert kinds(outbox.handle(records)) == [("registered", "duplicate")]
    assert len(sent()) == 1


def failing_sends(monkeypatch, fail):
    """SES raises ``fail(request)`` (when not None) instead of sending; returns the calls."""
    ses, calls = aws.sesv2(), []
    real = ses.send_email

    def send_email(**request):
        calls.append(request)
        error = fail(request)
        if error:
            raise error
        return real(**request)

    monkeypatch.setattr(ses, "send_email", send_email)
    return calls


def client_error(code, message="nope"):
    return ClientError({"Error": {"Code": code, "Message": message}}, "SendEmail")


def test_throttling_is_retried_into_exactly_one_mail(client, demo_event, stream, monkeypatch):
    errors = [client_error("ThrottlingException")] * 2
    calls = failing_sends(monkeypatch, lambda request: errors.pop(0) if errors else None)
    reg = join(client, 1)

    assert kinds(work(stream)) == [("registered", "sent")]
    assert len(calls) == 3 and len(sent()) == 1
    assert store.roster.get_registration(EID, reg.id).email_status == "sent"


def export_rows(client, token):
    response = client.http.get(f"/events/{EID}/registrations?format=csv", headers=bearer(token))
    assert response.status_code == 200, response.body
    return {row["email"]: row for row in csv.DictReader(io.StringIO(response.body.decode("utf-8-sig")))}


def test_a_rejected_mail_is_failed_in_the_export_and_holds_up_nothing(client, demo_event, stream,
                                                                       export_token, monkeypatch):
    bad = "deelnemer1@gemeente.example"
    failing_sends(monkeypatch, lambda request: client_error("MessageRejected", "Address blacklisted")
                  if bad in request["Destination"]["ToAddresses"] else None)
    first, second = join(client, 1), join(client, 2)

    assert sorted(work(stream)) == sorted([(first.id, "registered", "failed"),
                                           (second.id, "registered", "sent")])
    rows = export_rows(client, export_token)
    assert rows[bad]["email_status"] == "failed"
    assert rows["deelnemer2@gemeente.example"]["email_status"] == "sent"
    assert store.roster.get_registration(EID, first.id).email_error == "MessageRejected: Address blacklisted"


def test_transient_errors_keep_the_mail_queued_for_the_retried_batch(client, demo_event, stream, monkeypatch):
    """SES down after the last retry: nothing is recorded as failed; Lambda retries the batch."""
    outage = [True]
    calls = failing_sends(monkeypatch, lambda request: client_error("ServiceUnavailable") if outage[0] else None)
    reg = join(client, 1)
    records = drain(stream)

    with pytest.raises(outbox.RetryBatch):
        outbox.handle(records, sleep=lambda seconds: None)
    stored = store.roster.get_registration(EID, reg.id)
    assert stored.email_status == "queued"
    assert len(calls) == emails.settings().max_send_attempts and sent() == []

    outage[0] = False
    assert kinds(outbox.handle(records, sleep=lambda seconds: None)) == [("registered", "sent")]
    assert len(sent()) == 1 and store.roster.get_registration(EID, reg.id).email_status == "sent"


def test_an_unexpected_error_fails_that_mail_only(client, demo_event, stream, monkeypatch):
    real = emails.build_message

    def build_message(kind, event, reg, *args, **kwargs):
        if reg.email.startswith("deelnemer1@"):
            raise RuntimeError("template bug")
        return real(kind, event, reg, *args, **kwargs)

    monkeypatch.setattr(emails, "build_message", build_message)
    first, second = join(client, 1), join(client, 2)

    assert sorted(work(stream)) == sorted([(first.id, "registered", "failed"),
                                           (second.id, "registered", "sent")])
    assert store.roster.get_registration(EID, first.id).email_error == "RuntimeError: template bug"


def test_a_suppressed_address_gets_no_mail(client, demo_event, stream):
    store.mails.suppress("deelnemer1@gemeente.example", "bounce", datetime.now(timezone.utc))
    reg = join(client, 1, email="Deelnemer1@Gemeente.example ")

    assert kinds(work(stream)) == [("registered", "suppressed")]
    assert sent() == [] and store.roster.get_registration(EID, reg.id).email_status == "suppressed"


def test_a_registration_of_an_unknown_event_is_skipped(stream):
    record = hand_built("INSERT", registration_image("no-such-event", "r1", "confirmed"))
    assert outbox.handle([record]) == []


def test_a_malformed_record_does_not_stop_the_batch(client, demo_event, stream):
    join(client, 1)
    broken = hand_built("MODIFY", registration_image(EID, "r1", "confirmed"))   # no OldImage
    assert kinds(outbox.handle([broken] + drain(stream))) == [("registered", "sent")]


# --- the Lambda handler ----------------------------------------------------------

def hand_built(event_name, new_image, old_image=None):
    """A stream record as Lambda delivers it (the test client cannot build these)."""
    change = {"ApproximateCreationDateTime": 1796000000.0, "SequenceNumber": "1" * 21, "SizeBytes": 300,
              "StreamViewType": "NEW_AND_OLD_IMAGES",
              "Keys": {"PK": new_image["PK"], "SK": new_image["SK"]}, "NewImage": new_image}
    if old_image:
        change["OldImage"] = old_image
    return {"eventID": "1", "eventName": event_name, "eventVersion": "1.1", "eventSource": "aws:dynamodb",
            "awsRegion": "eu-west-1", "dynamodb": change,
            "eventSourceARN": "arn:aws:dynamodb:eu-west-1:123456789012:table/signups-test/stream/x"}


def registration_image(event_id, rid, status):
    return {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": f"REG#{rid}"}, "type": {"S": "registration"},
            "registration_id": {"S": rid}, "event_id": {"S": event_id}, "status": {"S": status},
            "name": {"S": "Tessa de Haas"}, "email": {"S": "tessa@example.org"}, "locale": {"S": "en"},
            "mails": {"M": {}}}


def test_the_chalice_handler_runs_the_worker(client, demo_event, stream):
    join(client, 1)

    client.lambda_.invoke("email_worker", {"Records": drain(stream)})

    assert len(sent()) == 1


def test_the_chalice_handler_takes_a_hand_built_record(client, demo_event, table):
    rid = store.roster.new_registration_id()
    image = registration_image(EID, rid, "confirmed")
    aws.dynamodb().put_item(TableName=table, Item=image)

    client.lambda_.invoke("email_worker", {"Records": [hand_built("INSERT", image)]})

    (mail,) = sent()
    assert mail["Subject"].startswith("Registered: ")
    assert store.roster.get_registration(EID, rid).email_status == "sent"


def test_an_outage_retries_the_batch_and_loses_no_mail(client, demo_event, stream, monkeypatch):
    """DynamoDB throttling while claiming one mail: the others go out, the batch is raised for
    Lambda to retry, and the retry sends the missing mail once."""
    first, second = join(client, 1), join(client, 2)
    records = drain(stream)
    real_claim = store.mails.claim_mail

    def throttled_for_second(event_id, rid, key, now, lease):
        if rid == second.id:
            raise ClientError({"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow"}},
                              "UpdateItem")
        return real_claim(event_id, rid, key, now, lease)
    monkeypatch.setattr(store.mails, "claim_mail", throttled_for_second)
    with pytest.raises(outbox.RetryBatch):
        outbox.handle(records, sleep=lambda s: None)
    assert [to(m) for m in sent()] == [first.email]
    assert store.roster.get_registration(EID, second.id).email_status == "queued"

    monkeypatch.setattr(store.mails, "claim_mail", real_claim)
    outbox.handle(records, sleep=lambda s: None)          # Lambda delivers the batch again
    assert sorted(to(m) for m in sent()) == sorted([first.email, second.email])


def test_a_mail_claimed_by_a_live_worker_is_retried_not_dropped(client, demo_event, stream):
    reg = join(client, 1)
    records = drain(stream)
    assert store.mails.claim_mail(EID, reg.id, "registered", datetime.now(timezone.utc), outbox.MAIL_LEASE_SECONDS)
    with pytest.raises(outbox.RetryBatch):
        outbox.handle(records, sleep=lambda s: None)
    assert sent() == []
    later = datetime.now(timezone.utc).timestamp() + outbox.MAIL_LEASE_SECONDS + 1
    outbox.handle(records, now=datetime.fromtimestamp(later, timezone.utc), sleep=lambda s: None)
    assert [to(m) for m in sent()] == [reg.email]


def test_an_event_record_with_a_free_seat_promotes_the_waiting(client, admin_token, stream):
    """The guaranteed follow-up: the stream sees the free seat and fills it in order."""
    make_event(client, admin_token, capacity=1, **FUTURE)
    join(client, 0)
    waiting = [join(client, i) for i in (1, 2)]
    drain(stream)
    from chalicelib import events
    body = {**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, **FUTURE, "capacity": 3}
    store.events.put_event(events.validate(EID, body), datetime.now(timezone.utc))   # a raise whose promotions never ran
    work(stream)
    assert [store.roster.get_registration(EID, r.id).status for r in waiting] == ["confirmed", "confirmed"]
    work(stream)                                   # the promotions' own records: their mails
    assert {to(m) for m in sent() if m["Subject"].startswith("Er is een plek")} == {r.email for r in waiting}


# --- leases and outages, step by step on a fixed clock ---------------------------

T = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


def at(seconds):
    return datetime.fromtimestamp(T.timestamp() + seconds, timezone.utc)


def worker_timeout():
    from conftest import ROOT
    resources = json.loads((ROOT / ".chalice" / "resources.json").read_text())
    return resources["Resources"]["EmailWorker"]["Properties"]["Timeout"]


def test_a_claim_is_in_flight_for_exactly_the_lease_which_outlasts_the_worker(client, demo_event, stream):
    lease = worker_timeout()
    assert outbox.MAIL_LEASE_SECONDS == lease == 120
    reg = join(client, 1)
    records = drain(stream)
    assert store.mails.claim_mail(EID, reg.id, "registered", T, outbox.MAIL_LEASE_SECONDS)    # a worker that dies

    with pytest.raises(outbox.RetryBatch):
        outbox.handle(records, now=at(lease), sleep=lambda s: None)
    assert sent() == []
    assert kinds(outbox.handle(records, now=at(lease + 1), sleep=lambda s: None)) == [("registered", "sent")]
    assert [to(m) for m in sent()] == [reg.email]


def test_a_sent_mail_is_never_taken_over_however_late(client, demo_event, stream):
    join(client, 1)
    records = drain(stream)
    assert kinds(outbox.handle(records, now=T, sleep=lambda s: None)) == [("registered", "sent")]

    for later in (outbox.MAIL_LEASE_SECONDS + 1, 86400 * 30):
        assert kinds(outbox.handle(records, now=at(later), sleep=lambda s: None)) == [("registered", "duplicate")]
    assert len(sent()) == 1


def test_an_outage_mid_send_releases_the_claim_so_the_retry_sends_at_once(client, demo_event, stream, monkeypatch):
    """SSM (the token secret) or DynamoDB fails while the mail is built: the batch is retried,
    and the retry, well inside the lease, finds the mail unclaimed and sends it once."""
    reg = join(client, 1)
    records = drain(stream)
    real, failures = signups.manage_url, [client_error("ThrottlingException")]

    def manage_url(event_id, rid):
        if failures:
            raise failures.pop()
        return real(event_id, rid)

    monkeypatch.setattr(signups, "manage_url", manage_url)
    with pytest.raises(outbox.RetryBatch):
        outbox.handle(records, now=T, sleep=lambda s: None)
    assert store.mails.mail_state(EID, reg.id, "registered") is None
    assert store.roster.get_registration(EID, reg.id).email_status == "queued"

    assert kinds(outbox.handle(records, now=at(1), sleep=lambda s: None)) == [("registered", "sent")]
    assert len(sent()) == 1


def test_a_late_release_does_not_undo_the_mail_a_takeover_sent(client, demo_event, stream):
    reg = join(client, 1)
    records = drain(stream)
    lease = outbox.MAIL_LEASE_SECONDS
    assert store.mails.claim_mail(EID, reg.id, "registered", T, lease)                # worker A, then stalls
    assert not store.mails.claim_mail(EID, reg.id, "registered", at(lease), lease)   # B: too early
    assert store.mails.claim_mail(EID, reg.id, "registered", at(lease + 1), lease)   # B takes over ...
    store.mails.record_mail(EID, reg.id, "registered", "sent", at(lease + 2))         # ... and sends
    store.mails.release_mail_claim(EID, reg.id, "registered")                         # A's outage, late

    assert store.mails.mail_state(EID, reg.id, "registered") == "sent"
    assert kinds(outbox.handle(records, now=at(lease + 3), sleep=lambda s: None)) == [("registered", "duplicate")]
    assert sent() == []


def test_a_long_failure_reason_is_kept_to_500_characters(client, demo_event, stream, monkeypatch):
    failing_sends(monkeypatch, lambda request: client_error("MessageRejected", "x" * 600))
    reg = join(client, 1)
    work(stream)
    stored = store.roster.get_registration(EID, reg.id)
    assert stored.email_error == ("MessageRejected: " + "x" * 600)[:500]
    item = store.table.from_item(aws.dynamodb().get_item(TableName=aws.table_name(), Key=store.roster.reg_key(EID, reg.id))["Item"])
    assert item["mails"]["registered"]["detail"] == stored.email_error
    store.mails.set_email_status(EID, reg.id, "bounced", "y" * 600)
    assert store.roster.get_registration(EID, reg.id).email_error == "y" * 500


def test_bookkeeping_for_a_registration_that_is_gone_creates_nothing(table):
    store.mails.set_email_status(EID, "gone", "bounced", "550")
    with pytest.raises(ClientError):
        store.mails.record_mail(EID, "gone", "registered", "sent", T)
    assert not store.mails.claim_mail(EID, "gone", "registered", T, outbox.MAIL_LEASE_SECONDS)
    assert [i for i in aws.dynamodb().scan(TableName=table)["Items"] if i["PK"]["S"].startswith("EVENT#")] == []


def test_suppressing_one_address_leaves_the_others(table):
    store.mails.suppress("a@example.org", "bounce", T)
    assert store.mails.is_suppressed("a@example.org")
    assert not store.mails.is_suppressed("b@example.org")


def _raise_capacity(capacity):
    from chalicelib import events
    body = {**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, **FUTURE, "capacity": capacity}
    store.events.put_event(events.validate(EID, body), T)     # without the promotions apply_event runs after it


@pytest.mark.parametrize("capacity", [2, None])
def test_the_stream_follow_up_promotes_a_single_waiting_person(client, admin_token, stream, capacity):
    make_event(client, admin_token, capacity=1, **FUTURE)
    join(client, 0)
    waiting = join(client, 1)
    drain(stream)
    _raise_capacity(capacity)
    work(stream)
    assert store.roster.get_registration(EID, waiting.id).status == "confirmed"


def test_an_event_record_starts_a_promotion_round_only_for_a_free_seat_and_someone_waiting(
        client, admin_token, stream, monkeypatch):
    rounds = []
    monkeypatch.setattr(signups, "fill_free_seats", lambda event_id, now=None: rounds.append(event_id))
    make_event(client, admin_token, capacity=2, **FUTURE)
    join(client, 0)
    work(stream)                    # a free seat: a round looks at the waiting list's shards (issue 27), finds nobody
    rounds.clear()
    join(client, 1), join(client, 2)
    work(stream)                    # full, and now someone waits: no round
    assert rounds == []
    _raise_capacity(3)
    work(stream)
    assert rounds == [EID]
