"""The fixture chain: fake credentials -> mock_aws -> table and identity -> Client."""
import copy
import json
import os
import pathlib
from datetime import datetime, timezone

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Browser tests screenshot every page they check. `make screenshots` writes them over the
# organiser guide's docs/img/; any other run writes build/screenshots/ and leaves the tree clean.
SCREENSHOTS = ROOT / ("docs/img" if os.environ.get("SCREENSHOTS") == "docs" else "build/screenshots")
DEMO_EVENT = json.loads((ROOT / "demo" / "circulaire-economie-2026-12-09.json").read_text())
DEMO_PROGRAMME = json.loads((ROOT / "demo" / "programme.json").read_text())   # its workshop rounds (issue 29)
DEMO_ORG = json.loads((ROOT / "demo" / "organisation.json").read_text())     # owns the demo event
SENDER = "aanmelden@duurzaamdoor.example"
# The suite's clock starts here, whatever today's date (scripts/clock.py): the Tuesday morning
# before the demo meeting of Wednesday 9 December 2026.
SUITE_STARTS_AT = datetime(2026, 12, 8, 3, 0, tzinfo=timezone.utc)

TEST_ENV = {
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "eu-west-1", "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
    "TABLE_NAME": "signups-test", "TOKEN_SECRET": "test-secret-0123456789", "SENDER_EMAIL": SENDER,
    "PUBLIC_BASE_URL": "https://signup.test", "RATE_LIMIT_PER_MINUTE": "1000", "FAILURE_LIMIT_PER_MINUTE": "1000",
    "MAILBOX_LIMIT_PER_HOUR": "1000", "EVENT_LIMIT_PER_MINUTE": "1000",
    "EVENT_CACHE_SECONDS": "0", "EXPORT_BUCKET": "signups-exports-test",
    "WEBHOOK_ALLOW_LOCAL": "1",     # webhooks to a receiver on 127.0.0.1 (tests/test_webhooks.py)
}


def event_model(**overrides):
    """The demo event as a models.Event (nothing stored), with some attributes replaced."""
    from dataclasses import replace
    from chalicelib import events
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    return replace(events.from_definition(events.validate(DEMO_EVENT["id"], body)), **overrides)


def define_event(event_id, now, **overrides):
    """Save the demo event, without questions or consent and with some attributes replaced, as the
    organiser's definition at ``now`` (straight through signups.apply_event); returns the stored event."""
    from chalicelib import events, signups
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    body.update(fields=[], consent_required=False, **overrides)
    signups.apply_event(events.validate(event_id, body), now)
    return signups.get_event(event_id)


def seats_changed_unseen(event_id, session_id, taken):
    """Another writer's change of a session's seats (``taken`` more, or fewer when negative),
    committed without its waiting list moving up: what a reader meets between its read and its write."""
    from chalicelib import aws, store
    aws.dynamodb().update_item(TableName=aws.table_name(), Key=store.sessions.counter_key(event_id, session_id),
                               UpdateExpression="ADD taken :n", ExpressionAttributeValues={":n": {"N": str(taken)}})


def one_table_copy_per_transaction():
    """moto's ``transact_write_items`` deep-copies the whole table (to roll it back if the transaction
    is cancelled) once for every item of the transaction, before it touches any of them: the copies
    are equal, so the first serves them all. The rollback is the same; a signup's transaction on a
    table of a few hundred items no longer spends most of its time copying it four times."""
    import copy
    import threading
    from moto.dynamodb import models
    if getattr(models.DynamoDBBackend.transact_write_items, "one_copy", False):
        return
    original, made = models.DynamoDBBackend.transact_write_items, threading.local()

    class Copies:       # stands in for the ``copy`` module inside moto.dynamodb.models
        def __getattr__(self, name):
            return getattr(copy, name)

        def deepcopy(self, obj, memo=None):
            copies = getattr(made, "copies", None)
            if copies is None or memo is not None or not isinstance(obj, models.Table):
                return copy.deepcopy(obj, memo)
            if id(obj) not in copies:
                copies[id(obj)] = (obj, copy.deepcopy(obj))     # the table is kept, so its id is not reused
            return copies[id(obj)][1]

    def transact_write_items(self, transact_items):
        made.copies = {}
        try:
            return original(self, transact_items)
        finally:
            made.copies = None

    transact_write_items.one_copy = True
    models.copy = Copies()
    models.DynamoDBBackend.transact_write_items = transact_write_items


