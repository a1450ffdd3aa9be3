"""Times in the downloaded files (chalicelib/exports.py) as an organiser reads them: in the event's
own zone, with the offset of that day (Europe/Amsterdam is +01:00 on 9 December and +02:00 in
July), in the machine file, the people's CSV, the Excel file and the JSON alike; an event held
elsewhere in its own zone; the log's tables in the zone they are given."""
import csv
import io
import json
from dataclasses import replace
from datetime import datetime, timezone

import openpyxl
import pytest

from chalicelib import exports
from test_exports import DEFAULT_HEADER, make_event, make_registration

WINTER = datetime(2026, 12, 9, 12, 5, tzinfo=timezone.utc)      # 13.05 in Amsterdam
SUMMER = datetime(2026, 7, 1, 12, 5, tzinfo=timezone.utc)       # 14.05 in Amsterdam
# the night the clocks go back: 02.30 twice, first in summer time, then in winter time
FIRST_0230, SECOND_0230 = datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc), datetime(2026, 10, 25, 1, 30,
                                                                                         tzinfo=timezone.utc)


def _registered_at(*moments):
    return [replace(make_registration(n), created_at=moment, updated_at=moment, consent_given_at=moment)
            for n, moment in enumerate(moments, 1)]


def _csv(event, regs, **kwargs):
    body = b"".join(exports.csv_chunks(event, regs, **kwargs)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=kwargs.get("delimiter", ",")))
    return [dict(zip(DEFAULT_HEADER, row)) for row in rows[1:]], rows[0]


def test_the_machine_file_has_the_offset_of_the_day(event=None):
    event = make_event()
    rows, _ = _csv(event, _registered_at(WINTER, SUMMER, FIRST_0230, SECOND_0230))
    assert [row["created_at"] for row in rows] == [
        "2026-12-09T13:05:00+01:00", "2026-07-01T14:05:00+02:00",
        "2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00"]
    assert [row["consent_given_at"] for row in rows][:2] == ["2026-12-09T13:05:00+01:00", "2026-07-01T14:05:00+02:00"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_peoples_csv_has_the_wall_clock_time_of_the_day(lang):
    event = make_event()
    rows, header = _csv(event, _registered_at(WINTER, SUMMER), delimiter=";", lang=lang)
    created = [row for row in header if row.endswith("(Europe/Amsterdam)")]
    assert created, header
    column = header.index(created[0])
    assert [list(row.values())[column] for row in rows] == ["2026-12-09 13:05:00", "2026-07-01 14:05:00"]


@pytest.mark.parametrize("lang", [None, "nl", "en"])
def test_the_excel_file_has_the_wall_clock_time_of_the_day(lang):
    event = make_event()
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(event, _registered_at(WINTER, SUMMER), lang=lang)))
    sheet = book.active
    column = DEFAULT_HEADER.index("created_at") + 1
    assert [sheet.cell(row=r, column=column).value for r in (2, 3)] == [
        datetime(2026, 12, 9, 13, 5), datetime(2026, 7, 1, 14, 5)]


def test_the_json_has_the_offset_of_the_day():
    event = make_event()
    page = exports.json_page(event, _registered_at(WINTER, SUMMER), None)
    assert [item["created_at"] for item in page["items"]] == ["2026-12-09T13:05:00+01:00", "2026-07-01T14:05:00+02:00"]
    json.dumps(page)        # every value is JSON as it is


def test_an_event_held_elsewhere_is_in_its_own_zone():
    event = replace(make_event(), timezone="America/New_York")
    rows, _ = _csv(event, _registered_at(WINTER, SUMMER))
    assert [row["created_at"] for row in rows] == ["2026-12-09T07:05:00-05:00", "2026-07-01T08:05:00-04:00"]
    people, header = _csv(event, _registered_at(WINTER), lang="en")
    assert "2026-12-09 07:05:00" in people[0].values() and any(h.endswith("(America/New_York)") for h in header)
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(event, _registered_at(SUMMER)))).active
    assert sheet.cell(row=2, column=DEFAULT_HEADER.index("created_at") + 1).value == datetime(2026, 7, 1, 8, 5)
    assert exports.json_page(event, _registered_at(SUMMER), None)["items"][0]["created_at"] == \
        "2026-07-01T08:05:00-04:00"


def _log_columns():
    return [exports.Column("at", "Wanneer", "datetime", lambda row: row["at"]),
            exports.Column("what", "Wat", "text", lambda row: row["what"])]


