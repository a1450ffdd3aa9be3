"""The email worker: DynamoDB stream records in, one mail per registration change out.

The table's stream is the outbox: a registration change that deserves a mail is a
stream record, and ``handle`` decides by ``RULES`` which mail it gets. A rule is a
function ``(old, new) -> (kind, key)`` or None, over the old and new item as plain
dicts (``old`` is None for an INSERT); ``kind`` names the template
``email/<kind>.j2``, ``key`` makes the send idempotent. A new mail is one
template plus one rule (often one row of ``TRANSITIONS``).

Delivery is at least once, so each mail is claimed on the registration
(``store.mails.claim_mail``) before it is sent and its outcome recorded after
(``store.mails.record_mail``, which sets ``email_status``): a record delivered twice
sends one mail. A mail SES refuses for good is recorded as ``failed`` with the reason; a
record that can never be processed (malformed, unknown event) is logged as
``mail.error``/``mail.skipped``. An outage (DynamoDB or SES unavailable after their
retries, SES sending paused, a mail still claimed by another worker) is different:
the mail stays ``queued``, the batch stops at the first AWS outage (the rest would
wait out the same failure) or goes on past a mail in flight, and ``RetryBatch`` is raised so that Lambda delivers the batch again (the claims
skip what was sent), and after the event source's last retry the batch goes to
the dead-letter queue, which raises an alarm. Nothing is lost silently.

The organiser's daily digest (``digest``) arrives as one item per event and day, handled alike.
Messages from the organiser to attendees (``announcements``) arrive as one delivery item
per recipient; its INSERT is the record, and the claim lives on the delivery item. Every send,
of any kind, first waits for a slot of the account's SES send rate (``pacing``). A seated
attendee's confirmation carries their check-in link and its QR code (``CHECKIN_MAILS``).

A registration's change may also be a webhook event: ``webhooks.queue_for_record`` writes one
delivery item per endpoint that asked for it, and that item's record is sent by ``webhooks.deliver``.

The stream also carries the event items: when one shows a free seat while people
wait (a capacity raise whose promotions did not all run), the worker promotes them,
so that follow-up is guaranteed to run.
"""
import functools
import logging
import time
from datetime import datetime, timezone

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib import checkin, emails, faults, organising, pacing, signups, store, webhooks
from chalicelib.config import settings
from chalicelib.errors import Conflict, EventNotFound, SecretUnavailable
from chalicelib.logs import log
from chalicelib.models import CANCELLED, CONFIRMED, EXPIRED, FAILED, PENDING, SEATED, SENT, SUPPRESSED, WAITLISTED

# (status before, status after) -> mail kind; None before = a new registration.
# The kind is also the key: each of these mails goes out once per registration.
TRANSITIONS = {
    (None, CONFIRMED): "registered",
    (None, WAITLISTED): "waitlisted",
    (None, PENDING): "pending",
    (WAITLISTED, CONFIRMED): "promoted",
    (WAITLISTED, PENDING): "promoted",
    (PENDING, CONFIRMED): "registered",
    (CONFIRMED, CANCELLED): "cancelled",
    (PENDING, CANCELLED): "cancelled",
    (WAITLISTED, CANCELLED): "cancelled",
    (PENDING, EXPIRED): "cancelled",     # the hold lapsed: the mail says so (cancelled_by expiry)
}
ACTIVE_STATUSES = (CONFIRMED, WAITLISTED, PENDING)
# the mails that give a seated attendee their check-in link and its QR code
CHECKIN_MAILS = ("registered", "promoted")
# the mail that tells someone where they stand now (an organiser's "send it again")
CURRENT_MAIL = {CONFIRMED: "registered", WAITLISTED: "waitlisted", PENDING: "pending"}


# the organiser cancelled the whole event (signups.cancel_event): its own mail, with a CANCEL invite
EVENT_CANCELLED = "event_cancelled"


