"""How a definition's value of each kind of setting is read and checked (chalicelib.schema.settings).

A cleaner takes (the body, the Setting, the definition cleaned so far, errors) and returns the
value to store, or OMITTED to store none; it names a bad value in ``errors`` by the setting's
name, with the codes of docs/api.md. chalicelib.events runs them in declared order, so a later
setting may read an earlier one (a moment reads ``timezone``, the thank-you page the websites).
"""
import functools
import hashlib
import json
import re
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, available_timezones

from chalicelib.models import LOCALES

OMITTED = object()


def parse(value, zone):
    """An ISO 8601 string as an aware datetime in ``zone`` (read in ``zone`` without an offset), or None."""
    if not value:
        return None
    dt = datetime.fromisoformat(value)
    return (dt if dt.tzinfo else dt.replace(tzinfo=zone)).astimezone(zone)


def _locales(body, setting, out, errors):
    value = body.get(setting.name, list(setting.default))
    if (not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value)
            or len(set(value)) != len(value) or any(v not in LOCALES for v in value)):
        errors[setting.name] = "invalid_locale"
        return list(setting.default)
    return value


def _texts(body, setting, out, errors):
    value = body.get(setting.name)
    required = setting.required or bool(setting.required_if and out.get(setting.required_if))
    return text_of(value, setting.name, errors, required=required)


def text_of(value, key, errors, required=False):
    """A text is a string, or an object with one string per locale."""
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


def _timezone(body, setting, out, errors):
    value = body.get(setting.name)
    if isinstance(value, str) and value in zones():
        return value
    errors[setting.name] = "invalid_timezone"
    return "UTC"


@functools.lru_cache(maxsize=1)
def zones() -> frozenset:
    """Every IANA zone name (not "America/Argentina", a folder; not "../etc/passwd")."""
    return frozenset(available_timezones())


def zone_of(out):
    """The zone a time without an offset is read in; UTC while the zone itself is wrong."""
    return ZoneInfo(out.get("timezone") or "UTC")


def _moment(body, setting, out, errors):
    value = body.get(setting.name)
    return moment_of(value, setting.name, zone_of(out), errors, required=setting.required)


def moment_of(value, key, zone, errors, required=False):
    if value in (None, ""):
        if required:
            errors[key] = "required"
        return None
    try:
        if isinstance(value, str):
            return parse(value, zone)
    except ValueError:
        pass
    errors[key] = "invalid_datetime"
    return None


def _count(body, setting, out, errors):
    value = body.get(setting.name)
    if value is None:
        return setting.default
    low, high = setting.minimum, setting.maximum
    if (isinstance(value, bool) or not isinstance(value, int) or (low is not None and value < low)
            or (high is not None and value > high)):
        errors[setting.name] = "positive_integer"
        return None
    return value


def _bool(body, setting, out, errors):
    value = body.get(setting.name, setting.default)     # null is no boolean (PATCH removes with null)
    if not isinstance(value, bool):
        errors[setting.name] = "boolean"
        return setting.default
    return value


def _consent_version(body, setting, out, errors):
    """The organiser's own version, or a hash of the consent text; absent, null and "" mean the hash
    (an event without a consent text stores "", and its definition must go back in unchanged)."""
    value = body.get(setting.name)
    if value not in (None, ""):
        if not isinstance(value, str) or len(value) > 64:
            errors[setting.name] = "invalid"
        return value
    if not out.get("consent_text"):
        return ""
    digest = hashlib.sha256(json.dumps(out["consent_text"], sort_keys=True).encode()).hexdigest()
    return "sha256:" + digest[:12]


def _choice(body, setting, out, errors):
    value = body.get(setting.name, setting.default)
    if value not in [choice for choice, _ in setting.choices]:
        errors[setting.name] = "invalid"
        return setting.default
    return value


def _origins(body, setting, out, errors):
    value = body.get(setting.name, list(setting.default))
    origins = [plain_origin(o) for o in value] if isinstance(value, list) else [None]
    if None in origins:
        errors[setting.name] = "invalid_origin"
        return []
    return origins


LOCAL_HOSTS = ("localhost", "127.0.0.1")     # a page on this machine (make dev's test page) may be http
_PLAIN_ORIGIN = re.compile(r"https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
                           r"(?::[0-9]{1,5})?")


def plain_origin(value):
    """A website as the event stores it: ``https://host[:port]`` in ASCII lower case (an IDN in
    its ``xn--`` form, the default port left out), ``http://`` only for ``localhost`` and
    ``127.0.0.1``. None for anything else (a path, query, fragment, user, another scheme, a host
    that is no host name), so it is refused when given, not dropped from a header later."""
    value = value.strip() if isinstance(value, str) else None
    if not value or len(value) > 300 or any(c in value for c in "?#@\\ \t"):
        return None
    parts = _split(value)
    try:
        scheme, host, _port = parts.scheme.lower(), parts.hostname, parts.port
    except (AttributeError, ValueError):    # unreadable, or a port that is not a number
        return None
    if parts.path not in ("", "/") or not host or not (scheme == "https" or scheme == "http" and host in LOCAL_HOSTS):
        return None
    from chalicelib import redirects
    origin = redirects.origin(value)
    return origin if origin and _PLAIN_ORIGIN.fullmatch(origin) else None


