"""The organiser's guards one by one, without a browser: the session cookie, the CSRF token and
its Origin check, which methods need the token, the session's expiry on a fixed clock, and
organisation isolation (test_organisers.py walks the same guards through the HTTP pages)."""
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

import pytest

from conftest import DEMO_ORG
from chalicelib import organising, store
from chalicelib.errors import EventNotFound, NotFound
from chalicelib.http import HttpError, access, sessions

MEMBER = DEMO_ORG["members"][0]["email"]
SID = "s" * 43
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)
FORM = "application/x-www-form-urlencoded"


class Request:
    """What the guards read of a Chalice request."""

    def __init__(self, method="POST", headers=None, body=b"", cookie=SID):
        self.method = method
        self.headers = {k.lower(): v for k, v in (headers or {}).items()}
        if cookie:
            self.headers["cookie"] = f"theme=dark; {sessions.cookie_name()}={cookie}"
        self.raw_body = body
        self.session_id = None


@pytest.fixture
def session(table):
    """A live session of the demo organisation's member until NOW + 1 hour."""
    store.organisations.put_session(organising.digest(SID), MEMBER, int((NOW + timedelta(hours=1)).timestamp()), NOW)
    return SID


# ---------------------------------------------------------------- the cookie and the token

@pytest.mark.parametrize("header, sid", [("", None), ("theme=dark", None), ('sid="unterminated', None),
                                         (f"theme=dark; sid={SID}", SID), (f"sid={SID}", SID),
                                         (f"__Host-sid={SID}", None)])
def test_the_session_id_is_the_sid_cookie_only_over_http(header, sid, env):
    env.setenv("PUBLIC_BASE_URL", "http://localhost:8000")
    from chalicelib import config
    config.settings.cache_clear()
    assert sessions.session_id(Request(headers={"Cookie": header} if header else {}, cookie=None)) == sid


@pytest.mark.parametrize("header, sid", [(f"sid={SID}", None), (f"theme=dark; __Host-sid={SID}", SID),
                                         (f"__Host-sid={SID}", SID)])
def test_over_https_the_session_id_is_the_host_cookie_only(header, sid, env):
    """Issue 25 item 10: a cookie that a sibling host could set (``sid``) is not read over https."""
    assert sessions.session_id(Request(headers={"Cookie": header}, cookie=None)) == sid


def test_over_https_the_cookie_is_host_prefixed_secure_and_for_the_whole_site(env):
    assert sessions.set_cookie("x") == "__Host-sid=x; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure"
    assert sessions.clear_cookie() == "__Host-sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure"


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


def test_the_token_is_compared_in_constant_time(env, digest_comparisons):
    token = sessions.csrf_token(SID)
    assert sessions.csrf_valid(Request(), SID, token) is True
    assert sessions.csrf_valid(Request(), SID, "forged") is False
    assert digest_comparisons == [(token.encode(), token.encode()), (b"forged", token.encode())]


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
    assert principal.may("events", "any-event")


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
    monkeypatch.setattr(store.organisations, "get_session", lambda digest, now: looked_up.append(digest) or MEMBER)
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


# ---------------------------------------------------------------- sign-in on a fixed clock

def _mail_link(address, now, monkeypatch):
    """The mail worker's half of a sign-in: the link's token, or the outcome when no mail goes out."""
    from chalicelib import emails
    built = []

    def build_notice(kind, to, locale, values, now):
        assert values["minutes"] * 60 == organising.LOGIN_TTL.total_seconds()      # the mail says how long
        built.append(values["link"].rsplit("/", 1)[1].split("?")[0])     # the link keeps ?lang=
    monkeypatch.setattr(emails, "build_notice", build_notice)

    def send(build):
        build()
        return "sent", None
    outcome = organising.mail_sign_in_link(address, "nl", now, send)
    return built[0] if built else outcome


def test_a_sign_in_link_lives_15_minutes_and_a_session_12_hours(table, monkeypatch):
    token = _mail_link(MEMBER, NOW, monkeypatch)
    organising.check_sign_in_link(token, NOW + timedelta(minutes=14, seconds=59))
    with pytest.raises(organising.InvalidToken):
        organising.check_sign_in_link(token, NOW + timedelta(minutes=15))
    with pytest.raises(organising.InvalidToken):
        organising.sign_in(token, NOW + timedelta(minutes=15))
    sid = organising.sign_in(token, NOW + timedelta(minutes=14))
    with pytest.raises(organising.InvalidToken):       # once only
        organising.sign_in(token, NOW + timedelta(minutes=14))
    started = NOW + timedelta(minutes=14)
    assert organising.member(sid, started + timedelta(hours=12) - timedelta(seconds=1)).email == MEMBER
    assert organising.member(sid, started + timedelta(hours=12)) is None
    organising.sign_out(organising.digest(sid))
    assert organising.member(sid, started) is None


