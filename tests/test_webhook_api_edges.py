"""The webhook API's edges (chalicelib/blueprints/webhook_api.py): only the operator's admin token
on all events manages webhooks, and a delivered message's log names no error."""
import pytest
from conftest import bearer, person, signed_up
from test_webhooks import EID, ORG, added, deliveries, event, pump, receiver  # noqa: F401  (fixtures)


@pytest.mark.parametrize("scope, events, organisation", [
    ("export", "*", None),          # all events, but no admin
    ("admin", "*", ORG),            # an organisation's own admin key, not the operator's
])
def test_only_the_operators_admin_token_manages_webhooks(client, admin_token, scope, events, organisation):
    from chalicelib import auth
    _, secret = auth.mint(scope, events, label="sleutel", organisation_id=organisation,
                          created_by="marieke@duurzaamdoor.example" if organisation else None)
    assert client.http.get(f"/organisations/{ORG}/webhooks", headers=bearer(secret)).status_code == 403
    assert client.http.get(f"/organisations/{ORG}/webhooks", headers=bearer(admin_token)).status_code == 200


def test_a_delivered_message_names_no_error(client, admin_token, event, receiver):  # noqa: F811
    made = added(client, admin_token, receiver().url)
    signed_up(client, EID, **person(1))
    pump()
    log = deliveries(client, admin_token, made["webhook_id"])
    assert log and all(d["state"] == "delivered" and d["error"] is None for d in log)
