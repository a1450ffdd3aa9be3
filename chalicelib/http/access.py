"""Who is asking: an organiser's Bearer token, checked inside the handler.

No API Gateway authorizer sits in front of the organiser routes: a browser's download
link carries a session cookie, not a header, and a TOKEN authorizer refuses a request
without ``Authorization`` before any Lambda runs. So every organiser route calls
``require`` itself.
"""
from chalicelib import auth
from chalicelib.http import HttpError


def require(request, action: str, event_id: str):
    """The caller's Principal if it may do ``action`` on ``event_id``; else HttpError 401 or 403."""
    principal = auth.verify(request.headers.get("authorization"))
    if principal is None:
        raise HttpError("unauthorized")
    if not principal.may(action, event_id):
        raise HttpError("forbidden")
    return principal
