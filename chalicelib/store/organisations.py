"""Organisations, their members, one-time sign-in links, sessions and hourly limits.

============================  ==================  ============================================
PK                            SK                  item
============================  ==================  ============================================
``ORG#<org>``                 ``META``            name, members (``{"email", "role"}``; before roles: addresses),
                                                  its settings (chalicelib.organisation_settings) and ``logo``
``MEMBER#<address>``          ``ORG#<org>``       membership marker with the role: one GetItem per request
``INVITE#<random>``           ``INVITE``          an invitation to the team, for the mail worker, TTL 1 day
``LOGINREQ#<random>``        ``LOGINREQ``        a request for a sign-in link, for the mail worker, TTL 15 min
``LOGIN#<sha256>``            ``LOGIN``           a one-time sign-in link (hash only), TTL 15 min
``SESSION#<sha256>``          ``SESSION``         a signed-in member (hash of the cookie only), TTL
``LIMIT#<key>``               ``<window end>``    a counter for hourly limits (sign-in mails)
============================  ==================  ============================================
"""
from datetime import datetime

from chalicelib import aws, roles

from . import table, writes

META = "META"


def _org_key(org_id: str) -> dict:
    return {"PK": {"S": f"ORG#{org_id}"}, "SK": {"S": META}}


def _member_key(address: str, org_id: str) -> dict:
    return {"PK": {"S": f"MEMBER#{address}"}, "SK": {"S": f"ORG#{org_id}"}}


def _members(stored) -> list:
    """``[{"email", "role"}]`` (and ``"events"``: a deur member's chosen events, when chosen); a
    member stored before roles existed (a plain address, or no role) has ``roles.STORED_WITHOUT_ROLE``."""
    return [{"email": m, "role": roles.STORED_WITHOUT_ROLE} if isinstance(m, str)
            else {"email": m["email"], "role": m.get("role") or roles.STORED_WITHOUT_ROLE,
                  **({"events": list(m["events"])} if m.get("events") else {})} for m in stored]


def _get_meta(org_id: str):
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=_org_key(org_id), ConsistentRead=True).get("Item")
    return table.from_item(item) if item else None


_BOOKKEEPING = ("PK", "SK", "name", "members", "updated_at", "version")


def _own(stored: dict) -> dict:
    """What the organisation says about itself: its settings (chalicelib.organisation_settings)
    that are set, and ``logo`` (``{"type", "version"}``) when it has one."""
    return {name: value for name, value in stored.items() if name not in _BOOKKEEPING and value not in (None, "")}


def get_organisation(org_id: str):
    """``{"id", "name", "members": [{"email", "role"}, ...]}`` and the settings it has (those
    of ``organisation_settings.NAMES`` that are set, and ``logo``), or None."""
    d = _get_meta(org_id)
    if not d:
        return None
    return {"id": org_id, "name": d["name"], "members": _members(d.get("members", [])), **_own(d)}


def put_organisation(org_id: str, name: str, members: list, now: datetime, settings: dict = None) -> bool:
    """Create or replace an organisation and its membership markers (``members``:
    ``[{"email", "role"}]``) and settings (absent ones are removed; the logo stays). True if created.

    Markers of removed members are deleted and a changed role is written to the marker, which
    takes effect on the member's next request.
    """
    before = _get_meta(org_id)
    logo = {"logo": before["logo"]} if before and before.get("logo") else {}
    _write(org_id, {"name": name, **(settings or {}), **logo}, before, members, now,
           conditional=False)     # the operator's PUT replaces it whole
    return before is None


def change_settings(org_id: str, change, now: datetime, attempts: int = 3) -> dict:
    """Apply ``change`` (a function of ``{"name", settings..., "logo"}`` returning the new one) to
    a stored organisation, on condition nothing else changed it meanwhile (as ``change_members``);
    returns the new one. Raises LookupError, ConcurrentChange."""
    from botocore.exceptions import ClientError
    for _ in range(attempts):
        before = _get_meta(org_id)
        if before is None:
            raise LookupError(org_id)
        own = change({"name": before["name"], **_own(before)})
        try:
            _write(org_id, own, before, _members(before.get("members", [])), now)
            return own
        except ClientError as e:
            if e.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
    raise ConcurrentChange(org_id)


