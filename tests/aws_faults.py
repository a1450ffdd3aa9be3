"""Fault injection for every AWS call the service makes, through botocore's own event hooks.

``faults`` (the fixture) hooks every client chalicelib.aws makes:
- an AWS error answer (throttling, 5xx, an expired session, a table that is gone) is
  given on ``before-call``, above botocore's retry loop: it is what the service sees
  once the SDK's own retries are spent. moto never sees the call.
- a network failure (read or connect timeout, no connection) is raised on ``before-send``,
  inside the retry loop: botocore retries it as it would in AWS (``attempts`` counts the
  tries), then gives up with it.

``faults.fail(kind, nth=3)`` fails the 3rd AWS call and every later one (an outage that
starts mid-request); ``times=1`` fails only that one; ``service=`` limits it to one
service. ``faults.chaos(rate, seed)`` fails a seeded random share of calls with random
kinds. ``faults.stop()`` ends every fault.
"""
import contextlib
import functools
import random
import threading

import pytest
from botocore.exceptions import ConnectTimeoutError, EndpointConnectionError, ReadTimeoutError

# kind -> per service (code, HTTP status); "*" for any service
ANSWERS = {
    "throttled": {"dynamodb": ("ProvisionedThroughputExceededException", 400),
                  "sesv2": ("TooManyRequestsException", 429), "s3": ("SlowDown", 503),
                  "*": ("ThrottlingException", 400)},
    "server_error": {"s3": ("InternalError", 500), "sesv2": ("InternalFailure", 500),
                     "*": ("InternalServerError", 500)},
    "expired_session": {"s3": ("ExpiredToken", 400), "sesv2": ("ExpiredTokenException", 403),
                        "*": ("ExpiredTokenException", 400)},
    "access_denied": {"s3": ("AccessDenied", 403), "*": ("AccessDeniedException", 400)},
    "table_gone": {"*": ("ResourceNotFoundException", 400)},
    "sending_paused": {"*": ("SendingPausedException", 400)},
}
NETWORK = {"read_timeout": ReadTimeoutError, "connect_timeout": ConnectTimeoutError,
           "no_connection": EndpointConnectionError}
KINDS = tuple(ANSWERS) + tuple(NETWORK)
# the kinds that can befall every service (sending_paused is SES's own)
COMMON = tuple(k for k in KINDS if k != "sending_paused")


class _Http:
    def __init__(self, status):
        self.status_code, self.headers, self.content = status, {}, b""


class AwsFaults:
    def __init__(self):
        self.lock = threading.Lock()
        self.calls = []         # (service, operation, failed kind or None), in order
        self.attempts = 0       # HTTP sends botocore tried for failing calls (retries included)
        self._plan = None
        self._current = threading.local()

    # ---------------------------------------------------------------- plans
    def fail(self, kind, nth=1, times=None, service=None, operation=None):
        assert kind in KINDS, kind
        self._plan = ("fail", kind, len(self.calls) + nth, times, service, operation)
        return self

    def chaos(self, rate, seed, kinds=COMMON):
        self._plan = ("chaos", random.Random(seed), rate, tuple(kinds))
        return self

    def stop(self):
        self._plan = None

    @contextlib.contextmanager
    def paused(self):
        """No faults inside (the test looks at the state), the same plan after."""
        plan, self._plan = self._plan, None
        try:
            yield
        finally:
            self._plan = plan

    @staticmethod
    def is_dependency(error):
        """The error a failed AWS call raises (what the platform retries)."""
        from chalicelib import faults
        return faults.is_dependency_failure(error)

    @property
    def failed(self):
        return [c for c in self.calls if c[2]]

    def _choose(self, service, operation):
        plan = self._plan
        if plan is None:
            return None
        if plan[0] == "chaos":
            _, rng, rate, kinds = plan
            if rng.random() >= rate:
                return None
            return rng.choice(kinds)
        _, kind, first, times, only_service, only_operation = plan
        ordinal = len(self.calls) + 1
        if ordinal < first or (times is not None and ordinal >= first + times):
            return None
        if (only_service and service != only_service) or (only_operation and operation != only_operation):
            return None
        return kind

    # ---------------------------------------------------------------- botocore hooks
    def before_call(self, model, **_):
        service, operation = model.service_model.service_name, model.name
        with self.lock:
            kind = self._choose(service, operation)
            self.calls.append((service, operation, kind))
        self._current.kind = kind if kind in NETWORK else None
        if kind in ANSWERS:
            answers = ANSWERS[kind]
            code, status = answers.get(service) or answers["*"]
            return _Http(status), {"Error": {"Code": code, "Message": "injected fault"},
                                   "ResponseMetadata": {"HTTPStatusCode": status}}
        return None

    def before_send(self, request, **_):
        kind = getattr(self._current, "kind", None)
        if kind:
            with self.lock:
                self.attempts += 1
            raise NETWORK[kind](endpoint_url=request.url, error="injected fault")


@pytest.fixture
def faults(table, monkeypatch):
    """Hook every AWS client of chalicelib.aws; botocore's backoff does not sleep in tests."""
    with injected(monkeypatch) as injector:
        yield injector


@contextlib.contextmanager
def injected(monkeypatch):
    """An AwsFaults hooked into every client chalicelib.aws makes inside (``faults`` for any scope)."""
    import botocore.retries.standard
    from chalicelib import aws
    injector = AwsFaults()
    made, clients = aws.client, []

    @functools.lru_cache(maxsize=None)
    def hooked(name):
        client = made(name)
        clients.append(client)
        client.meta.events.register_first("before-call", injector.before_call, unique_id="faults-call")
        client.meta.events.register_first("before-send", injector.before_send, unique_id="faults-send")
        return client

    monkeypatch.setattr(aws, "client", hooked)
    monkeypatch.setattr(botocore.retries.standard.ExponentialBackoff, "delay_amount", lambda self, context: 0)
    try:
        yield injector
    finally:
        injector.stop()
        for client in clients:      # the clients outlive this test in chalicelib.aws's cache
            client.meta.events.unregister("before-call", unique_id="faults-call")
            client.meta.events.unregister("before-send", unique_id="faults-send")
