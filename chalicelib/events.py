"""Event definitions: validate organiser JSON, and turn stored definitions into Events.

A *definition* is the validated, normalised JSON an organiser PUTs; it is what
the store keeps. ``from_definition`` adds the live counters to make an Event.
"""
import functools
import hashlib
import json
import re
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, available_timezones

from chalicelib.errors import ValidationFailed
from chalicelib.forms import has_control_chars
from chalicelib.models import FIELD_TYPES, LOCALES, CustomField, Event
from chalicelib.schema import attributes

EVENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# The signup form's own inputs and every registration attribute (chalicelib.schema.attributes;
# a custom field would shadow one in an export).
RESERVED_FIELDS = {"consent", "_redirect", "_gotcha"} | attributes.reserved_names()


def valid_event_id(event_id) -> bool:
    return isinstance(event_id, str) and bool(EVENT_ID.match(event_id))


def validate(event_id: str, body) -> dict:
    """Return the normalised definition, or raise ValidationFailed naming each bad field."""
    if not isinstance(body, dict):
        raise ValidationFailed({"body": "invalid"})
    errors = {}
    out = {"id": event_id}
    if not valid_event_id(event_id):
        errors["id"] = "invalid"
    out["locales"] = _locales(body.get("locales", ["nl"]), errors)
    out["title"] = _texts(body, "title", errors, required=True)
    out["description"] = _texts(body, "description", errors)
    out["location"] = _texts(body, "location", errors)
    out["practical_info"] = _texts(body, "practical_info", errors)
    out["timezone"] = _timezone(body.get("timezone"), errors)
    zone = ZoneInfo(out["timezone"]) if "timezone" not in errors else None
    out["starts_at"] = _datetime(body, "starts_at", zone, errors, required=True)
    out["ends_at"] = _datetime(body, "ends_at", zone, errors, required=True)
    if out["starts_at"] and out["ends_at"] and out["ends_at"] <= out["starts_at"]:
        errors["ends_at"] = "end_before_start"
    out["registration_closes_at"] = _datetime(body, "registration_closes_at", zone, errors)
    out["capacity"] = _positive_int(body, "capacity", errors)
    out["retention_days"] = _positive_int(body, "retention_days", errors)
    for flag, default in (("waitlist_enabled", False), ("registration_open", True),
                          ("consent_required", False), ("double_opt_in", False), ("digest", True)):
        out[flag] = _bool(body, flag, default, errors)
    out["consent_text"] = _texts(body, "consent_text", errors, required=bool(out["consent_required"]))
    out["consent_version"] = _consent_version(body.get("consent_version"), out["consent_text"], errors)
    out["fields"] = _fields(body.get("fields", []), errors)
    out["allowed_redirect_origins"] = _origins(body.get("allowed_redirect_origins", []), errors)
    if body.get("thank_you_url") not in (None, ""):      # optional: absent means our own thank-you page
        out["thank_you_url"] = _thank_you_url(body["thank_you_url"], out["allowed_redirect_origins"], errors)
    out["organiser"] = _organiser(body.get("organiser", {}), errors)
    out["organisation_id"] = _organisation_id(body.get("organisation_id"), errors)
    if errors:
        raise ValidationFailed(errors)
    for key in ("starts_at", "ends_at", "registration_closes_at"):
        out[key] = out[key].isoformat() if out[key] else None
    return out


def from_definition(d: dict, seats_taken: int = 0, waitlist_count: int = 0) -> Event:
    zone = ZoneInfo(d["timezone"])
    return Event(
        id=d["id"], title=d["title"], description=d["description"], location=d["location"],
        starts_at=_parse(d["starts_at"], zone), ends_at=_parse(d["ends_at"], zone),
        timezone=d["timezone"], capacity=d["capacity"], waitlist_enabled=d["waitlist_enabled"],
        registration_open=d["registration_open"],
        registration_closes_at=_parse(d["registration_closes_at"], zone),
        consent_required=d["consent_required"], consent_text=d["consent_text"],
        consent_version=d["consent_version"], locales=tuple(d["locales"]),
        fields=tuple(CustomField(f["name"], f["type"], f["required"], f["label"], tuple(f.get("options", ())))
                     for f in d["fields"]),
        allowed_redirect_origins=tuple(d["allowed_redirect_origins"]),
        double_opt_in=d["double_opt_in"], organiser=d["organiser"],
        retention_days=d["retention_days"], practical_info=d.get("practical_info", {}),
        organisation_id=d.get("organisation_id"), thank_you_url=d.get("thank_you_url"),
        digest=d.get("digest", True), seats_taken=seats_taken, waitlist_count=waitlist_count)


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
    """The JSON of ``GET /events/{id}`` (API.md)."""
    return {
        "id": event.id, "title": event.text("title", locale),
        "description": event.text("description", locale),
        "starts_at": event.starts_at.isoformat(), "ends_at": event.ends_at.isoformat(),
        "timezone": event.timezone, "location": event.text("location", locale),
        "capacity": event.capacity, "spots_left": event.spots_left,
        "waitlist_enabled": event.waitlist_enabled,
        "registration_open": event.accepts_signups(now),
        "registration_closes_at": event.registration_closes_at.isoformat()
        if event.registration_closes_at else None,
        "consent_required": event.consent_required,
        "consent_text": event.text("consent_text", locale) or None,
        "double_opt_in": event.double_opt_in,
        "locales": list(event.locales),
        "fields": [_field_view(f) for f in event.fields],
    }


