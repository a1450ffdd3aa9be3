"""Validation of signup data, from JSON or a form post (same flat field names)."""
import functools
import re
import unicodedata
from typing import Optional

from chalicelib.errors import ValidationFailed
from chalicelib.models import Event
from chalicelib.schema import attributes

TRUTHY = (True, "true", "on", "1", 1, "yes")
MAX_NAME = 200
MAX_TEXT = 1000


def clean_signup(event: Event, data: dict, *, by_organiser: bool = False) -> dict:
    """Return ``{"name", "email", "locale", "sessions", "attendance", "consent", "answers", "extra", "share",
    "buddies"}`` or raise
    ValidationFailed; ``extra`` holds the declared attributes that are form inputs (chalicelib.schema.attributes);
    ``share``: the person agreed to stand on the event's participant list (chalicelib.participants);
    ``buddies``: they want to be grouped with maatjes after the meeting (chalicelib.buddies).
    ``sessions``: the Sessions chosen, one per round at most; ``attendance``: onsite, online or None
    (chalicelib.programme).

    ``by_organiser``: an organiser adds the person by hand, and may add an address of any domain.
    ``fields`` of the error maps each bad field to a message key (chalicelib.error_copy).
    """
    errors = {}
    name = _name(data.get("name"), errors)
    email = _email(data.get("email"), True, "email", errors)
    if email and not by_organiser and not event.admits_email(email):
        errors["email"] = "email_domain"      # the address alone decides: nothing about who is registered
    locale = data.get("locale") or None
    if locale is not None and locale not in event.locales:
        errors["locale"] = "invalid_locale"
    if data.get("_gotcha") is not None and not isinstance(data["_gotcha"], str):
        errors["_gotcha"] = "invalid"      # the honeypot is a text field; a form never sends anything else
    consent = data.get("consent") in TRUTHY
    if event.consent_required and not consent:
        errors["consent"] = "consent_required"
    extra = {}
    for attribute in attributes.form_fields():
        value = _text(data.get(attribute.name), MAX_TEXT, False, attribute.name, errors)
        if value is not None:
            extra[attribute.name] = value
    answers = _answers(event, data, errors)
    session_fields = {}
    chosen = _chosen(event, data, errors, session_fields)
    attendance = _chosen_attendance(event, data, errors)
    if errors:
        raise ValidationFailed(errors)
    programme_part = {"sessions": chosen, "session_fields": session_fields, "attendance": attendance} \
        if event.programme or event.online else {}
    return {"name": name, "email": email, "locale": event.locale_or_default(locale), **programme_part,
            "consent": consent and event.consent_required, "answers": answers, "extra": extra,
            "share": event.participant_list and data.get("share_details") in TRUTHY,
            "buddies": event.buddies and data.get("buddies") in TRUTHY}


def clean_answers(event: Event, data: dict) -> dict:
    """What an attendee may change later (chalicelib.changes): ``{"name", "answers"}`` by the
    signup's own rules, or ValidationFailed naming each bad field."""
    errors = {}
    name = _name(data.get("name"), errors)
    answers = _answers(event, data, errors)
    if errors:
        raise ValidationFailed(errors)
    return {"name": name, "answers": answers}


def _name(value, errors):
    name = _text(value, MAX_NAME, True, "name", errors)
    if name and has_web_address(name):     # every mail greets the name: no links from strangers
        errors["name"] = "web_address"
        return None
    return name


def _answers(event, data, errors) -> dict:
    """The answers to the event's own questions, each by its type's rule."""
    answers = {}
    for f in event.fields:
        value = _custom(f, data.get(f.name), errors)
        if value is not None:
            answers[f.name] = value
    return answers
# ---------------------------------------------------------------- the programme (chalicelib.programme)

MAX_CHOICES = 40     # a programme's most sessions


