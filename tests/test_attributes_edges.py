"""A registration's attributes as an organiser meets them (chalicelib/schema/attributes.py): the
download's columns, their order, labels and widths in Excel, the people list's columns and what its
search looks in, and what an erased registration still shows."""
import csv
import io
import json
import re
import zipfile

import pytest

from conftest import DEMO_EVENT, bearer, make_event, person, signed_up
from test_attributes import download
from test_organisers import ses, sign_in  # noqa: F401 (ses is a fixture)

EID = DEMO_EVENT["id"]
COLUMNS_NL = ["Aanmeldnummer", "Status", "Naam", "E-mailadres", "Taal", "Aangemeld op", "Gewijzigd op",
              "E-mailstatus", "Toestemming gegeven op", "Versie toestemmingstekst", "Ingecheckt om",
              "Toestemming gegeven via", "Op de deelnemerslijst sinds", "Wil maatjes sinds"]
QUESTIONS = ["Organisatie", "Functie", "Regio"]


@pytest.fixture
def one(client, admin_token):
    make_event(client, admin_token)
    return signed_up(client, EID, **person(1, name="Fatima el Amrani", functie="Beleidsmaker"))


def header(body: bytes) -> list:
    return next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_download_has_a_column_per_attribute_in_order_then_the_questions(client, export_token, one):
    zone = " (Europe/Amsterdam)"
    dated = {"Aangemeld op", "Gewijzigd op", "Toestemming gegeven op", "Ingecheckt om", "Op de deelnemerslijst sinds",
             "Wil maatjes sinds"}
    assert header(download(client, export_token, "format=csv&lang=nl")) == [
        c + zone if c in dated else c for c in COLUMNS_NL] + QUESTIONS
    assert header(download(client, export_token, "format=csv"))[:5] == [
        "registration_id", "status", "name", "email", "locale"]


def column_widths(xlsx: bytes) -> dict:
    """Each column's width (1-based column -> characters, rounded) in the first sheet of an Excel file."""
    sheet = zipfile.ZipFile(io.BytesIO(xlsx)).read("xl/worksheets/sheet1.xml").decode()
    widths = {}
    for low, high, width in re.findall(r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"', sheet):
        for column in range(int(low), int(high) + 1):
            widths[column] = round(float(width))
    return widths


def test_the_excel_columns_are_as_wide_as_chosen(client, export_token, one):
    """The widths a person opening the download sees (in characters; Excel adds its own margin)."""
    widths = column_widths(download(client, export_token, "format=xlsx&lang=nl"))
    seen = {label: widths.get(n + 1) for n, label in enumerate(COLUMNS_NL + QUESTIONS)}
    assert seen == {"Aanmeldnummer": 29, "Status": 23, "Naam": 33, "E-mailadres": 41, "Taal": 17, "Aangemeld op": 21,
                    "Gewijzigd op": 21, "E-mailstatus": 25, "Toestemming gegeven op": 25,
                    "Versie toestemmingstekst": 29, "Ingecheckt om": 21, "Toestemming gegeven via": 28,
                    "Op de deelnemerslijst sinds": 30, "Wil maatjes sinds": 21, "Organisatie": 17, "Functie": 17,
                    "Regio": 17}


def test_the_machine_named_excel_columns_are_as_wide_as_chosen(client, export_token, one):
    """Without a language the headers are the attributes' names: a short name leaves its chosen width."""
    widths = column_widths(download(client, export_token, "format=xlsx"))
    assert [widths.get(n) for n in range(1, 15)] == [29, 23, 33, 41, 17, 21, 21, 25, 21, 21, 21, 19, 21, 21]


def people_list(client, cookie, query=""):
    answer = client.http.get(f"/organiser/events/{EID}/registrations{query}", headers={"Cookie": cookie})
    assert answer.status_code == 200
    return answer.body.decode()


def test_the_people_list_shows_its_columns_in_order(client, ses, one):  # noqa: F811
    page = people_list(client, sign_in(client, ses))
    heads = re.findall(r'<th scope="col">([^<]+)</th>', page)
    assert [h for h in heads if h in ("Naam", "E-mailadres", "Antwoorden", "Status", "Aangemeld op")] == [
        "Naam", "E-mailadres", "Antwoorden", "Status", "Aangemeld op"]


@pytest.mark.parametrize("query, found", [("Fatima", True), ("deelnemer1@", True), ("Beleidsmaker", True),
                                          ("Bram", False), ("confirmed", False), ("nl", False)])
def test_the_people_list_searches_names_addresses_and_answers_only(client, ses, one, query, found):  # noqa: F811
    page = people_list(client, sign_in(client, ses), f"?q={query}")
    assert ("Fatima el Amrani" in page) is found


def test_an_erased_registration_keeps_its_number_status_and_dates_only(client, admin_token, export_token, one):
    answer = client.http.delete(f"/events/{EID}/registrations/{one}", headers=bearer(admin_token))
    assert answer.status_code in (200, 204)
    [row] = json.loads(download(client, export_token, "format=json&include_erased=1"))["items"]
    assert row["registration_id"] == one and row["created_at"] and row["updated_at"]
    assert row["locale"] == "nl"       # the language is gone with the rest: read as the default
    for name in ("name", "email", "consent_given_at", "consent_version", "consent_source", "email_status",
                 "checked_in_at", "shared_at", "buddy_at"):
        assert row.get(name) in (None, ""), name


def test_a_downloaded_row_with_answers_fits_the_published_schema(client, export_token, one):
    """A client that checks the JSON download against /openapi.json takes a row with the custom
    fields' answers beside the declared columns."""
    import jsonschema
    document = json.loads(client.http.get("/openapi.json").body)
    [row] = json.loads(download(client, export_token, "format=json"))["items"]
    schema = document["components"]["schemas"]["RegistrationRow"]
    assert set(row) - set(schema["properties"])     # the answers: members of their own
    jsonschema.validate(row, schema)


def test_the_published_schema_types_each_column_as_a_client_reads_it(client):
    """A client generated from /openapi.json reads a date column as a date-time string (or null),
    a text column as a string (or null), under the column's Dutch name."""
    document = json.loads(client.http.get("/openapi.json").body)
    row = document["components"]["schemas"]["RegistrationRow"]
    assert row["type"] == "object"
    members = row["properties"]
    assert members["created_at"] == {"type": ["string", "null"], "format": "date-time", "title": "Aangemeld op"}
    assert members["status"] == {"type": ["string", "null"], "title": "Status"}
    assert list(members)[:5] == ["registration_id", "status", "name", "email", "locale"]
