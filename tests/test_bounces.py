import json

import pytest

from conftest import DEMO_EVENT, make_event, person, run_email_worker, signed_up

EID = DEMO_EVENT["id"]
ADDRESS = "deelnemer1@gemeente.example"


def bounce(kind="Permanent", address=ADDRESS):
    return {"eventType": "Bounce", "mail": {"destination": [address]},
            "bounce": {"bounceType": kind, "bounceSubType": "General",
                       "bouncedRecipients": [{"emailAddress": address, "status": "5.1.1"}]}}


def complaint(address=ADDRESS):
    # identity notifications say notificationType; configuration-set events say eventType
    return {"notificationType": "Complaint", "mail": {"destination": [address]},
            "complaint": {"complaintFeedbackType": "abuse", "complainedRecipients": [{"emailAddress": address}]}}


def notify(client, message):
    return client.lambda_.invoke("ses_feedback", client.events.generate_sns_event(message=json.dumps(message)))


def email_status(event_id, rid):
    from chalicelib import store
    return store.roster.get_registration(event_id, rid).email_status


@pytest.fixture
def two_registrations(client, admin_token, demo_event):
    """The same address on two events, and someone else."""
    make_event(client, admin_token, id="second-event-2026-12-10")
    rids = [signed_up(client, event_id, **person(1)) for event_id in (EID, "second-event-2026-12-10")]
    other = signed_up(client, EID, **person(2))
    return list(zip((EID, "second-event-2026-12-10"), rids)), other


@pytest.mark.parametrize("message, status", [(bounce(), "bounced"), (complaint(), "complained")])
def test_feedback_suppresses_the_address_and_marks_its_registrations(client, two_registrations, message, status):
    from chalicelib import store
    mine, other = two_registrations
    notify(client, {**message, "mail": {"destination": [ADDRESS.upper()]}})
    assert store.mails.is_suppressed(ADDRESS)
    assert [email_status(event_id, rid) for event_id, rid in mine] == [status, status]
    assert email_status(EID, other) == "queued"
    assert not store.mails.is_suppressed("deelnemer2@gemeente.example")


def test_a_recipient_in_display_form_and_capitals_is_normalised(client, two_registrations):
    from chalicelib import store
    notify(client, bounce(address=f"Deelnemer Een <{ADDRESS.upper()}>"))
    assert store.mails.is_suppressed(ADDRESS)


@pytest.mark.parametrize("message", [bounce("Transient"), bounce("Undetermined"),
                                     {"eventType": "Delivery", "mail": {}}])
def test_transient_bounces_and_other_events_change_nothing(client, two_registrations, message):
    from chalicelib import store
    mine, _ = two_registrations
    notify(client, message)
    assert not store.mails.is_suppressed(ADDRESS)
    assert [email_status(event_id, rid) for event_id, rid in mine] == ["queued", "queued"]


def test_the_worker_sends_nothing_to_a_suppressed_address(client, demo_event):
    from moto.ses.models import ses_backends
    notify(client, bounce())
    rid = signed_up(client, EID, **person(1))
    run_email_worker(client)
    sent = ses_backends["123456789012"]["eu-west-1"].sent_messages
    assert not [m for m in sent if ADDRESS in json.dumps(m.__dict__, default=str)]
    assert email_status(EID, rid) == "suppressed"


def test_the_suppression_list_holds_no_address(client, two_registrations, table):
    """It must outlive an erasure, so it keeps only a hash of the address."""
    from chalicelib import aws, store
    notify(client, bounce())
    suppressions = [i for i in aws.dynamodb().scan(TableName=table)["Items"] if i["PK"]["S"].startswith("SUPPRESS#")]
    assert len(suppressions) == 1 and ADDRESS not in json.dumps(suppressions)
    assert store.mails.is_suppressed(ADDRESS)


def test_the_suppression_list_is_peppered_expires_and_survives_a_key_rotation(client, two_registrations, table, env):
    import hashlib
    import time
    from chalicelib import aws, config, store, tokens
    notify(client, bounce())
    (entry,) = [i for i in aws.dynamodb().scan(TableName=table)["Items"] if i["PK"]["S"].startswith("SUPPRESS#")]
    assert hashlib.sha256(ADDRESS.encode()).hexdigest() not in entry["PK"]["S"]     # a guess cannot be checked
    kept = int(entry["expires_at"]["N"]) - time.time()
    assert 364 * 86400 < kept <= 365 * 86400
    assert not store.mails.is_suppressed(ADDRESS, now=time.time() + 366 * 86400)         # the retention rule
    env.setenv("TOKEN_SECRET", "k2:new-secret-0123456789 0:" + tokens.keys()[0][1].decode())
    config.settings.cache_clear()
    tokens.keys.cache_clear()
    assert store.mails.is_suppressed(ADDRESS)                                              # found under the old key
