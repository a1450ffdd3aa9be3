"""The only package that knows HTTP: read request bodies, negotiate, shape answers.

Domain modules never import it; the blueprints use it to turn requests into plain
dicts, and domain results or exceptions into responses.
"""
import json
import re
from urllib.parse import parse_qs

from chalice import Response

from chalicelib import error_copy
from chalicelib.errors import DomainError, RateLimited, ValidationFailed

MAX_BODY = 16 * 1024
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
UPLOAD = "multipart/form-data"      # a form with a file (the organisation's logo)
HTML = "text/html; charset=utf-8"

STATUS = {
    "validation_failed": 400, "bad_request": 400, "unauthorized": 401, "forbidden": 403,
    "invitation_required": 403,
    "event_not_found": 404, "registration_not_found": 404, "not_found": 404,
    "invalid_token": 404,  # nosec B105  # an error code, not a password
    "method_not_allowed": 405, "not_acceptable": 406, "event_full": 409, "session_full": 409, "changes_closed": 409, "registration_closed": 409,
    "registration_cancelled": 409, "not_seated": 409, "evaluation_closed": 409,
    "answers_closed": 409, "not_changeable": 409,
    "already_registered": 409, "event_exists": 409, "conflict": 503,
    "payload_too_large": 413, "unsupported_media_type": 415, "rate_limited": 429,
    "service_unavailable": 503,
}


class HttpError(DomainError):
    """A request the edge refuses before any use case runs (size, type, syntax, auth)."""

    def __init__(self, code: str, **details):
        super().__init__(code, **details)
        self.code = code


def media_type(request) -> str:
    return (request.headers.get("content-type") or "").split(";")[0].strip().lower()


def is_form(request) -> bool:
    return media_type(request) == FORM


def accepts_json(request) -> bool:
    """The client asked for JSON in ``Accept``."""
    return JSON in (request.headers.get("accept") or "").lower()


def prefers_html(request) -> bool:
    """A browser: ``Accept`` names HTML and not JSON."""
    accept = (request.headers.get("accept") or "").lower()
    return "text/html" in accept and JSON not in accept


def wants_json(request) -> bool:
    """Answer in JSON: asked for, or the body was not a plain form post."""
    return accepts_json(request) or not is_form(request)


