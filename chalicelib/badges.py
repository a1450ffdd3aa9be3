"""Name badges: a printable A4 sheet of 8 (2 x 4 of 105 x 74 mm) or 10 (2 x 5 of 105 x 57 mm)
badges, each with the name, the organisation, the sessions the person has a seat in and the QR
code of their check-in link (chalicelib.checkin), for everyone confirmed or a selection.

What is printed is decided here; the page (templates/organiser/dashboard/badges.html.j2) and the
print rules in site.css only lay it out.
"""
from dataclasses import dataclass

from chalicelib.models import CONFIRMED, Event

PER_SHEET = (8, 10)        # badges on one A4 sheet, as the organiser chooses
ORGANISATION = "organisation"   # the question whose answer is printed under the name


@dataclass(frozen=True)
class Badge:
    registration_id: str
    name: str
    organisation: str
    sessions: tuple            # of (session title, room or "Online"), in programme order
    checkin_url: str


def per_sheet(value) -> int:
    """The organiser's choice, or the first (8) for anything else."""
    return int(value) if str(value) in {str(n) for n in PER_SHEET} else PER_SHEET[0]


def chosen(people: list, *, ids=(), session: str = "") -> list:
    """Who gets a badge: the confirmed people (in the order given), only ``ids`` when a selection
    is given, only those with a seat in ``session`` when one is named. Cancelled, expired,
    waiting and unconfirmed people never."""
    from chalicelib import programme
    wanted = set(ids)
    return [reg for reg in people if reg.status == CONFIRMED and (not wanted or reg.id in wanted)
            and (not session or programme.status_in(reg, session) == CONFIRMED)]


def badge(event: Event, reg, locale: str) -> Badge:
    from chalicelib import checkin, programme
    seats = {choice.get("id") for choice in (reg.extra or {}).get("sessions") or [] if choice.get("status") == CONFIRMED}
    sessions = tuple((s.text("title", locale), programme.where(s, locale)) for r in event.programme for s in r.sessions
                     if s.id in seats)
    return Badge(reg.id, reg.name, str((reg.answers or {}).get(ORGANISATION) or ""), sessions,
                 checkin.checkin_url(event.id, reg.id))


def sheets(badges: list, size: int) -> list:
    """The badges cut into sheets of ``size``."""
    return [badges[start:start + size] for start in range(0, len(badges), size)]
