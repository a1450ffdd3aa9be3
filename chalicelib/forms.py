"""Validation of signup data, from JSON or a form post (same flat field names)."""
import unicodedata

from chalicelib.errors import ValidationFailed
from chalicelib.models import Event

TRUTHY = (True, "true", "on", "1", 1, "yes")
MAX_NAME = 200
MAX_TEXT = 1000


def clean_signup(event: Event, data: dict) -> dict:
    """Return ``{"name", "email", "locale", "consent", "answers"}`` or raise ValidationFailed.

    ``fields`` of the error maps each bad field to a message key (chalicelib.messages).
    """
    errors = {}
    name = _text(data.get("name"), MAX_NAME, True, "name", errors)
    email = _email(data.get("email"), True, "email", errors)
    locale = data.get("locale") or None
    if locale is not None and locale not in event.locales:
        errors["locale"] = "invalid_locale"
    consent = data.get("consent") in TRUTHY
    if event.consent_required and not consent:
        errors["consent"] = "consent_required"
    answers = {}
    for f in event.fields:
        value = _custom(f, data.get(f.name), errors)
        if value is not None:
            answers[f.name] = value
    if errors:
        raise ValidationFailed(errors)
    return {"name": name, "email": email, "locale": event.locale_or_default(locale),
            "consent": consent and event.consent_required, "answers": answers}


# Bidirectional overrides and isolates can make a name display as something else.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def has_control_chars(value: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cs") or c in "\u2028\u2029" or c in BIDI_CONTROLS
               for c in value)


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


def valid_address(value) -> bool:
    """An email address as attendee addresses are checked (syntax only, no DNS)."""
    errors = {}
    return _email(value, True, "email", errors) is not None and not errors