def read_body(request) -> dict:
    """The flat field dict of a JSON or form body. Raises HttpError 413/415/400."""
    raw = request.raw_body or b""
    if len(raw) > MAX_BODY:
        raise HttpError("payload_too_large")
    kind = media_type(request)
    if kind == FORM:
        try:
            pairs = parse_qs(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=200)
        except (UnicodeDecodeError, ValueError):
            raise HttpError("bad_request")
        return {k: v[0] for k, v in pairs.items()}
    if kind == JSON or kind.endswith("+json"):
        try:
            body = whole_text(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise HttpError("bad_request")
        if not isinstance(body, dict):
            raise HttpError("bad_request")
        return body
    raise HttpError("unsupported_media_type")


def read_form(request, max_bytes: int = 256 * 1024, max_fields: int = 1000) -> dict:
    """The flat field dict of an organiser page's form post (larger than a signup: the event
    editor sends every text in two languages). Raises HttpError 413/415/400."""
    raw = request.raw_body or b""
    if len(raw) > max_bytes:
        raise HttpError("payload_too_large")
    if media_type(request) != FORM:
        raise HttpError("unsupported_media_type")
    try:
        pairs = parse_qs(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=max_fields)
    except (UnicodeDecodeError, ValueError):
        raise HttpError("bad_request")
    return {k: v[0] for k, v in pairs.items()}


def read_upload(request, max_bytes: int = 300 * 1024, max_fields: int = 20) -> dict:
    """The fields of a ``multipart/form-data`` post (RFC 7578), read with the ``email`` package:
    a file field as bytes, any other as text; the first of a repeated name counts. Raises
    HttpError 413/415/400."""
    from email import policy
    from email.parser import BytesParser
    raw = request.raw_body or b""
    if len(raw) > max_bytes:
        raise HttpError("payload_too_large")
    if media_type(request) != UPLOAD:
        raise HttpError("unsupported_media_type")
    header = request.headers.get("content-type", "")
    message = BytesParser(policy=policy.HTTP).parsebytes(f"Content-Type: {header}\r\n\r\n".encode("latin-1", "replace") + raw)
    parts = list(message.iter_parts()) if message.is_multipart() else []
    if not parts or len(parts) > max_fields:
        raise HttpError("bad_request")
    fields = {}
    for part in parts:
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or name in fields:
            continue
        body = part.get_payload(decode=True) or b""
        if part.get_filename() is None:
            try:
                body = body.decode("utf-8")
            except UnicodeDecodeError:
                raise HttpError("bad_request") from None
        fields[name] = body
    return fields


def read_json(request):
    """A JSON document body (any size up to 256 KiB) for organiser endpoints."""
    raw = request.raw_body or b""
    if len(raw) > 256 * 1024:
        raise HttpError("payload_too_large")
    kind = media_type(request)
    if kind not in (JSON, "") and not kind.endswith("+json"):     # merge-patch+json for PATCH
        raise HttpError("unsupported_media_type")
    try:
        return whole_text(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise HttpError("bad_request")


def whole_text(document, path: str = ""):
    """``document`` (parsed JSON), or ValidationFailed naming the first member whose key or text
    holds a lone surrogate (``"\\ud800"`` parses, but no UTF-8 can carry it: storage, mail and
    logs would fail on it later). The name is the member's path: ``title.nl``, ``fields[0].label``."""
    if isinstance(document, str):
        if _SURROGATE.search(document):
            raise ValidationFailed({path or "body": "control_chars"})
    elif isinstance(document, list):
        for i, item in enumerate(document):
            whole_text(item, f"{path}[{i}]")
    elif isinstance(document, dict):
        for key, value in document.items():
            member = f"{path}.{key}" if path else key
            whole_text(key, path)
            whole_text(value, member)
    return document


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def request_locale(request, allowed=("nl", "en")) -> str:
    """``?lang=``, else the first supported Accept-Language, else the first allowed."""
    lang = (request.query_params or {}).get("lang")
    if lang in allowed:
        return lang
    for part in (request.headers.get("accept-language") or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in allowed:
            return tag
    return allowed[0]


def client_ip(request) -> str:
    return ((request.context or {}).get("identity") or {}).get("sourceIp") or "unknown"


def json_response(body, status: int = 200, headers: dict = None) -> Response:
    return Response(body=json.dumps(body, ensure_ascii=False),
                    status_code=status, headers={"Content-Type": JSON, **(headers or {})})


# Pages have one inline <style> and one inline script (templating.frame_script, allowed by its hash); images are our own (QR codes) or data: URIs.
CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors "
NO_STORE = {"Cache-Control": "no-store"}
# a file to save (calendar entry, CSV, Excel): personal, and never read as another type (a CSV
# cell of HTML sniffed as a page)
DOWNLOAD = {"X-Content-Type-Options": "nosniff", **NO_STORE}
_ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:[0-9]{1,5})?$")


def page_headers(frame_ancestors=()) -> dict:
    """The headers of every page (API.md, "HTML pages, all of them").

    ``frame_ancestors`` are the origins that may frame the page (the hosted form and its
    answers: the event's ``allowed_redirect_origins``); none given, or an empty list,
    means no site may frame it. Every page is ``no-store``: most show personal data, and
    the others show live seat counts.
    """
    origins = [o for o in frame_ancestors if _ORIGIN.match(o)]
    from chalicelib.templating import frame_script_source      # the visitor pages' one script, by its hash
    csp = CSP.replace("; style-src", f"; script-src {frame_script_source()[1]}; style-src", 1)
    return {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "Content-Security-Policy": csp + (" ".join(origins) or "'none'"), **NO_STORE}


HSTS = "max-age=31536000; includeSubDomains"     # a year; the stage's own host and below it only


def transport_headers() -> dict:
    """``Strict-Transport-Security`` when we are served over https (every answer carries it, so a
    browser never tries plain http for us again); none for a local http stack."""
    from chalicelib.config import settings
    return {"Strict-Transport-Security": HSTS} if settings().public_base_url.startswith("https://") else {}


def html_response(body: str, status: int = 200, headers: dict = None, *, frame_ancestors=()) -> Response:
    """A ``text/html`` answer with the page headers (``page_headers``) always set."""
    return Response(body=body, status_code=status,
                    headers={"Content-Type": HTML, **(headers or {}), **page_headers(frame_ancestors)})


def error_body(error: DomainError, locale: str) -> dict:
    retry_after = getattr(error, "retry_after", None) if getattr(error, "say_wait", True) else None
    message = error_copy.error_message(error.message_key, locale, retry_after, **getattr(error, "values", {}))
    body = {"error": error.code, "message": message}
    if isinstance(error, ValidationFailed):
        body["fields"] = error_copy.field_messages(error.fields, locale)
    return body


def error_headers(error: DomainError) -> dict:
    headers = {}
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(error.retry_after)
    if error.code == "unauthorized":
        headers["WWW-Authenticate"] = 'Bearer realm="organiser"'
    if error.code == "conflict":
        headers["Retry-After"] = "1"
    if error.code == "service_unavailable":
        from chalicelib import faults
        headers["Retry-After"] = str(faults.RETRY_AFTER_SECONDS)
    return headers


def status_of(error: DomainError) -> int:
    return STATUS.get(error.code, 400)
