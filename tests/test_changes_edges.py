"""The edges of people changing their own answers (chalicelib/changes.py) as the attendee and the
organiser see them: the change form filled in as stored (a ticked box ticked, an unticked one not),
an unchanged form that writes nothing (an empty answer and an unticked box are no change), an answer
given or taken away that the organiser's page lists with its question's name, newest first, a
waiting person who may change too, and a log line that names the fields."""
import html
import json
import re
import time
from urllib.parse import urlencode

import pytest

from chalicelib import store, tokens
from conftest import DEMO_EVENT, make_event, person, signed_up
from organiser_pages import FORM, form_fields
from test_roles import BEHEERDER, session_of

EID = DEMO_EVENT["id"]
LUNCH = {"name": "lunch", "type": "checkbox", "required": False, "label": {"nl": "Ik eet mee", "en": "I join lunch"}}
PHOTO = {"name": "foto", "type": "checkbox", "required": False, "label": {"nl": "Foto's mogen", "en": "Photos are fine"}}


def page_of(rid):
    return "/registrations/" + tokens.sign(EID, rid)


def the_form(client, rid):
    return form_fields(client.http.get(page_of(rid) + "/answers").body.decode(), "answers-form")


def edit(client, rid, **fields):
    return client.http.post(page_of(rid) + "/answers", body=urlencode({**the_form(client, rid), **fields}), headers=FORM)


def post_form(client, rid, fields):
    return client.http.post(page_of(rid) + "/answers", body=urlencode(fields), headers=FORM)


def history_rows(client, rid, lang=""):
    """(what, was, becomes) of each line of the organiser's 'changes by the attendee' table, top down."""
    cookie, _ = session_of(BEHEERDER)
    page = client.http.get(f"/organiser/events/{EID}/registrations/{rid}" + (f"?lang={lang}" if lang else ""),
                           headers={"Cookie": cookie})
    body = page.body.decode()
    assert page.status_code == 200
    if 'id="history"' not in body:
        assert "De deelnemer heeft zelf nog niets gewijzigd." in body
        return []
    table = body[body.index('id="history"'):body.index("</table>", body.index('id="history"'))]
    rows = re.findall(r'<th scope="row">(.*?)</th>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>', table, re.S)
    return [tuple(html.unescape(cell).strip() for cell in row) for row in rows]


@pytest.fixture
def boxes(client, admin_token):
    """The demo event with two optional tick boxes."""
    make_event(client, admin_token, fields=DEMO_EVENT["fields"] + [LUNCH, PHOTO])


@pytest.fixture
def bob(client, boxes):
    """Lunch ticked, photos not, no job title."""
    return signed_up(client, EID, **person(4, name="Bob Bakker", lunch=True))


def test_the_form_shows_a_ticked_box_ticked_and_an_unticked_one_not(client, bob):
    form = the_form(client, bob)

    assert form.get("lunch") == "on"
    assert "foto" not in form
    assert "functie" not in form or form["functie"] == ""
    assert form["name"] == "Bob Bakker" and form["organisation"] == "Gemeente Utrecht"


def test_the_form_sent_back_unchanged_writes_nothing(client, bob):
    assert edit(client, bob).status_code == 200

    reg = store.roster.get_registration(EID, bob)
    assert "changes" not in reg.extra
    assert (reg.answers["lunch"], reg.answers["foto"]) == (True, False)
    assert history_rows(client, bob) == []
    assert not [r for r in store.organisers.list_audit(EID) if r.get("action") == "answers_changed"]


def test_unticking_a_box_and_answering_an_open_question_are_listed(client, bob):
    form = the_form(client, bob)
    form.pop("lunch")
    assert post_form(client, bob, {**form, "functie": "Inkoper"}).status_code == 200

    rows = history_rows(client, bob)
    assert [row[0] for row in rows] == ["Functie", "Ik eet mee"]     # one change: in the form's order
    assert store.roster.get_registration(EID, bob).answers["lunch"] is False
    assert rows[0][2] == "Inkoper"


def test_taking_an_answer_away_is_listed(client, boxes):
    rid = signed_up(client, EID, **person(5, functie="Adviseur"))

    assert edit(client, rid, functie="").status_code == 200

    entry, = store.roster.get_registration(EID, rid).extra["changes"]
    assert (entry["field"], entry["old"], entry["new"]) == ("functie", "Adviseur", None)
    assert [row[0] for row in history_rows(client, rid)] == ["Functie"]


def test_a_new_name_is_listed_as_naam_and_changes_newest_first(client, bob):
    assert edit(client, bob, name="Bob de Bakker").status_code == 200
    time.sleep(0.01)
    assert edit(client, bob, organisation="Provincie Utrecht").status_code == 200

    rows = history_rows(client, bob)

    assert [row[0] for row in rows] == ["Organisatie", "Naam"]
    assert rows[1][1:] == ("Bob Bakker", "Bob de Bakker")
    assert store.roster.get_registration(EID, bob).name == "Bob de Bakker"


