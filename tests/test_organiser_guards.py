"""The organiser's guards one by one, without a browser: the session cookie, the CSRF token and
its Origin check, which methods need the token, the session's expiry on a fixed clock, and
organisation isolation (test_organisers.py walks the same guards through the HTTP pages)."""
import hmac
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

import pytest

from conftest import DEMO_ORG
from chalicelib import organising, store
from chalicelib.http import HttpError, access, sessions

MEMBER = DEMO_ORG["members"][0]
SID = "s" * 43
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)
FORM = "application/x-www-form-urlencoded"


class Request:
    """What the guards read of a Chalice request."""

    def __init__(self, method="POST", headers=None, body=b"", cookie=SID):
        self.method = method
        self.headers = {k.lower(): v for k, v in (headers or {}).items()}
        if cookie:
            self.headers["cookie"] = f"theme=dark; {sessions.COOKIE}={cookie}"
        self.raw_body = body
        self.session_id = None


@pytest.fixture
def session(table):
    """A live session of the demo organisation's member until NOW + 1 hour."""
    store.put_session(organising.digest(SID), MEMBER, int((NOW + timedelta(hours=1)).timestamp()), NOW)
    return SID


# ---------------------------------------------------------------- the cookie and the token

@pytest.mark.parametrize("header, sid", [("", None), ("theme=dark", None), ('sid="unterminated', None),
                                         (f"theme=dark; sid={SID}", SID), (f"sid={SID}", SID)])
def test_the_session_id_is_the_sid_cookie_only(header, sid):
    assert sessions.session_id(Request(headers={"Cookie": header} if header else {}, cookie=None)) == sid


def test_the_cookie_is_secure_only_over_https(env):
    env.setenv("PUBLIC_BASE_URL", "http://localhost:8000")
    from chalicelib import config
    config.settings.cache_clear()
    assert sessions.set_cookie("x") == "sid=x; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax"
    assert sessions.clear_cookie() == "sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"


def test_the_csrf_token_differs_per_session_and_per_secret(env):
    from chalicelib import config, tokens
    first, second = sessions.csrf_token(SID), sessions.csrf_token("t" * 43)
    assert first != second and first == sessions.csrf_token(SID) and len(first) == 43
    env.setenv("TOKEN_SECRET", "another-secret-0123456789")
    config.settings.cache_clear()
    tokens.keys.cache_clear()
    assert sessions.csrf_token(SID) != first


@pytest.mark.parametrize("origin, ok", [
    (None, True), ("https://signup.test", True), ("https://SIGNUP.test/", True), ("null", True),
    ("https://evil.example", False), ("https://signup.test.evil.example", False), ("http://signup.test", False)])
def test_the_origin_when_sent_must_be_ours(env, origin, ok):
    headers = {"Origin": origin} if origin else {}
    assert sessions.csrf_valid(Request(headers=headers), SID, sessions.csrf_token(SID)) is ok


@pytest.mark.parametrize("submitted", [None, ["x"], "", "forged", "s" * 43])
def test_a_missing_or_wrong_token_is_refused_without_an_error(env, submitted):
    assert sessions.csrf_valid(Request(), SID, submitted) is False


def test_the_token_is_compared_in_constant_time(env, monkeypatch):
    calls = []

    def compare_digest(a, b):
        calls.append((a, b))
        return a == b
    monkeypatch.setattr(hmac, "compare_digest", compare_digest)
    token = sessions.csrf_token(SID)
    assert sessions.csrf_valid(Request(), SID, token) is True
    assert sessions.csrf_valid(Request(), SID, "forged") is False
    assert calls == [(token.encode(), token.encode()), (b"forged", token.encode())]


# ---------------------------------------------------------------- which requests need the token

@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_reading_needs_no_token(session, method):
    member = access.caller_of(Request(method=method), NOW)
    assert member.email == MEMBER


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_every_change_needs_the_token(session, method):
    with pytest.raises(HttpError) as refused:
        access.caller_of(Request(method=method, headers={"Content-Type": "application/json"}), NOW)
    assert refused.value.code == "forbidden"
    ok = access.caller_of(Request(method=method, headers={"X-CSRF-Token": sessions.csrf_token(SID)}), NOW)
    assert ok.email == MEMBER


def test_a_post_without_token_and_without_content_type_is_403(session):
    with pytest.raises(HttpError) as refused:
        access.caller_of(Request(), NOW)
    assert refused.value.code == "forbidden"


def test_the_form_field_counts_only_in_a_form_and_the_header_comes_first(session):
    token = sessions.csrf_token(SID)
    form = urlencode({"csrf": token}).encode()
    assert access.caller_of(Request(headers={"Content-Type": FORM}, body=form), NOW).email == MEMBER
    with pytest.raises(HttpError):      # the same body as JSON carries no token
        access.caller_of(Request(headers={"Content-Type": "application/json"}, body=b'{"csrf": "%s"}' % token.encode()), NOW)
    forged = urlencode({"csrf": "forged"}).encode()
    header_first = Request(headers={"Content-Type": FORM, "X-CSRF-Token": token}, body=forged)
    assert access.caller_of(header_first, NOW).email == MEMBER


def test_a_bearer_header_is_checked_and_never_falls_back_to_the_session(session):
    from chalicelib import auth
    assert access.caller_of(Request(method="GET", headers={"Authorization": "Bearer nonsense"}), NOW) is None
    principal = access.caller_of(Request(method="POST", headers={"Authorization": f"Bearer {auth.mint('admin', '*')[1]}"}), NOW)
    assert principal.may("anything", "any-event")


# ---------------------------------------------------------------- the session on a fixed clock

def test_the_session_ends_at_its_expiry(session):
    request = Request(method="GET")
    assert access.signed_in(request, NOW + timedelta(minutes=59)).email == MEMBER
    assert request.session_id == SID
    late = Request(method="GET")
    assert access.signed_in(late, NOW + timedelta(hours=1)) is None
    assert late.session_id is None
    assert access.signed_in(Request(method="GET", cookie=None), NOW) is None


def test_a_session_id_of_implausible_length_is_not_looked_up(table, monkeypatch):
    looked_up = []
    monkeypatch.setattr(store, "get_session", lambda digest, now: looked_up.append(digest) or MEMBER)
    for sid in (None, 42, "x" * 19, "x" * 101):
        assert organising.member(sid, NOW) is None
    assert [organising.member(sid, NOW).email for sid in ("x" * 20, "x" * 100)] == [MEMBER, MEMBER]
    assert len(looked_up) == 2


def test_require_is_401_without_a_caller_and_403_without_the_right(session):
    with pytest.raises(HttpError) as anonymous:
        access.require(Request(method="GET", cookie=None), "export", "any-event", now=NOW)
    assert anonymous.value.code == "unauthorized"
    with pytest.raises(HttpError) as stranger:
        access.require(Request(method="GET"), "export", "no-such-event", now=NOW)
    assert stranger.value.code == "forbidden"
