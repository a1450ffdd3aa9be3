"""Use cases of an attendee's registration: register, confirm, cancel, promote, expire, erase.

Orchestration only; the item shapes and transactions live in chalicelib.store.
"""
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Optional

from chalicelib import choices, invitations, limits, store
from chalicelib.config import settings
from chalicelib.errors import (AlreadyRegistered, Conflict, DomainError, EventFull, EventNotFound, HoldLapsed,
                               InvalidToken, RegistrationCancelled, RegistrationClosed,
                               RegistrationNotFound, SessionFull, ValidationFailed)
from chalicelib.events import valid_event_id
from chalicelib.forms import clean_signup
from chalicelib.logs import log
from chalicelib.models import (ACTIVE, CANCELLED, CONFIRMED, ERASED, EXPIRED, PENDING, SEATED,
                               WAITLISTED, Event, Registration)

_cache = {}     # event id -> (monotonic deadline, Event): saves the read on hot signups
ATTEMPTS = 20   # tries when concurrent writers race on the same items, with a growing random pause between
                # (at most 6.2 s in all: a hot event's first seats take seconds, docs/scaling.md)
RELEASE_ATTEMPTS = 24   # a cancellation's tries: each reads the registration and the first in line again


def get_event(event_id: str, *, cached: bool = False) -> Event:
    """The event with exact counters, or from a cache a few seconds old. Raises EventNotFound."""
    if not valid_event_id(event_id):      # also keeps over-long keys away from DynamoDB
        raise EventNotFound(event_id)
    if cached:
        hit = _cache.get(event_id)
        if hit and hit[0] > time.monotonic():
            return hit[1]
    event = store.events.get_event(event_id, consistent=not cached)
    if event is None:
        raise EventNotFound(event_id)
    _cache[event_id] = (time.monotonic() + settings().event_cache_seconds, event)
    return event


def last_known_event(event_id: str):
    """The event as last read in this process, however old, or None: for pages shown while
    DynamoDB is unavailable (the form again after a failed post)."""
    hit = _cache.get(event_id)
    return hit[1] if hit else None


def forget_event(event_id: str) -> None:
    _cache.pop(event_id, None)


def register(event_id: str, data: dict, *, client_ip: str = None, now: datetime = None) -> Registration:
    """Validate and store a signup; returns what its answer may show (API.md, version 2).

    A new address gets its stored registration. An address already registered for the
    event gets an unsaved registration with the status a newcomer would get now, and so
    does a filled honeypot: nothing in the answer tells them apart. A repeat stores and
    sends nothing here; the mail worker sends it its "already registered" mail (see
    ``outbox``). Both take the same two writes: ``limits.count_signup`` (client, mailbox
    and event counters, the marker's attempt stamp) and the signup transaction, which takes
    a seat or a waiting-list place with the registration and its marker. Every attempt counts
    towards ``client_ip``'s limit, whatever its outcome; a valid one (new, repeated or honeypot)
    towards its mailbox's and its event's too, so none of them tells the others apart.
    Raises EventNotFound, ValidationFailed, RegistrationClosed, EventFull, RateLimited.
    """
    now = now or datetime.now(timezone.utc)
    rid = store.roster.new_registration_id()    # its time is the arrival: the place in line, whatever waits follow
    try:
        event = get_event(event_id, cached=True)
        invitations.check(event, data.get(invitations.FIELD))     # the code alone decides, not the address
        cleaned = clean_signup(event, data)
        if not event.accepts_signups(now):
            raise RegistrationClosed(event_id)
    except DomainError:
        count_attempt(client_ip, now)     # a RateLimited from here wins over the reason
        raise
    if data.get("_gotcha"):
        limits.count_signup(client_ip, store.roster.normalise(cleaned["email"]), event_id, now, stamp=False,
                            event_limit=limits.event_limit(event))
        log("signup.honeypot")
        event = get_event(event_id)     # the seats as the signup transaction would find them
        return _unsaved(event, cleaned, _newcomer_seat(event, now, cleaned), now)
    # Only a registered address has its marker stamped in the limits' transaction (the repeat's
    # mail goes from there): a newcomer's then writes 4 units on the event's partition key, not
    # 6 (docs/scaling.md). A new and a repeated signup take the same read and two transactions.
    email_norm = store.roster.normalise(cleaned["email"])
    repeat = store.roster.registered(event_id, email_norm, now.timestamp())
    limits.count_signup(client_ip, email_norm, event_id, now, stamp=repeat, event_limit=limits.event_limit(event))
    reg, stored = _take_a_place(event, cleaned, now, rid=rid)
    if stored:
        _log("signup.created", reg)
    else:
        if not repeat:      # registered between the read and the signup transaction (a twin request)
            store.counters.stamp_registered(event_id, email_norm, now)
        log("signup.repeated", status=reg.status)
    return reg


