"""The OpenAPI 3.1 description of the HTTP API (served at ``GET /openapi.json``).

Written by hand from /work/shared/API.md's contract; tests/test_openapi.py checks that
its paths and methods are exactly app.py's routes and that it is valid OpenAPI 3.1.
"""

ERROR = {"$ref": "#/components/schemas/Error"}
EVENT_ID = {"name": "event_id", "in": "path", "required": True, "schema": {"type": "string"}}
TOKEN = {"name": "token", "in": "path", "required": True, "description": "Opaque signed attendee token.",
         "schema": {"type": "string"}}
ORGANISER = [{"organiser": []}]


def _json(schema, description):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description):
    return _json(ERROR, description)


def _html(description):
    return {"description": description, "content": {"text/html": {"schema": {"type": "string"}}}}


def _attendee_action(summary):
    return {"summary": summary, "parameters": [TOKEN], "responses": {
        "200": {"description": "Done: a page, or JSON with `Accept: application/json`.",
                "content": {"text/html": {"schema": {"type": "string"}},
                            "application/json": {"schema": {"$ref": "#/components/schemas/Registration"}}}},
        "404": _html("Tampered, unknown or expired token.")}}


def spec() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Signup service", "version": "1.0",
                 "description": "Event signups: public form and JSON endpoints, attendee links, organiser exports."},
        "servers": [{"url": "/"}],
        "paths": {
            "/health": {"get": {"summary": "Liveness", "responses": {
                "200": _json({"type": "object", "properties": {"status": {"const": "ok"}}}, "Up.")}}},
            "/openapi.json": {"get": {"summary": "This description", "responses": {
                "200": _json({"type": "object"}, "OpenAPI 3.1 document.")}}},
            "/events/{event_id}": {
                "get": {"summary": "Public view of an event", "parameters": [EVENT_ID], "responses": {
                    "200": _json({"$ref": "#/components/schemas/Event"}, "The event."),
                    "404": _error("event_not_found")}},
                "put": {"summary": "Create or update an event (scope admin)", "security": ORGANISER,
                        "parameters": [EVENT_ID],
                        "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}},
                        "responses": {"200": _json({"$ref": "#/components/schemas/Event"}, "Updated."),
                                      "201": _json({"$ref": "#/components/schemas/Event"}, "Created."),
                                      "400": _error("validation_failed"), "401": _error("unauthorized"),
                                      "403": _error("forbidden")}},
                "patch": {"summary": "Change some fields: a JSON merge patch, RFC 7396 (scope admin)",
                          "security": ORGANISER, "parameters": [EVENT_ID],
                          "requestBody": {"required": True, "content": {
                              "application/merge-patch+json": {"schema": {"type": "object"}},
                              "application/json": {"schema": {"type": "object"}}}},
                          "responses": {"200": _json({"$ref": "#/components/schemas/Event"}, "Updated."),
                                        "400": _error("validation_failed"), "401": _error("unauthorized"),
                                        "403": _error("forbidden"), "404": _error("event_not_found")}}},
            "/events/{event_id}/signups": {"post": {
                "summary": "Sign up (JSON or a plain HTML form)", "parameters": [EVENT_ID],
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Signup"}},
                    "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/Signup"}}}},
                "responses": {
                    "200": {"description": "Form post without an allowed `_redirect`: the thank-you page (text/html)."},
                    "201": _json({"$ref": "#/components/schemas/SignupAnswer"},
                                 "Accepted: a new address, or one already registered; the answers are alike."),
                    "303": {"description": "Form post with an allowed `_redirect`."},
                    "400": _error("validation_failed"), "404": _error("event_not_found"),
                    "409": _error("event_full or registration_closed"), "413": _error("payload_too_large"),
                    "415": _error("unsupported_media_type"), "429": _error("rate_limited")}}},
            "/events/{event_id}/form": {"get": {
                "summary": "Ready-made accessible signup form", "parameters": [
                    EVENT_ID, {"name": "lang", "in": "query", "schema": {"enum": ["nl", "en"]}}],
                "responses": {"200": _html("The form."), "404": _html("Unknown event.")}}},
            "/registrations/{token}": {"get": {
                "summary": "Attendee page", "parameters": [TOKEN],
                "responses": {"200": _html("The registration and its actions."), "404": _html("Bad token.")}}},
            "/registrations/{token}/confirm": {"post": _attendee_action("Confirm a pending registration")},
            "/registrations/{token}/cancel": {"post": _attendee_action("Cancel a registration")},
            "/registrations/{token}/calendar.ics": {"get": {
                "summary": "Calendar invite", "parameters": [TOKEN], "responses": {
                    "200": {"description": "iCalendar file.", "content": {"text/calendar": {"schema": {"type": "string"}}}},
                    "404": _html("Bad token.")}}},
            "/events/{event_id}/registrations": {"get": {
                "summary": "Export registrations (scope export)", "security": ORGANISER, "parameters": [
                    EVENT_ID,
                    {"name": "format", "in": "query", "schema": {"enum": ["csv", "xlsx", "json"], "default": "csv"}},
                    {"name": "status", "in": "query", "description": "Comma-separated statuses.",
                     "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "CSV (UTF-8 with BOM), XLSX or a JSON page.", "content": {
                        "text/csv": {"schema": {"type": "string"}},
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                            {"schema": {"type": "string", "contentEncoding": "base64"}},
                        "application/json": {"schema": {"$ref": "#/components/schemas/RegistrationPage"}}}},
                    "400": _error("validation_failed"), "401": _error("unauthorized"),
                    "403": _error("forbidden"), "404": _error("event_not_found"), "406": _error("not_acceptable")}}},
            "/events/{event_id}/registrations/{registration_id}": {"delete": {
                "summary": "Erase a person's data (scope admin)", "security": ORGANISER, "parameters": [
                    EVENT_ID, {"name": "registration_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "Erased; the seat is free."},
                              "401": _error("unauthorized"), "403": _error("forbidden"),
                              "404": _error("registration_not_found")}}},
            **_organiser_paths(),
        },
        "components": {
            "securitySchemes": {"organiser": {"type": "http", "scheme": "bearer",
                                              "description": "Organiser token minted by the CLI."}},
            "schemas": _schemas(),
        },
    }


