"""Organiser tokens: mint, hash, verify, list, revoke.

A token is 256 random bits, shown once. Only its SHA-256 is stored; lookups go
by hash, and the stored hash is compared again with ``hmac.compare_digest``.
Scopes: ``export`` reads registrations; ``admin`` includes ``export`` and may
create events and erase registrations. ``events`` is a list of event ids or
``"*"`` for all events.
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


@dataclass(frozen=True)
class Principal:
    token_id: str
    scope: str
    events: tuple          # ("*",) for all events

    @property
    def id(self) -> str:
        """Who acted, for the audit trail."""
        return self.token_id

    def may(self, capability: str, event_id: str) -> bool:
        """``capability`` (chalicelib.roles) on ``event_id``: the token's scope has it and names the event."""
        from chalicelib import roles
        needed = roles.scope_for(capability)
        scope_ok = needed is not None and (self.scope == "admin" or needed == self.scope)
        return scope_ok and ("*" in self.events or event_id in self.events)


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


DEFAULT = "default"     # ``mint``'s expiry unless told otherwise: ORGANISER_TOKEN_DAYS (90) from now


def default_expiry(now: datetime) -> datetime:
    return now + timedelta(days=settings().organiser_token_days)


def mint(scope: str, events, *, expires_at=DEFAULT, label: str = "", now: datetime = None,
         organisation_id: str = None, created_by: str = None):
    """Create a token; returns ``(token_id, secret)``. The secret is not stored anywhere.

    It expires at ``expires_at``: by default ``default_expiry`` (90 days), ``None`` for never.
    A member's token (the organiser pages) records its organisation and who made it
    (``created_by``): only members of that organisation see and revoke it.
    """
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}")
    now = now or datetime.now(timezone.utc)
    if expires_at == DEFAULT:
        expires_at = default_expiry(now)
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
    if record.get("expires_at") and datetime.fromisoformat(record["expires_at"]) <= now:
        return None
    if record.get("created_by") and not _maker_may_still_download(record):
        return None
    if not record.get("last_used_at") or datetime.fromisoformat(record["last_used_at"]) <= now - TOUCH_EVERY:
        store.organisers.touch_token(digest, now)
    return Principal(record["token_id"], record["scope"], tuple(record["events"]))


def _maker_may_still_download(record) -> bool:
    """A member's token works while its maker is a member whose role may download: removing
    them or lowering their role ends it on its next request, as it ends their session."""
    from chalicelib import roles
    role = store.organisations.role_of(record["created_by"], record.get("organisation") or "")
    return roles.allows(role, "download")


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
