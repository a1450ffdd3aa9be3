"""Dependency failures: what counts as one, and how it is logged (once, without personal data).

A dependency failure is an AWS call that failed after botocore's own retries (see
chalicelib.aws for the time budget): throttling, a 5xx, a timeout, a refused connection,
an expired role session, a table that is gone. The use cases catch the AWS errors they
expect (a failed condition, a cancelled transaction); whatever else escapes is this.
Nothing a client sends can cause one, so it is never a 4xx; and it is never a 500
either (the contract forbids that): the HTTP edge answers ``503 service_unavailable``.
"""
import logging
import sys
import traceback

from chalicelib.logs import log, metric

RETRY_AFTER_SECONDS = 60    # the page says "probeer het over een minuut opnieuw"


def dependency_errors() -> tuple:
    """The exception classes of a failed AWS call (imported late: botocore is heavy). boto3's
    own count only once it is loaded (chalicelib.aws makes only S3's client through it):
    before that, none of them can have been raised."""
    from botocore.exceptions import BotoCoreError, ClientError
    boto3_errors = sys.modules.get("boto3.exceptions")
    return (ClientError, BotoCoreError) + ((boto3_errors.Boto3Error,) if boto3_errors else ())


def is_dependency_failure(error: BaseException) -> bool:
    return isinstance(error, dependency_errors())


def aws_code(error: BaseException) -> str:
    """The AWS error code (``ThrottlingException``), or the class name of a client-side failure
    (``ReadTimeoutError``, ``EndpointConnectionError``, ``S3UploadFailedError``)."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        return response.get("Error", {}).get("Code") or type(error).__name__
    return type(error).__name__


def report(error: BaseException, **where) -> None:
    """Log one failed request or job: the AWS error code, or for a bug its type and frames.

    Messages are left out on purpose: an AWS message or an exception's text can quote
    the item or the address it was about. ``where`` names the route or the job.
    """
    if is_dependency_failure(error):
        log("dependency.failed", logging.WARNING, aws_code=aws_code(error),
            operation=getattr(error, "operation_name", None), **where)
        metric("DependencyFailures")
    else:
        frames = [f"{frame.filename.rpartition('/')[2]}:{frame.lineno} {frame.name}"
                  for frame in traceback.extract_tb(error.__traceback__)]
        log("request.bug", logging.ERROR, error_type=type(error).__name__, frames=frames, **where)
        metric("UnexpectedErrors")
