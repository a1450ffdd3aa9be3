"""Public operations: health, this description, the event, signing up, the hosted form."""
from chalicelib.openapi.parts import (EVENT_ID, LANG, LOCATION, RETRY_AFTER, UNAVAILABLE, error,
                                      error_or_page, json_answer, page, ref)

SIGNUP_ERRORS = {
    "400": error_or_page("`validation_failed` with a message per field, or `bad_request` (unreadable body). "
                         "A form post gets the hosted form again, with the messages and its values."),
    "403": error_or_page("`invitation_required`: the event takes signups only through its invitation link, "
                         "and `_invite` is missing or not its code."),
    "404": error_or_page("`event_not_found`."),
    "409": error_or_page("`event_full` (full, no waiting list), `session_full` (a chosen session, or the "
                         "attendance, is full and has no waiting list; `fields` names it) or `registration_closed`."),
    "413": error_or_page("`payload_too_large`: the body is over 16 KiB."),
    "415": error_or_page("`unsupported_media_type`: neither JSON nor a form."),
    "429": error_or_page("`rate_limited`: too many attempts from this client; every attempt counts.",
                         RETRY_AFTER),
}

PATHS = {
    "/organisations/{organisation_id}/logo": {"get": {
        "summary": "An organisation's logo",
        "description": "As uploaded on its settings page: `image/png`, or `image/svg+xml` with a `Content-Security-Policy` "
                       "that runs and loads nothing; `X-Content-Type-Options: nosniff`. Pages link it with `?v=` (its "
                       "version), so it may be cached for a day.",
        "parameters": [{"name": "organisation_id", "in": "path", "required": True, "schema": {"type": "string"},
                        "description": "The organisation's id."},
                       {"name": "v", "in": "query", "required": False, "schema": {"type": "string"},
                        "description": "The logo's version (ignored; it makes a new logo a new address)."}],
        "responses": {"200": {"description": "The logo.", "content": {"image/png": {"schema": {"type": "string", "format": "binary"}},
                                                                      "image/svg+xml": {"schema": {"type": "string"}}}},
                      "304": {"description": "Not modified (`If-None-Match`)."},
                      "404": error("`not_found`: no such organisation, or it has no logo."), **UNAVAILABLE}}},
    "/health": {"get": {
        "summary": "Liveness", "description": "Answers while the API function runs.",
        "responses": {"200": json_answer({"type": "object", "additionalProperties": False, "required": ["status"],
                                          "properties": {"status": {"const": "ok"}}}, "Up.")}}},
    "/openapi.json": {"get": {
        "summary": "This description", "description": "The OpenAPI 3.1 description of every route.",
        "responses": {"200": json_answer({"type": "object", "required": ["openapi", "paths"]},
                                         "OpenAPI 3.1 document.")}}},
    "/events/{event_id}": {"get": {
        "summary": "Public view of an event",
        "description": ("Texts in the language of `?lang` (or `Accept-Language`); the seats as a band "
                        "(`availability`), and exact (`spots_left`) only where the organiser chose it."),
        "parameters": [EVENT_ID, LANG],
        "responses": {"200": json_answer(ref("Event"), "The event."), "404": error("`event_not_found`."),
                      **UNAVAILABLE}}},
    "/events/{event_id}/signups": {"post": {
        "summary": "Sign up (JSON or a plain HTML form)",
        "description": (
            "JSON in, JSON out. A form post (`application/x-www-form-urlencoded` without "
            "`Accept: application/json`) gets pages: `303` to an allowed `_redirect` with `status` added to "
            "its query, else `303` to our thank-you page `GET /events/{event_id}/thanks` (POST-redirect-GET: "
            "a reload does not post again). A repeated signup of a registered address answers exactly "
            "like a new one and stores nothing. A filled `_gotcha` answers like a success and stores nothing."),
        "parameters": [EVENT_ID],
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": ref("Signup")},
            "application/x-www-form-urlencoded": {"schema": ref("Signup")}}},
        "responses": {
            "201": json_answer(ref("SignupAccepted"), "Accepted: seated, waiting, or pending confirmation."),
            "303": {"description": "Form post: to an allowed `_redirect`, else to our thank-you page, with "
                                   "`status` (what a newcomer would get) added.", "headers": LOCATION},
            **SIGNUP_ERRORS, **UNAVAILABLE}}},
    "/events/{event_id}/thanks": {"get": {
        "summary": "Thank-you page after a form post",
        "description": "Where a form post without an allowed `_redirect` is sent (`303`). It shows only what "
                       "the query says (`status`, `lang`): the same page for a newcomer and for someone "
                       "already registered. Sites may frame it.",
        "parameters": [EVENT_ID, LANG, {
            "name": "status", "in": "query", "required": False,
            "schema": {"type": "string"},
            "description": "The status a newcomer would get (`confirmed`, `waitlisted` or `pending`); anything "
                           "else shows the page without a status line."}],
        "responses": {"200": page("The thank-you page."),
                      "404": error_or_page("`event_not_found`: a page (JSON with `Accept: application/json`)."),
                      **UNAVAILABLE}}},
    "/events/{event_id}/form": {"get": {
        "summary": "Ready-made accessible signup form",
        "description": "Works without JavaScript; sites may frame it. `?redirect=` carries a `_redirect` into "
                       "the form when its origin is allowed for the event.",
        "parameters": [EVENT_ID, LANG, {
            "name": "redirect", "in": "query", "required": False, "schema": {"type": "string"},
            "description": "Where to send the visitor after signing up; left out unless its origin is allowed."}, {
            "name": "invite", "in": "query", "required": False, "schema": {"type": "string"},
            "description": "The invitation code of an invitation-only event (its invitation link); the form "
                           "carries it on as `_invite`."}],
        "responses": {"200": page("The form."),
                      "403": page("An invitation-only event without its genuine `invite` code: a page that "
                                  "says an invitation is needed, with no form."),
                      "404": error_or_page("`event_not_found`: a page (JSON with `Accept: application/json`)."),
                      **UNAVAILABLE}}},
}
