"""The edges of GET /events/{id}/registrations (chalicelib/downloads.py) an organiser or a script
notices: every spelling of yes and no, which Accept wins, the exact size at which a download goes
to S3, who an erased or changed registration is listed for, what the log records, and a big
export that runs as a job reading its times in the event's zone as the answer at once would."""
import base64
import csv
import io
import json
import time
from datetime import datetime, timezone
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from conftest import DEMO_EVENT, bearer, make_event, person, signup
from test_downloads import bucket, signed_up  # noqa: F401 - fixtures
from test_downloads import csv_rows, fetch, get, lower_the_inline_limit, page_through
from test_export_jobs import run_export_worker, stored_file

EID = DEMO_EVENT["id"]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ids(response):
    return [item["registration_id"] for item in json.loads(response.body)["items"]]


def audits():
    from chalicelib import store
    return list(store.organisers.list_audit(EID))       # newest first


# ---------------------------------------------------------------- yes and no

@pytest.mark.parametrize("yes", ["1", "yes", "true", "ja", "JA", " True "])
def test_every_spelling_of_yes_lists_those_who_came(client, export_token, signed_up, yes):
    from chalicelib import checkin
    checkin.check_in(EID, signed_up[3].id, datetime.now(timezone.utc))

    assert ids(get(client, export_token, "format=json&" + urlencode({"checked_in": yes}))) == [signed_up[3].id]


@pytest.mark.parametrize("no", ["0", "no", "false", "nee", "Nee"])
def test_every_spelling_of_no_lists_the_no_shows(client, export_token, signed_up, no):
    from chalicelib import checkin
    checkin.check_in(EID, signed_up[3].id, datetime.now(timezone.utc))

    listed = ids(get(client, export_token, "format=json&" + urlencode({"checked_in": no})))

    assert listed == [r.id for r in signed_up if r.id != signed_up[3].id]


@pytest.mark.parametrize("yes", ["1", "ja", "true", "yes"])
def test_every_spelling_of_yes_includes_the_erased(client, admin_token, export_token, signed_up, yes):
    gone = signed_up[2]
    assert client.http.delete(f"/events/{EID}/registrations/{gone.id}", headers=bearer(admin_token)).status_code == 204

    assert gone.id in ids(get(client, export_token, "format=json&" + urlencode({"include_erased": yes})))
    assert gone.id not in ids(get(client, export_token, "format=json&include_erased=nee"))


def test_asking_for_the_erased_status_lists_the_erased(client, admin_token, export_token, signed_up):
    """``status=erased`` is asking for them: no include_erased needed."""
    gone = signed_up[2]
    assert client.http.delete(f"/events/{EID}/registrations/{gone.id}", headers=bearer(admin_token)).status_code == 204

    assert ids(get(client, export_token, "format=json&status=erased")) == [gone.id]


# ---------------------------------------------------------------- which format

@pytest.mark.parametrize("accept, expected", [
    ("text/csv;q=1, application/json;q=0.9", "text/csv; charset=utf-8"),      # q=1 written out
    ("application/json;q=0.9, text/csv;q=1.0", "text/csv; charset=utf-8"),
    ("*/*, application/json", "application/json"),                            # the named type beats */*
    ("text/*, application/json", "application/json"),
    ("text/csv, application/json", "text/csv; charset=utf-8"),                # equal: the first named
    ("application/json, text/csv", "application/json"),
    ("application/json;q=oops, text/csv;q=0.5", "text/csv; charset=utf-8"),    # a weight that is no number: not wanted
])
def test_the_most_wanted_and_most_specific_format_wins(client, export_token, signed_up, accept, expected):
    response = get(client, export_token, accept=accept)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == expected


def test_an_xlsx_asked_without_accept_comes_by_redirect(client, bucket, export_token, signed_up):
    """A client that names no type may not take a binary body through API Gateway."""
    response = get(client, export_token, "format=xlsx", accept=None)

    assert response.status_code == 303
    obj, _ = fetch(response.headers["Location"])
    assert openpyxl.load_workbook(io.BytesIO(obj["Body"].read())).active.max_row == len(signed_up) + 1


