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


def _organisation():
    """``(organisation id, None)`` for a member who may read its log, else ``(None, the page to answer)``."""
    request = bp.current_request
    member = request.member
    org_id = (request.query_params or {}).get("organisation") or next(iter(member.organisations("log")), None)
    role = member.role_in(org_id) if org_id else None
    if org_id and role is None:
        return None, html("not_found.html.j2", 404)
    if not roles.allows(role, "log"):
        return None, forbidden()
    return org_id, None


@route("/organiser/log", methods=["GET"])
@member_page
def log_page():
    org_id, refused = _organisation()
    if refused:
        return refused
    from chalicelib import i18n, store
    locale = locale_of(bp.current_request)
    return html("log.html.j2", organisation=store.organisations.get_organisation(org_id),
                lines=activity.lines(org_id, now(), locale),
                moment=lambda at: i18n.format_short(at, "Europe/Amsterdam", locale) if at else "")


@route("/organiser/log/download", methods=["GET"])
@member_page
def log_download():
    """The log as an Excel workbook (``?format=xlsx``, the default) or a CSV file (``csv``)."""
    from chalice import Response

    from chalicelib import http
    org_id, refused = _organisation()
    if refused:
        return refused
    fmt = (bp.current_request.query_params or {}).get("format", "xlsx")
    if fmt not in ("xlsx", "csv"):
        return html("not_found.html.j2", 404)
    from chalicelib import downloads
    if fmt == "xlsx" and not downloads.takes_binary(bp.current_request.headers.get("accept")):
        raise http.HttpError("not_acceptable")     # API Gateway hands a binary body only to who accepts it
    locale = locale_of(bp.current_request)
    body = activity.download(org_id, now(), locale, fmt)
    body = body if fmt == "xlsx" else body.decode("utf-8")     # a text body goes out as text
    kinds = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv; charset=utf-8"}
    from chalicelib import translations
    _ = translations.gettext(locale)
    word = _("logboek")     # the file's name: <organisation>-logboek.xlsx
    name = f"{org_id}-{word}.{fmt}"
    return Response(body=body, status_code=200, headers={
        "Content-Type": kinds[fmt], "Content-Disposition": f'attachment; filename="{name}"', **http.DOWNLOAD})
