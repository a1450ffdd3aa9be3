"""SES bounce and complaint notifications: suppress the address, mark its registrations.

SES publishes to SNS from the configuration set's event destination (``eventType``)
or from identity notifications (``notificationType``); both shapes are read here.
A permanent bounce (the mailbox does not exist) and a complaint (the person marked the
mail as spam) mean: never mail this address again. A transient bounce (mailbox full,
auto-reply) or an undetermined one says nothing lasting, so it is ignored; the email
worker's own retries already cover a mail that did not arrive.
"""
import json
from datetime import datetime
from email.utils import parseaddr

from chalicelib import logs, store
from chalicelib.models import BOUNCED, COMPLAINED


def handle(message: str, now: datetime) -> None:
    """Apply one SES notification (the SNS message body).

    Raises ValueError when the message is not JSON (SNS then retries, and gives up visibly).
    """
    notification = json.loads(message)
    kind = notification.get("eventType") or notification.get("notificationType")
    status, recipients, detail = _outcome(kind, notification)
    if status is None:
        logs.log("ses.feedback_ignored", kind=kind, detail=detail)
        return
    for address in recipients:
        email_norm = store.roster.normalise(parseaddr(address)[1] or address)
        if not email_norm:
            continue
        store.mails.suppress(email_norm, status, now)
        for event_id, rid in store.roster.registration_keys_by_email(email_norm):
            store.mails.set_email_status(event_id, rid, status, detail)
        logs.log("ses.suppressed", email=email_norm, reason=status, detail=detail)


def _outcome(kind, notification):
    """``(email_status or None, recipient addresses, detail)`` of a notification."""
    if kind == "Bounce":
        bounce = notification.get("bounce") or {}
        detail = f"{bounce.get('bounceType', '?')}/{bounce.get('bounceSubType', '?')}"
        if bounce.get("bounceType") != "Permanent":
            return None, [], detail
        return BOUNCED, [r.get("emailAddress", "") for r in bounce.get("bouncedRecipients", [])], detail
    if kind == "Complaint":
        complaint = notification.get("complaint") or {}
        detail = f"complaint/{complaint.get('complaintFeedbackType', 'unspecified')}"
        return COMPLAINED, [r.get("emailAddress", "") for r in complaint.get("complainedRecipients", [])], detail
    return None, [], str(kind)
