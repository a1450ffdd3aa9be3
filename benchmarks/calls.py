"""AWS calls per operation: what one request costs in DynamoDB, SES and S3 round trips.

Each operation is a ``setup`` (not counted) and an ``act`` (counted) driven through
``chalice.test.Client``, so the authorizer and the handler's own reads count. A warm
Lambda caches the event item for ``EVENT_CACHE_SECONDS`` (5 s by default), so the
counts are taken with that cache on, after a page view warmed it, as a warm Lambda
on a busy event would serve them; likewise both organiser tokens were used a moment
before (a token's "last used" is written at most every five minutes, chalicelib/auth.py). tests/test_aws_calls.py asserts these counts;
``make bench`` prints them beside their floors.

To add an operation, add a function to ``OPERATIONS`` and a row to ``FLOORS`` and to
the test's ``EXPECTED``.
"""
import collections
import json
import pathlib
from datetime import datetime, timezone

from benchmarks import use_in_process_emulator

DEMO = pathlib.Path(__file__).resolve().parent.parent / "demo" / "circulaire-economie-2026-12-09.json"
EVENT = json.loads(DEMO.read_text())["id"]   # the event the tests' export token may read
# the fewest calls each operation could make, and why: printed beside the measured counts
FLOORS = {
    "page view (GET /events/{id})": (1, "one read of the event item (exact spots_left)"),
    "hosted form (GET /events/{id}/form)": (1, "one read of the event item"),
    "signup": (3, "the address's marker (registered?), the limits transaction (client, mailbox, event), "
                  "then the seat transaction; the read keeps a stamp off a newcomer's (docs/scaling.md)"),
    "repeat signup": (3, "the same read and two transactions as a new signup (API.md v2: nothing tells them "
                         "apart), the limits with the marker's attempt stamp"),
    "confirm": (3, "read registration and event once each, one conditional update"),
    "cancel with promotion": (4, "read registration and event, find the first waiting, one transaction"),
    "export page (JSON)": (4, "token, event, one Query page, the audit record"),
    "check-in": (2, "token, one conditional update that returns the registration"),
    "stats": (3, "token, event, one Query page of the registrations"),
    "confirmation mail (warm worker)": (5, "claim the mail, the suppression check, a send slot, the send, "
                                           "the record of it"),
}


class Recorder:
    """Counts ``service.Operation`` for every call the app's boto3 clients make while active."""

    SERVICES = ("dynamodb", "sesv2", "s3", "ssm")

    def __init__(self):
        self.calls = collections.Counter()
        self.active = False

    def __call__(self, model, **_):
        if self.active:
            self.calls[f"{model.service_model.service_name}.{model.name}"] += 1

    def attach(self):
        from chalicelib import aws
        for name in self.SERVICES:
            aws.client(name).meta.events.register("before-call", self, unique_id=f"calls-recorder-{id(self)}")
        return self

    def count(self, act):
        """The calls ``act()`` makes, as a plain dict."""
        self.calls.clear()
        self.active = True
        try:
            act()
        finally:
            self.active = False
        return dict(self.calls)


def _ok(response):
    assert response.status_code < 400, (response.status_code, response.body[:300])
    return response


def _json(response):
    return json.loads(_ok(response).body)


def _signup(client, email, event_id=EVENT, ip="198.51.100.7"):
    answer = _json(client.http.post(f"/events/{event_id}/signups", body=json.dumps(
        {"name": "Noor Bakker", "email": email, "consent": True, "organisation": "Gemeente Zwolle"}),
        headers={"Content-Type": "application/json", "X-Forwarded-For": ip}))
    return {**answer, "email": email}


def _put_event(client, admin, event_id=EVENT, **overrides):
    body = {**json.loads(DEMO.read_text()), **overrides}
    body.pop("id")
    response = client.http.put(f"/events/{event_id}", body=json.dumps(body), headers={
        "Authorization": f"Bearer {admin}", "Content-Type": "application/json"})
    assert response.status_code in (200, 201), response.body


def _token(registration):
    """The attendee token of a signup's answer (public answers carry no id: read it from the store)."""
    from chalicelib import store, tokens
    reg = store.roster.registration_by_email(registration["event_id"], store.roster.normalise(registration["email"]))
    return tokens.sign(reg.event_id, reg.id)


def _page_view(client, event_id=EVENT):
    return _json(client.http.get(f"/events/{event_id}"))


# ---------------------------------------------------------------- operations: (setup, act)
# setup(client, tokens) -> state; act(client, tokens, state) does the one counted request.

def op_page_view(client, tokens):
    return None, lambda: _page_view(client)


def op_form(client, tokens):
    _ok(client.http.get(f"/events/{EVENT}/form"))      # opened a moment before: its organisation is cached, as the event is
    return None, lambda: _ok(client.http.get(f"/events/{EVENT}/form"))


def op_signup(client, tokens):
    _page_view(client)                                  # warms the event cache, as traffic does
    return None, lambda: _signup(client, "nieuw@gemeente.example")


def op_repeat(client, tokens):
    _signup(client, "twee@gemeente.example")
    return None, lambda: _signup(client, "twee@gemeente.example")


