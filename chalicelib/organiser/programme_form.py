"""The programme editor's form: an event's rounds and sessions, and its online attendance, as flat
form values, and posted values back to the ``programme`` and ``online`` of a definition patch.

No HTTP and no storage, as chalicelib.organiser.event_form for the event itself: ``values_of``
fills the form, ``read`` reads a post into the same shape, ``act`` adds or removes a round or a
session (buttons that work without JavaScript), ``patch_of`` makes the merge patch that
``organising.patch_event`` validates with the one definition model (chalicelib.programme).
Input names: ``r0_title_nl``, ``r0_date``, ``r0_start_time``, ``r0_end_time`` for a round;
``r0s1_title_nl``, ``r0s1_room``, ``r0s1_capacity`` ... for its sessions; ``online``,
``online_capacity``, ``online_join_url`` for the hybrid part. A new round's or session's id is
made from its title once, and kept after (the form fields ``session_<round id>`` and stored
choices depend on it).
"""
import re
import unicodedata

from chalicelib.models import LOCALES
from chalicelib.schema.inputs import date_and_time, moment, valid_date, valid_time

MAX_ROUNDS = 10
ROUND_TEXTS = ("title",)
SESSION_TEXTS = ("title", "description")
SESSION_PLAIN = ("host", "room", "capacity")
SESSION_BOXES = ("online", "waitlist_enabled")
ROUND_PLAIN = ("id", "date", "start_time", "end_time")


def _texts(prefix: str, keys) -> list:
    return [f"{prefix}_{key}_{loc}" for key in keys for loc in LOCALES]


def values_of(definition: dict) -> dict:
    """The form values that show the ``programme`` and ``online`` of ``definition``."""
    rounds = []
    for r in (definition.get("programme") or {}).get("rounds", ()):
        start, end = date_and_time(r["starts_at"], "start"), date_and_time(r["ends_at"], "end")
        rounds.append({"id": r["id"], "date": start["start_date"], "start_time": start["start_time"],
                       "end_time": end["end_time"],
                       **{f"title_{loc}": r["title"].get(loc, "") for loc in LOCALES},
                       "sessions": [_session_values(s) for s in r["sessions"]]})
    online = definition.get("online") or {}
    return {"rounds": rounds, "online": bool(online),
            "online_capacity": "" if online.get("capacity") is None else str(online["capacity"]),
            "online_join_url": online.get("join_url", ""), "day": date_and_time(definition["starts_at"], "s")["s_date"]}


def _session_values(s: dict) -> dict:
    values = {"id": s["id"], "host": s.get("host", ""), "room": s.get("room", ""),
              "capacity": "" if s.get("capacity") is None else str(s["capacity"]),
              "online": s.get("online", False), "waitlist_enabled": s.get("waitlist_enabled", False)}
    for key in SESSION_TEXTS:
        values.update({f"{key}_{loc}": (s.get(key) or {}).get(loc, "") for loc in LOCALES})
    return values


def read(posted: dict, day: str) -> dict:
    """Form values from a post (a flat dict of strings); unticked boxes are absent, so False.
    ``day``: the event's start date, the default of a round's date."""
    text = {k: str(v).replace("\r\n", "\n").replace("\r", "\n") for k, v in posted.items()}
    rounds = []
    for i in range(_count(text.get("rounds"), MAX_ROUNDS)):
        p = f"r{i}"
        rnd = {key: text.get(f"{p}_{key}", "").strip() for key in ROUND_PLAIN}
        rnd.update({name[len(p) + 1:]: text.get(name, "") for name in _texts(p, ROUND_TEXTS)})
        sessions = []
        for j in range(_count(text.get(f"{p}_sessions"), _max_sessions())):
            q = f"{p}s{j}"
            session = {key: text.get(f"{q}_{key}", "").strip() for key in ("id",) + SESSION_PLAIN}
            session.update({name[len(q) + 1:]: text.get(name, "") for name in _texts(q, SESSION_TEXTS)})
            session.update({key: f"{q}_{key}" in text for key in SESSION_BOXES})
            sessions.append(session)
        rnd["sessions"] = sessions
        rounds.append(rnd)
    return {"rounds": rounds, "online": "online" in text, "online_capacity": text.get("online_capacity", "").strip(),
            "online_join_url": text.get("online_join_url", "").strip(), "day": day}


def _count(text, most: int) -> int:
    return min(int(text), most) if isinstance(text, str) and text.isdigit() else 0


