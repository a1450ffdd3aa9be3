"""Organiser pages for the end of an event's life (issue 28 item 8): archive it and bring it back,
the "Gearchiveerd" list, and delete it with all its data after a confirmation step that names what
goes. Each form calls the use case its API endpoint calls (chalicelib.archiving). Closing
registration is the editor's ``/registration`` form, also offered on the event's page."""
from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib import http
from chalicelib.http.routing import now, routes
from chalicelib.imports import lazy
from chalicelib.organiser.home import html, member_page, redirect
from chalicelib.organiser.overview import event_page

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import archiving, organising
else:
    archiving, organising = lazy("chalicelib.archiving"), lazy("chalicelib.organising")

bp = Blueprint(__name__)
route = routes(bp)
EVENT = "/organiser/events/{event_id}"


@route("/organiser/archive", methods=["GET"])
@member_page(capability="events")
def archived_list():
    """"Gearchiveerd": the archived events of the member's organisations."""
    request = bp.current_request
    return html("archived.html.j2", organisations=organising.overview(request.member.email, archived=True),
                done=(request.query_params or {}).get("done"))


@route(EVENT + "/archive", methods=["POST"], content_types=[http.FORM])
@event_page("events")
def archive(event_id):
    request = bp.current_request
    archiving.archive(event_id, now(), caller_id=request.member.id)
    return redirect("/organiser/archive?done=archived", request)


@route(EVENT + "/restore", methods=["POST"], content_types=[http.FORM])
@event_page("events")
def restore(event_id):
    request = bp.current_request
    archiving.restore(event_id, now(), caller_id=request.member.id)
    return redirect(f"/organiser/events/{event_id}?done=restored", request)


@route(EVENT + "/delete", methods=["GET"])
@event_page("events")
def delete_form(event_id):
    request = bp.current_request
    return html("dashboard/delete.html.j2", event=request.event, contents=archiving.contents(event_id))


@route(EVENT + "/delete", methods=["POST"], content_types=[http.FORM])
@event_page("events")
def delete(event_id):
    request = bp.current_request
    archiving.delete(event_id, now(), caller_id=request.member.id)
    return redirect("/organiser?done=deleted", request)
