"""Organiser operations: copy an event, add a person by hand, cancel the event (the API and its
pages), and the link in the organiser's daily digest that turns it off."""
from chalicelib.openapi.organiser import AUTH_ERRORS, BEARER
from chalicelib.openapi.organiser_editor import EVENT_ID, _get, _post
from chalicelib.openapi.parts import LOCATION, UNAVAILABLE, error, error_or_page, json_answer, page, ref

COPY = {"type": "object", "required": ["id", "starts_at", "ends_at"], "properties": {
    "id": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$", "description": "The new event's id."},
    "starts_at": {"type": "string", "description": "ISO 8601; without an offset in the event's `timezone`."},
    "ends_at": {"type": "string", "description": "ISO 8601, after `starts_at`."}}}
ADDED = {"type": "object", "required": ["registration_id", "status"], "properties": {
    "registration_id": {"type": "string"}, "event_id": {"type": "string"},
    "status": {"type": "string", "enum": ["confirmed", "waitlisted", "pending"]}}}
JSON_ERRORS = {"404": error("`event_not_found`."), **AUTH_ERRORS, "413": error("`payload_too_large`."),
               "415": error("`unsupported_media_type`."), **UNAVAILABLE}
CANCEL = {"type": "object", "properties": {
    "message": {"type": ["string", "null"], "maxLength": 500,
                "description": "A short reason, shown in the cancellation mail; may be left out."}}}
CANCELLED = {"type": "object", "required": ["event_id", "status", "cancelled_at", "people_told"], "properties": {
    "event_id": {"type": "string"}, "status": {"type": "string", "enum": ["cancelled"]},
    "cancelled_at": {"type": "string", "description": "When the event was first cancelled (ISO 8601)."},
    "people_told": {"type": "integer", "minimum": 0,
                    "description": "Registrations this call cancelled, each getting the cancellation mail; 0 on a repeat."}}}
DIGEST_TOKEN = {"name": "digest_token", "in": "path", "required": True, "schema": {"type": "string"},
                "description": "Signed link from a digest mail: its own kind, it can only turn that event's digest off."}

PATHS = {
    "/events/{event_id}/copy": {"post": {
        "summary": "Copy an event (scope admin)",
        "description": "A new event with the texts, questions, settings, allowed websites and organisation of this "
                       "one, the new `id` and dates, and no registrations. A closing time moves with the start.",
        "security": BEARER, "parameters": [EVENT_ID],
        "requestBody": {"required": True, "content": {"application/json": {"schema": COPY}}},
        "responses": {"201": json_answer(ref("EventDefinition"), "The new event's definition.",
                                         {"Location": LOCATION["Location"]}),
                      "400": error("`validation_failed` naming the field, or `bad_request`."),
                      "409": error("`event_exists`: an event with this `id` exists."), **JSON_ERRORS}}},
    "/events/{event_id}/registrations": {"post": {
        "summary": "Add a person by hand (scope admin)",
        "description": "Someone who signed up another way (by phone). The signup's fields and rules: a seat, "
                       "else the waiting list, and the same mail. Consent is recorded as given to the organiser "
                       "(`consent_source` `organiser`). Closed registration does not stop it; no rate limit. "
                       "Audited.",
        "security": BEARER, "parameters": [EVENT_ID],
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref("Signup")}}},
        "responses": {"201": json_answer(ADDED, "Added."),
                      "400": error("`validation_failed` naming each field, or `bad_request`."),
                      "409": error("`event_full` (no waiting list) or `already_registered`."), **JSON_ERRORS}}},
    "/events/{event_id}/cancel": {"post": {
        "summary": "Cancel the event (scope admin)",
        "description": "Registration closes for good (also for an organiser's additions; `availability` is "
                       "`closed`), and every registered person (confirmed, pending, waitlisted) is cancelled "
                       "with `cancelled_by` `event`: each gets one mail \"Afgezegd: {title}\" with a "
                       "`METHOD:CANCEL` invite (same UID, higher SEQUENCE). Nobody moves up from the waiting "
                       "list. Cancelling again changes nothing and sends nothing. Audited. The body is optional.",
        "security": BEARER, "parameters": [EVENT_ID],
        "requestBody": {"required": False, "content": {"application/json": {"schema": CANCEL}}},
        "responses": {"200": json_answer(CANCELLED, "Cancelled (or it already was)."),
                      "400": error("`validation_failed` naming `message`, or `bad_request`."), **JSON_ERRORS}}},
    "/organiser/events/{event_id}/cancel": {
        "get": _get("Cancel the event: the question", "Says how many people will get a mail; asks an optional "
                    "message. Opening it changes nothing.", [EVENT_ID]),
        "post": _post("Cancel the event", "To the event's overview, which shows it cancelled.", [EVENT_ID],
                      answers={"400": page("The question again, with the message's problem beside it.")})},
    "/organiser/events/{event_id}/copy": {
        "get": _get("Copy an event", "Asks the new date, times and link name.", [EVENT_ID]),
        "post": _post("Make the copy", "To the new event's overview.", [EVENT_ID])},
    "/organiser/events/{event_id}/registrations/new": {
        "get": _get("Sign someone up by hand", "The signup's fields and the consent given to the organiser.",
                    [EVENT_ID]),
        "post": _post("Sign the person up", "Back to this page with what happened.", [EVENT_ID],
                      answers={"409": page("Full without a waiting list, or the address is already registered.")})},
    "/digest/{digest_token}": {
        "get": {"summary": "Turn off the daily digest: the question",
                "description": "A page with one button; opening the link changes nothing.",
                "parameters": [DIGEST_TOKEN],
                "responses": {"200": page("The page."), "404": error_or_page("`invalid_token`."), **UNAVAILABLE}},
        "post": {"summary": "Turn off the daily digest",
                 "description": "Sets the event's `digest` to false. Also the one-click unsubscribe of RFC 8058 "
                                "(`List-Unsubscribe=One-Click`).",
                 "parameters": [DIGEST_TOKEN],
                 "responses": {"200": page("Done."), "404": error_or_page("`invalid_token`."), **UNAVAILABLE}}},
}
