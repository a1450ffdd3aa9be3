"""Exports too big for one answer: a job, a link; chalicelib.export_runs writes the file to S3.

A CSV or XLSX export of an event with more than ``EXPORT_SYNC_MAX_ROWS`` active
registrations (its seat and waiting-list counters; JSON is paged and never needs this)
is not rendered in the request: ``start`` stores a job item and the API answers ``202``
with the job's link. The item's INSERT on the table's stream starts the export worker
(``export_runs.handle_record``), which claims the job once, streams the rows from DynamoDB through
the same renderer as a synchronous export into an S3 multipart upload (memory stays at
one 8 MiB part), records the outcome and mails the link to whoever asked (``asker_address``).

The link is a signed capability, ``/exports/<token>``, like a presigned URL but stable:
each visit checks the job and answers with a fresh presigned URL, for as long as the job
item lives (24 hours, as long as the bucket's lifecycle rule keeps the file) and whoever
asked may still download the event (``asker_may_download``): a revoked or expired key, or a
member who left the team or lost the right, ends the link at once (issue 25 item 15).
"""
import json
import uuid
from datetime import datetime, timedelta
from typing import Optional

from chalicelib import aws, store, tokens
from chalicelib.config import settings
from chalicelib.errors import InvalidToken
from chalicelib.logs import log
from chalicelib.models import ExportJob

_LINK_CONTEXT = b"export-job/v1\x00"
QUEUED, DONE, FAILED = "queued", "done", "failed"   # a claimed job is "running" (store.jobs.claim_job)
URL_SECONDS = 300   # a presigned download URL lives 5 minutes


def needs_job(event, query) -> bool:
    """Whether this export is too big for one synchronous answer."""
    return query.format != "json" and event.seats_taken + event.waitlist_count > settings().export_sync_max_rows


def start(event_id: str, params: dict, accept: Optional[str], *, token_id: str, now: datetime) -> ExportJob:
    """Store a queued job for these (already validated) export parameters; the stream starts it."""
    kept = {k: v for k, v in params.items()
            if k in ("format", "delimiter", "fields", "lang", "status", "since", "checked_in", "include_erased")}
    job = ExportJob(id=uuid.uuid4().hex, event_id=event_id, state=QUEUED, query={"params": kept, "accept": accept},
                    token_id=token_id, created_at=now)
    store.jobs.put_job(job)
    log("export.queued", job_id=job.id)
    return job


def link(job: ExportJob) -> str:
    token = tokens.seal(json.dumps([job.event_id, job.id]).encode(), _LINK_CONTEXT)
    return f"{settings().public_base_url}/exports/{token}"


def open_link(token: str, now: datetime) -> ExportJob:
    """The job a link names. Raises InvalidToken for a tampered, unknown or expired one: the job's
    time is checked here, at ``now``, not left to the table's TTL (which deletes up to days late)."""
    try:
        event_id, job_id = json.loads(tokens.unseal(token, _LINK_CONTEXT))
    except (ValueError, TypeError):
        raise InvalidToken("bad export link")
    job = store.jobs.get_job(event_id, job_id, now)
    if job is None:
        raise InvalidToken("no such export")
    if not asker_may_download(job, now):
        raise InvalidToken("whoever asked for this export may no longer download")
    return job


_MEMBER = "member:"     # how chalicelib.organising.Member names itself in ``token_id``


def asker_may_download(job: ExportJob, now: datetime) -> bool:
    """Whether the key or member that asked for ``job`` may download its event now."""
    from chalicelib import auth, organising
    if job.token_id.startswith(_MEMBER):
        return organising.Member(job.token_id[len(_MEMBER):], "").may("download", job.event_id)
    record = auth.record_of(job.token_id)
    return bool(record) and auth.live(record, now) and auth.principal_of(record).may("download", job.event_id)


def asker_address(job: ExportJob) -> Optional[str]:
    """Where the link goes: the member who asked, or the maker of the key that asked; None for an
    operator's key (no member made it: the link is in the 202 answer only)."""
    from chalicelib import auth
    if job.token_id.startswith(_MEMBER):
        return job.token_id[len(_MEMBER):]
    return (auth.record_of(job.token_id) or {}).get("created_by")


def download_url(job: ExportJob, now: datetime) -> str:
    """A presigned URL of the job's file that ends with the link: ``URL_SECONDS``, or what is
    left of the job's time if that is less (a link refuses the moment its job ends, and so
    does the last URL it gave)."""
    name = job.object_key.rsplit("/", 1)[-1]      # named when it was written (export_runs.run)
    left = int((job.created_at + timedelta(hours=store.jobs.JOB_HOURS) - now).total_seconds())
    return aws.s3().generate_presigned_url("get_object", ExpiresIn=max(1, min(URL_SECONDS, left)), Params={
        "Bucket": settings().export_bucket, "Key": job.object_key,
        "ResponseContentDisposition": f'attachment; filename="{name}"'})
