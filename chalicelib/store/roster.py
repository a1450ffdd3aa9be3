"""Registration items, their keys and uniqueness markers, and the queries that read them."""
import dataclasses
import secrets
import time
from datetime import datetime

from chalicelib import aws
from chalicelib.models import ERASED, QUEUED, WAITLISTED, Registration
from chalicelib.schema import attributes

from . import table, writes

REG_PREFIX = "REG#"
MARKER_PREFIX = "EMAIL#"

# What an erased registration keeps (AVG art. 17): the attributes declared ``kept_on_erasure``
# (chalicelib.schema.attributes: id, event, status and its change count, times, the TTL), and the
# item's own bookkeeping: its keys and type, the erasure stamp, and an empty ``mails`` map (the
# email worker's claims on the stream record of the erasure write into it). Erasure writes the
# item anew with these alone, so every other attribute and answer goes, also one added later.
KEPT_ON_ERASURE = ("PK", "SK", "type", "erased_at", "mails") + attributes.kept_on_erasure()


def new_registration_id(arrived: str = None) -> str:
    """Sortable by creation time (ms), then random: SK order is signup order. ``arrived``: an id
    whose time to keep, with a new random part (a waiting-list join tried again after a conflict
    takes another shard, ``events.waitlist_shard``, and keeps its place in line; on an event with
    seat pools it draws another shard anyway, ``events.pick_shard``)."""
    stamp = arrived[:13] if arrived else f"{int(time.time() * 1000):013x}"
    return stamp + secrets.token_hex(6)


def reg_key(event_id: str, rid: str) -> dict:
    return {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": REG_PREFIX + rid}}


def marker_key(event_id: str, email_norm: str) -> dict:
    return {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": MARKER_PREFIX + email_norm}}


def normalise(email: str) -> str:
    return email.strip().lower()


def registration_item(reg: Registration, email_norm: str, due: tuple = None) -> dict:
    """The item of ``reg``: every declared attribute that has a value, and the item's bookkeeping."""
    d = {name: table.iso(get(reg)) if is_time else get(reg) for name, _, is_time, _, get in _plan()}
    d.update({"type": "registration", "email_norm": email_norm, "answers": reg.answers or {},
              "email_status": reg.email_status or QUEUED, "mails": {}})
    if due:
        d["due_kind"], d["due_at"] = due
    item = table.to_item(d)
    item.update(reg_key(reg.event_id, reg.id))
    return item


def erased_item(reg: Registration, now: datetime) -> dict:
    """The whole item of ``reg`` once erased at ``now``: KEPT_ON_ERASURE, nothing else."""
    item = registration_item(reg, "")
    item.update(table.to_item({"status": ERASED, "updated_at": table.iso(now), "erased_at": table.iso(now),
                               "sequence": reg.sequence + 1, "mails": {}}))
    return {name: value for name, value in item.items() if name in KEPT_ON_ERASURE}


def to_registration(d: dict) -> Registration:
    """The model of a stored item: each declared attribute to its field, or to ``extra``."""
    fields, extra = {}, {}
    for name, field, is_time, default, _ in _plan():
        raw = d.get(name)
        if raw is None:
            value = dict(default) if isinstance(default, dict) else default
        else:
            value = (datetime.fromisoformat(raw) if raw else None) if is_time else raw
        if field:
            fields[field] = value
        elif name in d:
            extra[name] = value
    return Registration(**fields, extra=extra)


_FIELDS = {f.name for f in dataclasses.fields(Registration)}
_PLAN = [None, ()]     # the declarations last used, and their plan


def _plan() -> tuple:
    """``(name, model field or None, is a time, default, getter)`` per declared attribute, worked
    out once per declaration (every export row is read through it)."""
    declared = attributes.ATTRIBUTES
    if _PLAN[0] is not declared:
        _PLAN[:] = [declared, tuple((a.name, a.model_field if a.model_field in _FIELDS else None,
                                     a.type == attributes.DATETIME, a.default, attributes.reader(a))
                                    for a in declared)]
    return _PLAN[1]


def check_in(event_id: str, rid: str, now: datetime, statuses: tuple):
    """Stamp ``checked_in_at`` once, on a registration in one of ``statuses``: the registration
    as stamped (one round trip), or None if it was stamped before or is not in those statuses
    (the caller reads it again to tell which)."""
    item = writes._conditional_update_returning(
        reg_key(event_id, rid), "SET checked_in_at = :now",
        "attribute_exists(PK) AND attribute_not_exists(checked_in_at) AND #s IN (" +
        ", ".join(f":s{i}" for i in range(len(statuses))) + ")", {"#s": "status"}, "ALL_NEW",
        now=table.iso(now), **{f"s{i}": status for i, status in enumerate(statuses)})
    return None if item is None else to_registration(table.from_item(item))


STAMPS = ("shared_at", "buddy_at", "buddy_sent_at")    # a person's own choices, and the maatjes mail


def set_stamp(event_id: str, rid: str, stamp: str, now, statuses: tuple):
    """Stamp ``stamp`` (one of STAMPS) at ``now``, or remove it (``now`` None), on a registration in
    one of ``statuses``: the registration as it is now, or None when it is not in those statuses
    (one round trip; chalicelib.participants, chalicelib.buddies)."""
    if stamp not in STAMPS:
        raise ValueError(stamp)
    expr, vals = (f"SET {stamp} = :now", {"now": table.iso(now)}) if now else (f"REMOVE {stamp}", {})
    item = writes._conditional_update_returning(
        reg_key(event_id, rid), expr, "attribute_exists(PK) AND #s IN (" +
        ", ".join(f":s{i}" for i in range(len(statuses))) + ")", {"#s": "status"}, "ALL_NEW",
        **vals, **{f"s{i}": status for i, status in enumerate(statuses)})
    return None if item is None else to_registration(table.from_item(item))


def change_answers(event_id: str, rid: str, name: str, answers: dict, entries: list, now, statuses: tuple):
    """Set the name and answers, and append ``entries`` to ``changes`` (the history the organiser
    reads), in one write on a registration in one of ``statuses``: the registration as it is now,
    or None when it is not in those statuses (chalicelib.changes)."""
    item = writes._conditional_update_returning(
        reg_key(event_id, rid), "SET #n = :name, answers = :answers, updated_at = :now, "
        "changes = list_append(if_not_exists(changes, :none), :entries)",
        "attribute_exists(PK) AND #s IN (" + ", ".join(f":s{i}" for i in range(len(statuses))) + ")",
        {"#s": "status", "#n": "name"}, "ALL_NEW", name=name, answers=answers, now=table.iso(now), none=[],
        entries=entries, **{f"s{i}": status for i, status in enumerate(statuses)})
    return None if item is None else to_registration(table.from_item(item))


def undo_check_in(event_id: str, rid: str):
    """Remove ``checked_in_at``: the registration as it is now (one round trip), or None when it
    was not checked in (or does not exist; the caller reads it again to tell which)."""
    item = writes._conditional_update_returning(
        reg_key(event_id, rid), "REMOVE checked_in_at", "attribute_exists(checked_in_at)", None, "ALL_NEW")
    return None if item is None else to_registration(table.from_item(item))


def get_registration(event_id: str, rid: str, now: float = None):
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=reg_key(event_id, rid),
                                   ConsistentRead=True).get("Item")
    if not item or not table.live(item, now or time.time()):
        return None
    return to_registration(table.from_item(item))


def registered(event_id: str, email_norm: str, now: float) -> bool:
    """Whether the address holds a registration for the event now (its marker names one)."""
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=marker_key(event_id, email_norm),
                                   ConsistentRead=True, ProjectionExpression="registration_id, expires_at").get("Item")
    return bool(item) and "registration_id" in item and table.live(item, now)


