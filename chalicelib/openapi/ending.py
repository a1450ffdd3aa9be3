"""The end of an event's life (issue 28 item 8): archive, bring back, delete (the API and its pages); and
the team page's choice of events for a deur member (issue 28 item 1)."""
from chalicelib.openapi.operations import JSON_ERRORS
from chalicelib.openapi.organiser import BEARER
from chalicelib.openapi.organiser_editor import EVENT_ID, _get, _post
from chalicelib.openapi.parts import json_answer

ARCHIVED = {"type": "object", "required": ["event_id", "archived", "archived_at"], "properties": {
    "event_id": {"type": "string"}, "archived": {"type": "boolean"},
    "archived_at": {"type": ["string", "null"], "description": "When it was archived (ISO 8601); `null` when not."}}}
COUNT = {"type": "integer", "minimum": 0}
DELETED = {"type": "object", "required": ["event_id", "deleted"], "properties": {
    "event_id": {"type": "string"},
    "deleted": {"type": "object", "required": ["registrations", "messages", "downloads"], "properties": {
        "registrations": COUNT, "messages": COUNT, "downloads": COUNT},
        "description": "What went: registrations of every status, messages to attendees (with their queued "
                       "deliveries), export jobs."}}}


def _json(summary, description, method_answer):
    return {"summary": summary, "description": description, "security": BEARER, "parameters": [EVENT_ID],
            "responses": {"200": method_answer, **JSON_ERRORS}}


PATHS = {
    "/events/{event_id}/archive": {
        "post": {**_json("Archive an event (scope admin)",
                         "Out of the organiser's list, into \"Gearchiveerd\"; its data is kept until its retention "
                         "ends, and its form and links keep working. Archiving again changes nothing. Audited. "
                         "No body.", json_answer(ARCHIVED, "Archived.")),
                 "requestBody": {"required": False, "content": {"application/json": {"schema": {"type": "object"}}}}},
        "delete": _json("Bring an archived event back (scope admin)",
                        "Back in the organiser's list. Idempotent. Audited.", json_answer(ARCHIVED, "Not archived."))},
    "/events/{event_id}": {
        "delete": _json("Delete an event with all its data (scope admin)",
                        "At once and for good: the event, its registrations and their address markers, its messages "
                        "and queued deliveries, its digest schedule and export jobs. Nobody gets a mail (cancel the "
                        "event first for that). The log keeps one line with the counts. Then `404 event_not_found`.",
                        json_answer(DELETED, "Deleted."))},
    "/organiser/archive": {"get": {**_get("Archived events (\"Gearchiveerd\")",
                                          "The archived events of the member's organisations, each with a button to "
                                          "bring it back."), "parameters": []}},
    "/organiser/events/{event_id}/archive": {"post": _post("Archive the event", "To \"Gearchiveerd\".", [EVENT_ID])},
    "/organiser/events/{event_id}/restore": {"post": _post("Bring the event back", "To the event's overview.",
                                                           [EVENT_ID])},
    "/organiser/events/{event_id}/delete": {
        "get": _get("Delete the event: the question", "Names what goes (\"42 aanmeldingen\", messages, files to "
                    "download). Opening it changes nothing.", [EVENT_ID]),
        "post": _post("Delete the event", "To `/organiser`, which says it is deleted.", [EVENT_ID])},
    "/organiser/team/events": {"post": _post(
        "Choose the events of a deur member", "Form fields `organisation`, `email` (a member with the role "
        "deur) and one `event:<event id>=on` per chosen event; none chosen: every event of the organisation. It "
        "takes effect on the member's next request; another role drops the choice. Audited (`team_events`).")},
}
