"""Webhooks (issue 28 item 9): signed as Standard Webhooks says, delivered at least once through
the outbox with retries, no more personal data than chosen, erasure too, and never to an address
that is not public. A real receiver listens on 127.0.0.1 (WEBHOOK_ALLOW_LOCAL, as make dev)."""
import base64
import hashlib
import hmac
import json
import os
import socket
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import DEMO_ORG, bearer, make_event, person, signed_up

ORG = DEMO_ORG["id"]
EID = "webhooks-2027-02-01"
EVERY = ["registration.created", "registration.confirmed", "registration.waitlisted", "registration.promoted",
         "registration.cancelled", "registration.checked_in", "registration.erased"]


# ---------------------------------------------------------------- an independent verifier

def verify(secret: str, headers: dict, body: bytes) -> bool:
    """What a receiver does, written from the specification (not from chalicelib.webhooks)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = headers["webhook-id"].encode() + b"." + headers["webhook-timestamp"].encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(part.split(",", 1)[1] == expected for part in headers["webhook-signature"].split(" "))


def test_the_signature_is_the_specifications_test_vector():
    """The reference vector of the Standard Webhooks specification (and Svix's libraries)."""
    from chalicelib import webhooks
    key = base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    signature = webhooks.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}')
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert webhooks.shown_secret(key) == "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    assert verify("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", {
        "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
        "webhook-signature": signature}, b'{"test": 2432232314}')


# ---------------------------------------------------------------- a receiver on 127.0.0.1

class Receiver:
    """Answers each POST with the next of ``answers`` (then 200) and keeps what it got."""

    def __init__(self, answers=()):
        self.answers, self.got = list(answers), []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.got.append({"headers": {k.lower(): v for k, v in self.headers.items()}, "body": body,
                                     "path": self.path})
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                if status in (301, 302, 307, 308):
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def payloads(self):
        return [json.loads(g["body"]) for g in self.got]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(answers=()):
        made.append(Receiver(answers))
        return made[-1]
    yield make
    for r in made:
        r.close()


def add(client, admin_token, url, events=EVERY, personal_data="none", org=ORG):
    answer = client.http.post(f"/organisations/{org}/webhooks", body=json.dumps(
        {"url": url, "events": events, "personal_data": personal_data}),
        headers={**bearer(admin_token), "Content-Type": "application/json"})
    return answer


def added(client, admin_token, url, **choices):
    answer = add(client, admin_token, url, **choices)
    assert answer.status_code == 201, answer.body
    return json.loads(answer.body)


def pump(now=None):
    """Hand every stream record written so far to the email worker, as the stream does, until it
    writes no more (a delivery item is the next record); the claims skip what was done."""
    from chalicelib import aws, outbox
    from scripts.pump import StreamReader
    arn = aws.dynamodb().describe_table(TableName=aws.table_name())["Table"]["LatestStreamArn"]
    handled, outcomes = 0, []
    while True:
        reader, records = StreamReader(arn), []
        while batch := reader.poll():
            records += batch
        if len(records) == handled:
            return outcomes
        outcomes += outbox.handle(records[handled:], now=now, sleep=lambda seconds: None)
        handled = len(records)


def deliveries(client, admin_token, wid):
    answer = client.http.get(f"/organisations/{ORG}/webhooks/{wid}/deliveries", headers=bearer(admin_token))
    assert answer.status_code == 200, answer.body
    return json.loads(answer.body)["deliveries"]


@pytest.fixture
def event(client, admin_token):
    make_event(client, admin_token, id=EID, organisation_id=ORG, capacity=1)
    return EID


# ---------------------------------------------------------------- delivered, signed, at least once