def _max_sessions() -> int:
    from chalicelib.programme import MAX_SESSIONS
    return MAX_SESSIONS


def _blank_session() -> dict:
    return {"id": "", "host": "", "room": "", "capacity": "", "online": False, "waitlist_enabled": True,
            **{f"{key}_{loc}": "" for key in SESSION_TEXTS for loc in LOCALES}}


def act(values: dict, action: str) -> dict:
    """Apply a button: ``add_round``, ``remove_round:1``, ``add_session:1``, ``remove_session:1:2``."""
    rounds = [dict(r, sessions=list(r["sessions"])) for r in values["rounds"]]
    verb, at = _parsed(action)
    if verb == "add_round" and len(rounds) < MAX_ROUNDS:
        last = rounds[-1] if rounds else None
        rounds.append({"id": "", "date": last["date"] if last else values["day"],
                       "start_time": last["end_time"] if last else "", "end_time": "",
                       **{f"title_{loc}": "" for loc in LOCALES}, "sessions": [_blank_session()]})
    elif verb == "remove_round" and len(at) == 1 and at[0] < len(rounds):
        rounds.pop(at[0])
    elif verb == "add_session" and len(at) == 1 and at[0] < len(rounds):
        rounds[at[0]]["sessions"].append(_blank_session())
    elif verb == "remove_session" and len(at) == 2 and at[0] < len(rounds) and at[1] < len(rounds[at[0]]["sessions"]):
        rounds[at[0]]["sessions"].pop(at[1])
    return {**values, "rounds": rounds}


def _parsed(action: str) -> tuple:
    """``(verb, indices)`` of a button's value: ``remove_session:1:2`` -> ``("remove_session", (1, 2))``;
    no indices when a part is no number (a hand-made post)."""
    verb, *where = action.split(":")
    return verb, tuple(int(n) for n in where) if all(n.isdigit() for n in where) else ()


def focus_after(action: str, values: dict) -> str:
    """The input a button leaves the focus on (the page reloads without JavaScript): ``values``
    as ``act`` left them."""
    verb, at = _parsed(action)
    rounds = values["rounds"]
    if verb == "add_round":
        return f"r{len(rounds) - 1}_title_nl"
    if verb == "add_session" and len(at) == 1 and at[0] < len(rounds):
        return f"r{at[0]}s{len(rounds[at[0]]['sessions']) - 1}_title_nl"
    return "programme"


def patch_of(values: dict):
    """``(patch, errors)``: the merge patch of ``programme`` and ``online`` the form describes (null
    removes either), and the form's own messages by input name."""
    errors, taken = {}, {s["id"] for r in values["rounds"] for s in r["sessions"] if s["id"]}
    taken |= {r["id"] for r in values["rounds"] if r["id"]}
    rounds = []
    for i, r in enumerate(values["rounds"]):
        p = f"r{i}"
        title = _texts_of(r, "title")
        moments = {}
        for key, prefix in (("starts_at", "start"), ("ends_at", "end")):
            parts = {f"{p}_{prefix}_date": r["date"], f"{p}_{prefix}_time": r[f"{prefix}_time"]}
            moments[key] = moment(parts, f"{p}_{prefix}", errors)
        if f"{p}_start_date" in errors or f"{p}_end_date" in errors:     # one date input for both
            errors.pop(f"{p}_start_date", None), errors.pop(f"{p}_end_date", None)
            errors[f"{p}_date"] = "invalid_date"
        rid = r["id"] or _new_id(title, taken, "ronde")
        sessions = []
        for j, s in enumerate(r["sessions"]):
            q = f"{p}s{j}"
            session = {"id": s["id"] or _new_id(_texts_of(s, "title"), taken, "sessie"), "title": _texts_of(s, "title")}
            description = _texts_of(s, "description")
            if description:
                session["description"] = description
            for key in ("host", "room"):
                if s[key]:
                    session[key] = s[key]
            session.update({key: True for key in SESSION_BOXES if s[key]})
            session["capacity"] = None
            if s["capacity"]:
                if s["capacity"].isdigit():
                    session["capacity"] = int(s["capacity"])
                else:
                    errors[f"{q}_capacity"] = "positive_integer"
            sessions.append(session)
        rounds.append({"id": rid, "title": title, "starts_at": moments["starts_at"], "ends_at": moments["ends_at"],
                       "sessions": sessions})
    online = None
    if values["online"]:
        online = {"join_url": values["online_join_url"], "capacity": None}
        if values["online_capacity"]:
            if values["online_capacity"].isdigit():
                online["capacity"] = int(values["online_capacity"])
            else:
                errors["online_capacity"] = "positive_integer"
    return {"programme": {"rounds": rounds} if rounds else None, "online": online}, errors


