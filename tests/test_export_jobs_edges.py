"""The edges of big exports (chalicelib/export_jobs.py) an organiser notices: when an export
becomes a job, that the file a job writes is the one the same query gives at once, whatever
the query asks, and how long a download link works."""
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from chalicelib import config, export_jobs
from conftest import DEMO_EVENT, bearer, make_event, person, signup
from test_export_jobs import members_key, run_export_worker, stored_file, three, visit  # noqa: F401 - fixtures

EVENT_ID = DEMO_EVENT["id"]


@pytest.fixture
def three_of_two(client, admin_token, env):
    """Capacity 2: two seated, one waiting."""
    make_event(client, admin_token, capacity=2)
    for n in range(3):
        assert signup(client, EVENT_ID, **person(n)).status_code == 201


def _seconds(env, seconds):
    env.setenv("EXPORT_SYNC_SECONDS", str(seconds))
    config.settings.cache_clear()


def _limit(env, rows):
    """EXPORT_SYNC_SECONDS set to the estimate of a default export (CSV, every column) of ``rows``
    and a half: ``rows`` fit, one more does not."""
    from chalicelib import exports, signups
    columns = len(exports.columns(signups.get_event(EVENT_ID)))
    _seconds(env, export_jobs.estimated_seconds("csv", rows + 0.5, columns))


def _export(client, token, query="format=csv"):
    return client.http.get(f"/events/{EVENT_ID}/registrations?{query}", headers={**bearer(token), "Accept": "*/*"})


def test_an_export_of_exactly_the_limit_is_answered_at_once(client, export_token, three_of_two, env):
    _limit(env, 3)
    assert _export(client, export_token).status_code == 200


def test_the_waiting_list_counts_towards_the_limit(client, export_token, three_of_two, env):
    _limit(env, 2)      # two seats taken, one waiting: three rows
    assert _export(client, export_token).status_code == 202


def test_cancelled_registrations_count_towards_the_limit(client, export_token, three_of_two, env):
    """A cancelled registration is exported too, though no counter holds it."""
    from chalicelib import signups, store
    first = list(store.roster.registrations(EVENT_ID, consistent=True))[0]
    signups.cancel(first)       # the waiting one takes the seat: two active, three stored
    _limit(env, 2)
    answer = _export(client, export_token)
    assert answer.status_code == 202
    run_export_worker(client)
    written, job = stored_file(json.loads(answer.body)["status_url"])
    assert job.rows == 3 and "cancelled" in written.decode("utf-8-sig")


def test_fewer_columns_let_more_rows_through(client, export_token, three_of_two, env):
    _limit(env, 2)      # three rows of every column do not fit; of two columns they do
    assert _export(client, export_token, "format=csv&fields=name,email").status_code == 200


def test_an_xlsx_cell_costs_more_than_a_csv_one(client, export_token, three_of_two, env):
    _limit(env, 3)
    assert _export(client, export_token, "format=csv").status_code == 200
    assert _export(client, export_token, "format=xlsx").status_code == 202


def test_the_estimate_scales_with_the_functions_share_of_a_vcpu(env):
    """Lambda's CPU share follows memory (one vCPU at 1,769 MB); more memory than that gives no more."""
    full = export_jobs.estimated_seconds("csv", 1000, 13)
    env.setenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "884")
    assert export_jobs.estimated_seconds("csv", 1000, 13) == pytest.approx(full * 1769 / 884)
    env.setenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "3538")
    assert export_jobs.estimated_seconds("csv", 1000, 13) == pytest.approx(full)


def test_the_costs_per_cell_are_not_below_the_measured_ones():
    """chalicelib/export_jobs.py's costs come from benchmarks/results.json (`BENCH_ONLY=export,export_scale make bench`);
    a new measurement that finds a cell dearer must raise them."""
    from conftest import ROOT
    measured = json.loads((ROOT / "benchmarks" / "results.json").read_text())
    for fmt, cost in export_jobs.CPU_SECONDS_PER_CELL.items():
        assert cost >= measured["export_scale"][fmt]["cpu_us_per_cell"] / 1e6, fmt    # the job's path
        assert cost >= measured["export_cells"][fmt] / 1e6, fmt      # a synchronous export, real Query pages


