"""Use cases of organisers: organisations and their members, sign-in by a mailed link, sessions.

A member is an email address listed in an organisation, with a role there (chalicelib.roles
says what each role may do). Signing in: ``request_sign_in``
mails a one-time link (its token is stored only as a SHA-256, lives 15 minutes and is
consumed by a conditional delete); ``sign_in`` turns it into a server-side session
(again only a hash is stored). ``Member.may`` reads the membership and its role on every
request, so removing a member, lowering a role or signing out takes effect at once.
"""
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from chalicelib import roles, store
from chalicelib.config import settings
from chalicelib.errors import InvalidToken, RateLimited, ValidationFailed
from chalicelib.events import valid_event_id
from chalicelib.logs import log

LOGIN_TTL = timedelta(minutes=15)
SESSION_TTL = timedelta(hours=12)
MAX_MEMBERS = 200


@dataclass(frozen=True)
class Member:
    """A signed-in organiser: their address and the hash that names their session."""
    email: str
    session_hash: str

    @property
    def id(self) -> str:
        return f"member:{self.email}"

    @cached_property
    def memberships(self) -> dict:
        """``{organisation id: role}``, read once per request (a Member lives for one request)."""
        return store.organisations.memberships(self.email)

    def organisations(self, capability: str) -> list:
        """The ids of the member's organisations where their role has ``capability``."""
        return [org for org, role in self.memberships.items() if roles.allows(role, capability)]

    def role_in(self, org_id: str):
        return self.memberships.get(org_id)

    def can(self, capability: str, org_id: str) -> bool:
        """Whether the member's role in ``org_id`` has ``capability`` (chalicelib.roles)."""
        return roles.allows(self.role_in(org_id), capability)

    def may(self, capability: str, event_id: str) -> bool:
        """``capability`` on an event of one of the member's organisations, if their role there has it."""
        return roles.allows(self.role_of_event(event_id), capability)

    @cached_property
    def chosen_events(self) -> dict:
        """``{organisation id: [event id]}`` where the member is deur with chosen events."""
        return store.organisations.chosen_events(self.email)

    def role_of_event(self, event_id: str):
        """The member's role in the organisation of the event, or None (no such event, not theirs;
        for a deur member with chosen events, an event not chosen is not theirs either)."""
        definition = store.events.get_definition(event_id) if valid_event_id(event_id) else None
        org = (definition or {}).get("organisation_id")
        role = self.role_in(org) if org else None
        if role == roles.DEUR and event_id not in self.chosen_events.get(org, [event_id]):
            return None
        return role


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise(address: str) -> str:
    return address.strip().lower()


# ---------------------------------------------------------------- organisations

def validate_organisation(body) -> dict:
    """``{"name", "members": [{"email", "role"}]}`` cleaned (addresses normalised, deduplicated:
    the first one counts), or ValidationFailed. A member is ``{"email", "role"}`` or a plain
    address, which means ``roles.PLAIN_ADDRESS_ROLE`` (organisator)."""
    from chalicelib.forms import valid_address
    if not isinstance(body, dict):
        raise ValidationFailed({"body": "invalid"})
    errors = {}
    name = body.get("name")
    if not isinstance(name, str) or not 0 < len(name.strip()) <= 200:
        errors["name"] = "required"
    members = body.get("members", [])
    if not isinstance(members, list) or len(members) > MAX_MEMBERS:
        errors["members"] = "invalid"
        members = []
    cleaned, seen = [], set()
    for i, given in enumerate(members):
        address, role = (given, roles.PLAIN_ADDRESS_ROLE) if isinstance(given, str) else (
            (given.get("email"), given.get("role")) if isinstance(given, dict) else (None, None))
        if not isinstance(address, str) or not valid_address(address):
            errors[f"members[{i}]"] = "invalid_email"
        elif not roles.valid(role):
            errors[f"members[{i}].role"] = "invalid_role"
        elif normalise(address) not in seen:
            seen.add(normalise(address))
            cleaned.append({"email": normalise(address), "role": role})
    from chalicelib import organisation_settings
    own, wrong = organisation_settings.clean(body)
    errors.update(wrong)
    if errors:
        raise ValidationFailed(errors)
    return {"name": name.strip(), "members": cleaned, **own}


