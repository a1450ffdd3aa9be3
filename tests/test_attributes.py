"""Registration attributes are declared once (chalicelib/schema/attributes.py, issue 23 item 1).

One new entry (plus its English in the catalog) is enough for an optional attribute to show in
the hosted form, the stored item, every export format with its Dutch and English label, the
people list and its search, and the OpenAPI document, and to be gone after erasure.
"""
import csv
import io
import json

import openpyxl
import pytest

from chalicelib import aws, exports, translations
from chalicelib.schema import attributes
from chalicelib.store import roster
from conftest import DEMO_EVENT, bearer, person, signed_up
from test_organisers import ses, sign_in  # noqa: F401 (ses is a fixture)

EID = DEMO_EVENT["id"]
PHONE = attributes.Attribute("phone", attributes.TEXT, "Telefoonnummer", personal=True, listed=3,
                             column=max(a.column for a in attributes.exported()) + 1,   # the last column
                             searchable=True, form=True)
NUMBER = "0612345678"


@pytest.fixture
def phone(monkeypatch):
    """The one entry and its translation: all a new optional registration field needs."""
    monkeypatch.setattr(attributes, "ATTRIBUTES", attributes.ATTRIBUTES + (PHONE,))
    monkeypatch.setitem(translations._catalog("en"), "Telefoonnummer", "Phone number")


@pytest.fixture
def signed_up_with_phone(client, demo_event, phone):
    return signed_up(client, EID, **person(1, name="Fatima el Amrani", phone=NUMBER))


def stored(rid):
    return aws.dynamodb().get_item(TableName=aws.table_name(), Key=roster.reg_key(EID, rid), ConsistentRead=True)["Item"]


def download(client, export_token, query):
    answer = client.http.get(f"/events/{EID}/registrations?{query}", headers={**bearer(export_token), "Accept": "*/*"})
    assert answer.status_code == 200, answer.body[:300]
    return answer.body


def csv_columns(body, delimiter=","):
    header, *rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=delimiter))
    return [dict(zip(header, row)) for row in rows]


def xlsx_columns(body):
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return [dict(zip(header, row)) for row in rows]


def test_the_hosted_form_asks_for_it_in_both_languages(client, demo_event, phone):
    dutch = client.http.get(f"/events/{EID}/form").body.decode()
    english = client.http.get(f"/events/{EID}/form?lang=en").body.decode()

    assert '<label for="phone">Telefoonnummer</label>' in dutch
    assert 'name="phone"' in dutch
    assert '<label for="phone">Phone number</label>' in english


def test_a_form_post_stores_it(client, signed_up_with_phone):
    assert stored(signed_up_with_phone)["phone"] == {"S": NUMBER}


def test_it_is_optional(client, demo_event, phone):
    rid = signed_up(client, EID, **person(2))
    assert "phone" not in stored(rid)


def test_every_export_format_has_its_column_and_label(client, export_token, signed_up_with_phone):
    assert csv_columns(download(client, export_token, "format=csv"))[0]["phone"] == NUMBER
    assert csv_columns(download(client, export_token, "format=csv&lang=nl&delimiter=semicolon"), ";")[0][
        "Telefoonnummer"] == NUMBER
    assert csv_columns(download(client, export_token, "format=csv&lang=en"))[0]["Phone number"] == NUMBER
    assert xlsx_columns(download(client, export_token, "format=xlsx"))[0]["phone"] == NUMBER
    assert xlsx_columns(download(client, export_token, "format=xlsx&lang=nl"))[0]["Telefoonnummer"] == NUMBER
    assert xlsx_columns(download(client, export_token, "format=xlsx&lang=en"))[0]["Phone number"] == NUMBER
    assert json.loads(download(client, export_token, "format=json"))["items"][0]["phone"] == NUMBER


def test_its_column_comes_at_its_position_before_the_custom_fields(client, phone):
    from conftest import event_model
    names = [column.name for column in exports.columns(event_model())]
    assert names[:len(attributes.exported())] == [attribute.name for attribute in attributes.exported()]
    assert names[len(attributes.exported()) - 1] == "phone"


def test_the_people_list_shows_it_and_finds_by_it(client, ses, signed_up_with_phone):
    signed_up(client, EID, **person(2, name="Bram Bakker"))
    cookie = {"Cookie": sign_in(client, ses)}

    everyone = client.http.get(f"/organiser/events/{EID}/registrations", headers=cookie).body.decode()
    found = client.http.get(f"/organiser/events/{EID}/registrations?q={NUMBER}", headers=cookie).body.decode()
    english = client.http.get(f"/organiser/events/{EID}/registrations?lang=en", headers=cookie).body.decode()

    assert '<th scope="col">Telefoonnummer</th>' in everyone
    assert f'<td data-label="Telefoonnummer">{NUMBER}</td>' in everyone
    assert "Fatima el Amrani" in found
    assert "Bram Bakker" not in found
    assert '<th scope="col">Phone number</th>' in english


def test_the_openapi_document_describes_it(client, phone):
    schemas = json.loads(client.http.get("/openapi.json").body)["components"]["schemas"]
    assert schemas["RegistrationRow"]["properties"]["phone"] == {"type": ["string", "null"], "title": "Telefoonnummer"}
    assert schemas["Signup"]["properties"]["phone"]["type"] == "string"


def test_it_is_gone_after_erasure(client, admin_token, export_token, signed_up_with_phone):
    answer = client.http.delete(f"/events/{EID}/registrations/{signed_up_with_phone}", headers=bearer(admin_token))
    assert answer.status_code in (200, 204), answer.body

    assert "phone" not in stored(signed_up_with_phone)
    assert NUMBER.encode() not in download(client, export_token, "format=csv&include_erased=1")
    assert NUMBER.encode() not in download(client, export_token, "format=json&include_erased=1")


# -- the declarations hold together ------------------------------------------------------

def test_personal_data_is_never_kept_on_erasure():
    assert [a.name for a in attributes.ATTRIBUTES if a.personal and a.kept_on_erasure] == []
    with pytest.raises(ValueError, match="never kept"):
        attributes.Attribute("x", attributes.TEXT, "X", personal=True, kept_on_erasure=True)


def test_what_erasure_keeps_is_what_the_declarations_say():
    kept = [a.name for a in attributes.ATTRIBUTES if a.kept_on_erasure]
    assert set(roster.KEPT_ON_ERASURE) == {"PK", "SK", "type", "erased_at", "mails", *kept}


def test_every_attribute_is_a_reserved_field_name():
    from chalicelib.events import RESERVED_FIELDS
    assert {a.name for a in attributes.ATTRIBUTES} <= RESERVED_FIELDS


def test_export_positions_are_unique():
    positions = [a.column for a in attributes.ATTRIBUTES if a.column is not None]
    assert sorted(positions) == list(range(1, len(positions) + 1))


def test_every_label_has_english():
    english = translations.gettext("en")
    assert [a.label for a in attributes.ATTRIBUTES if english(a.label) == a.label and a.label != "Status"] == []


def test_a_stored_registration_reads_back_the_same(client, demo_event):
    from chalicelib import store
    rid = signed_up(client, EID, **person(3))
    reg = store.roster.get_registration(EID, rid)
    again = roster.to_registration(roster.table.from_item(roster.registration_item(reg, "deelnemer3@gemeente.example")))
    assert again == reg