@pytest.mark.parametrize("limit", ["²", "١٠", "５"])
def test_a_limit_in_other_digits_is_refused_by_name(client, export_token, signed_up, limit):
    response = get(client, export_token, "format=json&" + urlencode({"limit": limit}))

    assert response.status_code == 400
    assert "limit" in json.loads(response.body)["fields"]


def test_a_json_download_writes_names_as_they_are(client, export_token, signed_up):
    """UTF-8 as written, readable in any viewer: not \\u escapes."""
    body = get(client, export_token, "format=json").body

    assert "Zoë Çelik".encode() in body
    assert b"\\u00eb" not in body


# ---------------------------------------------------------------- pages

def stored_copies(first, count):
    """``count`` registrations like ``first``, written straight to the table (a hundred signups
    through the API take minutes on a busy machine); their ids sort after it, as later signups'."""
    from dataclasses import replace

    from chalicelib import aws, store
    for n in range(count):
        copy = replace(first, id=store.roster.new_registration_id(), email=f"kopie{n}@gemeente.example")
        aws.dynamodb().put_item(TableName=aws.table_name(),
                                Item=store.roster.registration_item(copy, store.roster.normalise(copy.email)))
    return [r.id for r in store.roster.registrations(EID)]


def test_a_page_holds_a_hundred_rows_unless_asked(client, export_token, signed_up):
    every = stored_copies(signed_up[-1], 96)        # 101 in all

    first = json.loads(get(client, export_token, "format=json").body)

    assert len(every) == 101
    assert len(first["items"]) == 100 and first["next_cursor"]
    rest = json.loads(get(client, export_token, "format=json&" + urlencode({"cursor": first["next_cursor"]})).body)
    assert [item["registration_id"] for item in first["items"] + rest["items"]] == every
    assert len(ids(get(client, export_token, "format=json&limit=1000"))) == 101


def test_pages_of_one_row(client, export_token, signed_up):
    found, pages = page_through(client, export_token, "format=json&limit=1")

    assert found == [r.id for r in signed_up] and pages == len(signed_up)


@pytest.mark.parametrize("other", ["status=confirmed", "since=2026-01-01T00:00:00Z", "since=2026-01-02T00:00:00Z",
                                   "checked_in=ja", "include_erased=ja", "fields=name,email"])
def test_a_cursor_of_another_query_is_refused_by_name(client, export_token, signed_up, other):
    """A cursor resumes only the query it was made for: another filter or time is a 400 naming it."""
    query = "format=json&limit=2&since=2026-01-01T00:00:00Z"
    cursor = json.loads(get(client, export_token, query).body)["next_cursor"]

    response = get(client, export_token, f"format=json&limit=2&{other}&" + urlencode({"cursor": cursor}))

    if other == "since=2026-01-01T00:00:00Z":
        assert response.status_code == 200      # the same query, written out again
        return
    assert response.status_code == 400
    assert list(json.loads(response.body)["fields"]) == ["cursor"]


def test_a_page_reads_one_row_more_than_it_shows_not_the_whole_list(client, export_token, signed_up, monkeypatch):
    """A page of 1 of 5 (or of 100 of 100,000) reads the rows it shows and one to know there are more."""
    from chalicelib import store
    pulled, real = [], store.roster.registrations

    def counted(*args, **kwargs):
        for reg in real(*args, **kwargs):
            pulled.append(reg.id)
            yield reg
    monkeypatch.setattr(store.roster, "registrations", counted)

    assert len(ids(get(client, export_token, "format=json&limit=1"))) == 1
    assert pulled == [r.id for r in signed_up[:2]]


# ---------------------------------------------------------------- since

def test_since_the_very_moment_of_a_change_includes_it(client, export_token, signed_up):
    from chalicelib import store
    last = store.roster.get_registration(EID, signed_up[-1].id)

    listed = ids(get(client, export_token, "format=json&" + urlencode({"since": last.updated_at.isoformat()})))

    assert listed == [last.id]


# ---------------------------------------------------------------- inline or S3: the exact size