def _chosen(event, data: dict, errors: dict, fields: dict = None) -> list:
    """The Sessions a signup chose: JSON ``"sessions": [<session id>, ...]``, or a form's field
    ``session_<round id>`` per round (empty: none in that round). At most one per round; an id that
    is no session of this event is refused, naming the field it came in (``sessions`` or
    ``session_<round id>``); ``fields`` gets session id -> that field."""
    fields = {} if fields is None else fields
    if not event.programme:
        return []
    picks = []     # (the field it came in, session id)
    value = data.get("sessions")
    if value is not None:
        if not isinstance(value, list) or len(value) > MAX_CHOICES or not all(isinstance(v, str) for v in value):
            errors["sessions"] = "unknown_session"
            return []
        picks += [("sessions", v) for v in value]
    for r in event.programme:
        v = data.get(r.field)
        if v not in (None, ""):
            picks.append((r.field, v if isinstance(v, str) else ""))
    sessions, rounds = [], set()
    for field, sid in picks:
        session = next((s for r in event.programme for s in r.sessions if s.id == sid), None)
        if session is None:
            errors[field] = "unknown_session"
        elif field != "sessions" and field != "session_" + session.round:
            errors[field] = "other_round"
        elif session.round in rounds:
            errors[field] = "one_per_round"
        else:
            rounds.add(session.round)
            sessions.append(session)
            fields[session.id] = field
    return sessions


def _chosen_attendance(event, data: dict, errors: dict) -> Optional[str]:
    """A hybrid event's ``attendance``: ``onsite`` or ``online``, required; None elsewhere."""
    if not event.online:
        return None
    value = data.get("attendance")
    if value in (None, ""):
        errors["attendance"] = "required"
    elif value not in [s.id for s in event.attendance]:
        errors["attendance"] = "invalid_choice"
    else:
        return value
    return None



def has_control_chars(value: str) -> bool:
    """Control (Cc), format (Cf: zero-width, soft hyphen, BOM, bidi overrides, tags) or
    surrogate characters, a line/paragraph separator, or a combining mark without a base letter:
    invisible, or they make a text display as something else."""
    return (any(unicodedata.category(c) in ("Cc", "Cf", "Cs") or c in "\u2028\u2029" for c in value)
            or has_stray_mark(value))


# Combining marks that never show (Default_Ignorable_Code_Point): the grapheme joiner, Khmer's
# inherent vowels, Mongolian's variation selectors. "paypal\u034f.com" reads as paypal.com.
_IGNORABLE_MARKS = {"\u034f", "\u17b4", "\u17b5", "\u180b", "\u180c", "\u180d", "\u180f"}


def has_stray_mark(value: str) -> bool:
    """A combining mark that shows nothing, or one without a letter, digit, symbol or mark
    before it (at the start, after a space or punctuation)."""
    before = " "
    for c in value:
        if unicodedata.category(c)[0] == "M" and (c in _IGNORABLE_MARKS or unicodedata.category(before)[0] not in "LMNS"):
            return True
        before = c
    return False


# Abbreviations written with dots and no spaces ("mr.drs.", "J.Th."): a run of these that ends
# in a dot is a name, though "ir", "st" and "th" are also top-level domains.
_TITLES = {"mr", "mrs", "ms", "dr", "drs", "ir", "ing", "prof", "bc", "ds", "mw", "dhr", "jhr", "jkvr", "lic", "st"}
_INITIALS = {"th", "ph", "ch", "chr", "ij", "joh", "jac", "wm", "fr"}
_IPV4 = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\d])")
_IPV6 = re.compile(r"[0-9a-f]*:[0-9a-f:.]*:[0-9a-f.]*")


def has_web_address(value: str) -> bool:
    """Whether a text holds something a mail client would turn into a link or a reader would take
    for an address: a scheme, ``www.``, an ``@``, an IP address (v4 or v6), or labels joined by
    dots that end in a suffix of the Public Suffix List (``x.com``, ``t.co``, ``evil.co.uk``)."""
    text = unicodedata.normalize("NFKC", value).casefold().replace("\u3002", ".").replace("\uff61", ".")
    if "://" in text or "@" in text or re.search(r"(?<![^\W_])www\d*\.", text):
        return True
    if any(_ip(match.group()) for pattern in (_IPV4, _IPV6) for match in pattern.finditer(text)):
        return True
    return any(_ends_in_public_suffix(chain) for chain in _dotted(text))


