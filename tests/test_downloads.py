"""GET /events/{id}/registrations: every format parsed back and compared with the stored rows."""
import csv
import io
import json
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlencode, urlsplit
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from conftest import DEMO_EVENT, bearer, make_event, person, signup

EID = DEMO_EVENT["id"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def bucket(table):
    from chalicelib.config import settings
    return settings().export_bucket      # the table fixture made it


@pytest.fixture
def signed_up(client, demo_event):
    """Five registrations, with names a spreadsheet would take for formulas among them."""
    names = ["Anne de Vries", "=HYPERLINK(\"x\")", "Zoë Çelik", 'Jan "de Man"; BV', "-Bob"]
    for n, name in enumerate(names):
        assert signup(client, EID, **person(n, name=name)).status_code == 201
    return stored()


def stored(event_id=EID):
    from chalicelib import store
    return list(store.roster.registrations(event_id))


def get(client, token, query="", accept="*/*", event_id=EID):
    headers = {**bearer(token), **({"Accept": accept} if accept else {})}
    return client.http.get(f"/events/{event_id}/registrations{'?' + query if query else ''}", headers=headers)


def csv_rows(response, delimiter=","):
    assert response.body.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(response.body.decode("utf-8-sig"), newline=""), delimiter=delimiter)
    return list(reader)


def local(moment):
    return moment.astimezone(AMSTERDAM).isoformat(timespec="seconds")


def neutral(text):
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


# ---------------------------------------------------------------- formats

@pytest.mark.parametrize("query, delimiter", [("", ","), ("delimiter=semicolon", ";"), ("delimiter=comma", ",")])
def test_csv_round_trips_the_stored_registrations(client, export_token, signed_up, query, delimiter):
    response = get(client, export_token, query)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{EID}-registrations.csv"'
    rows = csv_rows(response, delimiter)
    assert [row["registration_id"] for row in rows] == [r.id for r in signed_up]
    for row, reg in zip(rows, signed_up):
        assert row["name"] == neutral(reg.name)
        assert (row["email"], row["status"], row["locale"]) == (reg.email, reg.status, reg.locale)
        assert row["organisation"] == reg.answers["organisation"]
        assert row["created_at"] == local(reg.created_at)


def test_xlsx_round_trips_the_stored_registrations(client, export_token, signed_up):
    response = get(client, export_token, "format=xlsx")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == XLSX
    assert response.headers["Content-Disposition"] == f'attachment; filename="{EID}-registrations.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.body)).active
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sheet.freeze_panes == "A2" and all(cell.font.bold for cell in sheet[1])
    for row, reg in zip(rows, signed_up, strict=True):
        cells = dict(zip(header, row))
        assert cells["registration_id"] == reg.id and cells["name"] == reg.name    # exact, quote-prefix style
        wall_clock = reg.created_at.astimezone(AMSTERDAM).replace(tzinfo=None)
        assert abs(cells["created_at"] - wall_clock) < timedelta(milliseconds=1)   # a date cell, local time
        assert cells["organisation"] == reg.answers["organisation"]


def test_json_round_trips_the_stored_registrations(client, export_token, signed_up):
    response = get(client, export_token, "format=json")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    body = json.loads(response.body)
    assert body["next_cursor"] is None
    for item, reg in zip(body["items"], signed_up, strict=True):
        assert item["registration_id"] == reg.id
        assert item["name"] == reg.name      # JSON is data, not a spreadsheet: never neutralised
        assert item["created_at"] == local(reg.created_at)


@pytest.mark.parametrize("accept, expected", [
    ("text/csv", "text/csv; charset=utf-8"),
    (XLSX, XLSX),
    ("application/json", "application/json"),
    ("application/json;q=0.5, text/csv", "text/csv; charset=utf-8"),
    ("text/html, application/xhtml+xml, */*;q=0.8", "text/csv; charset=utf-8"),
    (None, "text/csv; charset=utf-8"),
])
def test_the_accept_header_chooses_the_format(client, export_token, signed_up, accept, expected):
    response = get(client, export_token, accept=accept)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == expected


def test_format_wins_over_accept(client, export_token, signed_up):
    response = get(client, export_token, "format=json", accept="text/csv")

    assert response.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize("query, accept", [("format=pdf", "*/*"), ("", "image/png"), ("", "text/csv;q=0")])
def test_an_unknown_format_is_not_acceptable(client, export_token, signed_up, query, accept):
    response = get(client, export_token, query, accept=accept)

    assert response.status_code == 406
    assert json.loads(response.body)["error"] == "not_acceptable"


