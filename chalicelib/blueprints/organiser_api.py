"""Organiser endpoints for automation: events, exports, erasure (Bearer token)."""
from chalice import Blueprint, Response

from chalicelib import events, http, signups
from chalicelib.http.access import require
from chalicelib.http.routing import now, routes

bp = Blueprint(__name__)
route = routes(bp)


@route("/events/{event_id}", methods=["PUT"], content_types=["*/*"])
def put_event(event_id):
    require(bp.current_request, "admin", event_id)
    definition = events.validate(event_id, http.read_json(bp.current_request))
    created = signups.save_event(definition, now())
    event = signups.get_event(event_id)
    return http.json_response(events.public_view(event, event.locales[0], now()), 201 if created else 200)


@route("/events/{event_id}/registrations", methods=["GET"])
def export_registrations(event_id):
    request = bp.current_request
    principal = require(request, "export", event_id)
    from chalicelib import downloads
    download = downloads.export(event_id, request.query_params or {}, request.headers.get("accept"),
                                token_id=principal.token_id, now=now())
    if download.location:
        return Response(body="", status_code=303, headers={"Location": download.location, **http.NO_STORE})
    return Response(body=download.body, status_code=200, headers={
        "Content-Type": download.content_type,
        "Content-Disposition": f'attachment; filename="{download.filename}"', **http.NO_STORE})


@route("/events/{event_id}/registrations/{registration_id}", methods=["DELETE"])
def erase_registration(event_id, registration_id):
    require(bp.current_request, "admin", event_id)
    signups.erase_by_id(event_id, registration_id, now())
    return Response(body="", status_code=204)
