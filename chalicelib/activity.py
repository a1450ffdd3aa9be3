"""The log of an organisation (issue 28 item 3): who did what, read from the audit trail.

Every download (with its format, columns, filters and rows), erasure, message to attendees,
cancellation on someone's behalf, person added by hand, cancelled event and team change is
recorded where it happens (``store.organisers.put_audit``). A record of an event is kept as long
as the event's data; a team change a year. Only a beheerder reads the log (chalicelib.roles).
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from chalicelib import store

SHOWN = 500     # the newest lines on the page
KEPT_WITHOUT_EVENT = timedelta(days=365)    # a team or settings change belongs to no event: kept a year


@dataclass(frozen=True)
class Entry:
    at: str                     # ISO time
    who: str                    # a member's address, or an API key's id
    action: str                 # export, erase, message, cancel, add, cancel_event, team_invite, team_role, team_remove
    event_id: Optional[str]
    details: dict               # what the action names: format, fields, rows, status, member, role, recipients


def entries(org_id: str, now: datetime) -> list:
    """The organisation's log, newest first: records of its events and of its team."""
    own = {event.id for event in store.events.events_of_organisation(org_id)}
    found = []
    for record in store.organisers.list_audit():
        if record.get("event_id") not in own and record.get("organisation") != org_id:
            continue
        if record.get("expires_at") and record["expires_at"] <= now.timestamp():
            continue    # DynamoDB deletes it within two days of its time; gone already for us
        who = record.get("token_id") or ""
        found.append(Entry(at=record.get("at", ""), who=who.removeprefix("member:"),
                           action=record.get("action", "export"), event_id=record.get("event_id"),
                           details={k: v for k, v in record.items() if k not in (
                               "token_id", "event_id", "at", "action", "expires_at", "organisation")}))
        if len(found) >= SHOWN:
            break
    return found