def _ip(text: str) -> bool:
    import ipaddress
    try:
        ipaddress.ip_address(text.strip("."))
    except ValueError:
        return False
    return True


def _dotted(text: str):
    """Each run of host characters (letters, digits, marks, hyphens) with dots in it."""
    run = []
    for c in text + " ":
        if c in "-." or unicodedata.category(c)[0] in "LMN":
            run.append(c)
            continue
        if "." in run:
            yield "".join(run)
        run = []


def _ends_in_public_suffix(run: str) -> bool:
    for chain in re.split(r"\.{2,}", run.lstrip(".")):
        labels = chain.rstrip(".").split(".")
        if len(labels) < 2:
            continue
        if chain.endswith(".") and all(len(label) == 1 or label in _TITLES | _INITIALS for label in labels):
            continue
        if ends_in_public_suffix(labels):
            return True
    return False


def ends_in_public_suffix(labels: list, suffixes=None) -> bool:
    """Whether dotted labels end in a suffix of the list (``x.co.za``, ``t.co``), or are one
    (``gov.za``: the list has it, not ``za``, and it is a website of its own)."""
    suffixes = suffixes or public_suffixes()
    return any(suffixes.is_public(".".join(labels[i:])) for i in range(len(labels)))


@functools.cache
def public_suffixes():
    """The Public Suffix List's ICANN section (the ``publicsuffixlist`` package's own copy, never
    fetched). Every suffix of the list, a private one (``github.io``) too, ends in one of this
    section (``io``), so a text ends in a suffix of the list exactly when it ends in one of these;
    the zip keeps what answers that (scripts/slim_package.py). Loaded on the first name checked."""
    from publicsuffixlist import PublicSuffixList
    return PublicSuffixList(accept_unknown=False, only_icann=True)


def _visible(value: str) -> bool:
    """At least one letter, digit or symbol: not only spaces and zero-width characters."""
    return any(unicodedata.category(c)[0] in "LNS" for c in value)


def _text(value, limit, required, key, errors):
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[key] = "required"
        return None
    if not isinstance(value, str):
        errors[key] = "invalid"
        return None
    value = value.strip()
    if has_control_chars(value):
        errors[key] = "control_chars"
    elif not _visible(value):
        errors[key] = "required"
    elif len(value) > limit:
        errors[key] = "too_long"
    else:
        return unicodedata.normalize("NFC", value)
    return None


def _email(value, required, key, errors):
    value = _text(value, 254, required, key, errors)
    if value is None:
        return None
    from email_validator import EmailNotValidError, validate_email
    try:
        # No DNS on the request path: deliverability is SES's job (bounces come back).
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        errors[key] = "invalid_email"
        return None


def clean_email(value):
    """The normalised address, or None if it is not one (the attendee's rule)."""
    errors = {}
    return _email(value, True, "email", errors)


def _custom(field, value, errors):
    if field.type == "checkbox":
        checked = value in TRUTHY
        if field.required and not checked:
            errors[field.name] = "required"
        return checked
    if field.type == "email":
        return _email(value, field.required, field.name, errors)
    value = _text(value, MAX_TEXT, field.required, field.name, errors)
    if value is not None and field.type == "select" and value not in field.options:
        errors[field.name] = "invalid_choice"
        return None
    return value


def valid_sign_in_address(value) -> bool:
    """An address by its syntax alone, special-use domains such as ``.test`` included: the sign-in
    form answers every such address alike, and only a member (``valid_address``) gets a mail."""
    from email_validator import EmailNotValidError, validate_email
    if not isinstance(value, str) or not 0 < len(value) <= 254:
        return False
    try:
        validate_email(value, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        return False
    return True


def valid_address(value) -> bool:
    """An email address as attendee addresses are checked (syntax only, no DNS)."""
    errors = {}
    return _email(value, True, "email", errors) is not None and not errors
