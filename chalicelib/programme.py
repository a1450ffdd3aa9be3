"""The meeting's programme (issue 29): rounds (a time slot) of parallel sessions, each with its own
seats and waiting list, and the hybrid event's attendance (on site or online).

Definition (docs/api.md, "Programme"):
``"programme": {"rounds": [{"id", "title", "starts_at", "ends_at", "sessions": [{"id", "title",
"description", "host", "room", "online", "capacity", "waitlist_enabled"}]}]}`` and
``"online": {"capacity", "join_url"}``. Session ids are unique in the whole programme (a JSON
signup names sessions by id alone), round ids too; both may stand in a form field's name
(``session_<round id>``).

Stored on a registration (the shape other modules rely on): ``sessions``, a list of
``{"round": <round id>, "id": <session id>, "status": "confirmed" | "waitlisted"}``, at most one per
round; and ``attendance``, ``"onsite"`` or ``"online"`` (absent on an event that is not hybrid).

The seats of each session, and of each attendance, are counted on a counter item of their own
(chalicelib.store.sessions); a signup takes them in the transaction that takes the event's seat.
Internally the attendance is a counter like a session's: its ``ATTENDANCE`` pseudo-round has the
sessions ``onsite`` (capacity: the event's ``capacity``) and ``online`` (``online.capacity``).
"""
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from chalicelib.forms import MAX_CHOICES as MAX_SESSIONS, has_control_chars
from chalicelib.models import few_left_at, localized
from chalicelib.schema import kinds, settings

ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
MAX_ROUNDS, MAX_TEXT = 10, 200     # and MAX_SESSIONS, the most a signup may choose too (chalicelib.forms)
CONFIRMED, WAITLISTED = "confirmed", "waitlisted"
ONSITE, ONLINE = "onsite", "online"
ATTENDANCES = (ONSITE, ONLINE)
ATTENDANCE = "attendance"       # the pseudo-round of a hybrid event's attendance counters
FIELD_PREFIX = "session_"       # a form's field per round: ``session_<round id>``


@dataclass(frozen=True)
class Session:
    id: str
    round: str                    # its round's id
    title: dict                   # locale -> text
    description: dict
    host: str
    room: str
    online: bool
    capacity: Optional[int]
    waitlist_enabled: bool
    taken: int                    # live: seats held (confirmed or pending registrations)
    waiting: int                  # live: people on its waiting list

    @property
    def spots_left(self) -> Optional[int]:
        return None if self.capacity is None else max(self.capacity - self.taken, 0)

    @property
    def has_seat(self) -> bool:
        """A seat is free and nobody waits for it."""
        return self.spots_left != 0 and self.waiting == 0

    def availability(self) -> str:
        """The band the public sees: ``open``, ``few_left``, ``waitlist`` or ``full``."""
        if not self.has_seat:
            return "waitlist" if self.waitlist_enabled else "full"
        if self.capacity is not None and self.spots_left <= few_left_at(self.capacity):
            return "few_left"
        return "open"

    def text(self, attr: str, locale: str) -> str:
        return localized(getattr(self, attr) or {}, locale)


@dataclass(frozen=True)
class Round:
    id: str
    title: dict
    starts_at: datetime
    ends_at: datetime
    sessions: tuple               # of Session

    @property
    def field(self) -> str:
        return FIELD_PREFIX + self.id

    def text(self, attr: str, locale: str) -> str:
        return localized(getattr(self, attr) or {}, locale)


# ---------------------------------------------------------------- the definition

def validate(body: dict, out: dict, errors: dict) -> None:
    """Clean ``programme`` and ``online`` of an event definition into ``out`` (absent stays absent),
    naming each bad member in ``errors`` by its path (``programme.rounds[0].sessions[1].capacity``)."""
    zone = kinds.zone_of(out)
    if body.get("programme") is not None:
        out["programme"] = _programme(body["programme"], zone, errors)
    if body.get("online") is not None:
        out["online"] = _online(body["online"], errors)


