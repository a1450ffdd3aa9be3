"""Organiser operations (issue 22, items 14 and 15): copy an event, add a person by hand."""
import json
from email import message_from_bytes, policy

import pytest

from chalicelib import store
from conftest import DEMO_EVENT, bearer, make_event, person, run_email_worker, signup
from test_organisers import ses  # noqa: F401 - the fixture

EID = DEMO_EVENT["id"]
JSON = {"Content-Type": "application/json"}


def post(client, path, body, token):
    return client.http.post(path, body=json.dumps(body), headers={**bearer(token), **JSON})


def copy(client, token, **body):
    return post(client, f"/events/{EID}/copy", {"id": "kopie-2027", "starts_at": "2027-03-04T10:00",
                                                 "ends_at": "2027-03-04T12:00", **body}, token)


# ---------------------------------------------------------------- 14. copy an event

def test_a_copy_has_everything_but_the_id_the_dates_and_the_people(client, admin_token, demo_event):
    assert signup(client, EID, **person(1)).status_code == 201
    answer = copy(client, admin_token)
    assert answer.status_code == 201
    copied = json.loads(answer.body)
    source = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    assert copied["id"] == "kopie-2027"
    assert copied["starts_at"] == "2027-03-04T10:00:00+01:00"
    assert copied["ends_at"] == "2027-03-04T12:00:00+01:00"
    same = {k: v for k, v in source.items() if k not in ("id", "starts_at", "ends_at")}
    assert {k: copied[k] for k in same} == same
    assert copied["organisation_id"] == "duurzaamdoor"
    assert list(store.roster.registrations("kopie-2027", consistent=True)) == []
    assert json.loads(client.http.get("/events/kopie-2027").body)["spots_left"] == DEMO_EVENT["capacity"]


def test_a_closing_time_moves_with_the_start(client, admin_token):
    make_event(client, admin_token, registration_closes_at="2026-12-08T12:00:00")
    copied = json.loads(copy(client, admin_token, starts_at="2026-12-16T13:00", ends_at="2026-12-16T17:00").body)
    assert copied["registration_closes_at"] == "2026-12-15T12:00:00+01:00"


def test_a_copy_onto_an_existing_id_is_409_and_changes_nothing(client, admin_token, demo_event):
    make_event(client, admin_token, id="bestaat-al", capacity=5)
    answer = copy(client, admin_token, id="bestaat-al")
    assert answer.status_code == 409
    assert json.loads(answer.body)["error"] == "event_exists"
    assert json.loads(client.http.get("/events/bestaat-al").body)["capacity"] == 5


def test_a_copy_onto_a_name_made_a_moment_before_is_409_and_changes_nothing(client, admin_token, demo_event,
                                                                           monkeypatch):
    """Two organisers copy onto the same name at once: the other's copy was made after this one
    looked, so only the store's own check stops this one."""
    from chalicelib import organising
    make_event(client, admin_token, id="bestaat-al", capacity=5)
    monkeypatch.setattr(organising, "event_exists", lambda event_id: False)      # looked just before it was made
    answer = copy(client, admin_token, id="bestaat-al")
    assert (answer.status_code, json.loads(answer.body)["error"]) == (409, "event_exists")
    assert json.loads(client.http.get("/events/bestaat-al").body)["capacity"] == 5


@pytest.mark.parametrize("body, field", [
    ({"id": ""}, "id"), ({"id": "met spaties"}, "id"), ({"starts_at": "morgen"}, "starts_at"),
    ({"ends_at": None}, "ends_at"), ({"ends_at": "2027-03-04T09:00"}, "ends_at"),
])
def test_bad_input_names_the_field(client, admin_token, demo_event, body, field):
    answer = copy(client, admin_token, **body)
    assert answer.status_code == 400
    assert json.loads(answer.body)["error"] == "validation_failed"
    assert list(json.loads(answer.body)["fields"]) == [field]


def test_a_body_that_is_no_object_is_400(client, admin_token, demo_event):
    answer = client.http.post(f"/events/{EID}/copy", body="[]", headers={**bearer(admin_token), **JSON})
    assert answer.status_code == 400


def test_copy_needs_admin_and_an_existing_event(client, admin_token, export_token, demo_event):
    assert copy(client, export_token).status_code == 403
    assert client.http.post(f"/events/{EID}/copy", body="{}", headers=JSON).status_code == 401
    missing = post(client, "/events/bestaat-niet/copy", {"id": "x", "starts_at": "2027-01-01T10:00",
                                                         "ends_at": "2027-01-01T11:00"}, admin_token)
    assert missing.status_code == 404


def test_a_key_for_one_event_makes_no_other(client, demo_event):
    from chalicelib import auth
    one = auth.mint("admin", [EID], label="one event")[1]
    assert copy(client, one).status_code == 403
    assert store.events.get_definition("kopie-2027") is None


# ---------------------------------------------------------------- 15. add a person by hand

def add(client, token, event_id=EID, **fields):
    return post(client, f"/events/{event_id}/registrations", fields, token)


