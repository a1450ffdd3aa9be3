"""The routing table of the signup service: each handler reads, calls chalicelib, answers."""
import functools
from datetime import datetime, timezone
from urllib.parse import urlencode, urlsplit, urlunsplit

from chalice import AuthResponse, Chalice, Response

from chalicelib import auth, events, signups, web
from chalicelib.errors import DomainError, ValidationFailed

app = Chalice(app_name="signups")
app.api.binary_types.append("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def now():
    return datetime.now(timezone.utc)


def route(path, **options):
    """``app.route`` whose handler may raise DomainError: it becomes the contract's error answer."""
    def decorate(view):
        @functools.wraps(view)
        def answer(**params):
            try:
                return view(**params)
            except DomainError as error:
                return _error(error, params.get("event_id"))
        return app.route(path, **options)(answer)
    return decorate


def _error(error, event_id):
    request = app.current_request
    locale = web.request_locale(request)
    status, headers = web.status_of(error), web.error_headers(error)
    if web.is_form(request) and not web.wants_json(request) and request.method == "POST":
        return _form_error(error, event_id, locale, status, headers)
    return web.json_response(web.error_body(error, locale), status, headers)


def _form_error(error, event_id, locale, status, headers):
    """A plain-form poster sees a page: the form again with messages, or a page that says why."""
    from chalicelib import pages
    if isinstance(error, ValidationFailed):
        event = signups.get_event(event_id, cached=True)
        values = getattr(app.current_request, "form_values", {})
        locale = event.locale_or_default(values.get("locale") or locale)
        return web.html_response(pages.form(event, locale, now(), values, error.fields), status, headers)
    back = app.current_request.headers.get("referer")
    return web.html_response(pages.error(error.code, locale, back), status, headers)


# ---------------------------------------------------------------- organiser authorizer

@app.authorizer(ttl_seconds=0)
def organiser(auth_request):
    """Verify the Bearer token; the handler answers 401/403 itself from the context."""
    principal = auth.verify(auth_request.token)
    if principal is None:
        return AuthResponse(routes=["*"], principal_id="anonymous", context={"token_id": ""})
    return AuthResponse(routes=["*"], principal_id=principal.token_id, context={
        "token_id": principal.token_id, "scope": principal.scope, "events": ",".join(principal.events)})


def require(action, event_id):
    """The caller's Principal if it may do ``action`` on ``event_id``; else 401 or 403."""
    context = (app.current_request.context or {}).get("authorizer") or {}
    if not context.get("token_id"):
        raise web.HttpError("unauthorized")
    principal = auth.Principal(context["token_id"], context["scope"], tuple(context["events"].split(",")))
    if not principal.may(action, event_id):
        raise web.HttpError("forbidden")
    return principal


# ---------------------------------------------------------------- public endpoints

@route("/health", cors=True)
def health():
    return {"status": "ok"}


@route("/events/{event_id}", methods=["GET"], cors=True)
def get_event(event_id):
    event = signups.get_event(event_id)
    locale = web.request_locale(app.current_request, event.locales)
    return web.json_response(events.public_view(event, locale, now()))


@route("/events/{event_id}/signups", methods=["POST"], cors=True, content_types=["*/*"])
def create_signup(event_id):
    request = app.current_request
    data = web.read_body(request)
    request.form_values = {k: v for k, v in data.items() if isinstance(v, str)}
    registration, duplicate = signups.register(event_id, data, client_key=web.client_ip(request), now=now())
    if web.wants_json(request):
        body = {"registration_id": registration.id, "event_id": event_id, "status": registration.status}
        if duplicate:
            body["duplicate"] = True
        return web.json_response(body, 200 if duplicate else 201)
    return _form_success(event_id, registration, data.get("_redirect"))


def _form_success(event_id, registration, redirect):
    if redirect:
        parts = urlsplit(redirect)
        query = (parts.query + "&" if parts.query else "") + urlencode({"status": registration.status})
        return Response(body="", status_code=303, headers={"Location": urlunsplit(parts._replace(query=query))})
    from chalicelib import pages
    event = signups.get_event(event_id, cached=True)
    return web.html_response(pages.thanks(event, registration, registration.locale))


@route("/events/{event_id}/form", methods=["GET"])
def signup_form(event_id):
    from chalicelib import pages
    event = signups.get_event(event_id)
    locale = web.request_locale(app.current_request, event.locales)
    values = {"_redirect": (app.current_request.query_params or {}).get("redirect", "")}
    return web.html_response(pages.form(event, locale, now(), values))


# ---------------------------------------------------------------- organiser endpoints

@route("/events/{event_id}", methods=["PUT"], authorizer=organiser, content_types=["*/*"])
def put_event(event_id):
    require("admin", event_id)
    definition = events.validate(event_id, web.read_json(app.current_request))
    created = signups.save_event(definition, now())
    event = signups.get_event(event_id)
    return web.json_response(events.public_view(event, event.locales[0], now()), 201 if created else 200)


@route("/events/{event_id}/registrations", methods=["GET"], authorizer=organiser)
def export_registrations(event_id):
    require("export", event_id)
    from chalicelib import downloads
    params = app.current_request.query_params or {}
    if params.get("format", "csv") != "csv":
        raise web.HttpError("not_acceptable")
    download = downloads.csv_download(event_id, statuses=downloads.parse_statuses(params.get("status")))
    return Response(body=download.body, status_code=200, headers={
        "Content-Type": download.content_type,
        "Content-Disposition": f'attachment; filename="{download.filename}"'})