class ConcurrentChange(Exception):
    """The organisation changed between reading and writing it (another beheerder at work)."""


def change_members(org_id: str, change, now: datetime, attempts: int = 3) -> list:
    """Apply ``change`` (a function of the member list returning the new one; it may raise) to a
    stored organisation and return the new list. The write is conditional on nothing else having
    changed the organisation meanwhile; on a clash it reads again (``attempts`` times, then
    ConcurrentChange). Raises LookupError when there is no such organisation."""
    from botocore.exceptions import ClientError
    for _ in range(attempts):
        before = _get_meta(org_id)
        if before is None:
            raise LookupError(org_id)
        members = change(_members(before.get("members", [])))
        try:
            _write(org_id, {"name": before["name"], **_own(before)}, before, members, now)
            return members
        except ClientError as e:
            if e.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
    raise ConcurrentChange(org_id)


def _write(org_id, own, before, members, now, conditional=True) -> None:
    """Write the organisation (``own``: its name, settings and logo; ``conditional``: on condition
    that it is still ``before``), then the markers."""
    old = {m["email"]: (m["role"], m.get("events")) for m in _members(before.get("members", []))} if before else {}
    version = (before or {}).get("version", 0)
    item = table.to_item({**own, "members": [dict(m) for m in members], "updated_at": table.iso(now),
                          "version": version + 1})
    item.update(_org_key(org_id))
    condition = {}
    if conditional:
        condition = ({"ConditionExpression": "version = :seen", "ExpressionAttributeValues": table.values(seen=version)}
                     if version else {"ConditionExpression": "attribute_not_exists(version)"})
    db = aws.dynamodb()
    db.put_item(TableName=aws.table_name(), Item=item, **condition)
    wanted = {m["email"]: (m["role"], m.get("events")) for m in members}
    for address, (role, events) in wanted.items():
        if old.get(address) != (role, events):
            # no organisation_id: that is the index key of events
            marker = table.to_item({"added_at": table.iso(now), "role": role, **({"events": events} if events else {})})
            marker.update(_member_key(address, org_id))
            db.put_item(TableName=aws.table_name(), Item=marker)
    for address in set(old) - set(wanted):
        db.delete_item(TableName=aws.table_name(), Key=_member_key(address, org_id))


def role_of(address: str, org_id: str):
    """The member's role in the organisation, or None when they are not a member."""
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=_member_key(address, org_id),
                                   ConsistentRead=True).get("Item")
    if item is None:
        return None
    return table.from_item(item).get("role") or roles.STORED_WITHOUT_ROLE


def memberships(address: str) -> dict:
    """``{organisation id: role}`` of every organisation this (normalised) address is a member of."""
    kwargs = dict(TableName=aws.table_name(), KeyConditionExpression="PK = :pk", ConsistentRead=True,
                  ExpressionAttributeValues=table.values(pk=f"MEMBER#{address}"))
    return {item["SK"]["S"].removeprefix("ORG#"): item.get("role", {}).get("S") or roles.STORED_WITHOUT_ROLE
            for page in aws.dynamodb().get_paginator("query").paginate(**kwargs) for item in page["Items"]}


def chosen_events(address: str) -> dict:
    """``{organisation id: [event id, ...]}`` where this (normalised) address is a deur member with
    chosen events (chalicelib.membership.choose_events); an organisation without a choice is absent."""
    kwargs = dict(TableName=aws.table_name(), KeyConditionExpression="PK = :pk", ConsistentRead=True,
                  ExpressionAttributeValues=table.values(pk=f"MEMBER#{address}"))
    found = {}
    for page in aws.dynamodb().get_paginator("query").paginate(**kwargs):
        for item in page["Items"]:
            events = table.from_item(item).get("events")
            if events:
                found[item["SK"]["S"].removeprefix("ORG#")] = list(events)
    return found


