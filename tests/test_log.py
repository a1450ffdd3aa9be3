"""The log page (issue 28 item 3): who did what, for a beheerder; kept as long as the event's data."""
import re
from datetime import datetime
from urllib.parse import urlencode

import pytest
from conftest import DEMO_EVENT, bearer, person, signed_up
from organiser_pages import FORM
from test_roles import ADDRESS, BEHEERDER, ORG, put_team, session_of

EID = DEMO_EVENT["id"]


@pytest.fixture
def beheerder(client, demo_event):
    return session_of(BEHEERDER)


def rows(page):
    return re.findall(r'<tr data-action="(\w+)">(.*?)</tr>', page, re.S)


def log_page(client, cookie, query=""):
    answer = client.http.get("/organiser/log" + query, headers={"Cookie": cookie})
    assert answer.status_code == 200, answer.body
    return answer.body.decode()


def test_the_log_says_who_downloaded_which_columns_and_who_erased(client, beheerder):
    cookie, csrf = beheerder
    rid = signed_up(client, EID, **person(1))
    assert client.http.get(f"/events/{EID}/registrations?format=csv&fields=name,email",
                           headers={"Cookie": cookie}).status_code == 200
    answer = client.http.post(f"/organiser/events/{EID}/registrations/{rid}/erase", body=urlencode({"csrf": csrf}),
                              headers={**FORM, "Cookie": cookie})
    assert answer.status_code == 303
    lines = rows(log_page(client, cookie))
    assert [action for action, _ in lines] == ["erase", "export"]      # newest first
    erase, export = lines[0][1], lines[1][1]
    assert BEHEERDER in erase and "Gegevens gewist" in erase and rid in erase
    assert "Deelnemer 1" not in erase       # no personal data in the log
    assert "CSV, 1 regel." in export
    assert "Kolommen: name, email." in export
    assert DEMO_EVENT["title"]["nl"] in export


def test_a_message_stands_in_the_log_by_when_it_was_sent(client, admin_token, beheerder):
    cookie, _ = beheerder
    signed_up(client, EID, **person(1))
    assert client.http.post(f"/events/{EID}/messages", headers={**bearer(admin_token), "Content-Type": "application/json"},
                            body='{"subject": "Zaal 3", "body": "We zitten in zaal 3.", "to": ["confirmed"]}'
                            ).status_code == 202
    assert client.http.get(f"/events/{EID}/registrations?format=csv", headers={"Cookie": cookie}).status_code == 200
    lines = rows(log_page(client, cookie))
    assert [action for action, _ in lines] == ["export", "message"]      # newest first
    assert "Naar 1 deelnemer." in lines[1][1]


def test_the_log_keeps_team_changes(client, beheerder):
    cookie, csrf = beheerder
    answer = client.http.post("/organiser/team/invite", body=urlencode(
        {"csrf": csrf, "organisation": ORG, "email": "kees@duurzaamdoor.example", "role": "deur"}),
        headers={**FORM, "Cookie": cookie})
    assert answer.status_code == 303
    (action, line), = rows(log_page(client, cookie))
    assert action == "team_invite"
    assert "Collega uitgenodigd" in line and "kees@duurzaamdoor.example: Deur" in line


def test_an_api_erasure_is_in_the_log_with_its_key(client, admin_token, beheerder):
    rid = signed_up(client, EID, **person(2))
    assert client.http.delete(f"/events/{EID}/registrations/{rid}", headers=bearer(admin_token)).status_code == 204
    (action, line), = rows(log_page(client, beheerder[0]))
    assert action == "erase" and "tok_" in line


def test_a_record_of_an_event_goes_with_the_events_data(client, beheerder):
    from chalicelib import store
    assert client.http.get(f"/events/{EID}/registrations", headers={"Cookie": beheerder[0]}).status_code == 200
    record, = store.organisers.list_audit(EID)
    stored = store.events.get_definition(EID)
    ends = datetime.fromisoformat(stored["ends_at"])      # with the event's offset
    days = stored.get("retention_days") or 30
    assert record["expires_at"] == int(ends.timestamp()) + days * 86400


def test_only_a_beheerder_reads_the_log(client, admin_token, demo_event):
    put_team(client, admin_token, [{"email": a, "role": r} for r, a in ADDRESS.items()])
    for role, address in ADDRESS.items():
        answer = client.http.get("/organiser/log", headers={"Cookie": session_of(address)[0]})
        assert answer.status_code == (200 if role == "beheerder" else 403), role


def test_the_log_of_another_organisation_is_not_found(client, beheerder):
    assert client.http.get("/organiser/log?organisation=elders", headers={"Cookie": beheerder[0]}).status_code == 404


