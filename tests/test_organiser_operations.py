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
    assert list(store.registrations("kopie-2027", consistent=True)) == []
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
    assert store.get_definition("kopie-2027") is None


# ---------------------------------------------------------------- 15. add a person by hand

def add(client, token, event_id=EID, **fields):
    return post(client, f"/events/{event_id}/registrations", fields, token)


def test_an_added_person_gets_a_seat_the_mail_and_consent_given_to_the_organiser(client, admin_token, demo_event,
                                                                                    ses):
    answer = add(client, admin_token, **{**person(7), "consent": True})
    assert answer.status_code == 201
    body = json.loads(answer.body)
    assert body["status"] == "confirmed"
    reg = store.get_registration(EID, body["registration_id"])
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
    assert len(list(store.registrations(EID, consistent=True))) == 1


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
               == json.loads(answer.body)["registration_id"] for record in store.list_audit(EID))
