"""When DynamoDB, SES or S3 fail: every route answers a clean 503, and nothing is half-written.

Each route is first run without faults to count its AWS calls; then every call in turn
fails, with every kind of failure, from that call on (an outage that starts mid-request).
"""
import json
import re
from datetime import datetime, timezone
from urllib.parse import urlencode

import pytest

from app import app
from aws_faults import COMMON, KINDS, faults  # noqa: F401 - the fixture
from chalicelib import signups, store, tokens
from chalicelib.models import SEATED
from conftest import DEMO_EVENT, bearer, person

EID = DEMO_EVENT["id"]
SENTENCE_NL = "Er ging bij ons iets mis; probeer het over een minuut opnieuw."
SENTENCE_EN = "Something went wrong on our side; please try again in a minute."


def test_every_route_turns_a_failure_into_an_answer():
    """A route without the routes(bp) wrapper would let Chalice answer its own 500."""
    bare = [(path, method) for path, methods in app.routes.items() for method, entry in methods.items()
            if not getattr(entry.view_function, "answers_failures", False)]
    assert bare == []


# ---------------------------------------------------------------- the requests

def registered(n, event_id=EID):
    """A registration made without faults; its attendee token."""
    reg, _ = signups.register(event_id, person(n), now=datetime.now(timezone.utc))
    return reg, tokens.sign(event_id, reg.id)


class Requests:
    """One request per route: each method makes the state its request needs (without faults)
    and returns the request, ready to send."""

    def __init__(self, client, admin, export):
        self.client, self.admin, self.export, self.n = client, admin, export, 100

    def _next(self):
        self.n += 1
        return self.n

    def get_event(self):
        return lambda: self.client.http.get(f"/events/{EID}")

    def form_page(self):
        return lambda: self.client.http.get(f"/events/{EID}/form", headers={"Accept": "text/html"})

    def signup_json(self):
        body = json.dumps(person(self._next()))
        return lambda: self.client.http.post(f"/events/{EID}/signups", body=body,
                                     headers={"Content-Type": "application/json"})

    def signup_form(self):
        body = urlencode(person(self._next(), consent="on"))
        return lambda: self.client.http.post(f"/events/{EID}/signups", body=body,
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})

    def attendee_page(self):
        token = registered(self._next())[1]
        return lambda: self.client.http.get(f"/registrations/{token}", headers={"Accept": "text/html"})

    def attendee_cancel(self):
        token = registered(self._next())[1]
        return lambda: self.client.http.post(f"/registrations/{token}/cancel",
                                     headers={"Accept": "application/json"})

    def attendee_confirm(self):
        token = registered(self._next(), "opt-in")[1]
        return lambda: self.client.http.post(f"/registrations/{token}/confirm",
                                     headers={"Accept": "application/json"})

    def calendar(self):
        token = registered(self._next())[1]
        return lambda: self.client.http.get(f"/registrations/{token}/calendar.ics")

    def put_event(self):
        body = json.dumps({**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, "capacity": 80 + self._next()})
        return lambda: self.client.http.put(f"/events/{EID}", body=body,
                                    headers={**bearer(self.admin), "Content-Type": "application/json"})

    def export_csv(self):
        return lambda: self.client.http.get(f"/events/{EID}/registrations?format=csv", headers=bearer(self.export))

    def export_json(self):
        return lambda: self.client.http.get(f"/events/{EID}/registrations?format=json", headers=bearer(self.export))

    def erase(self):
        reg, _ = registered(self._next())
        return lambda: self.client.http.delete(f"/events/{EID}/registrations/{reg.id}", headers=bearer(self.admin))


CHANGES_SEATS = {"signup_json", "signup_form", "attendee_cancel", "attendee_confirm", "put_event", "erase"}
ROUTES = [name for name in vars(Requests) if not name.startswith("_")]


@pytest.fixture
def requests(client, admin_token, export_token):
    from conftest import make_event
    make_event(client, admin_token)
    make_event(client, admin_token, id="opt-in", double_opt_in=True)
    return Requests(client, admin_token, export_token)


def assert_unavailable_json(response, locale="nl"):
    assert response.status_code == 503, response.body
    assert response.headers["Retry-After"] == "60"
    assert json.loads(response.body) == {"error": "service_unavailable",
                                         "message": SENTENCE_NL if locale == "nl" else SENTENCE_EN}


def seats_are_consistent(event_id=EID):
    """seats_taken equals the seated registrations; waitlist_count the waiting ones."""
    event = store.get_event(event_id, consistent=True)
    regs = list(store.registrations(event_id, consistent=True))
    assert event.seats_taken == sum(r.status in SEATED for r in regs)
    assert event.waitlist_count == sum(r.status == "waitlisted" for r in regs)


@pytest.mark.parametrize("route", ROUTES)
def test_a_failing_aws_call_anywhere_in_a_route_is_a_503(route, requests, faults):
    prepare = getattr(requests, route)
    send = prepare()
    before = len(faults.calls)
    assert send().status_code in (200, 201, 204)
    calls = len(faults.calls) - before
    assert calls >= 1
    # every kind on the first call; on each later call one kind in turn (they reach the
    # route alike, as an exception out of botocore, and this keeps the test quick)
    for nth in range(1, calls + 1):
        for kind in COMMON if nth == 1 else [COMMON[nth % len(COMMON)]]:
            send = prepare()
            registrations_before = len(list(store.registrations(EID, consistent=True)))
            faults.fail(kind, nth=nth)
            response = send()
            faults.stop()
            assert faults.failed, (route, nth, kind)
            if route in ("form_page", "attendee_page", "calendar", "signup_form") and response.status_code == 503:
                assert response.headers["Retry-After"] == "60"
                assert SENTENCE_NL in response.body.decode(), (route, nth, kind)
            else:
                assert_unavailable_json(response)
            if route == "signup_json" or route == "signup_form":
                # a refused signup stored nothing
                assert len(list(store.registrations(EID, consistent=True))) == registrations_before
            if route in CHANGES_SEATS:
                seats_are_consistent()
