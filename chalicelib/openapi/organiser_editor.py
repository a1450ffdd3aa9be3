"""The organiser's event editor, embed page and API keys: server-rendered pages for a signed-in member.

Without a session every page and form answers 303 to the sign-in page. Every POST carries the
session's CSRF token (403 without); an event of another organisation, or none, is a 404 page.
"""
from chalicelib.openapi.parts import LOCATION, NOT_A_FORM, UNAVAILABLE, error_or_page, page

FORM = {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}}
TO_PAGE = {"303": {"description": "To the next page (POST/redirect/GET), or to `/organiser` without a session.",
                   "headers": LOCATION}}
NOT_FOUND = {"404": page("No such event in the member's organisations (the same page either way).")}
REFUSED = {"403": error_or_page("`forbidden`: no valid CSRF token, or the member's role does not allow it."),
           "413": error_or_page("`payload_too_large`."), **NOT_A_FORM,
           "400": error_or_page("The form again, each mistake named beside its field and in a summary; an "
                                "unreadable form is `bad_request` (JSON when asked for).")}
RERENDERED = {"200": page("The form again after a question button (add, remove, move); nothing is saved.")}
# no pattern: without a session every id, even a malformed one, is sent to the sign-in page first
EVENT_ID = {"name": "event_id", "in": "path", "required": True, "description": "The event's id.",
            "schema": {"type": "string"}}
TOKEN_ID = {"name": "token_id", "in": "path", "required": True, "description": "The API key's public id (`tok_...`).",
            "schema": {"type": "string"}}
ORGANISATION = {"name": "organisation", "in": "query", "required": False, "schema": {"type": "string"},
                "description": "The organisation the new event belongs to (one of the member's)."}

TEAM_ORGANISATION = {"name": "organisation", "in": "query", "required": False, "schema": {"type": "string"},
                     "description": "The organisation (one where the member is beheerder)."}
TEAM_EMAIL = {"name": "email", "in": "query", "required": False, "schema": {"type": "string"},
              "description": "The member's address (without it, or for someone not in the team: the 404 page)."}


def _get(summary, description, parameters=()):
    return {"summary": summary, "description": description, "parameters": list(parameters),
            "responses": {"200": page("The page."), **TO_PAGE, **NOT_FOUND, **UNAVAILABLE}}


def _post(summary, description, parameters=(), answers=None):
    return {"summary": summary, "description": description, "parameters": list(parameters), "requestBody": FORM,
            "responses": {**(answers or {}), **TO_PAGE, **REFUSED, **NOT_FOUND, **UNAVAILABLE}}


