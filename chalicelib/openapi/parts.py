"""Building blocks of the description: answers, parameters and headers used by every audience."""

HTML = "text/html"


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_answer(schema, description: str, headers: dict = None) -> dict:
    answer = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        answer["headers"] = headers
    return answer


def error(description: str, headers: dict = None) -> dict:
    """A JSON error in the contract's shape."""
    return json_answer(ref("Error"), description, headers)


def page(description: str) -> dict:
    return {"description": description, "content": {HTML: {"schema": {"type": "string"}}}}


def error_or_page(description: str, headers: dict = None) -> dict:
    """A browser-facing error: an HTML page, or the JSON error for a client that asks for JSON."""
    answer = {"description": description, "content": {
        HTML: {"schema": {"type": "string"}}, "application/json": {"schema": ref("Error")}}}
    if headers:
        answer["headers"] = headers
    return answer


def header(description: str, schema=None, required: bool = True) -> dict:
    return {"description": description, "required": required, "schema": schema or {"type": "string"}}


RETRY_AFTER = {"Retry-After": header("Seconds to wait before trying again.", {"type": "string", "pattern": "^[0-9]+$"})}
WWW_AUTHENTICATE = {"WWW-Authenticate": header("`Bearer realm=\"organiser\"`.")}
LOCATION = {"Location": header("Where to go (an absolute ASCII URI).")}

LANG = {"name": "lang", "in": "query", "required": False,
        "description": "`nl` or `en`: the language of the answer's texts and messages. Any other value, or none, "
                       "falls back to `Accept-Language`, then to the event's first language (Dutch).",
        "schema": {"type": "string"}, "examples": {"en": {"value": "en"}, "nl": {"value": "nl"}}}
EVENT_ID = {"name": "event_id", "in": "path", "required": True,
            "description": "The event's id: letters, digits, `-` and `_`, at most 100 characters.",
            "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$"},
            "example": "circulaire-economie-2026-12-09"}
TOKEN = {"name": "token", "in": "path", "required": True,
         "description": "Opaque signed attendee token from a mail.", "schema": {"type": "string"}}

UNREADABLE = {"400": error_or_page("`bad_request`: the form could not be read (not UTF-8, or too many fields).")}
NOT_A_FORM = {"415": error_or_page("`unsupported_media_type`: not a form post.")}
NO_CSRF = {"403": error_or_page("`forbidden`: no valid CSRF token.")}
UNAVAILABLE = {"503": error(
    "`conflict` (a very hot event kept colliding; nothing was stored) or `service_unavailable` "
    "(the service cannot work right now). Try again.",
    {"Retry-After": header("Seconds to wait before trying again.", {"type": "string", "pattern": "^[0-9]+$"},
                           required=False)})}
