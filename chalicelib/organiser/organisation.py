"""The organisation's settings page ("Instellingen", issue 28 item 4), for a beheerder: how
attendees see the organisation (name, logo, colour, privacy statement), how its mails go (sender
name, reply-to) and what new events start with. One organisation per page (``?organisation=``,
default the first where the member may change settings), as the team page. The use cases are
chalicelib.organisation_settings; the logo's checks are chalicelib.logos.
"""
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from chalice import Blueprint

from chalicelib import http
from chalicelib.errors import ValidationFailed
from chalicelib.http.routing import now, routes
from chalicelib.imports import lazy
from chalicelib.organiser.home import html, locale_of, organisation_page, redirect

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import organisation_settings
else:
    organisation_settings = lazy("chalicelib.organisation_settings")

bp = Blueprint(__name__)
route = routes(bp)
SETTINGS = "/organiser/settings"
NOTICES = ("saved", "logo")


def _request():
    return bp.current_request


@route(SETTINGS, methods=["GET"])
@organisation_page("settings")
def settings_page(org_id, query):
    done = query.get("done")
    return _page(org_id, notice=done if done in NOTICES else None)


@route(SETTINGS, methods=["POST"], content_types=[http.FORM])
@organisation_page("settings")
def save(org_id, posted):
    try:
        organisation_settings.save(org_id, posted, by=_request().member.email, now=now())
    except ValidationFailed as failed:
        return _page(org_id, errors=failed.fields, values=posted, status=400)
    return redirect(f"{SETTINGS}?{urlencode({'organisation': org_id, 'done': 'saved'})}", _request())


@route(SETTINGS + "/logo", methods=["POST"], content_types=[http.UPLOAD, http.FORM])
@organisation_page("settings")
def save_logo(org_id, posted):
    request = _request()
    data = None if posted.get("remove") == "on" else posted.get("logo")
    try:
        if data is not None and not isinstance(data, bytes):
            raise ValidationFailed({"logo": "logo_type"})
        organisation_settings.save_logo(org_id, data, by=request.member.email, now=now())
    except ValidationFailed as failed:
        return _page(org_id, errors=failed.fields, status=400)
    return redirect(f"{SETTINGS}?{urlencode({'organisation': org_id, 'done': 'logo'})}", request)


def _page(org_id, *, notice=None, errors=None, values=None, status=200):
    from chalicelib import logos, store
    organisation = store.organisations.get_organisation(org_id)
    shown = {name: organisation.get(name, "") for name in ("name", *organisation_settings.NAMES)}
    shown.update({k: v for k, v in (values or {}).items() if k in shown and isinstance(v, str)})
    colour = shown.get("colour") or ""
    ratio = None
    if (errors or {}).get("colour") == "low_contrast":     # the reason, measured: "3,21 op 1"
        from babel.numbers import format_decimal
        ratio = format_decimal(organisation_settings.contrast_with_white(colour), "0.00", locale=locale_of(_request()))
    others = [(other, store.organisations.get_organisation(other)["name"])
              for other in _request().member.organisations("settings") if other != org_id]
    return html("settings.html.j2", status, organisation=organisation, values=shown, errors=errors or {},
                notice=notice, others=others, ratio=ratio,
                logo_url=logos.url(organisation), max_kb=logos.MAX_BYTES // 1024)
