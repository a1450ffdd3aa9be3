"""Issue 25 item 10: over https every answer carries ``Strict-Transport-Security``, and the
organiser's session cookie is ``__Host-sid`` (Secure, ``Path=/``, no ``Domain``); a local http
stack has neither (a browser refuses ``__Host-`` without https and ignores HSTS over http).
"""
import json

import pytest

from conftest import DEMO_EVENT, bearer, person, signup
from test_gateway_responses import TYPES, gateway_responses
from test_organisers import FORM, MEMBER, send_sign_in_links, ses  # noqa: F401  (ses is a fixture)

EID = DEMO_EVENT["id"]
HSTS = "max-age=31536000; includeSubDomains"


def answers(client, token):
    """One answer of each kind: JSON, page, error, redirect, download, HEAD, preflight, unknown path."""
    yield "health", client.http.get("/health")
    yield "event", client.http.get(f"/events/{EID}")
    yield "unknown event", client.http.get("/events/no-such-event")
    yield "form", client.http.get(f"/events/{EID}/form")
    yield "signup", signup(client, EID, **person(1))
    yield "bad signup", signup(client, EID, **person(2, email="nope"))
    yield "form post", signup(client, EID, form=True, accept_json=False, **person(3, consent="on"))
    yield "sign-in page", client.http.get("/organiser")
    yield "csv", client.http.get(f"/events/{EID}/registrations", headers={**bearer(token), "Accept": "*/*"})
    yield "no token", client.http.get(f"/events/{EID}/registrations")
    yield "head", client.http.head(f"/events/{EID}")
    yield "405", client.http.request("DELETE", "/health")
    yield "preflight", client.http.request("OPTIONS", f"/events/{EID}/signups", headers={
        "Origin": "https://www.gemeente.example", "Access-Control-Request-Method": "POST"})
    yield "unknown path", client.http.get("/nergens")


def over_http(env):
    from chalicelib import config
    env.setenv("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
    config.settings.cache_clear()


def test_every_answer_over_https_carries_hsts(client, demo_event, admin_token):
    without = [name for name, answer in answers(client, admin_token)
               if answer.headers.get("Strict-Transport-Security") != HSTS]
    assert without == []


def test_no_answer_of_a_local_http_stack_carries_hsts(client, demo_event, admin_token, env):
    over_http(env)
    carrying = [name for name, answer in answers(client, admin_token) if "Strict-Transport-Security" in answer.headers]
    assert carrying == []


@pytest.mark.parametrize("kind", TYPES)
def test_every_answer_of_the_deployed_gateway_carries_hsts(kind):
    headers = gateway_responses()[kind]["responseParameters"]
    assert headers["gatewayresponse.header.Strict-Transport-Security"] == f"'{HSTS}'"


def test_the_preflight_chalice_package_writes_carries_hsts(monkeypatch):
    """`chalice package` reads the CORS headers with no base URL set: the deployed stage is https."""
    from chalicelib.http.routing import PathCORS
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    assert PathCORS(f"/events/{EID}").get_access_control_headers()["Strict-Transport-Security"] == HSTS


def signed_in(client, ses):    # noqa: F811
    """Ask for a sign-in link and use it (at whatever base URL it was mailed with)."""
    import re
    from email import message_from_string, policy
    assert client.http.post("/organiser/login", body=f"email={MEMBER}", headers=FORM).status_code == 200
    send_sign_in_links()
    raw = [m.raw_data for m in ses.sent_messages if MEMBER in m.destinations][-1]
    text = message_from_string(raw, policy=policy.default).get_body(("plain",)).get_content()
    path = re.search(r"https?://[^/\s]+(/organiser/login/[A-Za-z0-9_-]+)", text).group(1)
    return client.http.post(path, body="", headers=FORM)


def test_over_https_the_session_cookie_is_host_prefixed(client, demo_event, ses):    # noqa: F811
    answer = signed_in(client, ses)
    name, _, rest = answer.headers["Set-Cookie"].partition("=")
    flags = {part.strip() for part in rest.split(";")[1:]}
    assert name == "__Host-sid"
    assert {"Secure", "Path=/"} <= flags
    assert not any(flag.lower().startswith("domain") for flag in flags)
    cookie = answer.headers["Set-Cookie"].split(";")[0]
    assert "Uitloggen" in client.http.get("/organiser", headers={"Cookie": cookie}).body.decode()
    plain = cookie.replace("__Host-sid=", "sid=")       # set by a sibling host, say: not read
    assert "Uitloggen" not in client.http.get("/organiser", headers={"Cookie": plain}).body.decode()


def test_a_local_http_stack_keeps_the_plain_cookie(client, demo_event, ses, env):    # noqa: F811
    over_http(env)
    answer = signed_in(client, ses)
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith("sid=")
    assert "Secure" not in cookie
    assert "Uitloggen" in client.http.get("/organiser", headers={"Cookie": cookie.split(";")[0]}).body.decode()


def test_the_api_document_says_so():
    from conftest import ROOT
    api = (ROOT / "docs" / "api.md").read_text()
    assert "__Host-sid" in api and "Strict-Transport-Security" in api
    assert json.dumps(HSTS)[1:-1] in api
