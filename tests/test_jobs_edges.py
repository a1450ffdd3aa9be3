"""The stored export jobs (chalicelib.store.jobs), through the links organisers get: each job its
own item, a link whose job is gone, what a job not yet written or a failed one answers, and how
long a job lives next to the file it names."""
import json
import os

from chalicelib import aws
from conftest import DEMO_EVENT, ROOT
from test_export_jobs import export, run_export_worker, stored_file, three, visit  # noqa: F401 - a fixture

EVENT = DEMO_EVENT["id"]


def job_items():
    return aws.dynamodb().scan(TableName=os.environ["TABLE_NAME"], FilterExpression="begins_with(SK, :j)",
                               ExpressionAttributeValues={":j": {"S": "JOB#"}})["Items"]


def test_two_big_exports_of_one_event_each_get_their_own_file(client, export_token, three):  # noqa: F811
    csv_link = json.loads(export(client, export_token, "csv").body)["status_url"]
    xlsx_link = json.loads(export(client, export_token, "xlsx").body)["status_url"]
    assert csv_link != xlsx_link and len(job_items()) == 2
    run_export_worker(client)
    csv_file, csv_job = stored_file(csv_link)
    xlsx_file, xlsx_job = stored_file(xlsx_link)
    assert csv_job.object_key.endswith(".csv") and xlsx_job.object_key.endswith(".xlsx")
    assert csv_file.decode("utf-8-sig").count("\n") == 4 and xlsx_file.startswith(b"PK")


def test_a_link_whose_job_is_gone_is_not_found(client, export_token, three):  # noqa: F811
    """DynamoDB's TTL swept the job (or the event went): the link is a plain 404, not a failure."""
    link = json.loads(export(client, export_token).body)["status_url"]
    (item,) = job_items()
    aws.dynamodb().delete_item(TableName=os.environ["TABLE_NAME"], Key={"PK": item["PK"], "SK": item["SK"]})
    answer = visit(client, link)
    assert answer.status_code == 404


def test_a_job_not_yet_written_has_no_rows(client, export_token, three):  # noqa: F811
    link = json.loads(export(client, export_token).body)["status_url"]
    body = json.loads(visit(client, link).body)
    assert body["status"] == "queued" and body["rows"] == 0


def test_a_job_whose_file_fails_says_so_and_keeps_the_reason_short(client, export_token, three, monkeypatch):  # noqa: F811
    from chalicelib import downloads

    def broken(event, query, out):
        raise RuntimeError("x" * 1000)
    monkeypatch.setattr(downloads, "render", broken)
    link = json.loads(export(client, export_token).body)["status_url"]
    run_export_worker(client)
    answer = visit(client, link)
    assert answer.status_code == 200
    assert json.loads(answer.body) | {"job_id": None} == {"job_id": None, "event_id": EVENT, "status": "failed",
                                                           "rows": 0}
    (item,) = job_items()
    assert item["error"]["S"] == ("RuntimeError: " + "x" * 1000)[:500]


def test_a_job_ends_before_the_bucket_may_delete_its_file(client, export_token, three):  # noqa: F811
    """The bucket's lifecycle rule deletes an export after a day (S3: at the first midnight UTC a
    day after it was written): a job, so its link, must not outlive the file, and lives that day."""
    from datetime import datetime
    from chalicelib.store.jobs import JOB_HOURS
    resources = json.loads((ROOT / ".chalice" / "resources.json").read_text())
    (rule,) = [r for bucket in resources["Resources"].values() if bucket.get("Type") == "AWS::S3::Bucket"
               for r in bucket["Properties"].get("LifecycleConfiguration", {}).get("Rules", [])
               if r["Prefix"] == "exports/"]
    export(client, export_token)
    (item,) = job_items()
    created = datetime.fromisoformat(item["created_at"]["S"]).timestamp()
    assert int(item["expires_at"]["N"]) - int(created) == rule["ExpirationInDays"] * 24 * 3600 == JOB_HOURS * 3600


def test_the_link_says_running_while_the_file_is_written_and_then_its_size(client, export_token, three,  # noqa: F811
                                                                            monkeypatch):
    from chalicelib import downloads
    render, seen = downloads.render, []

    def watched(event, query, out):
        seen.append(json.loads(visit(client, link).body))
        return render(event, query, out)
    monkeypatch.setattr(downloads, "render", watched)
    link = json.loads(export(client, export_token).body)["status_url"]
    run_export_worker(client)
    assert [(s["status"], s["rows"]) for s in seen] == [("running", 0)]
    done = json.loads(visit(client, link).body)
    written, _ = stored_file(link)
    assert (done["status"], done["rows"], done["size"]) == ("done", 3, len(written))
