"""The Maatjes page of an event (chalicelib.buddies): make groups, move people, send the
introductions. For members with the ``people`` capability; every action is a form POST followed by
a redirect (``done``), or the page again with the error beside the form."""
from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib import http
from chalicelib.errors import ValidationFailed
from chalicelib.http.routing import now, routes
from chalicelib.imports import lazy
from chalicelib.organiser.home import redirect
from chalicelib.organiser.overview import EVENT, _page, event_page

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import buddies, matching
else:
    buddies = lazy("chalicelib.buddies")
    matching = lazy("chalicelib.matching")

bp = Blueprint(__name__)
route = routes(bp)
PAGE = EVENT + "/buddies"
DONE = ("made", "moved", "sent")


def _show(status=200, errors=None, values=None):
    request = bp.current_request
    event = request.event
    grouping = buddies.current(event)
    people, door_used = buddies.taking_part(event)
    return _page("dashboard/buddies.html.j2", status, grouping=grouping, candidates=len(people), door_used=door_used,
                 questions=buddies.questions(event), sizes=buddies.SIZES, modes=matching.MODES,
                 values=values or {"mode": (grouping or {}).get("mode", matching.SIMILAR),
                                   "size": (grouping or {}).get("size", buddies.DEFAULT_SIZE)},
                 errors=errors or {}, notice=(request.query_params or {}).get("done") in DONE)


@route(PAGE, methods=["GET"])
@event_page("people")
def buddies_page(event_id):
    return _show()


@route(PAGE + "/make", methods=["POST"], content_types=[http.FORM])
@event_page("people")
def make_groups(event_id):
    request = bp.current_request
    posted = http.read_form(request)
    try:
        buddies.make(request.event, posted.get("mode", ""), posted.get("size", ""), by=request.member.id, now=now())
    except ValidationFailed as failed:
        return _show(400, failed.fields, posted)
    return redirect(f"/organiser/events/{event_id}/buddies?done=made", request)


@route(PAGE + "/move", methods=["POST"], content_types=[http.FORM])
@event_page("people")
def move_person(event_id):
    request = bp.current_request
    posted = http.read_form(request)
    try:
        buddies.move(request.event, posted.get("registration", ""), posted.get("group", ""), now=now())
    except ValidationFailed as failed:
        return _show(400, failed.fields)
    return redirect(f"/organiser/events/{event_id}/buddies?done=moved", request)


@route(PAGE + "/send", methods=["POST"], content_types=[http.FORM])
@event_page("people")
def send_groups(event_id):
    request = bp.current_request
    try:
        buddies.send(request.event, by=request.member.id, now=now())
    except ValidationFailed as failed:
        return _show(400, failed.fields)
    return redirect(f"/organiser/events/{event_id}/buddies?done=sent", request)
