"""Everything that knows DynamoDB item shapes and keys. Callers get model objects.

One table, keys ``PK``/``SK``:

============================  ==================  ============================================
PK                            SK                  item
============================  ==================  ============================================
``EVENT#<event>``             ``META``            definition (JSON) + ``seats_taken``, ``waitlist_count``
``EVENT#<event>``             ``REG#<rid>``       a registration; rids sort in signup order
``EVENT#<event>``             ``EMAIL#<addr>``    uniqueness marker for (event, normalised address)
``TOKENS``                    ``TOKEN#<sha256>``  an organiser token (hash only)
``AUDIT``                     ``EXPORT#<time>#…`` an export audit record
``RATE#<ip>``                 ``<minute>``        signup rate-limit counter
``SUPPRESS#<sha256>``         ``SUPPRESS``        bounced/complained address (hashed)
============================  ==================  ============================================

Indexes: ``by_email`` (``email_norm``, ``SK``) for bounces and erasure by address;
``by_due`` (``due_kind``, ``due_at``), sparse, for expiring holds and reminders.
TTL attribute: ``expires_at``. DynamoDB (and the emulator) delete expired items
late, so every read here ignores items whose ``expires_at`` has passed.
"""
import json
import secrets
import time
from datetime import datetime, timezone
from decimal import Decimal

from chalicelib import aws
from chalicelib.errors import Conflict
from chalicelib.events import from_definition
from chalicelib.models import CONFIRMED, PENDING, SEATED, WAITLISTED, QUEUED, Registration

META = "META"
REG_PREFIX = "REG#"


# ---------------------------------------------------------------- table

def table_definition(name: str) -> dict:
    """The CreateTable arguments; .chalice/resources.json mirrors them."""
    s = "S"
    return dict(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": s}
                              for a in ("PK", "SK", "email_norm", "due_kind", "due_at")],
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[
            {"IndexName": "by_email", "Projection": {"ProjectionType": "KEYS_ONLY"},
             "KeySchema": [{"AttributeName": "email_norm", "KeyType": "HASH"},
                           {"AttributeName": "SK", "KeyType": "RANGE"}]},
            {"IndexName": "by_due", "Projection": {"ProjectionType": "KEYS_ONLY"},
             "KeySchema": [{"AttributeName": "due_kind", "KeyType": "HASH"},
                           {"AttributeName": "due_at", "KeyType": "RANGE"}]},
        ],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )


def create_table(name: str) -> str:
    """Create the table with TTL on; returns its stream ARN."""
    db = aws.dynamodb()
    db.create_table(**table_definition(name))
    db.get_waiter("table_exists").wait(TableName=name)
    db.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"})
    return db.describe_table(TableName=name)["Table"]["LatestStreamArn"]


# ---------------------------------------------------------------- (de)serialisation

def _ser():
    from boto3.dynamodb.types import TypeSerializer
    return TypeSerializer()


def to_item(d: dict) -> dict:
    ser = _ser()
    return {k: ser.serialize(v) for k, v in d.items() if v is not None}


def from_item(item: dict) -> dict:
    from boto3.dynamodb.types import TypeDeserializer
    des = TypeDeserializer()
    return {k: _plain(des.deserialize(v)) for k, v in item.items()}


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, set, tuple)):
        return [_plain(v) for v in value]
    return value


def values(**kw) -> dict:
    return {f":{k}": _ser().serialize(v) for k, v in kw.items()}


def iso(dt):
    return dt.astimezone(timezone.utc).isoformat(timespec="milliseconds") if dt else None


def _dt(value):
    return datetime.fromisoformat(value) if value else None


def live(item: dict, now: float) -> bool:
    """False for an item whose TTL has passed but that DynamoDB has not yet deleted."""
    return "expires_at" not in item or int(item["expires_at"]["N"]) > now


# ---------------------------------------------------------------- events

def event_key(event_id: str) -> dict:
    return {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": META}}


def get_event(event_id: str, consistent: bool = False):
    """The Event with its live counters, or None."""
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=event_key(event_id),
                                   ConsistentRead=consistent).get("Item")
    if not item:
        return None
    d = from_item(item)
    return from_definition(json.loads(d["spec"]), d.get("seats_taken", 0), d.get("waitlist_count", 0))


