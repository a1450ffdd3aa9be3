"""Where a form poster is sent back to: an allowed ``_redirect``, as an ASCII URI.

A ``_redirect`` whose origin the event does not allow is not an error: the signup
stands and the visitor sees our thank-you page (the contract's fallback), so the
value is simply dropped. An IRI (``https://bücher.example/bedankt-☃``) is turned
into its URI: the host in IDNA, everything else percent-encoded as UTF-8, so the
``Location`` header is always ASCII.
"""
import re
from urllib.parse import urlencode, urlsplit, urlunsplit

from chalicelib.forms import has_control_chars

MAX_LENGTH = 2000
DEFAULT_PORTS = {"http": 80, "https": 443}
# RFC 3986: unreserved, reserved, and "%" that starts a valid escape stay as they are
URI_CHARS = re.compile(r"%[0-9A-Fa-f]{2}|[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]")


def target(allowed_origins, url):
    """The ASCII URI of ``url`` when its origin is in ``allowed_origins``, else None.

    Never raises: anything unreadable, too long, with control characters, credentials
    or a scheme other than http(s) is None.
    """
    if not isinstance(url, str) or not url or len(url) > MAX_LENGTH or has_control_chars(url):
        return None
    parts = _split(url)
    host = parts and _ascii_origin(parts)
    if not host or host not in {origin(o) for o in allowed_origins}:
        return None
    path, query, fragment = (_percent_encode(p) for p in (parts.path, parts.query, parts.fragment))
    return urlunsplit((parts.scheme.lower(), host.split("://", 1)[1], path or "/", query, fragment))


def origin(url: str):
    """``scheme://host[:port]`` in ASCII and lower case (default port left out), or None."""
    parts = _split(url)
    return _ascii_origin(parts) if parts else None


def with_status(uri: str, status: str) -> str:
    """``uri`` with ``status=<status>`` added to its query."""
    parts = urlsplit(uri)
    query = (parts.query + "&" if parts.query else "") + urlencode({"status": status})
    return urlunsplit(parts._replace(query=query))


def _split(url):
    try:
        parts = urlsplit(url)
        _ = parts.port      # raises ValueError for a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc:
        return None
    return parts


def _ascii_origin(parts):
    host = parts.hostname
    if not host.isascii():
        import idna  # only an IDN needs it; kept off the common signup path
        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError:
            return None
    if not re.fullmatch(r"[a-z0-9.\-]+|\[[0-9a-f:.]+\]", host if ":" not in host else f"[{host}]"):
        return None
    if ":" in host:
        host = f"[{host}]"
    scheme = parts.scheme.lower()
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return f"{scheme}://{netloc}"


def _percent_encode(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        match = URI_CHARS.match(text, i)
        if match:
            out.append(match.group())
            i = match.end()
        else:
            out.append("".join(f"%{b:02X}" for b in text[i].encode("utf-8")))
            i += 1
    return "".join(out)
