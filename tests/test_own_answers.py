"""Issue 29 item 5: people change their own answers on their attendee page, until the organiser's
deadline (``changes_close_at``); the organiser sees what changed and when; erasure removes it."""
import json
from urllib.parse import urlencode

import pytest
from conftest import DEMO_EVENT, make_event, person, signed_up
from organiser_pages import FORM, form_fields
from test_roles import BEHEERDER, session_of

from chalicelib import store, tokens

EID = DEMO_EVENT["id"]


def page_of(rid):
    return "/registrations/" + tokens.sign(EID, rid)


@pytest.fixture
def anne(client, demo_event):
    return signed_up(client, EID, **person(1, name="Anne de Vries", organisation="Gemeente Utrecht"))


def edit(client, rid, **fields):
    form = form_fields(client.http.get(page_of(rid) + "/answers").body.decode(), "answers-form")
    return client.http.post(page_of(rid) + "/answers", body=urlencode({**form, **fields}), headers=FORM)


def test_the_attendee_page_links_to_the_change_form_with_the_deadline(client, anne):
    body = client.http.get(page_of(anne)).body.decode()
    assert 'id="change-answers"' in body
    assert "Je kunt je gegevens wijzigen tot woensdag 9 december 2026, 13.00 uur." in body


def test_the_form_is_filled_in_as_stored(client, anne):
    form = form_fields(client.http.get(page_of(anne) + "/answers").body.decode(), "answers-form")
    assert form["name"] == "Anne de Vries"
    assert form["organisation"] == "Gemeente Utrecht"


def test_a_change_is_stored_and_shown(client, anne):
    answer = edit(client, anne, name="Anne Jansen", organisation="Provincie Utrecht")
    assert answer.status_code == 200
    assert "Je gegevens zijn opgeslagen." in answer.body.decode()
    reg = store.roster.get_registration(EID, anne)
    assert reg.name == "Anne Jansen"
    assert reg.answers["organisation"] == "Provincie Utrecht"
    assert reg.email == "deelnemer1@gemeente.example"


def test_the_address_cannot_change(client, anne):
    assert edit(client, anne, email="ander@gemeente.example").status_code == 200
    assert store.roster.get_registration(EID, anne).email == "deelnemer1@gemeente.example"
    assert "Je e-mailadres (deelnemer1@gemeente.example) kun je niet wijzigen." in \
        client.http.get(page_of(anne) + "/answers").body.decode()


@pytest.mark.parametrize("locale, sentence", [("nl", "Organisatie: Vul dit veld in."),
                                              ("en", "Organisation: Fill in this field.")])
def test_a_bad_answer_is_a_400_page_naming_the_field(client, demo_event, locale, sentence):
    rid = signed_up(client, EID, **person(2, locale=locale))
    answer = edit(client, rid, organisation="  ")
    assert answer.status_code == 400
    assert sentence in answer.body.decode()
    assert store.roster.get_registration(EID, rid).answers["organisation"] == "Gemeente Utrecht"


def test_json_changes_only_what_it_names_and_refuses_by_field(client, anne):
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    answer = client.http.post(page_of(anne) + "/answers", body=json.dumps({"functie": "Beleidsadviseur"}), headers=headers)
    assert answer.status_code == 200
    assert json.loads(answer.body)["answers"]["functie"] == "Beleidsadviseur"
    assert json.loads(answer.body)["name"] == "Anne de Vries"
    refused = client.http.post(page_of(anne) + "/answers", body=json.dumps({"name": ""}), headers=headers)
    assert refused.status_code == 400
    assert json.loads(refused.body)["fields"] == {"name": "Vul je naam in."}


def test_after_the_deadline_the_change_is_refused_with_a_clear_page(client, admin_token, anne):
    make_event(client, admin_token, changes_close_at="2026-01-01T12:00:00+01:00")
    assert "Je gegevens wijzigen kan niet meer." in client.http.get(page_of(anne)).body.decode()
    form = client.http.get(page_of(anne) + "/answers")
    assert form.status_code == 409
    assert "De organisator heeft dat gesloten." in form.body.decode()
    answer = client.http.post(page_of(anne) + "/answers", body=urlencode({"name": "Anne Jansen"}), headers=FORM)
    assert answer.status_code == 409
    assert "Je gegevens wijzigen kan niet meer." in answer.body.decode()
    assert store.roster.get_registration(EID, anne).name == "Anne de Vries"


def test_the_organisers_deadline_is_the_one_shown(client, admin_token, demo_event):
    make_event(client, admin_token, changes_close_at="2026-12-08T12:00:00")
    rid = signed_up(client, EID, **person(3))
    assert "Je kunt je gegevens wijzigen tot dinsdag 8 december 2026, 12.00 uur." in \
        client.http.get(page_of(rid)).body.decode()


def test_a_cancelled_registration_cannot_change(client, anne):
    assert client.http.post(page_of(anne) + "/cancel", body="", headers=FORM).status_code == 200
    assert 'id="change-answers"' not in client.http.get(page_of(anne)).body.decode()
    answer = client.http.post(page_of(anne) + "/answers", body=urlencode({"name": "Anne Jansen"}), headers=FORM)
    assert answer.status_code == 409
    assert "Deze aanmelding is afgemeld of verlopen." in answer.body.decode()


def test_the_organiser_sees_what_changed_and_when(client, anne):
    edit(client, anne, organisation="Provincie Utrecht")
    cookie, _ = session_of(BEHEERDER)
    people = client.http.get(f"/organiser/events/{EID}/registrations", headers={"Cookie": cookie}).body.decode()
    assert f'/organiser/events/{EID}/registrations/{anne}">Gegevens bekijken' in people
    page = client.http.get(f"/organiser/events/{EID}/registrations/{anne}", headers={"Cookie": cookie})
    body = page.body.decode()
    assert page.status_code == 200
    history = body[body.index('id="history"'):]
    assert "Organisatie" in history
    assert "Gemeente Utrecht" in history and "Provincie Utrecht" in history
    entry, = store.roster.get_registration(EID, anne).extra["changes"]
    assert (entry["by"], entry["field"], entry["old"], entry["new"]) == (
        "attendee", "organisation", "Gemeente Utrecht", "Provincie Utrecht")


def test_the_log_names_the_fields_not_the_values(client, anne):
    edit(client, anne, organisation="Provincie Utrecht")
    cookie, _ = session_of(BEHEERDER)
    log = client.http.get("/organiser/log", headers={"Cookie": cookie}).body.decode()
    assert 'data-action="answers_changed"' in log
    line = log[log.index('data-action="answers_changed"'):].split("</tr>")[0]
    assert "organisation" in line
    assert "Provincie Utrecht" not in line


def test_nothing_changed_writes_no_history(client, anne):
    assert edit(client, anne).status_code == 200
    assert "changes" not in store.roster.get_registration(EID, anne).extra


def test_erasure_removes_the_history(client, admin_token, anne):
    edit(client, anne, organisation="Provincie Utrecht")
    from chalicelib import signups
    signups.erase_by_id(EID, anne)
    from chalicelib import aws
    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=store.roster.reg_key(EID, anne))["Item"]
    assert "changes" not in item
    assert "answers" not in item


def test_the_form_again_escapes_what_was_typed(client, anne):
    answer = edit(client, anne, name="", organisation='"><i>zelf</i>')
    assert answer.status_code == 400
    body = answer.body.decode()
    assert "<i>zelf</i>" not in body
    assert 'value="&#34;&gt;&lt;i&gt;zelf&lt;/i&gt;"' in body or 'value="&quot;&gt;&lt;i&gt;zelf&lt;/i&gt;"' in body
