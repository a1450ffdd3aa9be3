"""The team page ("Je team"): a beheerder invites a colleague by address and role, changes
roles and removes members (after a question page). One organisation per page
(``?organisation=``, default the first where the member is beheerder). The use cases are chalicelib.membership; who may do what is chalicelib.roles.

Every form names its organisation (``organisation``); one where the member is not beheerder is
the 403 page, one they do not belong to the 404 page. A change to the member's own role or
membership that ends their access sends them to their events.
"""
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from chalice import Blueprint

from chalicelib import http, roles
from chalicelib.errors import ValidationFailed
from chalicelib.http.routing import now, routes
from chalicelib.imports import lazy
from chalicelib.organiser.home import html, locale_of, organisation_page, redirect

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import membership
else:
    membership = lazy("chalicelib.membership")

bp = Blueprint(__name__)
route = routes(bp)
TEAM = "/organiser/team"
NOTICES = ("invited", "role_changed", "removed", "events_chosen")


def _request():
    return bp.current_request


@route(TEAM, methods=["GET"])
@organisation_page("team")
def team_page(org_id, query):
    done = query.get("done")
    return _page(org_id, notice=done if done in NOTICES else None)


@route(TEAM + "/invite", methods=["POST"], content_types=[http.FORM])
@organisation_page("team")
def invite(org_id, posted):
    try:
        membership.invite(org_id, posted.get("email", ""), posted.get("role"), by=_request().member.email,
                          now=now(), locale=locale_of(_request()))
    except ValidationFailed as failed:
        return _page(org_id, errors=failed.fields, values=posted, status=400)
    return redirect(f"{TEAM}?{urlencode({'organisation': org_id, 'done': 'invited'})}", _request())


@route(TEAM + "/role", methods=["POST"], content_types=[http.FORM])
@organisation_page("team")
def change_role(org_id, posted):
    try:
        membership.change_role(org_id, posted.get("email", ""), posted.get("role"), by=_request().member.email, now=now())
    except ValidationFailed as failed:
        return _page(org_id, errors={"team": failed.fields.get("role") or failed.fields.get("email")},
                     status=400)
    return _after_change("role_changed", org_id)


@route(TEAM + "/events", methods=["POST"], content_types=[http.FORM])
@organisation_page("team")
def choose_events(org_id, posted):
    """The events a deur member may open at the door: one checkbox ``event:<id>`` per event."""
    chosen = [key.removeprefix("event:") for key, value in posted.items() if key.startswith("event:") and value]
    try:
        membership.choose_events(org_id, posted.get("email", ""), chosen, by=_request().member.email, now=now())
    except ValidationFailed as failed:
        return _page(org_id, errors={"team": next(iter(failed.fields.values()))}, status=400)
    return redirect(f"{TEAM}?{urlencode({'organisation': org_id, 'done': 'events_chosen'})}", _request())


@route(TEAM + "/remove", methods=["GET"])
@organisation_page("team")
def remove_form(org_id, query):
    try:
        person = membership.member_of(org_id, query.get("email", ""))
    except ValidationFailed:
        return html("not_found.html.j2", 404)
    return html("team_remove.html.j2", organisation=membership.team(org_id), person=person,
                role_label=roles.LABELS, errors={})


@route(TEAM + "/remove", methods=["POST"], content_types=[http.FORM])
@organisation_page("team")
def remove(org_id, posted):
    address = posted.get("email", "")
    try:
        membership.remove(org_id, address, by=_request().member.email, now=now())
    except ValidationFailed as failed:
        if failed.fields.get("email") != "last_beheerder":
            return html("not_found.html.j2", 404)
        return html("team_remove.html.j2", 400, organisation=membership.team(org_id),
                    person=membership.member_of(org_id, address), role_label=roles.LABELS, errors=failed.fields)
    return _after_change("removed", org_id)


def _after_change(done, org_id):
    """Back to the team page; to the events when the member just gave up their own beheer."""
    from chalicelib import store
    still = roles.allows(store.organisations.role_of(_request().member.email, org_id), "team")
    return redirect(f"{TEAM}?{urlencode({'organisation': org_id, 'done': done})}" if still else "/organiser",
                    _request())


def _page(org_id, *, notice=None, errors=None, values=None, status=200):
    from chalicelib import store
    others = [(other, store.organisations.get_organisation(other)["name"])
              for other in _request().member.organisations("team") if other != org_id]
    events = sorted(store.events.events_of_organisation(org_id), key=lambda e: e.starts_at)
    return html("team.html.j2", status, organisation=membership.team(org_id), others=others, notice=notice,
                events=events, deur=roles.DEUR,
                errors=errors or {}, values=values or {}, me=_request().member.email,
                roles=roles.ROLES, role_label=roles.LABELS, role_description=roles.DESCRIPTIONS)
