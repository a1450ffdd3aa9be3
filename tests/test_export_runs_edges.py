"""The export worker's edges (chalicelib.export_runs): the audit record of a job's export, and the
stream records that are not a new job."""
import json
import os

from chalicelib import aws, store
from conftest import DEMO_EVENT
from test_export_jobs import export, run_export_worker, stored_file, three  # noqa: F401 - a fixture

EVENT = DEMO_EVENT["id"]


def exports_logged():
    return [r for r in store.organisers.list_audit(EVENT) if r.get("delivery") == "job"]


def test_a_jobs_export_is_in_the_audit_log_with_what_it_held(client, export_token, three):  # noqa: F811
    link = json.loads(client.http.get(f"/events/{EVENT}/registrations?format=csv&status=confirmed",
                                      headers={"Authorization": f"Bearer {export_token}", "Accept": "*/*"}).body)[
        "status_url"]
    run_export_worker(client)
    _, job = stored_file(link)
    (record,) = exports_logged()
    assert record["format"] == "csv" and record["status"] == ["confirmed"] and record["rows"] == job.rows == 3
    assert record["token_id"] == job.token_id and record["event_id"] == EVENT


def test_an_export_of_every_status_names_none(client, export_token, three):  # noqa: F811
    export(client, export_token)
    run_export_worker(client)
    (record,) = exports_logged()
    assert record.get("status") is None and record["rows"] == 3


def test_a_job_swept_from_the_table_is_no_work_for_the_worker(client, export_token, three):  # noqa: F811
    """DynamoDB's TTL deleting a job sends a REMOVE record (no new image): the worker lets it pass."""
    export(client, export_token)
    run_export_worker(client)
    (item,) = aws.dynamodb().scan(TableName=os.environ["TABLE_NAME"], FilterExpression="begins_with(SK, :j)",
                                  ExpressionAttributeValues={":j": {"S": "JOB#"}})["Items"]
    aws.dynamodb().delete_item(TableName=os.environ["TABLE_NAME"], Key={"PK": item["PK"], "SK": item["SK"]})
    records = run_export_worker(client)
    assert "REMOVE" in [r["eventName"] for r in records]
    assert len(exports_logged()) == 1
