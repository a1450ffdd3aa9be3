"""Messages from the organiser to the attendees of an event ("the room has changed").

``send`` validates, stores the message and one delivery item per recipient (written in
batches), and records it in the audit trail; it answers at once. Each delivery item's INSERT
is a stream record, so the mails leave through the same outbox as every other mail
(``outbox``), claimed before and recorded after each send (a redelivered batch sends nothing
twice) and paced to the account's SES send rate (``pacing``). Every recipient gets their own
attendee link; the organiser's address is the Reply-To.
"""
import re
import time
from datetime import datetime, timedelta, timezone

from chalicelib import store
from chalicelib.config import settings
from chalicelib.errors import ValidationFailed
from chalicelib.models import CONFIRMED, PENDING, WAITLISTED

AUDIENCES = (CONFIRMED, WAITLISTED, PENDING)
MAX_SUBJECT, MAX_BODY = 150, 20_000
# Unicode's bidi controls (marks, embeddings, overrides, isolates: ALM, LRM, RLM, LRE...RLO,
# LRI...PDI): in a subject or body they make text show in another order than it is written, so
# a mail could show an address or a link other than the one it holds ("Trojan Source")
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _BIDI + "]")
_SUBJECT_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f" + _BIDI + "]")


def clean(body, event=None) -> dict:
    """``{"subject", "body", "to", "session"}`` cleaned; raises ValidationFailed naming each bad field.

    ``to`` is a list of statuses (or one status as a string); ``body`` is plain text; ``session``
    (optional, "" for none) a session of ``event``'s programme: only who has a seat in it.
    """
    if not isinstance(body, dict):
        raise ValidationFailed({"body": "invalid"})
    errors, subject, text, to = {}, body.get("subject"), body.get("body"), body.get("to")
    if not isinstance(subject, str) or not subject.strip():
        errors["subject"] = "required"
    elif len(subject.strip()) > MAX_SUBJECT:
        errors["subject"] = "too_long"
    elif _SUBJECT_CONTROL.search(subject):
        errors["subject"] = "control_chars"
    if not isinstance(text, str) or not text.strip():
        errors["body"] = "required"
    elif len(text) > MAX_BODY:
        errors["body"] = "too_long"
    elif _CONTROL.search(text):
        errors["body"] = "control_chars"
    to = [to] if isinstance(to, str) else to
    if not isinstance(to, list) or not to:
        errors["to"] = "required"
    elif any(status not in AUDIENCES for status in to):
        errors["to"] = "invalid_choice"
    session = "" if body.get("session") is None else body["session"]
    if not isinstance(session, str):
        errors["session"] = "invalid_choice"
    elif session and not (event is not None and any(s.id == session for r in event.programme for s in r.sessions)):
        errors["session"] = "invalid_choice"
    if errors:
        raise ValidationFailed(errors)
    statuses = [status for status in AUDIENCES if status in to]
    return {"subject": " ".join(subject.split()), "body": text.strip().replace("\r\n", "\n"), "to": statuses,
            "session": session}


def recipients(event_id: str, statuses, session: str = "") -> list:
    """The registrations a message to ``statuses`` reaches now, in signup order: not those who
    turned the organiser's messages off (``unsubscribe``); with ``session``, only who has a seat in it."""
    from chalicelib import programme
    return [reg for reg in store.roster.registrations(event_id, statuses=tuple(statuses), consistent=True)
            if reg.messages_off_at is None and (not session or programme.status_in(reg, session) == CONFIRMED)]


def send(event_id: str, body, *, caller_id: str, now: datetime, sleep=time.sleep) -> dict:
    """Queue a message to the attendees; ``{"message_id", "recipients"}``.

    Raises EventNotFound, ValidationFailed, MessageCapReached (the event's ``messages_per_day``).
    """
    from chalicelib import signups
    event = signups.get_event(event_id)
    message = clean(body, event)
    _count_against_daily_cap(event, now)
    rids = [reg.id for reg in recipients(event_id, message["to"], message["session"])]
    mid = store.roster.new_registration_id()            # sortable by time, like registration ids
    expires_at = int((event.ends_at + timedelta(days=event.retention_days or settings().retention_days)).timestamp())
    store.announcements.put_message(event_id, mid, {**message, "created_at": store.table.iso(now), "created_by": caller_id,
                                      "recipients": len(rids)}, expires_at)
    store.announcements.put_deliveries(event_id, mid, rids, expires_at, sleep=sleep)
    store.organisers.put_audit({"token_id": caller_id, "event_id": event_id, "at": store.table.iso(now), "action": "message",
                     "message_id": mid, "recipients": len(rids), "status": message["to"],
                                **({"session": message["session"]} if message["session"] else {})}, now, event)
    return {"message_id": mid, "recipients": len(rids)}


def _count_against_daily_cap(event, now: datetime) -> None:
    """Count one message of today (UTC) for ``event``; raises MessageCapReached past its
    ``messages_per_day``. What a stolen organiser account can send is bounded by it."""
    from chalicelib.errors import MessageCapReached
    from chalicelib.schema.settings import by_name
    cap = event.messages_per_day or by_name("messages_per_day").default
    midnight = int((datetime(now.year, now.month, now.day, tzinfo=timezone.utc) + timedelta(days=1)).timestamp())
    if not store.organisations.within_limit(f"messages#{event.id}", midnight, cap):
        raise MessageCapReached(cap, max(1, midnight - int(now.timestamp())))


def preview(event, message: dict, registration=None):
    """The mail as ``registration`` (the first recipient) would get it: ``emails.Rendered``.
    Without a recipient, a sample person stands in."""
    from chalicelib import emails, signups
    from chalicelib.models import Registration
    reg = registration or Registration(id="voorbeeld", event_id=event.id, status=CONFIRMED,
                                       name="Voornaam Achternaam", email="deelnemer@example.org",
                                       locale=event.locales[0])
    from chalicelib import outbox, unsubscribe
    links = {"manage_url": signups.manage_url(event.id, reg.id), "unsubscribe_url": unsubscribe.url(event.id, reg.id)}
    return emails.render("message", event, reg, links, {"subject": message["subject"], "body": message["body"],
                                                        "organisation": outbox.organisation_of(event)})


def history(event_id: str) -> list:
    """The event's messages, newest first: subject, when, statuses, recipients, sent, failed."""
    return store.announcements.messages_of(event_id)
