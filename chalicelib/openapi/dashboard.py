"""The event dashboard: stats, messages to attendees, cancelling on an attendee's behalf, check-in
at the door (Bearer token or a member's session), and the dashboard's own pages."""
from chalicelib.openapi.organiser import AUTH_ERRORS, BEARER
from chalicelib.openapi.parts import (EVENT_ID, LOCATION, NO_CSRF, NOT_A_FORM, RETRY_AFTER, UNAVAILABLE, UNREADABLE, error,
                                      error_or_page, json_answer, page)

RID = {"name": "registration_id", "in": "path", "required": True, "description": "The registration's id.",
       "schema": {"type": "string"}}
CHECKIN = {"name": "checkin_token", "in": "path", "required": True, "schema": {"type": "string"},
           "description": "Signed check-in token from the QR code: its own kind, it can do nothing but check in."}
COUNT = {"type": "integer", "minimum": 0}
STATS = {"type": "object", "required": ["confirmed", "pending", "waitlisted", "cancelled", "checked_in",
                                        "signups_per_day"], "properties": {
    **{k: COUNT for k in ("confirmed", "pending", "waitlisted", "cancelled", "expired", "checked_in")},
    "capacity": {"type": ["integer", "null"]},
    "signups_per_day": {"type": "array", "items": {"type": "object", "required": ["date", "count"], "properties": {
        "date": {"type": "string", "format": "date"}, "count": COUNT}}}}}
# a text with something besides spaces, and none of the control characters ``bad`` (a character class body)
def _text_without(bad: str) -> str:
    return f"^[^{bad}]*[^\\s{bad}][^{bad}]*$"


MESSAGE = {"type": "object", "required": ["subject", "body", "to"], "properties": {
    "subject": {"type": "string", "minLength": 1, "maxLength": 150, "pattern": _text_without("\\x00-\\x1f\\x7f-\\x9f"),
                "description": "One line: no line break or other control character; not only spaces."},
    "body": {"type": "string", "minLength": 1, "maxLength": 20000,
             "pattern": _text_without("\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f"),
             "description": "Plain text (line breaks and tabs allowed); not only spaces."},
    "to": {"type": "array", "minItems": 1, "items": {"enum": ["confirmed", "waitlisted", "pending"]}},
    "session": {"type": ["string", "null"], "description": "Optional (null or absent: none): a session id of the event's `programme`; only the "
                                                 "registrations with a seat in it (`400` naming `session` otherwise)."}}}
FORM = {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}
PAGE = {"200": page("The page."), "303": {"description": "Not signed in: to the sign-in page.", "headers": LOCATION},
        "404": page("No such event (or registration), or not the member's organisation.")}
DONE = {"303": {"description": "Done: back to the page the action came from (or, not signed in, to the "
                              "sign-in page).", "headers": LOCATION},
        **UNREADABLE, **NO_CSRF,
        "404": page("No such event or registration, or not the member's organisation."), **NOT_A_FORM}
FORM_AGAIN = error_or_page("The form again, with messages; JSON `validation_failed` or `bad_request` when asked for.")
EVENT_PAGE, PERSON = "/organiser/events/{event_id}", "/organiser/events/{event_id}/registrations/{registration_id}"


def _get(summary, description, *params):
    return {"get": {"summary": summary, "description": description, "parameters": [EVENT_ID, *params],
                    "responses": PAGE}}


def _post(summary, description, *params, responses=None):
    return {"post": {"summary": summary, "description": description + " The form carries the CSRF token.",
                     "parameters": [EVENT_ID, *params], "requestBody": {"required": True, "content": FORM},
                     "responses": responses or DONE}}