def status_changed(old, new):
    kind = TRANSITIONS.get((old and old.get("status"), new.get("status")))
    if kind == "cancelled" and new.get("cancelled_by") == "event":
        kind = EVENT_CANCELLED
    return (kind, kind) if kind else None


def reminder_requested(old, new):
    """A reminder is due (``signups.remind_due``): the first is keyed ``reminder``, a later one
    (an event with several reminder times) by its stamp."""
    stamp, before = new.get("reminder_requested_at"), (old or {}).get("reminder_requested_at")
    if stamp and stamp != before:
        return "reminder", "reminder" if not before else f"reminder:{stamp}"
    return None


def resend_requested(old, new):
    """An organiser stamped ``resend_at`` (signups.request_resend): the current mail again."""
    stamp = new.get("resend_at")
    if stamp and stamp != (old or {}).get("resend_at") and new.get("status") in CURRENT_MAIL:
        return CURRENT_MAIL[new["status"]], f"resend:{stamp}"
    return None


def event_moved(old, new):
    """The organiser moved the event (``moved_at``, stamped by ``signups.apply_event``): every
    active registration gets one ``updated`` mail per move, with the raised SEQUENCE."""
    stamp = new.get("moved_at")
    if stamp and stamp != (old or {}).get("moved_at") and new.get("status") in ACTIVE_STATUSES:
        return "updated", f"updated:{stamp}"
    return None


def buddies_introduced(old, new):
    """The organiser sent the maatjes groups (chalicelib.buddies stamps ``buddy_sent_at``): once."""
    if new.get("buddy_sent_at") and not (old or {}).get("buddy_sent_at") and new.get("status") == CONFIRMED:
        return "buddies", "buddies"
    return None


def follow_up_requested(old, new):
    """After the meeting (``after.request_due`` stamped ``follow_up_requested_at``): thanks to who
    checked in, "sorry you missed it" to the others; one follow-up per registration."""
    if new.get("follow_up_requested_at") and not (old or {}).get("follow_up_requested_at") \
            and new.get("status") == CONFIRMED:
        from chalicelib import after
        return after.kind_for(new), "follow_up"
    return None


def session_seat_given(old, new):
    """A session's waiting list moved someone with an event seat up (chalicelib.choices.fill): one
    ``session_promoted`` mail per session, whose programme shows the new place."""
    if not old or old.get("status") not in SEATED or new.get("status") not in SEATED:
        return None
    waited = {c.get("id") for c in old.get("sessions") or () if c.get("status") == WAITLISTED}
    seated = [c.get("id") for c in new.get("sessions") or () if c.get("status") == CONFIRMED and c.get("id") in waited]
    return ("session_promoted", f"session_promoted:{seated[0]}") if seated else None


RULES = (status_changed, reminder_requested, resend_requested, event_moved, buddies_introduced, follow_up_requested,
         session_seat_given)
# A signup with an address already registered stamps the address's marker; the registration
# gets this mail, with its own link, at most once per RESEND_INTERVAL_SECONDS.
REPEAT_MAIL = "already_registered"
# A claim older than the email worker's Lambda timeout (.chalice/resources.json) belongs
# to a worker that is gone, and may be taken over.
MAIL_LEASE_SECONDS = 120
RETRYABLE = (BotoCoreError, ClientError, Conflict, SecretUnavailable)   # an outage: the batch is retried


class RetryBatch(Exception):
    """Raised after the whole batch when some record met an outage: Lambda retries the batch."""


class MailInFlight(Exception):
    """Another worker holds a fresh claim on this mail."""