def _programme(value, zone, errors) -> dict:
    if not isinstance(value, dict) or not isinstance(value.get("rounds"), list) or len(value["rounds"]) > MAX_ROUNDS:
        errors["programme"] = "invalid"
        return {"rounds": []}
    rounds, ids = [], set()
    for i, r in enumerate(value["rounds"]):
        path = f"programme.rounds[{i}]"
        if not isinstance(r, dict):
            errors[path] = "invalid"
            continue
        rnd = {"id": _id(r.get("id"), path + ".id", ids, errors),
               "title": kinds.text_of(r.get("title"), path + ".title", errors, required=True)}
        for key in ("starts_at", "ends_at"):
            moment = kinds.moment_of(r.get(key), f"{path}.{key}", zone, errors, required=True)
            rnd[key] = moment.isoformat() if moment else None
        if rnd["starts_at"] and rnd["ends_at"] and rnd["ends_at"] <= rnd["starts_at"]:
            errors[path + ".ends_at"] = "end_before_start"
        sessions = r.get("sessions")
        if not isinstance(sessions, list) or not sessions:
            errors[path + ".sessions"] = "required"
            sessions = []
        rnd["sessions"] = [_session(s, f"{path}.sessions[{j}]", ids, errors) for j, s in enumerate(sessions)]
        rounds.append(rnd)
    if sum(len(r["sessions"]) for r in rounds) > MAX_SESSIONS:
        errors["programme"] = "too_many_sessions"
    return {"rounds": rounds}


def _id(value, path, ids, errors) -> str:
    """A round's or a session's id: unique in the programme (rounds and sessions alike)."""
    if not isinstance(value, str) or not ID.match(value) or value in ATTENDANCES + (ATTENDANCE,):
        errors[path] = "invalid"
        return ""
    if value in ids:
        errors[path] = "duplicate"
    ids.add(value)
    return value


def _plain(value, path, errors) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or len(value) > MAX_TEXT or has_control_chars(value):
        errors[path] = "invalid"
        return ""
    return value.strip()


def _session(s, path, ids, errors) -> dict:
    if not isinstance(s, dict):
        errors[path] = "invalid"
        return {}
    out = {"id": _id(s.get("id"), path + ".id", ids, errors),
           "title": kinds.text_of(s.get("title"), path + ".title", errors, required=True)}
    description = kinds.text_of(s.get("description"), path + ".description", errors)
    if description:
        out["description"] = description
    for key in ("host", "room"):
        text = _plain(s.get(key), f"{path}.{key}", errors)
        if text:
            out[key] = text
    for key in ("online", "waitlist_enabled"):
        flag = s.get(key, False)
        if not isinstance(flag, bool):
            errors[f"{path}.{key}"] = "boolean"
        elif flag:
            out[key] = True
    if not out.get("online") and not out.get("room"):
        errors[path + ".room"] = "required"      # where it is: a room, or online
    capacity = s.get("capacity")
    if capacity is not None and (isinstance(capacity, bool) or not isinstance(capacity, int)
                                 or not 1 <= capacity <= settings.MAX_COUNT):
        errors[path + ".capacity"] = "positive_integer"
    out["capacity"] = capacity if isinstance(capacity, int) and not isinstance(capacity, bool) else None
    return out


def _online(value, errors) -> dict:
    """``{"capacity": n | null, "join_url": "https://..."}``: the link any https address."""
    if not isinstance(value, dict):
        errors["online"] = "invalid"
        return {}
    capacity = value.get("capacity")
    if capacity is not None and (isinstance(capacity, bool) or not isinstance(capacity, int)
                                 or not 1 <= capacity <= settings.MAX_COUNT):
        errors["online.capacity"] = "positive_integer"
        capacity = None
    url = value.get("join_url")
    parts = kinds._split(url) if isinstance(url, str) else None
    if not parts or parts.scheme != "https" or not parts.hostname or len(url) > 2000 or any(c in url for c in " \t\r\n"):
        errors["online.join_url"] = "invalid_url"
        url = ""
    return {"capacity": capacity, "join_url": url.strip() if url else ""}


# ---------------------------------------------------------------- a signup's choice

def choices(reg) -> list:
    """A registration's stored choices: ``[{"round", "id", "status"}]`` (empty when none)."""
    return list((reg.extra or {}).get("sessions") or [])


def attendance(reg) -> Optional[str]:
    return (reg.extra or {}).get("attendance")


def status_in(reg, session_id: str) -> Optional[str]:
    """``confirmed`` (a seat) or ``waitlisted`` in that session, else None (the organiser's filters)."""
    return next((c.get("status") for c in choices(reg) if c.get("id") == session_id), None)


