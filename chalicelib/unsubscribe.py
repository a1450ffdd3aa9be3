"""One-click unsubscribe from the organiser's messages (RFC 8058), per registration.

Every message from the organiser carries ``List-Unsubscribe: <{base}/unsubscribe/{token}>`` and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click``, and the same link in its footer. A mail
client POSTs to it (one click, no page); a person who opens it gets a page with one button,
because a GET never changes anything (mail scanners open links). The POST stamps
``messages_off_at`` on the registration; the mail worker then skips that person for every
later message of that event. Mails about the person's own registration still go.
"""
from datetime import datetime

from chalicelib import signups, store, tokens
from chalicelib.config import settings
from chalicelib.errors import InvalidToken
from chalicelib.models import ERASED


def url(event_id: str, rid: str) -> str:
    return f"{settings().public_base_url}/unsubscribe/{tokens.sign_unsubscribe(event_id, rid)}"


def open_link(token: str):
    """``(event, registration)`` named by an unsubscribe token. Raises InvalidToken (a 404 page)
    for a tampered, unknown or erased one."""
    event_id, rid = tokens.parse_unsubscribe(token)
    reg = store.roster.get_registration(event_id, rid)
    if reg is None or reg.status == ERASED:
        raise InvalidToken("no such registration")
    return signups.get_event(event_id, cached=True), reg


def stop(token: str, now: datetime):
    """Turn off the organiser's messages for this registration; harmless to repeat.
    Returns ``(event, registration)``. Raises InvalidToken."""
    from dataclasses import replace
    event, reg = open_link(token)
    if reg.messages_off_at is None:
        store.schedule.stop_messages(event.id, reg.id, now)
        reg = replace(reg, messages_off_at=now)
    return event, reg


def page(event, reg, token: str, *, done: bool) -> str:
    """The page at the link: a button (GET), or what the button did (POST)."""
    from chalicelib import templating, translations
    locale = event.locale_or_default(reg.locale)
    return templating.render("pages/unsubscribe.html.j2", locale=locale, _=translations.gettext(locale),
                             title=event.text("title", locale), action=url(event.id, reg.id),
                             done=done, off=reg.messages_off_at is not None)
