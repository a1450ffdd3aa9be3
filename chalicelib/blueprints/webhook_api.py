"""The webhooks of an organisation for automation (issue 28 item 9): list, add, remove, a new
secret, a test delivery, the delivery log. A beheerder's session (the Webhooks page uses the same
use cases) or the operator's Bearer token (scope ``admin`` on all events); nobody else."""
from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from chalicelib import http
from chalicelib.http import HttpError
from chalicelib.http.access import caller_of
from chalicelib.http.routing import now, routes
from chalicelib.imports import lazy

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import webhooks
else:
    webhooks = lazy("chalicelib.webhooks")

bp = Blueprint(__name__)
route = routes(bp)
WEBHOOKS = "/organisations/{organisation_id}/webhooks"
ONE = WEBHOOKS + "/{webhook_id}"


def _require(org_id: str):
    """The caller when they may manage ``org_id``'s webhooks: a member whose role has ``webhooks``
    there, or the operator's token; 401 without credentials, 403 otherwise, 404 for an unknown
    organisation (only the operator can tell)."""
    caller = caller_of(bp.current_request)
    if caller is None:
        raise HttpError("unauthorized")
    if hasattr(caller, "scope"):        # a Bearer token: only the operator's admin token on all events
        if caller.scope != "admin" or "*" not in caller.events or caller.organisation is not None:
            raise HttpError("forbidden")
        from chalicelib import store
        if store.organisations.get_organisation(org_id) is None:
            raise HttpError("not_found")
    elif not caller.can("webhooks", org_id):
        raise HttpError("forbidden")
    return caller


@route(WEBHOOKS, methods=["GET"])
def list_webhooks(organisation_id):
    _require(organisation_id)
    return http.json_response({"webhooks": [webhooks.view(e) for e in webhooks.endpoints(organisation_id)]},
                              headers={"Cache-Control": "no-store"})


@route(WEBHOOKS, methods=["POST"], content_types=["*/*"])
def add_webhook(organisation_id):
    caller = _require(organisation_id)
    endpoint, secret = webhooks.create(organisation_id, http.read_json(bp.current_request), by=caller.id, now=now())
    return http.json_response({**endpoint, "secret": secret}, 201,
                              {"Location": f"/organisations/{organisation_id}/webhooks/{endpoint['webhook_id']}/deliveries",
                               "Cache-Control": "no-store"})


@route(ONE, methods=["DELETE"])
def remove_webhook(organisation_id, webhook_id):
    caller = _require(organisation_id)
    webhooks.remove(organisation_id, webhook_id, by=caller.id, now=now())
    return Response(body="", status_code=204)


@route(ONE + "/secret", methods=["POST"], content_types=["*/*"])
def rotate_secret(organisation_id, webhook_id):
    caller = _require(organisation_id)
    secret = webhooks.rotate(organisation_id, webhook_id, by=caller.id, now=now())
    return http.json_response({"webhook_id": webhook_id, "secret": secret,
                               "previous_valid_hours": webhooks.ROTATION_HOURS}, headers={"Cache-Control": "no-store"})


@route(ONE + "/test", methods=["POST"], content_types=["*/*"])
def test_webhook(organisation_id, webhook_id):
    _require(organisation_id)
    msg_id = webhooks.send_test(organisation_id, webhook_id, now())
    return http.json_response({"msg_id": msg_id, "event_type": webhooks.TEST_EVENT, "state": "queued"}, 202,
                              {"Location": f"/organisations/{organisation_id}/webhooks/{webhook_id}/deliveries"})


@route(ONE + "/deliveries", methods=["GET"])
def webhook_deliveries(organisation_id, webhook_id):
    _require(organisation_id)
    found = webhooks.deliveries(organisation_id, webhook_id)
    return http.json_response({"deliveries": [_delivery(d) for d in found]}, headers={"Cache-Control": "no-store"})


def _delivery(d: dict) -> dict:
    return {"msg_id": d["msg_id"], "event_type": d.get("event_type"), "created_at": d.get("created_at"),
            "state": d.get("state"), "attempts": int(d.get("attempts") or 0),
            "status_code": int(d["status_code"]) if d.get("status_code") else None,
            "error": d.get("last_error") or None, "last_attempt_at": d.get("last_at"),
            "next_attempt_at": d.get("due_at") if d.get("state") == "retrying" else None}
