"""The export worker's edges (chalicelib.export_runs): the audit record of a job's export, and the
stream records that are not a new job."""
import json
import os
from datetime import datetime, timedelta, timezone

from chalicelib import aws, store
from conftest import DEMO_EVENT
from test_export_jobs import export, members_key, run_export_worker, sent_mails, stored_file, three  # noqa: F401 - fixtures
from test_logs import log_lines  # noqa: F401 - a fixture

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


def test_a_workbook_asked_for_by_its_media_type_is_written_as_a_workbook(client, export_token, three):  # noqa: F811
    """No ``format`` in the query: the Accept header of the request that started the job chooses it."""
    from chalicelib.downloads import XLSX
    answer = client.http.get(f"/events/{EVENT}/registrations", headers={"Authorization": f"Bearer {export_token}",
                                                                       "Accept": XLSX})
    run_export_worker(client)
    written, job = stored_file(json.loads(answer.body)["status_url"])
    assert job.object_key.endswith(".xlsx")
    assert written[:2] == b"PK"         # a zip, as every workbook is


def test_a_job_whose_file_fails_says_failed_on_its_link_and_keeps_why(client, export_token, three, monkeypatch):  # noqa: F811
    from chalicelib import downloads
    from test_export_jobs import visit

    def broken(*_args, **_kwargs):
        raise RuntimeError("the renderer failed")
    monkeypatch.setattr(downloads, "render", broken)
    link = json.loads(export(client, export_token).body)["status_url"]
    run_export_worker(client)
    assert json.loads(visit(client, link).body)["status"] == "failed"
    assert exports_logged() == []
    (item,) = aws.dynamodb().scan(TableName=os.environ["TABLE_NAME"], FilterExpression="begins_with(SK, :j)",
                                  ExpressionAttributeValues={":j": {"S": "JOB#"}})["Items"]
    assert item["error"] == {"S": "RuntimeError: the renderer failed"}       # what an operator reads of it


def test_the_audit_names_the_fields_since_and_when(client, export_token, three):  # noqa: F811
    answer = client.http.get(f"/events/{EVENT}/registrations?format=csv&fields=name,email&since=2020-01-01T00:00:00Z",
                             headers={"Authorization": f"Bearer {export_token}", "Accept": "*/*"})
    before = datetime.now(timezone.utc)
    run_export_worker(client)
    _, job = stored_file(json.loads(answer.body)["status_url"])
    (record,) = exports_logged()
    assert record["fields"] == ["name", "email"]
    assert record["since"] == "2020-01-01T00:00:00.000+00:00"
    assert before - timedelta(seconds=1) <= datetime.fromisoformat(record["at"]) <= datetime.now(timezone.utc)


def test_the_stored_file_is_typed_and_named_for_a_download(client, export_token, three):  # noqa: F811
    """Whoever opens the bucket's object itself (a console, a copied URL) gets a named CSV file."""
    link = json.loads(export(client, export_token).body)["status_url"]
    run_export_worker(client)
    _, job = stored_file(link)
    assert job.object_key == f"exports/{EVENT}/{job.id}/{EVENT}-registrations.csv"    # the bucket's rule deletes exports/ after a day
    head = aws.s3().head_object(Bucket=os.environ["EXPORT_BUCKET"], Key=job.object_key)
    assert head["ContentType"].startswith("text/csv")
    assert head["ContentDisposition"] == f'attachment; filename="{EVENT}-registrations.csv"'


def test_the_mail_to_the_keys_maker_has_the_link_and_says_how_many_rows_and_how_long_it_works(client, members_key, three):  # noqa: F811
    from chalicelib.store.jobs import JOB_HOURS
    link = json.loads(export(client, members_key).body)["status_url"]
    run_export_worker(client)
    (mail,) = sent_mails()
    assert mail["To"].addresses[0].addr_spec == "marieke@duurzaamdoor.example"     # the maker of the key
    text = " ".join(mail.get_body(("plain",)).get_content().split())
    assert link in text
    assert "‘Lerende ambtenaren versnellen circulaire economie’ staat klaar. Er staan 3 aanmeldingen in." in text
    assert f"De link werkt {JOB_HOURS} uur." in text


def test_the_operators_log_says_what_a_job_wrote(client, export_token, three, log_lines):  # noqa: F811
    link = json.loads(export(client, export_token).body)["status_url"]
    run_export_worker(client)
    written, job = stored_file(link)
    (done,) = [json.loads(line) for line in log_lines if '"export.done"' in line]
    assert (done["job_id"], done["rows"], done["size"], done["parts"]) == (job.id, 3, len(written), 1)
    assert done["peak_buffer"] == len(written)      # one part, under the part size: all of it in memory once


def test_the_operators_log_says_why_a_job_failed(client, export_token, three, monkeypatch, log_lines):  # noqa: F811
    from chalicelib import downloads

    def broken(*_args, **_kwargs):
        raise RuntimeError("the renderer failed")
    monkeypatch.setattr(downloads, "render", broken)
    export(client, export_token)
    run_export_worker(client)
    (failed,) = [json.loads(line) for line in log_lines if '"export.failed"' in line]
    assert failed["error"] == "RuntimeError: the renderer failed"
    assert len(failed["job_id"]) == 32


def test_a_mail_that_cannot_be_sent_leaves_the_job_done_and_is_logged(client, members_key, three, monkeypatch,  # noqa: F811
                                                                       log_lines):
    from chalicelib import emails
    from test_export_jobs import visit

    def refused(_message, **_kwargs):
        raise emails.PermanentSendError("MessageRejected: address blacklisted")
    monkeypatch.setattr(emails, "send", refused)
    link = json.loads(export(client, members_key).body)["status_url"]
    run_export_worker(client)
    _, job = stored_file(link)
    assert json.loads(visit(client, link).body)["status"] == "done"
    (line,) = [json.loads(line) for line in log_lines if '"export.mail_failed"' in line]
    assert (line["job_id"], line["reason"]) == (job.id, "MessageRejected: address blacklisted")


def test_the_mail_of_an_english_first_event_names_its_english_title(client, admin_token, members_key, three):  # noqa: F811
    from conftest import make_event
    make_event(client, admin_token, locales=["en", "nl"])
    export(client, members_key)
    run_export_worker(client)
    (mail,) = sent_mails()
    text = " ".join(mail.get_body(("plain",)).get_content().split())
    assert "Learning civil servants speed up the circular economy" in text


def test_a_jobs_export_takes_its_place_among_the_downloads_newest_first(client, export_token, three, env):  # noqa: F811
    from chalicelib import config
    export(client, export_token)
    run_export_worker(client)
    env.setenv("EXPORT_SYNC_SECONDS", "1000")
    config.settings.cache_clear()
    assert export(client, export_token).status_code == 200        # a later download, answered at once
    assert [r.get("delivery") for r in store.organisers.list_audit(EVENT) if "format" in r][:2] == ["inline", "job"]
