"""Who is asking, checked inside the handler: an organiser's Bearer token or a member's session.

No API Gateway authorizer sits in front of the organiser routes: a browser's download
link carries a session cookie, not a header, and a TOKEN authorizer refuses a request
without ``Authorization`` before any Lambda runs. So every organiser route calls
``require`` (API and download links) or ``signed_in`` (pages) itself.
"""
from typing import TYPE_CHECKING

from chalicelib.http import UPLOAD, HttpError, media_type, read_form, read_upload, sessions
from chalicelib.imports import lazy

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import auth, organising
else:
    auth, organising = lazy("chalicelib.auth"), lazy("chalicelib.organising")

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def require(request, capability: str, event_id: str, *, now=None):
    """The caller (a Bearer Principal or a session Member) if it has ``capability`` (a key of
    chalicelib.roles.CAPABILITIES) on ``event_id``: a token by its scope, a member by their role,
    read again on every request.

    Raises HttpError 401 without credentials, 403 without the right, and 403 for a session's
    state-changing request without a valid CSRF token.
    """
    caller = caller_of(request, now)
    if caller is None:
        raise HttpError("unauthorized")
    if not caller.may(capability, event_id):
        raise HttpError("forbidden")
    return caller


def caller_of(request, now=None):
    """The Bearer token's Principal when ``Authorization`` is sent, else the session's Member, else None.
    A session's POST must carry the CSRF token (form field ``csrf`` or header ``X-CSRF-Token``)."""
    if request.headers.get("authorization"):
        return auth.verify(request.headers.get("authorization"))
    member = signed_in(request, now)
    if member and request.method not in SAFE_METHODS:
        check_csrf(request, member)
    return member


def signed_in(request, now=None):
    """The Member of the request's session cookie, or None."""
    from chalicelib.http.routing import now as utcnow
    sid = sessions.session_id(request)
    if not sid:
        return None
    member = organising.member(sid, now or utcnow())
    if member:
        request.session_id = sid
    return member


def check_csrf(request, member) -> None:
    """Raises HttpError 403 unless the request carries this session's CSRF token."""
    submitted = request.headers.get("x-csrf-token")
    if submitted is None and media_type(request) == UPLOAD:
        submitted = read_upload(request).get("csrf")
    elif submitted is None and "form" in (request.headers.get("content-type") or ""):
        submitted = read_form(request).get("csrf")
    if not sessions.csrf_valid(request, request.session_id, submitted):
        raise HttpError("forbidden")


def csrf_for(request) -> str:
    return sessions.csrf_token(request.session_id)