def put_event(definition: dict, now: datetime) -> bool:
    """Create or replace an event's definition, keeping its counters. True if created."""
    capacity = definition["capacity"]
    names = {"#cap": "capacity"}
    sets = ("spec = :d, is_open = :open, updated_at = :now, created_at = if_not_exists(created_at, :now), "
            "seats_taken = if_not_exists(seats_taken, :zero), waitlist_count = if_not_exists(waitlist_count, :zero)")
    expr = "SET " + sets + (", #cap = :cap" if capacity is not None else "") + ("" if capacity is not None else " REMOVE #cap")
    vals = dict(d=json.dumps(definition, ensure_ascii=False), open=definition["registration_open"],
                now=iso(now), zero=0)
    if capacity is not None:
        vals["cap"] = capacity
    old = aws.dynamodb().update_item(
        TableName=aws.table_name(), Key=event_key(definition["id"]), UpdateExpression=expr,
        ExpressionAttributeNames=names, ExpressionAttributeValues=values(**vals), ReturnValues="ALL_OLD")
    return "spec" not in old.get("Attributes", {})


# ---------------------------------------------------------------- registrations

def new_registration_id() -> str:
    """Sortable by creation time (ms), then random: SK order is signup order."""
    return f"{int(time.time() * 1000):013x}{secrets.token_hex(6)}"


def reg_key(event_id: str, rid: str) -> dict:
    return {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": REG_PREFIX + rid}}


def marker_key(event_id: str, email_norm: str) -> dict:
    return {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": f"EMAIL#{email_norm}"}}


def registration_item(reg: Registration, email_norm: str, due: tuple = None) -> dict:
    d = {
        "type": "registration", "registration_id": reg.id, "event_id": reg.event_id, "status": reg.status,
        "name": reg.name, "email": reg.email, "email_norm": email_norm, "locale": reg.locale,
        "answers": reg.answers or {}, "consent_given_at": iso(reg.consent_given_at),
        "consent_version": reg.consent_version, "created_at": iso(reg.created_at),
        "updated_at": iso(reg.updated_at), "hold_until": iso(reg.hold_until),
        "email_status": reg.email_status or QUEUED, "expires_at": reg.expires_at, "mails": {},
    }
    if due:
        d["due_kind"], d["due_at"] = due
    item = to_item(d)
    item.update(reg_key(reg.event_id, reg.id))
    return item


def to_registration(d: dict) -> Registration:
    return Registration(
        id=d["registration_id"], event_id=d["event_id"], status=d["status"], name=d.get("name", ""),
        email=d.get("email", ""), locale=d.get("locale", "nl"), answers=d.get("answers", {}),
        consent_given_at=_dt(d.get("consent_given_at")), consent_version=d.get("consent_version"),
        created_at=_dt(d.get("created_at")), updated_at=_dt(d.get("updated_at")),
        hold_until=_dt(d.get("hold_until")), email_status=d.get("email_status"),
        email_error=d.get("email_error"), expires_at=d.get("expires_at"))


def get_registration(event_id: str, rid: str, now: float = None):
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=reg_key(event_id, rid),
                                   ConsistentRead=True).get("Item")
    if not item or not live(item, now or time.time()):
        return None
    return to_registration(from_item(item))


def registration_by_email(event_id: str, email_norm: str, now: float = None):
    """The active registration of this address for the event, via its uniqueness marker."""
    now = now or time.time()
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=marker_key(event_id, email_norm),
                                   ConsistentRead=True).get("Item")
    if not item or not live(item, now):
        return None
    return get_registration(event_id, item["registration_id"]["S"], now)


def registration_pages(event_id: str, *, page_size: int = 500, start_after: str = None,
                       statuses=None, consistent: bool = False, now: float = None):
    """Yield (registrations, last_rid) pages in signup order, from a paginated Query.

    ``start_after`` resumes after that registration id; expired items are skipped.
    """
    now = now or time.time()
    kwargs = dict(TableName=aws.table_name(), Limit=page_size, ConsistentRead=consistent,
                  KeyConditionExpression="PK = :pk AND begins_with(SK, :reg)",
                  ExpressionAttributeValues=values(pk=f"EVENT#{event_id}", reg=REG_PREFIX))
    if start_after:
        kwargs["ExclusiveStartKey"] = reg_key(event_id, start_after)
    while True:
        page = aws.dynamodb().query(**kwargs)
        regs = [to_registration(from_item(i)) for i in page["Items"] if live(i, now)]
        last = page.get("LastEvaluatedKey")
        if statuses:
            regs = [r for r in regs if r.status in statuses]
        yield regs, last["SK"]["S"][len(REG_PREFIX):] if last else None
        if not last:
            return
        kwargs["ExclusiveStartKey"] = last