def op_confirm(client, tokens):
    _put_event(client, tokens["admin"], "calls-opt-in", double_opt_in=True)
    token = _token(_signup(client, "bevestig@gemeente.example", "calls-opt-in"))
    return None, lambda: _json(client.http.post(
        f"/registrations/{token}/confirm", body="", headers={"Accept": "application/json"}))


def op_cancel_with_promotion(client, tokens):
    _put_event(client, tokens["admin"], "calls-full", capacity=1, waitlist_enabled=True)
    seated = _signup(client, "zit@gemeente.example", "calls-full")
    _signup(client, "wacht@gemeente.example", "calls-full")
    token = _token(seated)          # read before the count: the harness's reads are not the request's
    return None, lambda: _json(client.http.post(
        f"/registrations/{token}/cancel", body="", headers={"Accept": "application/json"}))


def op_export_page(client, tokens):
    for n in range(3):
        _signup(client, f"export{n}@gemeente.example")
    return None, lambda: _json(client.http.get(
        f"/events/{EVENT}/registrations?format=json", headers={"Authorization": f"Bearer {tokens['export']}"}))


def op_check_in(client, tokens):
    from chalicelib import checkin, store
    _signup(client, "deur@gemeente.example")
    reg = store.roster.registration_by_email(EVENT, "deur@gemeente.example")
    link = checkin.checkin_url(EVENT, reg.id).split("/checkin/", 1)[1]
    return None, lambda: _json(client.http.post(f"/checkin/{link}", body="", headers={
        "Accept": "application/json", "Authorization": f"Bearer {tokens['admin']}"}))


def op_stats(client, tokens):
    for n in range(3):
        _signup(client, f"teller{n}@gemeente.example")
    return None, lambda: _json(client.http.get(
        f"/events/{EVENT}/stats", headers={"Authorization": f"Bearer {tokens['export']}"}))


def op_mail(client, tokens):
    """A warm worker's mail: its send rate and the event were read for the mail before."""
    from chalicelib import aws, outbox, store

    def insert(email):      # the stream record of a new registration, as Lambda hands it over
        reg = store.roster.registration_by_email(EVENT, store.roster.normalise(email))
        item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=store.roster.reg_key(EVENT, reg.id))["Item"]
        return {"eventName": "INSERT", "eventSource": "aws:dynamodb",
                "dynamodb": {"Keys": {"PK": item["PK"], "SK": item["SK"]}, "NewImage": item}}

    def send(record):
        outcomes = [outcome for *_, outcome in outbox.handle([record], sleep=lambda seconds: None)]
        assert outcomes == ["sent"], outcomes
    first, second = (insert(_signup(client, f"{n}@gemeente.example")["email"]) for n in ("eerste", "tweede"))
    send(first)
    return None, lambda: send(second)


OPERATIONS = {
    "page view (GET /events/{id})": op_page_view,
    "hosted form (GET /events/{id}/form)": op_form,
    "signup": op_signup,
    "repeat signup": op_repeat,
    "confirm": op_confirm,
    "cancel with promotion": op_cancel_with_promotion,
    "export page (JSON)": op_export_page,
    "check-in": op_check_in,
    "stats": op_stats,
    "confirmation mail (warm worker)": op_mail,
}


def count(name, client, tokens, recorder):
    """Run operation ``name``'s setup, then count the calls of its act."""
    _put_event(client, tokens["admin"])
    _json(client.http.get(f"/events/{EVENT}/stats", headers={"Authorization": f"Bearer {tokens['export']}"}))
    _, act = OPERATIONS[name](client, tokens)
    return recorder.count(act)


def measure_all():
    """Every operation in a fresh emulator of its own; {name: {call: count}}. Sets the environment."""
    import os

    from chalice.test import Client
    from moto import mock_aws
    use_in_process_emulator("signups-calls", RATE_LIMIT_PER_MINUTE="1000", EVENT_CACHE_SECONDS="5",
                            SENDER_EMAIL="aanmelden@signup.test", EXPORT_BUCKET="signups-calls")
    from chalicelib import auth, aws, logs, pacing, signups, store
    from scripts import emulator
    emulator.add_ses_get_account()      # moto lacks SESv2 GetAccount, which the worker's pacing reads
    logs._handler.setStream(open(os.devnull, "w"))
    import app
    results = {}
    for name in OPERATIONS:
        aws.reset()
        signups._cache.clear()
        pacing.reset()
        with mock_aws():
            store.table.create_table(aws.table_name())
            org = json.loads((DEMO.parent / "organisation.json").read_text())     # owns the demo event
            store.organisations.put_organisation(org["id"], org["name"], org["members"], datetime.now(timezone.utc))
            aws.sesv2().create_email_identity(EmailIdentity=os.environ["SENDER_EMAIL"])
            aws.s3().create_bucket(Bucket=os.environ["EXPORT_BUCKET"],
                                   CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
            tokens = {"admin": auth.mint("admin", "*", label="bench")[1],
                      "export": auth.mint("export", [EVENT], label="bench")[1]}
            with Client(app.app) as client:
                results[name] = count(name, client, tokens, Recorder().attach())
    return results


if __name__ == "__main__":
    print(json.dumps(measure_all()))