def add_by_organiser(event_id: str, data: dict, *, caller_id: str, now: datetime) -> Registration:
    """An organiser adds a person by hand (someone who signed up by phone): the signup's fields
    and rules (a seat, else the waiting list, else EventFull; the mail goes out as for any
    signup), with consent recorded as given to the organiser (``consent_source`` "organiser").

    Closed registration does not stop it: closing stops the public form, not the organiser, who
    may still let someone in. No rate limit (the caller is known) and no enumeration-safe
    answer: an address already registered is AlreadyRegistered. Audited.
    Raises EventNotFound, ValidationFailed, EventFull, AlreadyRegistered, RegistrationClosed (the
    event is cancelled).
    """
    event = get_event(event_id)
    if event.cancelled_at:
        raise RegistrationClosed(event_id)      # a cancelled event takes nobody
    if not isinstance(data, dict):
        raise ValidationFailed({"body": "invalid"})
    cleaned = clean_signup(event, data, by_organiser=True)
    reg, stored = _take_a_place(event, cleaned, now, by_organiser=True)
    if not stored:
        raise AlreadyRegistered(event_id)
    _log("signup.added", reg)
    store.organisers.put_audit({"token_id": caller_id, "event_id": event_id, "at": store.table.iso(now), "action": "add",
                     "registration_id": reg.id, "status": reg.status}, now)
    return reg


def _take_a_place(event, cleaned, now, *, by_organiser=False, rid=None):
    """``(registration, stored)``: a seat or a waiting-list place in one transaction, tried again
    after a growing random pause while concurrent writers race (``store.writes.backoff``); an
    address already registered gets an unsaved newcomer's registration and False.
    ``by_organiser``: closed registration does not stop it. ``rid``: the id made when the signup
    arrived (ids sort by their time: the waiting list's order). Raises RegistrationClosed,
    EventFull, Conflict (every try met another writer: the answer is 503 with Retry-After)."""
    email_norm = store.roster.normalise(cleaned["email"])
    source = "organiser" if by_organiser else None
    seated, unsuited = _place(event, cleaned, _tries_a_seat)
    rid = rid or store.roster.new_registration_id()     # tries again keep the place in line
    held = None     # the seat pool another seat-taker held at the last try: the next goes to another at once
    for attempt in range(ATTEMPTS):
        if attempt and held is None:
            store.writes.backoff(attempt - 1)
        reg = _new_registration(event, cleaned, seated, now, consent_source=source, rid=rid, avoid_pool=held)
        at_once, held = held is not None, None
        counters = _counters(event, reg)
        try:
            store.seats.insert_registration(reg, email_norm, seated=seated, due=_due(event, reg, now),
                                            now=now.timestamp(), even_closed=by_organiser,
                                            counters=counters, pools=event.pools,
                                            epoch=event.waitlist_epoch, unsuited=unsuited)
            if unsuited is None:    # a seat beside the waiting list leaves the pools' mark as it was
                _remember_pools(event, waiting=not seated)
            choices.after_joining(event.id, reg, now)
            return (reg if seated else _after_joining(reg, email_norm, now, by_organiser)), True
        except store.seats.Rejected as e:
            if e.what == "duplicate":
                return _unsaved(event, cleaned, seated, now), False
            elif e.what == "session":       # a session's seat went meanwhile: look again
                forget_event(event.id)
                event = get_event(event.id)
                cleaned = _fresh_choices(event, cleaned)
            elif e.what == "event":
                forget_event(event.id)
                event = get_event(event.id)
                if (event.cancelled_at or not by_organiser) and not event.accepts_signups(now):
                    raise RegistrationClosed(event.id)
                seated, unsuited = _place(event, cleaned, _seat_for_newcomer)
                if not seated and not event.waitlist_enabled:
                    raise EventFull(event.id)
        except Conflict:    # DynamoDB's TransactionConflict: another writer on the same items
            rid = store.roster.new_registration_id(rid)     # the same arrival, likely another shard
            if seated and event.pools and not counters and not at_once:
                held = reg.pool     # another seat-taker on its pool: the next try on another, without a pause (once)
            elif seated:    # seat-takers collide on the event item: is a seat still free?
                forget_event(event.id)
                event = get_event(event.id)
                seated, unsuited = _place(event, cleaned, _tries_a_seat)
    log("signup.conflict", attempts=ATTEMPTS)
    raise Conflict("too many concurrent changes")


