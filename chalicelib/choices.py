"""Use cases of a registration's choice of sessions (chalicelib.programme): moving a session's
waiting list up into free seats, and an attendee switching to another session of a round.

A session's waiting list moves up as the event's does: whenever a seat of it may have come free
(a cancellation, an erasure, an expired hold, a switch away, a capacity raise) and after every
join (the joiner's view may have been stale), ``fill`` gives each free seat to the first person
waiting, in the order they signed up. Only a person holding an event seat waits in a session's
list; a person on the event's own waiting list joins its sessions' lists when moving up.
"""
from dataclasses import replace
from datetime import datetime

from chalicelib import programme, store
from chalicelib.errors import Conflict, DomainError, NotFound, SessionFull, ValidationFailed
from chalicelib.models import SEATED

ATTEMPTS = 8


class ChangesClosed(DomainError):
    """The organiser's deadline for changing choices (``changes_close_at``) has passed."""

    code = "changes_closed"


def session_ids(*regs) -> list:
    """The sessions (not the attendance) any of ``regs`` chose; None among them is skipped."""
    return list(dict.fromkeys(c["id"] for reg in regs if reg is not None for c in programme.choices(reg)))


def after_joining(event_id: str, reg, now: datetime) -> None:
    """A newcomer who joined a session's waiting list: a seat may have come free as it joined."""
    if reg.status in SEATED:
        waiting = [c["id"] for c in programme.choices(reg) if c["status"] == programme.WAITLISTED]
        if waiting:
            fill(event_id, waiting, now)


def fill(event_id: str, ids: list, now: datetime) -> int:
    """Give every free seat of the sessions ``ids`` to the first person waiting for it (a person
    with an event seat, earliest signup first). Returns how many moved up."""
    moved = 0
    for sid in ids:
        for _ in range(10_000):
            event = store.events.get_event(event_id, consistent=True)
            session = programme.find(event, sid) if event else None
            if session is None or session.waiting <= 0 or session.spots_left == 0 or event.cancelled_at:
                break
            first = _first_waiting(event_id, sid)
            if first is None:
                break
            reg, index = first
            if store.sessions.move_up(event_id, reg, index, sid, session.capacity, session.taken, session.waiting):
                moved += 1
            else:
                store.writes.backoff(0)
    return moved


def _first_waiting(event_id: str, sid: str):
    """``(registration, index of its choice)`` of the earliest seated registration waiting for
    session ``sid``, or None."""
    for reg in store.roster.registrations(event_id, statuses=SEATED, consistent=True):
        for i, c in enumerate(programme.choices(reg)):
            if c["id"] == sid and c["status"] == programme.WAITLISTED:
                return reg, i
    return None


def switch(event, reg, round_id: str, session_id: str, now: datetime):
    """The attendee chooses ``session_id`` in round ``round_id`` instead of what they had there
    ("" : no session in that round): their place in the old session goes, in the same transaction
    as the new one is taken (a seat while one is free and nobody waits, else its waiting list),
    so they never hold both or neither; then the old session's waiting list moves up.
    Returns the registration as it is now. Raises ChangesClosed, NotFound (no such round),
    ValidationFailed (no session of that round), SessionFull (full, no waiting list)."""
    field = programme.FIELD_PREFIX + round_id
    if not event.changes_open(now):
        raise ChangesClosed(reg.id)
    rnd = next((r for r in event.programme if r.id == round_id), None)
    if rnd is None:     # the page posts only its own rounds: any other is no page of ours
        raise NotFound(round_id)
    if session_id and not any(s.id == session_id for s in rnd.sessions):
        raise ValidationFailed({field: "unknown_session"})
    for attempt in range(ATTEMPTS):
        if attempt:
            store.writes.backoff(attempt - 1)
            event = store.events.get_event(event.id, consistent=True)
            reg = store.roster.get_registration(reg.event_id, reg.id)
        if reg is None or reg.status not in SEATED + (programme.WAITLISTED,):
            raise ValidationFailed({field: "invalid"})
        had = programme.choices(reg)
        index = next((i for i, c in enumerate(had) if c["round"] == round_id), None)
        old = had[index] if index is not None else None
        if (old["id"] if old else "") == session_id:
            return reg
        counted = reg.status in SEATED
        new = None
        if session_id:
            session = programme.find(event, session_id)
            if not counted:
                status = programme.WAITLISTED
            elif session.has_seat:
                status = programme.CONFIRMED
            elif session.waitlist_enabled:
                status = programme.WAITLISTED
            else:
                raise SessionFull({field: "session_full"})
            new = {"round": round_id, "id": session_id, "status": status}
        try:
            store.sessions.switch(reg, index, old, new, counted=counted,
                                  capacity=session.capacity if new else None, now=now)
        except store.sessions.Changed:
            continue
        except Conflict:
            continue
        after = [c for c in had if c is not old] + ([new] if new else [])
        if old and counted:
            fill(event.id, [old["id"]], now)
        if new and counted and new["status"] == programme.WAITLISTED:
            fill(event.id, [new["id"]], now)
        fresh = store.roster.get_registration(reg.event_id, reg.id)
        return fresh or replace(reg, extra={**reg.extra, "sessions": after})
    raise Conflict("too many concurrent changes")
