"""The edges of ``routes`` (chalicelib/http/routing.py) as a client sees them, on a small app of
its own (its routes are made while the test runs, as every blueprint's are at a cold start): HEAD
wherever GET is served and nowhere else, ``Allow`` on a 405, a CORS preflight kept two hours,
validators only where asked, a JSON error for an API route and a page for a page route, and a
bug that is answered 503 and logged."""
import json
import re
from urllib.parse import urlencode

import pytest
from chalice import Blueprint, Chalice, Response
from chalice.test import Client

from chalicelib.errors import InvalidToken, RateLimited, ValidationFailed
from chalicelib import http
from chalicelib.http import HttpError, routing
from conftest import DEMO_EVENT, make_event, person
from test_logs import log_lines  # noqa: F401 - the fixture

BROWSER = {"Accept": "text/html,application/xhtml+xml"}
FORM = "application/x-www-form-urlencoded"
EID = DEMO_EVENT["id"]
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))     # bytes that are no UTF-8


@pytest.fixture
def small(table, monkeypatch):
    """A test client of an app with one blueprint made by ``routes``, under /routing-edges/; what
    ``routes`` knows of paths starts empty, as at a cold start (not left from an earlier test)."""
    monkeypatch.setattr(routing, "METHODS", {})
    monkeypatch.setattr(routing, "CORS_PATHS", set())
    app = Chalice("routing-edges")
    bp = Blueprint(__name__)
    route = routing.routes(bp)

    @route("/routing-edges/thing", methods=["GET"])
    def thing():
        return {"thing": 1}

    @route("/routing-edges/thing", methods=["POST"])
    def post_thing():
        return {"posted": 1}

    @route("/routing-edges/post-only", methods=["POST"])
    def post_only():
        return {"posted": 1}

    @route("/routing-edges/public", methods=["GET"], cors=True)
    def public():
        return {"public": 1}

    @route("/routing-edges/same", methods=["GET"], cache="public, max-age=60")
    def same():
        return {"same": 1}

    @route("/routing-edges/gone", methods=["GET"], cache="no-cache")
    def gone():
        return Response(body='{"error": "gone"}', status_code=410, headers={"Content-Type": "application/json"})

    @route("/routing-edges/missing", methods=["GET"])
    def missing():
        raise HttpError("not_found")

    @route("/routing-edges/missing", methods=["POST", "PUT"], content_types=["application/x-www-form-urlencoded"])
    def post_missing():
        raise HttpError("not_found")

    @route("/routing-edges/missing-page", methods=["GET"], page=True)
    def missing_page():
        raise HttpError("not_found")

    @route("/routing-edges/bug", methods=["GET"])
    def bug():
        raise KeyError("deelnemer@gemeente.example")

    @route("/routing-edges/bug", methods=["POST", "PUT"], content_types=["application/x-www-form-urlencoded"])
    def post_bug():
        raise KeyError("deelnemer@gemeente.example")

    @route("/routing-edges/events/{event_id}/bug", methods=["GET"])
    def event_bug(event_id):
        raise KeyError(event_id)

    @route("/routing-edges/events/{event_id}/missing", methods=["GET"])
    def event_missing(event_id):
        raise HttpError("not_found")

    @route("/events/{event_id}/routing-edges", methods=["GET"], page=True)
    def event_page(event_id):
        raise HttpError("event_not_found" if event_id == "unknown" else "not_found")

    @route("/registrations/{token}/routing-edges", methods=["GET"], page=True)
    def attendee_page(token):
        raise InvalidToken() if token == "expired" else HttpError("not_found")

    @route("/routing-edges/default")
    def default():
        return {"default": 1}

    @route("/routing-edges/same-response", methods=["GET"], cache="public, max-age=60")
    def same_response():
        return Response(body={"same": 2}, status_code=200, headers={"Content-Type": "application/json"})

    @route("/routing-edges/logo", methods=["GET"], cache="public, max-age=60")
    def logo():
        return Response(body=PNG, status_code=200, headers={"Content-Type": "image/png"})

    @route("/routing-edges/order", methods=["POST"])
    def order_post():
        return {"posted": 1}

    @route("/routing-edges/order", methods=["GET"])
    def order_get():
        return {"got": 1}

    @route("/routing-edges/public-post", methods=["POST"], cors=True, content_types=[FORM])
    def public_post():
        return {"posted": 1}

    @route("/routing-edges/token-api", methods=["GET"])
    def token_api():
        raise InvalidToken()

    @route("/routing-edges/links/{token}", methods=["GET"], page=True)
    def other_token_page(token):
        raise HttpError("not_found")

    @route("/routing-edges/organiser/{event_id}", methods=["GET"], page=True)
    def organiser_page(event_id):
        raise HttpError("not_found")

    @route("/events/{event_id}/routing-edges-settings", methods=["POST"], content_types=[FORM])
    def organiser_form(event_id):
        raise ValidationFailed({"title": "required"})    # an organiser's form: no form_values are set

    @route("/registrations/{token}/routing-edges-bug", methods=["GET"], page=True)
    def attendee_bug(token):
        raise KeyError(token)

    @route("/events/{event_id}/routing-edges-bug", methods=["GET"], page=True)
    def form_bug(event_id):
        raise KeyError(event_id)

    @route("/routing-edges/busy", methods=["GET"])
    def busy():
        raise RateLimited(30)

    @route("/routing-edges/busy-page", methods=["GET"], page=True)
    def busy_page():
        raise RateLimited(30)

    @route("/routing-edges/english-body", methods=["POST"])
    def english_body():
        bp.current_request.body_locale = "en"      # as the signup route does with the body's "locale"
        raise HttpError("not_found")

    @route("/routing-edges/bug-page", methods=["GET"], page=True)
    def bug_page():
        raise KeyError("deelnemer@gemeente.example")

    app.register_blueprint(bp)
    app.register_middleware(routing.contract_errors, "http")
    with Client(app) as client:
        yield client, app


