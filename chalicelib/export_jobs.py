"""Exports too big for one answer: a job, a link; chalicelib.export_runs writes the file to S3.

A CSV or XLSX export whose estimated work does not fit ``EXPORT_SYNC_SECONDS`` (``needs_job``:
rows of every status, cancelled included, times columns times the format's measured CPU cost
per cell, at the CPU share of the function's memory; JSON is paged and never needs this)
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
import os
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


# CPU seconds per exported cell (one row's one column) on one whole vCPU: a synchronous export
# through the handler (Query pages parsed by botocore, registrations, rendering), measured by
# `BENCH_ONLY=export,export_scale make bench` (benchmarks/results.json: "export_cells", and the
# job's path in "export_scale"; 2026-12-06: 11.2 and 16.5 µs), plus about 15% for a busier moment;
# tests/test_export_jobs_edges.py checks neither measurement is above them.
CPU_SECONDS_PER_CELL = {"csv": 13e-6, "xlsx": 19e-6}
# Lambda gives a function CPU in proportion to its memory: one whole vCPU at 1,769 MB.
FULL_VCPU_MB = 1769


def cpu_share() -> float:
    """The share of one vCPU this function runs on, from the memory Lambda tells it it has
    (a whole one where it runs outside Lambda)."""
    memory = int(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", FULL_VCPU_MB))
    return min(memory / FULL_VCPU_MB, 1.0)


def estimated_seconds(fmt: str, rows: int, columns: int) -> float:
    """The time an export of ``rows`` x ``columns`` in ``fmt`` takes to render in this function."""
    return rows * columns * CPU_SECONDS_PER_CELL[fmt] / cpu_share()


def needs_job(event, query, columns: int) -> bool:
    """Whether this export's estimated work does not fit ``EXPORT_SYNC_SECONDS`` (well under API
    Gateway's 29 seconds). Its rows are every registration stored, of every status: the seat and
    waiting-list counters first (no read), then, if those fit, the registrations counted up to
    the first row that would not (cancelled ones are exported but counted nowhere else)."""
    if query.format == "json":
        return False
    fit = int(settings().export_sync_seconds / estimated_seconds(query.format, 1, columns))
    return (event.seats_taken + event.waitlist_count > fit
            or store.roster.count_registrations(event.id, up_to=fit) > fit)


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