def handle(records, now: datetime = None, sleep=time.sleep, clock=time.time) -> list:
    """Send the mails the stream ``records`` (Lambda shape) deserve.

    Returns ``(registration_id, kind, outcome)`` per mail considered; outcome is
    ``sent``, ``failed``, ``suppressed`` or ``duplicate`` (sent before, or the
    registration is gone). Raises RetryBatch, after every record was tried, if
    any met an outage. ``clock`` and ``sleep`` pace the sends (``pacing``).
    """
    outcomes, outages = [], []
    budget = webhooks.Budget()      # a slow receiver does not hold up the mails
    for record in records:
        try:
            _fill_free_seats(record)
            if webhooks.is_delivery_record(record):     # a webhook delivery (chalicelib.webhooks)
                outcomes.append(webhooks.deliver_record(record, now or datetime.now(timezone.utc), budget=budget))
                continue
            outcomes += webhooks.queue_for_record(record, now or datetime.now(timezone.utc))
            if _is_delivery(record):
                outcomes.append(_handle_delivery(record, now or datetime.now(timezone.utc), sleep, clock))
                continue
            if _is_digest(record):
                outcomes.append(_handle_digest(record, now or datetime.now(timezone.utc), sleep, clock))
                continue
            if _is_login_request(record):
                outcomes.append(_handle_login_request(record, now or datetime.now(timezone.utc), sleep, clock))
                continue
            if _is_invitation(record):
                outcomes.append(_handle_invitation(record, now or datetime.now(timezone.utc), sleep, clock))
                continue
            outcomes += _handle_record(record, now or datetime.now(timezone.utc), sleep, clock)
            outcomes += _handle_repeat(record, now or datetime.now(timezone.utc), sleep, clock)
        except RETRYABLE + (MailInFlight, emails.TransientSendError) as error:
            outages.append(error)
            log("mail.retry", logging.WARNING, event_id=_keys(record)[0], registration_id=_keys(record)[1],
                error=type(error).__name__, aws_code=faults.aws_code(error))
            if not isinstance(error, (MailInFlight, Conflict)):
                break   # AWS is down: the rest would each wait out the same failure (docs/faults.md)
        except Exception as error:  # noqa: BLE001 - a record that can never succeed must not block the rest
            log("mail.error", logging.ERROR, event_id=_keys(record)[0], registration_id=_keys(record)[1],
                error=f"{type(error).__name__}: {error}")
    if outages:
        raise RetryBatch(f"{len(outages)} record(s) met an outage; first: {outages[0]!r}")
    return outcomes


def _fill_free_seats(record) -> None:
    """An event item with a free seat (or no capacity any more) while people wait: promote them
    (signups.fill_free_seats). Only seats change the event item, so the check stays cheap."""
    new = record.get("dynamodb", {}).get("NewImage")
    if not new or new.get("SK", {}).get("S") != store.events.META or not new["PK"]["S"].startswith("EVENT#"):
        return      # not an event item (an organisation's item has SK META too)
    event = store.table.from_item(new)
    capacity, seats = event.get("capacity"), event.get("seats_taken", 0)
    if capacity is None or seats < capacity:      # whether anyone waits is on the shards: fill_free_seats reads them
        signups.fill_free_seats(_keys(record)[0])


def mails_for(record: dict) -> list:
    """The ``(kind, key)`` pairs a stream record deserves; [] for anything but a registration."""
    change = record.get("dynamodb", {})
    if not _keys(record)[1] or "NewImage" not in change:
        return []
    new = store.table.from_item(change["NewImage"])
    if new.get("type") != "registration":
        return []
    old = store.table.from_item(change["OldImage"]) if record.get("eventName") == "MODIFY" else None
    return [mail for mail in (rule(old, new) for rule in RULES) if mail]


