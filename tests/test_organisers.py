"""Organisations, sign-in by a mailed link, sessions, CSRF, and the definition endpoints (issue 9)."""
import json
import re
from datetime import datetime, timedelta, timezone
from email import message_from_string, policy
from urllib.parse import urlencode

import pytest

from aws_faults import faults  # noqa: F401 - the fixture
from conftest import AWS_CALLS, DEMO_EVENT, bearer, make_event, person, send_sign_in_links, signup

EID = DEMO_EVENT["id"]
TITLE = DEMO_EVENT["title"]["nl"] if isinstance(DEMO_EVENT["title"], dict) else DEMO_EVENT["title"]
ORG = "duurzaamdoor"
MEMBER = "marieke@duurzaamdoor.example"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def ses(table):
    from moto.ses.models import ses_backends
    return ses_backends["123456789012"]["eu-west-1"]


def put_org(client, token, org_id=ORG, members=(MEMBER,), name="DuurzaamDoor"):
    return client.http.put(f"/organisations/{org_id}", body=json.dumps({"name": name, "members": list(members)}),
                           headers={**bearer(token), "Content-Type": "application/json"})


@pytest.fixture
def org_event(client, admin_token):
    assert put_org(client, admin_token).status_code == 200      # conftest seeds the demo organisation
    return make_event(client, admin_token)


def login_link(ses, address):
    """The sign-in link of the newest mail to ``address``, once the mail worker has run."""
    send_sign_in_links()
    raw = [m.raw_data for m in ses.sent_messages if address in m.destinations][-1]
    # decoded as a mail client does: a line longer than 76 characters travels quoted-printable
    text = message_from_string(raw, policy=policy.default).get_body(("plain",)).get_content()
    return re.search(r"https://signup\.test(/organiser/login/[A-Za-z0-9_-]+)", text).group(1)


def sign_in(client, ses, address=MEMBER):
    """Sign in through the mail, as a person would; returns the cookie header."""
    assert client.http.post("/organiser/login", body=urlencode({"email": address}), headers=FORM).status_code == 200
    path = login_link(ses, address)
    assert client.http.get(path).status_code == 200
    answer = client.http.post(path, body="", headers=FORM)
    assert answer.status_code == 303
    return answer.headers["Set-Cookie"].split(";")[0]


def csrf_of(client, cookie):
    page = client.http.get("/organiser", headers={"Cookie": cookie}).body.decode()
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


# ---------------------------------------------------------------- organisations (admin API)

def test_organisation_put_then_get(client, admin_token):
    org = "gemeente-utrecht"
    members = ["Marieke@DuurzaamDoor.example", MEMBER]
    assert put_org(client, admin_token, org_id=org, members=members).status_code == 201
    assert put_org(client, admin_token, org_id=org, name="Gemeente Utrecht").status_code == 200
    got = client.http.get(f"/organisations/{org}", headers=bearer(admin_token))
    assert json.loads(got.body) == {"id": org, "name": "Gemeente Utrecht",
                                    "members": [{"email": MEMBER, "role": "organisator"}]}     # a plain address


def test_organisation_needs_admin_on_all_events(client, admin_token, export_token):
    assert put_org(client, export_token).status_code == 403
    assert client.http.put(f"/organisations/{ORG}", body="{}").status_code == 401


def test_organisation_members_must_be_addresses(client, admin_token):
    answer = put_org(client, admin_token, members=["not an address"])
    assert answer.status_code == 400
    assert list(json.loads(answer.body)["fields"]) == ["members[0]"]


