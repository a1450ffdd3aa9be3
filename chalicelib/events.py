"""Event definitions: validate organiser JSON, and turn stored definitions into Events.

A *definition* is the validated, normalised JSON an organiser PUTs; it is what
the store keeps. ``from_definition`` adds the live counters to make an Event.
"""
import dataclasses
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib import programme
from chalicelib.errors import ValidationFailed
from chalicelib.forms import has_control_chars
from chalicelib.models import FIELD_TYPES, LOCALES, CustomField, Event, localized
from chalicelib.schema import attributes, kinds, settings

EVENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# The signup form's own inputs and every registration attribute (chalicelib.schema.attributes;
# a custom field would shadow one in an export).
RESERVED_FIELDS = {"consent", "share_details", "buddies", "_redirect", "_gotcha", "_invite"} | attributes.reserved_names()
SHAREABLE = ("text", "select")     # the kinds of question whose answer may stand on the participant list


def valid_event_id(event_id) -> bool:
    return isinstance(event_id, str) and bool(EVENT_ID.match(event_id))


def validate(event_id: str, body) -> dict:
    """Return the normalised definition, or raise ValidationFailed naming each bad field.

    The settings are cleaned as chalicelib.schema.settings declares them, in declared order
    (a later one may read an earlier one: a moment reads ``timezone``); then the content.
    """
    if not isinstance(body, dict):
        raise ValidationFailed({"body": "invalid"})
    errors = {}
    out = {"id": event_id}
    if not valid_event_id(event_id):
        errors["id"] = "invalid"
    for setting in settings.SETTINGS:
        value = kinds.CLEANERS[setting.kind](body, setting, out, errors)
        if value is not kinds.OMITTED:
            out[setting.name] = value
    for key in ("title", "description", "location", "practical_info"):
        out[key] = kinds.text_of(body.get(key), key, errors, required=key == "title")
    zone = kinds.zone_of(out)
    out["starts_at"] = kinds.moment_of(body.get("starts_at"), "starts_at", zone, errors, required=True)
    out["ends_at"] = kinds.moment_of(body.get("ends_at"), "ends_at", zone, errors, required=True)
    if out["starts_at"] and out["ends_at"] and out["ends_at"] <= out["starts_at"]:
        errors["ends_at"] = "end_before_start"
    closes = out.get("evaluation_closes_at")
    if closes and out["starts_at"] and closes <= out["starts_at"]:    # it opens at the start: it would never open
        errors["evaluation_closes_at"] = "closes_before_start"
    out["fields"] = _fields(body.get("fields", []), errors)
    out["organiser"] = _organiser(body.get("organiser", {}), errors)
    out["organisation_id"] = _organisation_id(body.get("organisation_id"), errors)
    programme.validate(body, out, errors)
    if errors:
        raise ValidationFailed(errors)
    for key, value in out.items():
        if isinstance(value, datetime):
            out[key] = value.isoformat()
    return out


def from_definition(d: dict, seats_taken: int = 0, waitlist_count: int = 0, counts: dict = None) -> Event:
    """The Event of a stored definition: its content, and each declared setting the model has.
    ``counts``: the programme's live counters, counter id -> (taken, waiting) (chalicelib.programme);
    a hybrid event's ``capacity`` is its seats in all, on site and online."""
    zone = ZoneInfo(d["timezone"])
    model_fields = {f.name for f in dataclasses.fields(Event)}
    values = {s.name: _model_value(s, d.get(s.name, s.default), zone) for s in settings.SETTINGS
              if s.name in model_fields}
    return Event(
        id=d["id"], title=d["title"], description=d["description"], location=d["location"],
        starts_at=kinds.parse(d["starts_at"], zone), ends_at=kinds.parse(d["ends_at"], zone),
        fields=tuple(CustomField(f["name"], f["type"], f["required"], f["label"], tuple(f.get("options", ())),
                                 f.get("shared", False), f.get("match", False)) for f in d["fields"]),
        organiser=d["organiser"], practical_info=d.get("practical_info", {}),
        organisation_id=d.get("organisation_id"), seats_taken=seats_taken, waitlist_count=waitlist_count,
        **{**values, "capacity": programme.total_capacity(d)}, programme=programme.rounds_of(d, counts),
        attendance=programme.attendance_of(d, counts), online=d.get("online"))


def _model_value(setting, value, zone):
    if setting.kind == "moment":
        return kinds.parse(value, zone)
    return tuple(value) if isinstance(value, list) else value