PATHS = {
    "/events/{event_id}/stats": {"get": {
        "summary": "The event's numbers (scope export)",
        "description": "Counts by status, how many checked in, and signups per day in the event's zone (days "
                       "without signups count 0): the numbers the dashboard shows.",
        "security": BEARER, "parameters": [EVENT_ID],
        "responses": {"200": json_answer(STATS, "The numbers."), "404": error("`event_not_found`."), **AUTH_ERRORS,
                      **UNAVAILABLE}}},
    "/events/{event_id}/messages": {"post": {
        "summary": "A message to the attendees (scope admin)",
        "description": "Each recipient (the registrations with one of the `to` statuses now) gets it once through "
                       "the outbox, with their own attendee link and the organiser's Reply-To, no faster than the "
                       "SES account's MaxSendRate. Recorded in the audit trail.",
        "security": BEARER, "parameters": [EVENT_ID],
        "requestBody": {"required": True, "content": {"application/json": {"schema": MESSAGE}}},
        "responses": {"202": json_answer({"type": "object", "required": ["message_id", "recipients"], "properties": {
            "message_id": {"type": "string"}, "recipients": COUNT}}, "Queued."),
            "400": error("`validation_failed` naming each field, or `bad_request`."),
            "404": error("`event_not_found`."), **AUTH_ERRORS, "413": error("`payload_too_large`."),
            "415": error("`unsupported_media_type`."),
            "429": error("`rate_limited`: the event's `messages_per_day` (default 10) messages of today (UTC) "
                         "were sent; the message names the cap. Nothing is stored.", RETRY_AFTER),
            **UNAVAILABLE}}},
    "/events/{event_id}/registrations/{registration_id}/cancel": {"post": {
        "summary": "Cancel on the attendee's behalf (scope admin)",
        "description": "The attendee gets the cancellation mail and the waiting list moves. Cancelling again "
                       "changes nothing. Audited.",
        "security": BEARER, "parameters": [EVENT_ID, RID],
        "responses": {"200": json_answer({"type": "object", "properties": {
            "registration_id": {"type": "string"}, "event_id": {"type": "string"}, "status": {"type": "string"}}},
            "Cancelled (or it already was)."), "404": error("`registration_not_found`."), **AUTH_ERRORS,
            **UNAVAILABLE}}},
    "/checkin/{checkin_token}": {
        "get": {"summary": "The page a QR code opens",
                "description": "A signed-in member of the event's organisation sees name, status and one check-in "
                               "button; anyone else a page without personal data.",
                "parameters": [CHECKIN],
                "responses": {"200": page("The page."), "404": page("`invalid_token`: tampered, unknown or erased.")}},
        "post": {"summary": "Check in at the door",
                 "description": "A member's session with the CSRF token, or a Bearer token with scope admin. Marks "
                                "`checked_in_at` once; repeating it is harmless.",
                 "parameters": [CHECKIN],
                 "responses": {"200": json_answer({"type": "object", "required": ["status", "checked_in_at"],
                                                   "properties": {"status": {"const": "checked_in"},
                                                                  "checked_in_at": {"type": "string",
                                                                                    "format": "date-time"}}},
                                                  "With `Accept: application/json`."),
                               "303": {"description": "Back to the check-in page.", "headers": LOCATION},
                               "404": error_or_page("`invalid_token`: tampered, unknown or erased."),
                               "409": error_or_page("`not_seated`: cancelled, expired or waiting."),
                               "401": error_or_page("`unauthorized`."), "403": error_or_page("`forbidden`.")}},
        "delete": {"summary": "Undo a check-in",
                   "description": "A member's session with the `X-CSRF-Token` header, or a Bearer token with scope "
                                  "admin. Removes `checked_in_at`; undoing again is harmless. Logged as a check-in is.",
                   "parameters": [CHECKIN],
                   "responses": {"200": json_answer({"type": "object", "required": ["status", "checked_in_at"],
                                                     "properties": {"status": {"const": "not_checked_in"},
                                                                    "checked_in_at": {"type": "null"}}},
                                                    "Not checked in (any more)."),
                                 "404": error_or_page("`invalid_token`: tampered, unknown or erased."),
                                 "401": error_or_page("`unauthorized`."), "403": error_or_page("`forbidden`."),
                                 **UNAVAILABLE}}},
    EVENT_PAGE: _get("The event's dashboard", "Counts, the signups chart (SVG and a table), downloads, messages; "
                                              "on an event with a programme, per session: seated, waiting, capacity."),
    EVENT_PAGE + "/registrations": _get("The people of the event",
                                        "Search (`q`: name, address, organisation), status filter, `session` filter "
                                        "(a seat in it or waiting for it), pages of 50."),
    EVENT_PAGE + "/badges": {"get": {
        "summary": "Name badges to print",
        "description": "A4 sheets of 8 (2 x 4 of 105 x 74 mm) or 10 (2 x 5 of 105 x 57 mm) badges: name, organisation, "
                       "the sessions with a seat, the QR code of the check-in link. Everyone confirmed, or `id` "
                       "(repeated: the people ticked on the people list), or the people with a seat in `session`. "
                       "For the door role too; not for meekijker.",
        "parameters": [EVENT_ID,
                       {"name": "per_sheet", "in": "query", "description": "`8` or `10` badges on an A4 sheet; anything else: 8.",
                        "schema": {"type": "string"}},
                       {"name": "session", "in": "query", "schema": {"type": "string"}},
                       {"name": "id", "in": "query", "schema": {"type": "array", "items": {"type": "string"}},
                        "style": "form", "explode": True}],
        "responses": PAGE}},
    EVENT_PAGE + "/rooms": {"get": {
        "summary": "The list per room, to print",
        "description": "Per room of the programme, per session: who has a seat, by surname, with their "
                       "organisation. Each room starts a new printed page.",
        "parameters": [EVENT_ID], "responses": PAGE}},
    PERSON: _get("One person", "What they answered, and each change they made themselves on their attendee page: "
                 "when, which field, before and after (the registration's `changes`).", RID),
    PERSON + "/resend": _post("Send the current mail again", "At most once a minute per person.", RID),
    PERSON + "/cancel": {**_get("Confirm a cancellation", "The confirmation step.", RID),
                         **_post("Cancel on the attendee's behalf", "The attendee is mailed; the list moves.", RID)},
    PERSON + "/erase": {**_get("Confirm an erasure", "The step that explains AVG erasure.", RID),
                        **_post("Erase the person's data", "For good; the seat is freed.", RID)},
    PERSON + "/checkin": _post("Check in from the list or the door", "Once; repeating is harmless. From the door "
                               "(`back=door`) back to the door with an empty search.", RID),
    PERSON + "/checkin/undo": _post("Undo a check-in", "From the list, the door or a QR code's check-in page "
                                    "(`back=checkin` with that person's `token`).", RID),
    EVENT_PAGE + "/messages/new": _get("Compose a message to attendees", "Subject, plain text, which statuses."),
    EVENT_PAGE + "/messages/preview": _post(
        "Preview a message", "The real mail as the first recipient gets it, and the recipient count.",
        responses={"200": page("The preview."), "400": FORM_AGAIN,
                   "303": {"description": "Not signed in: to the sign-in page.", "headers": LOCATION},
                   "403": error_or_page("`forbidden`."), "404": page("No such event."), **NOT_A_FORM}),
    EVENT_PAGE + "/messages": _post(
        "Send a message", "The use case of `POST /events/{id}/messages`.",
        responses={"303": {"description": "To the dashboard (or, not signed in, to the sign-in page).",
                           "headers": LOCATION},
                   "400": FORM_AGAIN, "403": error_or_page("`forbidden`."),
                   "404": page("No such event."),
                   "429": {**page("The event's `messages_per_day` were sent today: the form again, its text "
                                  "kept, with a sentence naming the cap."), "headers": RETRY_AFTER}, **NOT_A_FORM}),
    EVENT_PAGE + "/door": _get("The door page", "For a phone: search, big check-in buttons, the count; `session`: "
                                                "only who has a seat in that session."),
    EVENT_PAGE + "/attendance": _get("The attendance list", "By surname, with a signature column; print CSS; "
                                                            "`session`: only who has a seat in that session."),
    EVENT_PAGE + "/programme": {**_get("The programme page", "The event's rounds of sessions and its online part, "
                                        "as one form."),
                                **_post("Save the programme, or add or remove a round or a session",
                                        "`action`: `save` (the merge patch of `programme` and `online`), `add_round`, "
                                        "`remove_round:<i>`, `add_session:<i>`, `remove_session:<i>:<j>` (the form "
                                        "again, unsaved). Fields in docs/api.md.",
                                        responses={"200": page("The form again, with the button's change."),
                                                   **DONE, "400": FORM_AGAIN})},
    EVENT_PAGE + "/buddies": _get("The Maatjes page", "Who opted in, the groups with their score, moving, sending."),
    EVENT_PAGE + "/buddies/make": _post("Make the maatjes groups", "`mode` (`similar` or `mixed`) and `size` "
                                        "(`3-4`, `2-3`, `4-5`, `5-6`); refused once sent.",
                                        responses={**DONE, "400": FORM_AGAIN}),
    EVENT_PAGE + "/buddies/move": _post("Move one person to another group", "`registration` and `group` (a number "
                                        "from 1, or `new`); refused once sent.", responses={**DONE, "400": FORM_AGAIN}),
    EVENT_PAGE + "/buddies/send": _post("Send every group its introduction", "Once: each member still in gets one "
                                        "mail naming the others.", responses={**DONE, "400": FORM_AGAIN}),
    EVENT_PAGE + "/evaluation": _get("The evaluation", "Response rate (answers of the checked-in people), average "
                                     "score and its distribution as a chart, the answers (a name only where the "
                                     "person allowed it)."),
    EVENT_PAGE + "/evaluation/download": {"get": {
        "summary": "The evaluation as an Excel file",
        "description": "A row per answer; text that Excel would run as a formula is written as text. Audited "
                       "(`evaluation_download`).", "parameters": [EVENT_ID],
        "responses": {**PAGE, "200": {"description": "The Excel file.", "content": {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                "schema": {"type": "string", "format": "binary"}}}}}}},
}
