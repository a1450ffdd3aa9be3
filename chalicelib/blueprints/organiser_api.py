"""Organiser endpoints for automation: events, exports, stats, messages, cancel (a person or the event), erasure.

A Bearer token or a member's session (``access.require``), so the dashboard's links and forms
use the very same endpoints."""
from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from chalicelib import http
from chalicelib.http import HttpError
from chalicelib.http.access import caller_of, require
from chalicelib.http.routing import now, routes
from chalicelib.imports import lazy

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import events, organising, signups
else:
    events, organising, signups = lazy("chalicelib.events"), lazy("chalicelib.organising"), lazy("chalicelib.signups")

bp = Blueprint(__name__)
route = routes(bp)


def _event_answer(event_id, status=200):
    event = signups.get_event(event_id)
    return http.json_response(events.public_view(event, event.locales[0], now()), status)


@route("/events/{event_id}", methods=["PUT"], content_types=["*/*"])
def put_event(event_id):
    caller = require(bp.current_request, "events", event_id)
    created = organising.save_event(event_id, http.read_json(bp.current_request), now(), caller=caller)
    return _event_answer(event_id, 201 if created else 200)


@route("/events/{event_id}", methods=["PATCH"], content_types=["*/*"])
def patch_event(event_id):
    caller = require(bp.current_request, "events", event_id)
    organising.patch_event(event_id, http.read_json(bp.current_request), now(), caller=caller)
    return _event_answer(event_id)


@route("/events/{event_id}/definition", methods=["GET"])
def event_definition(event_id):
    require(bp.current_request, "events", event_id)
    return http.json_response(organising.definition(event_id), headers={"Cache-Control": "no-store"})


@route("/events/{event_id}/copy", methods=["POST"], content_types=["*/*"])
def copy_event(event_id):
    request = bp.current_request
    caller = require(request, "events", event_id)
    body = http.read_json(request)
    new_id = body.get("id") if isinstance(body, dict) else None
    if hasattr(caller, "scope") and isinstance(new_id, str) and not caller.may("events", new_id):
        raise HttpError("forbidden")     # a key for some events only makes no others
    copied = organising.copy_event(event_id, body, now(), caller=caller)
    return http.json_response(copied, 201, {"Location": f"/events/{copied['id']}/definition"})


@route("/events/{event_id}/registrations", methods=["POST"], content_types=["*/*"])
def add_registration(event_id):
    caller = require(bp.current_request, "people", event_id)
    reg = signups.add_by_organiser(event_id, http.read_json(bp.current_request), caller_id=caller.id, now=now())
    return http.json_response({"registration_id": reg.id, "event_id": event_id, "status": reg.status}, 201)


def _require_operator():
    """A Bearer token with scope ``admin`` on all events: the operator who manages organisations."""
    caller = caller_of(bp.current_request)
    if caller is None:
        raise HttpError("unauthorized")
    if getattr(caller, "scope", None) != "admin" or "*" not in getattr(caller, "events", ()):
        raise HttpError("forbidden")


@route("/organisations/{organisation_id}", methods=["PUT"], content_types=["*/*"])
def put_organisation(organisation_id):
    _require_operator()
    organisation, created = organising.put_organisation(
        organisation_id, http.read_json(bp.current_request), now())
    return http.json_response(organisation, 201 if created else 200)


@route("/organisations/{organisation_id}", methods=["GET"])
def get_organisation(organisation_id):
    _require_operator()
    return http.json_response(organising.organisation(organisation_id))


@route("/events/{event_id}/registrations", methods=["GET"])
def export_registrations(event_id):
    request = bp.current_request
    principal = require(request, "download", event_id)
    from chalicelib import downloads
    download = downloads.export(event_id, request.query_params or {}, request.headers.get("accept"),
                                token_id=principal.id, now=now())
    if download.job:
        from chalicelib import export_jobs
        link = export_jobs.link(download.job)
        return http.json_response({"job_id": download.job.id, "event_id": event_id, "status": download.job.state,
                                   "status_url": link}, 202, {"Location": link, "Retry-After": "10"})
    if download.location:
        return Response(body="", status_code=303, headers={"Location": download.location, **http.NO_STORE})
    return Response(body=download.body, status_code=200, headers={
        "Content-Type": download.content_type,
        "Content-Disposition": f'attachment; filename="{download.filename}"', **http.DOWNLOAD})


@route("/events/{event_id}/registrations/{registration_id}", methods=["DELETE"])
def erase_registration(event_id, registration_id):
    caller = require(bp.current_request, "people", event_id)
    signups.erase_by_id(event_id, registration_id, now(), caller_id=caller.id)
    return Response(body="", status_code=204)


@route("/events/{event_id}/registrations/{registration_id}/cancel", methods=["POST"], content_types=["*/*"])
def cancel_registration(event_id, registration_id):
    caller = require(bp.current_request, "people", event_id)
    reg = signups.cancel_by_id(event_id, registration_id, now(), caller_id=caller.id)
    return http.json_response({"registration_id": reg.id, "event_id": event_id, "status": reg.status})


@route("/events/{event_id}/cancel", methods=["POST"], content_types=["*/*"])
def cancel_event(event_id):
    request = bp.current_request
    caller = require(request, "events", event_id)
    body = http.read_json(request) if request.raw_body else {}
    if not isinstance(body, dict):
        raise HttpError("bad_request")
    return http.json_response(signups.cancel_event(event_id, body.get("message"), now(), caller_id=caller.id))


@route("/events/{event_id}/stats", methods=["GET"])
def event_stats(event_id):
    require(bp.current_request, "overview", event_id)
    from chalicelib import stats
    return http.json_response(stats.of_event(event_id), headers={"Cache-Control": "no-store"})


@route("/events/{event_id}/messages", methods=["POST"], content_types=["*/*"])
def send_message(event_id):
    caller = require(bp.current_request, "messages", event_id)
    from chalicelib import announcements
    queued = announcements.send(event_id, http.read_json(bp.current_request), caller_id=caller.id, now=now())
    return http.json_response(queued, 202)


# ---------------------------------------------------------------- archive and delete (issue 28 item 8)

@route("/events/{event_id}/archive", methods=["POST"], content_types=["*/*"])
def archive_event(event_id):
    from chalicelib import archiving
    caller = require(bp.current_request, "events", event_id)
    return http.json_response(archiving.archive(event_id, now(), caller_id=caller.id))


@route("/events/{event_id}/archive", methods=["DELETE"])
def restore_event(event_id):
    from chalicelib import archiving
    caller = require(bp.current_request, "events", event_id)
    return http.json_response(archiving.restore(event_id, now(), caller_id=caller.id))


@route("/events/{event_id}", methods=["DELETE"])
def delete_event(event_id):
    from chalicelib import archiving
    caller = require(bp.current_request, "events", event_id)
    return http.json_response(archiving.delete(event_id, now(), caller_id=caller.id))