def _remember_pools(event: Event, *, waiting: bool) -> Event:
    """``event`` (and this process's cached copy) with its seat pools as a join (``waiting``) or a
    seat that committed leaves them (store.pools): the next signup here does not mark them (or
    clear them) again. Only after a commit: a join trusts a view's mark (its shard's epoch is what
    it checks), so a mark that may not have been written is never remembered."""
    if not event.pools or (store.pools.marked(event.pools, event.waitlist_epoch) if waiting else
                           all(p.waiting is None for p in event.pools)):
        return event
    epoch = event.waitlist_epoch if waiting else event.waitlist_epoch + 1
    marked = replace(event, pools=tuple(replace(p, waiting=epoch if waiting else None) for p in event.pools),
                     waitlist_epoch=epoch)
    hit = _cache.get(event.id)
    if hit and hit[1] is event:
        _cache[event.id] = (hit[0], marked)
    return marked


def _counters(event: Event, reg: Registration) -> tuple:
    """``(counter id, capacity, seated)`` of the programme's places ``reg`` takes with its event seat."""
    from chalicelib import programme
    return tuple((cid, programme.find(event, cid).capacity, in_seat) for cid, in_seat in programme.counted(reg))


def _fresh_choices(event: Event, cleaned: dict) -> dict:
    """``cleaned`` with its Sessions as ``event`` has them now (their counts read again)."""
    from chalicelib import programme
    return {**cleaned, "sessions": [programme.find(event, s.id) for s in cleaned.get("sessions") or ()]}


def _after_joining(reg: Registration, email_norm: str, now: datetime, by_organiser: bool) -> Registration:
    """A waiting-list join does not write the event item, so it is checked here, after its commit,
    against the event read consistently then: closed or cancelled meanwhile, the join is undone
    (RegistrationClosed); a seat free (the joiner's view was stale, or a seat was freed as it
    joined), the waiting list moves up in order, the joiner perhaps too. A seat is freed for
    nobody only while every waiting-list shard reads empty in that same transaction, so a join
    that committed first makes it look again (``store.seats.release``); one that commits after
    finds the free seat here."""
    event = store.events.get_event(reg.event_id, consistent=True, waiting=False)
    if event is None or event.cancelled_at or not (by_organiser or event.accepts_signups(now)):
        store.seats.withdraw(reg, email_norm)     # False: the event's cancellation took it already
        forget_event(reg.event_id)
        raise RegistrationClosed(reg.event_id)
    if event.spots_left == 0:
        return reg
    fill_free_seats(reg.event_id, now)
    return store.roster.get_registration(reg.event_id, reg.id) or reg


def _log(what, reg):
    log(what, registration_id=reg.id, status=reg.status, email=reg.email, name=reg.name)


def waitlist_position(reg: Registration):
    """1-based place on the waiting list, or None for a registration that is not waiting."""
    return store.roster.waitlist_position(reg) if reg.status == WAITLISTED else None


def _seat_for_newcomer(event: Event) -> bool:
    """A seat is free and nobody is waiting for it (waiting people go first)."""
    return event.seat_for_newcomer


