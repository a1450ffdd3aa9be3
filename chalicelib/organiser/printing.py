"""An event's pages made for paper: the name badges (chalicelib.badges) and the list per room of
the programme's sessions. Each is a plain page
with print rules in site.css (A4, exact sizes); the browser's Print makes the paper or a PDF.
For roles with the ``door`` capability (chalicelib.roles): they print at the door."""
from typing import TYPE_CHECKING

from chalice import Blueprint
from markupsafe import Markup

from chalicelib.http.routing import routes
from chalicelib.imports import lazy
from chalicelib.organiser.home import locale_of
from chalicelib.organiser.overview import EVENT, _page, event_page

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import badges, checkin, translations
    from chalicelib.organiser import listing
else:
    badges = lazy("chalicelib.badges")
    checkin = lazy("chalicelib.checkin")
    listing = lazy("chalicelib.organiser.listing")
    translations = lazy("chalicelib.translations")

bp = Blueprint(__name__)
route = routes(bp)


@route(EVENT + "/badges", methods=["GET"])
@event_page("door")
def badge_sheets(event_id):
    """``?per_sheet=8|10``, ``?session=<id>`` (who has a seat in it), ``?id=<registration id>``
    (repeated: the people ticked on the people list); without them: everyone confirmed."""
    request = bp.current_request
    event, locale = request.event, locale_of(request)
    query = request.query_params or {}
    ids = query.getlist("id") if query and "id" in query else []
    session = query.get("session", "")
    session = session if any(s.id == session for r in event.programme for s in r.sessions) else ""
    size = badges.per_sheet(query.get("per_sheet", ""))
    people = badges.chosen(listing.seated(event_id), ids=ids[:1000], session=session)
    made = [badges.badge(event, reg, locale) for reg in people]
    title = translations.gettext(locale)("QR-code om in te checken bij de deur")
    return _page("dashboard/badges.html.j2", sheets=badges.sheets(made, size), size=size, count=len(made),
                 sizes=badges.PER_SHEET, session=session, selected=len(ids),
                 qr=lambda url: Markup(checkin.qr_svg(url, title)))  # nosec B704  # segno builds the SVG and escapes the title


@route(EVENT + "/rooms", methods=["GET"])
@event_page("door")
def room_lists(event_id):
    """Per room, per session in programme order: who has a seat, by surname, with their organisation."""
    request = bp.current_request
    return _page("dashboard/rooms.html.j2",
                 rooms=listing.rooms(request.event, listing.seated(event_id), locale_of(request)))
