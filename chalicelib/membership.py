"""The team of an organisation (issue 28): a beheerder invites a colleague, changes a role,
removes a member. The team page calls these; the operator's ``PUT /organisations/{id}``
replaces the whole list instead (chalicelib.organising).

An invitation is a membership at once plus a mail: the colleague signs in with the usual
mailed link and is in. The mail goes through the stream like a sign-in link does
(``store.organisations.put_invitation``, then the mail worker calls ``mail_invitation``).
A team always keeps one beheerder: removing or lowering the last one is refused.
"""
import secrets
from datetime import datetime, timedelta

from chalicelib import roles, store
from chalicelib.activity import KEPT_WITHOUT_EVENT
from chalicelib.errors import Conflict, NotFound, ValidationFailed
from chalicelib.logs import log
from chalicelib.organising import MAX_MEMBERS, normalise

INVITATION_TTL = timedelta(days=1)      # the mail worker sends it within seconds; a day covers an outage
TEAM_LOG_KEPT = KEPT_WITHOUT_EVENT      # a team change belongs to no event (chalicelib.activity)


def team(org_id: str) -> dict:
    """``{"id", "name", "members"}``, members by role (as ``roles.ROLES`` orders them), then address.
    Raises NotFound."""
    org = store.organisations.get_organisation(org_id)
    if org is None:
        raise NotFound(org_id)
    org["members"].sort(key=lambda m: (roles.ROLES.index(m["role"]) if roles.valid(m["role"]) else 9, m["email"]))
    return org


def invite(org_id: str, address, role, *, by: str, now: datetime, locale: str = "nl") -> dict:
    """Add ``address`` with ``role`` and queue the invitation mail; the new member.
    Raises ValidationFailed (``email``: invalid_email, already_member; ``role``: invalid_role;
    ``members``: too_long), NotFound."""
    from chalicelib.forms import valid_address
    errors = {}
    if not isinstance(address, str) or not valid_address(address.strip()):
        errors["email"] = "invalid_email"
    if not roles.valid(role):
        errors["role"] = "invalid_role"
    if errors:
        raise ValidationFailed(errors)
    address = normalise(address)

    def add(members):
        if any(m["email"] == address for m in members):
            raise ValidationFailed({"email": "already_member"})
        if len(members) >= MAX_MEMBERS:
            raise ValidationFailed({"members": "too_long"})
        return members + [{"email": address, "role": role}]
    _change(org_id, add, now)
    org = store.organisations.get_organisation(org_id)
    store.organisations.put_invitation(secrets.token_hex(16), {
        "email": address, "organisation": org_id, "organisation_name": org["name"], "role": role,
        "invited_by": by, "locale": locale}, int((now + INVITATION_TTL).timestamp()))
    _audit(org_id, "team_invite", by, address, role, now)
    log("team.invited", organisation_id=org_id, role=role, by=by)
    return {"email": address, "role": role}


def change_role(org_id: str, address: str, role, *, by: str, now: datetime) -> None:
    """Give a member another role; it takes effect on their next request.
    Raises ValidationFailed (``role``: invalid_role, last_beheerder; ``email``: not_member), NotFound."""
    if not roles.valid(role):
        raise ValidationFailed({"role": "invalid_role"})

    def change(members):
        _find(members, address)
        # chosen events belong to the deur role: another role drops them
        changed = [{"email": m["email"], "role": role, **({"events": m["events"]} if role == roles.DEUR and m.get("events") else {})}
                   if m["email"] == address else m for m in members]
        _keeps_a_beheerder(members, changed, "role")
        return changed
    _change(org_id, change, now)
    _audit(org_id, "team_role", by, address, role, now)
    log("team.role_changed", organisation_id=org_id, role=role, by=by)