def test_a_signup_is_delivered_signed_with_the_secret_shown_once(client, admin_token, event, receiver):
    hook = receiver()
    made = added(client, admin_token, hook.url)
    assert made["secret"].startswith("whsec_") and len(base64.b64decode(made["secret"][6:])) == 32
    listed = json.loads(client.http.get(f"/organisations/{ORG}/webhooks", headers=bearer(admin_token)).body)
    assert [w["webhook_id"] for w in listed["webhooks"]] == [made["webhook_id"]]
    assert "secret" not in json.dumps(listed)        # shown once, never again
    rid = signed_up(client, EID, **person(1))
    pump()
    types = [p["type"] for p in hook.payloads()]
    assert types == ["registration.created", "registration.confirmed"]
    for got in hook.got:
        assert verify(made["secret"], got["headers"], got["body"])
        assert got["headers"]["webhook-id"].startswith("msg_") and got["headers"]["webhook-timestamp"].isdigit()
        assert got["headers"]["content-type"] == "application/json"
    assert hook.payloads()[0]["data"] == {"event_id": EID, "registration_id": rid, "status": "confirmed",
                                          "checked_in_at": None}
    log = deliveries(client, admin_token, made["webhook_id"])
    assert sorted((d["event_type"], d["state"], d["attempts"], d["status_code"]) for d in log) == [
        ("registration.confirmed", "delivered", 1, 200), ("registration.created", "delivered", 1, 200)]
    pump()      # the stream delivered again: nothing is sent twice
    assert len(hook.got) == 2


def test_a_receiver_that_fails_twice_gets_it_on_the_third_attempt(client, admin_token, event, receiver):
    from chalicelib import webhooks
    hook = receiver([500, 503])
    wid = added(client, admin_token, hook.url)["webhook_id"]
    answer = client.http.post(f"/organisations/{ORG}/webhooks/{wid}/test", headers=bearer(admin_token))
    assert answer.status_code == 202
    start = datetime.now(timezone.utc)
    pump(start)
    [first] = deliveries(client, admin_token, wid)
    assert (first["state"], first["attempts"], first["status_code"]) == ("retrying", 1, 500)
    assert first["next_attempt_at"] == (start + timedelta(seconds=webhooks.RETRY_AFTER[0])).isoformat(
        timespec="milliseconds")
    assert webhooks.retry_due(start) == 0           # not yet due
    later = start + timedelta(seconds=webhooks.RETRY_AFTER[0])
    assert webhooks.retry_due(later) == 1
    pump(later)
    assert [(d["state"], d["attempts"], d["status_code"]) for d in deliveries(client, admin_token, wid)] == [
        ("retrying", 2, 503)]
    pump(later)     # the retry's record again: no extra attempt
    assert len(hook.got) == 2
    last = later + timedelta(seconds=webhooks.RETRY_AFTER[1])
    assert webhooks.retry_due(last) == 1
    pump(last)
    [done] = deliveries(client, admin_token, wid)
    assert (done["state"], done["attempts"], done["status_code"], done["event_type"]) == (
        "delivered", 3, 200, "webhook.test")
    ids = {g["headers"]["webhook-id"] for g in hook.got}
    assert len(hook.got) == 3 and len(ids) == 1     # the same id each time: the receiver can drop a repeat
    assert len({g["headers"]["webhook-timestamp"] for g in hook.got}) == 3     # each attempt signed anew


def test_after_the_last_attempt_it_is_failed_and_a_redirect_is_not_followed(client, admin_token, event, receiver):
    from chalicelib import webhooks
    hook = receiver([302] * webhooks.MAX_ATTEMPTS)
    wid = added(client, admin_token, hook.url)["webhook_id"]
    client.http.post(f"/organisations/{ORG}/webhooks/{wid}/test", headers=bearer(admin_token))
    moment = datetime.now(timezone.utc)
    pump(moment)
    for wait in webhooks.RETRY_AFTER:
        moment += timedelta(seconds=wait)
        assert webhooks.retry_due(moment) == 1
        pump(moment)
    [failed] = deliveries(client, admin_token, wid)
    assert (failed["state"], failed["attempts"], failed["status_code"]) == ("failed", webhooks.MAX_ATTEMPTS, 302)
    assert len(hook.got) == webhooks.MAX_ATTEMPTS and all(g["path"] == "/hook" for g in hook.got)
    assert webhooks.retry_due(moment + timedelta(days=2)) == 0
    from chalicelib import store
    item = store.webhooks.get_endpoint(ORG, wid)
    assert item is not None
    stored = [d for d in store.webhooks.deliveries(wid)]
    assert "body" not in stored[0]


