"""The editor's inputs of an event setting, by its declared widget (chalicelib.schema.settings).

``shown`` turns a setting's value into the values of its inputs, ``posted`` reads them back
into the definition body's member (naming a wrong input in ``errors``), ``inputs_of`` and
``setting_labels`` name its inputs for the page and its error summary. No HTTP, no storage;
chalicelib.organiser.event_form puts them together with the event's content and questions.
"""
import re
from datetime import date, datetime, time
from urllib.parse import urlsplit

from chalicelib.models import LOCALES
from chalicelib.schema import settings

DEFAULT_ZONE = "Europe/Amsterdam"
NOTHING = object()     # the form leaves the member out of the body
LANGUAGES = (settings.N_("Nederlands"), settings.N_("Engels"))     # of LOCALES, in their order


def settings_in(group: str) -> list:
    """The settings the page shows in fieldset ``group`` (for the template's ``setting`` macro)."""
    return settings.in_group(group)


def inputs_of(setting) -> list:
    """The names of the inputs a setting's widget has."""
    if setting.widget == "texts":
        return [f"{setting.name}_{loc}" for loc in LOCALES]
    if setting.widget == "moment":
        return [f"{setting.form_name}_date", f"{setting.form_name}_time"]
    return [setting.form_name]


def setting_labels() -> list:
    """``(input, label msgid, language msgid or None)`` of every setting input (the error summary's links)."""
    out = []
    for setting in editable():
        names = inputs_of(setting)
        if setting.widget == "texts":
            out += [(name, setting.label, language) for name, language in zip(names, LANGUAGES)]
        elif setting.widget == "moment":
            out += [(names[0], setting.label, None), (names[1], setting.time_label, None)]
        else:
            out.append((names[0], setting.label, None))
    return out


def editable() -> list:
    """The settings the editor shows, in declared order."""
    return [s for s in settings.SETTINGS if s.widget]


def shown(setting, definition: dict) -> dict:
    """The input values that show a setting's value in ``definition`` (its default when absent)."""
    value = definition.get(setting.name, setting.default)
    name, widget = setting.form_name, setting.widget
    if widget == "checkbox":
        return {name: bool(value)}
    if widget == "texts":
        return {f"{name}_{loc}": (value or {}).get(loc, "") for loc in LOCALES}
    if widget == "moment":
        return date_and_time(value, name)
    if widget == "zone":
        return {name: value or DEFAULT_ZONE}
    if widget in ("origins", "domains"):
        return {name: "\n".join(value or ())}
    if widget == "hours":
        return {name: "" if value is None else ", ".join(str(h) for h in value)}
    if widget == "links":
        return {name: "\n".join(f"{link['title']} {link['url']}" for link in value or ())}
    if widget == "lines":
        return {name: "\n".join(value or ())}
    if isinstance(value, (list, tuple)):
        return {name: ",".join(value)}
    return {name: "" if value is None else str(value)}


def posted(setting, values: dict, errors: dict):
    """A setting's member of the body from its inputs; a wrong input is named in ``errors``."""
    name, widget = setting.form_name, setting.widget
    if widget == "checkbox":
        return bool(values[name])
    if widget == "number":
        return _number(values[name], setting, errors)
    if widget == "texts":
        return texts_of(values, setting.name) or NOTHING
    if widget == "moment":
        return moment(values, name, errors, day_end=True)     # a closing day closes at its end
    if widget == "origins":
        return _origins(values[name], errors, name)
    if widget == "url":
        return values[name].strip() or None
    if widget == "domains":     # one per line (or comma); checked as the API checks them
        return [line.strip() for line in re.split(r"[\n,]", values[name]) if line.strip()]
    if widget == "hours":
        return _hours(values[name], errors, name)
    if widget == "links":
        return _links(values[name], errors, name)
    if widget == "lines":
        return [line.strip() for line in values[name].split("\n") if line.strip()]
    if widget == "choice":
        if values[name] not in [value for value, _ in setting.choices]:
            errors[name] = "invalid_locale" if setting.kind == "locales" else "invalid"
            return NOTHING
        return values[name].split(",") if setting.kind == "locales" else values[name]
    return values[name]


def _hours(text: str, errors: dict, name: str):
    """``"24, 2"`` as ``[24, 2]``; empty: NOTHING (the default); anything else not whole hours is named."""
    words = [w for w in re.split(r"[\s,;]+", text.strip()) if w]
    if not words:
        return NOTHING
    if not all(w.isdigit() and len(w) < 5 for w in words):
        errors[name] = "reminder_hours"
        return NOTHING
    return [int(w) for w in words]


def texts_of(values: dict, key: str) -> dict:
    """A text per locale from the inputs ``{key}_nl`` and ``{key}_en``; empty ones left out."""
    return {loc: values[f"{key}_{loc}"].strip() for loc in LOCALES if values[f"{key}_{loc}"].strip()}


def date_and_time(iso, prefix: str) -> dict:
    """The date and time inputs (``{prefix}_date``, ``{prefix}_time``) of an ISO 8601 moment or None."""
    at = datetime.fromisoformat(iso) if iso else None
    return {f"{prefix}_date": at.date().isoformat() if at else "",
            f"{prefix}_time": at.time().isoformat("seconds" if at.second else "minutes") if at else ""}


def valid_date(value: str):
    """The date of ``YYYY-MM-DD``, or None."""
    try:
        return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        return None


def valid_time(value: str):
    """The time of ``HH:MM[:SS]``, or None."""
    try:
        return time.fromisoformat(value) if re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", value) else None
    except ValueError:
        return None


def moment(values, prefix, errors, day_end=False):
    """``YYYY-MM-DDTHH:MM[:SS]`` (a wall time in the event's zone) from a date and a time input."""
    day, at = values[f"{prefix}_date"].strip(), values[f"{prefix}_time"].strip()
    if not day and not at:
        return None
    if day_end and day and not at:

        at = "23:59"
    if not valid_date(day):
        errors[f"{prefix}_date"] = "invalid_date"
    if not valid_time(at):
        errors[f"{prefix}_time"] = "invalid_time"     # named beside a bad date too: one round, every mistake
    return f"{day}T{at}" if valid_date(day) and valid_time(at) else None


def _number(value: str, setting, errors):
    value = value.strip()
    if not value:
        return None
    low = 0 if setting.minimum is None else setting.minimum
    if not value.isdigit() or int(value) < low or setting.maximum is not None and int(value) > setting.maximum:
        errors[setting.form_name] = "positive_integer"
        return None
    return int(value)


def _origins(text: str, errors, name):
    origins = []
    for line in text.split("\n"):
        if line.strip():
            origin = origin_of(line)
            if origin is None:
                errors[name] = "invalid_origin"
            elif origin not in origins:
                origins.append(origin)
    return origins


def _links(text: str, errors, name):
    """``Titel https://...`` per line: the title is everything before the last word, the address."""
    links = []
    for line in text.split("\n"):
        title, _, url = line.strip().rpartition(" ")
        if not line.strip():
            continue
        if not title.strip() or not url.lower().startswith(("https://", "http://")):
            errors[name] = "invalid_link"
        links.append({"title": title.strip(), "url": url})
    return links


def origin_of(address: str):
    """``https://www.site.nl`` from any address on that site (a pasted page address included), or None."""
    try:
        parts = urlsplit(address.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in address.strip():
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()
