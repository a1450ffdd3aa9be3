"""The organiser's session cookie and the CSRF token derived from it.

The cookie holds a random session id; the table holds only its hash (chalicelib.organising).
The CSRF token is an HMAC of the session id, so it needs no storage, changes with every
session and cannot be made without the server's secret. Every state-changing organiser
form carries it, and a POST must also come from our own origin when the browser says where
it comes from (``Origin``).
"""
import base64
import hashlib
import hmac
from urllib.parse import urlsplit

from chalicelib.config import settings

COOKIE = "sid"
MAX_AGE = 12 * 3600


def session_id(request):
    """The session id from the ``Cookie`` header, or None."""
    from http.cookies import CookieError, SimpleCookie   # deferred: only organiser pages read cookies
    raw = request.headers.get("cookie") or ""
    try:
        jar = SimpleCookie(raw)
    except CookieError:
        return None
    morsel = jar.get(COOKIE)
    return morsel.value if morsel else None


def set_cookie(value: str, max_age: int = MAX_AGE) -> str:
    """A ``Set-Cookie`` value: HttpOnly, SameSite=Lax, Secure when we are served over https."""
    secure = "; Secure" if settings().public_base_url.startswith("https://") else ""
    return f"{COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"


def clear_cookie() -> str:
    return set_cookie("", max_age=0)


def csrf_token(sid: str) -> str:
    from chalicelib import tokens
    mac = hmac.new(tokens.derived(b"csrf"), b"csrf:" + sid.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def csrf_valid(request, sid: str, submitted) -> bool:
    """The submitted token matches the session's, and ``Origin`` (when sent) is ours."""
    origin = request.headers.get("origin")
    # "null": a browser hides the origin of a page served with Referrer-Policy: no-referrer (ours
    # are); the token below is the guard, the Origin check only an extra one when it is known
    if origin and origin != "null" and origin.rstrip("/").lower() != own_origin():
        return False
    return isinstance(submitted, str) and hmac.compare_digest(submitted.encode(), csrf_token(sid).encode())


def own_origin() -> str:
    parts = urlsplit(settings().public_base_url)
    return f"{parts.scheme}://{parts.netloc}".lower()
