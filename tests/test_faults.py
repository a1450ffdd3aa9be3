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
from aws_faults import COMMON, faults  # noqa: F401 - the fixture
from chalicelib import signups, store, tokens
from chalicelib.models import SEATED
from conftest import DEMO_EVENT, bearer, person
from test_logs import log_lines  # noqa: F401 - the fixture
from test_outbox import drain, stream  # noqa: F401 - the fixture

EID = DEMO_EVENT["id"]
SENTENCE_NL = "Er ging bij ons iets mis. Probeer het over een minuut opnieuw."
SENTENCE_EN = "Something went wrong on our side. Try again in a minute."
# a page says what happened, then how long to wait (its Retry-After)
PAGE_NL, PAGE_EN = "Er ging bij ons iets mis.", "Something went wrong on our side."


def test_every_route_turns_a_failure_into_an_answer():
    """A route without the routes(bp) wrapper would let Chalice answer its own 500."""
    bare = [(path, method) for path, methods in app.routes.items() for method, entry in methods.items()
            if not getattr(entry.view_function, "answers_failures", False)]
    assert bare == []


# ---------------------------------------------------------------- the requests

def registered(n, event_id=EID):
    """A registration made without faults; its attendee token."""
    reg = signups.register(event_id, person(n), now=datetime.now(timezone.utc))
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
    # both tokens used a moment ago (their "last used" is written at most every five minutes),
    # so a route makes the same calls each time it is sent
    assert client.http.get(f"/events/{EID}/stats", headers=bearer(export_token)).status_code == 200
    return Requests(client, admin_token, export_token)


def assert_unavailable_json(response, locale="nl"):
    assert response.status_code == 503, response.body
    assert response.headers["Retry-After"] == "60"
    assert json.loads(response.body) == {"error": "service_unavailable",
                                         "message": SENTENCE_NL if locale == "nl" else SENTENCE_EN}


def seats_are_consistent(event_id=EID):
    """seats_taken equals the seated registrations; waitlist_count the waiting ones."""
    event = store.events.get_event(event_id, consistent=True)
    regs = list(store.roster.registrations(event_id, consistent=True))
    assert event.seats_taken == sum(r.status in SEATED for r in regs)
    assert event.waitlist_count == sum(r.status == "waitlisted" for r in regs)


@pytest.mark.parametrize("route", ROUTES)
def test_a_failing_aws_call_anywhere_in_a_route_is_a_503(route, requests, faults):
    prepare = getattr(requests, route)
    send = prepare()
    before = len(faults.calls)
    assert send().status_code in (200, 201, 204, 303)
    calls = len(faults.calls) - before
    assert calls >= 1
    # every kind on the first call; on each later call one kind in turn (they reach the
    # route alike, as an exception out of botocore, and this keeps the test quick)
    for nth in range(1, calls + 1):
        for kind in COMMON if nth == 1 else [COMMON[nth % len(COMMON)]]:
            send = prepare()
            registrations_before = len(list(store.roster.registrations(EID, consistent=True)))
            faults.fail(kind, nth=nth)
            response = send()
            faults.stop()
            assert faults.failed, (route, nth, kind)
            if route in ("form_page", "attendee_page") and response.status_code == 200:
                # only a later read may fail so: the organisation's name, logo and colour (issue 28), which
                # the page goes without; the event or the registration itself is never missing
                assert nth > 1 and PAGE_NL not in response.body.decode(), (route, nth, kind)
                continue
            if route in ("form_page", "attendee_page", "calendar", "signup_form") and response.status_code == 503:
                assert response.headers["Retry-After"] == "60"
                assert PAGE_NL in response.body.decode(), (route, nth, kind)
            else:
                assert_unavailable_json(response)
            if route == "signup_json" or route == "signup_form":
                # a refused signup stored nothing
                assert len(list(store.roster.registrations(EID, consistent=True))) == registrations_before
            if route in CHANGES_SEATS:
                seats_are_consistent()


# ---------------------------------------------------------------- what a visitor sees

def post_form(client, fields, locale=None):
    body = urlencode({**fields, **({"locale": locale} if locale else {})})
    return client.http.post(f"/events/{EID}/signups", body=body,
                            headers={"Content-Type": "application/x-www-form-urlencoded"})


@pytest.mark.parametrize("locale, sentence", [(None, SENTENCE_NL), ("en", SENTENCE_EN)])
def test_a_form_poster_gets_the_form_again_with_their_values(requests, faults, locale, sentence):
    fields = person(7, name="Zoë O'Brien", consent="on", organisation="Gemeente <Utrecht>")
    faults.fail("throttled", service="dynamodb", operation="TransactWriteItems")

    response = post_form(requests.client, fields, locale)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    page = response.body.decode()
    assert re.search(f'<p class="alert" role="alert"[^>]*>{re.escape(sentence)}</p>', page.replace("&#39;", "'"))
    assert 'value="Zoë O&#39;Brien"' in page
    assert 'value="deelnemer7@gemeente.example"' in page
    assert 'value="Gemeente &lt;Utrecht&gt;"' in page
    assert re.search(r'id="consent" name="consent" value="on" required checked', page)
    assert store.roster.registration_by_email(EID, "deelnemer7@gemeente.example") is None


