"""A registration as an iCalendar file (invite.ics, and GET .../calendar.ics).

METHOD:PUBLISH, not REQUEST: the attendee adds the event to their calendar; no
client should treat it as a meeting request and mail a reply to the organiser.
"""
from datetime import datetime, timezone
from typing import Optional
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from chalicelib.config import settings
from chalicelib.models import localized

PRODID = "-//Aanmelden//Event signup//NL"
STATUS = {"confirmed": "CONFIRMED", "pending": "TENTATIVE", "waitlisted": "TENTATIVE",
          "cancelled": "CANCELLED", "expired": "CANCELLED"}


def invite(event, registration, *, now: Optional[datetime] = None) -> bytes:
    """A VCALENDAR with the event's VTIMEZONE and one VEVENT.

    The UID is derived from the registration id, so every invite for one
    registration (confirmation, reminder, download) updates the same calendar
    entry. It carries no link to the attendee page: calendars are shared and
    delegated, and whoever sees the entry could cancel with it (the mail and
    the page carry the link).
    """
    import icalendar  # deferred: only mails and the .ics download need it

    locale = event.locale_or_default(registration.locale)
    # a stored time may carry a fixed offset; TZID needs the named zone
    zone = ZoneInfo(event.timezone)
    description = localized(event.description, locale)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    stamp = now or datetime.now(timezone.utc)
    vevent = icalendar.Event.new(
        uid=f"{registration.id}@{_domain()}",
        stamp=stamp,
        start=event.starts_at.astimezone(zone),
        end=event.ends_at.astimezone(zone),
        summary=localized(event.title, locale),
        location=localized(event.location, locale) or None,
        description=description or None,
    )
    # One entry per registration that follows it: tentative while waiting or unconfirmed,
    # cancelled when it ends. A higher SEQUENCE tells calendars which copy is newer.
    vevent.add("status", STATUS.get(registration.status, "TENTATIVE"))
    vevent.add("sequence", int((registration.updated_at or stamp).timestamp()))
    cal.add_component(vevent)
    cal.add_missing_timezones()
    return cal.to_ical()


def _domain() -> str:
    return urlsplit(settings().public_base_url).hostname or "localhost"
