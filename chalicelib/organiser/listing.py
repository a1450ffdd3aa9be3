"""What the organiser's event pages show: the people of an event, searched, filtered and paged;
the attendance list in surname order; the signups chart's geometry.

Reads go through the same store the API uses (the counts come from ``stats``); no HTTP here.
"""
import math
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from chalicelib import store
from chalicelib.models import CONFIRMED, ERASED, SEATED
from chalicelib.schema import attributes

PAGE_SIZE = 50
FILTERS = ("confirmed", "pending", "waitlisted", "cancelled", "expired", "checked_in", "no_show")
# Dutch surname prefixes (tussenvoegsels): "Jan van der Berg" sorts under B.
PREFIXES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "'t", "t", "von", "vd", "v.d.",
            "la", "le", "du", "da", "di", "del", "des", "'s", "aan", "bij", "onder", "over", "uit", "uijt", "voor"}


@dataclass(frozen=True)
class Page:
    items: list
    number: int          # 1-based
    pages: int
    total: int


def people(event_id: str) -> list:
    """Every registration of the event that still has a person (erased ones are left out)."""
    return [reg for reg in store.roster.registrations(event_id, consistent=True) if reg.status != ERASED]


def matches(reg, query: str, status: str = "", session: str = "") -> bool:
    """Search in the searchable attributes (chalicelib.schema.attributes: name, address, every
    answer such as the organisation); ``status`` one of FILTERS; ``session`` a session of the
    programme the person has a seat in or waits for."""
    from chalicelib import programme
    if session and programme.status_in(reg, session) is None:
        return False
    if status == "checked_in" and reg.checked_in_at is None:
        return False
    if status == "no_show" and (reg.status != CONFIRMED or reg.checked_in_at is not None):
        return False
    if status and status not in ("checked_in", "no_show") and reg.status != status:
        return False
    needle = _fold(query)
    if not needle:
        return True
    haystack = " ".join(_words(attributes.value(reg, attribute)) for attribute in attributes.searchable())
    return all(word in _fold(haystack) for word in needle.split())


def _words(value) -> str:
    if isinstance(value, dict):
        return " ".join(_words(v) for v in value.values())
    return "" if value is None else str(value)


def columns() -> list:
    """The people list's attributes, in order (chalicelib.schema.attributes)."""
    return attributes.listed()


def shown(reg, attribute):
    """What the people list shows of ``attribute`` for ``reg`` (the template lays it out)."""
    return attributes.value(reg, attribute)


def _fold(text: str) -> str:
    """Lower case without accents: "Zoë" is found by "zoe"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def page_of(items: list, number: int, size: int = PAGE_SIZE) -> Page:
    pages = max(1, math.ceil(len(items) / size))
    number = min(max(1, number), pages)
    return Page(items[(number - 1) * size:number * size], number, pages, len(items))


def seated(event_id: str, session: str = "") -> list:
    """Who holds a seat (confirmed or pending), in surname order: the door and attendance list;
    with ``session``, only who has a seat in that session of the programme."""
    from chalicelib import programme
    return sorted((reg for reg in people(event_id) if reg.status in SEATED
                   and (not session or programme.status_in(reg, session) == CONFIRMED)), key=lambda r: surname_key(r.name))


def session_of(event, session_id: str):
    """The session of the event's programme with this id, or None (a filter's value checked)."""
    return next((s for r in event.programme for s in r.sessions if s.id == session_id), None) if session_id else None


def rooms(event, people: list, locale: str) -> list:
    """The list per room: ``[(room, [(round, session, [people with a seat, by surname])])]``, rooms in
    the order the programme first names them, an online session under its own heading."""
    from chalicelib import programme
    found = {}
    for r in event.programme:
        for s in r.sessions:
            seated_here = [reg for reg in people if programme.status_in(reg, s.id) == CONFIRMED]
            found.setdefault(programme.where(s, locale), []).append((r, s, seated_here))
    return list(found.items())


def surname_key(name: str) -> tuple:
    """Sort key by surname, Dutch style: prefixes do not count ("de Vries" under V)."""
    words = (name or "").split()
    if not words:
        return ("", "")
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in PREFIXES:
        start -= 1
    surname = [w for w in words[start:] if w.casefold() not in PREFIXES] or words[-1:]
    return (_fold(" ".join(surname)), _fold(name))


def is_over(event, now: datetime) -> bool:
    return now >= event.ends_at


# ---------------------------------------------------------------- the chart

@dataclass(frozen=True)
class Bar:
    date: str
    count: int
    x: float
    y: float
    height: float
    label: bool          # whether the date is written under the bar
    minor: bool = False  # a written date left out on a phone, where half as many fit


def chart(per_day: list, *, width: int = 640, height: int = 200, bottom: int = 28, left: int = 36) -> dict:
    """Bars for ``signups_per_day`` in an SVG of ``width`` x ``height`` user units.

    Returns ``{"bars", "width", "height", "base", "left", "top_count", "ticks"}``: the y axis
    runs from 0 to ``top_count`` (a round number), ``ticks`` are its labelled values.
    """
    top_count = _round_up(max((day["count"] for day in per_day), default=0))
    plot_h, plot_w = height - bottom - 8, width - left - 4
    slot = plot_w / max(len(per_day), 1)
    every = max(1, math.ceil(len(per_day) / 8))          # at most about 8 dates written
    bars = [Bar(day["date"], day["count"], left + i * slot + slot * 0.15,
                8 + plot_h - plot_h * day["count"] / top_count, plot_h * day["count"] / top_count,
                i % every == 0, i % (2 * every) != 0)
            for i, day in enumerate(per_day)]
    ticks = [(value, 8 + plot_h - plot_h * value / top_count) for value in (0, top_count // 2, top_count)]
    return {"bars": bars, "width": width, "height": height, "base": 8 + plot_h, "left": left,
            "bar_width": max(slot * 0.7, 1), "top_count": top_count, "ticks": ticks}


def _round_up(n: int) -> int:
    """A round top for the y axis: 2, 4, 10, 20, 50, 100, ..."""
    for step in (2, 4, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000):
        if n <= step:
            return step
    return n