# ---------------------------------------------------------------- columns and filters

def test_fields_choose_and_order_the_columns(client, export_token, signed_up):
    rows = csv_rows(get(client, export_token, "fields=name,email,organisation"))

    assert list(rows[0]) == ["name", "email", "organisation"]
    assert rows[0]["email"] == signed_up[0].email


@pytest.mark.parametrize("query, field", [
    ("fields=name,shoe_size", "fields"), ("lang=de", "lang"), ("delimiter=tab", "delimiter"),
    ("status=happy", "status"), ("since=yesterday", "since"), ("format=json&limit=0", "limit"),
    ("format=json&limit=1001", "limit"), ("format=json&limit=ten", "limit"),
])
def test_bad_parameters_are_validation_errors(client, export_token, signed_up, query, field):
    response = get(client, export_token, query)

    assert response.status_code == 400
    body = json.loads(response.body)
    assert body["error"] == "validation_failed" and field in body["fields"]


@pytest.mark.parametrize("lang, name, organisation", [("nl", "Naam", "Organisatie"), ("en", "Name", "Organisation")])
def test_lang_translates_the_headers(client, export_token, signed_up, lang, name, organisation):
    for query in (f"lang={lang}", f"lang={lang}&format=xlsx"):
        response = get(client, export_token, query)
        if "xlsx" in query:
            header = [c.value for c in openpyxl.load_workbook(io.BytesIO(response.body)).active[1]]
        else:
            header = list(csv_rows(response)[0])
        assert header[2] == name and header[-3] == organisation     # the demo's questions: organisation, job, region


def test_status_filters(client, admin_token, export_token):
    make_event(client, admin_token, capacity=2)
    for n in range(3):
        signup(client, EID, **person(n))

    waitlisted = csv_rows(get(client, export_token, "status=waitlisted"))
    confirmed = csv_rows(get(client, export_token, "status=confirmed&delimiter=semicolon"), ";")
    both = json.loads(get(client, export_token, "status=confirmed,waitlisted&format=json").body)["items"]

    assert [row["email"] for row in waitlisted] == [person(2)["email"]]
    assert [row["email"] for row in confirmed] == [person(0)["email"], person(1)["email"]]
    assert [item["status"] for item in both] == ["confirmed", "confirmed", "waitlisted"]
    for nobody_yet in ("pending", "cancelled", "expired", "erased"):    # each status can be asked for
        assert csv_rows(get(client, export_token, f"status={nobody_yet}")) == []


def test_since_gives_registrations_created_or_changed_since(client, export_token, signed_up):
    from chalicelib import signups, store
    time.sleep(0.01)
    since = datetime.now(timezone.utc)
    time.sleep(0.01)
    signups.cancel(store.roster.get_registration(EID, signed_up[0].id))
    signup(client, EID, **person(9))

    rows = csv_rows(get(client, export_token, urlencode({"since": since.astimezone(AMSTERDAM).isoformat()})))

    assert [row["email"] for row in rows] == [signed_up[0].email, person(9)["email"]]
    assert rows[0]["status"] == "cancelled"
    unencoded_plus = since.astimezone(AMSTERDAM).isoformat().replace("+", " ")
    assert len(csv_rows(get(client, export_token, urlencode({"since": unencoded_plus})))) == 2
    naive_local = since.astimezone(AMSTERDAM).replace(tzinfo=None).isoformat()  # the event's zone
    assert len(csv_rows(get(client, export_token, urlencode({"since": naive_local})))) == 2


# ---------------------------------------------------------------- JSON pages

def page_through(client, token, query, between=lambda page: None):
    ids, cursor, pages = [], None, 0
    while True:
        response = get(client, token, query + (f"&{urlencode({'cursor': cursor})}" if cursor else ""))
        assert response.status_code == 200, response.body
        body = json.loads(response.body)
        ids += [item["registration_id"] for item in body["items"]]
        cursor, pages = body["next_cursor"], pages + 1
        if cursor is None:
            return ids, pages
        between(pages)


def test_pages_return_every_row_exactly_once_while_signups_arrive(client, admin_token, export_token):
    make_event(client, admin_token, capacity=None)
    for n in range(25):
        signup(client, EID, **person(n))
    arrivals = iter(range(100, 200))

    def more_signups(page):
        for _ in range(3 if page < 5 else 0):
            assert signup(client, EID, **person(next(arrivals))).status_code == 201

    ids, pages = page_through(client, export_token, "format=json&limit=7", more_signups)

    assert len(ids) == len(set(ids)) == 25 + 12
    assert ids == [r.id for r in stored()]
    assert pages == 6