def test_a_get_route_answers_head_without_a_body(small):
    client, _ = small
    get, head = client.http.get("/routing-edges/thing"), client.http.head("/routing-edges/thing")
    assert (get.status_code, head.status_code) == (200, 200)
    assert json.loads(get.body) == {"thing": 1} and head.body == b""


def test_a_post_only_route_does_not_answer_head(small):
    client, _ = small
    answer = client.http.head("/routing-edges/post-only")
    assert answer.status_code == 405
    assert answer.headers["Allow"] == "POST"
    assert routing.allow("/routing-edges/post-only") == "POST"


def test_a_405_names_every_method_the_path_takes(small):
    client, _ = small
    answer = client.http.delete("/routing-edges/thing")
    assert answer.status_code == 405
    assert answer.headers["Allow"] == "GET, HEAD, POST"
    assert json.loads(answer.body)["error"] == "method_not_allowed"


def test_a_public_route_may_be_read_by_any_website_and_its_preflight_kept_two_hours(small):
    """The CORS headers Chalice copies into the preflight's answer (API Gateway's, as deployed) come
    with every answer of the path too."""
    client, _ = small
    answer = client.http.get("/routing-edges/public", headers={"Origin": "https://www.gemeente.example"})
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.headers["Access-Control-Max-Age"] == "7200"
    assert answer.headers["Access-Control-Expose-Headers"] == "Retry-After"
    assert answer.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert routing.allow("/routing-edges/thing") == "GET, HEAD, POST"     # no preflight there