def choose_events(org_id: str, address: str, event_ids, *, by: str, now: datetime) -> None:
    """Choose the events a deur member may open the door page of (their check-in and attendance
    list); none chosen: every event of the organisation. It takes effect on their next request.
    Raises ValidationFailed (``email``: not_member, not_door; ``events``: choose_events), NotFound."""
    own = {event.id for event in store.events.events_of_organisation(org_id)}
    if not isinstance(event_ids, (list, tuple)) or any(e not in own for e in event_ids):
        raise ValidationFailed({"events": "choose_events"})
    chosen = sorted(set(event_ids))

    def choose(members):
        if _find(members, address)["role"] != roles.DEUR:
            raise ValidationFailed({"email": "not_door"})
        return [{"email": m["email"], "role": m["role"], **({"events": chosen} if chosen else {})}
                if m["email"] == address else m for m in members]
    _change(org_id, choose, now)
    store.organisers.put_audit({"token_id": f"member:{by}", "organisation": org_id, "at": store.table.iso(now),
                                "action": "team_events", "member": address, "events": chosen,
                                "expires_at": int((now + TEAM_LOG_KEPT).timestamp())}, now)
    log("team.events_chosen", organisation_id=org_id, events=len(chosen), by=by)


def remove(org_id: str, address: str, *, by: str, now: datetime) -> None:
    """Take a member off the team: their session and their API keys stop on their next request.
    Raises ValidationFailed (``email``: not_member, last_beheerder), NotFound."""
    def drop(members):
        _find(members, address)
        left = [m for m in members if m["email"] != address]
        _keeps_a_beheerder(members, left, "email")
        return left
    _change(org_id, drop, now)
    _audit(org_id, "team_remove", by, address, None, now)
    log("team.removed", organisation_id=org_id, by=by)


def member_of(org_id: str, address: str) -> dict:
    """The member ``{"email", "role"}``. Raises ValidationFailed (``email``: not_member), NotFound."""
    return _find(team(org_id)["members"], address)


def _find(members, address) -> dict:
    found = next((m for m in members if m["email"] == address), None)
    if found is None:
        raise ValidationFailed({"email": "not_member"})
    return found


def _keeps_a_beheerder(before, after, field) -> None:
    """Raises ValidationFailed (``field``: last_beheerder) when ``after`` would leave a team that
    had a beheerder without one."""
    def count(members):
        return sum(m["role"] == roles.BEHEERDER for m in members)
    if count(before) and not count(after):
        raise ValidationFailed({field: "last_beheerder"})


def _audit(org_id, action, by, address, role, now) -> None:
    """The log's line (chalicelib.activity): ``organisation``, not ``organisation_id``, which is
    the key of the events' index."""
    store.organisers.put_audit({"token_id": f"member:{by}", "organisation": org_id, "at": store.table.iso(now),
                                "action": action, "member": address, "role": role,
                                "expires_at": int((now + TEAM_LOG_KEPT).timestamp())}, now)


def _change(org_id, change, now) -> None:
    """Raises NotFound, Conflict (three writers in a row came first: try again), or what ``change`` raises."""
    try:
        store.organisations.change_members(org_id, change, now)
    except LookupError:
        raise NotFound(org_id) from None
    except store.organisations.ConcurrentChange:
        raise Conflict(org_id) from None


# ---------------------------------------------------------------- the invitation mail (mail worker)

def mail_invitation(item: dict, now: datetime, send) -> str:
    """The mail worker's half of an invitation: mail it if the address is still a member
    (``send`` is a function of a mail builder). Returns ``mailed`` or ``not_member``."""
    org_id, address = item["organisation"], item["email"]
    if store.organisations.role_of(address, org_id) is None:
        log("team.invitation_dropped", organisation_id=org_id)
        return "not_member"
    from chalicelib import emails
    from chalicelib.config import settings
    locale = item.get("locale", "nl")
    link = f"{settings().public_base_url}/organiser" + ("" if locale == "nl" else f"?lang={locale}")
    context = {"link": link, "organisation": item["organisation_name"], "title": item["organisation_name"],
               "invited_by": item["invited_by"],
               "role_label": roles.LABELS[item["role"]], "role_description": roles.DESCRIPTIONS[item["role"]]}
    outcome, _ = send(lambda: emails.build_notice("invitation", address, locale, context, now=now))
    log("team.invitation_mailed", organisation_id=org_id, outcome=outcome)
    return "mailed"