def test_without_a_known_event_the_form_poster_gets_a_page_that_says_why(requests, faults):
    signups._cache.clear()                  # a cold Lambda, and DynamoDB is down
    faults.fail("table_gone")

    response = post_form(requests.client, person(8, consent="on"))

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert f'<p>{PAGE_NL}</p>' in response.body.decode()


def test_a_browser_gets_a_page_and_an_api_client_json_in_its_language(requests, faults):
    faults.fail("server_error")
    page = requests.client.http.get(f"/events/{EID}/form?lang=en", headers={"Accept": "text/html"})
    api = requests.client.http.get(f"/events/{EID}", headers={"Accept-Language": "en"})

    assert page.status_code == 503 and page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert PAGE_EN in page.body.decode()
    assert_unavailable_json(api, "en")


def test_a_network_failure_is_retried_by_botocore_then_answered(requests, faults):
    faults.fail("read_timeout", operation="TransactWriteItems")

    response = requests.signup_json()()

    assert_unavailable_json(response)
    assert faults.attempts == 3         # chalicelib.aws: standard mode, 3 attempts in all


def logged(lines, message):
    return [json.loads(line) for line in lines if json.loads(line).get("msg") == message]


def test_a_failure_is_logged_once_with_its_code_and_no_personal_data(requests, faults, log_lines):
    faults.fail("expired_session", operation="TransactWriteItems")

    requests.client.http.post(f"/events/{EID}/signups", body=json.dumps(person(9, name="Zoë Geheim")),
                              headers={"Content-Type": "application/json"})

    (line,) = logged(log_lines, "dependency.failed")
    assert line["aws_code"] == "ExpiredTokenException" and line["operation"] == "TransactWriteItems"
    assert line["route"] == "/events/{event_id}/signups" and line["request_id"]
    assert "deelnemer9" not in json.dumps(line) and "Geheim" not in json.dumps(line)


def test_a_bug_is_a_503_too_but_logged_with_its_frames(requests, monkeypatch, log_lines):
    def broken(*args, **kwargs):
        raise KeyError("deelnemer10@gemeente.example")
    monkeypatch.setattr(signups, "register", broken)

    response = requests.signup_json()()

    assert_unavailable_json(response)
    (line,) = logged(log_lines, "request.bug")
    assert line["error_type"] == "KeyError" and line["frames"][-1].endswith(" broken")
    assert "deelnemer10" not in json.dumps(line)


# ---------------------------------------------------------------- exports through S3

@pytest.mark.parametrize("operation", ["CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload"])
def test_an_export_that_fails_mid_upload_leaves_no_file_and_no_link(requests, faults, env, monkeypatch, operation):
    from chalicelib import aws, config, downloads
    for n in range(3):
        registered(200 + n)
    env.setenv("EXPORT_INLINE_LIMIT_BYTES", "100")
    config.settings.cache_clear()
    monkeypatch.setattr(downloads, "MULTIPART_THRESHOLD", 100)
    faults.fail("server_error", service="s3", operation=operation)

    response = requests.export_csv()()

    assert_unavailable_json(response)
    assert "Location" not in response.headers
    bucket = config.settings().export_bucket
    assert aws.s3().list_objects_v2(Bucket=bucket).get("KeyCount") == 0
    assert aws.s3().list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    assert ("s3", "AbortMultipartUpload", None) in faults.calls or operation == "CreateMultipartUpload"


# ---------------------------------------------------------------- functions without a URL

@pytest.mark.parametrize("kind, service", [
    ("throttled", "sesv2"), ("server_error", "sesv2"), ("sending_paused", "sesv2"), ("expired_session", "sesv2"),
    ("read_timeout", "sesv2"), ("throttled", "dynamodb"), ("table_gone", "dynamodb"), ("no_connection", "dynamodb")])
