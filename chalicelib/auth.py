"""Organiser tokens: mint, hash, verify, list, revoke.

A token is 256 random bits, shown once. Only its SHA-256 is stored; lookups go
by hash, and the stored hash is compared again with ``hmac.compare_digest``.
Scopes: ``export`` reads registrations; ``admin`` includes ``export`` and may
create events and erase registrations. ``events`` is a list of event ids or
``"*"`` for all events.

Both scopes read personal data, so no token lives longer than ``MAX_DAYS`` (a year): minting
one for longer, or for ever, is refused, and a token stored before that rule (without an end)
ends a year after it was made. A member's token (the keys page) belongs to its maker's
membership and organisation: it works while the maker's role there has the token's scope, and
only on events of that organisation (an event moved to another organisation is out of its reach).
An operator's token (the CLI, no maker) has no membership to end with: it ends when it expires
or is revoked.
"""
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from chalicelib import store
from chalicelib.config import settings

PREFIX = "sgn_"
SCOPES = ("export", "admin")
# "last used" is kept to the minute an organiser reads it at; a busy script's every request
# writing it would add a round trip to each (benchmarks/calls.py)
TOUCH_EVERY = timedelta(minutes=5)
MAX_DAYS = 365          # the longest a token lives (issue 25 item 4)


@dataclass(frozen=True)
class Principal:
    token_id: str
    scope: str
    events: tuple          # ("*",) for all events
    organisation: str = None    # a member's token: the maker's organisation; None for an operator's

    @property
    def id(self) -> str:
        """Who acted, for the audit trail."""
        return self.token_id

    def may(self, capability: str, event_id: str) -> bool:
        """``capability`` (chalicelib.roles) on ``event_id``: the token's scope has it and names the event."""
        from chalicelib import roles
        needed = roles.scope_for(capability)
        scope_ok = needed is not None and (self.scope == "admin" or needed == self.scope)
        return scope_ok and ("*" in self.events or event_id in self.events) and self._of_its_organisation(event_id)

    def _of_its_organisation(self, event_id: str) -> bool:
        """An operator's token: any event; a member's: only an event of the maker's organisation now."""
        if self.organisation is None:
            return True
        from chalicelib.events import valid_event_id
        definition = store.events.get_definition(event_id) if valid_event_id(event_id) else None
        return (definition or {}).get("organisation_id") == self.organisation


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


DEFAULT = "default"     # ``mint``'s expiry unless told otherwise: ORGANISER_TOKEN_DAYS (90) from now


def default_expiry(now: datetime) -> datetime:
    return now + timedelta(days=settings().organiser_token_days)


def mint(scope: str, events, *, expires_at=DEFAULT, label: str = "", now: datetime = None,
         organisation_id: str = None, created_by: str = None):
    """Create a token; returns ``(token_id, secret)``. The secret is not stored anywhere.

    It expires at ``expires_at``: by default ``default_expiry`` (90 days), at most ``MAX_DAYS``
    from ``now``; ``None`` (never) or later raises ValidationFailed (``expires``: expiry_too_long).
    A member's token (the organiser pages) records its organisation and who made it
    (``created_by``): only members of that organisation see and revoke it.
    """
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}")
    now = now or datetime.now(timezone.utc)
    if expires_at == DEFAULT:
        expires_at = default_expiry(now)
    if expires_at is None or expires_at > now + timedelta(days=MAX_DAYS):
        from chalicelib.errors import ValidationFailed
        raise ValidationFailed({"expires": "expiry_too_long"})
    secret = PREFIX + secrets.token_urlsafe(32)
    token_id = "tok_" + secrets.token_hex(6)
    events = ["*"] if events in ("*", ["*"], None) else sorted(set(events))
    store.organisers.put_token(hash_token(secret), {
        "token_id": token_id, "token_hash": hash_token(secret), "scope": scope, "events": events,
        "label": label, "created_at": store.table.iso(now), "expires_at": store.table.iso(expires_at),
        # not "organisation_id": that attribute is the key of the events' index (store.table)
        **({"organisation": organisation_id, "created_by": created_by} if organisation_id else {}),
    })
    return token_id, secret


def verify(authorization: str, now: datetime = None):
    """The Principal of an ``Authorization: Bearer`` header, or None if it is not a live token."""
    now = now or datetime.now(timezone.utc)
    scheme, _, secret = (authorization or "").strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    digest = hash_token(secret)
    record = store.organisers.get_token(digest)
    if not record or not hmac.compare_digest(record["token_hash"], digest):
        return None
    if record.get("revoked_at"):
        return None
    if end_of(record) <= now:
        return None
    if record.get("created_by") and not _maker_may_still(record):
        return None
    if not record.get("last_used_at") or datetime.fromisoformat(record["last_used_at"]) <= now - TOUCH_EVERY:
        store.organisers.touch_token(digest, now)
    return principal_of(record)


def principal_of(record) -> Principal:
    return Principal(record["token_id"], record["scope"], tuple(record["events"]),
                     record.get("organisation") if record.get("created_by") else None)


def record_of(token_id: str):
    """The stored token with this public id (without its hash), or None."""
    return next((r for r in list_tokens() if r["token_id"] == token_id), None)


def end_of(record) -> datetime:
    """When a token stops: its ``expires_at``, and never later than ``MAX_DAYS`` after it was
    made (a token stored without an end, before that rule, ends then)."""
    latest = datetime.fromisoformat(record["created_at"]) + timedelta(days=MAX_DAYS)
    return min(datetime.fromisoformat(record["expires_at"]), latest) if record.get("expires_at") else latest


def _maker_may_still(record) -> bool:
    """A member's token works while its maker is a member of its organisation whose role has
    the token's scope (chalicelib.roles): removing them or lowering their role ends it on its
    next request, as it ends their session."""
    from chalicelib import roles
    role = store.organisations.role_of(record["created_by"], record.get("organisation") or "")
    return roles.allows(role, record["scope"])


def live(record, now: datetime) -> bool:
    """Whether the token of ``record`` (a stored token, as ``list_tokens`` gives) would open now."""
    return not record.get("revoked_at") and end_of(record) > now and (
        not record.get("created_by") or _maker_may_still(record))


def list_tokens():
    """Token records without their hashes (nothing secret leaves here)."""
    for record in store.organisers.list_tokens():
        record.pop("token_hash", None)
        yield record


def tokens_of(organisation_ids) -> list:
    """The tokens members of these organisations minted (newest first), without their hashes."""
    wanted = set(organisation_ids)
    found = [r for r in list_tokens() if r.get("organisation") in wanted]
    return sorted(found, key=lambda r: r["created_at"], reverse=True)


def revoke(token_id: str, now: datetime = None, *, organisation_ids=None) -> bool:
    """Revoke a token; False when there is none by that id (or, given ``organisation_ids``,
    none that belongs to one of them)."""
    now = now or datetime.now(timezone.utc)
    if organisation_ids is not None and not any(r["token_id"] == token_id for r in tokens_of(organisation_ids)):
        return False
    return store.organisers.update_token(token_id, "SET revoked_at = :now", now=store.table.iso(now))
