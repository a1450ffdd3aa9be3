"""Organisations, their members, one-time sign-in links, sessions and hourly limits.

============================  ==================  ============================================
PK                            SK                  item
============================  ==================  ============================================
``ORG#<org>``                 ``META``            name, members (normalised addresses)
``MEMBER#<address>``          ``ORG#<org>``       membership marker: one GetItem per request
``LOGINREQ#<random>``        ``LOGINREQ``        a request for a sign-in link, for the mail worker, TTL 15 min
``LOGIN#<sha256>``            ``LOGIN``           a one-time sign-in link (hash only), TTL 15 min
``SESSION#<sha256>``          ``SESSION``         a signed-in member (hash of the cookie only), TTL
``LIMIT#<key>``               ``<window end>``    a counter for hourly limits (sign-in mails)
============================  ==================  ============================================
"""
from datetime import datetime

from chalicelib import aws

from . import table, writes

META = "META"


def _org_key(org_id: str) -> dict:
    return {"PK": {"S": f"ORG#{org_id}"}, "SK": {"S": META}}


def _member_key(address: str, org_id: str) -> dict:
    return {"PK": {"S": f"MEMBER#{address}"}, "SK": {"S": f"ORG#{org_id}"}}


def get_organisation(org_id: str):
    """``{"id", "name", "members"}``, and ``privacy_statement_url`` when the organisation has one
    (the attendee mails' footer links it), or None."""
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=_org_key(org_id), ConsistentRead=True).get("Item")
    if not item:
        return None
    d = table.from_item(item)
    privacy = {"privacy_statement_url": d["privacy_statement_url"]} if d.get("privacy_statement_url") else {}
    return {"id": org_id, "name": d["name"], "members": d.get("members", []), **privacy}


def put_organisation(org_id: str, name: str, members: list, now: datetime) -> bool:
    """Create or replace an organisation and its membership markers. True if created.

    Markers of removed members are deleted, which ends their access on their next request.
    """
    before = get_organisation(org_id)
    old = set(before["members"]) if before else set()
    item = table.to_item({"name": name, "members": members, "updated_at": table.iso(now)})
    item.update(_org_key(org_id))
    db = aws.dynamodb()
    db.put_item(TableName=aws.table_name(), Item=item)
    for address in set(members) - old:
        marker = table.to_item({"added_at": table.iso(now)})     # no organisation_id: that is the index key of events
        marker.update(_member_key(address, org_id))
        db.put_item(TableName=aws.table_name(), Item=marker)
    for address in old - set(members):
        db.delete_item(TableName=aws.table_name(), Key=_member_key(address, org_id))
    return before is None


def is_member(address: str, org_id: str) -> bool:
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=_member_key(address, org_id),
                                   ConsistentRead=True, ProjectionExpression="PK").get("Item")
    return item is not None


def organisations_of(address: str) -> list:
    """The ids of every organisation this (normalised) address is a member of."""
    kwargs = dict(TableName=aws.table_name(), KeyConditionExpression="PK = :pk", ConsistentRead=True,
                  ExpressionAttributeValues=table.values(pk=f"MEMBER#{address}"))
    return [item["SK"]["S"].removeprefix("ORG#")
            for page in aws.dynamodb().get_paginator("query").paginate(**kwargs) for item in page["Items"]]


# ---------------------------------------------------------------- sign-in links and sessions

def _secret_key(kind: str, digest: str) -> dict:
    return {"PK": {"S": f"{kind}#{digest}"}, "SK": {"S": kind}}


def put_login_request(request_id: str, address: str, locale: str, expires_at: int) -> None:
    """Someone asked for a sign-in link for ``address``: the mail worker decides and mails."""
    item = table.to_item({"type": "login_request", "email": address, "locale": locale, "expires_at": expires_at})
    item.update(_secret_key("LOGINREQ", request_id))
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=item)


def take_login_request(request_id: str) -> bool:
    """Claim a request (delete it); False if it was taken before (the stream delivers twice)."""
    from botocore.exceptions import ClientError
    try:
        aws.dynamodb().delete_item(TableName=aws.table_name(), Key=_secret_key("LOGINREQ", request_id),
                                   ConditionExpression="attribute_exists(PK)")
    except ClientError as e:
        if e.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
    return True


def put_login(digest: str, address: str, expires_at: int) -> None:
    item = table.to_item({"email": address, "expires_at": expires_at})
    item.update(_secret_key("LOGIN", digest))
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=item)


def login_exists(digest: str, now: float) -> bool:
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=_secret_key("LOGIN", digest),
                                   ConsistentRead=True).get("Item")
    return bool(item) and table.live(item, now)


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
