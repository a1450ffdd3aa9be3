"""The event editor's form: a definition as flat form values, and posted values back to a definition body.

No HTTP and no storage: ``values_of(definition)`` fills the form, ``read(posted)`` reads a post
into the same shape, ``act`` adds, removes or moves a custom question (the buttons that work
without JavaScript), and ``body_of(values, stored)`` makes the body that
``organising.save_event`` validates with the one definition model (chalicelib.events). Error
keys name form inputs (``title_nl``, ``start_date``, ``q2_options``), so the page can put each
message next to its field. The event's content and questions are read here; each setting's
inputs follow its declaration (chalicelib.schema.inputs).
"""
import re
import unicodedata

from chalicelib.models import FIELD_TYPES, LOCALES
from chalicelib.schema import settings
from chalicelib.schema.inputs import (
    DEFAULT_ZONE,
    NOTHING,
    date_and_time,
    editable,
    inputs_of,
    origin_of,
    posted,
    settings_in,
    shown,
    texts_of,
    valid_date,
    valid_time,
)
from chalicelib.schema.inputs import moment as _moment

# The event's content (not settings): its texts and its start and end
TEXTS = ("title", "description", "location", "practical_info")
MOMENTS = (("starts_at", "start"), ("ends_at", "end"))
MAX_QUESTIONS = 30
# the editor's "niet versturen" box: a move of the event mails nobody (``notify_attendees: false``)
SILENT_MOVE = "no_move_mail"
QUESTION_KEYS = ("name", "type", "required", "shared", "match", "label_nl", "label_en", "options")
QUESTION_BOXES = ("required", "shared", "match")     # ticked or not
# The page's fieldsets, in order, with the content's inputs in each; a setting's inputs follow
# those of its ``group`` (chalicelib.schema.settings).
GROUPS = {"about": ("title_nl", "title_en", "id", "description_nl", "description_en", "location_nl", "location_en",
                    "practical_info_nl", "practical_info_en"),
          "when": ("start_date", "start_time", "end_date", "end_time"),
          "signup": (), "privacy": (), "questions": ("questions",), "website": (), "mails": (), "after": (),
          "organiser": ("organiser_name", "organiser_email", "organiser_url")}
ORGANISER_KEYS = ("name", "email", "url")

# a content error key of the definition -> the form input its message stands next to
CONTENT_ERROR_INPUTS = {**{key: f"{key}_nl" for key in TEXTS}, "starts_at": "start_date", "ends_at": "end_date",
                        "organiser": "organiser_name", "organiser.email": "organiser_email", "fields": "questions"}


def error_inputs() -> dict:
    """A definition's error key -> the input its message stands beside."""
    return {**CONTENT_ERROR_INPUTS, **{s.name: inputs_of(s)[0] for s in settings.SETTINGS if s.widget}}


def new_values(organisation_id: str, defaults: dict = None) -> dict:
    """The form of a new event: every setting at its default (Dutch only, Amsterdam time), or as
    ``defaults`` (a partial definition: the organisation's own defaults) gives it; no questions."""
    values = {key: "" for key in _content_keys()}
    for setting in editable():
        values.update(shown(setting, defaults or {}))
    values.update(organisation=organisation_id, start_time="13:00", end_time="17:00", id="", questions=[])
    return values


def values_of(definition: dict) -> dict:
    """The form values that show ``definition`` (as ``GET .../definition`` returns it)."""
    values = {"id": definition["id"], "organisation": definition.get("organisation_id") or ""}
    for key in TEXTS:
        for locale in LOCALES:
            values[f"{key}_{locale}"] = definition.get(key, {}).get(locale, "")
    for key, prefix in MOMENTS:
        values.update(date_and_time(definition.get(key), prefix))
    for setting in editable():
        values.update(shown(setting, definition))
    for key in ORGANISER_KEYS:
        values[f"organiser_{key}"] = definition.get("organiser", {}).get(key, "")
    values["questions"] = [{"name": f["name"], "type": f["type"], "required": f["required"],
                            "shared": f.get("shared", False), "match": f.get("match", False),
                            "label_nl": f["label"].get("nl", ""), "label_en": f["label"].get("en", ""),
                            "options": "\n".join(f.get("options", []))} for f in definition.get("fields", [])]
    return values