def test_a_csv_of_exactly_the_limit_is_answered_inline(client, env, bucket, export_token, signed_up):
    """The limit is the size the Lambda carries: the body JSON-escaped, quotes included."""
    body = get(client, export_token).body
    carried = len(json.dumps(body.decode("utf-8")))

    lower_the_inline_limit(env, carried)
    assert get(client, export_token).status_code == 200
    lower_the_inline_limit(env, carried - 1)
    assert get(client, export_token).status_code == 303


def test_an_xlsx_of_exactly_the_limit_is_answered_inline(client, env, bucket, export_token, signed_up, monkeypatch):
    """An XLSX is carried base64-encoded: a third larger than its bytes."""
    import xlsxwriter.core

    class OneMoment(datetime):  # the workbook's creation time, compressed, changes its size by a byte
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 12, 9, 13, 0, tzinfo=tz)
    monkeypatch.setattr(xlsxwriter.core, "datetime", OneMoment)
    body = get(client, export_token, "format=xlsx").body
    carried = len(base64.b64encode(body))

    lower_the_inline_limit(env, carried)
    assert get(client, export_token, "format=xlsx").status_code == 200
    lower_the_inline_limit(env, carried - 1)
    assert get(client, export_token, "format=xlsx").status_code == 303


# ---------------------------------------------------------------- the log

def test_the_log_records_the_filters_asked_and_no_others(client, env, bucket, export_token, signed_up):
    since = datetime(2026, 1, 1, 9, 30, tzinfo=timezone.utc)
    get(client, export_token, "format=json")
    get(client, export_token, "format=json&include_erased=ja&checked_in=nee&" + urlencode({"since": since.isoformat()}))
    lower_the_inline_limit(env, 100)
    get(client, export_token)

    big, filtered, plain = audits()

    for absent in ("status", "since", "include_erased", "checked_in", "fields"):
        assert absent not in plain
    assert plain["delivery"] == "inline" and plain["rows"] == len(signed_up)
    assert filtered["include_erased"] is True and filtered["checked_in"] is False
    assert datetime.fromisoformat(filtered["since"]) == since
    assert big["delivery"] == "s3" and big["rows"] == len(signed_up)


# ---------------------------------------------------------------- a job

def test_a_job_reads_a_time_without_zone_in_the_events_zone(client, admin_token, export_token, env):
    """As the answer at once does (test_downloads): 'since 10:00' is 10:00 in Amsterdam."""
    from chalicelib import config
    make_event(client, admin_token, capacity=None)
    for n in range(2):
        assert signup(client, EID, **person(n)).status_code == 201
    time.sleep(0.01)
    since = datetime.now(AMSTERDAM).replace(tzinfo=None)
    time.sleep(0.01)
    assert signup(client, EID, **person(7)).status_code == 201
    query = "format=csv&" + urlencode({"since": since.isoformat()})
    at_once = [row["email"] for row in csv_rows(get(client, export_token, query))]
    env.setenv("EXPORT_SYNC_SECONDS", "0")
    config.settings.cache_clear()

    answer = get(client, export_token, query)
    assert answer.status_code == 202
    run_export_worker(client)
    written, job = stored_file(json.loads(answer.body)["status_url"])

    assert at_once == [person(7)["email"]]
    assert [row["email"] for row in csv.DictReader(io.StringIO(written.decode("utf-8-sig")))] == at_once
    assert job.rows == 1



def test_a_job_asked_by_accept_alone_writes_the_format_asked(client, export_token, signed_up, env):
    """No ?format=: the Accept header chose XLSX, and the job, run later, writes an XLSX too."""
    from chalicelib import config
    env.setenv("EXPORT_SYNC_SECONDS", "0")
    config.settings.cache_clear()

    answer = get(client, export_token, accept=XLSX)
    assert answer.status_code == 202
    run_export_worker(client)
    written, job = stored_file(json.loads(answer.body)["status_url"])

    sheet = openpyxl.load_workbook(io.BytesIO(written)).active
    assert [cell.value for cell in sheet["A"]][1:] == [r.id for r in signed_up]
    assert job.object_key.endswith(".xlsx")