def _handle_record(record, now, sleep, clock) -> list:
    mails = mails_for(record)
    if not mails:
        return []
    item = store.table.from_item(record["dynamodb"]["NewImage"])
    reg = store.roster.to_registration(item)
    moved = any(kind == "updated" for kind, _ in mails)
    fresh = moved or any(kind == EVENT_CANCELLED for kind, _ in mails)
    try:
        # an update or cancellation mail must show the event as it is now, not as a warm container cached it
        event = signups.get_event(reg.event_id, cached=not fresh)
    except EventNotFound:
        log("mail.skipped", event_id=reg.event_id, registration_id=reg.id, reason="event_not_found")
        return []
    extra = {"moved_from": item.get("moved_from") or {}} if moved else {}
    if any(kind == "buddies" for kind, _ in mails):     # the others of the group, as they are now
        from chalicelib import buddies
        extra["buddies"] = buddies.group_of(event, reg, event.locale_or_default(reg.locale))
    return [(reg.id, kind, _deliver(kind, key, event, reg, now, sleep, clock, extra=extra)) for kind, key in mails]


def _handle_repeat(record, now, sleep, clock) -> list:
    """A repeated signup (store.counters.repeated_registration): the registration's "already registered" mail."""
    change = record.get("dynamodb", {})
    named = store.counters.repeated_registration(change.get("Keys", {}), change.get("OldImage"), change.get("NewImage"))
    if not named:
        return []
    reg = store.roster.get_registration(*named)
    if reg is None or reg.status not in ACTIVE_STATUSES:
        return []
    try:
        event = signups.get_event(reg.event_id, cached=True)
    except EventNotFound:
        return []
    again_after = settings().resend_interval_seconds
    return [(reg.id, REPEAT_MAIL, _deliver(REPEAT_MAIL, REPEAT_MAIL, event, reg, now, sleep, clock, again_after))]


def _deliver(kind, key, event, reg, now, sleep, clock, again_after=None, extra=None) -> str:
    again = {"again_after": again_after} if again_after else {}
    if not store.mails.claim_mail(event.id, reg.id, key, now, MAIL_LEASE_SECONDS, **again):
        if store.mails.mail_state(event.id, reg.id, key) == "sending":
            raise MailInFlight(key)
        return "duplicate"
    if store.mails.is_suppressed(store.roster.normalise(reg.email)):
        outcome, detail = SUPPRESSED, store.mails.ON_SUPPRESSION_LIST
    else:
        try:
            outcome, detail = _send(kind, event, reg, now, sleep, clock, extra or {})
        except RETRYABLE + (emails.TransientSendError,):
            # SES is down or paused: the mail stays queued, and the retried batch claims it again
            store.mails.release_mail_claim(event.id, reg.id, key)
            raise
    store.mails.record_mail(event.id, reg.id, key, outcome, now, "" if outcome == SENT else detail)
    # the reason is cut at its first colon: SES puts addresses in the rest
    log(f"mail.{outcome}", logging.INFO if outcome == SENT else logging.WARNING, event_id=event.id,
        registration_id=reg.id, kind=kind, key=key, email=reg.email,
        **({"ses_message_id": detail} if outcome == SENT else {"reason": detail.split(":")[0]}))
    return outcome


def _send(kind, event, reg, now, sleep, clock, extra):
    """``(email_status, detail)``: sent with the SES message id, or failed with the reason."""
    def build():
        links = {"manage_url": signups.manage_url(event.id, reg.id)}
        if kind in CHECKIN_MAILS and reg.status in SEATED:
            links["checkin_url"] = checkin.checkin_url(event.id, reg.id)
        if kind == "follow_up":     # the evaluation and the proof of attendance (chalicelib.after)
            from chalicelib import after
            links.update(after.links(event, reg))
        more = {"position": store.roster.waitlist_position(reg)} if kind == "waitlisted" else {}
        if kind == "reminder" and event.reminder_hours_before is not None:     # its subject: today, tomorrow or
            more["days_before"] = emails.days_before(event, now)   # soon; the service's one reminder says tomorrow
        more["organisation"] = organisation_of(event)
        return emails.build_message(kind, event, reg, links, settings().sender_email, {**extra, **more}, now=now)
    return _paced_send(build, sleep, clock)


_organisations = {}     # organisation id -> (monotonic deadline, its footer facts)
ORGANISATION_SECONDS = 300


