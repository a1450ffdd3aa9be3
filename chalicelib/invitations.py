"""Invitation links (issue 28 item 7): an event with ``invitation_only`` takes signups only through
its invitation link, which the organiser copies from the event's Overzicht.

The link is the hosted form with ``?invite=<code>``; the code is the event id sealed with the token
secret under its own context, so it opens nothing else, no other link opens it, and it cannot be
made without the secret. The form carries it on as the hidden field ``_invite``; a signup without
a genuine code for its event is ``403 invitation_required``. The answer depends on the code alone,
never on the address, so it tells nobody who is registered.
"""
from chalicelib import tokens
from chalicelib.config import settings
from chalicelib.errors import InvalidToken, InvitationRequired

_CONTEXT = b"invitation/v1\x00"
FIELD = "_invite"       # the form field and JSON member that carries the code


def code(event_id: str) -> str:
    return tokens.seal(event_id.encode(), _CONTEXT)


def valid(event_id: str, value) -> bool:
    """Whether ``value`` is the genuine invitation code of ``event_id``."""
    try:
        return tokens.unseal(value, _CONTEXT, max_length=300).decode() == event_id
    except (InvalidToken, UnicodeError):
        return False


def admits(event, value) -> bool:
    """An event without ``invitation_only`` admits anyone; else only its own code."""
    return not event.invitation_only or valid(event.id, value)


def check(event, value) -> None:
    """Raises InvitationRequired unless ``admits``."""
    if not admits(event, value):
        raise InvitationRequired(event.id)


def link(event, locale: str) -> str:
    """The hosted form with the event's invitation code, in ``locale``."""
    from urllib.parse import urlencode
    query = {"invite": code(event.id)}
    if locale != event.locales[0]:
        query["lang"] = locale
    return f"{settings().public_base_url}/events/{event.id}/form?{urlencode(query)}"