def _place(event: Event, cleaned: dict, seat) -> tuple:
    """``(seated, unsuited)``: whether the newcomer's try is for a seat, and the waiting list as
    read when that seat is one beside it (``_seat_beside_the_waiting``); ``seat(event)`` decides
    a newcomer's seat otherwise (``_tries_a_seat`` or ``_seat_for_newcomer``)."""
    unsuited = _seat_beside_the_waiting(event, cleaned)
    return unsuited is not None or seat(event), unsuited


def _seat_beside_the_waiting(event: Event, cleaned: dict) -> "Optional[store.seats.Waiting]":
    """On a hybrid event whose part the newcomer chose (on site or online) has a free seat while
    everyone waiting waits for the other part: the waiting list as read, for a seat taken while it
    stays so (``store.seats.insert_registration``); else None (a newcomer's seat as always)."""
    from chalicelib import programme
    part = programme.find(event, cleaned.get("attendance")) if event.attendance and cleaned.get("attendance") else None
    if part is None or not part.has_seat or event.seat_for_newcomer or event.spots_left == 0:
        return None
    return None if _next_in_line(event) else _waiting_as_read(event)


def _newcomer_seat(event: Event, now: datetime, cleaned: dict) -> bool:
    """Whether a newcomer would get a seat in ``event`` now (False: a waiting-list place), for an
    answer that stores nothing (a honeypot). Raises RegistrationClosed and EventFull as a
    newcomer's signup would."""
    if not event.accepts_signups(now):
        raise RegistrationClosed(event.id)
    if _seat_for_newcomer(event) or _seat_beside_the_waiting(event, cleaned) is not None:
        return True
    if event.waitlist_enabled:
        return False
    raise EventFull(event.id)


def _tries_a_seat(event: Event) -> bool:
    """Whether a newcomer's first try is for a seat (without a waiting list it is all there is)."""
    return _seat_for_newcomer(event) or not event.waitlist_enabled


def _seated_status(event: Event) -> str:
    """A seat is held unconfirmed (``pending``) on a double opt-in event, else ``confirmed``."""
    return PENDING if event.double_opt_in else CONFIRMED


def _hold_until(status: str, now: datetime):
    return now + timedelta(hours=settings().hold_hours) if status == PENDING else None


def _new_registration(event, cleaned, seated, now, consent_source=None, rid=None, avoid_pool=None) -> Registration:
    """A newcomer's registration; its choice of sessions as ``programme.with_sessions`` makes it
    (raises SessionFull for a full session without a waiting list, or a full attendance).
    ``avoid_pool``: a seat pool to take the seat on only if no other has room (``store.pools.pick``)."""
    from chalicelib import programme
    status = _seated_status(event) if seated else WAITLISTED
    consent = cleaned["consent"] or consent_source is not None
    chosen = programme.with_sessions(cleaned.get("sessions") or (), cleaned.get("session_fields") or {}, seated=seated)
    attendance = cleaned.get("attendance")
    if attendance and seated and not programme.find(event, attendance).has_seat:
        raise SessionFull({"attendance": "attendance_full"})
    return Registration(
        id=rid or store.roster.new_registration_id(), event_id=event.id, status=status, name=cleaned["name"],
        email=cleaned["email"], locale=cleaned["locale"], answers=cleaned["answers"],
        extra={**cleaned.get("extra", {}), **({"shared_at": now} if cleaned.get("share") else {}),
               **({"buddy_at": now} if cleaned.get("buddies") else {}),
               **({"sessions": chosen} if chosen else {}), **({"attendance": attendance} if attendance else {})},
        consent_given_at=now if consent else None,
        consent_version=event.consent_version if consent else None,
        consent_source=consent_source if consent else None,
        created_at=now, updated_at=now,
        hold_until=_hold_until(status, now), expires_at=_expires_at(event),
        pool=store.pools.pick(event.pools, avoid=avoid_pool) if seated else None,
        shard=None if seated else store.events.pick_shard(event.pools))


def _expires_at(event: Event) -> int:
    """The TTL of the event's registrations: its retention period after the event ends."""
    retention = event.retention_days or settings().retention_days
    return int((event.ends_at + timedelta(days=retention)).timestamp())


def _unsaved(event, cleaned, seated, now) -> Registration:
    """What a repeat or a bot that filled the honeypot is shown: a newcomer's answer, not stored."""
    return _new_registration(event, cleaned, seated, now)


