"""Issue 30 item 4: the participant list. People who agree (at signup or later on their attendee
page) see each other: name and the answers the organiser shares, nothing else, nobody else."""
import re
from urllib.parse import urlencode

import pytest

from conftest import DEMO_EVENT, make_event, person, registration_id, signup
from organiser_pages import FORM

EID = DEMO_EVENT["id"]
QUESTIONS = [
    {"name": "organisation", "type": "text", "required": True, "label": {"nl": "Organisatie", "en": "Organisation"},
     "shared": True},
    {"name": "functie", "type": "text", "required": False, "label": {"nl": "Functie", "en": "Job title"},
     "shared": True},
    {"name": "dieet", "type": "text", "required": False, "label": {"nl": "Dieetwensen", "en": "Dietary needs"}},
]


@pytest.fixture
def listed(client, admin_token):
    make_event(client, admin_token, participant_list=True, fields=QUESTIONS, capacity=3)
    return client


def join(client, n, **extra):
    answer = signup(client, EID, **person(n, functie=f"Beleidsadviseur {n}", dieet="geen noten", **extra))
    assert answer.status_code == 201, answer.body
    return token(n)


def token(n):
    from chalicelib import tokens
    return tokens.sign(EID, registration_id(EID, person(n)["email"]))


def page(client, tok, lang=""):
    answer = client.http.get(f"/registrations/{tok}/participants{lang}", headers={"Accept": "text/html"})
    return answer.status_code, answer.body.decode()


def post(client, tok, share):
    return client.http.post(f"/registrations/{tok}/participants", body=urlencode({"share": share}), headers=FORM)


def test_who_agreed_sees_the_others_who_agreed_with_the_shared_answers_only(listed):
    anne, bram, cas = join(listed, 1, share_details=True), join(listed, 2, share_details="on"), join(listed, 3)
    status, html = page(listed, anne)
    assert status == 200
    assert "Deelnemer 1" in html and "Deelnemer 2" in html
    assert "Beleidsadviseur 2" in html and "Gemeente Utrecht" in html
    assert "Deelnemer 3" not in html                # did not agree
    assert "noten" not in html                      # a question the organiser does not share
    assert "@" not in re.sub(r"<head>.*</head>", "", html, flags=re.S)    # no addresses
    assert "2 deelnemers op de lijst" in html
    # the one who did not agree sees nobody, only the question
    status, html = page(listed, cas)
    assert status == 200 and "Deelnemer 1" not in html and "Deelnemer 2" not in html
    assert "Zet mijn naam op de deelnemerslijst, met mijn antwoord bij: Organisatie, Functie." in html
    assert bram


def test_joining_later_and_leaving_take_effect_at_once(listed):
    anne, cas = join(listed, 1, share_details=True), join(listed, 3)
    answer = post(listed, cas, "on")
    assert answer.status_code == 303
    assert page(listed, cas)[1].count("Deelnemer 1") == 1
    assert "Deelnemer 3" in page(listed, anne)[1]
    answer = post(listed, cas, "off")
    assert answer.status_code == 303 and answer.headers["Location"].endswith("?done=unshared")
    assert "Deelnemer 3" not in page(listed, anne)[1]
    status, html = page(listed, cas, "?done=unshared")
    assert "Deelnemer 1" not in html and "Niemand ziet je gegevens nog." in html


def test_the_waiting_list_and_cancelled_people_are_not_on_it_and_do_not_read_it(listed):
    from chalicelib import store
    anne = join(listed, 1, share_details=True)
    for n in (2, 3):
        join(listed, n)
    dirk = join(listed, 4, share_details=True)       # the fourth of three seats: waiting
    assert store.roster.get_registration(EID, registration_id(EID, person(4)["email"])).status == "waitlisted"
    assert "Deelnemer 4" not in page(listed, anne)[1]
    status, html = page(listed, dirk)
    assert "Deelnemer 1" not in html and "Je ziet de lijst zodra je een plek hebt." in html
    cancelled = listed.http.post(f"/registrations/{anne}/cancel", headers={"Accept": "application/json"})
    assert cancelled.status_code == 200
    assert page(listed, anne)[0] == 404


def test_the_attendee_page_leads_to_the_list_only_where_the_event_offers_it(listed, admin_token):
    anne = join(listed, 1, share_details=True)
    html = listed.http.get(f"/registrations/{anne}", headers={"Accept": "text/html"}).body.decode()
    assert f"/registrations/{anne}/participants" in html and "Naar de deelnemerslijst" in html
    make_event(listed, admin_token, participant_list=False, fields=QUESTIONS, capacity=3)
    html = listed.http.get(f"/registrations/{anne}", headers={"Accept": "text/html"}).body.decode()
    assert "/participants" not in html
    assert page(listed, anne)[0] == 404
    assert post(listed, anne, "on").status_code == 404


def test_the_form_asks_only_on_an_event_with_the_list_and_the_choice_is_stored(listed, admin_token):
    from chalicelib import store
    form = listed.http.get(f"/events/{EID}/form?lang=en").body.decode()
    assert 'name="share_details"' in form
    assert "Put my name on the participant list, with my answer to: Organisation, Job title." in form
    join(listed, 1, share_details=True)
    join(listed, 2)
    shared = {n: store.roster.get_registration(EID, registration_id(EID, person(n)["email"])).extra.get("shared_at")
              for n in (1, 2)}
    assert shared[1] is not None and shared[2] is None
    make_event(listed, admin_token, participant_list=False, fields=QUESTIONS[:1])
    assert 'name="share_details"' not in listed.http.get(f"/events/{EID}/form").body.decode()
    join(listed, 5, share_details=True)             # ignored where the event does not offer it
    assert store.roster.get_registration(EID, registration_id(EID, person(5)["email"])).extra.get("shared_at") is None


def test_erasure_takes_the_person_off_the_list(listed, admin_token):
    from conftest import bearer
    anne, bram = join(listed, 1, share_details=True), join(listed, 2, share_details=True)
    rid = registration_id(EID, person(2)["email"])
    assert listed.http.delete(f"/events/{EID}/registrations/{rid}", headers=bearer(admin_token)).status_code == 204
    assert "Deelnemer 2" not in page(listed, anne)[1]
    assert bram


def test_only_text_and_choice_answers_can_be_shared(client, admin_token):
    import json
    from conftest import bearer
    body = {**DEMO_EVENT, "fields": [{"name": "akkoord", "type": "checkbox", "required": False,
                                      "label": {"nl": "Akkoord"}, "shared": True}]}
    body.pop("id")
    answer = client.http.put(f"/events/{EID}", body=json.dumps(body),
                             headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert answer.status_code == 400 and "fields[0]" in json.loads(answer.body)["fields"]


def test_the_list_in_english(listed):
    anne = join(listed, 1, share_details=True, locale="en")
    status, html = page(listed, anne)
    assert status == 200 and '<html lang="en">' in html
    assert "1 participant on the list" in html and "Job title: Beleidsadviseur 1" in html


def test_a_button_value_that_is_neither_on_nor_off_is_refused_naming_it(listed):
    anne = join(listed, 1)
    for path in ("participants", "buddies"):
        answer = listed.http.post(f"/registrations/{anne}/{path}", body="share=AAA",
                                  headers={**FORM, "Accept": "application/json"})
        assert answer.status_code == 400 and "share" in answer.body.decode()
