"""Organiser pages in the browser: sign in by a mailed link, the organisation's events, sign out.

Every page is server-rendered and works without JavaScript; every action is a form POST
followed by a redirect. ``member_page`` guards a page like flaskr's ``login_required``.
"""
import functools
from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from chalicelib import http
from chalicelib.config import settings
from chalicelib.http import access, sessions
from chalicelib.http.routing import now, routes
from chalicelib.imports import lazy

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import organising
    from chalicelib.organiser import views
else:
    organising, views = lazy("chalicelib.organising"), lazy("chalicelib.organiser.views")

bp = Blueprint(__name__)
route = routes(bp)


def locale_of(request) -> str:
    return http.request_locale(request)


def redirect(path: str, request=None, cookie: str = None) -> Response:
    """303 to one of our pages (POST/redirect/GET), keeping ``?lang=`` (Dutch, the default, needs none)."""
    locale = locale_of(request) if request is not None else "nl"
    lang = "" if locale == "nl" else f"lang={locale}"
    location = settings().public_base_url + path + (("&" if "?" in path else "?") + lang if lang else "")
    headers = {"Location": location}
    if cookie:
        headers["Set-Cookie"] = cookie
    return Response(body="", status_code=303, headers=headers)


def member_page(view=None, *, capability: str = None):
    """Run ``view`` for a signed-in member (``request.member``, ``request.csrf`` set); a POST must
    carry the CSRF token (403 otherwise). Anyone else is sent to the sign-in page. With
    ``capability`` (chalicelib.roles), the member's role must have it in at least one of their
    organisations (the 403 page otherwise); the view narrows it to one organisation itself."""
    if view is None:
        return functools.partial(member_page, capability=capability)

    @functools.wraps(view)
    def guarded(**params):
        request = bp.current_request
        member = access.signed_in(request)
        if member is None:
            return redirect(sign_in_path(request), request)
        if request.method == "POST":
            access.check_csrf(request, member)
        request.member, request.csrf = member, access.csrf_for(request)
        if capability and not member.organisations(capability):
            return forbidden()
        return view(**params)
    return guarded


def organisation_page(capability: str):
    """``member_page`` for a page of one whole organisation (the team, the settings): the view is
    called with ``org_id`` and ``posted`` (the form or upload of a POST, else the query). The
    organisation is the form's or query's ``organisation``; a GET without one opens the first
    where the member has ``capability``. ``refused_in`` answers when they may not."""
    def wrap(view):
        @functools.wraps(view)
        def guarded(**params):
            request = bp.current_request
            if request.method == "POST":
                posted = http.read_upload(request) if http.media_type(request) == http.UPLOAD else http.read_form(request)
            else:
                posted = request.query_params or {}
            org_id = posted.get("organisation")
            if not isinstance(org_id, str) or not org_id:
                org_id = next(iter(request.member.organisations(capability)), None) if request.method == "GET" else None
            return refused_in(org_id, capability) or view(org_id, posted, **params)
        return member_page(guarded)
    return wrap


def refused_in(org_id, capability: str):
    """None when the signed-in member has ``capability`` (chalicelib.roles) in organisation
    ``org_id``; else the page to answer: 404 for an organisation they do not belong to, 403 for
    one where their role lacks it, or when no organisation is named (the one check of every
    organisation-wide page: the team, the settings)."""
    from chalicelib import roles
    role = bp.current_request.member.role_in(org_id) if isinstance(org_id, str) else None
    if role is None:
        return html("not_found.html.j2", 404) if org_id else forbidden()
    return None if roles.allows(role, capability) else forbidden()


def forbidden():
    """The 403 page: the member's role does not allow this page or action."""
    return html("forbidden.html.j2", 403)


def sign_in_path(request) -> str:
    """The sign-in page, with ``next``: the page asked for (a GET; after a POST, the event list)."""
    from urllib.parse import quote, urlencode
    if request.method != "GET":
        return "/organiser"
    path = request.context.get("resourcePath") or "/organiser"
    for name, value in (request.uri_params or {}).items():
        path = path.replace("{" + name + "}", quote(value, safe=""))
    query = {k: v for k, v in (request.query_params or {}).items() if k != "lang"}
    here = path + ("?" + urlencode(query) if query else "")
    return "/organiser?" + urlencode({"next": here}) if sessions.safe_next(here) and here != "/organiser" else "/organiser"


def html(template: str, status: int = 200, **context) -> Response:
    request = bp.current_request
    return http.html_response(views.page(template, request, locale_of(request), **context), status,
                              {"Cache-Control": "no-store"})


# ---------------------------------------------------------------- sign-in

@route("/", methods=["GET"])
def start():
    """The service's bare address (someone who types only the domain): the organiser's start page."""
    return redirect("/organiser", bp.current_request)


@route("/organiser", methods=["GET"])
def home():
    request = bp.current_request
    member = access.signed_in(request)
    query = request.query_params or {}
    if member is None:
        return html("login.html.j2", errors={}, email="", next=sessions.safe_next(query.get("next")) or "",
                    signed_out=query.get("done") == "signed_out")
    request.member, request.csrf = member, access.csrf_for(request)
    return html("events.html.j2", organisations=organising.overview(member.email), done=query.get("done"))


@route("/organiser/login", methods=["POST"], content_types=[http.FORM])
def request_login():
    request = bp.current_request
    body = http.read_body(request)
    email, wanted = str(body.get("email", "")).strip(), sessions.safe_next(body.get("next"))
    from chalicelib.forms import valid_sign_in_address
    if not valid_sign_in_address(email):
        return html("login.html.j2", 400, errors={"email": "invalid_email"}, email=email, next=wanted or "",
                    signed_out=False)
    nonce, nonce_cookie = sessions.new_sign_in_nonce()     # every address alike: it tells nothing
    organising.request_sign_in(email, client_key=http.client_ip(request), now=now(), locale=locale_of(request),
                               browser=nonce)
    answer = html("login_sent.html.j2", email=email)
    # kept in this browser while the mail travels: the nonce, and the page to return to
    answer.headers["Set-Cookie"] = [nonce_cookie, sessions.set_next_cookie(wanted)] if wanted else nonce_cookie
    return answer


@route("/organiser/login/{token}", methods=["GET"])
def login_link(token):
    """The one-button page in the browser that asked for the link; elsewhere (another browser, the
    phone) the page first names the address it signs in as, so a link someone else sent is seen."""
    request = bp.current_request
    address, same_browser = organising.check_sign_in_link(token, now(), sessions.sign_in_nonce(request))
    wanted = sessions.next_of(request)
    answer = html("login_confirm.html.j2", token=token, next=wanted or "",
                  address=None if same_browser else address)
    if wanted:
        answer.headers["Set-Cookie"] = sessions.clear_next_cookie()
    return answer


@route("/organiser/login/{token}", methods=["POST"], content_types=[http.FORM])
def login(token):
    if sessions.foreign_origin(bp.current_request):     # as every organiser POST (sessions.csrf_valid)
        raise http.HttpError("forbidden")
    session_id = organising.sign_in(token, now())
    wanted = sessions.safe_next(http.read_body(bp.current_request).get("next"))
    return redirect(wanted or "/organiser", bp.current_request, sessions.set_cookie(session_id))


@route("/organiser/logout", methods=["POST"], content_types=[http.FORM])
@member_page
def logout():
    organising.sign_out(bp.current_request.member.session_hash)
    return redirect("/organiser?done=signed_out", bp.current_request, sessions.clear_cookie())