def registrations(event_id: str, **kwargs):
    for page, _ in registration_pages(event_id, **kwargs):
        yield from page


def first_waitlisted(event_id: str):
    """The earliest waitlisted registration (strongly consistent), or None."""
    return next(registrations(event_id, statuses=(WAITLISTED,), consistent=True, page_size=200), None)


def waitlist_position(reg: Registration) -> int:
    """1-based position of a waitlisted registration."""
    ahead = 0
    for r in registrations(reg.event_id, statuses=(WAITLISTED,), consistent=True):
        if r.id == reg.id:
            return ahead + 1
        ahead += 1
    return ahead + 1


# ---------------------------------------------------------------- transactions

class TransactionFailed(Exception):
    """``reasons`` lists the cancellation code per transaction item ("None" = fine)."""

    def __init__(self, reasons):
        super().__init__(reasons)
        self.reasons = reasons


def transact(items: list) -> None:
    from botocore.exceptions import ClientError
    try:
        aws.dynamodb().transact_write_items(TransactItems=items)
    except ClientError as e:
        if e.response["Error"]["Code"] != "TransactionCanceledException":
            raise
        reasons = [r.get("Code", "None") for r in e.response.get("CancellationReasons", [])]
        if "TransactionConflict" in reasons or not reasons:
            raise Conflict("transaction conflict")
        raise TransactionFailed(reasons)


def update(key: dict, expr: str, condition: str = None, names: dict = None, **vals) -> dict:
    return {"Update": _request({"Key": key, "UpdateExpression": expr}, condition, names, vals)}


def put(item: dict, condition: str = None, **vals) -> dict:
    return {"Put": _request({"Item": item}, condition, None, vals)}


def delete(key: dict, condition: str = None, **vals) -> dict:
    return {"Delete": _request({"Key": key}, condition, None, vals)}


def _request(request: dict, condition, names, vals) -> dict:
    """One write's parameters; DynamoDB refuses empty or unused expression maps, so none are sent."""
    request["TableName"] = aws.table_name()
    if condition:
        request["ConditionExpression"] = condition
    if names:
        request["ExpressionAttributeNames"] = names
    if vals:
        request["ExpressionAttributeValues"] = values(**vals)
    return request


class Rejected(Exception):
    """A signup transaction's condition failed: ``what`` is event, duplicate or rate."""

    def __init__(self, what):
        super().__init__(what)
        self.what = what


_OPEN = "attribute_exists(PK) AND is_open = :yes"
# A newcomer takes a seat only if nobody waits for it, and queues only if there is no seat
# for them: the waiting list is never jumped, and never joined while a seat is free for you.
_HAS_SEAT = " AND waitlist_count = :zero AND (attribute_not_exists(#cap) OR seats_taken < #cap)"
_IS_FULL = " AND attribute_exists(#cap) AND (seats_taken >= #cap OR waitlist_count > :zero)"


def insert_registration(reg: Registration, email_norm: str, *, seated: bool, due: tuple = None,
                        rate: tuple = None, now: float) -> None:
    """One transaction: take a seat (or a waiting-list place), the registration, its marker.

    ``rate`` is ``(key, window_end_epoch, limit)``. Raises Rejected naming the failed condition.
    """
    ekey = event_key(reg.event_id)
    if seated:
        take = update(ekey, "SET seats_taken = seats_taken + :one", _OPEN + _HAS_SEAT,
                      {"#cap": "capacity"}, one=1, yes=True, zero=0)
    else:
        take = update(ekey, "SET waitlist_count = waitlist_count + :one", _OPEN + _IS_FULL,
                      {"#cap": "capacity"}, one=1, yes=True, zero=0)
    marker = to_item({"registration_id": reg.id, "expires_at": reg.expires_at})
    marker.update(marker_key(reg.event_id, email_norm))
    items = [take, put(registration_item(reg, email_norm, due), "attribute_not_exists(PK)"),
             put(marker, "attribute_not_exists(PK) OR expires_at < :now", now=int(now))]
    if rate:
        key, window_end, limit = rate
        items.append(update({"PK": {"S": f"RATE#{key}"}, "SK": {"S": str(window_end)}},
                            "ADD n :one SET expires_at = :exp", "attribute_not_exists(n) OR n < :limit",
                            one=1, exp=window_end + 60, limit=limit))
    try:
        transact(items)
    except TransactionFailed as e:
        failed = [i for i, code in enumerate(e.reasons) if code == "ConditionalCheckFailed"]
        raise Rejected({0: "event", 1: "conflict", 2: "duplicate", 3: "rate"}[failed[0] if failed else 1])


