"""Every text/html answer carries the page headers of the contract; personal answers are no-store."""
import pytest

from conftest import DEMO_EVENT, bearer, make_event, person, signup

EID = DEMO_EVENT["id"]
FIXED = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
DEMO_ANCESTORS = "frame-ancestors http://127.0.0.1:8080 https://www.duurzaamdoor.example"


def assert_page_headers(response, ancestors="frame-ancestors 'none'"):
    assert response.headers["Content-Type"].startswith("text/html")
    for name, value in FIXED.items():
        assert response.headers[name] == value, name
    csp = response.headers["Content-Security-Policy"]
    assert csp.startswith("default-src 'none';")
    assert csp.endswith(ancestors)


def _token(rid):
    from chalicelib import tokens
    return tokens.sign(EID, rid)


def test_hosted_form_may_be_framed_by_the_events_origins(client, demo_event):
    assert_page_headers(client.http.get(f"/events/{EID}/form"), DEMO_ANCESTORS)


def test_hosted_form_without_origins_may_be_framed_by_nobody(client, admin_token):
    make_event(client, admin_token, allowed_redirect_origins=[])
    assert_page_headers(client.http.get(f"/events/{EID}/form"))


def test_thanks_page_and_refilled_form_follow_the_form(client, demo_event):
    posted = signup(client, EID, form=True, accept_json=False, **{**person(1), "consent": "on"})
    assert posted.status_code == 303
    thanks = client.http.get(posted.headers["Location"].removeprefix("https://signup.test"))
    assert thanks.status_code == 200
    assert_page_headers(thanks, DEMO_ANCESTORS)
    refilled = signup(client, EID, form=True, accept_json=False, name="", email="x@gemeente.example")
    assert refilled.status_code == 400
    assert_page_headers(refilled, DEMO_ANCESTORS)


def test_attendee_page_is_never_framed(client, demo_event):
    from chalicelib import store
    signup(client, EID, **person(1))
    rid = store.roster.registration_by_email(EID, "deelnemer1@gemeente.example").id
    assert_page_headers(client.http.get(f"/registrations/{_token(rid)}"))
    post = client.http.post(f"/registrations/{_token(rid)}/cancel")
    assert_page_headers(post)


@pytest.mark.parametrize("path", ["/registrations/bogus.token", "/events/nope/form"])
def test_error_pages(client, demo_event, path):
    response = client.http.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 404
    if response.headers["Content-Type"].startswith("text/html"):
        assert_page_headers(response)


def test_form_post_error_page(client, admin_token):
    make_event(client, admin_token, capacity=1, waitlist_enabled=False)
    signup(client, EID, **person(1))
    full = signup(client, EID, form=True, accept_json=False, **{**person(2), "consent": "on"})
    assert full.status_code == 409
    assert_page_headers(full, DEMO_ANCESTORS)


def test_exports_and_attendee_json_are_not_stored(client, demo_event, export_token):
    from chalicelib import store
    signup(client, EID, **person(1))
    rid = store.roster.registration_by_email(EID, "deelnemer1@gemeente.example").id
    for fmt in ("csv", "json", "xlsx"):
        r = client.http.get(f"/events/{EID}/registrations?format={fmt}", headers=bearer(export_token))
        assert r.status_code in (200, 303) and r.headers["Cache-Control"] == "no-store", fmt   # xlsx: S3 link
    page = client.http.get(f"/registrations/{_token(rid)}", headers={"Accept": "application/json"})
    assert page.headers["Cache-Control"] == "no-store"
    ics = client.http.get(f"/registrations/{_token(rid)}/calendar.ics")
    assert ics.headers["Cache-Control"] == "no-store"


def test_an_origin_that_would_break_the_policy_is_left_out():
    from chalicelib import http
    csp = http.page_headers(["https://ok.example", "https://x.example; script-src *"])["Content-Security-Policy"]
    assert csp.endswith("frame-ancestors https://ok.example")
