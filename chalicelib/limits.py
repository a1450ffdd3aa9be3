"""Rate limits: per client, per mailbox across events, and per event (API.md: 429 rate_limited).

Every signup attempt counts towards its client's limit, whatever its outcome, so probing
addresses costs the same as signing up. That limit leaves room for dozens of colleagues behind one
office address; what tells them from a flood from that address is what they send: an attempt that
fails before a signup (invalid, unreadable, closed, unknown event) also counts towards the client's
failure limit, and one mailbox sent again and again meets its mailbox's limit. Neither depends on
whether an address is registered. A valid attempt (new, repeated or honeypot) also counts
towards its mailbox (the address with plus-addressing folded: ``a+1@x`` and ``a+2@x`` are one
mailbox) and towards its event's velocity: counting only new registrations there would let a
probe near the limit tell a new address from a registered one (issue 25 item 2). Limit keys are
HMACs (``tokens.derived``), so the counters hold no address or IP; they expire with their window.

The event's limit is sized from what the event expects (``event_limit``), and a large one is
counted on several counters, each a share of it, so that the counting of one hot event does not
contend on one item (issue 27, docs/scaling.md).
"""
import hashlib
import hmac
import ipaddress
import math
import random
from datetime import datetime
from typing import NamedTuple, Optional

from chalicelib import store, tokens
from chalicelib.config import settings
from chalicelib.errors import RateLimited


class Window(NamedTuple):
    """One counter: ``key`` (hashed), the epoch second its window ends, its limit."""
    key: str
    ends: int
    limit: int

    def retry_after(self, now: datetime) -> int:
        return max(1, self.ends - int(now.timestamp()))


def client_key(ip: str) -> str:
    """An IPv6 client is its /64 (one household or host gets a whole /64); IPv4 is the address."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip or "unknown"
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def mailbox(email_norm: str) -> str:
    """The mailbox an address delivers to, for the limit only (identity keeps the tag)."""
    local, _, domain = email_norm.rpartition("@")
    return f"{local.partition('+')[0]}@{domain}"


def client_window(ip: Optional[str], now: datetime) -> Optional[Window]:
    return _window("client", client_key(ip), 60, settings().rate_limit_per_minute, now) if ip else None


def failure_window(ip: Optional[str], now: datetime) -> Optional[Window]:
    return _window("failure", client_key(ip), 60, settings().failure_limit_per_minute, now) if ip else None


def mailbox_window(email_norm: str, now: datetime) -> Optional[Window]:
    return _window("mailbox", mailbox(email_norm), 3600, settings().mailbox_limit_per_hour, now)


# The expected demand per seat in the first minute: a free meeting with a waiting list, announced
# in a newsletter, drew 10,000 signups for 500 seats (issue 27); without a waiting list, the
# seats and a margin (the rest would be told "full").
DEMAND_PER_SEAT = {True: 20, False: 2}
EVENT_LIMIT_FLOOR = 300     # per minute, also for the smallest event: a popular 10-seat meeting
SHARE = 100                 # per minute on one counter of the event's limit; at most SHARES counters
SHARES = 16


def event_limit(event) -> int:
    """Signups a minute ``event`` takes before 429: its seats times the demand per seat (at least
    EVENT_LIMIT_FLOOR), at most ``EVENT_LIMIT_PER_MINUTE`` (default 10,000: what one event
    sustains, docs/scaling.md); an event without a capacity gets that ceiling. 0: no limit."""
    ceiling = settings().event_limit_per_minute
    if ceiling <= 0 or event.capacity is None:
        return ceiling
    return min(ceiling, max(EVENT_LIMIT_FLOOR, event.capacity * DEMAND_PER_SEAT[bool(event.waitlist_enabled)]))


def event_window(event_id: str, now: datetime, limit: int = None) -> Optional[Window]:
    """The event's counter for this attempt: a limit of more than SHARE a minute is counted on
    up to SHARES counters, one drawn at random, each with its share of the limit and a tenth more
    (a random spread is uneven: without it the fullest share would refuse before the limit)."""
    limit = settings().event_limit_per_minute if limit is None else limit
    shares = max(1, min(SHARES, limit // SHARE))
    if shares == 1:
        return _window("event", event_id, 60, limit, now)
    share = random.randrange(shares)    # nosec B311 - spreads writes, not a secret
    return _window("event", f"{event_id}#{share}", 60, math.ceil(1.1 * limit / shares), now)


def _window(kind: str, value: str, seconds: int, limit: int, now: datetime) -> Optional[Window]:
    if limit <= 0:
        return None
    key = hmac.new(tokens.derived(b"limits"), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]
    return Window(f"{kind}#{key}", (int(now.timestamp()) // seconds + 1) * seconds, limit)


def count_attempt(ip: Optional[str], now: datetime) -> None:
    """Count an attempt that fails before a signup (invalid, unreadable, closed...) for its client,
    and as one of its client's failures. Raises RateLimited."""
    windows = [w for w in (client_window(ip, now), failure_window(ip, now)) if w]
    failed = store.counters.count_windows(windows)
    if failed is not None:
        raise RateLimited(retry_after=failed.retry_after(now))


def count_signup(ip: Optional[str], email_norm: str, event_id: str, now: datetime, *, stamp: bool = True,
                 event_limit: int = None) -> None:
    """Count a valid attempt for its client, mailbox and event (``event_limit`` a minute, by
    default ``EVENT_LIMIT_PER_MINUTE``), and (``stamp``) note it on the address's marker (a
    repeat's mail is sent from there, by the worker; a honeypot leaves none). Raises RateLimited."""
    windows = [w for w in (client_window(ip, now), mailbox_window(email_norm, now),
                           event_window(event_id, now, event_limit)) if w]
    failed = store.counters.count_attempt(windows, event_id, email_norm, now, stamp=stamp)
    if failed is not None:
        raise RateLimited(retry_after=failed.retry_after(now))