def test_an_empty_log_says_so_in_english_too(client, beheerder):
    assert "Er staat nog niets in het logboek." in log_page(client, beheerder[0])
    assert "The log is still empty." in log_page(client, beheerder[0], "?lang=en")


# ---------------------------------------------------------------- the log as a file (issue 28 item 3)

def test_the_log_downloads_as_an_excel_file_with_the_pages_lines(client, beheerder):
    import io
    from openpyxl import load_workbook
    cookie, csrf = beheerder
    rid = signed_up(client, EID, **person(1))
    client.http.post(f"/organiser/events/{EID}/registrations/{rid}/erase", body=urlencode({"csrf": csrf}),
                     headers={**FORM, "Cookie": cookie})
    assert 'id="log-downloads"' in log_page(client, cookie)
    answer = client.http.get(f"/organiser/log/download?organisation={ORG}&format=xlsx",
                             headers={"Cookie": cookie, "Accept": "*/*"})
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"] == f'attachment; filename="{ORG}-logboek.xlsx"'
    assert answer.headers["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(answer.body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Wanneer", "Wie", "Wat", "Bijeenkomst", "Details")
    assert rows[1][1:] == (BEHEERDER, "Gegevens gewist", DEMO_EVENT["title"]["nl"], f"Aanmelding {rid}")
    assert isinstance(rows[1][0], datetime)


def test_the_log_downloads_as_csv_in_english(client, beheerder):
    cookie, csrf = beheerder
    client.http.post("/organiser/team/invite", body=urlencode(
        {"csrf": csrf, "organisation": ORG, "email": "=kees@duurzaamdoor.example", "role": "deur"}),
        headers={**FORM, "Cookie": cookie})
    client.http.post("/organiser/team/invite", body=urlencode(
        {"csrf": csrf, "organisation": ORG, "email": "kees@duurzaamdoor.example", "role": "deur"}),
        headers={**FORM, "Cookie": cookie})
    answer = client.http.get("/organiser/log/download?format=csv&lang=en", headers={"Cookie": cookie})
    assert answer.status_code == 200
    text = answer.body.decode("utf-8-sig")
    header, line = text.splitlines()[:2]
    assert header == '"When","Who","What","Event","Details"'
    assert '"Colleague invited"' in line and '"kees@duurzaamdoor.example: Door"' in line
    assert '"\'=kees@duurzaamdoor.example: Door"' in text         # no cell starts a formula


def test_only_a_beheerder_downloads_the_log(client, admin_token, demo_event):
    put_team(client, admin_token, [{"email": address, "role": role} for role, address in ADDRESS.items()])
    for role, address in ADDRESS.items():
        answer = client.http.get("/organiser/log/download", headers={"Cookie": session_of(address)[0], "Accept": "*/*"})
        assert answer.status_code == (200 if role == "beheerder" else 403), role


def test_the_log_names_a_download_of_the_evaluation_with_its_number_of_answers(client, beheerder):
    cookie, _ = beheerder
    answer = client.http.get(f"/organiser/events/{EID}/evaluation/download", headers={"Cookie": cookie, "Accept": "*/*"})
    assert answer.status_code == 200        # a binary answer is asked for as a browser does (Accept */*)

    [(action, line)] = rows(log_page(client, cookie))
    assert action == "evaluation_download"
    assert "Evaluatie gedownload" in line and "0 antwoorden" in line and BEHEERDER in line
    [(_, english)] = rows(log_page(client, cookie, "?lang=en"))
    assert "Evaluation downloaded" in english and "0 answers" in english


def test_each_line_of_the_log_says_when_it_happened(client, beheerder):
    cookie, csrf = beheerder
    client.http.post("/organiser/team/invite", body=urlencode(
        {"csrf": csrf, "organisation": ORG, "email": "kees@duurzaamdoor.example", "role": "deur"}),
        headers={**FORM, "Cookie": cookie})
    (_, line), = rows(log_page(client, cookie))
    when = re.search(r'<td data-label="Wanneer">(.*?)</td>', line).group(1)
    assert re.fullmatch(r"\d{1,2} \w+\.? \d{4}, \d{1,2}\.\d{2} uur", when), when


def test_the_log_as_a_file_of_an_unknown_kind_is_not_found(client, beheerder):
    answer = client.http.get("/organiser/log/download?format=pdf", headers={"Cookie": beheerder[0], "Accept": "*/*"})
    assert answer.status_code == 404


def test_the_log_opens_on_the_organisation_where_the_member_keeps_it(client, beheerder):
    """Deur in one organisation (named first) and beheerder in another: the log shown is the other's."""
    from chalicelib import store
    store.organisations.put_organisation("aaa-eerste", "Eerste", [{"email": BEHEERDER, "role": "deur"}], datetime.now())
    page = log_page(client, beheerder[0])
    assert "<h1>Logboek: DuurzaamDoor</h1>" in page