def _texts_of(values: dict, key: str) -> dict:
    return {loc: values[f"{key}_{loc}"].strip() for loc in LOCALES if values[f"{key}_{loc}"].strip()}


def _new_id(title: dict, taken: set, fallback: str) -> str:
    """An id for a new round or session from its title: ``Circulair inkopen`` -> ``circulair-inkopen``."""
    text = unicodedata.normalize("NFKD", title.get("nl") or title.get("en") or "").encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:32].rstrip("-") or fallback
    if base in ("onsite", "online", "attendance"):
        base = f"{fallback}-{base}"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


ROUND_ERRORS = {"title": "title_nl", "title.nl": "title_nl", "title.en": "title_en", "starts_at": "start_time",
                "ends_at": "end_time", "sessions": "sessions", "id": "title_nl"}
SESSION_ERRORS = {"title": "title_nl", "title.nl": "title_nl", "title.en": "title_en", "description": "description_nl",
                  "description.nl": "description_nl", "description.en": "description_en", "id": "title_nl"}
PATH = re.compile(r"programme\.rounds\[(\d+)\](?:\.sessions\[(\d+)\])?(?:\.(.+))?")


def merged_errors(model: dict, form: dict) -> dict:
    """The page's messages: the form's own (``patch_of``), and the definition model's (``fields``
    of its ValidationFailed) beside their inputs, but beside the times of a round whose date the form
    already named: its start and end are then empty in the definition, which asks for them ("required")
    though the times were given; the date is what made the moment."""
    dated = {key.removesuffix("_date") for key in form if key.endswith("_date")}
    return {**{key: message for key, message in input_errors(model).items()
               if not (key.endswith(("_start_time", "_end_time")) and key.partition("_")[0] in dated)}, **form}


def input_errors(fields: dict) -> dict:
    """The definition model's error keys (``programme.rounds[0].sessions[1].capacity``) as the
    inputs they belong to (``r0s1_capacity``)."""
    out = {}
    for key, message in fields.items():
        match = PATH.fullmatch(key)
        if match:
            i, j, rest = match.groups()
            if j is None:
                key = f"r{i}_" + ROUND_ERRORS.get(rest or "title", rest or "title_nl")
            else:
                key = f"r{i}s{j}_" + SESSION_ERRORS.get(rest or "title", rest or "title_nl")
        elif key.startswith("online."):
            key = "online_" + key.removeprefix("online.")
        out[key] = message
    return out


def order_of(values: dict) -> list:
    """Every input's name in the order it stands on the page (for the summary of messages)."""
    names = ["programme"]
    for i, r in enumerate(values["rounds"]):
        names += [f"r{i}_title_nl", f"r{i}_title_en", f"r{i}_date", f"r{i}_start_time", f"r{i}_end_time", f"r{i}_sessions"]
        for j, _ in enumerate(r["sessions"]):
            names += [f"r{i}s{j}_{key}" for key in ("title_nl", "title_en", "description_nl", "description_en", "host",
                                                    "room", "online", "capacity", "waitlist_enabled")]
    return names + ["online", "online_capacity", "online_join_url"]


def in_page_order(errors: dict, values: dict) -> dict:
    order = order_of(values)
    return dict(sorted(errors.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)))


def valid_moment_inputs(values: dict) -> dict:
    """``values`` for the page's inputs: a date or time that is none is shown empty, as a browser does."""
    rounds = []
    for r in values["rounds"]:
        r = dict(r)
        if r["date"] and not valid_date(r["date"]):
            r["date"] = ""
        for key in ("start_time", "end_time"):
            if r[key] and not valid_time(r[key]):
                r[key] = ""
        rounds.append(r)
    return {**values, "rounds": rounds}


def flat(values: dict) -> dict:
    """Every input's value by its name (``r0s1_room``), as the page's inputs take them."""
    out = {key: values[key] for key in ("online", "online_capacity", "online_join_url")}
    for i, r in enumerate(values["rounds"]):
        out.update({f"r{i}_{key}": value for key, value in r.items() if key != "sessions"})
        for j, s in enumerate(r["sessions"]):
            out.update({f"r{i}s{j}_{key}": value for key, value in s.items()})
    return out
