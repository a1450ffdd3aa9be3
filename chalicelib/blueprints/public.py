"""Public endpoints for visitors: health, the event, signups, the hosted form, the OpenAPI file."""
from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from chalicelib import http
from chalicelib.http.routing import now, routes
from chalicelib.imports import lazy

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import events, invitations, programme, redirects, signups
else:
    events, redirects, signups = lazy("chalicelib.events"), lazy("chalicelib.redirects"), lazy("chalicelib.signups")
    invitations, programme = lazy("chalicelib.invitations"), lazy("chalicelib.programme")

bp = Blueprint(__name__)
route = routes(bp)


@route("/health", cors=True)
def health():
    return {"status": "ok"}


@route("/openapi.json", methods=["GET"], cors=True, cache="public, max-age=300")
def openapi_spec():
    from chalicelib import openapi
    return openapi.spec()


@route("/assets/site.css", methods=["GET"], cors=True, cache="public, max-age=86400")
def stylesheet():
    from chalicelib import templating
    css, _ = templating.stylesheet()
    return Response(body=css, status_code=200, headers={
        "Content-Type": "text/css; charset=utf-8"})


@route("/organisations/{organisation_id}/logo", methods=["GET"], cache="public, max-age=86400")
def organisation_logo(organisation_id):
    """The organisation's logo (chalicelib.logos), from our own origin: its own type, nosniff, and
    for an SVG a CSP that runs nothing. The page's link carries ``?v=<version>``."""
    from chalicelib import logos, store
    from chalicelib.http import HttpError
    found = store.organisations.get_organisation(organisation_id) if len(organisation_id) <= 100 else None
    logo = logos.get(organisation_id) if found and found.get("logo") else None
    if logo is None:
        raise HttpError("not_found")
    headers = {"Content-Type": logo.content_type, "X-Content-Type-Options": "nosniff",
               "Content-Disposition": "inline"}
    if logo.content_type == logos.SVG:      # text: API Gateway passes it as it is
        headers["Content-Security-Policy"] = logos.SVG_CSP
        return Response(body=logo.body.decode("utf-8"), status_code=200, headers=headers)
    return Response(body=logo.body, status_code=200, headers=headers)


@route("/events/{event_id}", methods=["GET"], cors=True, cache="no-cache")   # live seats: ask each time
def get_event(event_id):
    event = signups.get_event(event_id)
    locale = http.request_locale(bp.current_request, event.locales)
    return http.json_response(events.public_view(event, locale, now()), headers={"Vary": "Accept-Language"})


@route("/events/{event_id}/signups", methods=["POST"], cors=True, content_types=["*/*"])
def create_signup(event_id):
    request = bp.current_request
    try:
        data = http.read_body(request)
    except (http.HttpError, http.ValidationFailed):
        signups.count_attempt(http.client_ip(request), now())     # every attempt counts
        raise
    request.form_values = {k: v for k, v in data.items() if isinstance(v, str)}
    request.body_locale = data.get("locale")      # an error answers in it first (API.md, version 3)
    # new, repeated and honeypot signups get the same answer: no id, no "duplicate" (API.md v2)
    registration = signups.register(event_id, data, client_ip=http.client_ip(request), now=now())
    if http.wants_json(request):
        answer = {"event_id": event_id, "status": registration.status}
        chosen = programme.choices(registration)       # a signup that chose sessions hears where it stands in each
        if chosen:
            answer["sessions"] = [{"id": c["id"], "status": c["status"]} for c in chosen]
        return http.json_response(answer, 201)
    return _form_success(event_id, registration, data.get("_redirect"))


def _form_success(event_id, registration, redirect):
    """303 to an allowed ``_redirect``; otherwise (none, or not allowed) 303 to our thank-you
    page, so a reload does not post again (POST-redirect-GET). Both carry only the status a
    newcomer would get and the language: nothing that tells a repeat or a honeypot apart."""
    # the event register() just read: the signup is stored, so no AWS call may fail it now
    event = signups.last_known_event(event_id) or signups.get_event(event_id, cached=True)
    target = redirects.target(event.allowed_redirect_origins, redirect)
    if not target:
        from chalicelib import pages
        target = pages.thanks_url(event, registration.locale)
    return Response(body="", status_code=303, headers={"Location": redirects.with_status(target, registration.status)})


@route("/events/{event_id}/thanks", methods=["GET"], cors=True, page=True)
def thanks_page(event_id):
    from chalicelib import pages
    event = signups.get_event(event_id, cached=True)
    request = bp.current_request
    locale = http.request_locale(request, event.locales)
    status = (request.query_params or {}).get("status")
    return http.html_response(pages.thanks(event, status, locale), frame_ancestors=event.allowed_redirect_origins)


@route("/events/{event_id}/form", methods=["GET"], cors=True, page=True)
def signup_form(event_id):
    from chalicelib import pages
    event = signups.get_event(event_id)
    locale = http.request_locale(bp.current_request, event.locales)
    query = bp.current_request.query_params or {}
    redirect = redirects.target(event.allowed_redirect_origins, query.get("redirect"))
    values = {"_redirect": redirect or "", "_invite": query.get("invite") or ""}
    # an invitation-only event without its code: the page says so, with no form (403)
    status = 200 if invitations.admits(event, values["_invite"]) else 403
    return http.html_response(pages.form(event, locale, now(), values), status,
                              frame_ancestors=event.allowed_redirect_origins)
