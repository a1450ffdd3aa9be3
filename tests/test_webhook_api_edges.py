"""The webhook API's edges (chalicelib/blueprints/webhook_api.py): only the operator's admin token
on all events, or a beheerder's session, manages webhooks; a delivered message's log names no error, says when it was made and
last tried, and names a next attempt only while retrying."""
import json

import pytest
from conftest import bearer, person, signed_up
from test_roles import team  # noqa: F401  (a fixture)
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


def test_the_log_says_when_a_delivery_was_made_and_last_tried(client, admin_token, event, receiver,  # noqa: F811
                                                               monkeypatch):
    from datetime import datetime, timedelta, timezone

    from chalicelib.blueprints import webhook_api
    made_at = datetime(2026, 12, 7, 9, 30, tzinfo=timezone.utc)
    wid = added(client, admin_token, receiver().url)["webhook_id"]
    monkeypatch.setattr(webhook_api, "now", lambda: made_at)
    assert client.http.post(f"/organisations/{ORG}/webhooks/{wid}/test", headers=bearer(admin_token)).status_code == 202
    pump(made_at + timedelta(minutes=2))
    [done] = deliveries(client, admin_token, wid)
    assert (done["created_at"], done["last_attempt_at"]) == ("2026-12-07T09:30:00.000+00:00", "2026-12-07T09:32:00.000+00:00")


def test_a_delivery_being_sent_names_no_next_attempt(client, admin_token, receiver):  # noqa: F811
    """Only a delivery that is retrying has a next attempt (docs/api.md); a worker's hold on the one it
    is sending right now (its lease, in case it dies mid-send) is not one."""
    from datetime import datetime, timezone

    from chalicelib import store
    wid = added(client, admin_token, receiver().url)["webhook_id"]
    sent = client.http.post(f"/organisations/{ORG}/webhooks/{wid}/test", headers=bearer(admin_token))
    msg_id = json.loads(sent.body)["msg_id"]
    assert store.webhooks.claim_delivery(wid, msg_id, datetime.now(timezone.utc), lease_seconds=60)
    [sending] = deliveries(client, admin_token, wid)
    assert (sending["state"], sending["attempts"], sending["next_attempt_at"]) == ("sending", 0, None)


def test_a_beheerders_session_manages_the_webhooks_and_an_organisators_does_not(client, team):  # noqa: F811
    """The Webhooks page's people use the API with their session: only a beheerder's role has webhooks."""
    from test_roles import ADDRESS, session_of
    path = f"/organisations/{ORG}/webhooks"
    beheerder, _ = session_of(ADDRESS["beheerder"])
    organisator, _ = session_of(ADDRESS["organisator"])
    assert client.http.get(path, headers={"Cookie": beheerder}).status_code == 200
    assert client.http.get(path, headers={"Cookie": organisator}).status_code == 403