def read(posted: dict) -> dict:
    """Form values from a post (a flat dict of strings); unticked boxes are absent, so False."""
    text = {k: str(v).replace("\r\n", "\n").replace("\r", "\n") for k, v in posted.items()}
    values = {key: text.get(key, "") for key in _content_keys() + ["id", "organisation"]}
    for setting in editable():
        for name in inputs_of(setting):
            values[name] = (name in text) if setting.widget == "checkbox" else text.get(name, "")
    values[SILENT_MOVE] = SILENT_MOVE in text
    try:
        count = min(int(text.get("questions", "0")), MAX_QUESTIONS)
    except ValueError:
        count = 0
    values["questions"] = [{key: (f"q{i}_{key}" in text) if key in QUESTION_BOXES else text.get(f"q{i}_{key}", "")
                            for key in QUESTION_KEYS} for i in range(max(count, 0))]
    return values


def act(values: dict, action: str) -> dict:
    """Apply a question button (``add_field``, ``remove_field:2``, ``move_up:2``, ``move_down:2``)."""
    questions = list(values["questions"])
    verb, _, index = action.partition(":")
    i = int(index) if index.isdigit() else -1
    if verb == "add_field" and len(questions) < MAX_QUESTIONS:
        questions.append({"name": "", "type": "text", "required": False, "shared": False, "match": False, "label_nl": "",
                          "label_en": "", "options": ""})
    elif verb == "remove_field" and 0 <= i < len(questions):
        questions.pop(i)
    elif verb == "move_up" and 0 < i < len(questions):
        questions[i - 1], questions[i] = questions[i], questions[i - 1]
    elif verb == "move_down" and 0 <= i < len(questions) - 1:
        questions[i + 1], questions[i] = questions[i], questions[i + 1]
    return {**values, "questions": questions}


def focus_after(action: str, values: dict) -> str:
    """The input a question button leaves the focus on (the page reloads without JavaScript)."""
    verb, _, index = action.partition(":")
    i = int(index) if index.isdigit() else 0
    count = len(values["questions"])
    if verb == "add_field" and count:
        return f"q{count - 1}_label_nl"
    if verb in ("move_up", "move_down") and count:
        return f"q{min(max(i + (-1 if verb == 'move_up' else 1), 0), count - 1)}_label_nl"
    return "questions"


def body_of(values: dict, stored: dict = None):
    """``(body, errors)``: the definition body the form describes, and message keys by input name.

    ``stored`` is the event's definition when editing: its organisation stays (a form cannot
    move an event), and so does its consent version while the consent text is unchanged.
    """
    errors = {}
    body = {"organisation_id": (stored or {}).get("organisation_id") or values["organisation"] or None}
    for key in TEXTS:
        texts = texts_of(values, key)
        if texts:
            body[key] = texts
    for key, prefix in MOMENTS:
        body[key] = _moment(values, prefix, errors)
    if values["end_date"] == "" and values["end_time"] and body["starts_at"]:
        body["ends_at"] = f"{values['start_date']}T{values['end_time']}"
        errors.pop("end_date", None)
    for setting in editable():
        value = posted(setting, values, errors)
        if value is not NOTHING:
            body[setting.name] = value
    body["fields"] = _questions(values["questions"], errors)
    body["organiser"] = {key: values[f"organiser_{key}"].strip() for key in ORGANISER_KEYS
                         if values[f"organiser_{key}"].strip()}
    _check_organiser(body["organiser"], errors)
    if stored and values.get(SILENT_MOVE):
        body["notify_attendees"] = False
    if stored and stored.get("consent_version") and stored.get("consent_text") == body.get("consent_text", {}):
        body["consent_version"] = stored["consent_version"]
    return body, errors


def as_shown(values: dict) -> dict:
    """``values`` for the editor's inputs: a date or a time that is none (2027-02-30, 25:61) is
    empty, as a browser shows it in a date or time input; the message beside it says what to fill in."""
    shown = dict(values)
    for prefix in _moment_prefixes():
        for part, valid in (("date", valid_date), ("time", valid_time)):
            key = f"{prefix}_{part}"
            if shown.get(key) and not valid(shown[key].strip()):
                shown[key] = ""
    return shown


def zones(current: str) -> list:
    """The zones to choose from: Amsterdam first, then every region/city zone (and ``current``)."""
    from chalicelib.schema.kinds import zones as _zones
    others = sorted(z for z in _zones() if "/" in z and z != DEFAULT_ZONE and not z.startswith(("Etc/", "SystemV/")))
    extra = [current] if current and current != DEFAULT_ZONE and current not in others else []
    return [DEFAULT_ZONE] + others + extra


def input_errors(fields: dict) -> dict:
    """The definition model's error keys (``title``, ``fields[2]``) as the inputs they belong to."""
    inputs = error_inputs()
    out = {}
    for key, message in fields.items():
        match = re.fullmatch(r"fields\[(\d+)\](?:\.label\.(\w+))?", key)
        if match:
            key = f"q{match.group(1)}_label_{match.group(2)}" if match.group(2) else f"q{match.group(1)}_name"
        out[inputs.get(key, key)] = message
    return out


