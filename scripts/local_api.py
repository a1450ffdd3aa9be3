"""``chalice local`` with two changes for the local stack.

1. A request without ``Authorization`` reaches the authorizer.

API Gateway answers such a request itself; the deployed stack turns that answer into
the contract's ``401 unauthorized`` with ``WWW-Authenticate`` (a Gateway Response in
.chalice/resources.json). ``chalice local`` instead answers ``{"message": "Unauthorized"}``
on its own, so here the request goes on to our authorizer with an empty token, and the
handler gives the same contract answer as production.

2. A deeper listen queue (see ``accept_bursts``).

3. An access log without secrets: attendee, check-in and sign-in tokens in paths and
   export cursors are masked (``mask_secrets``).

    python -m scripts.local_api local --no-autoreload --port 8000
"""
import re
import sys

# path segments and query values that are bearer secrets: whoever reads them can act
_SECRET_IN_PATH = re.compile(r"(/(?:registrations|checkin|organiser/login)/)[^/\s?\"]+")
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


def allow_missing_authorization() -> None:
    from chalice import local

    original = local.LocalGatewayAuthorizer._prepare_authorizer_event
    if getattr(original, "patched", False):
        return

    def prepare(self, arn, lambda_event, lambda_context):
        lambda_event.setdefault("headers", {}).setdefault("authorization", "")
        return original(self, arn, lambda_event, lambda_context)

    prepare.patched = True
    local.LocalGatewayAuthorizer._prepare_authorizer_event = prepare


def accept_bursts() -> None:
    """Let the dev server queue 128 connections, not socketserver's 5: a burst of
    parallel signups (the concurrency tests) must not be reset at the door."""
    from chalice import local

    local.ThreadedHTTPServer.request_queue_size = 128


if __name__ == "__main__":
    allow_missing_authorization()
    accept_bursts()
    mask_access_log()
    from chalice.cli import main
    sys.argv[0] = "chalice"
    sys.exit(main())
