"""HTTP as clients expect it (issue 22, item 19): HEAD wherever GET is served, ``Allow`` on 405
and OPTIONS, CORS that lets a page read ``Retry-After`` and keeps its preflight, validators on
the answers that are the same for everyone, and an HTML 404 for a browser."""
import json

import pytest

from conftest import DEMO_EVENT, bearer

EID = DEMO_EVENT["id"]
CACHED = [("/openapi.json", "public, max-age=300"), ("/assets/site.css", "public, max-age=86400"),
          (f"/events/{EID}", "no-cache")]


def test_every_get_route_serves_head():
    from app import app
    assert [path for path, methods in app.routes.items() if "GET" in methods and "HEAD" not in methods] == []


@pytest.mark.parametrize("path", ["/health", "/openapi.json", "/assets/site.css", f"/events/{EID}",
                                  f"/events/{EID}/form", "/organiser", "/events/nope", "/registrations/forged"])
def test_head_answers_the_gets_status_and_headers_without_a_body(client, demo_event, path):
    get, head = client.http.get(path), client.http.head(path)
    assert head.status_code == get.status_code
    assert head.headers == get.headers
    assert get.body and head.body == b""


def test_an_uptime_monitor_gets_200_from_head(client, demo_event):
    assert client.http.head("/health").status_code == 200


def test_a_preflight_names_what_the_path_takes_and_may_be_kept(client, demo_event):
    r = client.http.request("OPTIONS", f"/events/{EID}/signups", headers={
        "Origin": "https://www.gemeente.example", "Access-Control-Request-Method": "POST"})
    assert r.status_code == 200
    assert r.headers["Allow"] == "OPTIONS, POST"
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    assert r.headers["Access-Control-Max-Age"] == "7200"
    assert r.headers["Access-Control-Expose-Headers"] == "Retry-After"


def test_a_script_on_another_website_may_read_retry_after(client, demo_event):
    """A 429's Retry-After is not a CORS-safelisted header: without Expose-Headers a page's fetch cannot read it."""
    r = client.http.get(f"/events/{EID}")
    assert r.headers["Access-Control-Expose-Headers"] == "Retry-After"


def test_options_on_a_path_without_cors_is_not_found_as_deployed(client, table):
    r = client.http.request("OPTIONS", "/organiser")
    assert (r.status_code, json.loads(r.body)["error"]) == (404, "not_found")


@pytest.mark.parametrize("path, cache_control", CACHED)
def test_same_for_everyone_answers_carry_a_validator_and_answer_304_to_it(client, demo_event, path, cache_control):
    first = client.http.get(path)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == cache_control
    tag = first.headers["ETag"]
    assert tag.startswith('"') and tag.endswith('"')
    again = client.http.get(path, headers={"If-None-Match": tag})
    assert (again.status_code, again.body) == (304, b"")
    assert again.headers["ETag"] == tag and again.headers["Cache-Control"] == cache_control
    assert client.http.get(path, headers={"If-None-Match": 'W/"other", ' + tag}).status_code == 304
    assert client.http.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_events_tag_changes_with_its_seats(client, demo_event):
    from conftest import person, signup
    before = client.http.get(f"/events/{EID}").headers["ETag"]
    assert signup(client, EID, **person(7)).status_code == 201
    after = client.http.get(f"/events/{EID}", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["ETag"] != before


def test_an_answer_for_one_language_says_it_varies_by_it(client, demo_event):
    assert client.http.get(f"/events/{EID}").headers["Vary"] == "Accept-Language"


def test_personal_answers_get_no_validator(client, demo_event, export_token):
    r = client.http.get(f"/events/{EID}/registrations?format=json", headers=bearer(export_token))
    assert r.headers["Cache-Control"] == "no-store" and "ETag" not in r.headers


def test_a_browser_on_an_unknown_path_gets_a_page(client, table):
    r = client.http.get("/bestaat-niet", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 404
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    body = r.body.decode()
    assert body.startswith("<!doctype html>") and "Deze pagina bestaat niet." in body and 'lang="en"' in body
    assert r.headers["X-Content-Type-Options"] == "nosniff" and r.headers["Referrer-Policy"] == "no-referrer"
    # a Gateway Response's header value cannot hold a quote, so no 'none': a sandbox that loads
    # only data: URLs and that only a data: page could frame, which is no page at all
    assert r.headers["Content-Security-Policy"] == "sandbox; default-src data:; base-uri data:; frame-ancestors data:"
    api = client.http.get("/bestaat-niet", headers={"Accept": "application/json"})
    assert (api.status_code, json.loads(api.body)["error"]) == (404, "not_found")


def test_the_deployed_gateway_has_the_same_page():
    from scripts.local_api import gateway_response
    status, headers, body = gateway_response("MISSING_AUTHENTICATION_TOKEN", "text/html")
    assert status == 404 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"Deze pagina bestaat niet." in body


def test_api_gateway_compresses_answers_of_a_kilobyte_or_more():
    from conftest import ROOT
    assert json.loads((ROOT / ".chalice" / "config.json").read_text())["minimum_compression_size"] == 1024