PATHS = {
    "/organiser/events/new": {
        "get": _get("The form for a new event", "Every field of the definition, Dutch and English side by side.",
                    [ORGANISATION]),
        "post": _post("Create the event", "Saved through the same definition model as `PUT /events/{event_id}`; "
                      "the id (from the title and date when left empty) must be free.", answers=RERENDERED)},
    "/organiser/events/{event_id}/edit": {
        "get": _get("The event editor", "The stored definition as a form, times in the event's zone.", [EVENT_ID]),
        "post": _post("Save the event", "The whole definition from the form; saving it unchanged changes nothing.",
                      [EVENT_ID], answers=RERENDERED)},
    "/organiser/events/{event_id}/registration": {"post": _post(
        "Close or reopen registration", "`open=no` closes, `open=yes` reopens; back to `next` (one of our pages).",
        [EVENT_ID])},
    "/organiser/events/{event_id}/embed": {"get": _get(
        "Embed the form", "The link, a QR code, an iframe, a plain HTML form and a `fetch` version, built from the "
        "event's fields.", [EVENT_ID])},
    "/organiser/events/{event_id}/origins": {"post": _post(
        "Allow the organiser's site", "Adds the origin of `site` to `allowed_redirect_origins`.", [EVENT_ID])},
    "/organiser/tokens": {
        "get": _get("The organisation's API keys", "Label, events, maker, created, last used, expiry; never a secret."),
        "post": {**_post("Make an export key", "For chosen events of one organisation; the answer page shows the key "
                         "this once, with the steps for Excel. `label` (1-100 characters), `expiry` and at least "
                         "one `event:<event id>` (a checked box) are required; otherwise 400, the form again.",
                         answers={"200": page("The new key, shown this once.")}),
                 "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
                     "type": "object", "required": ["label", "expiry"],
                     "properties": {"label": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S"},
                                    "expiry": {"type": "string", "enum": ["30", "90", "365"]}},
                     "patternProperties": {"^event:": {"type": "string", "description": "A checked event."}}}}}}}},
    "/organiser/tokens/{token_id}/revoke": {"post": _post(
        "Revoke an API key", "Only a key of the member's own organisations.", [TOKEN_ID])},
    "/organiser/team": {"get": _get(
        "The team (beheerder)", "The organisation's members and their roles, a form to invite a colleague. "
        "`?organisation=` chooses one of the member's organisations; a member who is not its beheerder gets the "
        "403 page.", [TEAM_ORGANISATION])},
    "/organiser/team/invite": {"post": _post(
        "Invite a colleague", "Form fields `organisation`, `email`, `role` (beheerder, organisator, deur, "
        "meekijker). The colleague is a member at once and gets a mail; 400 with the form again when the address "
        "or role is wrong or already in the team.")},
    "/organiser/team/role": {"post": _post(
        "Change a member's role", "Form fields `organisation`, `email`, `role`. It takes effect on the member's next "
        "request. The last beheerder keeps the role (400).")},
    "/organiser/team/remove": {
        "get": _get("Remove a member: the question", "`?organisation=&email=`: what removing means, and the button.",
                    [TEAM_ORGANISATION, TEAM_EMAIL]),
        "post": _post("Remove a member", "Form fields `organisation`, `email`. Their session and their API keys stop "
                      "on the next request. Never the last beheerder (400).")},
    "/organiser/log": {"get": _get(
        "The log (beheerder)", "Who did what in the organisation, newest first: downloads (format, columns, rows), "
        "erasures, messages, cancellations on someone's behalf, people added by hand, cancelled events, team "
        "changes. `?organisation=` as on the team page; another role gets the 403 page.", [TEAM_ORGANISATION])},
    "/organiser/log/download": {"get": {
        "summary": "The log as a file (beheerder)",
        "description": "What the log page shows, as an Excel workbook (`?format=xlsx`, the default) or a CSV "
                       "file (`csv`; semicolons in Dutch), written by the registrations' export writers: typed "
                       "cells, no formulas. `?organisation=` as on the log page.",
        # no enum: without a session any value is sent to the sign-in page first (303)
        "parameters": [TEAM_ORGANISATION, {"name": "format", "in": "query", "required": False,
                                           "schema": {"type": "string"}, "description": "`xlsx` (the default) or "
                                           "`csv`; another value is the 404 page."}],
        "responses": {"200": {"description": "The file (`Content-Disposition: attachment`).", "content": {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}, "text/csv": {}}},
            **TO_PAGE, **NOT_FOUND, "403": page("The member's role may not read the log."),
            "406": page("`not_acceptable`: an Excel file for a client whose `Accept` names neither it nor `*/*`."),
            **UNAVAILABLE}}},
    "/organiser/settings": {
        "get": _get("The organisation's settings (beheerder)", "Name, privacy statement, house colour, sender name, "
                    "reply-to, defaults for new events, the logo. `?organisation=` as on the team page; another "
                    "role gets the 403 page.", [TEAM_ORGANISATION]),
        "post": _post("Save the settings", "Form fields `organisation`, `name`, and the settings of "
                      "`PUT /organisations/{id}` by the same names (empty: none). 400 with the form again, each "
                      "mistake named; a colour below 4.5:1 against white shows the measured ratio.")},
    "/organiser/settings/logo": {"post": _post(
        "Upload or remove the logo", "`multipart/form-data` with `csrf`, `organisation` and the file `logo` (PNG or "
        "SVG, at most 200 kB; an SVG is rebuilt without scripts, handlers, outside references or foreignObject), "
        "or a form with `remove=on`. 400 with the page again when the file is refused.")},
}