def test_a_stranger_gets_no_link_and_a_removed_member_no_session(table, monkeypatch):
    assert _mail_link("vreemde@elders.example", NOW, monkeypatch) == "not_member"
    token = _mail_link(MEMBER, NOW, monkeypatch)
    store.organisations.put_organisation(DEMO_ORG["id"], DEMO_ORG["name"], [], NOW)
    with pytest.raises(organising.InvalidToken):
        organising.sign_in(token, NOW)
    looked_up = []
    monkeypatch.setattr(store.organisations, "get_login",
                        lambda digest, now: looked_up.append(digest) or {"email": MEMBER})
    for implausible in ("x" * 19, "x" * 101):
        with pytest.raises(organising.InvalidToken):
            organising.check_sign_in_link(implausible, NOW)
    organising.check_sign_in_link("x" * 20, NOW)
    assert looked_up == [organising.digest("x" * 20)]      # junk is refused without a read


ASKED = {"locale": "nl", "browser": "n" * 32}     # as the sign-in page asks: its language, the browser's nonce


def test_too_many_attempts_wait_until_the_hour_is_over(table):
    at = NOW + timedelta(minutes=20, seconds=5)
    for n in range(15):     # LOGIN_MAILS_PER_HOUR=5: three times as many attempts per client
        organising.request_sign_in(f"x{n}@elders.example", client_key="198.51.100.7", now=at, **ASKED)
    with pytest.raises(organising.RateLimited) as limited:
        organising.request_sign_in("x@elders.example", client_key="198.51.100.7", now=at, **ASKED)
    assert limited.value.retry_after == 39 * 60 + 55
    organising.request_sign_in("x@elders.example", client_key="198.51.100.7", now=NOW + timedelta(hours=1), **ASKED)
    organising.request_sign_in("x@elders.example", client_key="203.0.113.9", now=at, **ASKED)    # another client


def test_a_sign_in_request_is_kept_only_as_long_as_its_link_would_live(table):
    from chalicelib import aws
    organising.request_sign_in(" Marieke@DuurzaamDoor.example ", client_key="198.51.100.7", now=NOW, locale="en",
                               browser="n" * 32)
    items = [i for i in aws.dynamodb().scan(TableName=aws.table_name())["Items"] if i["PK"]["S"].startswith("LOGINREQ#")]
    assert len(items) == 1
    request = store.table.from_item(items[0])
    assert request["email"] == "marieke@duurzaamdoor.example" and request["locale"] == "en"
    # the address waits for the mail worker no longer than a link is valid (15 minutes), then TTL removes it
    assert request["expires_at"] == int((NOW + organising.LOGIN_TTL).timestamp()) == int(NOW.timestamp()) + 900


# ---------------------------------------------------------------- organisations and isolation

def test_an_organisation_name_and_member_list_have_limits():
    ok = organising.validate_organisation({"name": " " + "n" * 200 + " ", "members": [
        f"lid{i}@duurzaamdoor.example" for i in range(200)]})
    assert len(ok["name"]) == 200 and len(ok["members"]) == 200
    assert organising.validate_organisation({"name": "X"}) == {"name": "X", "members": []}     # one letter will do
    bad = [({"name": "n" * 201}, "name"), ({"name": "  "}, "name"), ({"name": 7}, "name"), ({}, "name"),
           ({"name": "n", "members": "a@b.example"}, "members"),
           ({"name": "n", "members": [f"l{i}@d.example" for i in range(201)]}, "members"),
           ({"name": "n", "members": [7]}, "members[0]"), ({"name": "n", "members": ["geen-adres"]}, "members[0]")]
    for body, field in bad:
        with pytest.raises(organising.ValidationFailed) as refused:
            organising.validate_organisation(body)
        assert field in refused.value.fields, body
    with pytest.raises(organising.ValidationFailed):
        organising.validate_organisation(["not", "a", "dict"])


