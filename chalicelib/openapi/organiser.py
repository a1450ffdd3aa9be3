"""Organiser operations for automation (Bearer token): events, exports, erasure."""
from chalicelib.openapi.parts import (EVENT_ID, LOCATION, UNAVAILABLE, WWW_AUTHENTICATE, error, json_answer,
                                      ref)

from chalicelib.openapi.export_links import ACCEPTED  # noqa: E402 - the 202 of a big export

BEARER = [{"organiser": []}]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS_LIST = "(confirmed|waitlisted|pending|cancelled|expired|erased)"
COLUMN_LIST = "[a-z][a-z0-9_]*"
AUTH_ERRORS = {
    "401": error("`unauthorized`: no token, or an unknown, expired or revoked one.", WWW_AUTHENTICATE),
    "403": error("`forbidden`: the token lacks the scope or the event."),
}


def _query(name, description, schema):
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


EXPORT_PARAMETERS = [
    EVENT_ID,
    _query("format", "The format; wins over `Accept` (`text/csv`, the XLSX type or `application/json`). "
                     "Default: what `Accept` asks, else CSV. Any other value: 406 `not_acceptable`.",
           {"type": "string", "enum": ["csv", "xlsx", "json"]}),
    _query("status", "Only these statuses, comma-separated.",
           {"type": "string", "pattern": f"^{STATUS_LIST}(,{STATUS_LIST})*$"}),
    _query("fields", "Which columns, in this order, comma-separated: the standard ones (`registration_id`, "
                     "`status`, `name`, `email`, `locale`, `created_at`, `updated_at`, `email_status`, "
                     "`consent_given_at`, `consent_version`, `checked_in_at`) and the event's custom fields. "
                    "Default: all.",
           {"type": "string", "pattern": f"^{COLUMN_LIST}(,{COLUMN_LIST})*$"}),
    _query("include_erased", "`1`: also the erased registrations (blank but for their id, status and times); "
                             "left out by default.", {"type": "string", "enum": ["1", "0", "yes", "no", "true", "false"]}),
    _query("checked_in", "`yes`: only those checked in at the door; `no`: only those not (with "
                         "`status=confirmed`: the no-shows).", {"type": "string", "enum": ["yes", "no", "1", "0", "true", "false"]}),
    _query("lang", "Column headers, and the values people read (status, yes/no, email status), in Dutch or "
                   "English (default: machine names and values).",
           {"type": "string", "enum": ["nl", "en"]}),
    _query("since", "Only registrations created or changed at or after this time: ISO 8601, a date or a date "
                    "and time; without an offset, in the event's zone. Encode `+` as `%2B`.",
           {"type": "string", "examples": ["2026-11-01T09:00:00+01:00"]}),
    _query("delimiter", "CSV only: `semicolon` (or `;`) for Excel with Dutch settings; `comma` (or `,`) is the "
                        "default.", {"type": "string", "enum": ["comma", "semicolon", ",", ";"]}),
    _query("limit", "JSON only: page size.", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}),
    _query("cursor", "JSON only: the `next_cursor` of the previous page (opaque, signed, bound to the event, "
                     "`fields`, `status` and `since`).", {"type": "string"}),
]

PUT_EVENT = {"put": {
        "summary": "Create or update an event (scope admin)",
        "description": "Lowering `capacity` never cancels anyone; raising it moves waiting people up at once.",
        "security": BEARER, "parameters": [EVENT_ID],
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref("EventDefinition")}}},
        "responses": {"200": json_answer(ref("Event"), "Updated: the public view."),
                      "201": json_answer(ref("Event"), "Created: the public view."),
                      "400": error("`validation_failed` with a message per field, or `bad_request`."),
                      **AUTH_ERRORS,
                      "413": error("`payload_too_large`: over 256 KiB."),
                      "415": error("`unsupported_media_type`: not JSON."), **UNAVAILABLE}}}

PATHS = {
    "/events/{event_id}": {**PUT_EVENT, "patch": {
        "summary": "Change some fields of an event (scope admin)",
        "description": "A JSON merge patch (RFC 7396): only the given fields change, `null` removes an optional "
                       "one. The result is validated as a whole definition.",
        "security": BEARER, "parameters": [EVENT_ID],
        "requestBody": {"required": True, "content": {"application/merge-patch+json": {"schema": {"type": "object"}},
                                                      "application/json": {"schema": {"type": "object"}}}},
        "responses": {"200": json_answer(ref("Event"), "Updated: the public view."),
                      "400": error("`validation_failed` with a message per field, or `bad_request`."),
                      **AUTH_ERRORS, "404": error("`event_not_found`."),
                      "413": error("`payload_too_large`: over 256 KiB."),
                      "415": error("`unsupported_media_type`: not JSON."), **UNAVAILABLE}}},
    "/events/{event_id}/registrations": {"get": {
        "summary": "Export registrations (scope export)",
        "description": "CSV (UTF-8 with BOM, RFC 4180, every field quoted, formula triggers neutralised), XLSX "
                       "(typed cells, never a formula) or paged JSON. An export too big for one answer is a "
                       "`303` to a presigned S3 URL valid for 5 minutes. Every export is recorded in the audit "
                       "trail.",
        "security": BEARER, "parameters": EXPORT_PARAMETERS,
        "responses": {
            "200": {"description": "The registrations, in signup order.", "content": {
                "text/csv": {"schema": {"type": "string"}},
                XLSX: {"schema": {"type": "string", "contentEncoding": "binary"}},
                "application/json": {"schema": ref("RegistrationPage")}},
                "headers": {"Content-Disposition": {
                    "required": True, "description": "`attachment; filename=\"<event_id>-registrations.<ext>\"`; with "
                                                      "`lang=nl` `-aanmeldingen`, and a semicolon CSV with `lang` ends in "
                                                      "`-excel-nl`.",
                    "schema": {"type": "string", "pattern": "^attachment; filename=\"[A-Za-z0-9_-]+-(registrations|aanmeldingen)"
                                                            "(-excel-nl)?\\.(csv|xlsx|json)\"$"}}}},
            "202": ACCEPTED,
            "303": {"description": "Too big to answer inline: a presigned S3 URL.", "headers": LOCATION},
            "400": error("`validation_failed`: a parameter (named in `fields`) is wrong."),
            **AUTH_ERRORS, "404": error("`event_not_found`."),
            "406": error("`not_acceptable`: a format we do not make."), **UNAVAILABLE}}},
    "/events/{event_id}/registrations/{registration_id}": {"delete": {
        "summary": "Erase a person's data (scope admin)",
        "description": "Right to erasure: blanks the personal data, frees the seat (the waiting list moves up); "
                       "the attendee link stops working.",
        "security": BEARER, "parameters": [
            EVENT_ID, {"name": "registration_id", "in": "path", "required": True, "schema": {"type": "string"},
                       "description": "From an export."}],
        "responses": {"204": {"description": "Erased; the seat is free."}, **AUTH_ERRORS,
                      "404": error("`registration_not_found` or `event_not_found`."), **UNAVAILABLE}}},
}
