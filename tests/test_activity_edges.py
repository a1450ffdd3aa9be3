"""The log page and its download, line by line: what a beheerder reads for each kind of record
(chalicelib.activity). The records are put as the use cases put them (store.organisers.put_audit);
the test reads them back as a person does, on /organiser/log and in its file."""
import csv
import io
from datetime import datetime, timedelta, timezone

import pytest
from conftest import DEMO_EVENT
from test_log import log_page, rows
from test_roles import BEHEERDER, ORG, session_of

EID = DEMO_EVENT["id"]
TITLE = DEMO_EVENT["title"]["nl"]


@pytest.fixture
def beheerder(client, demo_event):
    return session_of(BEHEERDER)


def put(record, minutes_ago=0):
    from chalicelib import store
    at = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
    store.organisers.put_audit({"token_id": f"member:{BEHEERDER}", "at": store.table.iso(at), **record}, at)


def cells(line):
    """The cells of one line of the log page: when, who, what, event, details."""
    import re
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", line, re.S)]


def only_line(client, cookie, query=""):
    (action, line), = rows(log_page(client, cookie, query))
    return action, cells(line)


@pytest.mark.parametrize("record, what, details", [
    ({"action": "message", "event_id": EID, "recipients": 3}, "Bericht gestuurd", "Naar 3 deelnemers."),
    ({"action": "message", "event_id": EID, "recipients": 1}, "Bericht gestuurd", "Naar 1 deelnemer."),
    ({"action": "message", "event_id": EID}, "Bericht gestuurd", "Naar 0 deelnemers."),
    ({"action": "team_role", "organisation": ORG, "member": "kees@x.example", "role": "organisator"},
     "Rol gewijzigd", "kees@x.example: Organisator"),
    ({"action": "team_role", "organisation": ORG, "member": "kees@x.example", "role": "koning"},
     "Rol gewijzigd", "kees@x.example:"),
    ({"action": "team_remove", "organisation": ORG, "member": "kees@x.example"},
     "Uit het team gehaald", "kees@x.example"),
    ({"action": "team_remove", "organisation": ORG}, "Uit het team gehaald", ""),
    ({"action": "team_events", "organisation": ORG, "member": "dirk@x.example", "events": ["a", "b"]},
     "Bijeenkomsten voor de deur gekozen", "dirk@x.example: 2 bijeenkomsten"),
    ({"action": "team_events", "organisation": ORG, "member": "dirk@x.example", "events": ["a"]},
     "Bijeenkomsten voor de deur gekozen", "dirk@x.example: 1 bijeenkomst"),
    ({"action": "team_events", "organisation": ORG, "member": "dirk@x.example", "events": []},
     "Bijeenkomsten voor de deur gekozen", "dirk@x.example: alle bijeenkomsten"),
    ({"action": "settings", "organisation": ORG, "changed": ["name", "logo"]}, "Instellingen gewijzigd", "name, logo"),
    ({"action": "settings", "organisation": ORG}, "Instellingen gewijzigd", ""),
    ({"action": "evaluation_download", "event_id": EID, "rows": 1}, "Evaluatie gedownload", "1 antwoord"),
    ({"action": "evaluation_download", "event_id": EID, "rows": 4}, "Evaluatie gedownload", "4 antwoorden"),
    ({"action": "evaluation_download", "event_id": EID}, "Evaluatie gedownload", "0 antwoorden"),
    ({"action": "buddies", "event_id": EID, "groups": 1}, "Maatjes voorgesteld", "1 groepje"),
    ({"action": "buddies", "event_id": EID, "groups": 5}, "Maatjes voorgesteld", "5 groepjes"),
    ({"action": "buddies", "event_id": EID}, "Maatjes voorgesteld", "0 groepjes"),
    ({"action": "answers_changed", "event_id": EID, "registration_id": "r1", "fields": ["name", "phone"]},
     "Deelnemer wijzigde eigen gegevens", "Aanmelding r1: name, phone"),
    ({"action": "answers_changed", "event_id": EID, "registration_id": "r1"},
     "Deelnemer wijzigde eigen gegevens", "Aanmelding r1:"),
    ({"action": "cancel", "event_id": EID, "registration_id": "r2"}, "Afgemeld namens een deelnemer", "Aanmelding r2"),
    ({"action": "add", "event_id": EID}, "Iemand aangemeld", ""),
    ({"action": "export", "event_id": EID, "format": "json", "rows": 2, "status": ["confirmed", "waitlisted"]},
     "Gedownload", "JSON, 2 regels. Alle kolommen. Alleen: confirmed, waitlisted."),
    ({"action": "export", "event_id": EID}, "Gedownload", ", 0 regels. Alle kolommen."),
    ({"action": "export", "event_id": EID, "format": "csv", "rows": 1, "fields": ["name", "email"]},
     "Gedownload", "CSV, 1 regel. Kolommen: name, email."),
    ({"action": "something_new", "event_id": EID}, "something_new", ""),
])
def test_each_kind_of_record_reads_as_a_line(client, beheerder, record, what, details):
    put(record)
    action, (when, who, shown_what, event, shown_details) = only_line(client, beheerder[0])
    assert action == record["action"]
    assert (who, shown_what, shown_details) == (BEHEERDER, what, details)
    assert event == (TITLE if record.get("event_id") else "")
    assert when