def test_a_page_exactly_at_the_end_has_no_next_cursor(client, export_token, signed_up):
    body = json.loads(get(client, export_token, "format=json&limit=5").body)

    assert len(body["items"]) == 5 and body["next_cursor"] is None


def test_pages_follow_the_status_filter(client, admin_token, export_token):
    make_event(client, admin_token, capacity=3)
    for n in range(8):
        signup(client, EID, **person(n))

    ids, _ = page_through(client, export_token, "format=json&limit=2&status=waitlisted")

    assert ids == [r.id for r in stored() if r.status == "waitlisted"] and len(ids) == 5


def first_cursor(client, token, query="format=json&limit=2"):
    return json.loads(get(client, token, query).body)["next_cursor"]


def tampered(cursor):
    kid, payload, signature = cursor.split(".")
    flipped = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]
    return f"{kid}.{flipped}.{signature}"


@pytest.mark.parametrize("spoil", [
    tampered,
    lambda cursor: cursor[:-3],
    lambda cursor: "garbage",
    lambda cursor: "",
    lambda cursor: "." * 600,
])
def test_a_tampered_cursor_is_refused(client, export_token, signed_up, spoil):
    cursor = first_cursor(client, export_token)

    response = get(client, export_token, "format=json&limit=2&" + urlencode({"cursor": spoil(cursor)}))

    if spoil(cursor) == "":
        assert response.status_code == 200   # an empty cursor is the first page
        return
    assert response.status_code == 400
    assert "cursor" in json.loads(response.body)["fields"]


def test_a_cursor_only_resumes_its_own_query(client, export_token, signed_up):
    cursor = first_cursor(client, export_token)

    other_query = get(client, export_token, "format=json&limit=2&status=confirmed&" + urlencode({"cursor": cursor}))
    other_limit = get(client, export_token, "format=json&limit=3&" + urlencode({"cursor": cursor}))

    assert other_query.status_code == 400
    assert other_limit.status_code == 200    # the page size may change between pages


def test_a_cursor_is_bound_to_its_event(client, admin_token, signed_up):
    make_event(client, admin_token, id="other-event")
    cursor = first_cursor(client, admin_token)

    response = get(client, admin_token, "format=json&" + urlencode({"cursor": cursor}), event_id="other-event")

    assert response.status_code == 400


def test_an_attendee_token_is_not_a_cursor(client, export_token, signed_up):
    from chalicelib import tokens
    attendee = tokens.sign(EID, signed_up[0].id)

    response = get(client, export_token, "format=json&" + urlencode({"cursor": attendee}))

    assert response.status_code == 400


# ---------------------------------------------------------------- big exports go to S3

def fetch(location):
    """The object a presigned URL points at, read from the emulator's S3."""
    from chalicelib import aws
    parts = urlsplit(location)
    bucket, key = (parts.netloc.split(".")[0], parts.path.lstrip("/")) \
        if ".s3." in parts.netloc else parts.path.lstrip("/").split("/", 1)
    return aws.s3().get_object(Bucket=bucket, Key=key), parse_qs(parts.query)


