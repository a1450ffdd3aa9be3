"""``routes(bp)``: a blueprint's ``route`` whose handlers may raise DomainError, or fail.

A DomainError becomes the contract's answer in the request's locale: JSON in the error
shape, the hosted form again for a plain-form post that failed validation, or a readable
page. Anything else a handler raises (an AWS dependency that failed after botocore's
retries, or a bug) becomes ``503 service_unavailable`` with ``Retry-After``: never
Chalice's own 500, which the contract forbids. A bug is still visible to operators: it
is logged with its frames and counted in the ``UnexpectedErrors`` metric, which alarms
(chalicelib.faults, docs/faults.md).
"""
import functools
import os
import hashlib
import json
from datetime import datetime, timezone

from chalice import CORSConfig, Response

from chalicelib import faults, http
from chalicelib.errors import DomainError, ValidationFailed

# the methods each path serves (every route is made by ``routes``): the ``Allow`` of a 405 and
# of an OPTIONS answer
METHODS: dict = {}
CORS_PATHS: set = set()     # paths whose OPTIONS is a CORS preflight (API Gateway has no OPTIONS elsewhere)
CORS_MAX_AGE = 7200     # seconds a browser may keep a preflight's answer (Chromium's ceiling)


class PathCORS(CORSConfig):
    """``Access-Control-Allow-Origin: *`` for a public path, ``Retry-After`` readable by the page's
    script (a 429 or 503 says when to try again), preflights kept ``CORS_MAX_AGE`` seconds, and
    the path's ``Allow``: `chalice package` copies these headers into API Gateway's answer to
    OPTIONS, and chalice local and the test client into theirs (scripts/local_api.py)."""

    def __init__(self, path: str):
        super().__init__(allow_origin="*", expose_headers=["Retry-After"], max_age=CORS_MAX_AGE)
        self.path = path

    def get_access_control_headers(self):
        # HSTS on the preflight too (API Gateway answers it without the function), unless a local
        # stack says it is plain http; `chalice package` reads this with no base URL: deployed is https
        hsts = {} if os.environ.get("PUBLIC_BASE_URL", "").startswith("http://") else {
            "Strict-Transport-Security": http.HSTS}
        return {**super().get_access_control_headers(), "Allow": allow(self.path), **hsts}


def allow(path: str) -> str:
    """The ``Allow`` header of ``path``: its methods, and OPTIONS where it answers a preflight."""
    return ", ".join(sorted(METHODS.get(path, set()) | ({"OPTIONS"} if path in CORS_PATHS else set())))


def now() -> datetime:
    return datetime.now(timezone.utc)


def routes(bp):
    """A ``route`` decorator for ``bp`` that turns a DomainError or a failure into its answer.

    ``page=True`` marks a route that a browser opens (it answers HTML): its errors are
    pages too, unless the client asked for JSON.
    ``cache`` (a ``Cache-Control`` value) marks an answer that is the same for everyone: it
    gets that header and an ``ETag``, and ``304 Not Modified`` when ``If-None-Match`` has it.
    Every GET route serves HEAD too (RFC 9110 9.3.2): the GET's status and headers, no body.
    ``cors=True`` is ``PathCORS``.
    """
    def route(path, page=False, cache=None, **options):
        methods = list(options.pop("methods", ["GET"]))
        if "GET" in methods and "HEAD" not in methods:
            methods.append("HEAD")
        METHODS.setdefault(path, set()).update(methods)
        if options.get("cors") is True:
            options["cors"] = PathCORS(path)
            CORS_PATHS.add(path)

        def decorate(view):
            @functools.wraps(view)
            def answer(**params):
                request = bp.current_request
                try:
                    try:
                        response = view(**params)
                        if cache:
                            response = cached(request, response, cache)
                    except DomainError as error:
                        response = error_answer(request, error, params.get("event_id"), page=page)
                except Exception as error:  # noqa: BLE001 - the contract: no 500, ever
                    faults.report(error, route=path, method=request.method)
                    response = unavailable_answer(request, params.get("event_id"), page=page)
                return without_body(response) if request.method == "HEAD" else response
            answer.answers_failures = True     # tests/test_faults.py checks every route has this
            return bp.route(path, methods=methods, **options)(answer)
        return decorate
    return route