def organisation_of(event) -> dict:
    """The mail's facts of the event's organisation (``name``, ``privacy_statement_url`` for the
    footer; ``sender_name``, ``reply_to`` for the headers), read once per container every few
    minutes, not once per mail; {} without one."""
    org_id = event.organisation_id
    if not org_id:
        return {}
    hit = _organisations.get(org_id)
    if hit and hit[0] > time.monotonic():
        return hit[1]
    found = store.organisations.get_organisation(org_id) or {}
    facts = {name: found[name] for name in ("name", "privacy_statement_url", "sender_name", "reply_to") if found.get(name)}
    _organisations[org_id] = (time.monotonic() + ORGANISATION_SECONDS, facts)
    return facts


def _paced_send(build, sleep, clock):
    """Build a mail and send it no faster than SES allows: ``(email_status, detail)``. SES or
    DynamoDB being down raises (the batch is retried); anything else is a visible failure."""
    try:
        message = build()
        pacing.wait_for_slot(clock=clock, sleep=sleep)
        return SENT, emails.send(message, sleep=sleep)
    except emails.PermanentSendError as error:
        return FAILED, error.reason
    except RETRYABLE + (emails.TransientSendError,):
        raise
    except Exception as error:  # noqa: BLE001 - a bug (a template, say): visible as failed, not lost
        return FAILED, f"{type(error).__name__}: {error}"


# ---------------------------------------------------------------- sign-in links

def _is_login_request(record) -> bool:
    new = record.get("dynamodb", {}).get("NewImage") or {}
    return record.get("eventName") == "INSERT" and new.get("type", {}).get("S") == "login_request"


def _handle_login_request(record, now, sleep, clock) -> tuple:
    """An organiser's sign-in link, once per request: ``(None, "login", outcome)``."""
    item = store.table.from_item(record["dynamodb"]["NewImage"])
    request_id = item["PK"].split("#", 1)[1]
    if not store.organisations.take_login_request(request_id):
        return None, "login", "duplicate"
    try:
        outcome = organising.mail_sign_in_link(item["email"], item.get("locale", "nl"), now,
                                               lambda build: _paced_send(build, sleep, clock), item.get("browser"))
    except RETRYABLE + (emails.TransientSendError,):
        # the retried batch takes the request again
        store.organisations.put_login_request(request_id, item["email"], item.get("locale", "nl"), item["expires_at"],
                                              item.get("browser"))
        raise
    return None, "login", outcome


def _is_invitation(record) -> bool:
    new = record.get("dynamodb", {}).get("NewImage") or {}
    return record.get("eventName") == "INSERT" and new.get("type", {}).get("S") == "team_invitation"


def _handle_invitation(record, now, sleep, clock) -> tuple:
    """An invitation to an organisation's team, once (chalicelib.membership): ``(None, "invitation", outcome)``."""
    from chalicelib import membership
    item = store.table.from_item(record["dynamodb"]["NewImage"])
    request_id = item["PK"].split("#", 1)[1]
    if not store.organisations.take_invitation(request_id):
        return None, "invitation", "duplicate"
    try:
        outcome = membership.mail_invitation(item, now, lambda build: _paced_send(build, sleep, clock))
    except RETRYABLE + (emails.TransientSendError,):
        store.organisations.put_invitation(request_id, {k: v for k, v in item.items() if k not in (
            "PK", "SK", "type", "expires_at")}, item["expires_at"])     # the retried batch takes it again
        raise
    return None, "invitation", outcome


# ---------------------------------------------------------------- the organiser's daily mail

def _is_digest(record) -> bool:
    new = record.get("dynamodb", {}).get("NewImage") or {}
    return record.get("eventName") == "INSERT" and new.get("type", {}).get("S") == "digest"


