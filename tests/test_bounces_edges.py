"""SES feedback (chalicelib/bounces.py) at its edges, as the organiser and the mail worker see it:
why an address stopped getting mail (the registration's e-mail error), both shapes SES sends a
notification in, and a notification that lacks its details, which must change nothing and must
not fail (SNS would retry it for days)."""
import pytest

from chalicelib import store
from conftest import DEMO_EVENT, person, signed_up
from test_bounces import ADDRESS, bounce, complaint, notify

EID = DEMO_EVENT["id"]


def registration(rid):
    return store.roster.get_registration(EID, rid)


@pytest.fixture
def rid(client, demo_event):
    return signed_up(client, EID, **person(1))


def test_the_registration_keeps_why_its_address_gets_no_mail(client, rid):
    notify(client, bounce())
    assert (registration(rid).email_status, registration(rid).email_error) == ("bounced", "Permanent/General")


def test_a_complaint_keeps_its_kind_and_one_without_a_kind_says_unspecified(client, rid, demo_event):
    notify(client, complaint())
    assert (registration(rid).email_status, registration(rid).email_error) == ("complained", "complaint/abuse")
    other = signed_up(client, EID, **person(2))
    message = complaint("deelnemer2@gemeente.example")
    del message["complaint"]["complaintFeedbackType"]
    notify(client, message)
    assert registration(other).email_error == "complaint/unspecified"


@pytest.mark.parametrize("field", ["eventType", "notificationType"])
@pytest.mark.parametrize("message, status", [(bounce(), "bounced"), (complaint(), "complained")])
def test_either_shape_of_a_notification_is_read(client, rid, field, message, status):
    kind = message.get("eventType") or message.get("notificationType")
    shaped = {k: v for k, v in message.items() if k not in ("eventType", "notificationType")} | {field: kind}
    notify(client, shaped)
    assert store.mails.is_suppressed(ADDRESS)
    assert registration(rid).email_status == status


@pytest.mark.parametrize("message", [
    {"eventType": "Bounce", "mail": {}},                                   # no bounce part at all
    {"eventType": "Bounce", "mail": {}, "bounce": None},
    {"notificationType": "Complaint", "mail": {}},                         # no complaint part at all
    {"notificationType": "Complaint", "mail": {}, "complaint": None},
    {"eventType": "Bounce", "bounce": {"bounceType": "Permanent"}},        # nobody named
    {"mail": {}},                                                          # no kind
])
def test_a_notification_without_its_details_changes_nothing_and_does_not_fail(client, rid, message):
    notify(client, message)
    assert not store.mails.is_suppressed(ADDRESS)
    assert registration(rid).email_status == "queued"


def test_an_empty_recipient_is_passed_over_and_the_others_are_suppressed(client, rid):
    message = bounce()
    message["bounce"]["bouncedRecipients"] = [{"status": "5.1.1"}, {"emailAddress": ""},
                                              {"emailAddress": ADDRESS}]
    notify(client, message)
    assert store.mails.is_suppressed(ADDRESS)
    assert registration(rid).email_status == "bounced"
