"""SES feedback (chalicelib/bounces.py) at its edges, as the organiser and the mail worker see it:
why an address stopped getting mail (the registration's e-mail error), both shapes SES sends a
notification in, and a notification that lacks its details, which must change nothing and must
not fail (SNS would retry it for days)."""
import pytest

from chalicelib import logs, store
from conftest import DEMO_EVENT, person, signed_up
from test_bounces import ADDRESS, bounce, complaint, notify
from test_faults import logged
from test_logs import log_lines  # noqa: F401  (a fixture)

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


def test_a_complaint_with_an_empty_recipient_suppresses_only_the_others(client, rid, log_lines):
    message = complaint()
    message["complaint"]["complainedRecipients"] = [{}, {"emailAddress": ADDRESS}]
    notify(client, message)
    assert store.mails.is_suppressed(ADDRESS)
    assert registration(rid).email_status == "complained"
    assert [line["email"] for line in logged(log_lines, "ses.suppressed")] == [logs.mask("email", ADDRESS)]


def test_a_permanent_bounce_without_its_subtype_is_kept_with_a_question_mark(client, rid):
    message = bounce()
    del message["bounce"]["bounceSubType"]
    notify(client, message)
    assert registration(rid).email_error == "Permanent/?"


@pytest.mark.parametrize("message, reason", [(bounce(), "bounced"), (complaint(), "complained")])
def test_the_suppression_entry_says_why_for_whoever_reads_the_table(client, rid, message, reason):
    from chalicelib import aws
    notify(client, message)
    key = {k: {"S": v} for k, v in store.mails._suppression_key(ADDRESS).items()}
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=key)["Item"]
    assert item["reason"] == {"S": reason}


def test_the_operator_log_names_each_suppressed_address_masked_with_its_reason(client, rid, log_lines):
    message = bounce()
    message["bounce"]["bouncedRecipients"] = [{"status": "5.1.1"}, {"emailAddress": ADDRESS}]
    notify(client, message)
    (line,) = logged(log_lines, "ses.suppressed")
    assert (line["email"], line["reason"], line["detail"]) == (logs.mask("email", ADDRESS), "bounced",
                                                                "Permanent/General")


@pytest.mark.parametrize("message, kind, detail", [
    ({"eventType": "Bounce", "bounce": {}}, "Bounce", "?/?"),
    ({"eventType": "Bounce", "bounce": {"bounceType": "Transient", "bounceSubType": "MailboxFull"}},
     "Bounce", "Transient/MailboxFull"),
    ({"eventType": "Delivery", "delivery": {}}, "Delivery", "Delivery"),
])
def test_an_ignored_notification_is_logged_with_its_kind_and_why(client, rid, log_lines, message, kind, detail):
    notify(client, message)
    (line,) = logged(log_lines, "ses.feedback_ignored")
    assert (line["kind"], line["detail"]) == (kind, detail)
    assert not logged(log_lines, "ses.suppressed")