def release(reg: Registration, new_status: str, *, promote: Registration = None, promote_to: str = CONFIRMED,
            promote_due: tuple = None, scrub: bool = False, now: datetime) -> None:
    """Move ``reg`` out of the active statuses and give its seat to ``promote``, atomically.

    A promotion needs the event at or under capacity (after a capacity cut the seat just
    goes); with no one promoted the seat is freed only if nobody waits or the event is over
    capacity, checked at commit time, so a seat is never left free while someone waits
    (else Conflict, and the caller looks again). ``scrub`` erases the person's data.
    """
    ekey, at = event_key(reg.event_id), iso(now)
    scrubbing = (", #n = :blank, email = :blank, answers = :none, mails = :none "
                 "REMOVE email_norm, email_error, due_kind, due_at") if scrub else " REMOVE due_kind, due_at"
    items = [update(reg_key(reg.event_id, reg.id),
                    "SET #s = :new, updated_at = :at" + scrubbing, "#s = :old",
                    {"#s": "status", **({"#n": "name"} if scrub else {})},
                    new=new_status, at=at, old=reg.status, **({"blank": "", "none": {}} if scrub else {}))]
    if reg.status in (CONFIRMED, PENDING, WAITLISTED):
        items.append(delete(marker_key(reg.event_id, normalise(reg.email)),
                            "registration_id = :rid", rid=reg.id))
    if reg.status == WAITLISTED:
        items.append(update(ekey, "ADD waitlist_count :minus", "waitlist_count > :zero", minus=-1, zero=0))
    elif reg.status in SEATED and promote:
        items.append(update(ekey, "ADD waitlist_count :minus", "attribute_not_exists(#cap) OR seats_taken <= #cap",
                            {"#cap": "capacity"}, minus=-1))
        items.append(_promotion(promote, promote_to, promote_due, at))
    elif reg.status in SEATED:
        items.append(update(ekey, "ADD seats_taken :minus",
                            "seats_taken > :zero AND (waitlist_count = :zero OR seats_taken > #cap)",
                            {"#cap": "capacity"}, minus=-1, zero=0))
    try:
        transact(items)
    except TransactionFailed:
        raise Conflict("registration or waiting list changed")


def reschedule(reg: Registration, expires_at: int, *, remind_at: str = None, reminds: bool = False) -> None:
    """Move a registration's TTL (and its marker's), and for a confirmed one its reminder:
    to ``remind_at``, or none if that moment has passed. A reminder already sent stays sent."""
    db = aws.dynamodb()
    db.update_item(**update(reg_key(reg.event_id, reg.id), "SET expires_at = :e", "attribute_exists(PK)",
                            e=expires_at)["Update"])
    if reg.status in (CONFIRMED, PENDING, WAITLISTED):
        _conditional_update(marker_key(reg.event_id, normalise(reg.email)), "SET expires_at = :e",
                            "registration_id = :rid", e=expires_at, rid=reg.id)
    if reminds:
        expr = "SET due_kind = :k, due_at = :t" if remind_at else "REMOVE due_kind, due_at"
        vals = dict(k="remind", t=remind_at) if remind_at else {}
        _conditional_update(reg_key(reg.event_id, reg.id), expr,
                            "#s = :c AND attribute_not_exists(reminder_requested_at)", {"#s": "status"},
                            c=CONFIRMED, **vals)


def promote(reg: Registration, promote_to: str, due: tuple, now: datetime) -> None:
    """Give a free seat to a waitlisted registration (raises Conflict when none is free)."""
    items = [update(event_key(reg.event_id), "ADD seats_taken :one, waitlist_count :minus",
                    "attribute_not_exists(#cap) OR seats_taken < #cap", {"#cap": "capacity"}, one=1, minus=-1),
             _promotion(reg, promote_to, due, iso(now))]
    try:
        transact(items)
    except TransactionFailed:
        raise Conflict("no free seat or registration changed")


