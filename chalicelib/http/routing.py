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
    """A ``route`` decorator for ``bp`` that turns a DomainError into its answer."""
    def route(path, **options):
        def decorate(view):
            @functools.wraps(view)
            def answer(**params):
                try:
                    return view(**params)
                except DomainError as error:
                    return error_answer(bp.current_request, error, params.get("event_id"))
            return bp.route(path, **options)(answer)
        return decorate
    return route


def error_answer(request, error: DomainError, event_id: str = None):
    locale = http.request_locale(request)
    status, headers = http.status_of(error), http.error_headers(error)
    if http.is_form(request) and not http.wants_json(request) and request.method == "POST":
        return _form_error(request, error, event_id, locale, status, headers)
    if error.code == "invalid_token" and not http.accepts_json(request):
        from chalicelib import pages
        return http.html_response(pages.not_found(locale), status)
    if error.code == "unavailable" and "text/html" in (request.headers.get("accept") or ""):
        from chalicelib import pages
        return http.html_response(pages.error(error.code, locale), status, headers)   # a browser: a page
    return http.json_response(http.error_body(error, locale), status, headers)


def _form_error(request, error, event_id, locale, status, headers):
    """A plain-form poster sees a page: the form again with messages, or a page that says why."""
    from chalicelib import pages
    event = _event_or_none(event_id)
    ancestors = event.allowed_redirect_origins if event else ()   # a framed form shows its errors in the frame
    if isinstance(error, ValidationFailed) and event:
        values = getattr(request, "form_values", {})
        locale = event.locale_or_default(values.get("locale") or locale)
        return http.html_response(pages.form(event, locale, now(), values, error.fields), status, headers,
                                  frame_ancestors=ancestors)
    back = request.headers.get("referer")
    return http.html_response(pages.error(error.code, locale, back), status, headers, frame_ancestors=ancestors)


def _event_or_none(event_id):
    from chalicelib import signups
    try:
        return signups.get_event(event_id, cached=True) if event_id else None
    except DomainError:
        return None