def test_event_of_an_unknown_organisation_is_refused(client, admin_token):
    body = {**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, "organisation_id": "nobody"}
    answer = client.http.put(f"/events/{EID}", body=json.dumps(body),
                             headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert answer.status_code == 400
    assert "organisation_id" in json.loads(answer.body)["fields"]


# ---------------------------------------------------------------- sign-in

def test_the_same_answer_and_the_same_work_for_members_and_strangers(client, org_event, ses):
    """Neither the answer nor the request's work (so neither its timing) tells who is a member:
    the request only queues; the mail worker decides and mails."""
    def ask(address):
        first = len(AWS_CALLS)
        answer = client.http.post("/organiser/login", body=urlencode({"email": address}), headers=FORM)
        return answer, [(call[0], call[1], sorted(call[2])) for call in AWS_CALLS[first:]]
    (member, member_work), (stranger, stranger_work) = ask(MEMBER), ask("iemand@elders.example")

    assert member.status_code == stranger.status_code == 200
    assert member.body.replace(MEMBER.encode(), b"X") == stranger.body.replace(b"iemand@elders.example", b"X")
    assert member_work == stranger_work and ("ses", "SendEmail") not in {c[:2] for c in member_work}
    assert ses.sent_messages == []
    assert sorted(outcome for _, _, outcome in send_sign_in_links()) == ["mailed", "not_member"]
    assert [set(m.destinations) for m in ses.sent_messages] == [{MEMBER}]   # moto lists To and Destination
    assert [outcome for _, _, outcome in send_sign_in_links()] == ["duplicate", "duplicate"]   # redelivered
    assert len(ses.sent_messages) == 1


def test_a_link_signs_in_once(client, org_event, ses):
    client.http.post("/organiser/login", body=urlencode({"email": MEMBER}), headers=FORM)
    path = login_link(ses, MEMBER)
    page = client.http.get(path)
    assert page.status_code == 200 and "Set-Cookie" not in page.headers     # a prefetching scanner signs nobody in
    first = client.http.post(path, body="", headers=FORM)
    assert first.status_code == 303
    assert first.headers["Location"] == "https://signup.test/organiser"
    assert client.http.post(path, body="", headers=FORM).status_code == 404
    assert client.http.get(path).status_code == 404


def test_tampered_link_is_404(client, org_event):
    answer = client.http.get("/organiser/login/" + "x" * 43)
    assert answer.status_code == 404
    assert answer.headers["Content-Type"].startswith("text/html")


def test_a_link_asked_for_in_english_opens_english_pages(client, org_event, ses):
    """Issue 22's walk: the sign-in link keeps the language it was asked for in, whatever the browser says."""
    assert client.http.post("/organiser/login?lang=en", body=urlencode({"email": MEMBER}), headers=FORM).status_code == 200
    send_sign_in_links()
    raw = [m.raw_data for m in ses.sent_messages if MEMBER in m.destinations][-1]
    text = message_from_string(raw, policy=policy.default).get_body(("plain",)).get_content()
    path = re.search(r"https://signup\.test(/organiser/login/[\w-]+\?lang=en)\b", text).group(1)
    page = client.http.get(path, headers={"Accept-Language": "nl-NL"})
    assert '<html lang="en">' in page.body.decode() and ">Sign in</button>" in page.body.decode()
    answer = client.http.post(path, body="", headers={**FORM, "Accept-Language": "nl-NL"})
    assert answer.headers["Location"] == "https://signup.test/organiser?lang=en"


def test_an_expired_link_does_not_sign_in(client, org_event, ses):
    from chalicelib import organising
    from chalicelib.errors import InvalidToken
    client.http.post("/organiser/login", body=urlencode({"email": MEMBER}), headers=FORM)
    token = login_link(ses, MEMBER).rsplit("/", 1)[1]
    later = datetime.now(timezone.utc) + timedelta(minutes=16)
    with pytest.raises(InvalidToken):
        organising.check_sign_in_link(token, later)
    with pytest.raises(InvalidToken):
        organising.sign_in(token, later)


def test_the_link_is_stored_only_as_a_hash(client, org_event, ses):
    import boto3
    client.http.post("/organiser/login", body=urlencode({"email": MEMBER}), headers=FORM)
    token = login_link(ses, MEMBER).rsplit("/", 1)[1]
    items = boto3.client("dynamodb").scan(TableName="signups-test")["Items"]
    assert token not in json.dumps(items)
    assert any(i["PK"]["S"].startswith("LOGIN#") for i in items)


def test_session_cookie_flags(client, org_event, ses):
    client.http.post("/organiser/login", body=urlencode({"email": MEMBER}), headers=FORM)
    cookie = client.http.post(login_link(ses, MEMBER), body="", headers=FORM).headers["Set-Cookie"]
    flags = [part.strip() for part in cookie.split(";")]
    assert flags[0].startswith("__Host-sid=") and len(flags[0]) > 48     # issue 25 item 10: over https
    assert {"HttpOnly", "SameSite=Lax", "Secure", "Path=/", "Max-Age=43200"} == set(flags[1:])


def test_a_sign_in_mail_that_ses_refuses_now_goes_out_once_after(client, org_event, ses, faults):
    """SES throttling (after emails.send's own retries): the worker puts the request back and
    raises for Lambda to retry the batch; the retry mails one link, and a redelivery none."""
    from chalicelib.outbox import RetryBatch
    client.http.post("/organiser/login", body=urlencode({"email": MEMBER}), headers=FORM)
    faults.fail("throttled", service="sesv2")
    with pytest.raises(RetryBatch):
        send_sign_in_links()
    faults.stop()
    assert ses.sent_messages == []

    assert sorted(outcome for _, _, outcome in send_sign_in_links()) == ["duplicate", "mailed"]
    assert send_sign_in_links() and len(ses.sent_messages) == 1
    assert client.http.get(login_link(ses, MEMBER)).status_code == 200


def test_login_mails_per_address_are_limited(client, org_event, ses, env):
    for _ in range(7):
        assert client.http.post("/organiser/login", body=urlencode({"email": MEMBER}), headers=FORM).status_code == 200
    assert sorted(outcome for _, _, outcome in send_sign_in_links()) == ["limited"] * 2 + ["mailed"] * 5
    assert len(ses.sent_messages) == 5


def test_login_attempts_per_client_are_limited(client, org_event):
    answers = [client.http.post("/organiser/login", body=urlencode({"email": f"x{n}@elders.example"}),
                                headers=FORM).status_code for n in range(16)]
    assert answers == [200] * 15 + [429]


def test_a_bad_address_is_named(client, org_event):
    answer = client.http.post("/organiser/login", body=urlencode({"email": "marieke"}), headers=FORM)
    assert answer.status_code == 400
    assert "Vul je e-mailadres in, bijvoorbeeld naam@gemeente.nl." in answer.body.decode()


# ---------------------------------------------------------------- sessions and access

def test_a_member_sees_and_downloads_their_events(client, org_event, ses):
    cookie = sign_in(client, ses)
    signup(client, EID, **person(1))
    page = client.http.get("/organiser", headers={"Cookie": cookie})
    assert page.status_code == 200 and TITLE in page.body.decode()
    assert page.headers["Cache-Control"] == "no-store"
    export = client.http.get(f"/events/{EID}/registrations?format=csv", headers={"Cookie": cookie})
    assert export.status_code == 200
    assert "deelnemer1@gemeente.example" in export.body.decode("utf-8-sig")


def test_a_member_of_another_organisation_gets_nothing(client, admin_token, org_event, ses):
    other = "jan@elders.example"
    assert put_org(client, admin_token, org_id="elders", members=[other], name="Elders").status_code == 201
    cookie = sign_in(client, ses, other)
    page = client.http.get("/organiser", headers={"Cookie": cookie}).body.decode()
    assert TITLE not in page
    assert client.http.get(f"/events/{EID}/registrations", headers={"Cookie": cookie}).status_code == 403
    csrf = csrf_of(client, cookie)
    patch = client.http.patch(f"/events/{EID}", body=json.dumps({"capacity": 1}),
                              headers={"Cookie": cookie, "Content-Type": "application/json", "X-CSRF-Token": csrf})
    assert patch.status_code == 403


def test_without_a_session_the_export_link_is_401(client, org_event):
    assert client.http.get(f"/events/{EID}/registrations").status_code == 401


def test_a_post_without_csrf_token_is_403_and_changes_nothing(client, admin_token, org_event, ses):
    cookie = sign_in(client, ses)
    patch = client.http.patch(f"/events/{EID}", body=json.dumps({"capacity": 1}),
                              headers={"Cookie": cookie, "Content-Type": "application/json"})
    assert patch.status_code == 403
    assert json.loads(client.http.get(f"/events/{EID}").body)["capacity"] == DEMO_EVENT["capacity"]
    logout = client.http.post("/organiser/logout", body=urlencode({"csrf": "forged"}), headers={**FORM, "Cookie": cookie})
    assert logout.status_code == 403
    assert client.http.get(f"/events/{EID}/registrations", headers={"Cookie": cookie}).status_code == 200


def test_a_post_from_another_origin_is_403(client, org_event, ses):
    cookie = sign_in(client, ses)
    csrf = csrf_of(client, cookie)
    answer = client.http.post("/organiser/logout", body=urlencode({"csrf": csrf}),
                              headers={**FORM, "Cookie": cookie, "Origin": "https://evil.example"})
    assert answer.status_code == 403


def test_logout_ends_the_session(client, org_event, ses):
    cookie = sign_in(client, ses)
    answer = client.http.post("/organiser/logout", body=urlencode({"csrf": csrf_of(client, cookie)}),
                              headers={**FORM, "Cookie": cookie})
    assert answer.status_code == 303
    assert "Max-Age=0" in answer.headers["Set-Cookie"]
    assert client.http.get(f"/events/{EID}/registrations", headers={"Cookie": cookie}).status_code == 401
    assert 'name="email"' in client.http.get("/organiser", headers={"Cookie": cookie}).body.decode()


def test_removing_a_member_ends_their_access(client, admin_token, org_event, ses):
    cookie = sign_in(client, ses)
    assert client.http.get(f"/events/{EID}/registrations", headers={"Cookie": cookie}).status_code == 200
    assert put_org(client, admin_token, members=["iemand-anders@duurzaamdoor.example"]).status_code == 200
    assert client.http.get(f"/events/{EID}/registrations", headers={"Cookie": cookie}).status_code == 403
    assert TITLE not in client.http.get("/organiser", headers={"Cookie": cookie}).body.decode()


def test_a_removed_member_cannot_use_an_old_link(client, admin_token, org_event, ses):
    client.http.post("/organiser/login", body=urlencode({"email": MEMBER}), headers=FORM)
    path = login_link(ses, MEMBER)
    put_org(client, admin_token, members=[])
    assert client.http.post(path, body="", headers=FORM).status_code == 404


# ---------------------------------------------------------------- definition, PUT and PATCH

def test_get_definition_then_put_changes_nothing(client, admin_token, org_event):
    headers = {**bearer(admin_token), "Content-Type": "application/json"}
    before = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    assert before["allowed_redirect_origins"] and before["organiser"] and before["organisation_id"] == ORG
    assert client.http.put(f"/events/{EID}", body=json.dumps(before), headers=headers).status_code == 200
    after = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    assert after == before


def test_patch_changes_only_what_it_names(client, admin_token, org_event):
    headers = {**bearer(admin_token), "Content-Type": "application/merge-patch+json"}
    before = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    answer = client.http.patch(f"/events/{EID}", body=json.dumps({"capacity": 120, "title": {"en": "Circular"}}),
                               headers=headers)
    assert answer.status_code == 200
    after = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    assert after["capacity"] == 120
    assert after["title"] == {**before["title"], "en": "Circular"}
    assert {k: v for k, v in after.items() if k not in ("capacity", "title")} == \
        {k: v for k, v in before.items() if k not in ("capacity", "title")}


def test_patch_null_removes_an_optional_field(client, admin_token, org_event):
    headers = {**bearer(admin_token), "Content-Type": "application/json"}
    assert client.http.patch(f"/events/{EID}", body=json.dumps({"capacity": None}), headers=headers).status_code == 200
    assert json.loads(client.http.get(f"/events/{EID}").body)["capacity"] is None


def test_patch_validates_the_result(client, admin_token, org_event):
    headers = {**bearer(admin_token), "Content-Type": "application/json"}
    answer = client.http.patch(f"/events/{EID}", body=json.dumps({"timezone": "Mars/Olympus"}), headers=headers)
    assert answer.status_code == 400
    assert json.loads(answer.body)["fields"] == {"timezone": "Kies een tijdzone."}


def test_patch_of_an_unknown_event_is_404(client, admin_token):
    answer = client.http.patch("/events/bestaat-niet", body="{}",
                               headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert answer.status_code == 404


def test_practical_info_is_kept(client, admin_token, org_event):
    headers = {**bearer(admin_token), "Content-Type": "application/json"}
    info = {"nl": "Provinciehuis, Archimedeslaan 6, Utrecht.", "en": "Provincial house, Utrecht."}
    client.http.patch(f"/events/{EID}", body=json.dumps({"practical_info": info}), headers=headers)
    got = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    assert got["practical_info"] == info


def test_origin_null_with_a_valid_token_is_accepted(client, org_event, ses):
    """Chromium sends ``Origin: null`` for a form post from a page with Referrer-Policy: no-referrer."""
    cookie = sign_in(client, ses)
    answer = client.http.post("/organiser/logout", body=urlencode({"csrf": csrf_of(client, cookie)}),
                              headers={**FORM, "Cookie": cookie, "Origin": "null"})
    assert answer.status_code == 303
