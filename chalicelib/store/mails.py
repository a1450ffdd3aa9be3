"""Mail bookkeeping on a registration (claims, outcomes, email status) and the suppression list."""
import hashlib
import hmac
import time
from datetime import datetime, timezone

from chalicelib import aws
from chalicelib.config import settings

from . import roster, table, writes

ON_SUPPRESSION_LIST = "address is on the suppression list"     # a suppressed mail's record: why it was not sent


def claim_mail(event_id: str, rid: str, key: str, now: datetime, lease_seconds: int,
               again_after: int = None) -> bool:
    """Claim the right to send mail ``key`` for a registration; False if it is sent or being sent.

    A claim older than the lease (a worker that died mid-send) can be taken over. With
    ``again_after`` (seconds), a mail recorded that long ago may go again.
    """
    condition = ("attribute_exists(PK) AND (attribute_not_exists(mails.#k) OR "
                 "(mails.#k.#st = :sending AND mails.#k.#at < :stale)")
    vals = {}
    if again_after is not None:
        condition += " OR mails.#k.#at < :again"
        vals["again"] = _ago(now, again_after)
    return writes._conditional_update(
        roster.reg_key(event_id, rid), "SET mails.#k = :claim", condition + ")",
        {"#k": key, "#st": "state", "#at": "at"},
        claim={"state": "sending", "at": table.iso(now)}, sending="sending", stale=_ago(now, lease_seconds), **vals)


def _ago(now: datetime, seconds: int) -> str:
    return table.iso(datetime.fromtimestamp(now.timestamp() - seconds, timezone.utc))


def release_mail_claim(event_id: str, rid: str, key: str) -> None:
    """Drop this worker's claim on an unsent mail (an outage interrupted it)."""
    writes._conditional_update(roster.reg_key(event_id, rid), "REMOVE mails.#k", "mails.#k.#st = :sending",
                               {"#k": key, "#st": "state"}, sending="sending")


def mail_state(event_id: str, rid: str, key: str):
    """The recorded state of mail ``key`` ("sending", "sent", ...), or None."""
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=roster.reg_key(event_id, rid),
                                   ConsistentRead=True, ProjectionExpression="mails.#k",
                                   ExpressionAttributeNames={"#k": key}).get("Item")
    return table.from_item(item).get("mails", {}).get(key, {}).get("state") if item else None


def record_mail(event_id: str, rid: str, key: str, state: str, now: datetime, detail: str = "") -> None:
    """Record the outcome of a mail on the registration and set its ``email_status``."""
    aws.dynamodb().update_item(**writes.update(
        roster.reg_key(event_id, rid), "SET mails.#k = :rec, email_status = :state, email_error = :detail",
        "attribute_exists(PK)", {"#k": key},
        rec={"state": state, "at": table.iso(now), "detail": detail[:500]}, state=state,
        detail=detail[:500])["Update"])


def set_email_status(event_id: str, rid: str, status: str, detail: str) -> None:
    writes._conditional_update(roster.reg_key(event_id, rid), "SET email_status = :s, email_error = :d",
                               "attribute_exists(PK)", s=status, d=detail[:500])


# ---------------------------------------------------------------- suppression list

def suppress(email_norm: str, reason: str, now: datetime, keep_days: int = None) -> None:
    """Put an address on the suppression list for ``keep_days`` (default SUPPRESSION_DAYS). It must outlive an erasure (so
    an erased person's bouncing address stays unmailed) without holding the address: it is kept
    as an HMAC under a secret pepper (``tokens.derived``), which a list of guessed addresses
    cannot be hashed against, and it expires (DynamoDB TTL)."""
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=table.to_item(
        {**_suppression_key(email_norm), "reason": reason, "at": table.iso(now),
         "expires_at": int(now.timestamp()) + (keep_days or settings().suppression_days) * 86400}))


def is_suppressed(email_norm: str, now: float = None) -> bool:
    """Whether a live entry holds the address, under the current pepper or an older key's."""
    from chalicelib import tokens
    for kid, _ in tokens.keys():
        key = {k: {"S": v} for k, v in _suppression_key(email_norm, kid).items()}
        item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=key).get("Item")
        if item and table.live(item, now or time.time()):
            return True
    return False


def _suppression_key(email_norm: str, kid: str = None) -> dict:
    from chalicelib import tokens
    digest = hmac.new(tokens.derived(b"suppression", kid), email_norm.encode(), hashlib.sha256).hexdigest()
    return {"PK": "SUPPRESS#" + digest, "SK": "SUPPRESS"}