def _schemas() -> dict:
    text = {"type": "string"}
    return {
        "Error": {"type": "object", "required": ["error", "message"], "properties": {
            "error": text, "message": text, "fields": {"type": "object", "additionalProperties": text}}},
        "Event": {"type": "object", "required": ["id", "title", "starts_at"], "properties": {
            "id": text, "title": text, "description": text, "starts_at": {"type": "string", "format": "date-time"},
            "ends_at": {"type": "string", "format": "date-time"}, "timezone": text, "location": text,
            "capacity": {"type": ["integer", "null"]}, "spots_left": {"type": ["integer", "null"]},
            "waitlist_enabled": {"type": "boolean"}, "registration_open": {"type": "boolean"},
            "consent_required": {"type": "boolean"}, "locales": {"type": "array", "items": text},
            "fields": {"type": "array", "items": {"type": "object"}}}},
        "Signup": {"type": "object", "required": ["name", "email"], "additionalProperties": True, "properties": {
            "name": {"type": "string", "maxLength": 200}, "email": {"type": "string", "format": "email"},
            "locale": text, "consent": {"type": ["boolean", "string"]}, "_redirect": {"type": "string", "format": "uri"},
            "_gotcha": text}},
        "Registration": {"type": "object", "required": ["registration_id", "event_id", "status"], "properties": {
            "registration_id": text, "event_id": text,
            "status": {"enum": ["confirmed", "waitlisted", "pending", "cancelled", "expired", "erased"]}}},
        "SignupAnswer": {"type": "object", "required": ["event_id", "status"], "additionalProperties": False,
                         "properties": {"event_id": text, "status": {"enum": ["confirmed", "waitlisted", "pending"]}}},
        "RegistrationPage": {"type": "object", "required": ["items", "next_cursor"], "properties": {
            "items": {"type": "array", "items": {"type": "object"}}, "next_cursor": {"type": ["string", "null"]}}},
    }


def _organiser_paths() -> dict:
    """Organisations, event definitions and the organiser's web pages (sign-in by a mailed link)."""
    org_id = {"name": "organisation_id", "in": "path", "required": True, "schema": {"type": "string"}}
    login = {"name": "token", "in": "path", "required": True, "description": "One-time sign-in token.",
             "schema": {"type": "string"}}
    organisation = {"type": "object", "required": ["name", "members"], "properties": {
        "name": {"type": "string", "maxLength": 200},
        "members": {"type": "array", "items": {"type": "string", "format": "email"}, "maxItems": 200}}}
    denied = {"401": _error("unauthorized"), "403": _error("forbidden")}
    form = {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}
    return {
        "/assets/site.css": {"get": {"summary": "The pages' stylesheet", "responses": {
            "200": {"description": "CSS.", "content": {"text/css": {"schema": {"type": "string"}}}}}}},
        "/organisations/{organisation_id}": {
            "put": {"summary": "Create or update an organisation (scope admin on all events)", "security": ORGANISER,
                    "parameters": [org_id],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": organisation}}},
                    "responses": {"200": _json(organisation, "Updated."), "201": _json(organisation, "Created."),
                                  "400": _error("validation_failed"), **denied}},
            "get": {"summary": "An organisation and its members", "security": ORGANISER, "parameters": [org_id],
                    "responses": {"200": _json(organisation, "The organisation."), "404": _error("not_found"),
                                  **denied}}},
        "/events/{event_id}/definition": {"get": {
            "summary": "The whole stored definition, in the shape PUT takes (scope admin)", "security": ORGANISER,
            "parameters": [EVENT_ID], "responses": {"200": _json({"type": "object"}, "The definition."),
                                                    "404": _error("event_not_found"), **denied}}},
        "/organiser": {"get": {"summary": "Sign-in page, or the member's events", "responses": {
            "200": _html("The page.")}}},
        "/organiser/login": {"post": {
            "summary": "Mail a sign-in link (the same answer for every address)",
            "requestBody": {"required": True, "content": form},
            "responses": {"200": _html("Look in your mailbox."), "400": _html("Not an address."),
                          "429": _error("rate_limited")}}},
        "/organiser/login/{token}": {
            "get": {"summary": "A page with one sign-in button", "parameters": [login],
                    "responses": {"200": _html("The button."), "404": _html("Used, expired or unknown link.")}},
            "post": {"summary": "Sign in: sets the session cookie", "parameters": [login],
                     "responses": {"303": {"description": "To /organiser, with Set-Cookie."},
                                   "404": _html("Used, expired or unknown link.")}}},
        "/organiser/logout": {"post": {"summary": "Sign out (CSRF token required)",
                                       "requestBody": {"required": True, "content": form},
                                       "responses": {"303": {"description": "To the sign-in page."},
                                                     "403": _error("forbidden")}}},
    }