one_table_copy_per_transaction()
if os.environ.get("MOTO_SPEEDUPS") != "0":     # MOTO_SPEEDUPS=0: moto as released (to compare)
    import moto_speedups
    moto_speedups.apply()
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def require_chromium(**skip):
    """Skip (``skip``: pytest.skip's arguments) where there is no Chromium; in CI, where
    CI_REQUIRE_BROWSER is set, a missing browser is an error instead."""
    import shutil
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI_REQUIRE_BROWSER"):
            raise RuntimeError(f"no browser at {CHROMIUM}: .ci/run installs Debian's chromium")
        pytest.skip(f"no browser at {CHROMIUM} (apt-get install -y chromium)", **skip)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium (and one Playwright driver) per worker for the whole run: starting them
    costs seconds, and a test's state lives in the contexts it opens, which ``browser``
    (tests/test_browser.py) closes after each test. Skips where there is no Chromium (never in CI)."""
    require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield launched
        launched.close()


def pytest_configure(config):
    from scripts import clock
    clock.start(SUITE_STARTS_AT)


def pytest_collection_modifyitems(items):
    """The live tests (marked ``xdist_group("live")``: a browser, a local stack) first, in their
    own order: they take the longest, and pytest-xdist hands tests out in this order, so
    the two workers share them and finish together instead of one waiting for the last slow one.
    The order within each group stays as written (module fixtures are set up once). Before them
    a module that says ``LONGEST = True`` (the Schemathesis run, about 250 s in one test): handed
    out first, one worker runs it while the other takes the rest, instead of it running last alone."""
    items.sort(key=lambda item: (not getattr(item.module, "LONGEST", False),
                                 not any(mark.args[:1] == ("live",) for mark in item.iter_markers("xdist_group"))))


@pytest.fixture(scope="session", autouse=True)
def botocore_models():
    """One cache of botocore's service models for the whole run: every test makes fresh clients
    (a fresh moto), and each new session would parse the same JSON again (~0.4 s a client).
    botocore shares these objects between the clients of one session already."""
    from botocore import loaders
    shared, original = {}, loaders.Loader.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self._cache = shared

    loaders.Loader.__init__ = init
    yield
    loaders.Loader.__init__ = original


def use_test_env(monkeypatch):
    """The test settings in the environment, every settings cache emptied."""
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    for key, value in TEST_ENV.items():
        monkeypatch.setenv(key, value)
    reset_caches()


@pytest.fixture
def env(monkeypatch):
    use_test_env(monkeypatch)
    yield monkeypatch
    reset_caches()


def reset_caches():
    from chalicelib import aws, config, outbox, pacing, signups, tokens, webhooks
    pacing.reset()
    outbox._organisations.clear()       # an organisation's mail facts, kept per container for minutes
    outbox._message.cache_clear()       # a message read once per container (ids are unique; kept tidy)
    webhooks.forget()
    config.settings.cache_clear()
    tokens.keys.cache_clear()
    # each test makes its own clients; the botocore session they are made from stays, as it only
    # reads the same test settings (a new one registers ~100 handlers again: ~5 ms a test)
    aws.client.cache_clear()
    signups._cache.clear()


@pytest.fixture(autouse=True)
def fresh_formatting():
    """Periods, moments and mail headers are remembered per process (chalicelib.i18n, chalicelib.mime):
    forgotten before every test, so that each test, and a mutant run in a copy of a process that
    ran the tests before (mutmut), formats them anew."""
    from chalicelib import i18n, mime
    i18n._period.cache_clear()
    i18n.format_datetime.cache_clear()
    mime.ReusedHeaders._parsed.clear()


def fast_ses(monkeypatch):
    from scripts import emulator
    emulator.add_ses_get_account()      # moto lacks SESv2 GetAccount, which the mail worker reads
    monkeypatch.setitem(emulator.SES_ACCOUNT, "MaxSendRate", 1000.0)    # tests send fast unless they say otherwise


@pytest.fixture
def aws_mock(env):
    from moto import mock_aws
    fast_ses(env)
    with mock_aws():
        yield


@pytest.fixture
def table(aws_mock):
    return seed_table()


_SEEDED = {}     # per process: (table, region, bucket) -> the seeded table as moto holds it


def seed_table():
    """Inside mock_aws: the table with the demo organisation, the sender, the export bucket.

    The first time in a process they are made through the API, as ``make dev`` makes them; after
    that moto's fresh backends get a copy of that table and the identity and bucket directly.
    Through the API, with the three clients each test makes, seeding took ~40 ms of every test,
    more than most tests themselves."""
    from moto.core import DEFAULT_ACCOUNT_ID as account
    from moto.dynamodb.models import dynamodb_backends
    from chalicelib import aws, store
    name, region, bucket = os.environ["TABLE_NAME"], os.environ["AWS_DEFAULT_REGION"], os.environ["EXPORT_BUCKET"]
    tables = dynamodb_backends[account][region].tables
    if (name, region, bucket) in _SEEDED:
        from moto.s3.models import s3_backends
        from moto.sesv2.models import sesv2_backends
        tables[name] = copy.deepcopy(_SEEDED[name, region, bucket])
        sesv2_backends[account][region].create_email_identity(SENDER, None, None, None)
        s3_backends[account]["aws"].create_bucket(bucket, region)
        return name
    store.table.create_table(name)
    store.organisations.put_organisation(DEMO_ORG["id"], DEMO_ORG["name"], DEMO_ORG["members"], datetime.now(timezone.utc))
    aws.sesv2().create_email_identity(EmailIdentity=SENDER)
    aws.s3().create_bucket(Bucket=bucket,          # as deployed: always there
                           CreateBucketConfiguration={"LocationConstraint": region})
    _SEEDED[name, region, bucket] = copy.deepcopy(tables[name])
    return name


@pytest.fixture
def client(table):
    from chalice.test import Client
    from app import app
    from scripts.local_api import answer_unknown_paths
    answer_unknown_paths()  # as API Gateway's Gateway Response does when deployed
    with Client(app) as c:
        yield c


@pytest.fixture
def admin_token(table):
    from chalicelib import auth
    return auth.mint("admin", "*", label="test admin")[1]


@pytest.fixture
def export_token(table):
    from chalicelib import auth
    return auth.mint("export", [DEMO_EVENT["id"]], label="test export")[1]


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def make_event(client, token, **overrides):
    """PUT an event (the demo event with overrides) through the API; returns its public JSON."""
    body = {**DEMO_EVENT, **overrides}
    event_id = body.pop("id")
    response = client.http.put(f"/events/{event_id}", body=json.dumps(body),
                               headers={**bearer(token), "Content-Type": "application/json"})
    assert response.status_code in (200, 201), response.body
    return json.loads(response.body)


@pytest.fixture
def demo_event(client, admin_token):
    return make_event(client, admin_token)


def signup(client, event_id, accept_json=True, form=False, **fields):
    from urllib.parse import urlencode
    if form:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if accept_json:
            headers["Accept"] = "application/json"
        return client.http.post(f"/events/{event_id}/signups", body=urlencode(fields), headers=headers)
    return client.http.post(f"/events/{event_id}/signups", body=json.dumps(fields),
                            headers={"Content-Type": "application/json"})


def registration_id(event_id, email):
    """The id of an address's registration, read from the store: public answers carry none."""
    from chalicelib import store
    reg = store.roster.registration_by_email(event_id, store.roster.normalise(email))
    assert reg is not None, f"{email} is not registered for {event_id}"
    return reg.id


