"""The programme page ("Programma", issue 29): an organiser sets up the event's rounds of sessions
and whether it can be followed online, in the browser. The form is chalicelib.organiser.programme_form;
saving is ``organising.patch_event``, the same use case as ``PATCH /events/{id}``, so the page and
the API refuse the same things (a session somebody chose cannot be removed). The add and remove
buttons post the form and get it back unsaved, so they work without JavaScript.
"""
from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib import http
from chalicelib.errors import ValidationFailed
from chalicelib.http.routing import now, routes
from chalicelib.imports import lazy
from chalicelib.organiser.home import html, redirect
from chalicelib.organiser.overview import event_page

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import organising
    from chalicelib.organiser import programme_form
else:
    organising, programme_form = lazy("chalicelib.organising"), lazy("chalicelib.organiser.programme_form")

bp = Blueprint(__name__)
route = routes(bp)
PAGE = "/organiser/events/{event_id}/programme"


@route(PAGE, methods=["GET"])
@event_page("events")
def programme_page(event_id):
    saved = (bp.current_request.query_params or {}).get("done") == "saved"
    return _page(programme_form.values_of(organising.definition(event_id)), notice=saved)


@route(PAGE, methods=["POST"], content_types=[http.FORM])
@event_page("events")
def save_programme(event_id):
    request = bp.current_request
    posted = http.read_form(request)
    values = programme_form.read(posted, programme_form.values_of(organising.definition(event_id))["day"])
    action = posted.get("action", "save")
    if action != "save":
        return _page(programme_form.act(values, action), action=action)
    patch, errors = programme_form.patch_of(values)
    try:
        if errors:      # every mistake in one round: the definition model's too, beside the form's own
            from chalicelib import events
            merged = events.merge_patch(organising.definition(event_id), patch)
            merged.pop("id", None)
            events.validate(event_id, merged)
        else:
            organising.patch_event(event_id, patch, now(), caller=request.member)
            return redirect(PAGE.format(event_id=event_id) + "?done=saved", request)
    except ValidationFailed as failed:
        errors = programme_form.merged_errors(failed.fields, errors)
    return _page(values, errors=errors, status=400)


def _page(values, *, errors=None, status=200, notice=False, action=None):
    event = bp.current_request.event
    held = {s.id: s.taken + s.waiting for r in event.programme for s in r.sessions if s.taken + s.waiting}
    shown = programme_form.valid_moment_inputs(values)
    return html("programme.html.j2", status, event=event, values=shown, flat=programme_form.flat(shown),
                errors=programme_form.in_page_order(errors or {}, values), notice=notice, held=held,
                online_held=sum(s.taken + s.waiting for s in event.attendance if s.id == "online"),
                focus=programme_form.focus_after(action, values) if action else None,
                max_rounds=programme_form.MAX_ROUNDS)
