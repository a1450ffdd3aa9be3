"""Webhooks of an organisation (issue 28 item 9): the API and the Webhooks page. The payloads,
headers and retries are described in docs/api.md ("Webhooks")."""
from chalicelib.openapi.organiser_editor import TEAM_ORGANISATION, _get, _post
from chalicelib.openapi.organiser_pages import BEARER, DENIED, ORG_ID
from chalicelib.openapi.parts import LOCATION, UNAVAILABLE, error, json_answer, page

EVENT_TYPES = ["registration.created", "registration.confirmed", "registration.waitlisted", "registration.promoted",
               "registration.cancelled", "registration.checked_in", "registration.erased"]
WEBHOOK_ID = {"name": "webhook_id", "in": "path", "required": True, "description": "The endpoint's id (`wh_...`).",
              "schema": {"type": "string"}}
WHO = ("A beheerder of the organisation (session; `X-CSRF-Token` on a change) or the operator's token "
       "(scope `admin` on all events); a member's key is refused (403).")
ENDPOINT = {"type": "object", "required": ["webhook_id", "url", "events", "personal_data", "created_at"], "properties": {
    "webhook_id": {"type": "string"}, "url": {"type": "string", "format": "uri"},
    "events": {"type": "array", "items": {"type": "string", "enum": EVENT_TYPES}},
    "personal_data": {"type": "string", "enum": ["none", "name", "contact", "answers"]},
    "created_at": {"type": "string", "format": "date-time"}}}
NEW_ENDPOINT = {"type": "object", "required": ["url", "events"], "properties": {
    "url": {"type": "string", "maxLength": 500, "description": "https, on a public address (checked when resolved)."},
    "events": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": EVENT_TYPES}},
    "personal_data": {"type": "string", "enum": ["none", "name", "contact", "answers"], "default": "none",
                      "description": "`none`: ids, status, check-in; `name`; `contact`: name and email; "
                                     "`answers`: name, email and the answers to the event's questions."}}}
WITH_SECRET = {**ENDPOINT, "properties": {**ENDPOINT["properties"], "secret": {
    "type": "string", "description": "`whsec_` and the base64 key: shown this once."}}}
DELIVERY = {"type": "object", "properties": {
    "msg_id": {"type": "string", "description": "The `webhook-id` header: the same on every attempt."},
    "event_type": {"type": "string"}, "created_at": {"type": "string"},
    "state": {"type": "string", "enum": ["queued", "sending", "retrying", "delivered", "failed"]},
    "attempts": {"type": "integer"}, "status_code": {"type": ["integer", "null"]}, "error": {"type": ["string", "null"]},
    "last_attempt_at": {"type": ["string", "null"]}, "next_attempt_at": {"type": ["string", "null"]}}}
NOT_FOUND = {"404": error("`not_found`: no such organisation (the operator) or endpoint.")}
FORBIDDEN = {"403": error("`forbidden`: not a beheerder of this organisation, or not the operator's token.")}

