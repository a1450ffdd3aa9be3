"""The only place AWS clients are made: lazily, once per process.

Clients are created on first use so that tests can start moto first, and so that
the cold start of a signup does not pay for clients it never uses. Every client
honours ``AWS_ENDPOINT_URL`` (botocore does that itself), which is how the local
stack points them at the emulator.

They are botocore's clients, the ones boto3 hands out, made without importing boto3:
importing it and making its session costs about 25 ms of CPU on a cold start
(boto3.compat imports the S3 transfer manager). Only S3 is made through boto3, for the
transfer methods it adds (``upload_fileobj``), which only the export worker uses.
"""
import functools
import os
import threading

from chalicelib.config import settings


@functools.lru_cache(maxsize=None)
def client(name: str):
    from botocore.config import Config  # deferred: botocore costs ~100 ms of cold start

    options = dict(_CONFIG.get(name, _DEFAULT))
    if os.environ.get("AWS_ENDPOINT_URL"):
        # the local emulator serves one request at a time: under load a call waits its turn
        options["read_timeout"] = LOCAL_READ_TIMEOUT
    config = Config(**options)
    if name in _THROUGH_BOTO3:
        import boto3
        return boto3.session.Session().client(name, config=config)
    with _CREATING:     # a botocore session is not thread-safe while it makes a client
        return _session().create_client(name, config=config)


@functools.lru_cache(maxsize=None)
def _session():
    """One botocore session for all clients: its loader reads botocore's endpoint rules, partitions
    and defaults once (a session per client read them per client: ~10 ms of cold start each)."""
    import botocore.session
    return botocore.session.Session()


# The time budget (docs/faults.md). API Gateway gives a request 29 s; a signup makes one or
# two DynamoDB calls, so one call may take at most ~12 s however it fails: 3 attempts
# (standard mode: throttling, 5xx, timeouts and connection errors are retried with
# exponential backoff and jitter: at most 1 s + 2 s after a throttle, milliseconds after
# anything else; an outage drains the retry quota, after which calls fail at once) of at most 1 s to connect and 2 s to
# read. A throttle or a 5xx fails fast (< 3.5 s for all three); only a black hole takes
# the whole 12 s. Then the HTTP edge answers 503 (chalicelib.http.routing).
LOCAL_READ_TIMEOUT = 30
_DEFAULT = {"connect_timeout": 1, "read_timeout": 2, "retries": {"mode": "standard", "total_max_attempts": 3}}
_CONFIG = {
    # presigned export links must be SigV4 (S3 is retiring SigV2, botocore's default there);
    # a part upload of up to 8 MB may take longer to answer than a DynamoDB call
    "s3": {**_DEFAULT, "signature_version": "s3v4", "read_timeout": 10},
    # emails.send does its own backoff (5 tries); botocore's retries would multiply it
    "sesv2": {**_DEFAULT, "read_timeout": 5, "retries": {"mode": "standard", "total_max_attempts": 1}},
}


_THROUGH_BOTO3 = {"s3"}
_CREATING = threading.Lock()


def dynamodb():
    return client("dynamodb")


def sesv2():
    return client("sesv2")


def s3():
    return client("s3")


def ssm():
    return client("ssm")


def table_name() -> str:
    return settings().table_name


def reset() -> None:
    """Forget cached clients (tests start a fresh moto per test)."""
    client.cache_clear()
    _session.cache_clear()
