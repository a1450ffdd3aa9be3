"""Where a form poster goes after a signup: an allowed ``_redirect`` as an ASCII URI, else our page."""
import re

import pytest
from conftest import DEMO_EVENT, make_event, person, signup

EID = DEMO_EVENT["id"]
ALLOWED = ("https://www.duurzaamdoor.example", "http://127.0.0.1:8080", "https://bücher.example",
           "https://xn--mnchen-3ya.example")


@pytest.mark.parametrize("url, uri", [
    ("https://www.duurzaamdoor.example/bedankt", "https://www.duurzaamdoor.example/bedankt"),
    ("https://WWW.DuurzaamDoor.example", "https://www.duurzaamdoor.example/"),
    ("https://www.duurzaamdoor.example:443/a?b=c#d", "https://www.duurzaamdoor.example/a?b=c#d"),
    ("http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x"),
    ("https://www.duurzaamdoor.example/bedankt-☃", "https://www.duurzaamdoor.example/bedankt-%E2%98%83"),
    ("https://www.duurzaamdoor.example/ä?wat=één#ü",
     "https://www.duurzaamdoor.example/%C3%A4?wat=%C3%A9%C3%A9n#%C3%BC"),
    ("https://www.duurzaamdoor.example/a b\"<>", "https://www.duurzaamdoor.example/a%20b%22%3C%3E"),
    ("https://www.duurzaamdoor.example/al%20encoded/100%", "https://www.duurzaamdoor.example/al%20encoded/100%25"),
    ("https://bücher.example/danke", "https://xn--bcher-kva.example/danke"),
    ("https://BÜCHER.example/danke", "https://xn--bcher-kva.example/danke"),
    ("https://xn--bcher-kva.example/danke", "https://xn--bcher-kva.example/danke"),
    ("https://münchen.example/", "https://xn--mnchen-3ya.example/"),
])
def test_an_allowed_redirect_becomes_an_ascii_uri(url, uri):
    from chalicelib import redirects
    assert redirects.target(ALLOWED, url) == uri


@pytest.mark.parametrize("url", [
    None, "", 42, "https://evil.example/phish", "javascript:alert(1)", "//www.duurzaamdoor.example/x",
    "https://www.duurzaamdoor.example@evil.example/", "https://evil.example@www.duurzaamdoor.example/",
    "https://www.duurzaamdoor.example.evil.example/", "http://www.duurzaamdoor.example/",
    "https://www.duurzaamdoor.example:8443/", "https://www.duurzaamdoor.example:x/", "http://[abc",
    "https://www.duurzaamdoor.example/\r\nSet-Cookie: a=b", "https://bücher.example\u202e/",
    "https://xn--.example/", "https://" + "a" * 2000 + ".example/", "https://büch er.example/",
])
def test_anything_else_is_no_redirect(url):
    from chalicelib import redirects
    assert redirects.target(ALLOWED, url) is None


def test_status_is_added_to_the_query():
    from chalicelib import redirects
    assert redirects.with_status("https://a.example/x", "confirmed") == "https://a.example/x?status=confirmed"
    assert redirects.with_status("https://a.example/x?r=1#f", "pending") == "https://a.example/x?r=1&status=pending#f"


# ---------------------------------------------------------------- through the API

@pytest.fixture
def idn_event(client, admin_token):
    return make_event(client, admin_token, allowed_redirect_origins=["https://bücher.example"])


def form_signup(client, n, **fields):
    return signup(client, EID, form=True, accept_json=False, **person(n, consent="on", **fields))


@pytest.mark.parametrize("redirect", ["https://evil.example/phish", "javascript:alert(1)", "https://[::1"])
def test_a_redirect_that_is_not_allowed_still_signs_up_and_shows_our_page(client, demo_event, table, redirect):
    from chalicelib import store
    r = form_signup(client, 1, _redirect=redirect)
    assert r.status_code == 303
    assert r.headers["Location"] == f"https://signup.test/events/{EID}/thanks?lang=nl&status=confirmed"
    assert r.headers["Location"] == form_signup(client, 2).headers["Location"]    # our thank-you page, as without one
    assert [reg.email for reg in store.roster.registrations(EID, consistent=True)] == \
        ["deelnemer1@gemeente.example", "deelnemer2@gemeente.example"]


def test_a_json_signup_ignores_a_redirect_that_is_not_allowed(client, demo_event):
    r = signup(client, EID, **person(1, _redirect="https://evil.example/phish"))
    assert r.status_code == 201


def test_a_non_ascii_redirect_is_sent_as_its_uri(client, demo_event):
    r = form_signup(client, 1, _redirect="https://www.duurzaamdoor.example/bedankt-☃?naam=Zoë")
    assert r.status_code == 303
    assert r.headers["Location"] == \
        "https://www.duurzaamdoor.example/bedankt-%E2%98%83?naam=Zo%C3%AB&status=confirmed"


@pytest.mark.parametrize("redirect", ["https://bücher.example/danke", "https://xn--bcher-kva.example/danke"])
def test_an_idn_host_is_sent_in_idna(client, idn_event, redirect):
    r = form_signup(client, 1, _redirect=redirect)
    assert r.status_code == 303
    assert r.headers["Location"] == "https://xn--bcher-kva.example/danke?status=confirmed"


def test_the_error_form_drops_a_redirect_that_is_not_allowed(client, demo_event, table):
    r = form_signup(client, 1, email="wrong", _redirect="https://evil.example/phish")
    page = r.body.decode()
    assert r.status_code == 400
    assert "evil.example" not in page
    assert 'name="_redirect"' not in page
    assert "#_redirect" not in page
    resubmit = form_signup(client, 1)
    assert resubmit.headers["Location"].startswith(f"https://signup.test/events/{EID}/thanks?")


def test_the_error_form_keeps_an_allowed_redirect_as_its_uri(client, demo_event):
    r = form_signup(client, 1, email="wrong", _redirect="https://www.duurzaamdoor.example/bedankt-☃")
    hidden = re.findall(r'<input type="hidden" name="_redirect" value="([^"]*)">', r.body.decode())
    assert hidden == ["https://www.duurzaamdoor.example/bedankt-%E2%98%83"]


@pytest.mark.parametrize("redirect, hidden", [
    ("https://www.duurzaamdoor.example/bedankt", ["https://www.duurzaamdoor.example/bedankt"]),
    ("https://www.duurzaamdoor.example/ü", ["https://www.duurzaamdoor.example/%C3%BC"]),
    ("https://evil.example/phish", []),
    ("javascript:alert(1)", []),
])
def test_the_hosted_form_carries_only_an_allowed_redirect(client, demo_event, redirect, hidden):
    from urllib.parse import quote
    r = client.http.get(f"/events/{EID}/form?redirect={quote(redirect, safe='')}")
    assert r.status_code == 200
    assert re.findall(r'<input type="hidden" name="_redirect" value="([^"]*)">', r.body.decode()) == hidden