def test_the_email_worker_raises_for_lambda_to_retry_and_sends_once_after(requests, faults, stream, kind, service):
    """The batch raises (Lambda retries it, then the DLQ); the mails stay queued; once AWS is
    back, the retried batch sends each mail exactly once."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends
    regs = [registered(300 + n)[0] for n in range(2)]
    records = drain(stream)
    faults.fail(kind, service=service)

    with pytest.raises(Exception) as raised:
        requests.client.lambda_.invoke("email_worker", {"Records": records})
    assert type(raised.value).__name__ == "RetryBatch"
    faults.stop()
    assert [store.roster.get_registration(EID, r.id).email_status for r in regs] == ["queued", "queued"]

    requests.client.lambda_.invoke("email_worker", {"Records": records})
    requests.client.lambda_.invoke("email_worker", {"Records": records})     # delivered once more: no resend
    sent = ses_backends[DEFAULT_ACCOUNT_ID]["eu-west-1"].sent_messages
    assert sorted(m.destinations[0] for m in sent) == sorted(r.email for r in regs)
    assert [store.roster.get_registration(EID, r.id).email_status for r in regs] == ["sent", "sent"]


def test_the_schedules_raise_for_lambda_to_retry_and_finish_after(requests, faults, monkeypatch):
    """An outage at any point of expire_holds: the job raises (EventBridge's async invoke
    retries it, and the next tick runs anyway); each hold is expired whole or not at all."""
    import chalicelib.blueprints.workers as workers
    from chalicelib.models import EXPIRED
    regs = [registered(400 + n, "opt-in")[0] for n in range(3)]
    tick = requests.client.events.generate_cw_event("aws.events", "Scheduled Event", {}, [])
    monkeypatch.setattr(workers, "now", lambda: regs[-1].hold_until + (regs[-1].hold_until - regs[-1].created_at))
    for nth in (1, 3, 5):
        faults.fail("throttled", nth=nth, service="dynamodb")
        with pytest.raises(Exception) as raised:
            requests.client.lambda_.invoke("expire_holds", tick)
        assert faults.is_dependency(raised.value)
        faults.stop()
        seats_are_consistent("opt-in")

    requests.client.lambda_.invoke("expire_holds", tick)

    assert [store.roster.get_registration("opt-in", r.id).status for r in regs] == [EXPIRED] * 3
    seats_are_consistent("opt-in")


@pytest.mark.parametrize("kind", ["throttled", "server_error", "no_connection"])
def test_the_reminders_raise_for_lambda_to_retry_and_each_goes_out_once_after(requests, faults, stream,
                                                                             monkeypatch, kind):
    """An outage at any point of send_reminders: the job raises (EventBridge retries it, and
    the next tick runs anyway); once AWS is back every attendee gets one reminder, not two."""
    import chalicelib.blueprints.workers as workers
    from test_outbox import sent, to, work
    regs = [registered(600 + n)[0] for n in range(3)]
    work(stream)                                          # their confirmations
    already = len(sent())
    start = store.events.get_event(EID).starts_at
    monkeypatch.setattr(workers, "now", lambda: start)
    tick = requests.client.events.generate_cw_event("aws.events", "Scheduled Event", {}, [])
    for nth in (1, 2, 3):
        faults.fail(kind, nth=nth, service="dynamodb")
        with pytest.raises(Exception) as raised:
            requests.client.lambda_.invoke("send_reminders", tick)
        assert faults.is_dependency(raised.value)
        faults.stop()
        work(stream)

    requests.client.lambda_.invoke("send_reminders", tick)
    requests.client.lambda_.invoke("send_reminders", tick)   # a second tick finds nothing due
    work(stream)

    reminders = [m for m in sent()[already:] if m["Subject"].startswith("Morgen: ")]
    assert sorted(to(m) for m in reminders) == sorted(r.email for r in regs)


def test_the_ses_feedback_handler_raises_for_sns_to_retry_and_applies_after(requests, faults):
    from test_bounces import bounce, notify
    reg, _ = registered(500)
    faults.fail("server_error", service="dynamodb")
    with pytest.raises(Exception) as raised:
        notify(requests.client, bounce(address=reg.email))
    assert faults.is_dependency(raised.value)
    faults.stop()

    notify(requests.client, bounce(address=reg.email))

    assert store.mails.is_suppressed(store.roster.normalise(reg.email))
    assert store.roster.get_registration(EID, reg.id).email_status == "bounced"


def test_a_failure_is_named_by_its_aws_code_or_its_class(monkeypatch):
    from botocore.exceptions import ClientError, ReadTimeoutError
    from chalicelib import faults
    throttled = ClientError({"Error": {"Code": "ThrottlingException"}}, "PutItem")
    assert faults.aws_code(throttled) == "ThrottlingException"
    assert faults.aws_code(ClientError({"Error": {}}, "PutItem")) == "ClientError"
    assert faults.aws_code(ReadTimeoutError(endpoint_url="x")) == "ReadTimeoutError"
    logged, metrics = [], []
    monkeypatch.setattr(faults, "log", lambda name, level, **fields: logged.append((name, fields)))
    monkeypatch.setattr(faults, "metric", metrics.append)
    faults.report(throttled, route="/x")
    try:
        {}["missing"]
    except KeyError as bug:
        faults.report(bug, route="/y")
    assert [name for name, _ in logged] == ["dependency.failed", "request.bug"]
    assert logged[0][1] == {"aws_code": "ThrottlingException", "operation": "PutItem", "route": "/x"}
    assert logged[1][1]["error_type"] == "KeyError" and logged[1][1]["frames"][0].startswith("test_faults.py:")
    assert metrics == ["DependencyFailures", "UnexpectedErrors"]


def test_a_failed_s3_transfer_is_a_dependency_failure_and_a_bug_is_not():
    """The export worker's upload goes through boto3's transfer manager, whose failures are
    boto3's own classes (chalicelib.aws makes only S3's client through boto3)."""
    from boto3.exceptions import S3UploadFailedError
    from botocore.exceptions import EndpointConnectionError
    from chalicelib import faults
    assert faults.is_dependency_failure(S3UploadFailedError("upload of part 3 failed"))
    assert faults.is_dependency_failure(EndpointConnectionError(endpoint_url="https://s3.example"))
    assert not faults.is_dependency_failure(KeyError("missing"))