PATHS = {
    "/organisations/{organisation_id}/webhooks": {
        "get": {"summary": "The organisation's webhook endpoints", "description": WHO, "security": BEARER,
                "parameters": [ORG_ID], "responses": {
                    "200": json_answer({"type": "object", "properties": {"webhooks": {"type": "array", "items": ENDPOINT}}},
                                       "The endpoints, oldest first (never their secrets)."),
                    **DENIED, **FORBIDDEN, **NOT_FOUND, **UNAVAILABLE}},
        "post": {"summary": "Add a webhook endpoint", "description": WHO + " At most 10 per organisation.",
                 "security": BEARER, "parameters": [ORG_ID],
                 "requestBody": {"required": True, "content": {"application/json": {"schema": NEW_ENDPOINT}}},
                 "responses": {"201": json_answer(WITH_SECRET, "Added; the secret is in this answer only.", LOCATION),
                               "400": error("`validation_failed` naming `url` (not https, not resolvable, not a "
                                            "public address), `events` or `personal_data`; or `bad_request`."),
                               **DENIED, **FORBIDDEN, **NOT_FOUND, "413": error("`payload_too_large`."),
                               "415": error("`unsupported_media_type`."), **UNAVAILABLE}}},
    "/organisations/{organisation_id}/webhooks/{webhook_id}": {"delete": {
        "summary": "Remove a webhook endpoint", "description": WHO + " Its queued deliveries and its log go too.",
        "security": BEARER, "parameters": [ORG_ID, WEBHOOK_ID],
        "responses": {"204": {"description": "Removed."}, **DENIED, **FORBIDDEN, **NOT_FOUND, **UNAVAILABLE}}},
    "/organisations/{organisation_id}/webhooks/{webhook_id}/secret": {"post": {
        "summary": "A new signing secret", "description": WHO + " The old secret signs too (a second `v1,` "
        "signature) for 24 hours.", "security": BEARER, "parameters": [ORG_ID, WEBHOOK_ID],
        "responses": {"200": json_answer({"type": "object", "properties": {
            "webhook_id": {"type": "string"}, "secret": {"type": "string"},
            "previous_valid_hours": {"type": "integer"}}}, "The new secret, shown this once."),
            **DENIED, **FORBIDDEN, **NOT_FOUND, "415": error("`unsupported_media_type`."), **UNAVAILABLE}}},
    "/organisations/{organisation_id}/webhooks/{webhook_id}/test": {"post": {
        "summary": "Send a test delivery", "description": WHO + " Queues a `webhook.test` delivery through the "
        "outbox, as any other; its outcome is in the delivery log.", "security": BEARER,
        "parameters": [ORG_ID, WEBHOOK_ID],
        "responses": {"202": json_answer({"type": "object", "properties": {
            "msg_id": {"type": "string"}, "event_type": {"const": "webhook.test"}, "state": {"const": "queued"}}},
            "Queued.", LOCATION), **DENIED, **FORBIDDEN, **NOT_FOUND, "415": error("`unsupported_media_type`."),
            **UNAVAILABLE}}},
    "/organisations/{organisation_id}/webhooks/{webhook_id}/deliveries": {"get": {
        "summary": "The endpoint's delivery log", "description": WHO + " The latest 50, newest first; kept 30 days.",
        "security": BEARER, "parameters": [ORG_ID, WEBHOOK_ID],
        "responses": {"200": json_answer({"type": "object", "properties": {
            "deliveries": {"type": "array", "items": DELIVERY}}}, "The deliveries."),
            **DENIED, **FORBIDDEN, **NOT_FOUND, **UNAVAILABLE}}},
    # the page
    "/organiser/webhooks": {
        "get": _get("The Webhooks page (beheerder)", "The organisation's endpoints, each with its delivery log (the "
                    "latest 20) and buttons to send a test, make a new secret and remove it; the form to add one. "
                    "`?organisation=` as on the settings page; another role gets the 403 page.", [TEAM_ORGANISATION]),
        "post": _post("Add a webhook endpoint", "Form fields `organisation`, `url`, `personal_data` and a checkbox "
                      "`event:<type>` per event type. 201 with the page showing the secret once; 400 with the form "
                      "again, each mistake named.", answers={"201": page("The page with the new secret, once.")})},
    "/organiser/webhooks/test": {"post": _post("Send a test delivery", "Form fields `organisation`, `webhook`. "
                                               "Back to the page (303), where the log shows the outcome.")},
    "/organiser/webhooks/secret": {"post": _post("A new signing secret", "Form fields `organisation`, `webhook`. "
                                                 "The page with the new secret, once.",
                                                 answers={"200": page("The page with the new secret.")})},
    "/organiser/webhooks/remove": {"post": _post("Remove a webhook endpoint", "Form fields `organisation`, "
                                                 "`webhook`. Back to the page (303).")},
}
