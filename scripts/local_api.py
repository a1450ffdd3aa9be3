"""``chalice local`` with two changes for the local stack.

1. API Gateway's own answers in the contract's shape. ``chalice local`` answers a path
   no route matches with ``403 {"message": "Missing Authentication Token"}``, as API
   Gateway does before its Gateway Responses apply. The deployed stack turns that into
   the contract's ``404 not_found`` (the ``MISSING_AUTHENTICATION_TOKEN`` Gateway Response
   in .chalice/resources.json); here the same response is read from that file, so the
   two cannot drift apart. OPTIONS on a path without CORS gets it too, as deployed. (An unsupported method on a known path reaches the app
   locally and gets ``405 method_not_allowed`` from chalicelib.http.routing.)

2. Every method reaches the gateway: ``chalice local`` handles only GET, PUT, POST, HEAD,
   DELETE, PATCH and OPTIONS and lets http.server answer anything else (TRACE, CONNECT,
   ...) with its own ``501`` page; here those get the app's ``405 method_not_allowed``.

3. A deeper listen queue (see ``accept_bursts``), and no body after HEAD (``answer_head_without_body``).

4. An access log without secrets: attendee, check-in, sign-in, unsubscribe and digest tokens
   and export-job links in paths, and export cursors, are masked (``mask_secrets``).

    python -m scripts.local_api local --no-autoreload --port 8000
"""
import json
import os
import pathlib
import re
import sys

RESOURCES = pathlib.Path(__file__).resolve().parent.parent / ".chalice" / "resources.json"

# path segments and query values that are bearer secrets: whoever reads them can act
_SECRET_IN_PATH = re.compile(r"(/(?:registrations|checkin|organiser/login|exports|unsubscribe|digest)/)[^/\s?\"]+")
_SECRET_IN_QUERY = re.compile(r"((?:cursor|token)=)[^&\s\"]+")


def mask_secrets(text: str) -> str:
    return _SECRET_IN_QUERY.sub(r"\1***", _SECRET_IN_PATH.sub(r"\1***", text))


def mask_access_log() -> None:
    """``chalice local`` logs each request line to stderr; log it with the tokens masked."""
    from chalice import local

    original = local.ChaliceRequestHandler.log_message
    if getattr(original, "masked", False):
        return

    def log_message(self, format, *args):
        return original(self, format, *(mask_secrets(a) if isinstance(a, str) else a for a in args))

    log_message.masked = True
    local.ChaliceRequestHandler.log_message = log_message



def gateway_response(kind: str, media_type: str = "application/json"):
    """``(status, headers, body)`` of the deployed stack's Gateway Response ``kind``, in its
    ``media_type`` template if it has one (API Gateway picks the template the request's
    ``Accept`` names), else JSON."""
    responses = json.loads(RESOURCES.read_text(encoding="utf-8"))["Resources"]["RestAPI"]["Properties"][
        "DefinitionBody"]["x-amazon-apigateway-gateway-responses"]
    response = responses[kind]
    headers = {name.rsplit(".", 1)[1]: value.strip("'")
               for name, value in response.get("responseParameters", {}).items()}
    if not os.environ.get("PUBLIC_BASE_URL", "").startswith("https://"):
        headers.pop("Strict-Transport-Security", None)     # a local http stack, as the app does
    if media_type not in response["responseTemplates"]:
        media_type = "application/json"
    content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
    return response["statusCode"], {"Content-Type": content_type, **headers}, \
        response["responseTemplates"][media_type].encode()


def _prefers_html(headers: dict) -> bool:
    accept = next((v for k, v in headers.items() if k.lower() == "accept"), "") or ""
    return "text/html" in accept.lower() and "application/json" not in accept.lower()


def answer_unknown_paths() -> None:
    """Unknown paths answer as the deployed Gateway Response does (also in chalice's test Client);
    so does OPTIONS on a path without CORS, where `chalice package` makes no OPTIONS method. A
    CORS path's preflight carries the headers of chalicelib.http.routing.PathCORS (``Allow``,
    ``Access-Control-Max-Age``, ...), as API Gateway's does."""
    from chalice import local

    original = local.LocalGateway.handle_request
    if getattr(original, "patched", False):
        return
    status, _, _ = gateway_response("MISSING_AUTHENTICATION_TOKEN")
    RouteNotFound = type("RouteNotFound", (local.LocalGatewayException,), {"CODE": status})

    def not_found(method, headers):
        media_type = "text/html" if _prefers_html(headers) else "application/json"
        _, answer_headers, answer_body = gateway_response("MISSING_AUTHENTICATION_TOKEN", media_type)
        return RouteNotFound(dict(answer_headers), b"" if method == "HEAD" else answer_body)

    def handle_request(self, method, path, headers, body):
        try:
            response = original(self, method, path, headers, body)
        except local.ForbiddenError:      # only raised for a path that no route matches
            raise not_found(method, headers)
        if method == "OPTIONS" and response.get("body") is None:     # chalice's own preflight answer
            if "Access-Control-Allow-Origin" not in response["headers"]:
                raise not_found(method, headers)   # no CORS: API Gateway has no OPTIONS method there
            response = {**response, "body": ""}     # chalice's test client cannot read a None body
        return response

    handle_request.patched = True
    local.LocalGateway.handle_request = handle_request


def answer_every_method() -> None:
    from chalice import local

    handler = local.ChaliceRequestHandler
    for method in ("TRACE", "CONNECT", "PROPFIND", "QUERY", "LINK", "UNLINK", "PURGE"):
        setattr(handler, f"do_{method}", handler._generic_handle)


def answer_malformed_requests() -> None:
    """A request line http.server cannot parse (a raw control character or space in the path)
    gets an HTTP/1.1 400 in the contract's shape, as the deployed DEFAULT_4XX Gateway Response
    answers, not http.server's status-less HTTP/0.9 page that a client reads as a dropped
    connection (Schemathesis found it)."""
    from chalice import local

    handler = local.ChaliceRequestHandler
    handler.default_request_version = "HTTP/1.1"
    _, answer_headers, answer_body = gateway_response("DEFAULT_4XX")

    def send_error(self, code, message=None, explain=None):
        self.close_connection = True
        self.send_response(code, message)
        for name, value in {**answer_headers, "Content-Length": str(len(answer_body)), "Connection": "close"}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(answer_body)

    handler.send_error = send_error


def answer_head_without_body() -> None:
    """http.server writes whatever body it is given; after a HEAD a client reads none, so a body
    would be taken for the start of the next answer on the connection (Schemathesis found it)."""
    from chalice import local

    handler = local.ChaliceRequestHandler
    original = handler._send_http_response_with_body
    if getattr(original, "patched", False):
        return

    def send(self, code, headers, body):
        if self.command == "HEAD":
            return self._send_http_response_no_body(code, headers)
        return original(self, code, headers, body)

    send.patched = True
    handler._send_http_response_with_body = send


def accept_bursts() -> None:
    """Let the dev server queue 128 connections, not socketserver's 5: a burst of
    parallel signups (the concurrency tests) must not be reset at the door."""
    from chalice import local

    local.ThreadedHTTPServer.request_queue_size = 128


if __name__ == "__main__":
    from scripts import clock
    clock.follow()       # started by the test suite: its moment (scripts/clock.py)
    answer_unknown_paths()
    answer_every_method()
    answer_malformed_requests()
    answer_head_without_body()
    accept_bursts()
    mask_access_log()
    from chalice.cli import main
    sys.argv[0] = "chalice"
    sys.exit(main())