def count_attempt(client_ip, now: datetime = None) -> None:
    """Count an attempt that ends before a signup (an unreadable body, say). Raises RateLimited."""
    limits.count_attempt(client_ip, now or datetime.now(timezone.utc))


def _due(event: Event, reg: Registration, now: datetime):
    """The (kind, time) a scheduled job should act on this registration, if any."""
    if reg.status == PENDING:
        return ("expire", store.table.iso(reg.hold_until))
    if reg.status == CONFIRMED:
        remind_at = next_reminder(event, now)
        if remind_at:
            return ("remind", store.table.iso(remind_at))
    return None


def reminder_times(event: Event) -> list:
    """When the event's confirmed attendees get a reminder, earliest first: its
    ``reminder_hours_before`` (none for ``[]``), or the service's ``REMINDER_HOURS``."""
    hours = event.reminder_hours_before if event.reminder_hours_before is not None else (settings().reminder_hours,)
    return sorted(event.starts_at - timedelta(hours=h) for h in hours)


def next_reminder(event: Event, now: datetime):
    """The first reminder time after ``now``, or None."""
    return next((at for at in reminder_times(event) if at > now), None)


# ---------------------------------------------------------------- attendee actions

def confirm(reg: Registration, now: datetime = None, *, event: Event = None) -> Registration:
    """pending -> confirmed. Idempotent; raises RegistrationCancelled for a cancelled
    registration, HoldLapsed (a RegistrationClosed) when the hold ran out, RegistrationClosed
    when there is nothing else to confirm.

    ``event``: the event as the caller just read it (saves a read; only its dates are used)."""
    now = now or datetime.now(timezone.utc)
    if reg.status == CONFIRMED:
        return reg
    if reg.status == CANCELLED:
        raise RegistrationCancelled(reg.id)
    if reg.status == EXPIRED:
        raise HoldLapsed(reg.id)
    if reg.status != PENDING:
        raise RegistrationClosed(reg.id)
    event = event or get_event(reg.event_id)
    if store.seats.confirm(reg, _due(event, replace(reg, status=CONFIRMED), now), now):
        return replace(reg, status=CONFIRMED, updated_at=now, hold_until=None, sequence=reg.sequence + 1)
    return store.roster.get_registration(reg.event_id, reg.id)


def cancel(reg: Registration, now: datetime = None, *, event: Event = None, by: str = "attendee") -> Registration:
    """Cancel and hand the seat to the first person waiting. Idempotent.

    ``event``: the event as the caller just read it, consistently (saves a read; the
    transaction checks the counters at commit time, and a conflict reads both again).
    ``by``: who cancelled (``attendee`` or ``organiser``), stored as ``cancelled_by`` for the mail."""
    return _release(reg, CANCELLED, now=now, event=event, by=by)


def expire(reg: Registration, now: datetime = None) -> Registration:
    """An unconfirmed hold lapsed: free its seat for the waiting list (``cancelled_by`` expiry)."""
    return _release(reg, EXPIRED, now=now, by="expiry")


def erase(reg: Registration, now: datetime = None) -> Registration:
    """Right to erasure: forget the person's data and free the seat; their evaluation answer goes too."""
    erased = _release(reg, ERASED, scrub=True, now=now)
    if erased is not None:
        store.after.delete_evaluation(reg.event_id, reg.id)     # the whole answer (chalicelib.after)
    return erased


