"""Mail bookkeeping on a registration (claims, outcomes, email status) and the suppression list."""
from datetime import datetime, timezone

from chalicelib import aws

from . import roster, table, writes


def claim_mail(event_id: str, rid: str, key: str, now: datetime, lease_seconds: int) -> bool:
    """Claim the right to send mail ``key`` for a registration; False if it is sent or being sent.

    A claim older than the lease (a worker that died mid-send) can be taken over.
    """
    return writes._conditional_update(
        roster.reg_key(event_id, rid), "SET mails.#k = :claim",
        "attribute_exists(PK) AND (attribute_not_exists(mails.#k) OR "
        "(mails.#k.#st = :sending AND mails.#k.#at < :stale))",
        {"#k": key, "#st": "state", "#at": "at"},
        claim={"state": "sending", "at": table.iso(now)}, sending="sending",
        stale=table.iso(datetime.fromtimestamp(now.timestamp() - lease_seconds, timezone.utc)))


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

def suppress(email_norm: str, reason: str, now: datetime) -> None:
    """Put an address on the suppression list. It is kept as a hash: the list must outlive an
    erasure (so an erased person's bouncing address stays unmailed) without holding the address."""
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=table.to_item(
        {**_suppression_key(email_norm), "reason": reason, "at": table.iso(now)}))


def is_suppressed(email_norm: str) -> bool:
    key = {k: {"S": v} for k, v in _suppression_key(email_norm).items()}
    return "Item" in aws.dynamodb().get_item(TableName=aws.table_name(), Key=key)


def _suppression_key(email_norm: str) -> dict:
    import hashlib
    return {"PK": "SUPPRESS#" + hashlib.sha256(email_norm.encode()).hexdigest(), "SK": "SUPPRESS"}
