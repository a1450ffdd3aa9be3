"""Rate-limit counters, and the attempt stamp a signup leaves on its address's marker."""
from datetime import datetime

from chalicelib.errors import Conflict

from . import roster, table, writes

# A marker made by an attempt alone (no registration followed: the event was full) lives this long.
STUB_SECONDS = 3600
ATTEMPTS = 8


def _counting(window) -> tuple:
    """``(key, expression, condition)`` and values that count one attempt in ``window``
    (key, ends, limit), refused at the limit."""
    return ({"PK": {"S": f"RATE#{window.key}"}, "SK": {"S": str(window.ends)}},
            "ADD n :one SET expires_at = :exp", "attribute_not_exists(n) OR n < :limit"), \
        dict(one=1, exp=window.ends + 60, limit=window.limit)


def counter(window) -> dict:
    """The transaction item of ``_counting``."""
    args, vals = _counting(window)
    return writes.update(*args, **vals)


def count_attempt(windows: list, event_id: str, email_norm: str, now: datetime, *, stamp: bool = True):
    """One transaction: count the attempt in every window and (``stamp``) stamp ``attempt_at`` on
    the address's marker (made if absent, as a stub that expires). Returns the first window at
    its limit (nothing is counted then), or None."""
    marked = writes.update(roster.marker_key(event_id, email_norm),
                           "SET attempt_at = :at, expires_at = if_not_exists(expires_at, :stub)",
                           at=table.iso(now), stub=int(now.timestamp()) + STUB_SECONDS)
    return count_windows(windows, [marked] if stamp else [])


def stamp_registered(event_id: str, email_norm: str, now: datetime) -> None:
    """Stamp ``attempt_at`` on the marker of a registered address (its repeat's mail goes from
    there): for an attempt that found the address registered only at its signup transaction."""
    for attempt in range(ATTEMPTS):
        try:
            writes._conditional_update(roster.marker_key(event_id, email_norm), "SET attempt_at = :at",
                                       "attribute_exists(registration_id)", at=table.iso(now))
            return
        except Exception as e:      # a transaction holds the marker, or its partition is full: again
            if attempt + 1 == ATTEMPTS or getattr(e, "response", {}).get("Error", {}).get("Code") not in (
                    "TransactionConflictException", "ProvisionedThroughputExceededException", "ThrottlingException"):
                raise
            writes.backoff(attempt)


def count_windows(windows: list, also: list = ()):
    """One transaction: count one attempt in every window, with the writes ``also``. Returns the
    first window at its limit (nothing is counted then), or None."""
    items = [counter(w) for w in windows] + list(also)
    if not items:       # every limit off, and nothing to stamp
        return None
    for attempt in range(ATTEMPTS):
        try:
            writes.transact(items)
            return None
        except writes.TransactionFailed as e:
            failed = [i for i, code in enumerate(e.reasons) if code == "ConditionalCheckFailed"]
            return windows[failed[0]] if failed and failed[0] < len(windows) else windows[0]
        except Conflict:        # another attempt on one of these counters at the same moment
            if attempt + 1 == ATTEMPTS:
                raise
            writes.backoff(attempt)


def repeated_registration(keys: dict, old: dict, new: dict):
    """``(event_id, registration_id)`` when a stream change of a marker is a repeated signup
    (a registered address was stamped again), else None."""
    sk = keys.get("SK", {}).get("S", "")
    if not sk.startswith(roster.MARKER_PREFIX) or not old or not new:
        return None
    rid = new.get("registration_id", {}).get("S")
    if not rid or old.get("registration_id", {}).get("S") != rid:
        return None
    if new.get("attempt_at") == old.get("attempt_at") or "attempt_at" not in new:
        return None
    return keys["PK"]["S"][len("EVENT#"):], rid