def _release(reg, new_status, *, scrub=False, now=None, event=None, by=None):
    now = now or datetime.now(timezone.utc)
    for attempt in range(RELEASE_ATTEMPTS):
        if attempt:
            store.writes.backoff(attempt - 1)
        if reg is None or (reg.status not in ACTIVE and not (scrub and reg.status != ERASED)):
            return reg
        event = event or get_event(reg.event_id)
        within_capacity = event.capacity is None or event.seats_taken <= event.capacity
        seat_passes_on = reg.status in SEATED and within_capacity and not event.cancelled_at
        nxt = _next_in_line(event, reg) if seat_passes_on else None
        # a hybrid event's seat that suits nobody waiting (all wait for the other part) is freed while they wait
        unsuited = seat_passes_on and not nxt and event.attendance and event.waitlist_count > 0
        try:
            to_status, due = _promotion(event, nxt, now) if nxt else (None, None)
            store.seats.release(reg, new_status, promote=nxt, promote_to=to_status, promote_due=due, scrub=scrub, now=now,
                                by=by, pools=event.pools, unsuited=_waiting_as_read(event) if unsuited else None)
            forget_event(event.id)
            if not event.cancelled_at:      # the sessions' waiting lists move up into what was freed
                choices.fill(event.id, choices.session_ids(reg, nxt), now)
            released = replace(reg, status=new_status, updated_at=now, sequence=reg.sequence + 1, cancelled_by=by)
            return replace(released, name="", email="", answers={}, extra={}) if scrub else released
        except Conflict:
            reg, event = store.roster.get_registration(reg.event_id, reg.id), None
    raise Conflict("too many concurrent changes")


def _next_in_line(event: Event, leaving: Optional[Registration] = None):
    """Who moves up into a freed seat: the first on the waiting list; on a hybrid event the first
    whose way of taking part (on site or online) has a place, counting the place ``leaving`` gives
    back, and nobody when none has: each way's people wait for a place of their own way
    (docs/api.md, "Seats")."""
    from chalicelib import programme
    if not event.attendance:
        return store.roster.first_waitlisted(event.id)
    free = {s.id for s in event.attendance if s.has_seat}
    if leaving is not None and leaving.status in SEATED and programme.attendance(leaving):
        free.add(programme.attendance(leaving))
    return next((reg for reg in store.roster.registrations(event.id, statuses=(WAITLISTED,), consistent=True,
                                                           page_size=200)
                 if programme.attendance(reg) is None or programme.attendance(reg) in free), None)


def _waiting_as_read(event: Event) -> "store.seats.Waiting":
    """The waiting list's counts as ``event`` read them."""
    return store.seats.Waiting(event.waitlist_count - sum(event.waitlist_shards), tuple(event.waitlist_shards))


def _promotion(event: Event, reg: Registration, now: datetime):
    """``(status, due)`` of a waitlisted registration that gets a seat now."""
    status = _seated_status(event)
    return status, _due(event, replace(reg, status=status, hold_until=_hold_until(status, now)), now)


def fill_free_seats(event_id: str, now: datetime = None) -> int:
    """Promote waitlisted people while seats are free (after a capacity raise). Returns how many."""
    now = now or datetime.now(timezone.utc)
    promoted = 0
    for _ in range(10_000):
        event = get_event(event_id)
        if event.spots_left == 0 or event.waitlist_count <= 0 or event.cancelled_at:
            break
        nxt = _next_in_line(event)
        if nxt is None:
            break
        try:
            store.seats.promote(nxt, *_promotion(event, nxt, now), now, pools=event.pools)
            choices.fill(event_id, choices.session_ids(nxt), now)
            promoted += 1
        except Conflict:
            store.writes.backoff(0)
            continue
    forget_event(event_id)
    return promoted


def apply_event(definition: dict, now: datetime = None, *, only_new: bool = False, notify: bool = True) -> bool:
    """Store a validated definition and apply what follows from it (organising.save_event is the
    use case that validates and checks the caller; this is its storage step): a raised capacity
    moves waiting people up. True if created.

    ``only_new``: create only; raises ValidationFailed (``id`` taken) when the id exists.
    A change of ``starts_at``, ``ends_at`` or ``location`` raises every registration's invite
    SEQUENCE and, unless ``notify`` is False, stamps it so that the mail worker sends every
    registered person the ``updated`` mail (``_reschedule``)."""
    now = now or datetime.now(timezone.utc)
    if only_new:
        if not store.events.put_event(definition, now, only_new=True):
            raise ValidationFailed({"id": "id_taken"})
        forget_event(definition["id"])
        return True
    before = store.events.get_event(definition["id"], consistent=True)
    _keeps_chosen_sessions(before, definition)
    created = store.events.put_event(definition, now, new=before is None)
    forget_event(definition["id"])
    if not created:
        fill_free_seats(definition["id"], now)
        # a session's raised capacity moves its waiting list up at once, as the event's does
        choices.fill(definition["id"], [s.id for r in get_event(definition["id"]).programme for s in r.sessions], now)
        after = get_event(definition["id"])
        moved = before and moved_fields(before, after)
        if before and (moved or _expires_at(before) != _expires_at(after)):
            _reschedule(after, now, moved=_before_move(before, moved) if moved else None, notify=notify)
    return created


