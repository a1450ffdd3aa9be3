"""Sign-in links bound to the browser that asked for them (issue 25 item 8).

Asking for a link leaves a nonce cookie in that browser (every address alike); the link keeps its
digest. Opened there, the link shows the usual one-button page; opened elsewhere (the phone, another
browser, a link someone sent), the page first names the address it signs in as. Its POST refuses
another website's Origin, as every organiser POST does.
"""
import re
from urllib.parse import urlencode

import pytest

from test_organisers import FORM, MEMBER, login_link, put_org, ses  # noqa: F401 - ses is a fixture

NOTICE = re.compile(r'<p class="notice" role="status">(.*?)</p>')


@pytest.fixture
def member(client, admin_token):
    assert put_org(client, admin_token).status_code == 200


def ask(client, address=MEMBER, lang=""):
    """Ask for a link; the nonce cookie the browser keeps (``signin=...``)."""
    answer = client.http.post("/organiser/login" + lang, body=urlencode({"email": address}), headers=FORM)
    assert answer.status_code == 200
    cookie = answer.headers["Set-Cookie"]
    assert re.match(r"signin=[\w-]{32}; Path=/; Max-Age=1200; HttpOnly; SameSite=Lax; Secure$", cookie), cookie
    return cookie.split(";")[0]


def test_in_the_browser_that_asked_the_link_shows_the_one_button_page(client, member, ses):
    nonce = ask(client)
    page = client.http.get(login_link(ses, MEMBER), headers={"Cookie": nonce})
    body = page.body.decode()
    assert page.status_code == 200 and ">Inloggen</button>" in body
    assert MEMBER not in body and "Je logt in als" not in body


@pytest.mark.parametrize("cookie", [None, "signin=een-andere-browser-0123456789abcdef", "signin=kort"])
def test_elsewhere_the_page_names_the_address_before_signing_in(client, member, ses, cookie):
    ask(client)
    path = login_link(ses, MEMBER)
    page = client.http.get(path, headers={"Cookie": cookie} if cookie else {})
    body = page.body.decode()
    assert page.status_code == 200 and ">Inloggen</button>" in body
    assert NOTICE.search(body).group(1) == f"Je logt in als {MEMBER}."
    assert "Je vroeg deze inloglink niet in deze browser." in body
    signed_in = client.http.post(path, body="", headers=FORM)     # the person read it and chose the button
    assert signed_in.status_code == 303 and signed_in.headers["Set-Cookie"].startswith("__Host-sid=")


def test_the_confirmation_speaks_english_for_an_english_link(client, member, ses):
    ask(client, lang="?lang=en")
    page = client.http.get(login_link(ses, MEMBER) + "?lang=en").body.decode()
    assert NOTICE.search(page).group(1) == f"You are signing in as {MEMBER}."


def test_every_address_gets_a_nonce_alike(client, member):
    first, second = ask(client), ask(client, "iemand@elders.example")
    assert first != second      # one per request, for members and strangers alike


@pytest.mark.parametrize("origin", ["https://evil.example", "https://signup.test.evil.example", "http://signup.test"])
def test_a_sign_in_post_from_another_website_is_refused(client, member, ses, origin):
    nonce = ask(client)
    path = login_link(ses, MEMBER)
    refused = client.http.post(path, body="", headers={**FORM, "Cookie": nonce, "Origin": origin})
    assert refused.status_code == 403 and "Set-Cookie" not in refused.headers
    answer = client.http.post(path, body="", headers={**FORM, "Cookie": nonce, "Origin": "https://signup.test"})
    assert answer.status_code == 303        # the link was not used up by the refused post
