"""Exports of any size: estimated over EXPORT_SYNC_SECONDS a CSV/XLSX export answers 202 with a link, the
export worker writes the file to S3 in parts, and the organiser gets the link by mail."""
import io
import json
import os
from datetime import datetime, timezone
from email import message_from_string, policy
from urllib.parse import urlsplit

import pytest

from chalicelib import aws, config, export_jobs
from chalicelib.multipart import MultipartWriter
from conftest import DEMO_EVENT, bearer, person, signup

EVENT = DEMO_EVENT["id"]
ORGANISER = DEMO_EVENT["organiser"]["email"]


@pytest.fixture
def three(client, demo_event, env):
    for n in range(3):
        assert signup(client, EVENT, **person(n)).status_code == 201
    env.setenv("EXPORT_SYNC_SECONDS", "0")      # every row over it
    config.settings.cache_clear()


def export(client, token, fmt="csv"):
    return client.http.get(f"/events/{EVENT}/registrations?format={fmt}", headers={**bearer(token), "Accept": "*/*"})


def visit(client, link, accept="application/json"):
    return client.http.get(urlsplit(link).path, headers={"Accept": accept})


def run_export_worker(client):
    """Feed the table's stream to ``export_worker``, as its Lambda would; the records fed."""
    import boto3

    from scripts.pump import StreamReader
    arn = boto3.client("dynamodb").describe_table(TableName=os.environ["TABLE_NAME"])["Table"]["LatestStreamArn"]
    records = StreamReader(arn, client=boto3.client("dynamodbstreams")).poll(limit=1000)
    client.lambda_.invoke("export_worker", {"Records": records})
    return records


def stored_file(link):
    """The file a job link names, and its job."""
    job = export_jobs.open_link(urlsplit(link).path.rsplit("/", 1)[1], datetime.now(timezone.utc))
    return aws.s3().get_object(Bucket=os.environ["EXPORT_BUCKET"], Key=job.object_key)["Body"].read(), job


def sent_mails():
    from moto.ses.models import ses_backends
    return [message_from_string(m.raw_data, policy=policy.default)
            for m in ses_backends["123456789012"]["eu-west-1"].sent_messages if hasattr(m, "raw_data")]


def test_a_big_export_answers_202_with_a_link(client, export_token, three):
    response = export(client, export_token)
    body = json.loads(response.body)
    assert response.status_code == 202
    assert set(body) == {"job_id", "event_id", "status", "status_url"}
    assert body["status"] == "queued"
    assert response.headers["Location"] == body["status_url"]
    assert body["status_url"].startswith("https://signup.test/exports/")


def test_the_link_says_queued_until_the_worker_ran(client, export_token, three):
    link = json.loads(export(client, export_token).body)["status_url"]
    response = visit(client, link)
    assert response.status_code == 202
    assert json.loads(response.body)["status"] == "queued"
    assert response.headers["Retry-After"] == "5"


def test_the_worker_writes_the_same_file_a_synchronous_export_gives(client, export_token, three, env):
    link = json.loads(export(client, export_token).body)["status_url"]
    run_export_worker(client)
    written, job = stored_file(link)
    env.setenv("EXPORT_SYNC_SECONDS", "1000")
    config.settings.cache_clear()
    synchronous = export(client, export_token)
    assert synchronous.status_code == 200
    assert written == synchronous.body
    assert job.state == "done"
    assert job.rows == 3


def test_a_done_link_redirects_to_the_file_and_tells_json_clients_its_url(client, export_token, three):
    link = json.loads(export(client, export_token).body)["status_url"]
    run_export_worker(client)
    browser = visit(client, link, accept="text/html")
    answer = json.loads(visit(client, link).body)
    assert browser.status_code == 303
    assert "X-Amz-Signature=" in browser.headers["Location"]
    assert answer["status"] == "done"
    assert answer["rows"] == 3
    assert "X-Amz-Signature=" in answer["download_url"]


MEMBER = "marieke@duurzaamdoor.example"      # a member of the demo organisation; not the event's ORGANISER address


@pytest.fixture
def members_key(table):
    """An export key a member made on the keys page (its maker: MEMBER)."""
    from chalicelib import auth
    return auth.mint("export", [EVENT], label="van marieke", organisation_id="duurzaamdoor", created_by=MEMBER)[1]