def organisations_of(address: str) -> list:
    """The ids of every organisation this (normalised) address is a member of."""
    return list(memberships(address))


def put_invitation(request_id: str, invitation: dict, expires_at: int) -> None:
    """A beheerder invited ``invitation["email"]``: the mail worker mails the invitation once."""
    item = table.to_item({**invitation, "type": "team_invitation", "expires_at": expires_at})
    item.update(_secret_key("INVITE", request_id))
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=item)


def take_invitation(request_id: str) -> bool:
    """Claim an invitation to mail (delete it); False if it was taken before."""
    return _take(_secret_key("INVITE", request_id))


# ---------------------------------------------------------------- sign-in links and sessions

def _secret_key(kind: str, digest: str) -> dict:
    return {"PK": {"S": f"{kind}#{digest}"}, "SK": {"S": kind}}


def put_login_request(request_id: str, address: str, locale: str, expires_at: int, browser: str = None) -> None:
    """Someone asked for a sign-in link for ``address`` in the browser ``browser`` (a digest of its
    nonce cookie): the mail worker decides and mails."""
    item = table.to_item({"type": "login_request", "email": address, "locale": locale, "expires_at": expires_at,
                          **({"browser": browser} if browser else {})})
    item.update(_secret_key("LOGINREQ", request_id))
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=item)


def take_login_request(request_id: str) -> bool:
    """Claim a request (delete it); False if it was taken before (the stream delivers twice)."""
    return _take(_secret_key("LOGINREQ", request_id))


def _take(key: dict) -> bool:
    from botocore.exceptions import ClientError
    try:
        aws.dynamodb().delete_item(TableName=aws.table_name(), Key=key, ConditionExpression="attribute_exists(PK)")
    except ClientError as e:
        if e.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
    return True


def put_login(digest: str, address: str, expires_at: int, browser: str = None) -> None:
    item = table.to_item({"email": address, "expires_at": expires_at, **({"browser": browser} if browser else {})})
    item.update(_secret_key("LOGIN", digest))
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=item)


def get_login(digest: str, now: float):
    """A live sign-in link: ``{"email", "browser"?, ...}``, or None."""
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=_secret_key("LOGIN", digest),
                                   ConsistentRead=True).get("Item")
    return table.from_item(item) if item and table.live(item, now) else None


def consume_login(digest: str, now: float):
    """Delete a live sign-in link and return its address; None if used, expired or unknown.
    The conditional delete makes a second use fail even when two arrive at once."""
    from botocore.exceptions import ClientError
    try:
        old = aws.dynamodb().delete_item(
            TableName=aws.table_name(), Key=_secret_key("LOGIN", digest), ReturnValues="ALL_OLD",
            ConditionExpression="attribute_exists(PK) AND expires_at > :now",
            ExpressionAttributeValues=table.values(now=int(now)))
    except ClientError as e:
        if e.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return None
        raise
    return table.from_item(old["Attributes"])["email"]


def put_session(digest: str, address: str, expires_at: int, now: datetime) -> None:
    item = table.to_item({"email": address, "expires_at": expires_at, "created_at": table.iso(now)})
    item.update(_secret_key("SESSION", digest))
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=item)


def get_session(digest: str, now: float):
    """The signed-in address of a live session, or None."""
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=_secret_key("SESSION", digest),
                                   ConsistentRead=True).get("Item")
    if not item or not table.live(item, now):
        return None
    return table.from_item(item)["email"]


def delete_session(digest: str) -> None:
    aws.dynamodb().delete_item(TableName=aws.table_name(), Key=_secret_key("SESSION", digest))


def within_limit(key: str, window_end: int, limit: int) -> bool:
    """Count one use of ``key`` in the window ending at ``window_end``; False once over ``limit``."""
    from botocore.exceptions import ClientError
    try:
        aws.dynamodb().update_item(**writes.update(
            {"PK": {"S": f"LIMIT#{key}"}, "SK": {"S": str(window_end)}},
            "ADD hits :one SET expires_at = :end", "attribute_not_exists(hits) OR hits < :limit",
            one=1, end=window_end, limit=limit)["Update"])
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
