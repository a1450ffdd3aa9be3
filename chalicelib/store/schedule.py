"""Timed registration state: moving TTLs and reminders, and the reminder stamp."""
from datetime import datetime

from chalicelib import aws
from chalicelib.models import CONFIRMED, PENDING, WAITLISTED, Registration

from . import roster, table, writes


def reschedule(reg: Registration, expires_at: int, *, remind_at: str = None, reminds: bool = False,
               moved_from: dict = None, moved_at: str = None) -> None:
    """Move a registration's TTL (and its marker's), and for a confirmed one its reminder:
    to ``remind_at``, or none if that moment has passed. A reminder already sent stays sent.

    ``moved_from`` (the event's moved fields before the change): an active registration's
    ``sequence`` rises in the same write, so its invite outranks the old one; with ``moved_at``
    also ``moved_at``/``moved_from`` are set, the outbox's cue for the ``updated`` mail."""
    db = aws.dynamodb()
    expr, names, vals = "SET expires_at = :e", {}, {"e": expires_at}
    if moved_from is not None and reg.status in (CONFIRMED, PENDING, WAITLISTED):
        if moved_at:
            expr += ", moved_at = :m, moved_from = :f"
            vals.update(m=moved_at, f=moved_from)
        expr += " ADD #q :one"
        names["#q"], vals["one"] = "sequence", 1
    db.update_item(**writes.update(roster.reg_key(reg.event_id, reg.id), expr,
                                   "attribute_exists(PK)", names or None, **vals)["Update"])
    if reg.status in (CONFIRMED, PENDING, WAITLISTED):
        writes._conditional_update(roster.marker_key(reg.event_id, roster.normalise(reg.email)),
                                   "SET expires_at = :e", "registration_id = :rid", e=expires_at, rid=reg.id)
    if reminds:
        expr = "SET due_kind = :k, due_at = :t" if remind_at else "REMOVE due_kind, due_at"
        vals = dict(k="remind", t=remind_at) if remind_at else {}
        writes._conditional_update(roster.reg_key(reg.event_id, reg.id), expr,
                                   "#s = :c AND attribute_not_exists(reminder_requested_at)", {"#s": "status"},
                                   c=CONFIRMED, **vals)


def request_reminder(event_id: str, rid: str, now: datetime, next_at: str = None) -> bool:
    """Hand a due reminder to the mail worker, once (a new ``reminder_requested_at``), and in
    the same write make ``next_at`` (ISO) the registration's next reminder, or none."""
    if next_at:
        return writes._conditional_update(
            roster.reg_key(event_id, rid), "SET reminder_requested_at = :now, due_at = :next",
            "#s = :c AND due_kind = :remind", {"#s": "status"}, now=table.iso(now), next=next_at, c=CONFIRMED,
            remind="remind")
    return writes._conditional_update(
        roster.reg_key(event_id, rid), "SET reminder_requested_at = :now REMOVE due_kind, due_at",
        "#s = :c AND due_kind = :remind", {"#s": "status"}, now=table.iso(now), c=CONFIRMED, remind="remind")


def mark_resend(reg: Registration, now: datetime, interval_seconds: int) -> bool:
    """Stamp ``resend_at`` (the mail worker sends the current mail again), at most once per interval."""
    from datetime import timezone
    return writes._conditional_update(
        roster.reg_key(reg.event_id, reg.id), "SET resend_at = :now",
        "attribute_exists(PK) AND (attribute_not_exists(resend_at) OR resend_at < :cutoff)",
        now=table.iso(now),
        cutoff=table.iso(datetime.fromtimestamp(now.timestamp() - interval_seconds, timezone.utc)))


def stop_messages(event_id: str, rid: str, now: datetime) -> bool:
    """Stamp ``messages_off_at`` once: the organiser's messages skip this registration from now
    on. False when it was stamped before or the registration is gone."""
    return writes._conditional_update(
        roster.reg_key(event_id, rid), "SET messages_off_at = :now",
        "attribute_exists(PK) AND attribute_not_exists(messages_off_at)", now=table.iso(now))