def _promotion(reg, to_status, due, at):
    sets = "SET #s = :to, updated_at = :at, promoted_at = :at"
    vals = dict(to=to_status, at=at, w=WAITLISTED)
    if due:
        sets += ", due_kind = :dk, due_at = :da"
        vals.update(dk=due[0], da=due[1])
        if to_status == PENDING:
            sets += ", hold_until = :da"
    return update(reg_key(reg.event_id, reg.id), sets, "#s = :w", {"#s": "status"}, **vals)


def confirm(reg: Registration, due: tuple, now: datetime) -> bool:
    """pending -> confirmed; False if it was not pending any more."""
    from botocore.exceptions import ClientError
    sets = "SET #s = :c, updated_at = :at, confirmed_at = :at REMOVE hold_until"
    vals = dict(c=CONFIRMED, at=iso(now), p=PENDING)
    if due:
        sets = sets.replace(" REMOVE hold_until", ", due_kind = :dk, due_at = :da REMOVE hold_until")
        vals.update(dk=due[0], da=due[1])
    else:
        sets += ", due_kind, due_at"
    try:
        aws.dynamodb().update_item(**update(reg_key(reg.event_id, reg.id), sets, "#s = :p",
                                            {"#s": "status"}, **vals)["Update"])
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise


def normalise(email: str) -> str:
    return email.strip().lower()


def _conditional_update(key, expr, condition, names=None, **vals) -> bool:
    """Run one conditional UpdateItem; False when the condition did not hold."""
    from botocore.exceptions import ClientError
    try:
        aws.dynamodb().update_item(**update(key, expr, condition, names, **vals)["Update"])
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise


def mark_resend(reg: Registration, now: datetime, interval_seconds: int) -> bool:
    """Stamp ``resend_at`` (the mail worker reacts to it), at most once per interval."""
    return _conditional_update(
        reg_key(reg.event_id, reg.id), "SET resend_at = :now",
        "attribute_not_exists(resend_at) OR resend_at < :cutoff",
        now=iso(now), cutoff=iso(datetime.fromtimestamp(now.timestamp() - interval_seconds, timezone.utc)))


def request_reminder(event_id: str, rid: str, now: datetime) -> bool:
    """Hand a due reminder to the mail worker, once."""
    return _conditional_update(
        reg_key(event_id, rid), "SET reminder_requested_at = :now REMOVE due_kind, due_at",
        "#s = :c AND due_kind = :remind", {"#s": "status"}, now=iso(now), c=CONFIRMED, remind="remind")


def due(kind: str, until: datetime):
    """Yield (event_id, rid) of registrations whose ``kind`` ("expire"/"remind") is due by ``until``."""
    return _registration_keys("by_due", "due_kind = :k AND due_at <= :t", k=kind, t=iso(until))


def registration_keys_by_email(email_norm: str):
    """Yield (event_id, rid) of every registration of this address, over all events."""
    return _registration_keys("by_email", "email_norm = :e AND begins_with(SK, :reg)", e=email_norm, reg=REG_PREFIX)


def _registration_keys(index: str, condition: str, **vals):
    kwargs = dict(TableName=aws.table_name(), IndexName=index, KeyConditionExpression=condition,
                  ExpressionAttributeValues=values(**vals))
    for page in aws.dynamodb().get_paginator("query").paginate(**kwargs):
        for item in page["Items"]:
            yield item["PK"]["S"][len("EVENT#"):], item["SK"]["S"][len(REG_PREFIX):]


# ---------------------------------------------------------------- mail bookkeeping

def claim_mail(event_id: str, rid: str, key: str, now: datetime, lease_seconds: int = 300) -> bool:
    """Claim the right to send mail ``key`` for a registration; False if it is sent or being sent.

    A claim older than the lease (a worker that died mid-send) can be taken over.
    """
    return _conditional_update(
        reg_key(event_id, rid), "SET mails.#k = :claim",
        "attribute_exists(PK) AND (attribute_not_exists(mails.#k) OR "
        "(mails.#k.#st = :sending AND mails.#k.#at < :stale))",
        {"#k": key, "#st": "state", "#at": "at"},
        claim={"state": "sending", "at": iso(now)}, sending="sending",
        stale=iso(datetime.fromtimestamp(now.timestamp() - lease_seconds, timezone.utc)))