def cached(request, response, cache_control: str) -> Response:
    """``response`` with ``Cache-Control`` and a strong ``ETag`` of its body; a ``304`` without
    body when the request's ``If-None-Match`` names that tag (or is ``*``)."""
    if not isinstance(response, Response):
        response = http.json_response(response)
    body = response.body if isinstance(response.body, (str, bytes)) else json.dumps(response.body)
    raw = body.encode() if isinstance(body, str) else body
    tag = '"' + hashlib.sha256(raw).hexdigest()[:32] + '"'
    headers = {**response.headers, "Cache-Control": cache_control, "ETag": tag}
    asked = [t.strip().removeprefix("W/") for t in (request.headers.get("if-none-match") or "").split(",")]
    if response.status_code == 200 and (tag in asked or "*" in asked):
        kept = {k: v for k, v in headers.items() if k.lower() not in ("content-type", "content-length")}
        return Response(body="", status_code=304, headers=kept)
    return Response(body=body, status_code=response.status_code, headers=headers)


def without_body(response) -> Response:
    """The answer to HEAD: the GET's status and headers, no body."""
    if not isinstance(response, Response):     # a dict: Chalice's JSON answer, whose headers it sets itself
        return Response(body="", status_code=200)
    return Response(body="", status_code=response.status_code, headers=dict(response.headers))


def error_answer(request, error: DomainError, event_id: str = None, page: bool = False):
    locale = error_locale(request, event_id)
    status, headers = http.status_of(error), http.error_headers(error)
    if http.is_form(request) and not http.wants_json(request) and request.method == "POST":
        return _form_error(request, error, event_id, locale, status, headers)
    if (page or error.code == "invalid_token") and not http.accepts_json(request):
        from chalicelib import pages
        back, back_to = _way_back(request, error.code, locale)
        return http.html_response(pages.error(error.message_key, locale, back, back_to=back_to,
                                              retry_after=_retry_after(headers)), status, headers)
    return http.json_response(http.error_body(error, locale), status, headers)


def unavailable_answer(request, event_id: str = None, page: bool = False):
    """503: the form again with the visitor's values for a form post, a page for a browser, else JSON."""
    error = http.HttpError("service_unavailable")
    locale = error_locale(request, event_id, reachable=False)
    headers = {"Retry-After": str(faults.RETRY_AFTER_SECONDS)}
    try:
        if http.is_form(request) and not http.wants_json(request) and request.method == "POST":
            return _form_error(request, error, event_id, locale, 503, headers)
        if (page and not http.accepts_json(request)) or http.prefers_html(request):
            from chalicelib import pages
            back, back_to = _way_back(request, error.code, locale)
            return http.html_response(pages.error(error.message_key, locale, back, back_to=back_to,
                                                  retry_after=_retry_after(headers)), 503, headers)
    except Exception as failure:  # noqa: BLE001 - the page itself failed: the JSON answer still stands
        faults.report(failure, route="unavailable_answer")
    return http.json_response(http.error_body(error, locale), 503, headers)


def error_locale(request, event_id: str = None, reachable: bool = True) -> str:
    """The language of an error (API.md, version 3): the body's ``locale``, then ``?lang``, then
    ``Accept-Language``, then the event's first locale. ``reachable=False``: DynamoDB may be the
    part that failed, so only the event as last read is asked."""
    from chalicelib import signups
    asked = getattr(request, "body_locale", None)
    if asked in SUPPORTED:
        return asked
    named = http.request_locale(request, SUPPORTED)
    if named == http.request_locale(request, SUPPORTED[::-1]):     # the same either way: ?lang or Accept-Language named it
        return named
    event = None
    if event_id:
        event = _event_or_none(event_id) if reachable else signups.last_known_event(event_id)
    return event.locales[0] if event else SUPPORTED[0]


SUPPORTED = ("nl", "en")