QUESTION_ORDER = ("label_nl", "label_en", "type", "options", "name")


def page_order() -> list:
    """Every input's name in the order it stands on the page (questions apart)."""
    order = []
    for group, content in GROUPS.items():
        order += list(content)
        for setting in settings_in(group):
            order += inputs_of(setting)
    return order


def in_page_order(errors: dict) -> dict:
    """``errors`` in the order their inputs stand on the page (for the summary at the top)."""
    order = page_order()

    def place(key):
        match = re.fullmatch(r"q(\d+)_(\w+)", key)
        if match:
            part = match.group(2)
            return (order.index("questions"), int(match.group(1)) + 1,
                    QUESTION_ORDER.index(part) if part in QUESTION_ORDER else 9)
        return (order.index(key) if key in order else len(order), 0, 0)
    return dict(sorted(errors.items(), key=lambda item: place(item[0])))


def merge_errors(mine: dict, model_fields: dict) -> dict:
    """The form's own messages, plus the definition model's for inputs the form found no fault with
    (one message per question, and per date and time: the form's is the more precise; a date typed
    without its time is not also told to be filled in)."""
    questions = {key.split("_")[0] for key in mine if re.match(r"q\d+_", key)}
    moments = {p for p in _moment_prefixes() if f"{p}_date" in mine or f"{p}_time" in mine}   # named by the form
    theirs = {k: v for k, v in input_errors(model_fields).items()
              if k.split("_")[0] not in questions and not (k.endswith("_date") and k[:-len("_date")] in moments)}
    return {**theirs, **mine}


def suggested_id(values: dict) -> str:
    """An address for a new event from its title and date: ``nieuwjaarsbijeenkomst-2027-01-12``."""
    title = values["title_nl"] or values["title_en"]
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:60].rstrip("-") or "bijeenkomst"
    return f"{slug}-{values['start_date']}" if valid_date(values["start_date"]) else slug


def _moment_prefixes() -> list:
    return [prefix for _, prefix in MOMENTS] + [s.form_name for s in editable() if s.widget == "moment"]


def _content_keys() -> list:
    keys = [f"{key}_{loc}" for key in TEXTS for loc in LOCALES]
    keys += [f"{prefix}_{part}" for _, prefix in MOMENTS for part in ("date", "time")]
    return keys + [f"organiser_{key}" for key in ORGANISER_KEYS]


def _questions(questions, errors):
    from chalicelib.events import FIELD_NAME, RESERVED_FIELDS, SHAREABLE
    fields, names = [], set()
    for i, q in enumerate(questions):
        label = {loc: q[f"label_{loc}"].strip() for loc in LOCALES if q[f"label_{loc}"].strip()}
        name = q["name"].strip() or _name_from(label, names)
        if not label:
            errors[f"q{i}_label_nl"] = "required"
        if not FIELD_NAME.fullmatch(name):
            errors[f"q{i}_name"] = "invalid_field_name"
        elif name in RESERVED_FIELDS or name in names:
            errors[f"q{i}_name"] = "field_name_taken"
        kind = q["type"] if q["type"] in FIELD_TYPES else "text"
        field = {"name": name, "type": kind, "required": bool(q["required"]), "label": label}
        if q.get("shared"):
            if kind not in SHAREABLE:
                errors[f"q{i}_shared"] = "not_shareable"
            field["shared"] = True
        if q.get("match"):
            if kind != "select":
                errors[f"q{i}_match"] = "not_matchable"
            field["match"] = True
        if kind == "select":
            field["options"] = [line.strip() for line in q["options"].split("\n") if line.strip()]
            if not field["options"]:
                errors[f"q{i}_options"] = "options_required"
        names.add(name)
        fields.append(field)
    return fields


def _name_from(label: dict, taken: set) -> str:
    """A column name for a new question from its label: ``Dieetwensen?`` -> ``dieetwensen``."""
    from chalicelib.events import RESERVED_FIELDS
    text = unicodedata.normalize("NFKD", label.get("nl") or label.get("en") or "").encode("ascii", "ignore")
    base = re.sub(r"[^a-z0-9]+", "_", text.decode().lower()).strip("_")[:32] or "vraag"
    base = base if base[0].isalpha() else f"v_{base}"
    name, n = base, 2
    while name in taken or name in RESERVED_FIELDS:
        name, n = f"{base}_{n}", n + 1
    return name


def _check_organiser(organiser: dict, errors) -> None:
    from chalicelib.forms import valid_address
    if organiser.get("email") and not valid_address(organiser["email"]):
        errors["organiser_email"] = "invalid_email"
    if organiser.get("url") and origin_of(organiser["url"]) is None:
        errors["organiser_url"] = "invalid_url"
