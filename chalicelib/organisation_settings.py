"""An organisation's own settings (issue 28 item 4): how attendees see it and how its mails go.

``NAMES`` are the members of ``PUT``/``GET /organisations/{id}`` and of the settings page's form
(docs/api.md). ``clean`` checks them all; a bad value is a field key of chalicelib.error_copy.

- ``privacy_statement_url``: the address of its privacy statement (https only); every hosted
  form, attendee page, thank-you page and mail footer links it;
- ``sender_name``: the display name of every mail's From (the address stays the service's own);
- ``reply_to``: the Reply-To address of every mail;
- ``colour``: the house colour, ``#rrggbb``, with white text on it at least ``MIN_CONTRAST`` : 1
  (WCAG 2.2, 1.4.3): buttons and the page's top carry it with white text;
- ``default_retention_days``, ``default_locale``: what a new event of the organisation starts with.

The logo is not among them: it is an upload (chalicelib.logos).
"""
import re

from chalicelib.forms import has_control_chars
from chalicelib.models import LOCALES

NAMES = ("privacy_statement_url", "sender_name", "reply_to", "colour", "default_retention_days", "default_locale")
MIN_CONTRAST = 4.5
MAX_URL, MAX_NAME, MAX_RETENTION_DAYS = 500, 100, 3650
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_URL = re.compile(r"https://[^\s/?#<>\"'\\]+\.[^\s/?#<>\"'\\]+(?:[/?#][^\s<>\"'\\]*)?")


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of white text on ``colour`` (``#rrggbb``), 1 to 21."""
    def linear(channel):
        c = int(channel, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(colour[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def clean(body: dict) -> tuple:
    """``(settings, errors)`` from the members of ``body`` named in ``NAMES``: absent, ``None`` or
    an empty string leaves a setting out (no setting); errors are ``{field: key}``."""
    from chalicelib.forms import valid_address
    out, errors = {}, {}
    for name in NAMES:
        value = body.get(name)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, ""):
            continue
        if name in ("privacy_statement_url", "sender_name", "reply_to", "colour", "default_locale") \
                and not isinstance(value, str):
            errors[name] = "invalid"
        elif name == "privacy_statement_url":
            if len(value) > MAX_URL or has_control_chars(value) or not _URL.fullmatch(value):
                errors[name] = "https_url"
        elif name == "sender_name":
            if len(value) > MAX_NAME:
                errors[name] = "too_long"
            elif has_control_chars(value) or any(c in value for c in '<>"'):
                errors[name] = "control_chars"
        elif name == "reply_to":
            if not valid_address(value):
                errors[name] = "invalid_email"
            value = value.lower()
        elif name == "colour":
            if not _COLOUR.fullmatch(value):
                errors[name] = "invalid_colour"
            elif contrast_with_white(value) < MIN_CONTRAST:
                errors[name] = "low_contrast"
            value = value.lower()
        elif name == "default_retention_days":
            value = _whole_number(value)
            if value is None or not 1 <= value <= MAX_RETENTION_DAYS:
                errors[name] = "retention_days"
        elif name == "default_locale" and value not in LOCALES:
            errors[name] = "invalid_locale"
        if name not in errors:
            out[name] = value
    return out, errors


def _whole_number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) < 8:
        return int(value)
    return None


# ---------------------------------------------------------------- the settings page's use cases

def save(org_id: str, form: dict, *, by: str, now) -> dict:
    """Store the settings page's form (``name`` and every member of ``NAMES``; empty: no
    setting), keeping the logo; recorded in the log. Returns the organisation's own part.
    Raises ValidationFailed (the fields named), NotFound, Conflict."""
    from chalicelib.errors import ValidationFailed
    name = (form.get("name") or "").strip()
    own, errors = clean(form)
    if not 0 < len(name) <= 200:
        errors["name"] = "required"
    elif has_control_chars(name):
        errors["name"] = "control_chars"
    if errors:
        raise ValidationFailed(errors)
    saved = _change(org_id, lambda before: {"name": name, **own, **({"logo": before["logo"]} if "logo" in before else {})},
                    now)
    _audit(org_id, by, sorted(["name", *own]), now)
    return saved


def save_logo(org_id: str, data, *, by: str, now) -> dict:
    """Check and keep an uploaded logo (chalicelib.logos), or with ``data`` None remove it.
    Raises ValidationFailed (``logo``), NotFound, Conflict."""
    from chalicelib import logos
    if data is None:
        saved = _change(org_id, lambda before: {k: v for k, v in before.items() if k != "logo"}, now)
    else:
        logo = logos.check(data)
        logos.put(org_id, logo)
        saved = _change(org_id, lambda before: {**before, "logo": {"type": logo.content_type, "version": logo.version}},
                        now)
    _audit(org_id, by, ["logo"], now)
    return saved


def _change(org_id, change, now) -> dict:
    from chalicelib import store
    from chalicelib.errors import Conflict, NotFound
    try:
        return store.organisations.change_settings(org_id, change, now)
    except LookupError:
        raise NotFound(org_id) from None
    except store.organisations.ConcurrentChange:
        raise Conflict(org_id) from None


def _audit(org_id, by, changed, now) -> None:
    """The log's line (chalicelib.activity), kept as long as a team change."""
    from chalicelib import store
    from chalicelib.activity import KEPT_WITHOUT_EVENT
    store.organisers.put_audit({"token_id": f"member:{by}", "organisation": org_id, "at": store.table.iso(now),
                                "action": "settings", "changed": changed,
                                "expires_at": int((now + KEPT_WITHOUT_EVENT).timestamp())}, now)


# ---------------------------------------------------------------- the face on the visitor pages

_faces = {}     # organisation id -> (monotonic deadline, its face): kept as long as an event (EVENT_CACHE_SECONDS)


def face(org_id) -> dict:
    """What the hosted form, the thank-you page and the attendee pages show of the event's
    organisation: ``name``, ``logo_url``, ``colour``, ``privacy_url`` (each "" when not set);
    {} without an organisation. While DynamoDB fails, as last read (or {}): the page that says
    so must not fail itself."""
    import time

    from chalicelib import logos, store
    from chalicelib.config import settings
    if not org_id:
        return {}
    hit = _faces.get(org_id)
    if hit and hit[0] > time.monotonic():
        return hit[1]
    from botocore.exceptions import BotoCoreError, ClientError
    try:
        found = store.organisations.get_organisation(org_id)
    except (BotoCoreError, ClientError):     # DynamoDB is down: the page it goes on says so; as last seen
        return hit[1] if hit else {}
    shown = {}
    if found:
        colour = found.get("colour") or ""
        privacy = found.get("privacy_statement_url") or ""
        shown = {"name": found["name"], "logo_url": logos.url(found),
                 "colour": colour if _COLOUR.fullmatch(colour) else "",
                 "privacy_url": privacy if _URL.fullmatch(privacy) else ""}
    _faces[org_id] = (time.monotonic() + settings().event_cache_seconds, shown)
    return shown