def registration_by_email(event_id: str, email_norm: str, now: float = None):
    """The active registration of this address for the event, via its uniqueness marker."""
    now = now or time.time()
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=marker_key(event_id, email_norm),
                                   ConsistentRead=True).get("Item")
    if not item or not table.live(item, now) or "registration_id" not in item:   # absent, expired, a stub
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
                  ExpressionAttributeValues=table.values(pk=f"EVENT#{event_id}", reg=REG_PREFIX))
    if start_after:
        kwargs["ExclusiveStartKey"] = reg_key(event_id, start_after)
    while True:
        page = aws.dynamodb().query(**kwargs)
        regs = [to_registration(table.from_item(i)) for i in page["Items"] if table.live(i, now)]
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


def due(kind: str, until: datetime):
    """Yield (event_id, rid) of registrations whose ``kind`` ("expire"/"remind") is due by ``until``."""
    return _registration_keys("by_due", "due_kind = :k AND due_at <= :t", k=kind, t=table.iso(until))


def registration_keys_by_email(email_norm: str):
    """Yield (event_id, rid) of every registration of this address, over all events."""
    return _registration_keys("by_email", "email_norm = :e AND begins_with(SK, :reg)", e=email_norm, reg=REG_PREFIX)


def _registration_keys(index: str, condition: str, **vals):
    kwargs = dict(TableName=aws.table_name(), IndexName=index, KeyConditionExpression=condition,
                  ExpressionAttributeValues=table.values(**vals))
    for page in aws.dynamodb().get_paginator("query").paginate(**kwargs):
        for item in page["Items"]:
            yield item["PK"]["S"][len("EVENT#"):], item["SK"]["S"][len(REG_PREFIX):]


def count_registrations(event_id: str, up_to: int) -> int:
    """How many registrations the event stores, of every status, counted up to ``up_to`` + 1
    (past that the caller needs no exact figure). ``Select=COUNT`` pages read the items but
    send none back; expired ones are counted too, so the figure errs high."""
    kwargs = dict(TableName=aws.table_name(), Select="COUNT", KeyConditionExpression="PK = :pk AND begins_with(SK, :reg)",
                  ExpressionAttributeValues=table.values(pk=f"EVENT#{event_id}", reg=REG_PREFIX))
    counted = 0
    while counted <= up_to:
        page = aws.dynamodb().query(Limit=up_to + 1 - counted, **kwargs)
        counted += page["Count"]
        if "LastEvaluatedKey" not in page:
            break
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return counted