@pytest.mark.parametrize("query", ["format=csv&delimiter=semicolon", "format=csv&fields=name,email",
                                   "format=csv&lang=en", "format=csv&status=waitlisted",
                                   "format=csv&since=2100-01-01T00:00:00Z", "format=xlsx&lang=en", "format=csv&checked_in=yes",
                                   "format=csv&include_erased=1"])
def test_a_job_writes_the_file_the_same_query_gives_at_once(client, export_token, three_of_two, env, query):
    if "include_erased" in query:       # someone asked to be forgotten
        from chalicelib import signups, store
        first = list(store.roster.registrations(EVENT_ID, consistent=True))[0]
        signups.erase_by_id(EVENT_ID, first.id)
    _seconds(env, 0)
    link = json.loads(_export(client, export_token, query).body)["status_url"]
    run_export_worker(client)
    written, job = stored_file(link)
    _seconds(env, 1000)
    at_once = _export(client, export_token, query)
    assert at_once.status_code == 200
    if query.startswith("format=xlsx"):
        assert _cells(written) == _cells(at_once.body)
    else:
        assert written.decode("utf-8-sig") == at_once.body.decode("utf-8-sig")


def _cells(workbook: bytes) -> list:
    import io

    import openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(workbook)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_a_download_link_works_for_five_minutes(client, export_token, three_of_two, env):
    _limit(env, 2)
    link = json.loads(_export(client, export_token).body)["status_url"]
    run_export_worker(client)
    location = visit(client, link, accept="text/html").headers["Location"]
    assert parse_qs(urlsplit(location).query)["X-Amz-Expires"] == ["300"]


# ---------------------------------------------------------------- whoever asked, later (issue 25 item 15)

def _swept_key(label):
    """Delete a key's stored record, as DynamoDB's TTL does some time after the key ended."""
    import os

    from chalicelib import auth, aws
    [record] = [r for r in auth.list_tokens() if r["label"] == label]
    items = aws.dynamodb().scan(TableName=os.environ["TABLE_NAME"], FilterExpression="PK = :p AND token_id = :t",
                                ExpressionAttributeValues={":p": {"S": "TOKENS"},
                                                           ":t": {"S": record["token_id"]}})["Items"]
    assert len(items) == 1
    for item in items:
        aws.dynamodb().delete_item(TableName=os.environ["TABLE_NAME"], Key={"PK": item["PK"], "SK": item["SK"]})


def test_a_link_whose_key_is_swept_from_the_table_is_not_found(client, members_key, three):
    link = json.loads(_export(client, members_key).body)["status_url"]
    run_export_worker(client)
    _swept_key("van marieke")
    assert visit(client, link).status_code == 404


def test_a_job_whose_key_went_before_the_worker_ran_is_written_and_mails_nobody(client, members_key, three):
    from test_export_jobs import sent_mails
    from datetime import datetime, timezone

    from chalicelib import store
    job_id = json.loads(_export(client, members_key).body)["job_id"]
    _swept_key("van marieke")
    run_export_worker(client)       # the worker does not fail for want of an address
    assert store.jobs.get_job(EVENT_ID, job_id, datetime.now(timezone.utc)).state == "done"
    assert sent_mails() == []


def test_a_members_link_stops_when_the_event_moves_to_another_organisation(client, admin_token, members_key, three):
    link = json.loads(_export(client, members_key).body)["status_url"]
    run_export_worker(client)
    assert visit(client, link).status_code == 200
    from datetime import datetime, timezone

    from chalicelib import store
    store.organisations.put_organisation("een-ander", "Een ander", [], datetime.now(timezone.utc))
    make_event(client, admin_token, organisation_id="een-ander")
    assert visit(client, link).status_code == 404


def test_the_download_url_of_the_links_last_second_lives_one_second(client, export_token, three_of_two, env):
    from datetime import timedelta

    from chalicelib.blueprints import export_links
    from chalicelib.store.jobs import JOB_HOURS
    _seconds(env, 0)
    link = json.loads(_export(client, export_token).body)["status_url"]
    run_export_worker(client)
    created = stored_file(link)[1].created_at
    from datetime import datetime, timezone
    last = int((created + timedelta(hours=JOB_HOURS)).timestamp())     # the job's end, in whole seconds
    env.setattr(export_links, "now", lambda: datetime.fromtimestamp(last - 0.001, timezone.utc))
    url = json.loads(visit(client, link).body)["download_url"]
    assert parse_qs(urlsplit(url).query)["X-Amz-Expires"] == ["1"]