def test_an_added_person_gets_a_seat_the_mail_and_consent_given_to_the_organiser(client, admin_token, demo_event,
                                                                                    ses):
    answer = add(client, admin_token, **{**person(7), "consent": True})
    assert answer.status_code == 201
    body = json.loads(answer.body)
    assert body["status"] == "confirmed"
    reg = store.roster.get_registration(EID, body["registration_id"])
    assert reg.email == "deelnemer7@gemeente.example"
    assert reg.consent_source == "organiser"
    assert reg.consent_given_at is not None
    assert reg.consent_version == json.loads(client.http.get(f"/events/{EID}/definition",
                                                             headers=bearer(admin_token)).body)["consent_version"]
    run_email_worker(client)
    sent = [m for m in ses.sent_messages if "deelnemer7@gemeente.example" in m.destinations]
    assert len(sent) == 1
    mail = message_from_bytes(sent[0].raw_data.encode(), policy=policy.default)
    assert "Deelnemer 7" in mail.get_body(("plain",)).get_content()


def test_the_same_rules_as_a_signup_bad_fields(client, admin_token, demo_event):
    answer = add(client, admin_token, name="", email="geen-adres", consent=True, organisation="X")
    assert answer.status_code == 400
    assert set(json.loads(answer.body)["fields"]) == {"name", "email"}


@pytest.mark.parametrize("body", ["[]", "3", '"x"', "null"])
def test_an_added_person_that_is_no_object_is_400(client, admin_token, demo_event, body):
    answer = client.http.post(f"/events/{EID}/registrations", body=body, headers={**bearer(admin_token), **JSON})
    assert answer.status_code == 400
    assert json.loads(answer.body)["fields"] == {"body": "Dit klopt niet. Kijk het na en verbeter het."}


def test_a_full_event_puts_them_on_the_waiting_list(client, admin_token):
    make_event(client, admin_token, capacity=1)
    assert signup(client, EID, **person(1)).status_code == 201
    answer = add(client, admin_token, **person(2))
    assert answer.status_code == 201
    assert json.loads(answer.body)["status"] == "waitlisted"


def test_full_without_a_waiting_list_is_409(client, admin_token):
    make_event(client, admin_token, capacity=1, waitlist_enabled=False)
    assert signup(client, EID, **person(1)).status_code == 201
    answer = add(client, admin_token, **person(2))
    assert answer.status_code == 409
    assert json.loads(answer.body)["error"] == "event_full"


def test_an_address_already_registered_is_409(client, admin_token, demo_event):
    assert signup(client, EID, **person(1)).status_code == 201
    answer = add(client, admin_token, **person(1))
    assert answer.status_code == 409
    assert json.loads(answer.body)["error"] == "already_registered"
    assert len(list(store.roster.registrations(EID, consistent=True))) == 1


def test_closed_registration_does_not_stop_the_organiser(client, admin_token):
    make_event(client, admin_token, registration_open=False)
    assert signup(client, EID, **person(1)).status_code == 409
    answer = add(client, admin_token, **person(2))
    assert answer.status_code == 201
    assert json.loads(answer.body)["status"] == "confirmed"


def test_a_closing_time_in_the_past_does_not_stop_the_organiser(client, admin_token):
    make_event(client, admin_token, registration_closes_at="2020-01-01T00:00:00")
    assert add(client, admin_token, **person(2)).status_code == 201


def test_adding_is_audited_and_needs_admin(client, admin_token, export_token, demo_event):
    assert add(client, export_token, **person(3)).status_code == 403
    answer = add(client, admin_token, **person(3))
    assert any(record.get("action") == "add" and record.get("registration_id")
               == json.loads(answer.body)["registration_id"] for record in store.organisers.list_audit(EID))


# ---------------------------------------------------------------- the pages (a signed-in member)

@pytest.fixture
def member(client, ses):
    from test_organisers import sign_in
    return sign_in(client, ses)


def test_the_overview_links_to_copy_and_to_adding_a_person(client, demo_event, member):
    page = client.http.get(f"/organiser/events/{EID}", headers={"Cookie": member}).body.decode()
    assert f'href="https://signup.test/organiser/events/{EID}/copy">Kopieer bijeenkomst</a>' in page
    assert f'href="https://signup.test/organiser/events/{EID}/registrations/new">Iemand aanmelden</a>' in page