def signed_up(client, event_id, **fields):
    """Sign up (JSON) and return the new registration's id."""
    response = signup(client, event_id, **fields)
    assert response.status_code == 201, response.body
    return registration_id(event_id, fields["email"])


def host_name(length):
    """A host or mail domain name of exactly ``length`` characters (labels of at most 63)."""
    labels, left = [], length - len(".nl")
    while left > 0:
        size = min(63, left - 1 if left > 64 else left)
        labels.append("a" * size)
        left -= size + 1
    return ".".join(labels) + ".nl"


def person(n=0, **extra):
    return {"name": f"Deelnemer {n}", "email": f"deelnemer{n}@gemeente.example", "consent": True,
            "organisation": "Gemeente Utrecht", **extra}


# ---------------------------------------------------------------- the email worker, driven by hand

def run_email_worker(client, handler="email_worker"):
    """Feed every record of the table's stream to ``handler``, as Lambda would; its result."""
    import boto3
    from scripts.pump import StreamReader
    stream_arn = boto3.client("dynamodb").describe_table(TableName=os.environ["TABLE_NAME"])["Table"]["LatestStreamArn"]
    records = StreamReader(stream_arn, client=boto3.client("dynamodbstreams")).poll(limit=1000)
    return client.lambda_.invoke(handler, {"Records": records})


# ---------------------------------------------------------------- AWS call recorder (tests/test_policy.py)

import functools  # noqa: E402 - this section is appended; its imports stay with it
import sys  # noqa: E402

HANDLER_DIRS = (str(ROOT / "chalicelib" / "blueprints"), str(ROOT / "chalicelib" / "organiser"))   # every Lambda handler
TESTS_DIR = str(ROOT / "tests")
AWS_CALLS = []      # (service, operation, params, env, function) the deployed functions would make
# Which Lambda function a frame belongs to: a handler in workers.py is its own function, any other
# handler is the API's; a test that calls a worker's use case directly stands for that worker.
WORKER_ENTRY_POINTS = {
    (str(ROOT / "chalicelib" / "blueprints" / "workers.py"), name): name
    for name in ("expire_holds", "send_reminders", "send_digests", "email_worker", "export_worker", "ses_feedback")}