def test_a_deleted_event_is_named_by_its_title_and_what_went_with_it(client, beheerder):
    put({"action": "delete_event", "organisation": ORG, "deleted_event": "oud-1", "title": "Oude avond",
         "registrations": 1})
    put({"action": "delete_event", "organisation": ORG, "deleted_event": "oud-2", "registrations": 7}, minutes_ago=1)
    put({"action": "delete_event", "organisation": ORG, "deleted_event": "oud-3"}, minutes_ago=2)
    lines = [cells(line) for _, line in rows(log_page(client, beheerder[0]))]
    assert [line[2:] for line in lines] == [
        ["Bijeenkomst verwijderd", "Oude avond", "1 aanmelding verwijderd."],
        ["Bijeenkomst verwijderd", "oud-2", "7 aanmeldingen verwijderd."],
        ["Bijeenkomst verwijderd", "oud-3", "0 aanmeldingen verwijderd."]]


def test_what_an_attendee_did_is_signed_deelnemer_and_a_key_by_its_id(client, beheerder):
    put({"action": "answers_changed", "event_id": EID, "registration_id": "r1", "fields": ["name"],
         "token_id": "attendee"})
    put({"action": "cancel", "event_id": EID, "registration_id": "r1", "token_id": "tok_abc"}, minutes_ago=1)
    put({"action": "add", "event_id": EID, "token_id": None}, minutes_ago=2)
    lines = [cells(line) for _, line in rows(log_page(client, beheerder[0]))]
    assert [line[1] for line in lines] == ["Deelnemer", "tok_abc", ""]
    lines = [cells(line) for _, line in rows(log_page(client, beheerder[0], "?lang=en"))]
    assert [line[1] for line in lines] == ["Attendee", "tok_abc", ""]


def test_a_record_without_a_time_shows_no_time(client, beheerder):
    from chalicelib import store
    store.organisers.put_audit({"token_id": f"member:{BEHEERDER}", "organisation": ORG, "action": "settings",
                                "changed": ["name"]}, datetime.now(timezone.utc))
    action, (when, who, what, event, details) = only_line(client, beheerder[0])
    assert (action, when, what, details) == ("settings", "", "Instellingen gewijzigd", "name")


def test_the_log_leaves_out_expired_records_and_those_of_other_organisations(client, beheerder):
    now = datetime.now(timezone.utc)
    put({"action": "settings", "organisation": ORG, "changed": ["kept"], "expires_at": int(now.timestamp()) + 3600})
    put({"action": "settings", "organisation": ORG, "changed": ["gone"], "expires_at": int(now.timestamp()) - 1})
    put({"action": "settings", "organisation": "elders", "changed": ["theirs"]})
    put({"action": "message", "event_id": "elders-event", "recipients": 2})
    action, (_, _, _, _, details) = only_line(client, beheerder[0])
    assert (action, details) == ("settings", "kept")