def test_the_copy_page_makes_the_copy_and_opens_its_overview(client, demo_event, member):
    from organiser_pages import form_fields, post_form
    page = client.http.get(f"/organiser/events/{EID}/copy", headers={"Cookie": member})
    assert page.status_code == 200
    fields = form_fields(page.body.decode(), "copy-form")
    assert (fields["start_time"], fields["end_time"]) == ("13:00", "17:00")     # the source's times
    answer = post_form(client, f"/organiser/events/{EID}/copy", {**fields, "start_date": "2027-01-14"}, member)
    assert answer.status_code == 303
    new_id = "lerende-ambtenaren-versnellen-circulaire-economie-2027-01-14"
    assert answer.headers["Location"] == f"https://signup.test/organiser/events/{new_id}?done=copied"
    copied = store.events.get_definition(new_id)
    assert (copied["starts_at"], copied["ends_at"]) == ("2027-01-14T13:00:00+01:00", "2027-01-14T17:00:00+01:00")
    assert copied["fields"] == store.events.get_definition(EID)["fields"]
    overview = client.http.get(answer.headers["Location"].replace("https://signup.test", ""), headers={"Cookie": member})
    assert "De kopie is gemaakt." in overview.body.decode()


def test_the_copy_page_names_what_to_fix(client, admin_token, demo_event, member):
    from organiser_pages import post_form
    from test_organisers import csrf_of
    csrf = csrf_of(client, member)
    make_event(client, admin_token, id="bezet")
    answer = post_form(client, f"/organiser/events/{EID}/copy", {"start_date": "morgen", "start_time": "13:00",
                                                                "end_time": "12:00", "id": ""}, member, csrf=csrf)
    assert answer.status_code == 400
    assert 'aria-invalid="true"' in answer.body.decode()
    assert "<title>Fout:" in answer.body.decode()
    taken = post_form(client, f"/organiser/events/{EID}/copy", {"start_date": "2027-01-14", "start_time": "13:00",
                                                               "end_time": "17:00", "id": "bezet"}, member, csrf=csrf)
    assert taken.status_code == 400
    assert "Deze naam is al in gebruik." in taken.body.decode()
    early = post_form(client, f"/organiser/events/{EID}/copy", {"start_date": "2027-01-14", "start_time": "13:00",
                                                               "end_time": "12:00", "id": ""}, member, csrf=csrf)
    assert early.status_code == 400
    assert "Het einde moet na het begin liggen. Verbeter de tijden." in early.body.decode()


def test_another_organisations_member_cannot_copy(client, admin_token, demo_event, ses):
    from test_organisers import put_org, sign_in
    put_org(client, admin_token, org_id="ander", members=("iemand@ander.example",), name="Ander")
    stranger = sign_in(client, ses, "iemand@ander.example")
    assert client.http.get(f"/organiser/events/{EID}/copy", headers={"Cookie": stranger}).status_code == 404


def test_the_add_page_signs_someone_up_by_hand(client, demo_event, member, ses):
    from organiser_pages import form_fields, post_form
    page = client.http.get(f"/organiser/events/{EID}/registrations/new", headers={"Cookie": member})
    assert page.status_code == 200
    fields = form_fields(page.body.decode(), "add-form")
    assert set(fields) >= {"name", "email", "organisation", "locale"}
    answer = post_form(client, f"/organiser/events/{EID}/registrations/new",
                       {**fields, "name": "Bel Mij", "email": "bel@gemeente.example", "organisation": "Gemeente",
                        "consent": "on"}, member)
    assert answer.status_code == 303
    done = client.http.get(answer.headers["Location"].replace("https://signup.test", ""), headers={"Cookie": member})
    assert "De deelnemer is aangemeld: Bevestigd." in done.body.decode()
    reg = store.roster.registration_by_email(EID, "bel@gemeente.example")
    assert (reg.name, reg.answers, reg.consent_source) == ("Bel Mij", {"organisation": "Gemeente"}, "organiser")
    assert any(record.get("action") == "add" and record.get("token_id") == "member:marieke@duurzaamdoor.example"
               for record in store.organisers.list_audit(EID))


def test_the_add_page_names_what_to_fix_and_says_when_it_is_full(client, admin_token, member):
    from organiser_pages import post_form
    from test_organisers import csrf_of
    csrf = csrf_of(client, member)
    make_event(client, admin_token, capacity=1, waitlist_enabled=False)
    bad = post_form(client, f"/organiser/events/{EID}/registrations/new", {"name": "", "email": "x"}, member, csrf=csrf)
    assert bad.status_code == 400
    assert 'id="email-error"' in bad.body.decode()
    assert signup(client, EID, **person(1)).status_code == 201
    full = post_form(client, f"/organiser/events/{EID}/registrations/new",
                     {**person(2), "consent": "on"}, member, csrf=csrf)
    assert full.status_code == 409
    assert "De bijeenkomst is vol." in full.body.decode()


def test_the_add_page_without_csrf_is_403(client, demo_event, member):
    from urllib.parse import urlencode
    answer = client.http.post(f"/organiser/events/{EID}/registrations/new", body=urlencode(person(2)),
                              headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": member})
    assert answer.status_code == 403
    assert list(store.roster.registrations(EID, consistent=True)) == []


def test_the_pages_are_in_english_too(client, demo_event, member):
    for path in ("copy", "registrations/new"):
        page = client.http.get(f"/organiser/events/{EID}/{path}?lang=en", headers={"Cookie": member}).body.decode()
        assert "Kopieer" not in page and "Iemand aanmelden" not in page
