"""The edges of the organiser's cookies (chalicelib/http/sessions.py) that an organiser notices:
returning to the page they asked for after signing in by mail (and never to another website),
how long each cookie lives, and the same browser being recognised when it opens the link."""
import re
from urllib.parse import quote, urlencode

import pytest

from chalicelib.http import sessions
from test_organisers import FORM, MEMBER, login_link, org_event, ses  # noqa: F401 - fixtures

WANTED = "/organiser/events/circulaire-economie-2026-12-09?tab=people"


def _ask_link(client, next_page=None):
    """Ask for a sign-in link on the sign-in page, as a person does; returns the answer."""
    fields = {"email": MEMBER, **({"next": next_page} if next_page is not None else {})}
    answer = client.http.post("/organiser/login", body=urlencode(fields), headers=FORM)
    assert answer.status_code == 200
    return answer


def _cookies(answer) -> dict:
    """name -> the whole Set-Cookie value, of every cookie the answer sets."""
    values = answer.headers.get("Set-Cookie") or []
    values = [values] if isinstance(values, str) else values
    return {value.split("=", 1)[0]: value for value in values}


def _jar(answer) -> str:
    """The Cookie header a browser sends back after this answer."""
    return "; ".join(value.split(";")[0] for value in _cookies(answer).values())


def test_the_page_asked_for_is_kept_for_half_an_hour_while_the_mail_travels(client, org_event, ses):
    kept = _cookies(_ask_link(client, WANTED))
    assert kept["next"] == (f"next={quote(WANTED, safe='')}; Path=/; Max-Age=1800; HttpOnly; SameSite=Lax; Secure")


def test_the_browser_that_asked_is_remembered_for_twenty_minutes(client, org_event, ses):
    """The link lives 15 minutes; the browser's own mark a little longer, so it still knows the link."""
    kept = _cookies(_ask_link(client))
    assert re.fullmatch(r"signin=[\w-]{32}; Path=/; Max-Age=1200; HttpOnly; SameSite=Lax; Secure", kept["signin"])
    assert "next" not in kept      # nothing asked for: nothing kept


@pytest.mark.parametrize("wanted", [WANTED, "/organiser", "/organiser?done=saved", "/checkin/circulaire-economie-2026-12-09"])
def test_after_signing_in_the_organiser_lands_on_the_page_asked_for(client, org_event, ses, wanted):
    asked = _ask_link(client, wanted)
    path = login_link(ses, MEMBER)
    page = client.http.get(path, headers={"Cookie": _jar(asked)})
    assert page.status_code == 200
    body = page.body.decode()
    assert f'name="next" value="{wanted.replace("&", "&amp;")}"' in body
    # the same browser: one button, no address to check
    assert MEMBER not in body
    # the kept page is used once: the browser forgets it at once
    assert _cookies(page)["next"] == "next=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure"
    signed_in = client.http.post(path, body=urlencode({"next": wanted}), headers=FORM)
    assert signed_in.status_code == 303
    assert signed_in.headers["Location"].endswith(wanted)


def test_the_link_opened_in_another_browser_names_the_address(client, org_event, ses):
    _ask_link(client, WANTED)
    page = client.http.get(login_link(ses, MEMBER))
    body = page.body.decode()
    assert MEMBER in body and 'name="next"' not in body and "Set-Cookie" not in page.headers


@pytest.mark.parametrize("path", [
    "/organiser/" + "x" * 489,          # 500 characters: the longest kept
    "/organiser",
    "/organiser?next=1&lang=en",
    "/organiser/events/a-b!c",          # "!" is the first printable character after the space
    "/checkin/circulaire-economie-2026-12-09",
])
def test_a_page_of_our_own_is_returned_to(path):
    assert sessions.safe_next(path) == path


@pytest.mark.parametrize("path", [
    None, 42, "",
    "/organiser/" + "x" * 490,          # 501 characters
    "/organiser/événement",             # not ASCII
    "/organiser/a b",                   # a space
    "/organiser/a\tb",
    "/organiser\\..\\evil",
    "/organiser\\evil",
    "/organiser//evil.example",
    "/organiser/../events",
    "/organiser/..",
    "https:/organiser/x",               # a scheme, though the path is ours
    "javascript:/organiser/x",
    "/organiser/x#https://evil.example",
    "/organiser/x#top",                 # a fragment
    "/organiser/a\\b",                  # a backslash, which some browsers read as a slash
    "/organiser/%2e%2e/x",
    "/organisers",                      # not one of our pages, though it starts alike
    "/checkin",
    "/events/circulaire-economie-2026-12-09/form",
    "https://evil.example/organiser",
])
def test_anything_else_is_never_followed(path):
    assert sessions.safe_next(path) is None


@pytest.mark.parametrize("path", ["https://evil.example/organiser", "/organiser/../../evil", "/organiser/a b"])
def test_a_page_elsewhere_is_neither_kept_nor_followed(client, org_event, ses, path):
    """A sign-in page with a forged ``next``: no cookie keeps it, and signing in ends on the event list."""
    asked = _ask_link(client, path)
    assert "next" not in _cookies(asked)
    link = login_link(ses, MEMBER)
    signed_in = client.http.post(link, body=urlencode({"next": path}), headers=FORM)
    assert signed_in.headers["Location"].endswith("/organiser")


def test_a_forged_next_cookie_is_not_followed(client, org_event, ses):
    asked = _ask_link(client)
    page = client.http.get(login_link(ses, MEMBER),
                           headers={"Cookie": _jar(asked) + "; next=" + quote("https://evil.example/organiser", safe="")})
    assert 'name="next"' not in page.body.decode() and "Set-Cookie" not in page.headers


def test_the_session_cookie_lives_twelve_hours(client, org_event, ses):
    _ask_link(client)
    answer = client.http.post(login_link(ses, MEMBER), body="", headers=FORM)
    cookie = answer.headers["Set-Cookie"]
    assert re.fullmatch(r"__Host-sid=[\w-]{43}; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure", cookie)


def test_a_form_opened_before_a_deploy_still_saves_after_it(env):
    """The CSRF token is derived, not stored: a page an organiser opened under the previous version
    carries the token of this session and secret, and the next version must accept the same one."""
    from test_organiser_guards import SID, Request
    opened_before = "hZNbTWP_I8ekmvj4pCYusxKezyMZGCFc4HPuXii8Ess"     # pinned: what this version gives
    assert sessions.csrf_valid(Request(), SID, opened_before)


@pytest.mark.parametrize("origin", ["https://signup.testX", "https://signup.test.X", "https://signup.tes"])
def test_a_host_that_only_looks_like_ours_is_foreign(env, origin):
    from test_organiser_guards import Request
    assert sessions.foreign_origin(Request(headers={"Origin": origin}))