def _keeps_chosen_sessions(before, definition: dict) -> None:
    """A session (or the online attendance) somebody holds a place in, or chose while on the event's
    waiting list, stays in the programme: raises ValidationFailed naming ``programme``
    (``session_in_use``) when a new definition leaves one out."""
    from chalicelib import programme
    if before is None:
        return
    kept = set(programme.counter_ids(definition))
    held = [s.id for r in before.programme for s in r.sessions if s.taken or s.waiting]
    held += [s.id for s in before.attendance if s.taken or s.waiting]
    had = {s.id for r in before.programme for s in r.sessions} | {s.id for s in before.attendance}
    if before.waitlist_count and had - kept:
        # the event's waiting list is on no session's counter: its choices count from when it moves up
        for reg in store.roster.registrations(before.id, statuses=(WAITLISTED,), consistent=True):
            way = programme.attendance(reg)
            held += choices.session_ids(reg) + ([way] if way else [])
    if any(sid not in kept for sid in held):
        raise ValidationFailed({"online" if set(held) - kept <= {"onsite", "online"} else "programme": "session_in_use"})


MOVES = ("starts_at", "ends_at", "location")    # what an attendee's calendar and plans depend on


def moved_fields(before: Event, after: Event) -> tuple:
    """The fields of ``MOVES`` that differ between two versions of an event."""
    return tuple(name for name in MOVES if getattr(before, name) != getattr(after, name))


def _before_move(before: Event, moved: tuple) -> dict:
    """What the update mail shows as "before": the changed fields' old values, as stored."""
    return {name: store.table.iso(getattr(before, name)) if name != "location" else dict(before.location)
            for name in moved}


def _reschedule(event: Event, now: datetime, *, moved: dict = None, notify: bool = True) -> None:
    """The event moved (or its retention changed): move each registration's TTL and reminder,
    in the one write per registration it always took. A move (``moved``: the old values)
    also raises each registration's SEQUENCE in that write and, when ``notify``, stamps
    ``moved_at``/``moved_from``, which the mail worker turns into one ``updated`` mail each."""
    stamp = store.table.iso(now) if moved and notify else None
    for reg in store.roster.registrations(event.id, consistent=True):
        due = _due(event, reg, now) if reg.status == CONFIRMED else None
        store.schedule.reschedule(reg, _expires_at(event), remind_at=due and due[1], reminds=reg.status == CONFIRMED,
                         moved_from=moved, moved_at=stamp)


def people_to_tell(event: Event) -> int:
    """How many people a move would mail: everyone confirmed, pending or waiting."""
    return event.seats_taken + event.waitlist_count


# ---------------------------------------------------------------- attendee links and schedules

def open_registration(token: str):
    """``(event, registration)`` named by an attendee token. Raises InvalidToken for a
    tampered, unknown or erased one (the page answers 404 for all three alike)."""
    from chalicelib import tokens
    event_id, rid = tokens.parse(token)
    reg = store.roster.get_registration(event_id, rid)
    if reg is None or reg.status == ERASED:
        raise InvalidToken("no such registration")
    try:
        return get_event(event_id), reg
    except EventNotFound:
        raise InvalidToken("no such event")


def manage_url(event_id: str, rid: str) -> str:
    """The attendee page of a registration, as linked from every mail."""
    from chalicelib import tokens
    return f"{settings().public_base_url}/registrations/{tokens.sign(event_id, rid)}"


def expire_due(now: datetime = None) -> int:
    """Release every pending hold whose time is up (run on a schedule). Returns how many."""
    now = now or datetime.now(timezone.utc)
    expired = 0
    for event_id, rid in list(store.roster.due("expire", now)):
        reg = store.roster.get_registration(event_id, rid)
        if reg and reg.status == PENDING and reg.hold_until and reg.hold_until <= now:
            expire(reg, now)
            expired += 1
    return expired