def put_organisation(org_id: str, body, now: datetime):
    """Create or update; returns ``(organisation, created)``: the stored one, as ``GET`` gives it
    (the settings page's logo is kept; a setting left out is removed). Raises ValidationFailed."""
    if not valid_event_id(org_id):
        raise ValidationFailed({"id": "invalid"})
    cleaned = validate_organisation(body)
    name, members = cleaned.pop("name"), cleaned.pop("members")
    created = store.organisations.put_organisation(org_id, name, members, now, cleaned)
    log("organisation.saved", organisation_id=org_id, members=len(members))
    return store.organisations.get_organisation(org_id), created


# ---------------------------------------------------------------- sign-in

def request_sign_in(address: str, *, client_key: str, now: datetime, locale: str, browser: str) -> None:
    """Ask for a sign-in link for ``address``; the mail worker sends it if it is a member
    (``mail_sign_in_link``). The request does the same work for every address, so neither the
    answer nor its timing tells who is a member. ``browser``: the nonce of the asking browser's
    cookie, whose digest the link keeps (``check_sign_in_link``). At most
    ``settings().login_mails_per_hour`` times three per client (RateLimited)."""
    window_end = _end_of_hour(now)
    if not store.organisations.within_limit(f"login-client#{client_key}", window_end, settings().login_mails_per_hour * 3):
        raise RateLimited(retry_after=window_end - int(now.timestamp()))
    store.organisations.put_login_request(secrets.token_hex(16), normalise(address), locale,
                                          int((now + LOGIN_TTL).timestamp()), digest(browser))


