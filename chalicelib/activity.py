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


def N_(text: str) -> str:
    """Marks a Dutch msgid for the catalog; translated where it is shown."""
    return text


# what each action is called on the log page and in its download (Dutch msgids)
ACTIONS = {
    "export": N_("Gedownload"), "erase": N_("Gegevens gewist"), "message": N_("Bericht gestuurd"),
    "cancel": N_("Afgemeld namens een deelnemer"), "add": N_("Iemand aangemeld"),
    "cancel_event": N_("Bijeenkomst afgezegd"), "archive": N_("Bijeenkomst gearchiveerd"),
    "restore": N_("Bijeenkomst teruggezet"), "delete_event": N_("Bijeenkomst verwijderd"),
    "team_invite": N_("Collega uitgenodigd"), "team_role": N_("Rol gewijzigd"),
    "team_remove": N_("Uit het team gehaald"), "team_events": N_("Bijeenkomsten voor de deur gekozen"),
    "settings": N_("Instellingen gewijzigd"), "buddies": N_("Maatjes voorgesteld"),
    "answers_changed": N_("Deelnemer wijzigde eigen gegevens"),
    "evaluation_download": N_("Evaluatie gedownload"),
}


@dataclass(frozen=True)
class Line:
    """A log entry as a person reads it, on the page and in the download."""
    at: datetime
    who: str
    what: str
    event: str
    details: str
    action: str


def lines(org_id: str, now: datetime, locale: str) -> list:
    """The organisation's log (``entries``) in words of ``locale``, newest first."""
    titles = {event.id: event.text("title", locale) for event in store.events.events_of_organisation(org_id)}
    return [line_of(entry, titles, locale) for entry in entries(org_id, now)]


def line_of(entry: Entry, titles: dict, locale: str) -> Line:
    from chalicelib import roles, translations
    _, n_ = translations.gettext(locale), translations.ngettext(locale)
    d, action = entry.details, entry.action
    if entry.event_id:
        event = titles.get(entry.event_id, entry.event_id)
    else:
        event = d.get("title") or d.get("deleted_event") or ""
    if action == "export":
        parts = [f"{(d.get('format') or '').upper()}, " + n_("{n} regel", "{n} regels", d.get("rows") or 0) + ".",
                 _("Kolommen: {columns}.", columns=", ".join(d["fields"])) if d.get("fields") else _("Alle kolommen.")]
        if d.get("status"):
            parts.append(_("Alleen: {statuses}.", statuses=", ".join(d["status"])))
        details = " ".join(parts)
    elif action == "message":
        details = n_("Naar {n} deelnemer.", "Naar {n} deelnemers.", d.get("recipients") or 0)
        if d.get("session"):        # only who had a seat in it
            details += " " + _("Sessie: {session}.", session=d["session"])
    elif action in ("team_invite", "team_role"):
        details = f"{d.get('member')}: " + (_(roles.LABELS[d["role"]]) if d.get("role") in roles.LABELS else "")
    elif action == "team_remove":
        details = d.get("member") or ""
    elif action == "team_events":
        chosen = n_("{n} bijeenkomst", "{n} bijeenkomsten", len(d["events"])) if d.get("events") else _("alle bijeenkomsten")
        details = f"{d.get('member')}: {chosen}"
    elif action == "settings":
        details = ", ".join(d.get("changed") or [])
    elif action == "evaluation_download":
        details = n_("{n} antwoord", "{n} antwoorden", d.get("rows") or 0)
    elif action == "buddies":
        details = n_("{n} groepje", "{n} groepjes", d.get("groups") or 0)
    elif action == "answers_changed":       # which fields, never their values (those stay with the registration)
        details = _("Aanmelding {id}", id=d.get("registration_id", "")) + ": " + ", ".join(d.get("fields") or [])
    elif action == "delete_event":
        details = n_("{n} aanmelding verwijderd.", "{n} aanmeldingen verwijderd.", d.get("registrations") or 0)
    elif d.get("registration_id"):
        details = _("Aanmelding {id}", id=d["registration_id"])
    else:
        details = ""
    at = datetime.fromisoformat(entry.at) if entry.at else None
    who = _("Deelnemer") if entry.who == "attendee" else entry.who
    return Line(at=at, who=who, what=_(ACTIONS[action]) if action in ACTIONS else action, event=event,
                details=details, action=action)


def download(org_id: str, now: datetime, locale: str, fmt: str) -> bytes:
    """The log as an Excel workbook (``xlsx``) or a CSV file (``csv``, semicolons for Dutch Excel
    when ``locale`` is nl), through the export's writers: typed cells, no formulas, every cell
    neutralised. Raises ValueError for another format."""
    from chalicelib import exports, translations
    _ = translations.gettext(locale)
    cols = [exports.Column("at", _("Wanneer"), "datetime", lambda line: line.at),
            exports.Column("who", _("Wie"), "text", lambda line: line.who, width=28),
            exports.Column("what", _("Wat"), "text", lambda line: line.what, width=28),
            exports.Column("event", _("Bijeenkomst"), "text", lambda line: line.event, width=36),
            exports.Column("details", _("Details"), "text", lambda line: line.details, width=48)]
    rows = lines(org_id, now, locale)
    zone = "Europe/Amsterdam"
    if fmt == "xlsx":
        return exports.table_xlsx(cols, rows, zone=zone, lang=locale, sheet=_("Logboek"))
    if fmt == "csv":
        return exports.table_csv(cols, rows, zone=zone, delimiter=";" if locale == "nl" else ",")
    raise ValueError(fmt)
