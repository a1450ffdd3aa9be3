"""``routes(bp)``: a blueprint's ``route`` whose handlers may raise DomainError.

The error becomes the contract's answer in the request's locale: JSON in the error shape,
the hosted form again for a plain-form post that failed validation, or a readable page.
"""
import functools
from datetime import datetime, timezone

from chalicelib import http
from chalicelib.errors import DomainError, ValidationFailed


def now() -> datetime:
    return datetime.now(timezone.utc)


def routes(bp):
    """A ``route`` decorator for ``bp`` that turns a DomainError into its answer.

    ``page=True`` marks a route that a browser opens (it answers HTML): its errors are
    pages too, unless the client asked for JSON.
    """
    def route(path, page=False, **options):
        def decorate(view):
            @functools.wraps(view)
            def answer(**params):
                try:
                    return view(**params)
                except DomainError as error:
                    return error_answer(bp.current_request, error, params.get("event_id"), page=page)
            return bp.route(path, **options)(answer)
        return decorate
    return route


def error_answer(request, error: DomainError, event_id: str = None, page: bool = False):
    locale = http.request_locale(request)
    status, headers = http.status_of(error), http.error_headers(error)
    if http.is_form(request) and not http.wants_json(request) and request.method == "POST":
        return _form_error(request, error, event_id, locale, status, headers)
    if (page or error.code == "invalid_token") and not http.accepts_json(request):
        from chalicelib import pages
        body = pages.not_found(locale) if error.code == "invalid_token" else pages.error(error.code, locale)
        return http.html_response(body, status, headers)
    return http.json_response(http.error_body(error, locale), status, headers)


def _form_error(request, error, event_id, locale, status, headers):
    """A plain-form poster sees a page: the form again with messages, or a page that says why."""
    from chalicelib import pages, redirects, signups
    if isinstance(error, ValidationFailed) and event_id:
        event = signups.get_event(event_id, cached=True)
        values = dict(getattr(request, "form_values", {}))
        # a _redirect that is not allowed is dropped, so a resubmit ends on our thank-you page
        values["_redirect"] = redirects.target(event.allowed_redirect_origins, values.get("_redirect")) or ""
        locale = event.locale_or_default(values.get("locale") or locale)
        return http.html_response(pages.form(event, locale, now(), values, error.fields), status, headers)
    back = request.headers.get("referer")
    return http.html_response(pages.error(error.code, locale, back), status, headers)


# Chalice answers these itself, before any view runs, in its own {"Code": ...} shape.
CHALICE_ERRORS = {"MethodNotAllowedError": "method_not_allowed", "UnsupportedMediaType": "unsupported_media_type",
                  "BadRequest": "bad_request"}


def contract_errors(request, get_response):
    """HTTP middleware: Chalice's own error answers in the contract's shape, status and headers kept.

    Deployed, API Gateway stops an unknown method before Lambda (its Gateway Response
    answers); locally and in tests Chalice's router answers it, and this reshapes it.
    """
    response = get_response(request)
    body = response.body
    if isinstance(body, dict) and body.get("Code") in CHALICE_ERRORS:
        locale = http.request_locale(request) if request is not None else "nl"
        error = http.HttpError(CHALICE_ERRORS[body["Code"]])
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-type"}
        return http.json_response(http.error_body(error, locale), response.status_code, headers)
    return response
