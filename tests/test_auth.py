import json
from datetime import datetime, timedelta, timezone

import pytest

from conftest import DEMO_EVENT, bearer

EID = DEMO_EVENT["id"]
EXPORT = f"/events/{EID}/registrations"


def test_missing_token_is_401_with_challenge(client, demo_event):
    r = client.http.get(EXPORT)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert json.loads(r.body)["error"] == "unauthorized"


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer sgn_" + "A" * 43, "Basic abc", "sgn_x", ""])
def test_unknown_token_is_401(client, demo_event, header):
    r = client.http.get(EXPORT, headers={"Authorization": header})
    assert r.status_code == 401 and "WWW-Authenticate" in r.headers


def test_export_token_cannot_admin(client, demo_event, export_token):
    r = client.http.put(f"/events/{EID}", body="{}", headers={**bearer(export_token),
                                                              "Content-Type": "application/json"})
    assert r.status_code == 403 and json.loads(r.body)["error"] == "forbidden"


def test_export_token_is_scoped_to_its_events(client, demo_event, table):
    from chalicelib import auth
    _, other = auth.mint("export", ["another-event"])
    assert client.http.get(EXPORT, headers=bearer(other)).status_code == 403


def test_expired_and_revoked_tokens_are_401(client, demo_event):
    from chalicelib import auth
    past = datetime.now(timezone.utc) - timedelta(minutes=1)
    _, expired = auth.mint("export", "*", expires_at=past)
    assert client.http.get(EXPORT, headers=bearer(expired)).status_code == 401
    token_id, secret = auth.mint("export", "*")
    assert client.http.get(EXPORT, headers=bearer(secret)).status_code == 200
    auth.revoke(token_id)
    assert client.http.get(EXPORT, headers=bearer(secret)).status_code == 401


def test_only_the_hash_is_stored(table):
    from chalicelib import auth, aws
    _, secret = auth.mint("admin", "*")
    assert len(secret) >= 43 + len(auth.PREFIX)  # 32 random bytes in base64url
    items = aws.dynamodb().scan(TableName=table)["Items"]
    assert secret not in json.dumps(items)
    assert auth.hash_token(secret) in json.dumps(items)


def test_list_hides_hashes_and_records_last_use(client, demo_event, export_token):
    from chalicelib import auth
    client.http.get(EXPORT, headers=bearer(export_token))
    records = list(auth.list_tokens())
    assert all("token_hash" not in r for r in records)
    used = [r for r in records if r.get("label") == "test export"]
    assert used and used[0].get("last_used_at")


def test_the_deployed_gateway_answers_a_missing_token_as_the_app_does(client, demo_event):
    """API Gateway answers a request without Authorization itself (resources.json's Gateway
    Response); locally the app does. Both must give the same contract answer."""
    from conftest import ROOT
    resources = json.loads((ROOT / ".chalice" / "resources.json").read_text())
    gateway = resources["Resources"]["RestAPI"]["Properties"]["DefinitionBody"][
        "x-amazon-apigateway-gateway-responses"]["UNAUTHORIZED"]
    local = client.http.get(EXPORT)
    assert gateway["statusCode"] == local.status_code == 401
    assert json.loads(gateway["responseTemplates"]["application/json"]) == json.loads(local.body)
    assert gateway["responseParameters"]["gatewayresponse.header.WWW-Authenticate"] == \
        f"'{local.headers['WWW-Authenticate']}'"
