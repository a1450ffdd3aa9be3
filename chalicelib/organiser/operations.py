"""Organiser pages for three operations on an event: copy it ("Kopieer bijeenkomst"), add a
person by hand ("Iemand aanmelden") and cancel it ("Bijeenkomst afzeggen"), and the digest
mail's "turn off" link.

Each page calls the use case its API endpoint calls (``organising.copy_event``,
``signups.add_by_organiser``, ``signups.cancel_event``, ``organising.turn_off_digest``); a form post is CSRF-checked and ends in a
redirect, or shows the form again with a message beside each field.
"""
from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib import http
from chalicelib.errors import AlreadyRegistered, EventExists, EventFull, ValidationFailed
from chalicelib.http.routing import now, routes
from chalicelib.imports import lazy
from chalicelib.organiser.home import html, redirect
from chalicelib.organiser.overview import event_page

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import digest, organising, signups
    from chalicelib.organiser import event_form
else:
    digest, event_form, organising, signups = (lazy("chalicelib.digest"), lazy("chalicelib.organiser.event_form"),
                                               lazy("chalicelib.organising"), lazy("chalicelib.signups"))

bp = Blueprint(__name__)
route = routes(bp)
EVENT = "/organiser/events/{event_id}"
# a copy's error key -> the input it stands beside
COPY_INPUTS = {"starts_at": "start_date", "ends_at": "end_date"}


# ---------------------------------------------------------------- copy

@route(EVENT + "/copy", methods=["GET"])
@event_page("events")
def copy_form(event_id):
    event = bp.current_request.event
    values = {"start_date": "", "start_time": event.starts_at.strftime("%H:%M"), "end_date": "",
              "end_time": event.ends_at.strftime("%H:%M"), "id": ""}
    return html("dashboard/copy.html.j2", event=event, values=values, errors={})


@route(EVENT + "/copy", methods=["POST"], content_types=[http.FORM])
@event_page("events")
def copy(event_id):
    request = bp.current_request
    posted = http.read_form(request)
    values = {key: posted.get(key, "").strip() for key in ("start_date", "start_time", "end_date", "end_time", "id")}
    errors = {}
    starts_at = event_form._moment(values, "start", errors)
    ends_at = event_form._moment({**values, "end_date": values["end_date"] or values["start_date"]}, "end", errors)
    if not starts_at and "start_date" not in errors and "start_time" not in errors:     # no start at all
        errors["start_date"] = "invalid_date"
    new_id = values["id"] or _free_id(request.event, values["start_date"])
    if not errors:
        try:
            copied = organising.copy_event(event_id, {"id": new_id, "starts_at": starts_at, "ends_at": ends_at},
                                           now(), caller=request.member)
            return redirect(f"/organiser/events/{copied['id']}?done=copied", request)
        except EventExists:
            errors["id"] = "id_taken"
        except ValidationFailed as failed:
            errors = {COPY_INPUTS.get(key, key): message for key, message in failed.fields.items()}
    return html("dashboard/copy.html.j2", 400, event=request.event, values=values, errors=errors)


def _free_id(event, start_date: str) -> str:
    """A link name from the title and the new date, made unique as the editor does."""
    from chalicelib.organiser.editor import _free_id as free
    return free(event_form.suggested_id({"title_nl": event.title.get("nl", ""), "title_en": event.title.get("en", ""),
                                         "start_date": start_date}))


# ---------------------------------------------------------------- add a person by hand

@route(EVENT + "/registrations/new", methods=["GET"])
@event_page("people")
def add_form(event_id):
    query = bp.current_request.query_params or {}
    done = query.get("status") if query.get("done") == "added" else None
    return _add_page(values={}, errors={}, added=done if done in ("confirmed", "pending", "waitlisted") else None)


@route(EVENT + "/registrations/new", methods=["POST"], content_types=[http.FORM])
@event_page("people")
def add(event_id):
    request = bp.current_request
    posted = http.read_form(request)
    try:
        reg = signups.add_by_organiser(event_id, posted, caller_id=request.member.id, now=now())
    except ValidationFailed as failed:
        return _add_page(values=posted, errors=failed.fields, status=400)
    except (EventFull, AlreadyRegistered) as refused:
        return _add_page(values=posted, errors={}, refused=refused.code, status=409)
    return redirect(f"/organiser/events/{event_id}/registrations/new?done=added&status={reg.status}", request)


def _add_page(*, values, errors, status=200, added=None, refused=None):
    from chalicelib import error_copy
    from chalicelib.organiser.home import locale_of
    locale = locale_of(bp.current_request)
    return html("dashboard/add.html.j2", status, event=bp.current_request.event, values=values, errors=errors,
                added=added, refused=error_copy.error_message(refused, locale) if refused else None)


# ---------------------------------------------------------------- the digest's "turn off" link

# ---------------------------------------------------------------- cancel the event

@route(EVENT + "/cancel", methods=["GET"])
@event_page("events")
def cancel_event_form(event_id):
    event = bp.current_request.event
    return html("dashboard/cancel_event.html.j2", event=event, people=signups.people_to_tell(event),
                values={"message": ""}, errors={})


@route(EVENT + "/cancel", methods=["POST"], content_types=[http.FORM])
@event_page("events")
def cancel_event(event_id):
    request = bp.current_request
    message = http.read_form(request).get("message", "")
    try:
        told = signups.cancel_event(event_id, message, now(), caller_id=request.member.id)["people_told"]
    except ValidationFailed as failed:
        return html("dashboard/cancel_event.html.j2", 400, event=request.event,
                    people=signups.people_to_tell(request.event), values={"message": message}, errors=failed.fields)
    return redirect(f"/organiser/events/{event_id}?done=event_cancelled&n={told}", request)


@route("/digest/{digest_token}", methods=["GET"])
def digest_off_form(digest_token):
    event = digest.event_of_link(digest_token)
    return html("digest_off.html.j2", event=event, token=digest_token, done=False)


@route("/digest/{digest_token}", methods=["POST"], content_types=["*/*"])
def digest_off(digest_token):
    event = organising.turn_off_digest(digest_token, now())
    return html("digest_off.html.j2", event=event, token=digest_token, done=True)
