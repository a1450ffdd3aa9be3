"""Check-in at the door: a signed link per seated registration, shown as a QR code.

The link ``{base}/checkin/{token}`` carries its own token kind (``tokens.sign_checkin``),
which names the registration and can do nothing but check it in. Checking in stamps
``checked_in_at`` once; repeating it is harmless and keeps the first time. A check-in made by
mistake can be undone (``undo_check_in``), logged as the check-in is.
"""
import io
from datetime import datetime

from chalicelib import signups, store, tokens
from chalicelib.config import settings
from chalicelib.errors import DomainError, InvalidToken, RegistrationNotFound
from chalicelib.models import ERASED, SEATED, Registration


class NotSeated(DomainError):
    """Only a registration that holds a seat (confirmed or pending) can be checked in."""
    code = "not_seated"


def checkin_url(event_id: str, rid: str) -> str:
    return f"{settings().public_base_url}/checkin/{tokens.sign_checkin(event_id, rid)}"


def open_link(token: str):
    """``(event, registration)`` of a check-in link. Raises InvalidToken (tampered, unknown, erased)."""
    event_id, rid = tokens.parse_checkin(token)
    reg = store.roster.get_registration(event_id, rid)
    if reg is None or reg.status == ERASED:
        raise InvalidToken("no such registration")
    return signups.get_event(event_id), reg


def check_in(event_id: str, rid: str, now: datetime) -> Registration:
    """Stamp ``checked_in_at`` (once); the registration as it is now.

    Raises RegistrationNotFound, NotSeated.
    """
    reg = store.roster.check_in(event_id, rid, now, SEATED)
    if reg is not None:
        signups._log("checkin.done", reg)
        return reg
    reg = store.roster.get_registration(event_id, rid)
    if reg is None or reg.status == ERASED:
        raise RegistrationNotFound(rid)
    if reg.checked_in_at is None:
        raise NotSeated(rid)
    return reg


def undo_check_in(event_id: str, rid: str, *, caller_id: str = None) -> Registration:
    """Remove ``checked_in_at``; the registration as it is now. Undoing twice is harmless and
    logs once. Raises RegistrationNotFound."""
    from chalicelib.logs import log
    reg = store.roster.undo_check_in(event_id, rid)
    if reg is not None:
        log("checkin.undone", registration_id=reg.id, status=reg.status, email=reg.email, name=reg.name,
            caller_id=caller_id)
        return reg
    reg = store.roster.get_registration(event_id, rid)
    if reg is None or reg.status == ERASED:
        raise RegistrationNotFound(rid)
    return reg


def qr_code(url: str):
    import segno    # deferred: only pages and mails with a code need it
    return segno.make(url, error="m")


def qr_svg(url: str, title: str) -> str:
    """An inline SVG (HTML5) of the link's QR code, with ``title`` as its accessible name."""
    svg = qr_code(url).svg_inline(scale=5, border=4, title=title, dark="#000", light="#fff", svgclass="qr")
    return svg.replace("<svg ", '<svg role="img" ', 1)


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    qr_code(url).save(out, kind="png", scale=6, border=4)
    return out.getvalue()