def test_no_answer_is_retried(client, admin_token, event):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()       # nobody listens there now
    wid = added(client, admin_token, f"http://127.0.0.1:{port}/hook")["webhook_id"]
    client.http.post(f"/organisations/{ORG}/webhooks/{wid}/test", headers=bearer(admin_token))
    pump()
    [d] = deliveries(client, admin_token, wid)
    assert (d["state"], d["attempts"], d["status_code"]) == ("retrying", 1, None)
    assert d["error"] == "ConnectionRefusedError"


# ---------------------------------------------------------------- what happened, and how much of the person

def test_every_change_of_a_registration_is_its_event(client, admin_token, event, receiver):
    hook = receiver()
    added(client, admin_token, hook.url)
    first = signed_up(client, EID, **person(1))
    second = signed_up(client, EID, **person(2))          # capacity 1: waiting
    answer = client.http.post(f"/events/{EID}/registrations/{first}/cancel", body="{}",
                              headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert answer.status_code == 200
    from chalicelib import tokens
    checkin = client.http.post(f"/checkin/{tokens.sign_checkin(EID, second)}", headers=bearer(admin_token))
    assert checkin.status_code in (200, 303), checkin.body
    assert client.http.delete(f"/events/{EID}/registrations/{second}", headers=bearer(admin_token)).status_code == 204
    pump()
    seen = [(p["type"], p["data"]["registration_id"]) for p in hook.payloads()]
    assert sorted(seen) == sorted([
        ("registration.created", first), ("registration.confirmed", first),
        ("registration.created", second), ("registration.waitlisted", second),
        ("registration.cancelled", first), ("registration.promoted", second), ("registration.confirmed", second),
        ("registration.checked_in", second), ("registration.erased", second)])


@pytest.mark.parametrize("chosen, fields", [
    ("none", set()), ("name", {"name"}), ("contact", {"name", "email"}), ("answers", {"name", "email", "answers"})])
def test_the_payload_carries_no_more_of_the_person_than_chosen(client, admin_token, event, receiver, chosen, fields):
    hook = receiver()
    added(client, admin_token, hook.url, events=["registration.created"], personal_data=chosen)
    signed_up(client, EID, **person(1))
    pump()
    [payload] = hook.payloads()
    assert set(payload["data"]) == {"event_id", "registration_id", "status", "checked_in_at"} | fields
    raw = hook.got[0]["body"].decode()
    assert ("deelnemer1@gemeente.example" in raw) == ("email" in fields)
    assert ("Deelnemer 1" in raw) == ("name" in fields)
    if "name" in fields:
        assert payload["data"]["name"] == "Deelnemer 1"


def test_an_erasure_is_delivered_with_ids_only(client, admin_token, event, receiver):
    hook = receiver()
    added(client, admin_token, hook.url, events=["registration.erased"], personal_data="answers")
    rid = signed_up(client, EID, **person(1))
    assert client.http.delete(f"/events/{EID}/registrations/{rid}", headers=bearer(admin_token)).status_code == 204
    pump()
    [payload] = hook.payloads()
    assert payload["type"] == "registration.erased"
    assert payload["data"] == {"event_id": EID, "registration_id": rid, "status": "erased"}


def test_an_organisation_without_webhooks_reads_nothing_more_per_signup(client, admin_token, event):
    """The signup request writes what it wrote before; the worker reads the endpoints once a
    minute per container, not once per registration."""
    from chalicelib import store
    calls = []
    original = store.webhooks.endpoints
    store.webhooks.endpoints = lambda *a, **k: calls.append(a) or original(*a, **k)
    try:
        for n in range(3):
            signed_up(client, EID, **person(n))
            pump()
    finally:
        store.webhooks.endpoints = original
    assert calls == [(ORG,)]


# ---------------------------------------------------------------- addresses that are not public

PRIVATE = ["10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "127.1.2.3", "::1", "fe80::1", "::ffff:127.0.0.1",
           "::ffff:10.0.0.1", "169.254.169.254", "0.0.0.0", "::", "100.64.0.1", "224.0.0.1", "fc00::1",
           "64:ff9b::a00:1", "2002:a00:1::1", "240.0.0.1"]


@pytest.fixture
def deployed(monkeypatch):
    """As in a deployed stage: no http, no loopback."""
    from chalicelib import config
    monkeypatch.delenv("WEBHOOK_ALLOW_LOCAL")
    config.settings.cache_clear()
    yield
    config.settings.cache_clear()


def resolving_to(*ips):
    def getaddrinfo(host, port, *args, **kwargs):
        family = {4: socket.AF_INET, 6: socket.AF_INET6}
        import ipaddress
        return [(family[ipaddress.ip_address(ip).version], socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ips]
    return getaddrinfo


@pytest.mark.parametrize("address", PRIVATE)
def test_a_private_address_is_refused_naming_the_url(client, admin_token, deployed, monkeypatch, address):
    monkeypatch.setattr(socket, "getaddrinfo", resolving_to(address))
    literal = f"[{address}]" if ":" in address else address
    for url in (f"https://{literal}/hook", "https://intern.example.org/hook"):
        answer = add(client, admin_token, url)
        assert answer.status_code == 400, (url, answer.body)
        assert set(json.loads(answer.body)["fields"]) == {"url"}
    from chalicelib import store
    assert store.webhooks.endpoints(ORG) == []


def test_one_private_address_among_public_ones_is_refused(client, admin_token, deployed, monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", resolving_to("93.184.215.14", "10.0.0.7"))
    assert add(client, admin_token, "https://gemengd.example.org/hook").status_code == 400


def test_only_https_in_a_deployed_stage(client, admin_token, deployed, monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", resolving_to("93.184.215.14"))
    refused = add(client, admin_token, "http://ontvanger.example.org/hook")
    assert refused.status_code == 400 and "url" in json.loads(refused.body)["fields"]
    for bad in ("https://user:pw@ontvanger.example.org/", "ftp://ontvanger.example.org/", "https:///x", "", 7):
        assert add(client, admin_token, bad).status_code == 400, bad
    assert add(client, admin_token, "https://ontvanger.example.org/hook").status_code == 201


def test_an_address_that_later_resolves_privately_gets_nothing(client, admin_token, deployed, monkeypatch, event):
    """DNS rebinding: the name is resolved and checked again at every send."""
    monkeypatch.setattr(socket, "getaddrinfo", resolving_to("93.184.215.14"))
    wid = added(client, admin_token, "https://ontvanger.example.org/hook")["webhook_id"]
    monkeypatch.setattr(socket, "getaddrinfo", resolving_to("127.0.0.1"))
    connected = []
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: connected.append(a) or 1 / 0)
    client.http.post(f"/organisations/{ORG}/webhooks/{wid}/test", headers=bearer(admin_token))
    pump()
    [d] = deliveries(client, admin_token, wid)
    assert (d["state"], d["error"]) == ("retrying", "address refused: webhook_private")
    assert connected == []


def test_the_wrong_choices_are_refused_by_name(client, admin_token, receiver):
    hook = receiver()
    answer = add(client, admin_token, hook.url, events=["registration.exploded"], personal_data="everything")
    assert answer.status_code == 400
    assert set(json.loads(answer.body)["fields"]) == {"events", "personal_data"}
    assert add(client, admin_token, hook.url, events=[]).status_code == 400


# ---------------------------------------------------------------- the secret: not stored, rotated

def test_the_table_never_holds_the_secret_and_a_new_one_overlaps(client, admin_token, event, receiver):
    from chalicelib import aws
    hook = receiver()
    made = added(client, admin_token, hook.url)
    items = aws.dynamodb().scan(TableName=aws.table_name())["Items"]
    assert made["secret"][6:] not in json.dumps(items) and made["secret"] not in json.dumps(items)
    answer = client.http.post(f"/organisations/{ORG}/webhooks/{made['webhook_id']}/secret", headers=bearer(admin_token))
    assert answer.status_code == 200
    fresh = json.loads(answer.body)["secret"]
    assert fresh != made["secret"]
    client.http.post(f"/organisations/{ORG}/webhooks/{made['webhook_id']}/test", headers=bearer(admin_token))
    pump()
    [got] = hook.got
    assert len(got["headers"]["webhook-signature"].split(" ")) == 2      # both, while the old one still counts
    assert verify(fresh, got["headers"], got["body"]) and verify(made["secret"], got["headers"], got["body"])


def test_removing_an_endpoint_stops_its_deliveries(client, admin_token, event, receiver):
    hook = receiver()
    wid = added(client, admin_token, hook.url)["webhook_id"]
    assert client.http.delete(f"/organisations/{ORG}/webhooks/{wid}", headers=bearer(admin_token)).status_code == 204
    assert client.http.delete(f"/organisations/{ORG}/webhooks/{wid}", headers=bearer(admin_token)).status_code == 404
    signed_up(client, EID, **person(1))
    pump()
    assert hook.got == []
    from chalicelib import activity
    changed = [e.details["changed"] for e in activity.entries(ORG, datetime.now(timezone.utc)) if e.action == "settings"]
    assert [f"webhook_removed: {hook.url}"] in changed and [f"webhook_added: {hook.url}"] in changed


def test_the_api_is_for_the_operator_and_a_beheerder_only(client, admin_token, export_token, receiver):
    from chalicelib import auth
    hook = receiver()
    path = f"/organisations/{ORG}/webhooks"
    assert client.http.get(path).status_code == 401
    assert client.http.get(path, headers=bearer(export_token)).status_code == 403
    member_key = auth.mint("admin", [EID], organisation_id=ORG, created_by=DEMO_ORG["members"][0]["email"])[1]
    assert client.http.get(path, headers=bearer(member_key)).status_code == 403
    assert client.http.get("/organisations/niemand/webhooks", headers=bearer(admin_token)).status_code == 404
    assert add(client, admin_token, hook.url, org="niemand").status_code == 404
    assert os.environ["WEBHOOK_ALLOW_LOCAL"] == "1"


# ---------------------------------------------------------------- the page

def test_the_page_adds_an_endpoint_sends_a_test_and_shows_the_log(client, event, receiver):
    from urllib.parse import urlencode
    from test_roles import FORM, session_of
    hook = receiver()
    cookie, csrf = session_of(DEMO_ORG["members"][0]["email"])
    settings = client.http.get("/organiser/settings", headers={"Cookie": cookie}).body.decode()
    assert f'/organiser/webhooks?organisation={ORG}"' in settings
    page = client.http.get(f"/organiser/webhooks?organisation={ORG}", headers={"Cookie": cookie})
    assert page.status_code == 200 and "Webhook toevoegen" in page.body.decode()
    fields = {"csrf": csrf, "organisation": ORG, "url": hook.url, "personal_data": "name",
              "event:registration.created": "on", "event:registration.cancelled": "on"}
    made = client.http.post("/organiser/webhooks", body=urlencode(fields), headers={"Cookie": cookie, **FORM})
    shown = made.body.decode()
    assert made.status_code == 201 and 'id="secret" value="whsec_' in shown and hook.url in shown
    from chalicelib import store
    [endpoint] = store.webhooks.endpoints(ORG)
    assert endpoint["events"] == ["registration.created", "registration.cancelled"]
    assert endpoint["personal_data"] == "name"
    again = client.http.get(f"/organiser/webhooks?organisation={ORG}", headers={"Cookie": cookie}).body.decode()
    assert "whsec_" not in again       # shown once
    sent = client.http.post("/organiser/webhooks/test", body=urlencode(
        {"csrf": csrf, "organisation": ORG, "webhook": endpoint["webhook_id"]}), headers={"Cookie": cookie, **FORM})
    assert sent.status_code == 303
    pump()
    log = client.http.get(f"/organiser/webhooks?organisation={ORG}", headers={"Cookie": cookie}).body.decode()
    assert 'data-state="delivered" data-type="webhook.test"' in log and "Bezorgd" in log and "HTTP 200" in log
    assert [p["type"] for p in hook.payloads()] == ["webhook.test"]
    wrong = client.http.post("/organiser/webhooks", body=urlencode({**fields, "url": "ftp://x"}),
                             headers={"Cookie": cookie, **FORM})
    assert wrong.status_code == 400 and 'id="url-error"' in wrong.body.decode()
    gone = client.http.post("/organiser/webhooks/remove", body=urlencode(
        {"csrf": csrf, "organisation": ORG, "webhook": endpoint["webhook_id"]}), headers={"Cookie": cookie, **FORM})
    assert gone.status_code == 303 and store.webhooks.endpoints(ORG) == []


def test_the_log_shows_the_newest_first(client, admin_token, event, receiver):
    from chalicelib import webhooks
    hook = receiver()
    wid = added(client, admin_token, hook.url)["webhook_id"]
    start = datetime.now(timezone.utc)
    made = [webhooks.send_test(ORG, wid, start + timedelta(seconds=n)) for n in (5, 1, 3)]
    assert [d["msg_id"] for d in deliveries(client, admin_token, wid)] == [made[0], made[2], made[1]]
    assert [d["msg_id"] for d in webhooks.deliveries(ORG, wid, limit=2)] == [made[0], made[2]]


def test_a_silent_receiver_is_cut_off_and_does_not_hold_up_the_batch(client, admin_token, event, monkeypatch):
    """A receiver that accepts and never answers: the attempt ends at TIMEOUT_SECONDS (made short
    here), and the endpoint's other deliveries in that batch wait for the retry job, unattempted."""
    from chalicelib import webhooks
    monkeypatch.setattr(webhooks, "TIMEOUT_SECONDS", 0.2)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        wid = added(client, admin_token, f"http://127.0.0.1:{silent.getsockname()[1]}/hook")["webhook_id"]
        for _ in range(3):
            client.http.post(f"/organisations/{ORG}/webhooks/{wid}/test", headers=bearer(admin_token))
        outcomes = [o for o in pump() if o[1] == "webhook.test"]
        assert sorted(o[2] for o in outcomes) == ["deferred", "deferred", "retrying"]
        log = deliveries(client, admin_token, wid)
        assert sorted((d["state"], d["attempts"], d["error"]) for d in log) == [
            ("queued", 0, None), ("queued", 0, None), ("retrying", 1, "timeout")]
        # the retry job takes the two left over now, the failed one after its pause
        assert webhooks.retry_due(datetime.now(timezone.utc) + timedelta(seconds=1)) == 2
    finally:
        silent.close()


def test_the_time_for_webhooks_is_bounded_per_batch(client, admin_token, event, receiver):
    from chalicelib import webhooks
    hook = receiver()
    wid = added(client, admin_token, hook.url)["webhook_id"]
    msg = webhooks.send_test(ORG, wid, datetime.now(timezone.utc))
    now = datetime.now(timezone.utc)
    assert webhooks.deliver(wid, msg, now, budget=webhooks.Budget(seconds=0)) == "deferred"
    assert hook.got == []
    assert webhooks.retry_due(now) == 1
    pump(now)
    assert [(d["state"], d["attempts"]) for d in deliveries(client, admin_token, wid)] == [("delivered", 1)]
