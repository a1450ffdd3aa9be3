"""The log page ("Logboek", issue 28 item 3): who did what in an organisation, for a beheerder.
One organisation per page (``?organisation=``, default the first where the member may read it);
the lines come from chalicelib.activity."""
from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib import roles
from chalicelib.http.routing import now, routes
from chalicelib.imports import lazy
from chalicelib.organiser.home import forbidden, html, locale_of, member_page

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import activity
else:
    activity = lazy("chalicelib.activity")

bp = Blueprint(__name__)
route = routes(bp)


@route("/organiser/log", methods=["GET"])
@member_page
def log_page():
    request = bp.current_request
    member = request.member
    org_id = (request.query_params or {}).get("organisation") or next(iter(member.organisations("log")), None)
    role = member.role_in(org_id) if org_id else None
    if org_id and role is None:
        return html("not_found.html.j2", 404)
    if not roles.allows(role, "log"):
        return forbidden()
    from chalicelib import i18n, store
    locale = locale_of(request)
    titles = {event.id: event.text("title", locale) for event in store.events.events_of_organisation(org_id)}
    return html("log.html.j2", organisation=store.organisations.get_organisation(org_id), titles=titles,
                entries=activity.entries(org_id, now()), role_label=roles.LABELS,
                moment=lambda iso: i18n.format_short(iso, "Europe/Amsterdam", locale) if iso else "")