def test_the_log_names_who_and_which_fields(client, bob):
    edit(client, bob, name="Bob de Bakker", organisation="Provincie Utrecht")

    record, = [r for r in store.organisers.list_audit(EID) if r.get("action") == "answers_changed"]

    assert record["token_id"] == "attendee" and record["registration_id"] == bob
    assert record["fields"] == ["name", "organisation"]


def test_a_waiting_person_may_change_answers_too(client, admin_token):
    make_event(client, admin_token, capacity=1)
    signed_up(client, EID, **person(1))
    waiting = signed_up(client, EID, **person(2))
    assert store.roster.get_registration(EID, waiting).status == "waitlisted"

    assert 'id="change-answers"' in client.http.get(page_of(waiting)).body.decode()
    assert edit(client, waiting, organisation="Provincie Utrecht").status_code == 200
    assert store.roster.get_registration(EID, waiting).answers["organisation"] == "Provincie Utrecht"


def test_a_cancelled_person_sees_no_change_link_and_cannot_open_the_form(client, boxes):
    rid = signed_up(client, EID, **person(6))
    assert client.http.post(page_of(rid) + "/cancel", body="", headers=FORM).status_code == 200

    assert 'id="change-answers"' not in client.http.get(page_of(rid)).body.decode()
    assert client.http.get(page_of(rid) + "/answers").status_code == 409
    answer = client.http.post(page_of(rid) + "/answers", body=json.dumps({"functie": "Inkoper"}),
                              headers={"Content-Type": "application/json", "Accept": "application/json"})
    assert answer.status_code == 409
    assert json.loads(answer.body)["error"] == "not_changeable"


def test_after_the_deadline_the_link_goes_and_json_is_refused(client, admin_token):
    make_event(client, admin_token, changes_close_at="2026-01-01T12:00:00+01:00")
    rid = signed_up(client, EID, **person(7))

    assert 'id="change-answers"' not in client.http.get(page_of(rid)).body.decode()
    answer = client.http.post(page_of(rid) + "/answers", body=json.dumps({"functie": "Inkoper"}),
                              headers={"Content-Type": "application/json", "Accept": "application/json"})
    assert answer.status_code == 409
    assert json.loads(answer.body)["error"] == "answers_closed"
    assert store.roster.get_registration(EID, rid).answers.get("functie") is None


def test_json_changes_only_what_it_names(client, bob):
    answer = client.http.post(page_of(bob) + "/answers", body=json.dumps({"functie": "Inkoper"}),
                              headers={"Content-Type": "application/json", "Accept": "application/json"})

    assert answer.status_code == 200
    reg = store.roster.get_registration(EID, bob)
    assert (reg.name, reg.answers["organisation"], reg.answers["lunch"], reg.answers["functie"]) == (
        "Bob Bakker", "Gemeente Utrecht", True, "Inkoper")
    assert [e["field"] for e in reg.extra["changes"]] == ["functie"]


def test_the_organiser_reads_the_changes_in_english_too(client, bob):
    edit(client, bob, name="Bob de Bakker", functie="Inkoper")

    assert [row[0] for row in history_rows(client, bob, lang="en")] == ["Name", "Job title"]


def test_a_change_to_a_question_since_removed_is_listed_by_its_name(client, admin_token, bob):
    edit(client, bob, functie="Inkoper")
    make_event(client, admin_token, fields=[f for f in DEMO_EVENT["fields"] if f["name"] != "functie"])

    assert history_rows(client, bob) == [("functie", "", "Inkoper")]


def test_a_change_is_logged_at_its_moment_among_later_lines(client, export_token, bob):
    from conftest import bearer
    edit(client, bob, functie="Inkoper")
    time.sleep(0.01)
    assert client.http.get(f"/events/{EID}/registrations", headers=bearer(export_token)).status_code == 200

    newest, oldest = store.organisers.list_audit(EID)

    assert newest.get("action", "export") == "export" and oldest["action"] == "answers_changed"
    entry, = store.roster.get_registration(EID, bob).extra["changes"]
    assert oldest["at"] == entry["at"]


def test_a_download_of_what_changed_since_lists_who_changed_answers(client, export_token, boxes):
    from datetime import datetime, timezone

    from conftest import bearer
    rids = [signed_up(client, EID, **person(n)) for n in (8, 9)]
    time.sleep(0.01)
    since = datetime.now(timezone.utc).isoformat()
    time.sleep(0.01)
    assert edit(client, rids[1], functie="Inkoper").status_code == 200

    answer = client.http.get(f"/events/{EID}/registrations?format=json&" + urlencode({"since": since}),
                             headers=bearer(export_token))

    assert [item["registration_id"] for item in json.loads(answer.body)["items"]] == [rids[1]]