def test_the_member_who_asked_gets_the_link_by_mail(client, members_key, three):
    link = json.loads(export(client, members_key).body)["status_url"]
    run_export_worker(client)
    assert [m["To"].addresses[0].addr_spec for m in sent_mails()] == [MEMBER]    # not the event's address
    mails = sent_mails()
    assert mails[0]["Subject"] == "Je bestand staat klaar: Lerende ambtenaren versnellen…"   # within 60 characters
    assert link in mails[0].get_body(("plain",)).get_content()
    assert f'href="{link}"' in mails[0].get_body(("html",)).get_content()


def test_an_xlsx_job_is_a_workbook_with_every_row(client, export_token, three):
    from openpyxl import load_workbook
    link = json.loads(export(client, export_token, "xlsx").body)["status_url"]
    run_export_worker(client)
    written, _ = stored_file(link)
    sheet = load_workbook(io.BytesIO(written), read_only=True).active
    assert sheet.max_row == 4       # header and three registrations


def test_a_record_delivered_twice_runs_the_job_once(client, members_key, three):
    export(client, members_key)
    records = run_export_worker(client)
    client.lambda_.invoke("export_worker", {"Records": records})
    assert len([m for m in sent_mails() if m["To"].addresses[0].addr_spec == MEMBER]) == 1


def test_a_tampered_link_is_not_found(client, export_token, three):
    link = json.loads(export(client, export_token).body)["status_url"]
    response = visit(client, link[:-3] + "AAA")
    assert response.status_code == 404
    assert json.loads(response.body)["error"] == "invalid_token"


def test_json_stays_paged_and_synchronous(client, export_token, three):
    response = export(client, export_token, "json")
    assert response.status_code == 200
    assert len(json.loads(response.body)["items"]) == 3


# ---------------------------------------------------------------- the part writer

MIB = 1024 * 1024


def test_parts_are_uploaded_as_they_fill_so_memory_stays_at_one_part(table):
    chunk = bytes(range(256)) * 256                     # 64 KiB
    with MultipartWriter("signups-exports-test", "k", content_type="text/csv", disposition="attachment",
                         part_size=5 * MIB) as out:
        for _ in range(12 * 16):                        # 12 MiB
            out.write(chunk)
    stored = aws.s3().get_object(Bucket="signups-exports-test", Key="k")["Body"].read()
    assert len(out.parts) == 3
    assert out.peak_buffer < 5 * MIB + len(chunk)
    assert stored == chunk * (12 * 16)


def test_a_failed_render_leaves_no_object_and_no_parts(table):
    with pytest.raises(RuntimeError):
        with MultipartWriter("signups-exports-test", "broken", content_type="text/csv",
                             disposition="attachment", part_size=5 * MIB) as out:
            out.write(b"x" * (6 * MIB))
            raise RuntimeError("renderer failed")
    listed = aws.s3().list_objects_v2(Bucket="signups-exports-test").get("Contents", [])
    assert [o["Key"] for o in listed] == []
    assert aws.s3().list_multipart_uploads(Bucket="signups-exports-test").get("Uploads", []) == []


@pytest.mark.parametrize("query, name", [
    ("format=csv", f"{EVENT}-registrations.csv"),
    ("format=csv&lang=nl&delimiter=semicolon", f"{EVENT}-aanmeldingen-excel-nl.csv"),
    ("format=xlsx&lang=en", f"{EVENT}-registrations.xlsx"),
    ("format=xlsx&lang=nl", f"{EVENT}-aanmeldingen.xlsx")])