def _way_back(request, code: str, locale: str):
    """``(url, "form" | "registration")`` for a visitor's page that failed: the attendee page or the
    hosted form it belongs to, unless that is what does not exist; ``(None, "form")`` otherwise."""
    from chalicelib.config import settings
    params, path = request.uri_params or {}, request.path or ""
    base = settings().public_base_url
    if path.startswith("/registrations/{token}") and "token" in params and code != "invalid_token":
        return f"{base}/registrations/{params['token']}", "registration"
    if path.startswith("/events/{event_id}") and "event_id" in params and code != "event_not_found":
        return f"{base}/events/{params['event_id']}/form?lang={locale}", "form"
    return None, "form"


def _retry_after(headers):
    value = headers.get("Retry-After", "")
    return int(value) if value.isdigit() else None


def _form_error(request, error, event_id, locale, status, headers):
    """A plain-form poster sees a page: the form again with messages, or a page that says why."""
    from chalicelib import pages, redirects, signups
    if error.code == "service_unavailable":
        # the event as last read, however old: DynamoDB may be the part that is down
        event = signups.last_known_event(event_id) if event_id else None
    else:
        event = _event_or_none(event_id)
    ancestors = event.allowed_redirect_origins if event else ()   # a framed form shows its errors in the frame
    values = getattr(request, "form_values", None)                 # set by the signup route only
    # the signup form again only for a signup post; an organiser form's error is a page that leads back to it
    if event and values is not None and (isinstance(error, ValidationFailed) or error.code == "service_unavailable"):
        values = dict(values or {})
        # a _redirect that is not allowed is dropped, so a resubmit ends on our thank-you page
        values["_redirect"] = redirects.target(event.allowed_redirect_origins, values.get("_redirect")) or ""
        locale = event.locale_or_default(values.get("locale") or locale)
        fields, alert = (error.fields, None) if isinstance(error, ValidationFailed) else (None, error.code)
        return http.html_response(pages.form(event, locale, now(), values, fields, alert=alert), status, headers,
                                  frame_ancestors=ancestors)
    # back to the page that posted (an organiser's own form), else to our hosted form
    back = request.headers.get("referer") or (pages.form_url(event, event.locale_or_default(locale)) if event else None)
    return http.html_response(pages.error(error.message_key, locale, back, retry_after=_retry_after(headers)),
                              status, headers, frame_ancestors=ancestors)


def _event_or_none(event_id):
    """The event (a cached read) for a page about a failed post, or None when it cannot be read now."""
    from chalicelib import signups
    if not event_id:
        return None
    try:
        return signups.get_event(event_id, cached=True)
    except Exception:  # noqa: BLE001 - a page about one error must not fail on a second one
        return None


# Chalice answers these itself, before any view runs, in its own {"Code": ...} shape.
CHALICE_ERRORS = {"MethodNotAllowedError": "method_not_allowed", "UnsupportedMediaType": "unsupported_media_type",
                  "BadRequest": "bad_request"}


def contract_errors(request, get_response):
    """HTTP middleware: Chalice's own error answers in the contract's shape, status and headers kept;
    no answer to HEAD has a body; every answer has ``http.transport_headers`` (HSTS over https).

    Deployed, API Gateway stops an unknown method before Lambda (its Gateway Response
    answers); locally and in tests Chalice's router answers it, and this reshapes it.
    """
    response = get_response(request)
    body = response.body
    if isinstance(body, dict) and body.get("Code") in CHALICE_ERRORS:
        locale = http.request_locale(request) if request is not None else "nl"
        error = http.HttpError(CHALICE_ERRORS[body["Code"]])
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-type"}
        if response.status_code == 405 and request is not None:     # RFC 9110 15.5.6: what the path takes
            headers["Allow"] = allow((request.context or {}).get("resourcePath", ""))
        response = http.json_response(http.error_body(error, locale), response.status_code, headers)
    response.headers.update(http.transport_headers())
    if request is not None and request.method == "HEAD" and response.body:
        return without_body(response)    # also Chalice's own answers (a 415 to a HEAD with a body)
    return response
