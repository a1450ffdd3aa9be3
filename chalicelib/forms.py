"""Validation of signup data, from JSON or a form post (same flat field names)."""
import re
import unicodedata

from chalicelib.errors import ValidationFailed
from chalicelib.models import Event
from chalicelib.schema import attributes

TRUTHY = (True, "true", "on", "1", 1, "yes")
MAX_NAME = 200
MAX_TEXT = 1000


def clean_signup(event: Event, data: dict) -> dict:
    """Return ``{"name", "email", "locale", "consent", "answers", "extra", "share"}`` or raise ValidationFailed;
    ``extra`` holds the declared attributes that are form inputs (chalicelib.schema.attributes);
    ``share``: the person agreed to stand on the event's participant list (chalicelib.participants);
    ``buddies``: they want to be grouped with maatjes after the meeting (chalicelib.buddies).

    ``fields`` of the error maps each bad field to a message key (chalicelib.error_copy).
    """
    errors = {}
    name = _text(data.get("name"), MAX_NAME, True, "name", errors)
    if name and has_web_address(name):     # every mail greets the name: no links from strangers
        errors["name"] = "web_address"
        name = None
    email = _email(data.get("email"), True, "email", errors)
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
    answers = {}
    for f in event.fields:
        value = _custom(f, data.get(f.name), errors)
        if value is not None:
            answers[f.name] = value
    if errors:
        raise ValidationFailed(errors)
    return {"name": name, "email": email, "locale": event.locale_or_default(locale),
            "consent": consent and event.consent_required, "answers": answers, "extra": extra,
            "share": event.participant_list and data.get("share_details") in TRUTHY,
            "buddies": event.buddies and data.get("buddies") in TRUTHY}


def has_control_chars(value: str) -> bool:
    """Control (Cc), format (Cf: zero-width, soft hyphen, BOM, bidi overrides, tags) or
    surrogate characters, or a line/paragraph separator: invisible, or they make a text
    display as something else."""
    return any(unicodedata.category(c) in ("Cc", "Cf", "Cs") or c in "\u2028\u2029" for c in value)


# A scheme, "www.", or a dotted name ending in a label of letters (evil.example, x.co.uk).
# Initials pass ("A.B. de Vries": one letter before a dot), and so do Dutch titles ("mr.drs.").
_WEB_ADDRESS = re.compile(r"://|\bwww\d*\.|[^\W_]{2,}\.(?:[\w-]+\.)*[^\W\d_]{2,}\b")
_TITLES = {"mr", "mrs", "ms", "dr", "drs", "ir", "ing", "prof", "bc", "ds", "mw", "dhr", "jhr", "jkvr", "lic", "st"}


def has_web_address(value: str) -> bool:
    """Whether a text holds something a mail client or a reader would take for a link."""
    text = unicodedata.normalize("NFKC", value).casefold().replace("\u3002", ".").replace("\uff61", ".")
    return any(not set(match.group().split(".")) <= _TITLES for match in _WEB_ADDRESS.finditer(text))


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
