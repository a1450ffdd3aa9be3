"""A registration as an iCalendar invite (invite.ics in every mail, and GET .../calendar.ics).

An iTIP message (RFC 5546) from the organiser to one attendee: ``METHOD:REQUEST``
while the registration is active (confirmed, pending, waitlisted), ``METHOD:CANCEL``
once it has ended (cancelled, expired, erased). Google Calendar removes an entry on a
CANCEL only if it came in as a REQUEST; a PUBLISH entry stays for good. Why, with
sources: docs/calendar.md.
"""
import functools
from datetime import datetime, timezone
from typing import Optional
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from chalicelib import programme, translations
from chalicelib.config import settings
from chalicelib.mime import display_name
from chalicelib.models import localized

PRODID = "-//Aanmelden//Event signup//NL"
STATUS = {"confirmed": "CONFIRMED", "pending": "TENTATIVE", "waitlisted": "TENTATIVE",
          "cancelled": "CANCELLED", "expired": "CANCELLED", "erased": "CANCELLED"}
# The attendee's own answer: signed up, still to confirm, waiting, or no longer coming.
PARTSTAT = {"confirmed": "ACCEPTED", "pending": "NEEDS-ACTION", "waitlisted": "TENTATIVE",
            "cancelled": "DECLINED", "expired": "DECLINED", "erased": "DECLINED"}


def method(registration) -> str:
    """``REQUEST`` for an active registration, ``CANCEL`` for one that has ended."""
    return "CANCEL" if STATUS.get(registration.status) == "CANCELLED" else "REQUEST"


def invite(event, registration, *, now: Optional[datetime] = None) -> bytes:
    """A VCALENDAR with the event's VTIMEZONE and one VEVENT.

    The UID is derived from the registration id, so every invite for one
    registration (confirmation, reminder, download) updates the same calendar
    entry; SEQUENCE is the registration's count of status changes, so a later
    change always outranks an earlier one (RFC 5546 2.1.4). It carries no link to
    the attendee page: calendars are shared and delegated, and whoever sees the
    entry could cancel with it (the mail and the page carry the link).
    """
    import icalendar  # deferred: only mails and the .ics download need it

    locale = event.locale_or_default(registration.locale)
    # a stored time may carry a fixed offset; TZID needs the named zone
    zone = ZoneInfo(event.timezone)
    description = localized(event.description, locale)
    chosen = programme.mail_lines(event, registration, locale) if STATUS.get(registration.status) != "CANCELLED" else []
    if chosen:      # the sessions chosen, with times and rooms: one entry for the whole meeting (docs/api.md)
        head = translations.gettext(locale)("Jouw programma")
        description = "\n\n".join(filter(None, [description, head + ":\n" + "\n".join("- " + line for line in chosen)]))
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method(registration))
    vevent = icalendar.Event.new(
        uid=f"{registration.id}@{_domain()}",
        stamp=now or datetime.now(timezone.utc),
        start=event.starts_at.astimezone(zone),
        end=event.ends_at.astimezone(zone),
        summary=localized(event.title, locale),
        location=localized(event.location, locale) or None,
        description=description or None,
        organizer=organizer(event),
        attendees=[_attendee(registration)] if registration.email else None,
        sequence=registration.sequence,
    )
    # One entry per registration that follows it: tentative while waiting or unconfirmed,
    # cancelled when it ends.
    vevent.add("status", STATUS.get(registration.status, "TENTATIVE"))
    cal.add_component(vevent)
    # the VTIMEZONE goes first, before the VEVENT that names it (as add_missing_timezones does)
    return cal.to_ical().replace(b"BEGIN:VEVENT\r\n", vtimezone(event.timezone) + b"BEGIN:VEVENT\r\n", 1)


@functools.lru_cache(maxsize=16)
def vtimezone(tzid: str) -> bytes:
    """The VTIMEZONE of an IANA zone (its rules 1970-2038) as iCalendar lines, made once per
    process: building and writing it from the zone's transitions was most of a mail's cost."""
    import icalendar
    return icalendar.Timezone.from_tzid(tzid).to_ical()


def organizer(event):
    """The event's organiser, or the service's sender address when the event names none."""
    import icalendar

    name = display_name(event.organiser.get("name", ""))
    email = event.organiser.get("email") or settings().sender_email
    return icalendar.vCalAddress.new(email, cn=name or None)


def _attendee(registration):
    import icalendar

    # RSVP=FALSE: the service reads no iTIP replies, so clients should not offer to send one
    return icalendar.vCalAddress.new(registration.email, cn=display_name(registration.name) or None,
                                     role="REQ-PARTICIPANT", partstat=PARTSTAT.get(registration.status),
                                     rsvp=False)


def _domain() -> str:
    return urlsplit(settings().public_base_url).hostname or "localhost"