def counted(reg) -> list:
    """``(counter id, seated)`` of every counter ``reg`` holds a place on: its sessions and its
    attendance, while it holds an event seat (confirmed or pending). A registration on the event's
    waiting list holds none: its choices wait with it, and count from when it moves up."""
    from chalicelib.models import SEATED
    if reg.status not in SEATED:
        return []
    held = [(c["id"], c["status"] == CONFIRMED) for c in choices(reg)]
    return held + ([(attendance(reg), True)] if attendance(reg) else [])


def with_sessions(sessions, fields: dict, *, seated: bool) -> list:
    """The stored ``sessions`` of a newcomer who chose ``sessions``: a seat in each session with one
    free (nobody waiting for it), else its waiting list; on the event's waiting list, every choice
    waits (counted nowhere until the person moves up). Raises SessionFull for a full session without
    a waiting list, naming the field it was chosen in (``fields``: session id -> field)."""
    from chalicelib.errors import SessionFull
    out = []
    for s in sessions:
        if not seated:
            status = WAITLISTED
        elif s.has_seat:
            status = CONFIRMED
        elif s.waitlist_enabled:
            status = WAITLISTED
        else:
            raise SessionFull({fields.get(s.id, "sessions"): "session_full"})
        out.append({"round": s.round, "id": s.id, "status": status})
    return out


def field_of(event, session_id: str) -> str:
    """The form field that names this session's round (``session_<round id>``)."""
    s = find(event, session_id)
    return FIELD_PREFIX + s.round if s and s.round != ATTENDANCE else "attendance"


# ---------------------------------------------------------------- what a person reads

def N_(text: str) -> str:
    """Marks a Dutch msgid; it is translated where it is shown."""
    return text


BANDS = {"open": N_("nog plek"), "few_left": N_("bijna vol"),
         "waitlist": N_("vol, je komt op de wachtlijst"), "full": N_("vol")}
CHOICE_STATUS = {CONFIRMED: N_("je hebt een plek"), WAITLISTED: N_("je staat op de wachtlijst")}
ATTENDANCE_TEXT = {ONSITE: N_("Op locatie"), ONLINE: N_("Online")}


def where(session, locale: str) -> str:
    """The room, or "Online"."""
    from chalicelib.translations import gettext
    return gettext(locale)(ATTENDANCE_TEXT[ONLINE]) if session.online else session.room


def rounds_for(event, reg, locale: str) -> list:
    """Per round what a page or mail shows: its title and times, the session ``reg`` chose there
    (None) with its room and status, and every session to choose with its band."""
    from chalicelib import i18n
    from chalicelib.translations import gettext
    _ = gettext(locale)
    mine = {c["round"]: c for c in choices(reg)} if reg is not None else {}
    out = []
    for r in event.programme:
        chosen = mine.get(r.id)
        session = next((s for s in r.sessions if chosen and s.id == chosen["id"]), None)
        out.append({
            "id": r.id, "field": r.field, "title": r.text("title", locale),
            "times": i18n.format_times(r.starts_at, r.ends_at, event.timezone, locale),
            "choice": session and {"id": session.id, "title": session.text("title", locale),
                                   "where": where(session, locale), "host": session.host,
                                   "status": chosen["status"], "status_text": _(CHOICE_STATUS[chosen["status"]])},
            "options": [{"id": s.id, "title": s.text("title", locale), "description": s.text("description", locale),
                         "where": where(s, locale), "host": s.host, "band": s.availability(),
                         "band_text": _(BANDS[s.availability()]), "spots_left": s.spots_left,
                         "closed": s.availability() == "full" and not (session and session.id == s.id)}
                        for s in r.sessions]})
    return out


def mail_lines(event, reg, locale: str) -> list:
    """A line per chosen session for the mails: "14.00 - 14.55 uur: <title>, Zaal 2 (je hebt een
    plek)"; a hybrid event's attendance first."""
    from chalicelib.translations import gettext
    _ = gettext(locale)
    lines = [_("Je doet mee: {how}.", how=_(ATTENDANCE_TEXT[attendance(reg)]))] if attendance(reg) else []
    for r in rounds_for(event, reg, locale):
        if r["choice"]:
            c = r["choice"]
            lines.append(_("{times}: {title}, {where} ({status})", times=r["times"], title=c["title"], where=c["where"],
                           status=c["status_text"]))
    return lines


