"""The Webhooks page (issue 28 item 9), for a beheerder, reached from the settings page: add an
endpoint (its address, the events, how much personal data), see each one's delivery log, send a
test, make a new secret, remove it. One organisation per page (``?organisation=``), as the
settings page. The use cases are chalicelib.webhooks; the API is chalicelib.blueprints.webhook_api.
"""
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from chalice import Blueprint

from chalicelib import http
from chalicelib.errors import NotFound, ValidationFailed
from chalicelib.http.routing import now, routes
from chalicelib.imports import lazy
from chalicelib.organiser.home import html, locale_of, organisation_page, redirect

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import webhooks
else:
    webhooks = lazy("chalicelib.webhooks")

bp = Blueprint(__name__)
route = routes(bp)
PAGE = "/organiser/webhooks"
NOTICES = ("test", "removed")
SHOWN = 20      # deliveries per endpoint on the page (the API gives 50)


def _request():
    return bp.current_request


@route(PAGE, methods=["GET"])
@organisation_page("webhooks")
def webhooks_page(org_id, query):
    done = query.get("done")
    return _page(org_id, notice=done if done in NOTICES else None)


@route(PAGE, methods=["POST"], content_types=[http.FORM])
@organisation_page("webhooks")
def add(org_id, posted):
    body = {"url": posted.get("url", ""), "personal_data": posted.get("personal_data", "none"),
            "events": [name for name in webhooks.EVENT_TYPES if posted.get("event:" + name)]}
    try:
        endpoint, secret = webhooks.create(org_id, body, by=_request().member.id, now=now())
    except ValidationFailed as failed:
        return _page(org_id, errors=failed.fields, values=body, status=400)
    return _page(org_id, secret=secret, secret_for=endpoint["webhook_id"], status=201)


@route(PAGE + "/test", methods=["POST"], content_types=[http.FORM])
@organisation_page("webhooks")
def send_test(org_id, posted):
    try:
        webhooks.send_test(org_id, posted.get("webhook"), now())
    except NotFound:
        return html("not_found.html.j2", 404)
    return redirect(f"{PAGE}?{urlencode({'organisation': org_id, 'done': 'test'})}", _request())


@route(PAGE + "/secret", methods=["POST"], content_types=[http.FORM])
@organisation_page("webhooks")
def new_secret(org_id, posted):
    try:
        secret = webhooks.rotate(org_id, posted.get("webhook"), by=_request().member.id, now=now())
    except NotFound:
        return html("not_found.html.j2", 404)
    return _page(org_id, secret=secret, secret_for=posted["webhook"], rotated=True)


@route(PAGE + "/remove", methods=["POST"], content_types=[http.FORM])
@organisation_page("webhooks")
def remove(org_id, posted):
    try:
        webhooks.remove(org_id, posted.get("webhook"), by=_request().member.id, now=now())
    except NotFound:
        return html("not_found.html.j2", 404)
    return redirect(f"{PAGE}?{urlencode({'organisation': org_id, 'done': 'removed'})}", _request())


def _page(org_id, *, notice=None, errors=None, values=None, secret=None, secret_for=None, rotated=False, status=200):
    from chalicelib import i18n, store
    organisation = store.organisations.get_organisation(org_id)
    hooks = webhooks.endpoints(org_id)
    logs = {hook["webhook_id"]: [_shown(d) for d in store.webhooks.deliveries(hook["webhook_id"], SHOWN)]
            for hook in hooks}
    others = [(other, store.organisations.get_organisation(other)["name"])
              for other in _request().member.organisations("webhooks") if other != org_id]
    return html("webhooks.html.j2", status, organisation=organisation, hooks=hooks, logs=logs, others=others,
                notice=notice, errors=errors or {}, values=values or {"events": [], "personal_data": "none"},
                secret=secret, secret_for=secret_for, rotated=rotated, event_types=webhooks.EVENT_TYPES,
                test_event=webhooks.TEST_EVENT, test_label=webhooks.TEST_LABEL, personal_data=webhooks.PERSONAL_DATA,
                states=webhooks.STATES, max_attempts=webhooks.MAX_ATTEMPTS,
                moment=lambda at: i18n.format_short(at, "Europe/Amsterdam", locale_of(_request())))


def _shown(delivery: dict) -> dict:
    return {**delivery, "at": datetime.fromisoformat(delivery.get("last_at") or delivery["created_at"])}