def test_the_logs_tables_are_in_the_zone_they_are_given():
    rows = [{"at": WINTER, "what": "download"}, {"at": SUMMER, "what": "erase"}]
    text = exports.table_csv(_log_columns(), rows, zone="Europe/Amsterdam", delimiter=";").decode("utf-8-sig")
    assert [line.split(";")[0] for line in text.splitlines()[1:]] == ['"2026-12-09 13:05:00"', '"2026-07-01 14:05:00"']
    sheet = openpyxl.load_workbook(io.BytesIO(exports.table_xlsx(_log_columns(), rows, zone="Europe/Amsterdam",
                                                                 lang="nl", sheet="Log"))).active
    assert [sheet.cell(row=r, column=1).value for r in (2, 3)] == [datetime(2026, 12, 9, 13, 5),
                                                                   datetime(2026, 7, 1, 14, 5)]
    assert sheet.cell(row=3, column=2).value == "erase"


@pytest.mark.parametrize("lang, words", [
    ("nl", ["Op locatie", "Zoek maatjes: samen leren in kleine clubjes (wachtlijst)", "Leren van ongemak",
            "Werksessies ronde 1"]),
    ("en", ["On site", "Find buddies: learning together in small groups (waiting list)", "Learning from discomfort",
            "Workshops, round 1"])])
def test_the_peoples_file_names_each_chosen_session_by_its_title(client, admin_token, export_token, lang, words):
    """In a language the rounds and sessions read as their titles, the waiting list in that language's
    word, the attendance in words; the machine file keeps the ids (tests/test_programme_seats.py)."""
    from conftest import DEMO_EVENT, bearer, make_event, person, signup
    from test_programme_seats import _programme
    eid = DEMO_EVENT["id"]
    make_event(client, admin_token, programme=_programme(capacity=1),
               online={"capacity": 5, "join_url": "https://zoom.example/j/1"})
    assert signup(client, eid, **person(1, sessions=["maatjes"], attendance="online")).status_code == 201
    assert signup(client, eid, **person(2, sessions=["maatjes", "ongemak"], attendance="onsite")).status_code == 201
    body = client.http.get(f"/events/{eid}/registrations?format=csv&delimiter=semicolon&lang={lang}",
                           headers=bearer(export_token)).body.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=";"))
    attendance, first, second = words[0], words[1], words[2]
    assert header[-2] == words[3]
    assert rows[1][-3:] == [attendance, first, second]
    assert rows[0][-1] == ""            # no session chosen in the second round
    sheet = openpyxl.load_workbook(io.BytesIO(client.http.get(
        f"/events/{eid}/registrations?format=xlsx&lang={lang}", headers={**bearer(export_token), "Accept": "*/*"}).body)).active
    assert [_width(sheet, len(header) - n) for n in (1, 0)] == [32, 32]     # a session's title fits


def _width(sheet, column):
    """The width Excel shows a column at, in characters (openpyxl reads XlsxWriter's padding too)."""
    for dimension in sheet.column_dimensions.values():
        if dimension.min <= column <= dimension.max:
            return round(dimension.width - 0.71, 2)
    return None


@pytest.mark.parametrize("lang", [None, "nl"])
def test_an_answer_column_is_at_least_sixteen_characters_wide(lang):
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(make_event(), [make_registration(1)],
                                                                 lang=lang))).active
    assert _width(sheet, DEFAULT_HEADER.index("organisation") + 1) == 16


@pytest.mark.parametrize("version, shown", [("v1", "v1"), (None, ""), ("sha256:3f2a9c1b0d4e5f60", "3f2a9c1b")])
def test_the_consent_version_reads_short_only_when_it_is_a_hash(version, shown):
    reg = replace(make_registration(1), consent_version=version, name="sha256:0123456789abcdef")
    rows, _ = _csv(make_event(), [reg], lang="nl")
    assert rows[0]["consent_version"] == shown
    assert rows[0]["name"] == "sha256:0123456789abcdef"      # only the version column is shortened


@pytest.mark.parametrize("fmt, lang, delimiter, name", [
    ("csv", "nl", ";", "e-aanmeldingen-excel-nl.csv"), ("csv", "nl", ",", "e-aanmeldingen.csv"),
    ("csv", None, ";", "e-registrations.csv"), ("xlsx", "nl", ";", "e-aanmeldingen.xlsx"),
    ("json", "en", ";", "e-registrations.json")])
def test_only_the_semicolon_csv_for_people_is_named_excel_nl(fmt, lang, delimiter, name):
    assert exports.filename("e", fmt, lang, delimiter) == name