def release_mail_claim(event_id: str, rid: str, key: str) -> None:
    """Drop this worker's claim on an unsent mail (an outage interrupted it)."""
    _conditional_update(reg_key(event_id, rid), "REMOVE mails.#k", "mails.#k.#st = :sending",
                        {"#k": key, "#st": "state"}, sending="sending")


def mail_state(event_id: str, rid: str, key: str):
    """The recorded state of mail ``key`` ("sending", "sent", ...), or None."""
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=reg_key(event_id, rid), ConsistentRead=True,
                                   ProjectionExpression="mails.#k", ExpressionAttributeNames={"#k": key}).get("Item")
    return from_item(item).get("mails", {}).get(key, {}).get("state") if item else None


def record_mail(event_id: str, rid: str, key: str, state: str, now: datetime, detail: str = "") -> None:
    """Record the outcome of a mail on the registration and set its ``email_status``."""
    aws.dynamodb().update_item(**update(
        reg_key(event_id, rid), "SET mails.#k = :rec, email_status = :state, email_error = :detail",
        "attribute_exists(PK)", {"#k": key},
        rec={"state": state, "at": iso(now), "detail": detail[:500]}, state=state, detail=detail[:500])["Update"])


def set_email_status(event_id: str, rid: str, status: str, detail: str) -> None:
    _conditional_update(reg_key(event_id, rid), "SET email_status = :s, email_error = :d",
                        "attribute_exists(PK)", s=status, d=detail[:500])


# ---------------------------------------------------------------- suppression list

def suppress(email_norm: str, reason: str, now: datetime) -> None:
    """Put an address on the suppression list. It is kept as a hash: the list must outlive an
    erasure (so an erased person's bouncing address stays unmailed) without holding the address."""
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=to_item(
        {**_suppression_key(email_norm), "reason": reason, "at": iso(now)}))


def is_suppressed(email_norm: str) -> bool:
    key = {k: {"S": v} for k, v in _suppression_key(email_norm).items()}
    return "Item" in aws.dynamodb().get_item(TableName=aws.table_name(), Key=key)


def _suppression_key(email_norm: str) -> dict:
    import hashlib
    return {"PK": "SUPPRESS#" + hashlib.sha256(email_norm.encode()).hexdigest(), "SK": "SUPPRESS"}


# ---------------------------------------------------------------- organiser tokens

def _token_key(token_hash: str) -> dict:
    return {"PK": {"S": "TOKENS"}, "SK": {"S": f"TOKEN#{token_hash}"}}


def put_token(token_hash: str, record: dict) -> None:
    item = to_item(record)
    item.update(_token_key(token_hash))
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=item, ConditionExpression="attribute_not_exists(PK)")


def get_token(token_hash: str):
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=_token_key(token_hash)).get("Item")
    return from_item(item) if item else None


def list_tokens():
    kwargs = dict(TableName=aws.table_name(), KeyConditionExpression="PK = :pk",
                  ExpressionAttributeValues=values(pk="TOKENS"))
    for page in aws.dynamodb().get_paginator("query").paginate(**kwargs):
        for item in page["Items"]:
            d = from_item(item)
            d.pop("PK"), d.pop("SK")
            yield d


def update_token(token_id: str, expr: str, **vals) -> bool:
    """Apply ``expr`` to the token with this public id (tokens are keyed by hash)."""
    for d in list_tokens():
        if d["token_id"] == token_id:
            aws.dynamodb().update_item(**update(_token_key(d["token_hash"]), expr, **vals)["Update"])
            return True
    return False


def touch_token(token_hash: str, now: datetime) -> None:
    aws.dynamodb().update_item(**update(_token_key(token_hash), "SET last_used_at = :now", now=iso(now))["Update"])


# ---------------------------------------------------------------- export audit

def put_audit(record: dict, now: datetime) -> None:
    item = to_item({"PK": "AUDIT", "SK": f"EXPORT#{iso(now)}#{secrets.token_hex(4)}", **record})
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=item)


def list_audit(event_id: str = None):
    kwargs = dict(TableName=aws.table_name(), KeyConditionExpression="PK = :pk", ScanIndexForward=False,
                  ExpressionAttributeValues=values(pk="AUDIT"))
    for page in aws.dynamodb().get_paginator("query").paginate(**kwargs):
        for item in page["Items"]:
            d = from_item(item)
            if event_id is None or d.get("event_id") == event_id:
                yield {k: v for k, v in d.items() if k not in ("PK", "SK")}