def valid_for(params):
    """Seconds a presigned URL stays valid (a SigV4 link; SigV2 is being retired by S3)."""
    assert params["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    return int(params["X-Amz-Expires"][0])


def lower_the_inline_limit(env, limit):
    from chalicelib import config
    env.setenv("EXPORT_INLINE_LIMIT_BYTES", str(limit))
    config.settings.cache_clear()


@pytest.mark.parametrize("query, delimiter", [("", ","), ("delimiter=semicolon", ";")])
def test_a_big_csv_is_a_redirect_to_a_private_object(client, env, bucket, export_token, signed_up, query, delimiter):
    inline = get(client, export_token, query)
    lower_the_inline_limit(env, 500)

    response = get(client, export_token, query)

    assert response.status_code == 303
    obj, params = fetch(response.headers["Location"])
    assert obj["Body"].read() == inline.body
    assert obj["ServerSideEncryption"] == "AES256"
    assert obj["ContentType"] == "text/csv; charset=utf-8"
    assert valid_for(params) == pytest.approx(300, abs=5)
    assert params["response-content-disposition"] == [f'attachment; filename="{EID}-registrations.csv"']
    assert f"/exports/{EID}/" in response.headers["Location"]


def test_a_big_xlsx_goes_to_s3_too(client, env, bucket, export_token, signed_up):
    lower_the_inline_limit(env, 1000)

    response = get(client, export_token, "format=xlsx")

    assert response.status_code == 303
    obj, _ = fetch(response.headers["Location"])
    sheet = openpyxl.load_workbook(io.BytesIO(obj["Body"].read())).active
    assert sheet.max_row == len(signed_up) + 1


def test_the_limit_counts_the_escaped_size(client, env, bucket, export_token, signed_up):
    """Quotes and accents grow when the Lambda JSON-escapes the body, so count that size."""
    size = len(get(client, export_token).body)
    lower_the_inline_limit(env, size + 10)

    assert get(client, export_token).status_code == 303


# ---------------------------------------------------------------- tokens and scopes

def test_an_export_token_cannot_read_another_event(client, admin_token, export_token, signed_up):
    make_event(client, admin_token, id="other-event")

    assert get(client, export_token, event_id="other-event").status_code == 403
    assert get(client, admin_token, event_id="other-event").status_code == 200


def test_a_missing_token_is_unauthorized(client, signed_up):
    response = client.http.get(f"/events/{EID}/registrations")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("spoil", ["revoke", "expire", "unknown"])
def test_a_dead_token_is_unauthorized(client, signed_up, spoil):
    from chalicelib import auth
    expires = datetime.now(timezone.utc) - timedelta(seconds=1) if spoil == "expire" else auth.DEFAULT
    token_id, secret = auth.mint("export", [EID], expires_at=expires)
    if spoil == "revoke":
        auth.revoke(token_id)
    if spoil == "unknown":
        secret = auth.PREFIX + "not-a-token"

    response = get(client, secret)

    assert response.status_code == 401
    assert "WWW-Authenticate" in response.headers


# ---------------------------------------------------------------- audit

def test_every_export_is_audited(client, export_token, signed_up):
    from chalicelib import auth, store
    token_id = next(t["token_id"] for t in auth.list_tokens() if t["label"] == "test export")
    get(client, export_token, "format=xlsx&fields=name,email&status=confirmed")
    get(client, export_token, "format=json&limit=2")

    page, xlsx = list(store.organisers.list_audit(EID))   # newest first

    assert xlsx["token_id"] == token_id and xlsx["event_id"] == EID
    assert (xlsx["format"], xlsx["rows"], xlsx["fields"], xlsx["status"]) == ("xlsx", 5, ["name", "email"], ["confirmed"])
    assert xlsx["delivery"] == "inline"
    assert datetime.fromisoformat(xlsx["at"]) > datetime.now(timezone.utc) - timedelta(minutes=1)
    assert (page["format"], page["rows"]) == ("json", 2)


def test_a_refused_export_is_not_audited(client, export_token, signed_up):
    from chalicelib import store
    get(client, export_token, "format=pdf")

    assert list(store.organisers.list_audit(EID)) == []


def test_xlsx_for_a_client_that_does_not_accept_binary_goes_by_redirect(client, bucket, export_token, signed_up):
    """API Gateway hands out a binary body only to a client whose Accept names it (or */*)."""
    from openpyxl import load_workbook
    response = client.http.get(f"/events/{EID}/registrations?format=xlsx",
                               headers={**bearer(export_token), "Accept": "application/json"})
    assert response.status_code == 303
    obj, _ = fetch(response.headers["Location"])
    sheet = load_workbook(io.BytesIO(obj["Body"].read())).active
    assert sheet["A1"].value == "registration_id"


def test_erased_people_are_left_out_unless_asked_for(client, admin_token, export_token, signed_up):
    gone = signed_up[0]
    assert client.http.delete(f"/events/{EID}/registrations/{gone.id}", headers=bearer(admin_token)).status_code == 204

    default = json.loads(get(client, export_token, "format=json").body)["items"]
    asked = json.loads(get(client, export_token, "format=json&include_erased=1").body)["items"]

    assert gone.id not in [item["registration_id"] for item in default]
    assert len(default) == len(signed_up) - 1
    assert [item["status"] for item in asked if item["registration_id"] == gone.id] == ["erased"]


def test_no_shows_are_exportable(client, export_token, signed_up):
    from chalicelib import checkin
    checkin.check_in(EID, signed_up[1].id, datetime.now(timezone.utc))

    no_shows = json.loads(get(client, export_token, "format=json&status=confirmed&checked_in=no").body)["items"]
    came = json.loads(get(client, export_token, "format=json&checked_in=yes").body)["items"]

    assert signed_up[1].id not in [item["registration_id"] for item in no_shows]
    assert len(no_shows) == len(signed_up) - 1
    assert [item["registration_id"] for item in came] == [signed_up[1].id]
    assert came[0]["checked_in_at"] is not None
    assert get(client, export_token, "checked_in=maybe").status_code == 400