def test_a_big_download_has_the_name_a_small_one_has(client, export_token, three, env, query, name):
    """Issue 22 item 10: the organiser's language and list separator name the file of a job too."""
    link = json.loads(client.http.get(f"/events/{EVENT}/registrations?{query}",
                                      headers={**bearer(export_token), "Accept": "*/*"}).body)["status_url"]
    run_export_worker(client)
    _written, job = stored_file(link)
    url = json.loads(visit(client, link).body)["download_url"]
    assert job.object_key.endswith("/" + name)
    assert f"filename%3D%22{name}%22" in url
    env.setenv("EXPORT_SYNC_SECONDS", "1000")
    config.settings.cache_clear()
    small = client.http.get(f"/events/{EVENT}/registrations?{query}", headers={**bearer(export_token), "Accept": "*/*"})
    assert small.headers["Content-Disposition"] == f'attachment; filename="{name}"'


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_an_expired_link_refuses_at_once_though_the_table_still_holds_the_job(client, export_token, three, env,
                                                                              accept):
    """Issue 25 item 13: DynamoDB deletes an expired item up to days late; the link checks the time
    itself when it is read."""
    from datetime import timedelta
    from chalicelib.blueprints import export_links
    from chalicelib.store.jobs import JOB_HOURS
    link = json.loads(export(client, export_token).body)["status_url"]
    run_export_worker(client)
    assert visit(client, link).status_code == 200
    created = stored_file(link)[1].created_at
    env.setattr(export_links, "now", lambda: created + timedelta(hours=JOB_HOURS, seconds=1))
    assert aws.dynamodb().scan(TableName=os.environ["TABLE_NAME"], FilterExpression="begins_with(PK, :j) OR "
                               "begins_with(SK, :j)", ExpressionAttributeValues={":j": {"S": "JOB#"}})["Count"] == 1
    refused = visit(client, link, accept)
    assert refused.status_code == 404
    assert "download_url" not in refused.body.decode()
    env.setattr(export_links, "now", lambda: created + timedelta(hours=JOB_HOURS, seconds=-1))
    assert visit(client, link).status_code == 200


def test_the_last_download_url_ends_with_the_link(client, export_token, three, env):
    from datetime import timedelta
    from urllib.parse import parse_qs
    from chalicelib.blueprints import export_links
    from chalicelib.store.jobs import JOB_HOURS
    link = json.loads(export(client, export_token).body)["status_url"]
    run_export_worker(client)
    created = stored_file(link)[1].created_at

    def expires_in(at):
        env.setattr(export_links, "now", lambda: at)
        url = json.loads(visit(client, link).body)["download_url"]
        return int(parse_qs(urlsplit(url).query)["X-Amz-Expires"][0])

    assert expires_in(created) == export_jobs.URL_SECONDS
    assert expires_in(created + timedelta(hours=JOB_HOURS, seconds=-40)) == 40


# ---------------------------------------------------------------- the link belongs to whoever asked (issue 25 item 15)

def test_an_operators_key_gets_the_link_in_the_answer_and_no_mail(client, export_token, three):
    link = json.loads(export(client, export_token).body)["status_url"]
    run_export_worker(client)
    assert sent_mails() == []
    assert visit(client, link).status_code == 200


def test_a_signed_in_member_gets_the_link_by_mail(client, three):
    from test_roles import session_of
    cookie, _ = session_of(MEMBER)
    answer = client.http.get(f"/events/{EVENT}/registrations?format=csv", headers={"Cookie": cookie, "Accept": "*/*"})
    link = json.loads(answer.body)["status_url"]
    run_export_worker(client)
    [mail] = sent_mails()
    assert mail["To"].addresses[0].addr_spec == MEMBER
    assert link in mail.get_body(("plain",)).get_content()


def test_the_link_stops_when_the_key_that_asked_is_revoked(client, members_key, three):
    from chalicelib import auth
    link = json.loads(export(client, members_key).body)["status_url"]
    run_export_worker(client)
    assert visit(client, link).status_code == 200
    [record] = [r for r in auth.list_tokens() if r["label"] == "van marieke"]
    auth.revoke(record["token_id"])
    assert visit(client, link).status_code == 404
    assert visit(client, link, accept="text/html").status_code == 404


def test_the_link_stops_when_the_maker_of_the_key_leaves_the_team(client, admin_token, members_key, three):
    from test_roles import put_team
    link = json.loads(export(client, members_key).body)["status_url"]
    run_export_worker(client)
    put_team(client, admin_token, [{"email": "someone@duurzaamdoor.example", "role": "beheerder"}])
    assert visit(client, link).status_code == 404


@pytest.mark.parametrize("left", [[], [{"email": MEMBER, "role": "meekijker"}]])
def test_the_link_stops_when_the_member_who_asked_leaves_or_may_no_longer_download(client, admin_token, three, left):
    from test_roles import put_team, session_of
    cookie, _ = session_of(MEMBER)
    answer = client.http.get(f"/events/{EVENT}/registrations?format=csv", headers={"Cookie": cookie, "Accept": "*/*"})
    link = json.loads(answer.body)["status_url"]
    run_export_worker(client)
    assert visit(client, link).status_code == 200
    put_team(client, admin_token, [{"email": "someone@duurzaamdoor.example", "role": "beheerder"}] + left)
    assert visit(client, link).status_code == 404
