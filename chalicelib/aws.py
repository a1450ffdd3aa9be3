"""The only place boto3 clients are made: lazily, once per process.

Clients are created on first use so that tests can start moto first, and so that
the cold start of a signup does not pay for clients it never uses. Every client
honours ``AWS_ENDPOINT_URL`` (boto3 does that itself), which is how the local
stack points them at the emulator.
"""
import functools

from chalicelib.config import settings


@functools.lru_cache(maxsize=None)
def client(name: str):
    import boto3  # deferred: importing boto3 costs ~100 ms of cold start
    from botocore.config import Config

    return boto3.session.Session().client(name, config=Config(**_CONFIG.get(name, {})))


_CONFIG = {
    # presigned export links must be SigV4 (S3 is retiring SigV2, botocore's default there)
    "s3": {"signature_version": "s3v4"},
    # emails.send does its own backoff; botocore's retries would multiply it
    "sesv2": {"retries": {"total_max_attempts": 1}},
}


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