def test_member_addresses_are_normalised_once():
    cleaned = organising.validate_organisation({"name": "Org", "members": [
        "A@X.example", " a@x.example", "b@x.example"]})
    assert cleaned == {"name": "Org", "members": [{"email": "a@x.example", "role": "organisator"},
                                                  {"email": "b@x.example", "role": "organisator"}]}


def test_an_organisation_id_must_be_a_slug(table):
    with pytest.raises(organising.ValidationFailed):
        organising.put_organisation("Geen Slug!", {"name": "Org"}, NOW)
    with pytest.raises(NotFound):
        organising.organisation("Geen Slug!")
    with pytest.raises(NotFound):
        organising.organisation("onbekend")
    assert organising.organisation(DEMO_ORG["id"])["name"] == DEMO_ORG["name"]


def test_a_member_may_act_only_on_events_of_their_own_organisation(table):
    from conftest import DEMO_EVENT
    organising.put_organisation("elders", {"name": "Elders", "members": ["jan@elders.example"]}, NOW)
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    marieke, jan = organising.Member(MEMBER, "h"), organising.Member("jan@elders.example", "h")
    assert organising.save_event(DEMO_EVENT["id"], body, NOW, caller=marieke) is True
    assert marieke.may("export", DEMO_EVENT["id"]) and not jan.may("export", DEMO_EVENT["id"])
    assert not marieke.may("export", "Geen Slug!") and not marieke.may("export", "onbekend")
    assert organising.event_exists(DEMO_EVENT["id"]) and not organising.event_exists("onbekend")
    assert not organising.event_exists("Geen Slug!")
    for caller, org in ((jan, DEMO_ORG["id"]), (marieke, "elders"), (marieke, None)):
        placed = {**body, "organisation_id": org} if org else {k: v for k, v in body.items() if k != "organisation_id"}
        with pytest.raises(organising.ValidationFailed) as refused:
            organising.save_event("ander-event", placed, NOW, caller=caller)
        assert refused.value.fields == {"organisation_id": "invalid"}
    with pytest.raises(organising.ValidationFailed) as unknown:
        organising.save_event("ander-event", {**body, "organisation_id": "bestaat-niet"}, NOW)
    assert unknown.value.fields == {"organisation_id": "unknown_organisation"}
    assert organising.save_event("ander-event", {**body, "organisation_id": "elders"}, NOW) is True    # an admin
    assert jan.may("export", "ander-event") and not marieke.may("export", "ander-event")
    with pytest.raises(organising.ValidationFailed):
        organising.patch_event("ander-event", {"organisation_id": DEMO_ORG["id"]}, NOW, caller=jan)
    with pytest.raises(organising.ValidationFailed):
        organising.patch_event("ander-event", ["capacity"], NOW, caller=jan)
    organising.patch_event("ander-event", {"capacity": 7}, NOW, caller=jan)
    assert organising.definition("ander-event")["capacity"] == 7
    with pytest.raises(EventNotFound):
        organising.definition("Geen Slug!")
    [overview] = organising.overview("jan@elders.example")
    assert (overview["id"], overview["name"], [e.id for e in overview["events"]]) == ("elders", "Elders", ["ander-event"])


def test_an_event_without_organisation_belongs_to_no_member(table):
    """Not even to a member of an organisation whose id is spelled "None"."""
    from conftest import DEMO_EVENT
    organising.put_organisation("None", {"name": "None", "members": ["jan@elders.example"]}, NOW)
    body = {k: v for k, v in DEMO_EVENT.items() if k not in ("id", "organisation_id")}
    organising.save_event("zonder-organisatie", body, NOW)
    assert organising.definition("zonder-organisatie").get("organisation_id") is None
    jan = organising.Member("jan@elders.example", "h")
    assert not jan.may("export", "zonder-organisatie")
    with pytest.raises(organising.ValidationFailed) as refused:     # nor may such a member place one
        organising.save_event("nog-een", body, NOW, caller=jan)
    assert refused.value.fields == {"organisation_id": "invalid"}


def test_an_id_longer_than_a_key_is_unknown_not_an_error(table):
    too_long = "x" * 2100            # a DynamoDB key holds at most 2048 bytes
    assert organising.event_exists(too_long) is False
    with pytest.raises(EventNotFound):
        organising.definition(too_long)
    with pytest.raises(NotFound):
        organising.organisation(too_long)
    assert not organising.Member(MEMBER, "h").may("export", too_long)