def remind_due(now: datetime = None) -> int:
    """Hand each due reminder to the mail worker, once, and set the registration's next one, if
    the event has one (run on a schedule). Returns how many."""
    now = now or datetime.now(timezone.utc)
    requested = 0
    for event_id, rid in list(store.roster.due("remind", now)):
        try:
            later = next_reminder(get_event(event_id, cached=True), now)
        except EventNotFound:
            later = None
        requested += store.schedule.request_reminder(event_id, rid, now, next_at=later and store.table.iso(later))
    return requested


def cancel_by_id(event_id: str, rid: str, now: datetime, *, caller_id: str) -> Registration:
    """An organiser cancels on the attendee's behalf: the cancellation mail goes out (the
    stream sees the status change) and the waiting list moves. Idempotent; audited.
    Raises RegistrationNotFound (also for an erased one)."""
    reg = store.roster.get_registration(event_id, rid)
    if reg is None or reg.status == ERASED:
        raise RegistrationNotFound(rid)
    was = reg.status
    reg = cancel(reg, now, by="organiser")
    if was != reg.status:
        store.organisers.put_audit({"token_id": caller_id, "event_id": event_id, "at": store.table.iso(now),
                         "action": "cancel", "registration_id": rid}, now)
    return reg


CANCEL_MESSAGE_LIMIT = 500     # characters of the organiser's reason in the cancellation mail


def cancel_event(event_id: str, message, now: datetime, *, caller_id: str) -> dict:
    """The organiser cancels the whole event: registration closes for good, and every registered
    person (confirmed, pending, waitlisted) is cancelled with ``cancelled_by`` event, which the mail
    worker turns into one ``event_cancelled`` mail each with a CANCEL invite; nobody moves up from
    the waiting list. ``message``: an optional short reason for the mail.

    Idempotent: a repeat changes nothing, and finishes what a first call left (an interrupted run).
    Audited once. Returns ``{"event_id", "status": "cancelled", "cancelled_at", "people_told"}``
    (``people_told``: cancelled by this call). Raises EventNotFound, ValidationFailed (``message``)."""
    if message is None:
        message = ""
    if not isinstance(message, str):
        raise ValidationFailed({"message": "invalid"})
    message = " ".join(message.split())
    if len(message) > CANCEL_MESSAGE_LIMIT:
        raise ValidationFailed({"message": "too_long"})
    before = get_event(event_id)     # EventNotFound
    store.pools.cancel(event_id, len(before.pools), store.table.iso(now))     # first: no seat is taken after
    if store.events.mark_cancelled(event_id, message, now):
        store.organisers.put_audit({"token_id": caller_id, "event_id": event_id, "at": store.table.iso(now),
                         "action": "cancel_event"}, now)
        log("event.cancelled", event_id=event_id)
    forget_event(event_id)
    event = get_event(event_id)
    active = list(store.roster.registrations(event_id, statuses=ACTIVE, consistent=True))
    # the waiting list first: then every freed seat leaves nobody waiting for it
    active.sort(key=lambda reg: reg.status != WAITLISTED)
    told = sum(_release(reg, CANCELLED, now=now, event=event, by="event").cancelled_by == "event" for reg in active)
    forget_event(event_id)
    return {"event_id": event_id, "status": "cancelled", "cancelled_at": store.table.iso(event.cancelled_at),
            "people_told": told}


def request_resend(reg: Registration, now: datetime, interval_seconds: int = 60) -> bool:
    """An organiser asks for this registration's current mail again; at most once per interval.
    True if the worker will send it."""
    return store.schedule.mark_resend(reg, now, interval_seconds)


def erase_by_id(event_id: str, rid: str, now: datetime = None, *, caller_id: str = None) -> None:
    """Right to erasure for an organiser, recorded in the audit trail with ``caller_id`` (who).
    Raises RegistrationNotFound."""
    reg = store.roster.get_registration(event_id, rid)
    if reg is None:
        raise RegistrationNotFound(rid)
    erase(reg, now)
    if caller_id:
        moment = now or datetime.now(timezone.utc)
        store.organisers.put_audit({"token_id": caller_id, "event_id": event_id, "at": store.table.iso(moment),
                                    "action": "erase", "registration_id": rid}, moment)