WORKER_ENTRY_POINTS.update({
    (str(ROOT / "chalicelib" / "outbox.py"), "handle"): "email_worker",
    (str(ROOT / "chalicelib" / "export_runs.py"), "handle_record"): "export_worker",
    (str(ROOT / "chalicelib" / "bounces.py"), "handle"): "ses_feedback",
    (str(ROOT / "chalicelib" / "signups.py"), "expire_due"): "expire_holds",
    (str(ROOT / "chalicelib" / "webhooks.py"), "retry_due"): "expire_holds",
    (str(ROOT / "chalicelib" / "signups.py"), "remind_due"): "send_reminders",
    (str(ROOT / "chalicelib" / "after.py"), "request_due"): "send_reminders",
    (str(ROOT / "chalicelib" / "digest.py"), "request_due"): "send_digests",
})
_LAST_FUNCTION = ["api_handler"]


def calling_function(frame):
    """The Lambda function (chalice's name for it) whose code runs in ``frame``'s stack, or None
    for test code outside any handler (fixtures creating tables...).

    A call from a thread the handler started (s3transfer's uploads) has neither a test nor a
    handler frame on its stack: it belongs to the function that made the last call before it.
    """
    in_test = False
    while frame:
        code = frame.f_code
        function = WORKER_ENTRY_POINTS.get((code.co_filename, code.co_name))
        if function is None and code.co_filename.startswith(HANDLER_DIRS):
            function = "api_handler"
        if function:
            _LAST_FUNCTION[0] = function
            return function
        in_test = in_test or code.co_filename.startswith(TESTS_DIR)
        frame = frame.f_back
    return None if in_test else _LAST_FUNCTION[0]


def act_as(function: str) -> None:
    """Give the calls of threads the test's code starts (s3transfer's) to ``function``, for this test."""
    _LAST_FUNCTION[0] = function


@pytest.fixture(autouse=True)
def _threads_belong_to_the_api():
    """Each test starts with a thread's calls given to the API's function, whatever ran before it."""
    act_as("api_handler")


def _record_aws_call(params, model, **_):
    """Keep a call with the function that made it, unless test code made it outside any handler."""
    function = calling_function(sys._getframe(1))
    if function:
        env = {k: os.environ.get(k, "") for k in (
            "TABLE_NAME", "EXPORT_BUCKET", "TOKEN_SECRET_PARAM", "SES_CONFIGURATION_SET", "SENDER_EMAIL")}
        test = os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0]     # named when a call is refused
        AWS_CALLS.append((model.service_model.service_name, model.name, params, env, function, test))


@pytest.fixture(scope="session", autouse=True)
def aws_call_recorder():
    """Record every AWS call of every test; at the end, each must be allowed by the policy of the
    function that made it."""
    from chalicelib import aws
    original = aws.client

    @functools.lru_cache(maxsize=None)
    def recording_client(name):
        made = original.__wrapped__(name)
        made.meta.events.register("provide-client-params", _record_aws_call)
        return made

    aws.client = recording_client
    yield AWS_CALLS
    aws.client = original
    from test_policy import violations
    problems = violations(AWS_CALLS)
    assert not problems, "the IAM policy does not allow calls the tests made:\n" + "\n".join(problems)


def send_written(kind: str) -> list:
    """What the stream's mail worker does with the items of ``type`` ``kind`` written so far (the
    other records of the stream are left alone, for the tests that read them); its outcomes."""
    from chalicelib import aws, outbox
    from scripts.pump import StreamReader
    arn = aws.dynamodb().describe_table(TableName=aws.table_name())["Table"]["LatestStreamArn"]
    reader, records = StreamReader(arn), []
    while batch := reader.poll():
        records += batch
    written = [r for r in records if r["eventName"] == "INSERT"
               and r["dynamodb"]["NewImage"].get("type", {}).get("S") == kind]
    return outbox.handle(written, sleep=lambda seconds: None)


def send_sign_in_links() -> list:
    """What the stream's mail worker does with the sign-in requests written so far; its outcomes."""
    return send_written("login_request")


@pytest.fixture
def digest_comparisons(monkeypatch):
    """Every ``hmac.compare_digest(a, b)`` call from now on, recorded as ``(a, b)`` (it still compares):
    a constant-time comparison cannot be seen in timings, so tests check that it is the one used."""
    import hmac
    calls = []

    def compare_digest(a, b):
        calls.append((a, b))
        return a == b
    monkeypatch.setattr(hmac, "compare_digest", compare_digest)
    return calls
