"""The organiser's session cookie and the CSRF token derived from it.

The cookie holds a random session id; the table holds only its hash (chalicelib.organising).
The CSRF token is an HMAC of the session id, so it needs no storage, changes with every
session and cannot be made without the server's secret. Every state-changing organiser
form carries it, and a POST must also come from our own origin when the browser says where
it comes from (``Origin``).

Signing in returns the organiser to the page they asked for: the sign-in page carries it as
``next``, a short-lived cookie keeps it while the mail travels, and only a path of our own
organiser pages (``safe_next``) is ever followed, never another site.
"""
import base64
import hashlib
import hmac
from urllib.parse import urlsplit

from chalicelib.config import settings

COOKIE = "sid"      # over https its name is "__Host-sid" (``cookie_name``)
MAX_AGE = 12 * 3600
NEXT_COOKIE, NEXT_MAX_AGE = "next", 30 * 60    # as long as a sign-in link lives, and a little more
NEXT_PATHS = ("/organiser/", "/checkin/")
# The browser that asks for a sign-in link keeps a nonce; the link keeps its digest, so opening the
# link in that browser is told from opening it elsewhere (chalicelib.organising.check_sign_in_link).
SIGN_IN_COOKIE, SIGN_IN_MAX_AGE = "signin", 20 * 60


def session_id(request):
    """The session id from the ``Cookie`` header, or None."""
    return _cookie(request, cookie_name())


def cookie_name(name: str = COOKIE) -> str:
    """The session cookie is ``__Host-sid`` over https: a browser keeps it only if it is Secure,
    has ``Path=/`` and no ``Domain``, so no other host (a sibling subdomain) can set or shadow it.
    A local http stack keeps plain ``sid`` (a browser refuses ``__Host-`` without https)."""
    return f"__Host-{name}" if name == COOKIE and _https() else name


def _https() -> bool:
    return settings().public_base_url.startswith("https://")


def _cookie(request, name):
    from http.cookies import CookieError, SimpleCookie   # deferred: only organiser pages read cookies
    raw = request.headers.get("cookie") or ""
    try:
        jar = SimpleCookie(raw)
    except CookieError:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


def set_cookie(value: str, max_age: int = MAX_AGE, name: str = COOKIE) -> str:
    """A ``Set-Cookie`` value: HttpOnly, SameSite=Lax, Secure when we are served over https."""
    secure = "; Secure" if _https() else ""
    return f"{cookie_name(name)}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"


def safe_next(path):
    """``path`` if it is one of our organiser pages (``/organiser...`` or ``/checkin/...``, with a
    query), else None: no scheme, no host, no ``//`` or ``\\``, no ``..``, nothing but printable ASCII."""
    if not isinstance(path, str) or not 0 < len(path) <= 500 or not path.isascii():
        return None
    if any(ord(c) <= 32 or c == "\\" for c in path) or "//" in path or ".." in path:
        return None
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or parts.fragment or "%" in parts.path:
        return None
    return path if parts.path == "/organiser" or parts.path.startswith(NEXT_PATHS) else None


def set_next_cookie(path: str) -> str:
    """Keep a (safe) page to return to while the sign-in mail travels."""
    from urllib.parse import quote
    return set_cookie(quote(path, safe=""), NEXT_MAX_AGE, NEXT_COOKIE)


def next_of(request):
    """The safe page kept by ``set_next_cookie``, or None."""
    from urllib.parse import unquote
    kept = _cookie(request, NEXT_COOKIE)
    return safe_next(unquote(kept)) if kept else None


def new_sign_in_nonce() -> tuple:
    """``(nonce, Set-Cookie value)`` for the browser that asks for a sign-in link."""
    import secrets
    nonce = secrets.token_urlsafe(24)
    return nonce, set_cookie(nonce, SIGN_IN_MAX_AGE, SIGN_IN_COOKIE)


def sign_in_nonce(request):
    """The nonce this browser kept when it asked for a sign-in link, or None."""
    return _cookie(request, SIGN_IN_COOKIE)


def foreign_origin(request) -> bool:
    """The browser says the request comes from another website's page (``Origin``; "null" and
    no ``Origin`` are not known to be foreign: see ``csrf_valid``)."""
    origin = request.headers.get("origin")
    return bool(origin) and origin != "null" and origin.rstrip("/").lower() != own_origin()


def clear_next_cookie() -> str:
    return set_cookie("", 0, NEXT_COOKIE)


def clear_cookie() -> str:
    return set_cookie("", max_age=0)


def csrf_token(sid: str) -> str:
    from chalicelib import tokens
    mac = hmac.new(tokens.derived(b"csrf"), b"csrf:" + sid.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def csrf_valid(request, sid: str, submitted) -> bool:
    """The submitted token matches the session's, and ``Origin`` (when sent) is ours."""
    # "null": a browser hides the origin of a page served with Referrer-Policy: no-referrer (ours
    # are); the token below is the guard, the Origin check only an extra one when it is known
    if foreign_origin(request):
        return False
    return isinstance(submitted, str) and hmac.compare_digest(submitted.encode(), csrf_token(sid).encode())


def own_origin() -> str:
    parts = urlsplit(settings().public_base_url)
    return f"{parts.scheme}://{parts.netloc}".lower()