def _end_of_hour(now: datetime) -> int:
    """The end of ``now``'s clock hour, in Unix seconds: the window the sign-in limits count in."""
    return (int(now.timestamp()) // 3600 + 1) * 3600


def mail_sign_in_link(address: str, locale: str, now: datetime, send, browser: str = None) -> str:
    """The mail worker's half of a request: mint a one-time link and hand its mail to ``send``
    (a function of a mail builder), if ``address`` is a member and has had fewer than
    ``login_mails_per_hour`` links this hour. Returns ``mailed``, ``not_member`` or ``limited``."""
    if not store.organisations.organisations_of(address):
        log("login.not_member")
        return "not_member"
    if not store.organisations.within_limit(f"login-address#{digest(address)}", _end_of_hour(now), settings().login_mails_per_hour):
        log("login.address_limited")
        return "limited"
    token = secrets.token_urlsafe(32)
    store.organisations.put_login(digest(token), address, int((now + LOGIN_TTL).timestamp()), browser)
    from chalicelib import emails
    link = f"{settings().public_base_url}/organiser/login/{token}?lang={locale}"     # its pages in the mail's language
    outcome, _ = send(lambda: emails.build_notice("login", address, locale, {"link": link, "minutes": 15}, now=now))
    log("login.mailed", email=address, outcome=outcome)
    return "mailed"


def check_sign_in_link(token: str, now: datetime, browser: str = None) -> tuple:
    """``(address, same_browser)`` of a live link: whether ``browser`` (the nonce cookie of the
    browser that opens it) is the one that asked for it. Raises InvalidToken unless the link is live."""
    link = store.organisations.get_login(digest(token), now.timestamp()) if _plausible(token) else None
    if link is None:
        raise InvalidToken("sign-in link")
    same = _plausible(browser) and hmac.compare_digest(link.get("browser") or "", digest(browser))
    return link["email"], same


def sign_in(token: str, now: datetime) -> str:
    """Consume a sign-in link and open a session; returns the session id for the cookie."""
    address = store.organisations.consume_login(digest(token), now.timestamp()) if _plausible(token) else None
    if address is None or not store.organisations.organisations_of(address):
        raise InvalidToken("sign-in link")
    session_id = secrets.token_urlsafe(32)
    store.organisations.put_session(digest(session_id), address, int((now + SESSION_TTL).timestamp()), now)
    log("login.signed_in", email=address)
    return session_id


def member(session_id: str, now: datetime):
    """The Member of a live session that still belongs to an organisation, or None."""
    if not _plausible(session_id):
        return None
    session_hash = digest(session_id)
    address = store.organisations.get_session(session_hash, now.timestamp())
    return Member(address, session_hash) if address else None


def sign_out(session_hash: str) -> None:
    store.organisations.delete_session(session_hash)


def _plausible(secret) -> bool:
    return isinstance(secret, str) and 20 <= len(secret) <= 100


def overview(address: str, capability: str = None, *, archived: bool = False) -> list:
    """The member's organisations (where their role has ``capability``, if given), each
    ``{"id", "name", "role", "events", "archived"}`` with events by start time: the ones not
    archived (``archived``: the archived ones), and how many the other list has."""
    out, chosen = [], None
    for org_id, role in store.organisations.memberships(address).items():
        org = store.organisations.get_organisation(org_id)
        if org and (capability is None or roles.allows(role, capability)):
            every = sorted(store.events.events_of_organisation(org_id), key=lambda e: e.starts_at)
            if role == roles.DEUR:      # a door person with chosen events sees only those
                chosen = store.organisations.chosen_events(address) if chosen is None else chosen
                every = [e for e in every if e.id in chosen.get(org_id, [e.id])]
            events = [e for e in every if bool(e.archived_at) == archived]
            out.append({"id": org_id, "name": org["name"], "role": role, "events": events,
                        "archived": sum(bool(e.archived_at) for e in every)})
    return out


# ---------------------------------------------------------------- event definitions

def save_event(event_id: str, body, now: datetime, *, caller=None, only_new: bool = False) -> bool:
    """Validate and store a whole definition (PUT, the editor); True if created.

    The organisation must exist; a signed-in member may only place events in their own
    organisations. ``only_new`` (the editor's "new event"): the id must be free. A body's
    ``notify_attendees`` (default true, not stored) says whether a move of the event mails its
    registered people (``signups.apply_event``). The event's daily mail to its organiser is
    scheduled (chalicelib.digest). Raises ValidationFailed.
    """
    from chalicelib import events, signups
    body, notify = _without_notify_flag(body)
    definition = events.validate(event_id, body)
    org = definition.get("organisation_id")
    if org and store.organisations.get_organisation(org) is None:
        raise ValidationFailed({"organisation_id": "unknown_organisation"})
    if isinstance(caller, Member) and not caller.can("events", org):      # no organisation: no role there
        raise ValidationFailed({"organisation_id": "invalid"})
    created = signups.apply_event(definition, now, only_new=only_new, notify=notify)
    from chalicelib import after, digest
    digest.schedule(events.from_definition(definition), now)
    after.schedule(events.from_definition(definition), now)
    return created


def _without_notify_flag(body):
    """``(body without notify_attendees, its value)``; null or absent is true. Raises
    ValidationFailed unless it is a boolean."""
    if not isinstance(body, dict) or "notify_attendees" not in body:
        return body, True
    body = dict(body)
    notify = body.pop("notify_attendees")
    if notify is None:
        return body, True
    if not isinstance(notify, bool):
        raise ValidationFailed({"notify_attendees": "boolean"})
    return body, notify


def people_to_tell(event_id: str) -> int:
    """How many registered people a move of the event would mail (the editor says so first)."""
    from chalicelib import signups
    return signups.people_to_tell(signups.get_event(event_id))


def definition(event_id: str) -> dict:
    """The whole stored definition, in the shape ``PUT`` takes. Raises EventNotFound."""
    from chalicelib.errors import EventNotFound
    stored = store.events.get_definition(event_id) if valid_event_id(event_id) else None
    if stored is None:
        raise EventNotFound(event_id)
    return stored


def event_exists(event_id: str) -> bool:
    return valid_event_id(event_id) and store.events.get_definition(event_id) is not None


def patch_event(event_id: str, patch, now: datetime, *, caller=None) -> None:
    """Apply a JSON merge patch (RFC 7396) to the stored definition. Raises EventNotFound, ValidationFailed."""
    from chalicelib import events
    if not isinstance(patch, dict):
        raise ValidationFailed({"body": "invalid"})
    merged = events.merge_patch(definition(event_id), patch)
    merged.pop("id", None)
    save_event(event_id, merged, now, caller=caller)


def turn_off_digest(token: str, now: datetime):
    """Turn off the daily mail of the event a digest link names (the event setting ``digest``);
    the event. Raises InvalidToken."""
    from chalicelib import digest
    event = digest.event_of_link(token)
    if event.digest:
        patch_event(event.id, {"digest": False}, now)
        log("digest.turned_off", event_id=event.id)
    return digest.event_of_link(token)


def has_signups(event_id: str) -> bool:
    """Whether anyone ever signed up for the event (then its link name stays)."""
    return store.events.has_registrations(event_id)


def rename_event(event_id: str, new_id: str, body, now: datetime, *, caller=None) -> None:
    """Save ``body`` (a whole definition, as the editor sends it) under the link name ``new_id``
    instead of ``event_id``: possible until the first signup, so no link that anyone has used
    stops working. Raises EventNotFound, ValidationFailed (``id``: ``invalid_event_id``,
    ``id_taken``, ``has_signups``)."""
    from chalicelib import digest, events
    from chalicelib.errors import EventNotFound
    if not valid_event_id(new_id):
        raise ValidationFailed({"id": "invalid_event_id"})
    if store.events.get_definition(event_id) is None:
        raise EventNotFound(event_id)
    body, _notify = _without_notify_flag(body)
    definition = events.validate(new_id, body)
    if isinstance(caller, Member) and not caller.can("events", definition.get("organisation_id")):
        raise ValidationFailed({"organisation_id": "invalid"})
    if event_exists(new_id):
        raise ValidationFailed({"id": "id_taken"})
    if store.events.has_registrations(event_id) or not store.events.rename_event(event_id, definition, now):
        raise ValidationFailed({"id": "id_taken" if event_exists(new_id) else "has_signups"})
    digest.schedule(events.from_definition(definition), now)
    from chalicelib import after
    after.schedule(events.from_definition(definition), now)
    log("event.renamed", event_id=new_id, old_id=event_id)


def copy_event(event_id: str, body, now: datetime, *, caller=None) -> dict:
    """A new event like ``event_id`` (texts, questions, settings, allowed websites, organisation)
    with the id and dates of ``body`` (``{"id", "starts_at", "ends_at"}``) and no registrations;
    returns its definition. Every moment setting (registration and changes closing, the follow-up,
    the evaluation's close) moves with the start, so it stays as far from it.

    Raises EventNotFound, ValidationFailed (naming the field), EventExists (the id is taken).
    """
    from chalicelib import events
    from chalicelib.errors import EventExists
    from chalicelib.schema import settings as settings_of_events
    source = definition(event_id)
    if not isinstance(body, dict):
        raise ValidationFailed({"body": "invalid"})
    new_id = body.get("id")
    if not valid_event_id(new_id):
        raise ValidationFailed({"id": "required" if new_id in (None, "") else "invalid_event_id"})
    moments = [s.name for s in settings_of_events.SETTINGS if s.kind == "moment" and source.get(s.name)]
    copied = {k: v for k, v in source.items() if k not in moments}      # validate names it new_id
    cleaned = events.validate(new_id, {**copied, "starts_at": body.get("starts_at"), "ends_at": body.get("ends_at")})
    zone = ZoneInfo(cleaned["timezone"])
    moved = _wall_clock(cleaned["starts_at"], zone) - _wall_clock(source["starts_at"], zone)
    cleaned.update({name: (_wall_clock(source[name], zone) + moved).replace(tzinfo=zone).isoformat() for name in moments})
    if event_exists(new_id):
        raise EventExists(new_id)
    try:
        save_event(new_id, cleaned, now, caller=caller, only_new=True)
    except ValidationFailed as failed:
        if failed.fields.get("id") == "id_taken":
            raise EventExists(new_id)
        raise
    log("event.copied", event_id=new_id, source=event_id)
    return definition(new_id)


def _wall_clock(iso: str, zone) -> datetime:
    """A stored moment as the event's clock shows it: a moment moved by whole days keeps its hour
    when summer time begins or ends in between."""
    from chalicelib.schema import kinds
    return kinds.parse(iso, zone).replace(tzinfo=None)


def organisation(org_id: str) -> dict:
    """``{"id", "name", "members": [{"email", "role"}]}``. Raises NotFound."""
    from chalicelib.errors import NotFound
    found = store.organisations.get_organisation(org_id) if valid_event_id(org_id) else None
    if found is None:
        raise NotFound(org_id)
    return found
