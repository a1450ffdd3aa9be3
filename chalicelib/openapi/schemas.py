"""The JSON schemas of bodies, shared by the operations (``#/components/schemas/...``)."""
from zoneinfo import available_timezones

from chalicelib.schema import attributes
from chalicelib.schema.settings import KINDS


TEXT = {"type": "string"}
DATETIME = {"type": "string", "format": "date-time"}
LOCALE = {"type": "string", "enum": ["nl", "en"]}
STATUS = {"type": "string", "enum": ["confirmed", "waitlisted", "pending", "cancelled", "expired", "erased"]}
# A text an organiser writes: one string (Dutch), or one string per locale.
LOCALIZED = KINDS["texts"]
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
                  "options": {"type": "array", "items": TEXT, "description": "The choices of a `select`."},
                  "shared": {"type": "boolean", "const": True, "description": "Only when true: the answer stands on "
                             "the participant list and in the maatjes introduction (a `text` or `select`)."},
                  "match": {"type": "boolean", "const": True,
                            "description": "Only when true: maatjes groups are made on this answer (a `select`)."}}},
    "Event": {
        "type": "object", "additionalProperties": False, "description": "The public view of an event.",
        "required": ["id", "title", "description", "starts_at", "ends_at", "timezone", "location", "capacity",
                     "availability", "waitlist_enabled", "registration_open", "registration_closes_at",
                     "consent_required", "consent_text", "double_opt_in", "locales", "fields", "participant_list",
                     "buddies"],
        "properties": {
            "id": TEXT, "title": TEXT, "description": TEXT, "starts_at": DATETIME, "ends_at": DATETIME,
            "timezone": {"type": "string", "description": "IANA zone, e.g. `Europe/Amsterdam`."},
            "location": TEXT,
            "capacity": {"type": ["integer", "null"], "minimum": 1, "description": "`null`: no limit."},
            "availability": {"type": "string", "enum": ["open", "few_left", "waitlist", "full", "closed"],
                             "description": "The seats in bands: `few_left` is at most a tenth of the capacity "
                                            "(at least 3) left; `waitlist`: seats gone, waiting list open."},
            "spots_left": {"type": ["integer", "null"],
                           "description": "Only when the event's `public_spots` is `exact`: the exact count; "
                                          "`null` without a limit."},
            "waitlist_enabled": {"type": "boolean"}, "registration_open": {"type": "boolean"},
            "registration_closes_at": {"type": ["string", "null"], "format": "date-time"},
            "consent_required": {"type": "boolean"}, "consent_text": {"type": ["string", "null"]},
            "double_opt_in": {"type": "boolean"},
            "allowed_email_domains": {"type": "array", "items": {"type": "string"},
                                      "description": "Only on a closed event: the mail domains a signup's address "
                                                     "must be at (`*.x.nl`: x.nl and its subdomains)."},
            "invitation_only": {"type": "boolean", "const": True,
                                "description": "Only on an event that takes signups through its invitation link."},
            "locales": {"type": "array", "items": LOCALE, "minItems": 1},
            "fields": {"type": "array", "items": {"$ref": "#/components/schemas/Field"}},
            "participant_list": {"type": "boolean", "description": "The signup may say `share_details` (the "
                                                                   "participant list)."},
            "buddies": {"type": "boolean", "description": "The signup may say `buddies` (maatjes after the meeting)."},
            "programme": {"$ref": "#/components/schemas/Programme"},
            "online": {"type": "object", "description": "Only on a hybrid event: `onsite` and `online`, each "
                       "`{capacity, availability}` (and `spots_left` where `public_spots` is `exact`). Never the "
                       "join link.", "additionalProperties": {"type": "object"}}}},
    "EventDefinition": {
        "type": "object", "additionalProperties": True,
        "description": "What `PUT /events/{event_id}` takes. Times without an offset are read in `timezone`; "
                       "`ends_at` must be after `starts_at`; `consent_text` is required when "
                       "`consent_required` is true. Other members are ignored.",
        "required": ["title", "starts_at", "ends_at"],     # and every required setting (all_schemas())
        "properties": {
            "title": LOCALIZED, "description": LOCALIZED, "location": LOCALIZED,
            "starts_at": {"type": "string", "description": "ISO 8601."},
            "ends_at": {"type": "string", "description": "ISO 8601, after `starts_at`."},
            "fields": {"type": "array", "maxItems": 30, "items": {
                "type": "object", "required": ["name"], "properties": {
                    "name": FIELD_NAME,
                    "type": {"type": "string", "enum": ["text", "email", "select", "checkbox"], "default": "text"},
                    "required": {"type": "boolean", "default": False},
                    "label": {"oneOf": [TEXT, LABELS]},
                    "options": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1},
                                "description": "The choices of a `select`, and only of a `select`."},
                    "shared": {"type": "boolean", "description": "The answer may be shown to other participants "
                                                                "who agreed (only `text` and `select`)."},
                    "match": {"type": "boolean", "description": "Maatjes are grouped on this answer (only "
                                                               "`select`)."}}}},
            "organiser": {"type": "object", "properties": {"name": TEXT, "email": TEXT, "url": TEXT},
                          "description": "Shown in mail footers."},
            "programme": {"type": "object", "description": "Optional: `rounds`, each `{id, title, starts_at, ends_at, "
                          "sessions}`, a session `{id, title, description, host, room, online, capacity, "
                          "waitlist_enabled}` (a `room` unless `online`); ids unique in the programme (docs/api.md)."},
            "online": {"type": "object", "description": "Optional, makes the event hybrid: `{capacity, join_url}` "
                       "(https). `capacity` is then the places on site."},
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
                                                         "answer a success gets, and nothing is stored."},
            "_invite": {"type": "string", "description": "The invitation code (from the invitation link's "
                                                         "`invite`), required by an event with `invitation_only`."},
            "sessions": {"type": "array", "items": {"type": "string"}, "description": "JSON: the ids of the sessions "
                         "chosen, at most one per round (a form posts `session_<round id>` per round instead). An id "
                         "of no session of the event, or two of one round: `400` naming `sessions`; a full session "
                         "without waiting list: `409 session_full` naming it."},
            "attendance": {"type": "string", "enum": ["onsite", "online"],
                           "description": "Required on a hybrid event (one with `online`)."}}},
    "SignupAccepted": {"type": "object", "additionalProperties": False, "required": ["event_id", "status"],
                       "properties": {"event_id": TEXT, "status": {"type": "string", "enum": [
                           "confirmed", "waitlisted", "pending"]},
                           "sessions": {"$ref": "#/components/schemas/ChosenSessions"}}},
    # the programme (issue 29, chalicelib.programme)
    "ChosenSessions": {"type": "array", "description": "Only when sessions were chosen: each of them, "
                       "each with the person's place there (a seat, or its waiting list).",
                       "items": {"type": "object", "additionalProperties": False, "required": ["id", "status"],
                                 "properties": {"id": TEXT, "status": {"type": "string",
                                                                      "enum": ["confirmed", "waitlisted"]}}}},
    "Programme": {"type": "object", "description": "The rounds of parallel sessions, each session with its band "
                  "(`availability`; `spots_left` only where `public_spots` is `exact`), and until when attendees "
                  "may switch.", "properties": {
                      "changes_close_at": DATETIME,
                      "rounds": {"type": "array", "items": {"type": "object", "properties": {
                          "id": TEXT, "title": TEXT, "starts_at": DATETIME, "ends_at": DATETIME,
                          "sessions": {"type": "array", "items": {"type": "object", "properties": {
                              "id": TEXT, "title": TEXT, "description": TEXT, "host": TEXT, "room": TEXT,
                              "online": {"type": "boolean"}, "capacity": {"type": ["integer", "null"]},
                              "waitlist_enabled": {"type": "boolean"},
                              "availability": {"type": "string", "enum": ["open", "few_left", "waitlist", "full"]},
                              "spots_left": {"type": ["integer", "null"]}}}}}}}}},
    "Registration": {"type": "object", "additionalProperties": False,
                     "required": ["registration_id", "event_id", "status"],
                     "properties": {"registration_id": TEXT, "event_id": TEXT, "status": STATUS,
                                    "sessions": {"$ref": "#/components/schemas/ChosenSessions"}}},
    "RegistrationPage": {
        "type": "object", "additionalProperties": False, "required": ["items", "next_cursor"], "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/RegistrationRow"}},
            "next_cursor": {"type": ["string", "null"], "description": "Pass as `cursor` for the next page."}}},
}


def all_schemas() -> dict:
    """SCHEMAS with what derives from a declaration, read as the document is asked for (a newly
    declared setting or attribute is in the document): the settings of chalicelib.schema.settings
    in ``EventDefinition``, the registration attributes as ``RegistrationRow`` and the form ones in ``Signup``."""
    from chalicelib.schema import settings
    definition = dict(SCHEMAS["EventDefinition"])
    members = {s.name: settings.json_schema(s, available_timezones()) for s in settings.SETTINGS}
    definition["properties"] = {**definition["properties"], **members}
    definition["required"] = definition["required"] + [s.name for s in settings.SETTINGS if s.required]
    signup = SCHEMAS["Signup"]
    inputs = {a.name: {"type": "string", "maxLength": 1000, "description": "Optional."} for a in attributes.form_fields()}
    return {**SCHEMAS, "EventDefinition": definition, "RegistrationRow": attributes.openapi_schema(),
            "Signup": {**signup, "properties": {**signup["properties"], **inputs}}}