def test_only_a_route_that_asks_for_it_gets_a_validator(small):
    client, _ = small
    plain = client.http.get("/routing-edges/thing")
    assert "ETag" not in plain.headers and "Cache-Control" not in plain.headers
    first = client.http.get("/routing-edges/same")
    assert first.headers["Cache-Control"] == "public, max-age=60" and json.loads(first.body) == {"same": 1}
    again = client.http.get("/routing-edges/same", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.body == b""
    assert "Content-Type" not in again.headers and again.headers["ETag"] == first.headers["ETag"]
    anything = client.http.get("/routing-edges/same", headers={"If-None-Match": "*"})
    assert anything.status_code == 304


def test_only_a_200_is_ever_not_modified(small):
    """A client's tag never turns an error into "use what you have"."""
    client, _ = small
    for asked in ("*", client.http.get("/routing-edges/gone").headers["ETag"]):
        answer = client.http.get("/routing-edges/gone", headers={"If-None-Match": asked})
        assert answer.status_code == 410 and json.loads(answer.body) == {"error": "gone"}


def test_an_api_route_answers_json_even_to_a_browser_and_a_page_route_a_page(small):
    client, _ = small
    api = client.http.get("/routing-edges/missing", headers=BROWSER)
    assert api.status_code == 404 and api.headers["Content-Type"] == "application/json"
    page = client.http.get("/routing-edges/missing-page", headers=BROWSER)
    assert page.status_code == 404 and page.headers["Content-Type"].startswith("text/html")
    assert "Deze pagina bestaat niet." in page.body.decode()
    english = client.http.get("/routing-edges/missing-page", headers={**BROWSER, "Accept-Language": "en"})
    assert "This page does not exist." in english.body.decode()



def test_a_form_post_gets_a_page_unless_it_asks_for_json(small):
    client, _ = small
    page = client.http.post("/routing-edges/missing", body="a=1", headers={"Content-Type": FORM})
    assert page.status_code == 404 and page.headers["Content-Type"].startswith("text/html")
    assert "Deze pagina bestaat niet." in page.body.decode()
    asked = client.http.post("/routing-edges/missing", body="a=1",
                             headers={"Content-Type": FORM, "Accept": "application/json"})
    assert asked.status_code == 404 and json.loads(asked.body)["error"] == "not_found"


def test_only_a_posted_form_is_answered_with_a_page(small):
    """A PUT of a form body is an API client's request: its error is JSON."""
    client, _ = small
    answer = client.http.put("/routing-edges/missing", body="a=1", headers={"Content-Type": FORM})
    assert answer.status_code == 404 and json.loads(answer.body)["error"] == "not_found"


def test_a_bug_is_a_503_and_is_logged_once(small, log_lines):  # noqa: F811 - the fixture
    client, _ = small
    answer = client.http.get("/routing-edges/bug")
    assert answer.status_code == 503 and answer.headers["Retry-After"]
    assert json.loads(answer.body)["error"] == "service_unavailable"
    lines = [json.loads(line) for line in log_lines]
    bugs = [line for line in lines if line.get("msg") == "request.bug"]
    assert [(b["route"], b["method"], b["error_type"]) for b in bugs] == [("/routing-edges/bug", "GET", "KeyError")]
    assert "deelnemer" not in json.dumps(bugs)
    assert [line["UnexpectedErrors"] for line in lines if "UnexpectedErrors" in line] == [1]     # the alarm's metric


def test_when_even_the_page_about_a_failure_fails_the_browser_gets_json_and_both_are_logged(
        small, log_lines, monkeypatch):  # noqa: F811 - the fixture
    from chalicelib import pages

    def broken(*_args, **_kwargs):
        raise RuntimeError("the template failed")
    monkeypatch.setattr(pages, "error", broken)
    client, _ = small
    answer = client.http.get("/routing-edges/bug-page", headers=BROWSER)
    assert answer.status_code == 503 and answer.headers["Content-Type"] == "application/json"
    assert json.loads(answer.body)["error"] == "service_unavailable"
    bugs = [json.loads(line) for line in log_lines if '"request.bug"' in line]
    assert [(b.get("route"), b["error_type"]) for b in bugs] == [("/routing-edges/bug-page", "KeyError"),
                                                                  ("unavailable_answer", "RuntimeError")]


def test_a_failure_answers_a_posted_form_with_a_page_unless_it_asks_for_json(small):
    client, _ = small
    page = client.http.post("/routing-edges/bug", body="a=1", headers={"Content-Type": FORM})
    assert page.status_code == 503 and page.headers["Content-Type"].startswith("text/html")
    for method, accept in (("POST", "application/json"), ("PUT", "*/*")):
        answer = client.http.request(method, "/routing-edges/bug", body="a=1",
                                     headers={"Content-Type": FORM, "Accept": accept})
        assert answer.status_code == 503 and json.loads(answer.body)["error"] == "service_unavailable"


def test_a_failure_answers_a_browser_with_a_page_even_on_an_api_route(small):
    client, _ = small
    page = client.http.get("/routing-edges/bug", headers=BROWSER)
    assert page.status_code == 503 and page.headers["Content-Type"].startswith("text/html")
    assert client.http.get("/routing-edges/bug-page", headers={"Accept": "*/*"}).headers["Content-Type"].startswith(
        "text/html")


def test_with_dynamodb_down_a_failure_speaks_the_events_language_as_last_read(small, monkeypatch):
    """The event cannot be read now; its first language as last read decides, not Dutch by default."""
    from types import SimpleNamespace

    from chalicelib import http, signups

    def down(*_args, **_kwargs):
        raise RuntimeError("DynamoDB is unavailable")
    monkeypatch.setattr(signups, "get_event", down)
    monkeypatch.setattr(signups, "last_known_event",
                        lambda event_id: SimpleNamespace(locales=["en", "nl"]) if event_id == "english-first" else None)
    client, _ = small
    answer = client.http.get("/routing-edges/events/english-first/bug")
    assert answer.status_code == 503
    assert json.loads(answer.body)["message"] == http.error_body(HttpError("service_unavailable"), "en")["message"]


def test_an_error_about_an_event_speaks_its_first_language_when_the_request_names_none(small, monkeypatch):
    """Read now (not as last read in this process, which may be never): English first, so English."""
    from types import SimpleNamespace

    from chalicelib import http, signups
    monkeypatch.setattr(signups, "get_event", lambda event_id, cached=False: SimpleNamespace(locales=["en", "nl"]))
    monkeypatch.setattr(signups, "last_known_event", lambda event_id: None)
    client, _ = small
    answer = client.http.get("/routing-edges/events/english-first/missing")
    assert answer.status_code == 404
    assert json.loads(answer.body)["message"] == http.error_body(HttpError("not_found"), "en")["message"]
    dutch = client.http.get("/routing-edges/events/english-first/missing?lang=nl")
    assert json.loads(dutch.body)["message"] == http.error_body(HttpError("not_found"), "nl")["message"]


def test_an_error_page_leads_back_to_the_form_or_the_attendee_page_it_belongs_to(small):
    client, _ = small
    form = client.http.get("/events/circulaire-economie/routing-edges", headers=BROWSER).body.decode()
    assert 'href="https://signup.test/events/circulaire-economie/form?lang=nl"' in form
    own = client.http.get("/registrations/abc123/routing-edges", headers=BROWSER).body.decode()
    assert 'href="https://signup.test/registrations/abc123"' in own
    unknown = client.http.get("/events/unknown/routing-edges", headers=BROWSER).body.decode()
    assert "/events/unknown/form" not in unknown      # no way back to a form that does not exist


def test_every_route_made_by_routes_is_marked_as_answering_failures(small):
    """tests/test_faults.py relies on this mark to know no route can answer Chalice's own 500."""
    _, app = small
    views = [entry.view_function for path, methods in app.routes.items() if path.startswith("/routing-edges/")
             for entry in methods.values()]
    assert views and all(getattr(view, "answers_failures", False) is True for view in views)


# ---------------------------------------------------------------- Chalice's own refusals, in the contract's shape

def test_a_405_names_the_methods_in_order_and_the_preflight_of_a_public_path(small):
    """Chalice would name them in the order the routes were made, and without OPTIONS."""
    client, _ = small
    assert client.http.delete("/routing-edges/order").headers["Allow"] == "GET, HEAD, POST"
    assert client.http.delete("/routing-edges/public").headers["Allow"] == "GET, HEAD, OPTIONS"


def test_a_405_speaks_the_language_the_request_asks_for(small):
    client, _ = small
    english = client.http.delete("/routing-edges/thing", headers={"Accept-Language": "en"})
    dutch = client.http.delete("/routing-edges/thing")
    assert json.loads(english.body)["message"] == http.error_body(HttpError("method_not_allowed"), "en")["message"]
    assert json.loads(dutch.body)["message"] == http.error_body(HttpError("method_not_allowed"), "nl")["message"]
    assert json.loads(english.body)["message"] != json.loads(dutch.body)["message"]


def test_a_head_that_chalice_refuses_has_no_body(small):
    client, _ = small
    answer = client.http.head("/routing-edges/post-only")
    assert answer.status_code == 405 and answer.body == b""


def test_a_415_on_a_public_path_may_still_be_read_by_the_website_and_a_415_names_no_methods(small):
    """A page on another website that posts the wrong type reads why; ``Allow`` belongs to a 405."""
    client, _ = small
    answer = client.http.post("/routing-edges/public-post", body="{}", headers={"Content-Type": "application/json"})
    assert answer.status_code == 415 and json.loads(answer.body)["error"] == "unsupported_media_type"
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    private = client.http.post("/routing-edges/missing", body="{}", headers={"Content-Type": "application/json"})
    assert private.status_code == 415 and "Allow" not in private.headers


# ---------------------------------------------------------------- which answer: JSON or a page, and the way back

def test_a_page_route_answers_json_to_a_client_that_asks_for_json(small):
    client, _ = small
    answer = client.http.get("/routing-edges/missing-page", headers={"Accept": "application/json"})
    assert answer.status_code == 404 and json.loads(answer.body)["error"] == "not_found"


def test_a_link_that_no_longer_works_is_a_page_for_a_browser_even_on_an_api_route(small):
    """A mail's link opened in a browser: "this link no longer works", not JSON."""
    client, _ = small
    page = client.http.get("/routing-edges/token-api", headers=BROWSER)
    assert page.status_code == 404 and page.headers["Content-Type"].startswith("text/html")
    assert "Deze link werkt niet meer." in page.body.decode()
    api = client.http.get("/routing-edges/token-api", headers={"Accept": "application/json"})
    assert json.loads(api.body)["error"] == "invalid_token"


def test_an_error_page_leads_back_only_where_the_path_is_the_attendee_page_or_the_form(small):
    """A token of another kind (unsubscribe, check-in) is no attendee page's; an organiser page about
    an event is no way back to its public form; an attendee link that no longer works is no way back."""
    client, _ = small
    other = client.http.get("/routing-edges/links/abc123", headers=BROWSER).body.decode()
    assert "/registrations/abc123" not in other
    organiser = client.http.get("/routing-edges/organiser/circulaire-economie", headers=BROWSER).body.decode()
    assert "/events/circulaire-economie/form" not in organiser
    expired = client.http.get("/registrations/expired/routing-edges", headers=BROWSER)
    assert expired.status_code == 404 and "Deze link werkt niet meer." in expired.body.decode()
    assert "/registrations/expired" not in expired.body.decode()


def test_an_organisers_form_on_an_event_path_gets_an_error_page_not_the_signup_form(client, admin_token, small):
    make_event(client, admin_token)
    edges, _ = small
    answer = edges.http.post(f"/events/{EID}/routing-edges-settings", body="title=", headers={"Content-Type": FORM})
    assert answer.status_code == 400 and answer.headers["Content-Type"].startswith("text/html")
    page = answer.body.decode()
    assert "Er ontbreekt iets of er klopt iets niet." in page
    assert 'name="email"' not in page       # not the signup form


def test_a_form_post_that_is_too_big_leads_back_to_the_form_even_in_a_fresh_process(client, admin_token):
    """The event is read for the way back (cached or not), not only taken as last read in this process."""
    from chalicelib import signups
    make_event(client, admin_token)
    signups._cache.clear()
    answer = client.http.post(f"/events/{EID}/signups", body="name=" + "x" * 20_000, headers={"Content-Type": FORM})
    assert answer.status_code == 413 and answer.headers["Content-Type"].startswith("text/html")
    assert f'href="https://signup.test/events/{EID}/form"' in answer.body.decode()


def test_the_form_again_speaks_the_visitors_language_when_the_form_names_none(client, admin_token):
    make_event(client, admin_token)
    answer = client.http.post(f"/events/{EID}/signups", body=urlencode(person(3, email="wrong", consent="on")),
                              headers={"Content-Type": FORM, "Accept-Language": "en"})
    assert answer.status_code == 400
    page = answer.body.decode()
    assert '<html lang="en"' in page and 'name="email"' in page


def test_an_error_about_an_event_speaks_its_language_as_read_a_moment_ago_while_dynamodb_is_down(
        small, monkeypatch):
    """The cached event (a few seconds old) decides: the page does not need DynamoDB to speak English."""
    import time
    from types import SimpleNamespace

    from chalicelib import signups, store

    def down(*_args, **_kwargs):
        raise RuntimeError("DynamoDB is unavailable")
    monkeypatch.setitem(signups._cache, "english-first", (time.monotonic() + 60, SimpleNamespace(locales=["en", "nl"])))
    monkeypatch.setattr(store.events, "get_event", down)
    client, _ = small
    answer = client.http.get("/routing-edges/events/english-first/missing")
    assert answer.status_code == 404
    assert json.loads(answer.body)["message"] == http.error_body(HttpError("not_found"), "en")["message"]


def test_a_form_naming_a_language_we_do_not_speak_comes_back_in_the_events_first_language(client, admin_token):
    """The form's own language field decides the form again; one the event does not offer is its first
    language (as the hosted form first showed), not the browser's."""
    make_event(client, admin_token)
    answer = client.http.post(f"/events/{EID}/signups", body=urlencode(person(3, email="wrong", locale="de")),
                              headers={"Content-Type": FORM, "Accept-Language": "en"})
    assert answer.status_code == 400
    assert '<html lang="nl"' in answer.body.decode()


def test_an_invocation_that_is_no_api_request_is_answered_with_hsts_and_crashes_nothing(small):
    """No resource path (not from API Gateway): Chalice's own "Unknown request.", still over https only."""
    _, app = small
    answer = app({"requestContext": {}}, None)
    assert answer["statusCode"] == 500 and json.loads(answer["body"])["Message"] == "Unknown request."
    assert answer["headers"]["Strict-Transport-Security"] == http.HSTS


def test_a_route_that_names_no_method_answers_get_and_head(small):
    client, _ = small
    assert json.loads(client.http.get("/routing-edges/default").body) == {"default": 1}
    assert client.http.head("/routing-edges/default").status_code == 200


def test_a_cached_answer_keeps_its_body_whatever_the_view_returned(small):
    """A Response with a JSON document, or with bytes (a logo): the same body, and a 304 on its own tag."""
    client, _ = small
    document = client.http.get("/routing-edges/same-response")
    assert document.status_code == 200 and json.loads(document.body) == {"same": 2}
    again = client.http.get("/routing-edges/same-response", headers={"If-None-Match": document.headers["ETag"]})
    assert again.status_code == 304
    logo = client.http.get("/routing-edges/logo", headers={"Accept": "image/png"})
    assert logo.status_code == 200 and logo.body == PNG
    assert client.http.get("/routing-edges/logo", headers={"Accept": "image/png", "If-None-Match": logo.headers["ETag"]}
                           ).status_code == 304


def test_with_dynamodb_down_the_form_comes_back_with_the_values_from_the_event_as_last_read(client, admin_token,
                                                                                            monkeypatch):
    """The cached copy is too old to count as fresh, and DynamoDB fails: the visitor still gets the form
    again with what they typed, in a frame of the event's websites."""
    from chalicelib import signups, store
    make_event(client, admin_token)
    signups.get_event(EID, cached=True)
    monkeypatch.setitem(signups._cache, EID, (0.0, signups._cache[EID][1]))      # past its deadline

    def down(*_args, **_kwargs):
        raise RuntimeError("DynamoDB is unavailable")
    monkeypatch.setattr(store.events, "get_event", down)
    answer = client.http.post(f"/events/{EID}/signups", body=urlencode(person(4, name="Zoë Jansen", consent="on")),
                              headers={"Content-Type": FORM})
    assert answer.status_code == 503 and answer.headers["Content-Type"].startswith("text/html")
    assert answer.headers["Retry-After"] == "60"
    assert 'value="Zoë Jansen"' in answer.body.decode()
    assert re.search(r'<p class="alert" role="alert"[^>]*>Er ging bij ons iets mis. Probeer het over een minuut '
                     r'opnieuw.</p>', answer.body.decode())
    assert "https://www.duurzaamdoor.example" in answer.headers["Content-Security-Policy"]


def test_a_framed_form_shows_its_errors_in_the_frame(client, admin_token):
    """The form again, and the page about a post that was too big, may be framed by the event's websites."""
    make_event(client, admin_token)
    wrong = client.http.post(f"/events/{EID}/signups", body=urlencode(person(5, email="wrong", consent="on")),
                             headers={"Content-Type": FORM})
    assert wrong.status_code == 400 and 'name="email"' in wrong.body.decode()
    assert "Vul je e-mailadres in, bijvoorbeeld naam@gemeente.nl." in wrong.body.decode()     # what to correct
    big = client.http.post(f"/events/{EID}/signups", body="name=" + "x" * 20_000, headers={"Content-Type": FORM})
    assert big.status_code == 413
    for answer in (wrong, big):
        policy = answer.headers["Content-Security-Policy"]
        assert "frame-ancestors http://127.0.0.1:8080 https://www.duurzaamdoor.example" in policy


def test_the_form_again_of_an_event_with_a_closing_time(client, admin_token):
    """Whether the form is still open is decided at the moment of the post."""
    make_event(client, admin_token, starts_at="2030-06-10T13:00:00", ends_at="2030-06-10T17:00:00",
               registration_closes_at="2030-06-09T17:00:00")
    answer = client.http.post(f"/events/{EID}/signups", body=urlencode(person(6, email="wrong", consent="on")),
                              headers={"Content-Type": FORM})
    assert answer.status_code == 400 and 'name="email"' in answer.body.decode()


@pytest.mark.parametrize("redirect, kept", [("https://www.duurzaamdoor.example/bedankt", True),
                                            ("https://evil.example/phish", False)])
def test_the_form_again_keeps_only_a_redirect_the_event_allows(client, admin_token, redirect, kept):
    """A resubmit ends on the organiser's thank-you page only if the event allows it, else on ours."""
    make_event(client, admin_token)
    answer = client.http.post(f"/events/{EID}/signups", headers={"Content-Type": FORM},
                              body=urlencode(person(7, email="wrong", consent="on", _redirect=redirect)))
    assert answer.status_code == 400
    hidden = re.findall(r'<input type="hidden" name="_redirect" value="([^"]*)">', answer.body.decode())
    assert hidden == ([redirect] if kept else [])


def test_a_failing_page_route_answers_json_to_a_client_that_asks_for_json(small):
    client, _ = small
    answer = client.http.get("/routing-edges/bug-page", headers={"Accept": "application/json"})
    assert answer.status_code == 503 and json.loads(answer.body)["error"] == "service_unavailable"


def test_a_form_post_to_a_closed_event_gets_a_page_that_leads_back_to_where_it_was_posted(client, admin_token):
    """Not the form again (nothing to correct): a page that says why, linking to the organiser's page
    that posted it, else to our hosted form."""
    make_event(client, admin_token, registration_open=False)
    own = "https://www.duurzaamdoor.example/aanmelden"
    for referer, back in ((own, own), (None, f"https://signup.test/events/{EID}/form")):
        answer = client.http.post(f"/events/{EID}/signups", body=urlencode(person(8, consent="on")),
                                  headers={"Content-Type": FORM, **({"Referer": referer} if referer else {})})
        assert answer.status_code == 409 and answer.headers["Content-Type"].startswith("text/html")
        page = answer.body.decode()
        assert "Aanmelden voor deze bijeenkomst kan niet meer." in page and 'name="email"' not in page
        assert f'href="{back}"' in page
    english = client.http.post(f"/events/{EID}/signups", body=urlencode(person(8, consent="on")),
                               headers={"Content-Type": FORM, "Accept-Language": "en"})
    assert f'href="https://signup.test/events/{EID}/form?lang=en"' in english.body.decode()


def test_with_dynamodb_down_and_no_event_read_yet_a_form_poster_gets_a_page(client, admin_token, monkeypatch):
    """A cold process: there is no form to show again, so a page that says what went wrong."""
    from chalicelib import signups, store
    make_event(client, admin_token)
    signups._cache.clear()

    def down(*_args, **_kwargs):
        raise RuntimeError("DynamoDB is unavailable")
    monkeypatch.setattr(store.events, "get_event", down)
    answer = client.http.post(f"/events/{EID}/signups", body=urlencode(person(9, consent="on")),
                              headers={"Content-Type": FORM})
    assert answer.status_code == 503 and answer.headers["Content-Type"].startswith("text/html")
    assert answer.headers["Retry-After"] == "60"
    assert "Er ging bij ons iets mis." in answer.body.decode()
    assert '<p id="retry-after">Wacht 60 seconden en probeer het opnieuw.</p>' in answer.body.decode()



def test_a_failing_page_says_what_happened_how_long_to_wait_and_leads_back(small):
    """The attendee page leads back to itself, a form's page to the form in the page's language."""
    client, _ = small
    own = client.http.get("/registrations/abc123/routing-edges-bug", headers=BROWSER)
    assert own.status_code == 503 and own.headers["Retry-After"] == "60"
    assert own.headers["Content-Type"].startswith("text/html") and "frame-ancestors 'none'" in own.headers[
        "Content-Security-Policy"]
    page = own.body.decode()
    assert "<h1>Het lukt nu even niet</h1>" in page and "<p>Er ging bij ons iets mis.</p>" in page
    assert '<p id="retry-after">Wacht 60 seconden en probeer het opnieuw.</p>' in page
    assert '<a href="https://signup.test/registrations/abc123">Terug naar je aanmelding</a>' in page
    form = client.http.get("/events/circulaire-economie/routing-edges-bug?lang=en", headers=BROWSER).body.decode()
    assert '<a href="https://signup.test/events/circulaire-economie/form?lang=en">Back to the form</a>' in form
    assert client.http.get("/routing-edges/bug").headers["Retry-After"] == "60"


def test_an_error_on_the_attendee_page_leads_back_to_it_by_name(small):
    client, _ = small
    page = client.http.get("/registrations/abc123/routing-edges", headers=BROWSER).body.decode()
    assert '<a href="https://signup.test/registrations/abc123">Terug naar je aanmelding</a>' in page


@pytest.mark.parametrize("asked", ['W/{tag}', '{tag},"other"', '{tag}, "other"', '"other", W/{tag}'])
def test_a_validator_is_recognised_weak_and_in_a_list(small, asked):
    """If-None-Match may name the tag weakly (W/) and among others, with or without spaces."""
    client, _ = small
    tag = client.http.get("/routing-edges/same").headers["ETag"]
    assert client.http.get("/routing-edges/same", headers={"If-None-Match": asked.format(tag=tag)}).status_code == 304



def test_a_busy_answer_says_when_to_try_again_as_json_and_as_a_page(small):
    client, _ = small
    api = client.http.get("/routing-edges/busy")
    assert api.status_code == 429 and api.headers["Retry-After"] == "30"
    page = client.http.get("/routing-edges/busy-page", headers=BROWSER)
    assert page.status_code == 429 and page.headers["Retry-After"] == "30"
    assert '<p id="retry-after">Wacht 30 seconden en probeer het opnieuw.</p>' in page.body.decode()


def test_the_language_the_body_names_comes_before_the_browsers(small):
    client, _ = small
    answer = client.http.post("/routing-edges/english-body", body="{}",
                              headers={"Content-Type": "application/json", "Accept-Language": "nl"})
    assert json.loads(answer.body)["message"] == http.error_body(HttpError("not_found"), "en")["message"]
