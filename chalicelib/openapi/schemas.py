"""The JSON schemas of bodies, shared by the operations (``#/components/schemas/...``)."""
from zoneinfo import available_timezones

from chalicelib.schema import attributes


TEXT = {"type": "string"}
DATETIME = {"type": "string", "format": "date-time"}
LOCALE = {"type": "string", "enum": ["nl", "en"]}
STATUS = {"type": "string", "enum": ["confirmed", "waitlisted", "pending", "cancelled", "expired", "erased"]}
# A text an organiser writes: one string (Dutch), or one string per locale.
LOCALIZED = {"oneOf": [{"type": "string", "maxLength": 20000},
                       {"type": "object", "additionalProperties": False, "minProperties": 1, "properties": {
                           "nl": {"type": "string", "maxLength": 20000},
                           "en": {"type": "string", "maxLength": 20000}}}]}
LABELS = {"type": "object", "additionalProperties": False, "properties": {"nl": TEXT, "en": TEXT}}
FIELD_NAME = {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,39}$",
              "description": "Lower-case letters, digits and `_`; not a name of the signup itself "
                             "(`name`, `email`, `locale`, `consent`, `status`, ...)."}
NO_CONTROL = "^[^\\x00-\\x1f\\x7f]*$"

SCHEMAS = {
    "Error": {"type": "object", "additionalProperties": False, "required": ["error", "message"], "properties": {
        "error": {"type": "string", "description": "Machine code, e.g. `validation_failed`."},
        "message": {"type": "string", "description": "A sentence in the request's locale."},
        "fields": {"type": "object", "additionalProperties": TEXT,
                   "description": "For `validation_failed`: a message per bad field."}}},
    "Field": {"type": "object", "additionalProperties": False, "required": ["name", "type", "required", "label"],
              "properties": {
                  "name": FIELD_NAME, "type": {"type": "string", "enum": ["text", "email", "select", "checkbox"]},
                  "required": {"type": "boolean"}, "label": LABELS,
                  "options": {"type": "array", "items": TEXT, "description": "The choices of a `select`."}}},
    "Event": {
        "type": "object", "additionalProperties": False, "description": "The public view of an event.",
        "required": ["id", "title", "description", "starts_at", "ends_at", "timezone", "location", "capacity",
                     "spots_left", "waitlist_enabled", "registration_open", "registration_closes_at",
                     "consent_required", "consent_text", "double_opt_in", "locales", "fields"],
        "properties": {
            "id": TEXT, "title": TEXT, "description": TEXT, "starts_at": DATETIME, "ends_at": DATETIME,
            "timezone": {"type": "string", "description": "IANA zone, e.g. `Europe/Amsterdam`."},
            "location": TEXT,
            "capacity": {"type": ["integer", "null"], "minimum": 1, "description": "`null`: no limit."},
            "spots_left": {"type": ["integer", "null"], "description": "Exact; `null` without a limit."},
            "waitlist_enabled": {"type": "boolean"}, "registration_open": {"type": "boolean"},
            "registration_closes_at": {"type": ["string", "null"], "format": "date-time"},
            "consent_required": {"type": "boolean"}, "consent_text": {"type": ["string", "null"]},
            "double_opt_in": {"type": "boolean"},
            "locales": {"type": "array", "items": LOCALE, "minItems": 1},
            "fields": {"type": "array", "items": {"$ref": "#/components/schemas/Field"}}}},
    "EventDefinition": {
        "type": "object", "additionalProperties": True,
        "description": "What `PUT /events/{event_id}` takes. Times without an offset are read in `timezone`; "
                       "`ends_at` must be after `starts_at`; `consent_text` is required when "
                       "`consent_required` is true. Other members are ignored.",
        "required": ["title", "starts_at", "ends_at", "timezone"],
        "properties": {
            "title": LOCALIZED, "description": LOCALIZED, "location": LOCALIZED, "consent_text": LOCALIZED,
            "starts_at": {"type": "string", "description": "ISO 8601."},
            "ends_at": {"type": "string", "description": "ISO 8601, after `starts_at`."},
            "registration_closes_at": {"type": ["string", "null"], "description": "ISO 8601."},
            "timezone": {"type": "string", "enum": sorted(available_timezones()),
                         "description": "An IANA zone, e.g. `Europe/Amsterdam` (the names the server's zone data has)."},
            "capacity": {"type": ["integer", "null"], "minimum": 1, "maximum": 10000000,
                         "description": "`null` or absent: no limit."},
            "retention_days": {"type": ["integer", "null"], "minimum": 1, "maximum": 10000000},
            "waitlist_enabled": {"type": "boolean", "default": False},
            "registration_open": {"type": "boolean", "default": True},
            "consent_required": {"type": "boolean", "default": False},
            "double_opt_in": {"type": "boolean", "default": False},
            "digest": {"type": "boolean", "default": True,
                       "description": "A daily mail to `organiser.email` about new signups and cancellations, "
                                      "while registration is open, on days with a change."},
            "consent_version": {"type": ["string", "null"], "minLength": 1, "maxLength": 64,
                                "description": "Absent or `null`: the default, a hash of the consent text."},
            "locales": {"type": "array", "items": LOCALE, "minItems": 1, "uniqueItems": True,
                        "default": ["nl"], "description": "The first is the default."},
            "fields": {"type": "array", "maxItems": 30, "items": {
                "type": "object", "required": ["name"], "properties": {
                    "name": FIELD_NAME,
                    "type": {"type": "string", "enum": ["text", "email", "select", "checkbox"], "default": "text"},
                    "required": {"type": "boolean", "default": False},
                    "label": {"oneOf": [TEXT, LABELS]},
                    "options": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1},
                                "description": "The choices of a `select`, and only of a `select`."}}}},
            "allowed_redirect_origins": {"type": "array", "items": {
                "type": "string", "format": "uri", "description": "`scheme://host[:port]`, nothing more."}},
            "thank_you_url": {"type": ["string", "null"], "format": "uri", "maxLength": 2000,
                              "description": "Optional: the organiser's own thank-you page (https; http only "
                                             "for localhost), on one of `allowed_redirect_origins`. The embed "
                                             "page's HTML form then sends people there (`_redirect`); without "
                                             "it, to our thank-you page."},
            "organiser": {"type": "object", "properties": {"name": TEXT, "email": TEXT, "url": TEXT},
                          "description": "Shown in mail footers."},
            "notify_attendees": {"type": "boolean", "default": True,
                                 "description": "Not stored. `false`: a change of `starts_at`, `ends_at` or "
                                                "`location` mails nobody (the invites' SEQUENCE still rises)."}}},
    "Signup": {
        "type": "object", "additionalProperties": True,
        "description": "The same flat fields in JSON and in a form post. Custom fields as the event "
                       "declares them; undeclared fields are ignored.",
        "required": ["name", "email"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": NO_CONTROL,
                     "description": "1-200 characters after trimming, no control characters."},
            "email": {"type": "string", "format": "email", "maxLength": 254,
                      "description": "Compared case-insensitively after trimming."},
            "locale": {"type": "string", "enum": ["nl", "en", ""],
                       "description": "One of the event's `locales`; absent or empty: the event's first."},
            "consent": {"description": "Consent is given by `true`, `\"true\"`, `\"on\"` or `\"1\"` (required when "
                                       "the event has `consent_required`); any other value is no consent."},
            "_redirect": {"type": "string",
                          "description": "Form posts: where to send the visitor back (303) when its origin is in "
                                         "the event's `allowed_redirect_origins`; otherwise (or when it is not a "
                                         "URL) our thank-you page."},
            "_gotcha": {"type": "string", "description": "Honeypot: leave it out or empty. A filled one gets the "
                                                         "answer a success gets, and nothing is stored."}}},
    "SignupAccepted": {"type": "object", "additionalProperties": False, "required": ["event_id", "status"],
                       "properties": {"event_id": TEXT, "status": {"type": "string", "enum": [
                           "confirmed", "waitlisted", "pending"]}}},
    "Registration": {"type": "object", "additionalProperties": False,
                     "required": ["registration_id", "event_id", "status"],
                     "properties": {"registration_id": TEXT, "event_id": TEXT, "status": STATUS}},
    "RegistrationPage": {
        "type": "object", "additionalProperties": False, "required": ["items", "next_cursor"], "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/RegistrationRow"}},
            "next_cursor": {"type": ["string", "null"], "description": "Pass as `cursor` for the next page."}}},
}


def all_schemas() -> dict:
    """SCHEMAS and those derived from a declaration, read as the document is asked for."""
    signup = SCHEMAS["Signup"]
    inputs = {a.name: {"type": "string", "maxLength": 1000, "description": "Optional."} for a in attributes.form_fields()}
    return {**SCHEMAS, "RegistrationRow": attributes.openapi_schema(),
            "Signup": {**signup, "properties": {**signup["properties"], **inputs}}}
