"""The routing table of the signup service: each handler reads, calls chalicelib, answers."""
import functools
import os
from datetime import datetime, timezone
from urllib.parse import urlencode, urlsplit, urlunsplit

from chalice import AuthResponse, Chalice, Rate, Response

from chalicelib import auth, events, logs, signups, web
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
    if error.code == "invalid_token" and not web.accepts_json(request):
        from chalicelib import pages
        return web.html_response(pages.not_found(locale), status)
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


# ---------------------------------------------------------------- request context for logs

@app.middleware("http")
def bind_log_context(request, get_response):
    """Every log line of a request carries its request id and event id (chalicelib.logs)."""
    lambda_context = getattr(request, "lambda_context", None)
    logs.bind(request_id=(request.context or {}).get("requestId") or getattr(lambda_context, "aws_request_id", None),
              event_id=(request.uri_params or {}).get("event_id"))
    return get_response(request)


# ---------------------------------------------------------------- public endpoints

@route("/health", cors=True)
def health():
    return {"status": "ok"}


@route("/openapi.json", methods=["GET"], cors=True)
def openapi_spec():
    from chalicelib import openapi
    return openapi.spec()


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


@route("/events/{event_id}/form", methods=["GET"], cors=True)
def signup_form(event_id):
    from chalicelib import pages
    event = signups.get_event(event_id)
    locale = web.request_locale(app.current_request, event.locales)
    values = {"_redirect": (app.current_request.query_params or {}).get("redirect", "")}
    return web.html_response(pages.form(event, locale, now(), values))


# ---------------------------------------------------------------- attendee links

@route("/registrations/{token}", methods=["GET"])
def attendee_page(token):
    return _attendee_answer(token)


@route("/registrations/{token}/confirm", methods=["POST"], content_types=["*/*"])
def attendee_confirm(token):
    return _attendee_answer(token, signups.confirm, "confirmed")


@route("/registrations/{token}/cancel", methods=["POST"], content_types=["*/*"])
def attendee_cancel(token):
    return _attendee_answer(token, signups.cancel, "cancelled")


@route("/registrations/{token}/calendar.ics", methods=["GET"])
def attendee_calendar(token):
    from chalicelib import calendar
    event, registration = signups.open_registration(token)
    body = calendar.invite(event, registration, signups.manage_url(event.id, registration.id))
    return Response(body=body.decode(), status_code=200, headers={
        "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": 'attachment; filename="invite.ics"'})


def _attendee_answer(token, action=None, done=None):
    from chalicelib import pages
    event, registration = signups.open_registration(token)
    if action:
        registration = action(registration, now())
    if web.accepts_json(app.current_request):
        return web.json_response({"registration_id": registration.id, "event_id": event.id,
                                  "status": registration.status})
    return web.html_response(pages.registration(event, registration, token, done=done,
                                                position=signups.waitlist_position(registration)))


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
    principal = require("export", event_id)
    from chalicelib import downloads
    request = app.current_request
    download = downloads.export(event_id, request.query_params or {}, request.headers.get("accept"),
                                token_id=principal.token_id, now=now())
    if download.location:
        return Response(body="", status_code=303, headers={"Location": download.location})
    return Response(body=download.body, status_code=200, headers={
        "Content-Type": download.content_type,
        "Content-Disposition": f'attachment; filename="{download.filename}"'})


@route("/events/{event_id}/registrations/{registration_id}", methods=["DELETE"], authorizer=organiser)
def erase_registration(event_id, registration_id):
    require("admin", event_id)
    signups.erase_by_id(event_id, registration_id, now())
    return Response(body="", status_code=204)


# ---------------------------------------------------------------- schedules

@app.schedule(Rate(5, unit=Rate.MINUTES))
def expire_holds(event):
    """Double opt-in: release seats whose confirmation did not come in time."""
    signups.expire_due(now())


@app.schedule(Rate(15, unit=Rate.MINUTES))
def send_reminders(event):
    """One reminder per confirmed attendee, REMINDER_HOURS before the event."""
    signups.remind_due(now())


# ---------------------------------------------------------------- stream worker

# `chalice package` copies this ARN into the SAM template as a plain string: set
# TABLE_STREAM_ARN when packaging, or merge the table's StreamArn over it.
# 25 records hold about six signups (each also writes its counter, marker and rate
# items); at worst each mail waits out emails.send's backoff (~4 s), well inside
# the Lambda timeout.
@app.on_dynamodb_record(
    stream_arn=os.environ.get("TABLE_STREAM_ARN",
                              "arn:aws:dynamodb:eu-west-1:000000000000:table/signups/stream/placeholder"),
    batch_size=25, starting_position="TRIM_HORIZON")
def email_worker(event):
    from chalicelib import outbox
    logs.bind(request_id=getattr(event.context, "aws_request_id", None))
    outbox.handle([record.to_dict() for record in event])


# ---------------------------------------------------------------- SES feedback

# .chalice/resources.json points this subscription at the stack's own topic (the
# configuration set's bounce/complaint destination); the name here is for `chalice deploy`.
@app.on_sns_message(topic="signups-ses-feedback")
def ses_feedback(event):
    from chalicelib import bounces
    bounces.handle(event.message, now())