def attendance_for(event, locale: str) -> list:
    """A hybrid event's two ways to take part, each with its band."""
    from chalicelib.translations import gettext
    _ = gettext(locale)
    return [{"id": s.id, "title": _(ATTENDANCE_TEXT[s.id]), "band": s.availability(),
             "band_text": _(BANDS["full" if s.availability() == "waitlist" else s.availability()])}
            for s in event.attendance]


def join_url(event, reg) -> str:
    """The online meeting's link, for a confirmed online attendee only (never public)."""
    from chalicelib.models import CONFIRMED as SEAT
    if event.online and reg is not None and reg.status == SEAT and attendance(reg) == ONLINE:
        return event.online.get("join_url") or ""
    return ""


# ---------------------------------------------------------------- the model

def rounds_of(definition: dict, counts: dict = None) -> tuple:
    """The Rounds of a stored definition, each session with its live counts (``counts``: session
    id -> (taken, waiting))."""
    from chalicelib.schema.kinds import parse
    from zoneinfo import ZoneInfo
    zone, counts = ZoneInfo(definition["timezone"]), counts or {}
    return tuple(Round(r["id"], r["title"], parse(r["starts_at"], zone), parse(r["ends_at"], zone), tuple(
        Session(s["id"], r["id"], s["title"], s.get("description") or {}, s.get("host", ""), s.get("room", ""),
                s.get("online", False), s.get("capacity"), s.get("waitlist_enabled", False),
                *counts.get(s["id"], (0, 0)))
        for s in r["sessions"])) for r in (definition.get("programme") or {}).get("rounds", ()))


def attendance_of(definition: dict, counts: dict = None) -> tuple:
    """A hybrid event's two attendance counters as Sessions of the ATTENDANCE pseudo-round (empty
    for an event that is not hybrid); their waiting list is the event's own setting."""
    online = definition.get("online")
    if not online:
        return ()
    counts = counts or {}
    waitlist = definition.get("waitlist_enabled", False)
    return tuple(Session(kind, ATTENDANCE, {}, {}, "", "", kind == ONLINE, capacity, waitlist, *counts.get(kind, (0, 0)))
                 for kind, capacity in ((ONSITE, definition.get("capacity")), (ONLINE, online.get("capacity"))))


def total_capacity(definition: dict) -> Optional[int]:
    """The event's seats in all: on a hybrid event its ``capacity`` (on site) plus the online places
    (no limit when either has none)."""
    capacity, online = definition.get("capacity"), definition.get("online")
    if not online or capacity is None:
        return capacity
    return None if online.get("capacity") is None else capacity + online["capacity"]


def counter_ids(definition: dict) -> list:
    """The ids of every counter of the event's programme: each session's, and the attendances'."""
    return [s["id"] for r in (definition.get("programme") or {}).get("rounds", ()) for s in r["sessions"]] + (
        list(ATTENDANCES) if definition.get("online") else [])


def find(event, session_id: str) -> Optional[Session]:
    """The session (or attendance counter) of ``event`` with this id, or None."""
    return next((s for r in event.programme for s in r.sessions if s.id == session_id), None) or next(
        (s for s in event.attendance if s.id == session_id), None)


def public_view(event, locale: str) -> dict:
    """The programme in ``GET /events/{id}``: per session its band (``availability``), and its exact
    ``spots_left`` only where the organiser chose ``public_spots`` exact."""
    rounds = []
    for r in event.programme:
        sessions = []
        for s in r.sessions:
            view = {"id": s.id, "title": s.text("title", locale), "description": s.text("description", locale),
                    "host": s.host, "room": s.room, "online": s.online, "capacity": s.capacity,
                    "waitlist_enabled": s.waitlist_enabled, "availability": s.availability()}
            if event.public_spots == "exact":
                view["spots_left"] = s.spots_left
            sessions.append(view)
        rounds.append({"id": r.id, "title": r.text("title", locale), "starts_at": r.starts_at.isoformat(),
                       "ends_at": r.ends_at.isoformat(), "sessions": sessions})
    return {"rounds": rounds, "changes_close_at": event.changes_close.isoformat()}


def online_view(event) -> dict:
    """The hybrid part of ``GET /events/{id}``: capacities and bands, never the join link."""
    views = {}
    for s in event.attendance:
        view = {"capacity": s.capacity, "availability": s.availability()}
        if event.public_spots == "exact":
            view["spots_left"] = s.spots_left
        views[s.id] = view
    return views