def merge_patch(target, patch):
    """RFC 7396 JSON merge patch: objects merge key by key, ``null`` removes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def public_view(event: Event, locale: str, now: datetime) -> dict:
    """The JSON of ``GET /events/{id}`` (API.md): ``availability`` always, the exact
    ``spots_left`` only on an event whose organiser chose ``public_spots`` "exact" (an exact
    count tells whether a signup took a seat, so whether an address was registered already)."""
    view = {
        "id": event.id, "title": event.text("title", locale),
        "description": event.text("description", locale),
        "starts_at": event.starts_at.isoformat(), "ends_at": event.ends_at.isoformat(),
        "timezone": event.timezone, "location": event.text("location", locale),
        "capacity": event.capacity, "availability": event.availability(now),
        "waitlist_enabled": event.waitlist_enabled,
        "registration_open": event.accepts_signups(now),
        "registration_closes_at": event.registration_closes_at.isoformat()
        if event.registration_closes_at else None,
        "consent_required": event.consent_required,
        "consent_text": event.text("consent_text", locale) or None,
        "double_opt_in": event.double_opt_in,
        "locales": list(event.locales),
        "fields": [_field_view(f) for f in event.fields],
        "participant_list": event.participant_list, "buddies": event.buddies,
    }
    if event.public_spots == "exact":
        view["spots_left"] = event.spots_left
    if event.allowed_email_domains:     # a closed event says so (API.md, version 3)
        view["allowed_email_domains"] = list(event.allowed_email_domains)
    if event.invitation_only:
        view["invitation_only"] = True
    if event.programme:
        view["programme"] = programme.public_view(event, locale)
    if event.online:    # never the join link
        view["online"] = programme.online_view(event)
    return view


def _field_view(f: CustomField) -> dict:
    view = {"name": f.name, "type": f.type, "required": f.required, "label": dict(f.label)}
    if f.type == "select":
        view["options"] = list(f.options)
    if f.shared:
        view["shared"] = True
    if f.match:
        view["match"] = True
    return view


def _fields(value, errors):
    if not isinstance(value, list) or len(value) > 30:
        errors["fields"] = "invalid"
        return []
    out, names = [], set()
    for i, f in enumerate(value):
        if isinstance(f, dict) and isinstance(f.get("name"), str) and f["name"] in RESERVED_FIELDS:
            errors[f"fields[{i}]"] = "reserved_name"
            continue
        field = _field(f)
        if field is None or field["name"] in names:
            errors[f"fields[{i}]"] = "invalid"
            continue
        taken = _label_taken(field)
        if taken:
            errors[f"fields[{i}].label.{taken}"] = "reserved_name"
            continue
        names.add(field["name"])
        out.append(field)
    return out


def _label_taken(field) -> str:
    """The locale of a label of ``field`` that an export in some language would show as the header
    of a standard column too ("Naam", "Email address"; any case), so that a spreadsheet would have
    two columns of one name; "" when none does. A locale without its own label shows another's."""
    from chalicelib.translations import gettext
    for locale in LOCALES:
        shown = localized(field["label"], locale) or field["name"]
        headers = {gettext(locale)(a.label).strip().casefold() for a in attributes.exported()}
        if shown.strip().casefold() in headers:
            return locale if locale in field["label"] else next(k for k, v in field["label"].items() if v == shown)
    return ""


def _field(f):
    if not isinstance(f, dict):
        return None
    name, ftype = f.get("name"), f.get("type", "text")
    if not isinstance(name, str) or not FIELD_NAME.match(name) or name in RESERVED_FIELDS:
        return None
    if ftype not in FIELD_TYPES or not isinstance(f.get("required", False), bool):
        return None
    if not isinstance(f.get("shared", False), bool) or (f.get("shared") and ftype not in SHAREABLE):
        return None     # only a text or a choice can stand on the participant list
    if not isinstance(f.get("match", False), bool) or (f.get("match") and ftype != "select"):
        return None     # maatjes are grouped on a choice
    label = f.get("label", name)
    label = {"nl": label} if isinstance(label, str) else label
    if not isinstance(label, dict) or not all(k in LOCALES and isinstance(v, str) for k, v in label.items()):
        return None
    field = {"name": name, "type": ftype, "required": f.get("required", False), "label": label}
    if ftype != "select" and "options" in f:
        return None     # options belong to a select only
    if ftype == "select":
        options = f.get("options")
        if (not isinstance(options, list) or not options
                or not all(isinstance(o, str) and o for o in options)):
            return None
        field["options"] = options
    for flag in ("shared", "match"):
        if f.get(flag):
            field[flag] = True
    return field


def _organisation_id(value, errors):
    if value is None:
        return None
    if not valid_event_id(value):
        errors["organisation_id"] = "invalid"
        return None
    return value


def _organiser(value, errors):
    """Name and Reply-To of every mail: the address is checked like an attendee's (a bad one
    would make every mail of the event fail), the name may hold no control characters."""
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        errors["organiser"] = "invalid"
        return {}
    out = {k: value[k].strip() for k in ("name", "email", "url") if k in value}
    if out.get("email"):
        from chalicelib.forms import clean_email
        out["email"] = clean_email(out["email"])
        if out["email"] is None:
            errors["organiser.email"] = "invalid_email"
    if any(v and has_control_chars(v) for v in out.values()):
        errors["organiser"] = "control_chars"
    return out
