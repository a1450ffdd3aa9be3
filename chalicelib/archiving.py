"""The end of an event's life (issue 28 item 8): archive it, bring it back, or delete it with all
its data.

Closing registration is a setting (``registration_open``). Archiving takes the event out of the
organiser's list into "Gearchiveerd"; its data stays until its retention ends, as for any event.
Deleting removes the event and every item under it at once: registrations, their address
markers (the uniqueness items), messages and their queued deliveries, the digest schedule and
export jobs (the export files in the bucket go by its one-day lifecycle rule; their links stop
working now, as the job is gone). The log keeps one line: who deleted which event, with the counts.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib import store
from chalicelib.logs import log

DELETION_LOG_KEPT = timedelta(days=365)     # the event is gone: its deletion line is kept a year


@dataclass(frozen=True)
class Contents:
    """What deleting an event removes, counted: what the confirmation step names."""
    registrations: int
    messages: int
    downloads: int

    def as_dict(self) -> dict:
        return {"registrations": self.registrations, "messages": self.messages, "downloads": self.downloads}


def contents(event_id: str) -> Contents:
    """The event's data, counted (its registrations of every status, erased ones included)."""
    from chalicelib.store.announcements import MESSAGE_PREFIX
    from chalicelib.store.jobs import JOB_PREFIX
    from chalicelib.store.roster import REG_PREFIX
    keys = store.events.item_keys(event_id)
    return Contents(registrations=sum(k.startswith(REG_PREFIX) for k in keys),
                    messages=sum(k.startswith(MESSAGE_PREFIX) for k in keys),
                    downloads=sum(k.startswith(JOB_PREFIX) for k in keys))


def archive(event_id: str, now: datetime, *, caller_id: str) -> dict:
    """Out of the organiser's list; its data kept until its retention ends. Idempotent.
    Raises EventNotFound."""
    return _set_archived(event_id, now, caller_id=caller_id, archived=True)


def restore(event_id: str, now: datetime, *, caller_id: str) -> dict:
    """Back in the organiser's list. Idempotent. Raises EventNotFound."""
    return _set_archived(event_id, now, caller_id=caller_id, archived=False)


def _set_archived(event_id, now, *, caller_id, archived):
    from chalicelib import signups
    from chalicelib.errors import EventNotFound
    event = signups.get_event(event_id)
    if bool(event.archived_at) != archived:
        if not store.events.set_archived(event_id, now if archived else None):
            raise EventNotFound(event_id)
        store.organisers.put_audit({"token_id": caller_id, "event_id": event_id, "at": store.table.iso(now),
                                    "action": "archive" if archived else "restore"}, now, event=event)
    signups.forget_event(event_id)
    event = signups.get_event(event_id)
    return {"event_id": event_id, "archived": bool(event.archived_at),
            "archived_at": store.table.iso(event.archived_at) if event.archived_at else None}


def delete(event_id: str, now: datetime, *, caller_id: str) -> dict:
    """Delete the event with all its data; the log gets a line naming the event and what went
    (it stands under the organisation, as the event is gone). Raises EventNotFound."""
    from chalicelib import signups
    event = signups.get_event(event_id)
    counted = contents(event_id)
    store.events.delete_event(event_id)
    signups.forget_event(event_id)
    record = {"token_id": caller_id, "organisation": event.organisation_id, "at": store.table.iso(now),
              "action": "delete_event", "deleted_event": event_id, "title": event.text("title", event.locales[0]),
              **counted.as_dict(), "expires_at": int((now + DELETION_LOG_KEPT).timestamp())}
    store.organisers.put_audit({k: v for k, v in record.items() if v is not None}, now)
    log("event.deleted", event_id=event_id, **counted.as_dict())
    return {"event_id": event_id, "deleted": counted.as_dict()}
