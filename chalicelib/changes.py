"""People change their own answers: their name and the event's questions, on their attendee page,
until the organiser's deadline (the event setting ``changes_close_at``). The address stays: it is
who the registration is (a new address is a new signup).

Each change is kept with the registration as ``changes`` (``{at, by, field, old, new}``, the
attribute of that name in chalicelib.schema.attributes): personal data, so erasure removes it and
it goes with the registration at the end of its retention. The organiser's log names only which
fields changed, never the values.
"""
from datetime import datetime

from chalicelib import forms, store
from chalicelib.errors import DomainError
from chalicelib.models import ACTIVE, Event, Registration

NAME = "name"       # the one field of the registration itself; the others are the event's questions
BY_ATTENDEE = "attendee"     # who made a change: the history's ``by`` and the log's ``who``


class AnswersClosed(DomainError):
    """The organiser's deadline for changes has passed, or the event was cancelled."""
    code = "answers_closed"


class NotChangeable(DomainError):
    """A cancelled or expired registration keeps its answers as they were."""
    code = "not_changeable"


def closes_at(event: Event) -> datetime:
    """Until when answers may change: the same deadline as the session choices (``Event.changes_close``)."""
    return event.changes_close


def is_open(event: Event, reg: Registration, now: datetime) -> bool:
    return reg.status in ACTIVE and event.changes_open(now)


def check_open(event: Event, reg: Registration, now: datetime) -> None:
    """Raises NotChangeable (cancelled, expired) or AnswersClosed (deadline passed, event cancelled)."""
    if reg.status not in ACTIVE:
        raise NotChangeable(reg.id)
    if not event.changes_open(now):
        raise AnswersClosed(reg.id)


def current(event: Event, reg: Registration) -> dict:
    """The form's values as stored: the name and every answer (a checkbox as ``"on"`` or absent)."""
    values = {NAME: reg.name}
    for f in event.fields:
        answer = (reg.answers or {}).get(f.name)
        if f.type == "checkbox":
            if answer:
                values[f.name] = "on"
        elif answer is not None:
            values[f.name] = answer
    return values


def change(event: Event, reg: Registration, data: dict, now: datetime, *, partial: bool = False) -> Registration:
    """Store the new name and answers (the signup's own rules, chalicelib.forms) with a line in the
    history per changed field; nothing changed, nothing written. The registration as it is now.
    ``partial``: ``data`` names only what changes (the API); a form sends every field.

    Raises ValidationFailed, NotChangeable, AnswersClosed.
    """
    check_open(event, reg, now)
    cleaned = forms.clean_answers(event, {**current(event, reg), **data} if partial else data)
    before = {NAME: reg.name, **(reg.answers or {})}
    after = {NAME: cleaned["name"], **cleaned["answers"]}
    at = store.table.iso(now)
    entries = [{"at": at, "by": BY_ATTENDEE, "field": name, "old": before.get(name), "new": after.get(name)}
               for name in [NAME] + [f.name for f in event.fields] if _differs(before.get(name), after.get(name))]
    if not entries:
        return reg
    changed = store.roster.change_answers(event.id, reg.id, cleaned["name"], cleaned["answers"], entries, now, ACTIVE)
    if changed is None:       # cancelled between the read and the write
        raise NotChangeable(reg.id)
    store.organisers.put_audit({"token_id": BY_ATTENDEE, "event_id": event.id, "at": at, "action": "answers_changed",
                                "registration_id": reg.id, "fields": [e["field"] for e in entries]}, now, event)
    return changed


def _differs(old, new) -> bool:
    """An unanswered question and an empty or unticked answer are the same."""
    return (old or None) != (new or None)


def history(reg: Registration) -> list:
    """The changes, newest first."""
    return sorted((reg.extra or {}).get("changes") or [], key=lambda entry: entry.get("at", ""), reverse=True)


def field_label(event: Event, name: str, locale: str) -> str:
    """How a page names a changed field: "Naam", or the question's label."""
    from chalicelib import translations
    if name == NAME:
        return translations.gettext(locale)("Naam")
    return next((f.label_in(locale) for f in event.fields if f.name == name), name)
