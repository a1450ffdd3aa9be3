"""Maatjes (issue 30 item 5): after the meeting, people who opted in are grouped with a few others
to keep learning together, and each group gets one introduction.

An event offers it with the setting ``buddies``. A person opts in at signup (``buddies``) or later
on their attendee page (``buddy_at`` on the registration). After the meeting the organiser makes
groups on the Maatjes page: ``similar`` or ``mixed`` on the answers to the questions marked
``match`` (chalicelib.matching), in sizes the organiser picks; moves people between groups; and
sends. Sending stamps ``buddy_sent_at`` on each member, and the mail worker then sends each one
the introduction (mail kind ``buddies``), which names the others of the group: their name, address
and the answers the organiser shares (``shared``). Only people who opted in are grouped, and the
mail is read from the registrations when it is sent, so someone who opted out, cancelled or was
erased is in no mail. Where people were checked in at the door, only they are grouped.
"""
from datetime import datetime
from typing import Optional

from chalicelib import matching, signups, store
from chalicelib.errors import ValidationFailed
from chalicelib.models import ACTIVE, CONFIRMED, Event, Registration

SIZES = {"3-4": (3, 4), "2-3": (2, 3), "4-5": (4, 5), "5-6": (5, 6)}
DEFAULT_SIZE = "3-4"


def opted_in(reg: Registration) -> bool:
    return bool((reg.extra or {}).get("buddy_at"))


def offered(event: Event, reg: Registration) -> bool:
    """Whether the attendee page offers maatjes to this registration."""
    return event.buddies and reg.status in ACTIVE


def join(event: Event, reg: Registration, now: Optional[datetime]) -> Registration:
    """Opt in (``now``) or out (None) from the attendee page. Raises InvalidToken (a 404 page)
    when the event does not offer it or the registration no longer counts."""
    from chalicelib import participants
    return participants.choose(reg, "buddy_at", now, offered(event, reg))


def questions(event: Event) -> list:
    """The questions the groups are made on (``match``)."""
    return [f for f in event.fields if f.match]


def candidates(event: Event) -> list:
    """Who is grouped: confirmed people who opted in; where anyone was checked in, only those."""
    return taking_part(event)[0]


def taking_part(event: Event) -> tuple:
    """``(candidates, door_used)``: whether anyone was checked in decides who is grouped."""
    confirmed = list(store.roster.registrations(event.id, statuses=(CONFIRMED,), consistent=True))
    door_used = any(r.checked_in_at for r in confirmed)
    return [r for r in confirmed if opted_in(r) and (r.checked_in_at or not door_used)], door_used


def _people(regs) -> list:
    return [{"id": r.id, "answers": r.answers or {}} for r in regs]


def make(event: Event, mode: str, size: str, *, by: str, now: datetime) -> dict:
    """Make new groups (refused once the introductions went). Raises ValidationFailed naming
    ``mode``, ``size``, or ``groups`` when they were sent already."""
    errors = {}
    if mode not in matching.MODES:
        errors["mode"] = "invalid"
    if size not in SIZES:
        errors["size"] = "invalid"
    if errors:
        raise ValidationFailed(errors)
    stored = store.buddies.get(event.id)
    if stored and stored.get("sent_at"):
        raise ValidationFailed({"groups": "buddies_sent"})
    smallest, largest = SIZES[size]
    people = _people(candidates(event))
    record = {"groups": matching.groups(people, [q.name for q in questions(event)], mode, smallest, largest),
              "mode": mode, "size": size, "made_by": by, "made_at": store.table.iso(now),
              "expires_at": signups._expires_at(event)}    # as long as the registrations
    store.buddies.put(event.id, record)
    return record


def move(event: Event, rid: str, to: str, *, now: datetime) -> dict:
    """Move one person to group ``to`` (its number from 1, or ``new``); an emptied group goes.
    Raises ValidationFailed naming ``group``, or ``groups`` when they were sent already."""
    stored = store.buddies.get(event.id)
    if not stored:
        raise ValidationFailed({"group": "invalid"})
    if stored.get("sent_at"):
        raise ValidationFailed({"groups": "buddies_sent"})
    groups = [list(g) for g in stored["groups"]]
    if not any(rid in g for g in groups):
        raise ValidationFailed({"group": "invalid"})
    if to == "new":
        target = len(groups)
        groups.append([])
    elif to.isdigit() and 1 <= int(to) <= len(groups):
        target = int(to) - 1
    else:
        raise ValidationFailed({"group": "invalid"})
    for g in groups:
        if rid in g:
            g.remove(rid)
    groups[target].append(rid)
    stored = {**stored, "groups": [g for g in groups if g], "moved_at": store.table.iso(now)}
    store.buddies.put(event.id, stored)
    return stored


def current(event: Event) -> Optional[dict]:
    """The stored grouping for the page: ``groups`` (lists of registrations still in), ``score``,
    ``mode``, ``size``, ``sent_at``; None before any was made."""
    stored = store.buddies.get(event.id)
    if not stored:
        return None
    live = {r.id: r for r in store.roster.registrations(event.id, statuses=(CONFIRMED,), consistent=True)
            if opted_in(r)}
    groups = [[live[rid] for rid in g if rid in live] for g in stored["groups"]]
    names = [q.name for q in questions(event)]
    score = matching.score([[r.id for r in g] for g in groups], _people(live.values()), names, stored["mode"])
    return {**stored, "groups": groups, "score": score}


def send(event: Event, *, by: str, now: datetime) -> int:
    """Send every group its introduction: each member still in gets ``buddy_sent_at`` (the mail
    worker sends the mail). Returns how many people. Raises ValidationFailed naming ``groups`` when
    they were sent before or there is no group of two or more."""
    grouping = current(event)
    if not grouping or not any(len(g) > 1 for g in grouping["groups"]):
        raise ValidationFailed({"groups": "buddies_none"})
    if not store.buddies.mark_sent(event.id, store.table.iso(now)):
        raise ValidationFailed({"groups": "buddies_sent"})
    sent = 0
    for group in grouping["groups"]:
        for reg in group:
            if len(group) > 1 and store.roster.set_stamp(event.id, reg.id, "buddy_sent_at", now, (CONFIRMED,)):
                sent += 1
    store.organisers.put_audit({"token_id": by, "event_id": event.id, "at": store.table.iso(now), "action": "buddies",
                                "groups": sum(1 for g in grouping["groups"] if len(g) > 1), "recipients": sent},
                               now, event=event)
    return sent


def group_of(event: Event, reg: Registration, locale: str) -> list:
    """The others in ``reg``'s group, for its introduction: ``{"name", "email", "details"}``,
    read now (someone who left since is not named)."""
    from chalicelib import participants
    stored = store.buddies.get(event.id) or {"groups": []}
    mine = next((g for g in stored["groups"] if reg.id in g), [])
    others = []
    for rid in mine:
        if rid == reg.id:
            continue
        other = store.roster.get_registration(event.id, rid)
        if other and other.status == CONFIRMED and opted_in(other):
            others.append({"name": other.name, "email": other.email,
                           "details": participants.details(event, other, locale)})
    return others

