"""The participant list ("deelnemerslijst", issue 30 item 4): people who agree see each other.

An event offers it with the setting ``participant_list``. At signup (``share_details``) or later on
their attendee page, a person agrees that their name and their answers to the questions the
organiser marked ``shared`` may be shown to the other participants; that stamps ``shared_at`` on
the registration. Only a confirmed person who agreed sees the list, and it shows only confirmed
people who agreed: nobody else's data, and nothing about who is registered to anyone who did not
join in. Taking one's name off (the same page) removes ``shared_at`` at once; erasure removes it
with every other personal attribute, and cancelling ends being shown (the list reads the status).
"""
from datetime import datetime
from typing import Optional

from chalicelib import store
from chalicelib.errors import InvalidToken
from chalicelib.models import ACTIVE, CONFIRMED, Event, Registration

SHOWN = (CONFIRMED,)      # who stands on the list, and who may read it


def offered(event: Event, reg: Registration) -> bool:
    """Whether the attendee page offers the list to this registration."""
    return event.participant_list and reg.status in ACTIVE


def shared(reg: Registration) -> bool:
    return bool((reg.extra or {}).get("shared_at"))


def may_read(event: Event, reg: Registration) -> bool:
    return event.participant_list and reg.status in SHOWN and shared(reg)


def share(event: Event, reg: Registration, now: Optional[datetime]) -> Registration:
    """Put ``reg`` on the list (``now``) or take it off (None). Raises InvalidToken (a 404 page)
    when the event does not offer the list or the registration no longer counts."""
    return choose(reg, "shared_at", now, offered(event, reg))


def choose(reg: Registration, stamp: str, now: Optional[datetime], is_offered: bool) -> Registration:
    """A person's own choice on their attendee page: ``stamp`` set at ``now`` or removed (None),
    on a registration that still counts. Raises InvalidToken (a 404 page) when it is not offered."""
    if not is_offered:
        raise InvalidToken("not offered here")
    changed = store.roster.set_stamp(reg.event_id, reg.id, stamp, now, ACTIVE)
    if changed is None:
        raise InvalidToken("the registration changed")
    return changed


def details(event: Event, reg: Registration, locale: str) -> list:
    """``[(label, answer)]``: the answers of ``reg`` that the organiser shares, in question order."""
    out = []
    for f in event.fields:
        answer = (reg.answers or {}).get(f.name)
        if f.shared and isinstance(answer, str) and answer.strip():
            out.append((f.label_in(locale), answer))
    return out


def listing(event: Event, viewer: Registration, locale: str) -> list:
    """The people a reader of the list sees, by name: ``{"name", "details", "me"}``."""
    if not may_read(event, viewer):
        return []
    people = [{"name": r.name, "details": details(event, r, locale), "me": r.id == viewer.id}
              for r in store.roster.registrations(event.id, statuses=SHOWN, consistent=True) if shared(r)]
    return sorted(people, key=lambda p: p["name"].casefold())


def page(event: Event, reg: Registration, attendee_url: str, done: Optional[str] = None) -> str:
    """The list for a reader who may see it; else what it is and the button that joins in.
    ``attendee_url``: the registration's own page (the list is at its ``/participants``)."""
    from chalicelib import templating, translations
    locale = event.locale_or_default(reg.locale)
    return templating.render(
        "pages/participants.html.j2", locale=locale, _=translations.gettext(locale), n_=translations.ngettext(locale),
        event=event, registration=reg, people=listing(event, reg, locale), readable=may_read(event, reg),
        shared=shared(reg), done=done if done in ("shared", "unshared") else None,
        action=attendee_url + "/participants", back_url=attendee_url, title=event.text("title", locale))