def _handle_digest(record, now, sleep, clock) -> tuple:
    """Send the organiser the day's digest, once (chalicelib.digest): ``(None, "digest", outcome)``."""
    from chalicelib import digest
    item = store.table.from_item(record["dynamodb"]["NewImage"])
    outcome = digest.deliver(item, now, lambda build: _paced_send(build, sleep, clock), MAIL_LEASE_SECONDS)
    if outcome == "in_flight":
        raise MailInFlight(f"digest {item['event_id']} {item['day']}")
    log(f"mail.{outcome}", logging.INFO if outcome in (SENT, "duplicate") else logging.WARNING,
        event_id=item["event_id"], kind="digest", key=item["day"])
    return None, "digest", outcome


# ---------------------------------------------------------------- messages to attendees

def _is_delivery(record) -> bool:
    new = record.get("dynamodb", {}).get("NewImage") or {}
    return record.get("eventName") == "INSERT" and new.get("type", {}).get("S") == "message_delivery"


def _handle_delivery(record, now, sleep, clock) -> tuple:
    """Send one recipient their copy of an organiser's message, once: ``(rid, "message", outcome)``."""
    item = store.table.from_item(record["dynamodb"]["NewImage"])
    event_id, mid, rid = item["event_id"], item["message_id"], item["registration_id"]
    if not store.announcements.claim_delivery(event_id, mid, rid, now, MAIL_LEASE_SECONDS):
        if store.announcements.delivery_state(event_id, mid, rid) == "sending":
            raise MailInFlight(f"message {mid} to {rid}")
        return rid, "message", "duplicate"
    try:
        outcome, detail = _send_message(event_id, mid, rid, now, sleep, clock)
    except RETRYABLE + (emails.TransientSendError,):
        # SES is down or still throttling: the delivery stays queued, the retried batch claims it again
        store.announcements.release_delivery(event_id, mid, rid)
        raise
    store.announcements.record_delivery(event_id, mid, rid, outcome, now, "" if outcome == SENT else detail)
    log(f"mail.{outcome}", logging.INFO if outcome == SENT else logging.WARNING, event_id=event_id,
        registration_id=rid, kind="message", key=mid,
        **({"ses_message_id": detail} if outcome == SENT else {"reason": detail.split(":")[0]}))
    return rid, "message", outcome


@functools.lru_cache(maxsize=32)
def _message(event_id, mid):
    """A message never changes once written: read it once per container, not once per recipient."""
    return store.announcements.get_message(event_id, mid)


def _send_message(event_id, mid, rid, now, sleep, clock):
    """``(outcome, detail)``; ``skipped`` when the person left the message's audience meanwhile."""
    message, reg = _message(event_id, mid), store.roster.get_registration(event_id, rid)
    if message is None or reg is None or reg.status not in message["to"]:
        return "skipped", "no longer in the message's audience"
    if reg.messages_off_at:
        return "skipped", "turned off the organiser's messages"
    if store.mails.is_suppressed(store.roster.normalise(reg.email)):
        return SUPPRESSED, store.mails.ON_SUPPRESSION_LIST
    def build():
        from chalicelib import unsubscribe
        event = signups.get_event(event_id, cached=True)
        links = {"manage_url": signups.manage_url(event_id, rid), "unsubscribe_url": unsubscribe.url(event_id, rid)}
        extra = {"subject": message["subject"], "body": message["body"], "organisation": organisation_of(event)}
        return emails.build_message("message", event, reg, links, settings().sender_email, extra, now=now,
                                    invite=False)
    return _paced_send(build, sleep, clock)


def _keys(record) -> tuple:
    """``(event_id, registration_id)`` from a record's keys; registration_id is None for other items."""
    keys = record.get("dynamodb", {}).get("Keys", {})
    pk, sk = keys.get("PK", {}).get("S", ""), keys.get("SK", {}).get("S", "")
    return pk.partition("#")[2] or None, sk[len(store.roster.REG_PREFIX):] if sk.startswith(store.roster.REG_PREFIX) else None
