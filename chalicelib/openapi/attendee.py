"""Attendee operations: the links in the mails (page, confirm, cancel, calendar file, stop messages)."""
from chalicelib.openapi.parts import NOT_A_FORM, TOKEN, UNAVAILABLE, error_or_page, page, ref

BAD_CHOICE = {"400": error_or_page("`validation_failed`: `share` is neither `on` nor `off`.")}
BAD_TOKEN = {"404": error_or_page("`invalid_token`: tampered, unknown, erased or expired. A page, or JSON "
                                  "with `Accept: application/json`.")}


def _action(summary: str, description: str, conflicts: dict = None) -> dict:
    return {"summary": summary, "description": description + " Idempotent. A page, or JSON with "
                                                             "`Accept: application/json`.",
            "parameters": [TOKEN], "responses": {
                "200": {"description": "Done.", "content": {
                    "text/html": {"schema": {"type": "string"}},
                    "application/json": {"schema": ref("Registration")}}},
                **BAD_TOKEN, **(conflicts or {}), **UNAVAILABLE}}


PATHS = {
    "/registrations/{token}": {"get": {
        "summary": "Attendee page",
        "description": "The registration, its status and its actions (forms that POST: prefetching the link "
                       "changes nothing).",
        "parameters": [TOKEN], "responses": {"200": page("The registration and its actions."), **BAD_TOKEN,
                                             **UNAVAILABLE}}},
    "/registrations/{token}/confirm": {"post": _action(
        "Confirm a pending registration", "Pending becomes confirmed; confirmed stays confirmed.",
        {"409": error_or_page("`registration_cancelled` (it was cancelled) or `registration_closed` "
                              "(the hold lapsed, or it is waiting for a seat).")})},
    "/registrations/{token}/cancel": {"get": {
        "summary": "Ask before cancelling",
        "description": "The attendee page's \"Afmelden\" opens this page: it asks for confirmation with a "
                       "form that POSTs to the same address. Nothing changes on GET.",
        "parameters": [TOKEN], "responses": {"200": page("The question, with a button and a way back."),
                                             **BAD_TOKEN, **UNAVAILABLE}},
        "post": _action("Cancel a registration", "Frees the seat for the first person waiting.")},
    "/registrations/{token}/sessions": {"post": {**_action(
        "Switch to another session of a round",
        "Form: `round` (a round's id) and `session_<round id>` (a session of that round; empty: none). The old "
        "session's place goes and the new one is taken in one transaction: a seat while one is free and nobody "
        "waits, else its waiting list. Until the event's `changes_close_at` (absent: its start).",
        {"400": error_or_page("`validation_failed` naming `session_<round id>`: no session of that round "
                              "(an empty `round`: `validation_failed` too)."),
         "404": error_or_page("`invalid_token`, or `not_found`: the event has no such round."),
         "409": error_or_page("`session_full` (full, no waiting list) or `changes_closed` (after the deadline)."),
         **NOT_A_FORM}),
        "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
            "type": "object", "required": ["round"], "properties": {"round": {"type": "string", "minLength": 1}},
            "additionalProperties": {"type": "string"}}}}}}},
    "/registrations/{token}/calendar.ics": {"get": {
        "summary": "Calendar invite", "description": "The iCalendar entry of the registration.",
        "parameters": [TOKEN], "responses": {
            "200": {"description": "iCalendar file.", "content": {"text/calendar": {"schema": {"type": "string"}}},
                    "headers": {"Content-Disposition": {"required": True, "schema": {"const": 'attachment; filename="invite.ics"'}}}},
            **BAD_TOKEN, **UNAVAILABLE}}},
    "/registrations/{token}/answers": {
        "get": {"summary": "Change one's own answers: the form",
                "description": "The name and the event's questions, filled in as stored, until `changes_close_at` "
                               "(absent: `registration_closes_at`, else `starts_at`). The address cannot change: "
                               "it is who the registration is. After the deadline, or for a cancelled or expired "
                               "registration: `409` page.",
                "parameters": [TOKEN], "responses": {
                    "200": page("The form."),
                    "409": error_or_page("`answers_closed` (the deadline passed, or the event was cancelled) or "
                                         "`not_changeable` (cancelled or expired)."), **BAD_TOKEN, **UNAVAILABLE}},
        "post": {"summary": "Change one's own answers",
                 "description": "A form post carries every field (an absent checkbox is unticked); a JSON body "
                                "only the fields that change (`name` and custom field names; the others stay). "
                                "The same rules as a signup. Each changed field is kept in the registration's "
                                "change history (`changes`), which the organiser sees. A page, or JSON with "
                                "`Accept: application/json`: `{\"registration_id\", \"event_id\", \"name\", "
                                "\"answers\"}`.",
                 "parameters": [TOKEN],
                 "requestBody": {"required": True, "content": {
                     "application/x-www-form-urlencoded": {"schema": {"type": "object", "additionalProperties": True}},
                     "application/json": {"schema": {"type": "object", "additionalProperties": True}}}},
                 "responses": {
                     "200": {"description": "Saved.", "content": {
                         "text/html": {"schema": {"type": "string"}},
                         "application/json": {"schema": {"type": "object", "properties": {
                             "registration_id": {"type": "string"}, "event_id": {"type": "string"},
                             "name": {"type": "string"}, "answers": {"type": "object"}}}}}},
                     "400": error_or_page("`validation_failed` with `fields` naming each bad field."),
                     "409": error_or_page("`answers_closed` or `not_changeable`."),
                     "413": error_or_page("`payload_too_large`."), **BAD_TOKEN,
                     "415": error_or_page("`unsupported_media_type`."), **UNAVAILABLE}}},
    "/registrations/{token}/participants": {
        "get": {"summary": "The participant list",
                "description": "On an event with `participant_list`: for a confirmed registration that agreed "
                               "(`share_details`), the confirmed people who agreed, by name with the answers to "
                               "questions marked `shared` (never an address); for anyone else only what the list is "
                               "and a button to join it. Not offered: `404`.",
                "parameters": [TOKEN], "responses": {"200": page("The list, or the question to join it."),
                                                     **BAD_TOKEN, **UNAVAILABLE}},
        "post": {"summary": "Join or leave the participant list",
                 "description": "`share=on` puts the registration on the list, `share=off` takes it off at once. "
                                "`303` to the list page.",
                 "parameters": [TOKEN],
                 "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
                     "type": "object", "properties": {"share": {"type": "string", "enum": ["on", "off"]}}}}}},
                 "responses": {"303": {"description": "To the list page."}, **BAD_TOKEN, **NOT_A_FORM, **BAD_CHOICE,
                               **UNAVAILABLE}}},
    "/registrations/{token}/buddies": {"post": {
        "summary": "Opt in or out of maatjes",
        "description": "On an event with `buddies`: `share=on` opts in (grouped after the meeting), `share=off` out, "
                       "at once. Answers the attendee page.",
        "parameters": [TOKEN],
        "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
            "type": "object", "properties": {"share": {"type": "string", "enum": ["on", "off"]}}}}}},
        "responses": {"200": page("The attendee page, saying what changed."), **BAD_TOKEN, **NOT_A_FORM, **BAD_CHOICE,
                      **UNAVAILABLE}}},
    "/unsubscribe/{token}": {
        "get": {"summary": "Stop the organiser's messages: the page",
                "description": "The link of `List-Unsubscribe` and of the footer of a message from the organiser. "
                               "A page with one button; a GET changes nothing.",
                "parameters": [TOKEN], "responses": {"200": page("The question and its button."), **BAD_TOKEN,
                                                     **UNAVAILABLE}},
        "post": {"summary": "Stop the organiser's messages (RFC 8058 one-click)",
                 "description": "Any body (a mail client sends `List-Unsubscribe=One-Click`). Later messages from "
                                "the organiser skip this registration; mails about the registration itself still "
                                "go. Idempotent.",
                 "parameters": [TOKEN], "responses": {"200": page("What was done."), **BAD_TOKEN, **UNAVAILABLE}}},
    # after the meeting (chalicelib.after, issue 30)
    "/evaluation/{token}": {
        "get": {"summary": "Evaluation form",
                "description": "The link of the `follow_up` mail and the attendee page: a score 1-10, `most_useful`, "
                               "`could_be_better` and the event's `evaluation_questions` (`q0`, `q1`, ...), with the "
                               "person's earlier answer filled in. Only for a confirmed registration that checked in; "
                               "after `evaluation_closes_at` the page says it is closed.",
                "parameters": [TOKEN], "responses": {"200": page("The form, or that it is closed."), **BAD_TOKEN,
                                                     **UNAVAILABLE}},
        "post": {"summary": "Answer (or change) the evaluation",
                 "description": "A form post (`score`, `most_useful`, `could_be_better`, `q0`..., `show_name=on` to "
                                "let the organiser see the name). One answer per person: a new post replaces it.",
                 "parameters": [TOKEN],
                 "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
                     "type": "object", "properties": {
                         "score": {"type": "string", "description": "1 to 10."},
                         "most_useful": {"type": "string", "maxLength": 2000},
                         "could_be_better": {"type": "string", "maxLength": 2000},
                         "show_name": {"type": "string", "description": "`on`: the organiser may see the name."}}}}}},
                 "responses": {
                     "200": page("Saved: the form again with a thank-you."),
                     **NOT_A_FORM,
                     "400": error_or_page("`validation_failed`: the form again, naming each wrong field."),
                     "409": error_or_page("`evaluation_closed`: nothing was changed."),
                     **BAD_TOKEN, **UNAVAILABLE}}},
    "/proof/{token}": {"get": {
        "summary": "Proof of attendance",
        "description": "Name, event, date, duration, organisation, the PDF and the verification link. Only for a "
                       "checked-in registration of an event with `proof_of_attendance`; any other: 404.",
        "parameters": [TOKEN], "responses": {"200": page("The proof."), **BAD_TOKEN, **UNAVAILABLE}}},
    "/proof/{token}/pdf": {"get": {
        "summary": "Proof of attendance as PDF",
        "description": "One A4 page with the same facts and the verification link as text and QR code.",
        "parameters": [TOKEN], "responses": {
            "200": {"description": "PDF file.", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                    "headers": {"Content-Disposition": {"required": True, "schema": {
                        "const": 'attachment; filename="bewijs-van-deelname.pdf"'}}}},
            **BAD_TOKEN, **UNAVAILABLE}}},
    "/verify/{token}": {"get": {
        "summary": "Verify a proof of attendance",
        "description": "Public: says the proof is genuine with the name, the event and its date (200), or that "
                       "it is not (404: tampered, erased, not checked in). Nothing else about the person.",
        "parameters": [TOKEN], "responses": {"200": page("Genuine."),
                                             "404": error_or_page("Not genuine."), **UNAVAILABLE}}},
}
