"""Export jobs: ``EVENT#<event>`` / ``JOB#<id>`` items; their INSERT on the stream starts the worker."""
from datetime import datetime, timedelta

from chalicelib import aws
from chalicelib.models import ExportJob

from . import table, writes

JOB_PREFIX = "JOB#"
JOB_HOURS = 24      # the item (so its link) lives as long as the bucket keeps the file (one-day rule)


def job_key(event_id: str, job_id: str) -> dict:
    return {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": JOB_PREFIX + job_id}}


def put_job(job: ExportJob) -> None:
    item = table.to_item({"job_id": job.id, "event_id": job.event_id, "state": job.state, "query": job.query,
                          "token_id": job.token_id, "created_at": table.iso(job.created_at),
                          "expires_at": int((job.created_at + timedelta(hours=JOB_HOURS)).timestamp())})
    item.update(job_key(job.event_id, job.id))
    aws.dynamodb().put_item(TableName=aws.table_name(), Item=item, ConditionExpression="attribute_not_exists(PK)")


def get_job(event_id: str, job_id: str, now: datetime):
    """The job, or None (unknown, or past its time)."""
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=job_key(event_id, job_id),
                                   ConsistentRead=True).get("Item")
    return to_job(item) if item and table.live(item, now.timestamp()) else None


def to_job(item: dict) -> ExportJob:
    d = table.from_item(item)
    return ExportJob(id=d["job_id"], event_id=d["event_id"], state=d["state"], query=d.get("query") or {},
                     token_id=d.get("token_id", ""), created_at=datetime.fromisoformat(d["created_at"]),
                     rows=int(d.get("rows", 0)), size=int(d.get("size", 0)), object_key=d.get("object_key"),
                     error=d.get("error"))


def claim_job(event_id: str, job_id: str) -> bool:
    """queued -> running, once: a stream record delivered twice runs the job once."""
    return writes._conditional_update(job_key(event_id, job_id), "SET #s = :running", "#s = :queued",
                                      {"#s": "state"}, running="running", queued="queued")


def finish_job(event_id: str, job_id: str, *, rows: int, size: int, object_key: str) -> None:
    aws.dynamodb().update_item(**writes.update(
        job_key(event_id, job_id), "SET #s = :done, #r = :rows, #z = :size, object_key = :object", None,
        {"#s": "state", "#r": "rows", "#z": "size"}, done="done", rows=rows, size=size, object=object_key)["Update"])


def fail_job(event_id: str, job_id: str, error: str) -> None:
    aws.dynamodb().update_item(**writes.update(
        job_key(event_id, job_id), "SET #s = :failed, #e = :error", None, {"#s": "state", "#e": "error"},
        failed="failed", error=error[:500])["Update"])