def test_the_log_shows_only_the_newest_lines(client, beheerder, monkeypatch):
    """The page holds the newest SHOWN lines (500; three here, to keep the test fast)."""
    from chalicelib import activity
    monkeypatch.setattr(activity, "SHOWN", 3)
    for n in range(4):
        put({"action": "settings", "organisation": ORG, "changed": [f"n{n}"]}, minutes_ago=n)
    lines = [cells(line) for _, line in rows(log_page(client, beheerder[0]))]
    assert [line[4] for line in lines] == ["n0", "n1", "n2"]


def test_the_log_as_a_file_keeps_the_lines_details_and_column_widths(client, beheerder):
    from openpyxl import load_workbook
    put({"action": "buddies", "event_id": EID, "groups": 2})
    answer = client.http.get("/organiser/log/download?format=xlsx&lang=en",
                             headers={"Cookie": beheerder[0], "Accept": "*/*"})
    book = load_workbook(io.BytesIO(answer.body))
    sheet = book.active
    assert sheet.title == "Log"
    assert list(sheet.iter_rows(values_only=True))[1][1:] == (BEHEERDER, "Buddies introduced", DEMO_EVENT["title"].get("en", TITLE), "2 groups")
    widths = {}
    for dimension in sheet.column_dimensions.values():      # adjacent columns of one width share a dimension
        for column in range(dimension.min, dimension.max + 1):
            widths[sheet.cell(1, column).value] = round(dimension.width - 0.7109375)
    assert (widths["When"], widths["Who"], widths["What"], widths["Event"], widths["Details"]) == (20, 28, 28, 36, 48)
    assert sheet.cell(2, 1).number_format == "[$-809]d mmm yyyy, h:mm AM/PM"     # 9 Dec 2026, 1:00 PM


@pytest.mark.parametrize("lang, delimiter", [("nl", ";"), ("en", ",")])
def test_the_log_as_csv_is_split_as_excel_reads_it_in_each_language(client, beheerder, lang, delimiter):
    put({"action": "settings", "organisation": ORG, "changed": ["name", "logo"]})
    answer = client.http.get(f"/organiser/log/download?format=csv&lang={lang}", headers={"Cookie": beheerder[0]})
    header, line = list(csv.reader(io.StringIO(answer.body.decode("utf-8-sig")), delimiter=delimiter))[:2]
    assert len(header) == len(line) == 5
    assert line[4] == "name, logo"


def test_a_record_is_gone_from_the_log_at_the_second_it_expires(client, beheerder, monkeypatch):
    from chalicelib.organiser import log
    moment = datetime.now(timezone.utc).replace(microsecond=0)
    put({"action": "settings", "organisation": ORG, "changed": ["name"], "expires_at": int(moment.timestamp())},
        minutes_ago=1)
    monkeypatch.setattr(log, "now", lambda: moment - timedelta(seconds=1))
    assert len(rows(log_page(client, beheerder[0]))) == 1
    monkeypatch.setattr(log, "now", lambda: moment)
    assert rows(log_page(client, beheerder[0])) == []


def test_a_change_of_the_organisations_settings_stays_in_the_log_a_year(client, beheerder, monkeypatch):
    from organiser_pages import FORM
    from test_organisation_page import form

    from chalicelib.organiser import log
    cookie, csrf = beheerder
    answer = client.http.post("/organiser/settings", body=form(csrf, sender_name="Nieuwe naam"),
                              headers={**FORM, "Cookie": cookie})
    assert answer.status_code == 303
    start = datetime.now(timezone.utc)
    monkeypatch.setattr(log, "now", lambda: start + timedelta(days=364, hours=23))
    assert [action for action, _ in rows(log_page(client, beheerder[0]))] == ["settings"]
    monkeypatch.setattr(log, "now", lambda: start + timedelta(days=365, minutes=1))
    assert rows(log_page(client, beheerder[0])) == []


def test_a_line_about_an_event_the_organisation_no_longer_has_names_the_events_id(client, beheerder):
    put({"action": "settings", "organisation": ORG, "event_id": "weg-2025", "changed": ["name"]})
    action, (_, _, _, event, _) = only_line(client, beheerder[0])
    assert (action, event) == ("settings", "weg-2025")
