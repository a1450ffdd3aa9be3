"""The organiser's daily mail about signups ("the digest").

While registration is open, the event's organiser address gets one mail a day, in the
morning (``SEND_HOUR`` in the event's time zone), with what changed since the last one: new
signups, people who cancelled, the waiting list and the free seats. No mail on a day without
change. It is on by default; the event setting ``digest`` turns it off, and so does the link in
every digest (a page with a button: a POST, so a mail scanner that opens links turns nothing off).

``schedule`` (on every save of an event) makes sure the event has a schedule item;
``request_due`` (a schedule, hourly) counts the changes of each due event and writes the day's
digest item, at most one per event and day (store.digests). Its INSERT reaches the mail worker
through the table's stream like every other mail (``outbox``), which calls ``deliver``: claimed
before the send, recorded after, retried when SES or DynamoDB is down.
"""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from chalicelib import store
from chalicelib.config import settings
from chalicelib.errors import EventNotFound, InvalidToken
from chalicelib.logs import log
from chalicelib.models import CANCELLED, ERASED, SENT, SUPPRESSED

SEND_HOUR = 8
KEEP_DAYS = 30          # a digest item is kept this long (what was sent, and its status)
_CONTEXT = b"digest/v1\x00"     # a digest link opens nothing else, and no other link opens it


def next_due(event, now: datetime) -> datetime:
    """The next ``SEND_HOUR`` o'clock in the event's time zone after ``now``."""
    zone = ZoneInfo(event.timezone)
    local = now.astimezone(zone)
    due = datetime.combine(local.date(), time(SEND_HOUR), zone)
    return due if due > local else datetime.combine(local.date() + timedelta(days=1), time(SEND_HOUR), zone)


def schedule(event, now: datetime) -> None:
    """Make sure the event's digests are scheduled (kept as they are when they are)."""
    if event.ends_at > now:
        store.digests.ensure_digest_schedule(event.id, next_due(event, now), now)


def request_due(now: datetime) -> int:
    """Write the digest of every event that is due and has news (run hourly). Returns how many."""
    return sum(_request(event_id, now) for event_id in list(store.digests.due_digests(now)))


def _request(event_id: str, now: datetime) -> bool:
    from chalicelib import signups
    try:
        event = signups.get_event(event_id)
    except EventNotFound:
        store.digests.advance_digest_schedule(event_id, None)
        return False
    if event.ends_at <= now:
        store.digests.advance_digest_schedule(event_id, None)       # over: no more digests
        return False
    scheduled = store.digests.get_digest_schedule(event_id) or {}
    if not (event.digest and event.accepts_signups(now) and event.organiser.get("email")):
        store.digests.advance_digest_schedule(event_id, next_due(event, now), since=now)
        return False
    counts = summary(event, datetime.fromisoformat(scheduled.get("since") or store.table.iso(now)))
    last = {"waitlisted": counts["waitlisted"], "spots_left": counts["spots_left"]}
    if not changed(counts, scheduled.get("last")):
        store.digests.advance_digest_schedule(event_id, next_due(event, now), since=now, last=last)
        return False
    day = now.astimezone(ZoneInfo(event.timezone)).date().isoformat()
    written = store.digests.put_digest(event_id, day, {**counts, "to": event.organiser["email"], "locale": event.locales[0]},
                                       int((now + timedelta(days=KEEP_DAYS)).timestamp()))
    store.digests.advance_digest_schedule(event_id, next_due(event, now), since=now, last=last)
    log("digest.requested" if written else "digest.already_sent", event_id=event_id, day=day)
    return written


def summary(event, since: datetime) -> dict:
    """What changed since ``since``: ``new`` signups, ``cancelled`` ones, and now the ``waitlisted``
    count and the ``spots_left`` (None without a maximum)."""
    new = cancelled = 0
    for reg in store.roster.registrations(event.id, consistent=True):
        if reg.status == ERASED:
            continue
        new += bool(reg.created_at and reg.created_at >= since)
        cancelled += reg.status == CANCELLED and bool(reg.updated_at and reg.updated_at >= since)
    return {"new": new, "cancelled": cancelled, "waitlisted": event.waitlist_count, "spots_left": event.spots_left}


def changed(counts: dict, last) -> bool:
    """Something to tell: a signup, a cancellation, or another waiting list or free-seat count."""
    if counts["new"] or counts["cancelled"]:
        return True
    return last is not None and (last.get("waitlisted"), last.get("spots_left")) != (counts["waitlisted"],
                                                                                     counts["spots_left"])


# ---------------------------------------------------------------- the mail

def deliver(item: dict, now: datetime, send, lease_seconds: int) -> str:
    """The mail worker's half: send one digest item once. ``send`` takes a mail builder and returns
    ``(outcome, detail)`` (outbox._paced_send). Returns ``sent``, ``failed``, ``suppressed`` or
    ``duplicate``, or ``in_flight`` when another worker holds a fresh claim. An outage raises, and
    the claim is dropped so the retried batch sends it."""
    event_id, day = item["event_id"], item["day"]
    if not store.digests.claim_digest(event_id, day, now, lease_seconds):
        return "in_flight" if store.digests.digest_state(event_id, day) == "sending" else "duplicate"
    if store.mails.is_suppressed(store.roster.normalise(item["to"])):
        outcome, detail = SUPPRESSED, store.mails.ON_SUPPRESSION_LIST
    else:
        try:
            outcome, detail = send(lambda: build(item, now))
        except Exception:
            store.digests.release_digest(event_id, day)
            raise
    store.digests.record_digest(event_id, day, outcome, now, "" if outcome == SENT else detail)
    return outcome


def build(item: dict, now: datetime):
    """The digest mail of a digest item, with its one-click "turn off" headers (RFC 8058)."""
    from chalicelib import emails, signups
    event = signups.get_event(item["event_id"], cached=True)
    locale = item["locale"]
    off = off_url(event.id)
    context = {"title": event.text("title", locale), "counts": item,
               "overview_url": f"{settings().public_base_url}/organiser/events/{event.id}", "off_url": off}
    message = emails.build_notice("digest", item["to"], locale, context, now=now)
    emails.add_list_unsubscribe(message, off)
    return message


# ---------------------------------------------------------------- one click to turn it off

def off_url(event_id: str) -> str:
    from chalicelib import tokens
    return f"{settings().public_base_url}/digest/{tokens.seal(event_id.encode(), _CONTEXT)}"


def event_of_link(token: str):
    """The event a digest link names. Raises InvalidToken (also for an event that is gone)."""
    from chalicelib import signups, tokens
    try:
        event_id = tokens.unseal(token, _CONTEXT).decode()
        return signups.get_event(event_id)
    except (UnicodeError, EventNotFound):
        raise InvalidToken("no such digest")
