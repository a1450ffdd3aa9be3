"""Organisations, whole event definitions and the organiser's web pages (sign-in by a mailed link)."""
from chalicelib.openapi.parts import (EVENT_ID, LOCATION, NO_CSRF, NOT_A_FORM, RETRY_AFTER, UNAVAILABLE, UNREADABLE,
                                      WWW_AUTHENTICATE, error, error_or_page, json_answer, page)

BEARER = [{"organiser": []}]
ORG_ID = {"name": "organisation_id", "in": "path", "required": True, "description": "The organisation's id.",
          "schema": {"type": "string"}}
LOGIN = {"name": "token", "in": "path", "required": True, "description": "One-time sign-in token from the mail.",
         "schema": {"type": "string"}}
ORGANISATION = {"type": "object", "required": ["name"], "properties": {
    "name": {"type": "string", "maxLength": 200, "pattern": "\\S", "description": "Not empty, not only spaces."},
    "members": {"type": "array", "maxItems": 200, "default": [], "items": {"oneOf": [
        {"type": "string", "format": "email", "description": "A plain address: role `organisator`."},
        {"type": "object", "required": ["email", "role"], "properties": {
            "email": {"type": "string", "format": "email"},
            "role": {"type": "string", "enum": ["beheerder", "organisator", "deur", "meekijker"]}}}]},
                "description": "The organiser accounts and their roles (absent: none; a `PUT` replaces the list). "
                               "`GET` returns each as `{\"email\", \"role\"}`."},
    "privacy_statement_url": {"type": ["string", "null"], "maxLength": 500, "pattern": "^(https://|$)",
                              "description": "Its privacy statement (https only; empty: none): linked on every hosted "
                                             "form, attendee page, thank-you page and mail footer."},
    "sender_name": {"type": ["string", "null"], "maxLength": 100,
                    "description": "The display name of every attendee mail's From (else the event organiser's name)."},
    "reply_to": {"type": ["string", "null"], "format": "email",
                 "description": "The Reply-To of every attendee mail (else the event organiser's address)."},
    "colour": {"type": ["string", "null"], "pattern": "^#[0-9a-fA-F]{6}$",
               "description": "The house colour; refused (400) below 4.5:1 contrast against white text."},
    "default_retention_days": {"type": ["integer", "null"], "minimum": 1, "maximum": 3650,
                               "description": "`retention_days` of a new event made in the editor."},
    "default_locale": {"type": ["string", "null"], "enum": ["nl", "en", None],
                       "description": "The first language of a new event made in the editor."},
    "logo": {"type": "object", "readOnly": True, "description": "`GET` only, set on the settings page: "
             "`{\"type\": \"image/png\" | \"image/svg+xml\", \"version\"}`; served at `/organisations/{id}/logo`."}},
    "description": "A setting left out of a `PUT` (or empty, or `null`) is removed; the logo stays."}
DENIED = {"401": error("`unauthorized`.", WWW_AUTHENTICATE), "403": error("`forbidden`.")}
FORM = {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}
TO_PAGE = {"description": "To an organiser page (POST/redirect/GET).", "headers": LOCATION}

PATHS = {
    "/assets/site.css": {"get": {
        "summary": "The pages' stylesheet", "description": "One stylesheet for every page.",
        "responses": {"200": {"description": "CSS.", "content": {"text/css": {"schema": {"type": "string"}}}}}}},
    "/organisations/{organisation_id}": {
        "put": {"summary": "Create or update an organisation (scope admin on all events)",
                "description": "The organisation's name and its members, who may sign in and manage its events.",
                "security": BEARER, "parameters": [ORG_ID],
                "requestBody": {"required": True, "content": {"application/json": {"schema": ORGANISATION}}},
                "responses": {"200": json_answer(ORGANISATION, "Updated."), "201": json_answer(ORGANISATION, "Created."),
                              "400": error("`validation_failed` or `bad_request`."), **DENIED,
                              "413": error("`payload_too_large`."), "415": error("`unsupported_media_type`."),
                              **UNAVAILABLE}},
        "get": {"summary": "An organisation and its members", "description": "As `PUT` stored it.",
                "security": BEARER, "parameters": [ORG_ID],
                "responses": {"200": json_answer(ORGANISATION, "The organisation."), **DENIED,
                              "404": error("`not_found`."), **UNAVAILABLE}}},
    "/events/{event_id}/definition": {"get": {
        "summary": "The whole stored definition (scope admin)",
        "description": "Private fields included, in the shape `PUT /events/{event_id}` takes: `GET` then `PUT` of "
                       "the same body changes nothing.",
        "security": BEARER, "parameters": [EVENT_ID],
        "responses": {"200": json_answer({"type": "object"}, "The definition."), **DENIED,
                      "404": error("`event_not_found`."), **UNAVAILABLE}}},
    "/": {"get": {
        "summary": "The service's bare address",
        "description": "`303` to `/organiser` (keeping `?lang=en`), so nobody who types only the domain meets a 404.",
        "responses": {"303": TO_PAGE}}},
    "/organiser": {"get": {
        "summary": "Sign-in page, or the member's events",
        "description": "Dutch first, `?lang=en` for English. Without a session: a form with an `email` field.",
        "responses": {"200": page("The page."), **UNAVAILABLE}}},
    "/organiser/login": {"post": {
        "summary": "Mail a sign-in link",
        "description": "The same answer for every address; a member gets a one-time link, valid 15 minutes.",
        "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
            "type": "object", "required": ["email"], "properties": {"email": {"type": "string", "format": "email"}}}}}},
        "responses": {"200": page("Look in your mailbox."), "400": error_or_page("Not an address."),
                      "413": error_or_page("`payload_too_large`."), "415": error_or_page("`unsupported_media_type`."),
                      "429": error_or_page("`rate_limited`.", RETRY_AFTER), **UNAVAILABLE}}},
    "/organiser/login/{token}": {
        "get": {"summary": "A page with one sign-in button",
                "description": "Mail scanners that prefetch the link sign nobody in.", "parameters": [LOGIN],
                "responses": {"200": page("The button."),
                              "404": error_or_page("`invalid_token`: a used, expired or unknown link."),
                              **UNAVAILABLE}},
        "post": {"summary": "Sign in", "description": "Sets the session cookie and goes to `/organiser`.",
                 "parameters": [LOGIN], "requestBody": {"required": True, "content": FORM},
                 "responses": {"303": TO_PAGE, **UNREADABLE, **NOT_A_FORM,
                               "403": error_or_page("`forbidden`: posted from another site's page."),
                               "404": error_or_page("`invalid_token`: a used, expired or unknown link."),
                               **UNAVAILABLE}}},
    "/organiser/logout": {"post": {
        "summary": "Sign out", "description": "Ends the session (the form carries the CSRF token).",
        "requestBody": {"required": True, "content": FORM},
        "responses": {"303": TO_PAGE, **UNREADABLE, **NO_CSRF, **NOT_A_FORM,
                      **UNAVAILABLE}}},
}
