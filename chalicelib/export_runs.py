"""The export worker's use case: run a queued export job (chalicelib.export_jobs).

``handle_record`` takes the stream record of a new job item, claims the job once, streams
the rows through the same renderer as a synchronous download (chalicelib.downloads) into
an S3 multipart upload, records the outcome and mails the link to whoever asked for it.
Apart from export_jobs so that downloads (which starts jobs) and this (which renders
them) import each other in one direction only.
"""
from datetime import datetime
from typing import Optional

from chalicelib import downloads, export_jobs, store
from chalicelib.config import settings
from chalicelib.logs import log
from chalicelib.models import ExportJob


def handle_record(record: dict, now: datetime) -> Optional[ExportJob]:
    """Run the job a stream record creates; None for any other record."""
    change = record.get("dynamodb", {})
    if record.get("eventName") != "INSERT" or not change.get("Keys", {}).get("SK", {}).get("S", "").startswith(
            store.jobs.JOB_PREFIX):
        return None
    job = store.jobs.to_job(change["NewImage"])
    return run(job.event_id, job.id, now)


def run(event_id: str, job_id: str, now: datetime) -> Optional[ExportJob]:
    """Claim the job (once), write its file to S3, record it, mail whoever asked. None if taken."""
    from chalicelib.multipart import MultipartWriter
    if not store.jobs.claim_job(event_id, job_id):
        return None
    job = store.jobs.get_job(event_id, job_id, now)
    try:
        event, query = downloads.job_query(event_id, job.query["params"], job.query["accept"])
        name = downloads.filename(event_id, query)
        key = f"exports/{event_id}/{job_id}/{name}"
        with MultipartWriter(settings().export_bucket, key, content_type=downloads.CONTENT_TYPES[query.format],
                             disposition=f'attachment; filename="{name}"') as out:
            rows = downloads.render(event, query, out)
        store.jobs.finish_job(event_id, job_id, rows=rows, size=out.size, object_key=key)
    except Exception as error:  # noqa: BLE001 - recorded on the job; a rerun would fail alike
        store.jobs.fail_job(event_id, job_id, f"{type(error).__name__}: {error}")
        log("export.failed", job_id=job_id, error=f"{type(error).__name__}: {error}")
        return store.jobs.get_job(event_id, job_id, now)
    store.organisers.put_audit({"token_id": job.token_id, "event_id": event_id, "at": store.table.iso(now), "format": query.format,
                     "rows": rows, "fields": query.fields, "status": list(query.statuses or []) or None,
                     "since": store.table.iso(query.since), "delivery": "job"}, now, event)
    done = store.jobs.get_job(event_id, job_id, now)
    _notify(event, done, now)
    log("export.done", job_id=job_id, rows=rows, size=out.size, parts=len(out.parts), peak_buffer=out.peak_buffer)
    return done


def _notify(event, job: ExportJob, now: datetime) -> None:
    """Mail the link to the member who asked, or the maker of the key that asked (never to the
    address the event names: whoever can edit an event could set it); an operator's key gets no
    mail. A failed mail is logged."""
    from chalicelib import emails
    address = export_jobs.asker_address(job)
    if not address:
        return
    locale = event.locales[0]
    try:
        emails.send(emails.build_notice("export_ready", address, locale, {
            "title": event.text("title", locale), "link": export_jobs.link(job), "rows": job.rows,
            "hours": store.jobs.JOB_HOURS}, now=now))
    except emails.SendError as error:
        log("export.mail_failed", job_id=job.id, reason=error.reason)
