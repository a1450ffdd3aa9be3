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


# ---------------------------------------------------------------- auth at the unit level, on a fixed clock

T = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("scope, action, events, event_id, allowed", [
    ("export", "export", ("a",), "a", True),
    ("export", "admin", ("a",), "a", False),
    ("admin", "export", ("a",), "a", True),
    ("admin", "admin", ("a",), "a", True),
    ("export", "export", ("a",), "b", False),
    ("admin", "admin", ("a", "b"), "b", True),
    ("admin", "admin", ("*",), "anything", True),
    ("export", "export", ("*",), "anything", True),
])
def test_what_a_principal_may(scope, action, events, event_id, allowed):
    from chalicelib import auth
    assert auth.Principal("tok_1", scope, events).may(action, event_id) is allowed


def test_a_minted_token_is_256_random_bits_behind_a_prefix_and_recorded_at_its_time(table):
    import base64
    import re
    from chalicelib import auth
    token_id, secret = auth.mint("export", ["b", "a", "b"], label="Marieke", now=T, expires_at=T + timedelta(days=30))
    assert secret.startswith("sgn_") and len(base64.urlsafe_b64decode(secret[4:] + "=")) == 32
    assert re.fullmatch(r"tok_[0-9a-f]{12}", token_id)
    (record,) = list(auth.list_tokens())
    assert record == {"token_id": token_id, "scope": "export", "events": ["a", "b"], "label": "Marieke",
                      "created_at": "2026-11-20T09:00:00.000+00:00", "expires_at": "2026-12-20T09:00:00.000+00:00"}


@pytest.mark.parametrize("events", ["*", ["*"], None])
def test_every_spelling_of_all_events_is_stored_as_a_star(table, events):
    from chalicelib import auth
    auth.mint("admin", events, now=T)
    assert [r["events"] for r in auth.list_tokens()] == [["*"]]


@pytest.mark.parametrize("scope", ["exports", "ADMIN", "", None])
def test_only_known_scopes_are_minted(table, scope):
    from chalicelib import auth
    with pytest.raises(ValueError):
        auth.mint(scope, "*")


@pytest.mark.parametrize("scope", ["export", "admin"])
def test_both_scopes_are_minted(table, scope):
    from chalicelib import auth
    token_id, secret = auth.mint(scope, "*")
    assert auth.verify(f"Bearer {secret}", T).scope == scope


def test_verify_reads_the_scheme_case_insensitively_and_nothing_but_bearer(table):
    from chalicelib import auth
    token_id, secret = auth.mint("export", ["a"], now=T)
    for header in (f"Bearer {secret}", f"bearer {secret}", f"  BEARER   {secret} "):
        assert auth.verify(header, T) == auth.Principal(token_id, "export", ("a",))
    for header in (f"Basic {secret}", secret, f"Bearer{secret}", f"Token {secret}", "", None):
        assert auth.verify(header, T) is None


def test_a_secret_that_cannot_be_a_token_costs_no_read(table, monkeypatch):
    from chalicelib import auth, store
    reads, real = [], store.organisers.get_token
    monkeypatch.setattr(store.organisers, "get_token", lambda digest: reads.append(digest) or real(digest))
    assert auth.verify("Bearer sgn_" + "a" * 196, T) is None      # 200 characters: looked up
    assert len(reads) == 1
    for secret in ("sgn_" + "a" * 197, "abc_" + "a" * 43):         # 201 characters; another prefix
        assert auth.verify(f"Bearer {secret}", T) is None
    assert len(reads) == 1


def test_the_stored_hash_is_compared_in_constant_time(table, monkeypatch):
    import hmac
    from chalicelib import auth
    _, secret = auth.mint("export", "*")
    compared, real = [], hmac.compare_digest
    monkeypatch.setattr(auth.hmac, "compare_digest", lambda a, b: compared.append((a, b)) or real(a, b))
    assert auth.verify(f"Bearer {secret}", T)
    assert compared == [(auth.hash_token(secret), auth.hash_token(secret))]


def test_a_token_expires_at_its_moment_and_records_each_use(table):
    from chalicelib import auth
    token_id, secret = auth.mint("export", "*", expires_at=T, now=T - timedelta(days=1))
    assert auth.verify(f"Bearer {secret}", T - timedelta(milliseconds=1)).token_id == token_id
    (record,) = list(auth.list_tokens())
    assert record["last_used_at"] == "2026-11-20T08:59:59.999+00:00"
    assert auth.verify(f"Bearer {secret}", T) is None


def test_last_use_is_written_at_most_every_five_minutes(table):
    from chalicelib import auth
    _, secret = auth.mint("export", "*", now=T - timedelta(days=1))
    first, soon, later = T - timedelta(hours=1), T - timedelta(minutes=56), T - timedelta(minutes=55)
    for moment in (first, soon, later - timedelta(milliseconds=1)):
        assert auth.verify(f"Bearer {secret}", moment)
    assert list(auth.list_tokens())[0]["last_used_at"] == first.isoformat(timespec="milliseconds")
    assert auth.verify(f"Bearer {secret}", later)
    assert list(auth.list_tokens())[0]["last_used_at"] == later.isoformat(timespec="milliseconds")


def test_revoking_stamps_the_moment_and_ends_the_token(table):
    from chalicelib import auth
    token_id, secret = auth.mint("admin", "*", now=T)
    assert auth.revoke(token_id, now=T) is True
    assert [r["revoked_at"] for r in auth.list_tokens()] == ["2026-11-20T09:00:00.000+00:00"]
    assert auth.verify(f"Bearer {secret}", T) is None
    assert auth.revoke("tok_000000000000", now=T) is False


@pytest.mark.parametrize("expires_at", [None, T + timedelta(days=366)])
def test_a_token_for_ever_or_longer_than_a_year_is_refused(table, expires_at):
    from chalicelib import auth
    from chalicelib.errors import ValidationFailed
    with pytest.raises(ValidationFailed) as refused:
        auth.mint("export", "*", expires_at=expires_at, now=T)
    assert refused.value.fields == {"expires": "expiry_too_long"}
    assert list(auth.list_tokens()) == []


def test_a_token_stored_without_an_end_stops_a_year_after_it_was_made(table):
    """A token minted to never expire before the one-year rule: it ends a year after it was made."""
    from chalicelib import auth, store
    token_id, secret = auth.mint("export", "*", expires_at=T + timedelta(days=30), now=T)
    store.organisers.update_token(token_id, "REMOVE expires_at")
    assert auth.verify(f"Bearer {secret}", T + timedelta(days=364)).token_id == token_id
    assert auth.verify(f"Bearer {secret}", T + timedelta(days=365)) is None


def test_an_organisations_tokens_are_listed_newest_first_and_only_its_own(table):
    from chalicelib import auth
    minted = [auth.mint("export", ["a"], now=T + timedelta(hours=hour), organisation_id=org, created_by="m@x.example")[0]
              for hour, org in ((1, "org-a"), (4, "org-a"), (2, "org-b"), (3, "org-a"))]
    assert [r["token_id"] for r in auth.tokens_of(["org-a"])] == [minted[1], minted[3], minted[0]]
    assert [r["token_id"] for r in auth.tokens_of(["org-a", "org-b"])] == [minted[1], minted[3], minted[2], minted[0]]