def _field_view(f: CustomField) -> dict:
    view = {"name": f.name, "type": f.type, "required": f.required, "label": dict(f.label)}
    if f.type == "select":
        view["options"] = list(f.options)
    return view


def _parse(value, zone):
    if not value:
        return None
    dt = datetime.fromisoformat(value)
    return (dt if dt.tzinfo else dt.replace(tzinfo=zone)).astimezone(zone)


def _locales(value, errors):
    if (not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value)
            or len(set(value)) != len(value) or any(v not in LOCALES for v in value)):
        errors["locales"] = "invalid_locale"
        return ["nl"]
    return value


def _texts(body, key, errors, required=False):
    """A text is a string, or an object with one string per locale."""
    value = body.get(key)
    if value is None or value == "" or value == {}:
        if required:
            errors[key] = "required"
        return {}
    if isinstance(value, str):
        value = {"nl": value}
    if (not isinstance(value, dict) or any(k not in LOCALES for k in value)
            or any(not isinstance(v, str) or len(v) > 20000 for v in value.values())):
        errors[key] = "invalid"
        return {}
    return {k: v.strip() for k, v in value.items()}


def _timezone(value, errors):
    if isinstance(value, str) and value in _zones():
        return value
    errors["timezone"] = "invalid_timezone"
    return "UTC"


@functools.lru_cache(maxsize=1)
def _zones() -> frozenset:
    """Every IANA zone name (not "America/Argentina", a folder; not "../etc/passwd")."""
    return frozenset(available_timezones())


def _datetime(body, key, zone, errors, required=False):
    value = body.get(key)
    if value in (None, ""):
        if required:
            errors[key] = "required"
        return None
    try:
        if isinstance(value, str):
            return _parse(value, zone or ZoneInfo("UTC"))
    except ValueError:
        pass
    errors[key] = "invalid_datetime"
    return None


def _positive_int(body, key, errors):
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1 or value > 10_000_000:
        errors[key] = "positive_integer"
        return None
    return value


def _bool(body, key, default, errors):
    value = body.get(key, default)
    if not isinstance(value, bool):
        errors[key] = "boolean"
        return default
    return value


def _consent_version(value, consent_text, errors):
    if value is not None:
        if not isinstance(value, str) or not 0 < len(value) <= 64:
            errors["consent_version"] = "invalid"
        return value
    if not consent_text:
        return ""
    digest = hashlib.sha256(json.dumps(consent_text, sort_keys=True).encode()).hexdigest()
    return "sha256:" + digest[:12]


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
        names.add(field["name"])
        out.append(field)
    return out


def _field(f):
    if not isinstance(f, dict):
        return None
    name, ftype = f.get("name"), f.get("type", "text")
    if not isinstance(name, str) or not FIELD_NAME.match(name) or name in RESERVED_FIELDS:
        return None
    if ftype not in FIELD_TYPES or not isinstance(f.get("required", False), bool):
        return None
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
    return field


def _origins(value, errors):
    if not isinstance(value, list):
        errors["allowed_redirect_origins"] = "invalid_origin"
        return []
    for origin in value:
        parts = _split(origin)
        if (not parts or parts.scheme not in ("http", "https") or not parts.netloc
                or parts.path not in ("", "/") or parts.query or parts.fragment):
            errors["allowed_redirect_origins"] = "invalid_origin"
            return []
    return [o.rstrip("/").lower() for o in value]


def _thank_you_url(value, origins, errors):
    """The organiser's own thank-you page: https (http only on this machine), on an allowed website."""
    from chalicelib import redirects
    parts = _split(value)
    local = bool(parts) and parts.hostname in ("localhost", "127.0.0.1")
    if not parts or not parts.hostname or parts.scheme != "https" and not (parts.scheme == "http" and local):
        errors["thank_you_url"] = "invalid_url"
        return None
    if not redirects.target(origins, value):
        errors["thank_you_url"] = "thank_you_url_origin"
        return None
    return value.strip()


def _split(url):
    """``urlsplit`` of a string, or None for anything it cannot read (e.g. ``http://[x``)."""
    try:
        return urlsplit(url) if isinstance(url, str) else None
    except ValueError:
        return None


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