def _thank_you_url(body, setting, out, errors):
    """The organiser's own thank-you page: https (http only on this machine), on one of the
    event's ``allowed_redirect_origins``. Absent (or empty) is stored as absent: our own page."""
    value = body.get(setting.name)
    from chalicelib import redirects
    if value in (None, ""):
        return OMITTED
    parts = _split(value)
    local = bool(parts) and parts.hostname in ("localhost", "127.0.0.1")
    if not parts or not parts.hostname or parts.scheme != "https" and not (parts.scheme == "http" and local):
        errors[setting.name] = "invalid_url"
        return None
    if not redirects.target(out.get("allowed_redirect_origins", []), value):
        errors[setting.name] = "thank_you_url_origin"
        return None
    return value.strip()


_DOMAIN = re.compile(r"(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]")


def domain_of(value):
    """A mail domain as the event stores it: ASCII lower case (an IDN in its ``xn--`` form), with
    an optional leading ``*.`` (subdomains too); None for anything else (an address, a URL)."""
    if not isinstance(value, str):
        return None
    value = value.strip().lower().removeprefix("@")
    wild = value.startswith("*.")
    try:
        host = value.removeprefix("*.").encode("idna").decode("ascii")
    except UnicodeError:
        return None
    value = ("*." if wild else "") + host
    return value if len(value) <= 255 and _DOMAIN.fullmatch(value) else None


def _domains(body, setting, out, errors):
    value = body.get(setting.name, list(setting.default))
    domains = [domain_of(d) for d in value] if isinstance(value, list) and len(value) <= 50 else [None]
    if None in domains:
        errors[setting.name] = "invalid_domain"
        return []
    return list(dict.fromkeys(domains))
MAX_OPENING = 1000      # characters of a mail's opening, per language
MAX_REMINDERS, MAX_REMINDER_HOURS = 3, 720


def _opening(body, setting, out, errors):
    """The opening of a mail: a text per language (as ``texts``), plain, at most MAX_OPENING
    characters, with no control or format characters (bidi controls, zero-width) but line ends."""
    from chalicelib.forms import has_control_chars
    value = _texts(body, setting, out, errors)
    if setting.name in errors or not value:
        return OMITTED
    value = {loc: text.replace("\r\n", "\n").replace("\r", "\n") for loc, text in value.items()}
    if any(len(text) > MAX_OPENING for text in value.values()):
        errors[setting.name] = "too_long"
    elif any(has_control_chars(line) for text in value.values() for line in text.split("\n")):
        errors[setting.name] = "control_chars"
    return value


def _hours(body, setting, out, errors):
    """When reminders go: whole hours before the start, at most MAX_REMINDERS, largest first;
    absent or null: the service's default."""
    value = body.get(setting.name)
    if value is None:
        return OMITTED
    if (not isinstance(value, list) or len(value) > MAX_REMINDERS or len(set(map(str, value))) != len(value)
            or any(isinstance(h, bool) or not isinstance(h, int) or not 1 <= h <= MAX_REMINDER_HOURS for h in value)):
        errors[setting.name] = "reminder_hours"
        return OMITTED
    return sorted(value, reverse=True)



MAX_LINKS, MAX_LINES = 10, 5


def _links(body, setting, out, errors):
    """Material links: ``[{"title", "url"}]`` and nothing more in each, https only (http only on this machine), at most MAX_LINKS."""
    value = body.get(setting.name, [])
    links = []
    if not isinstance(value, list) or len(value) > MAX_LINKS:
        errors[setting.name] = "invalid"
        return []
    for link in value:
        title = link.get("title") if isinstance(link, dict) else None
        url = link.get("url") if isinstance(link, dict) else None
        parts = _split(url)
        title_ok = isinstance(title, str) and 0 < len(title.strip()) <= 200 and not _CONTROL.search(title)
        local = bool(parts) and parts.hostname in LOCAL_HOSTS
        if (not title_ok or set(link) - {"title", "url"} or not parts or not parts.hostname or len(url) > 2000 or any(c in url for c in " \t\n\"<>")
                or not (parts.scheme == "https" or parts.scheme == "http" and local)):
            errors[setting.name] = "invalid_link"
            return []
        links.append({"title": " ".join(title.split()), "url": url.strip()})
    return links


def _lines(body, setting, out, errors):
    """Open questions: a list of at most MAX_LINES short texts on one line each."""
    value = body.get(setting.name, [])
    if (not isinstance(value, list) or len(value) > MAX_LINES
            or any(not isinstance(v, str) or not v.strip() or len(v) > 300 or _CONTROL.search(v) for v in value)):
        errors[setting.name] = "invalid"
        return []
    return [" ".join(v.split()) for v in value]


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

CLEANERS = {"boolean": _bool, "count": _count, "texts": _texts, "moment": _moment, "locales": _locales,
            "zone": _timezone, "origins": _origins, "url": _thank_you_url, "version": _consent_version,
            "choice": _choice, "domains": _domains, "opening": _opening, "hours": _hours, "links": _links,
            "lines": _lines}


def _split(url):
    """``urlsplit`` of a string, or None for anything it cannot read (e.g. ``http://[x``)."""
    try:
        return urlsplit(url) if isinstance(url, str) else None
    except ValueError:
        return None
