import json

import pytest

from conftest import DEMO_EVENT, bearer, make_event

EID = DEMO_EVENT["id"]


def put(client, token, body, event_id=EID):
    return client.http.put(f"/events/{event_id}", body=json.dumps(body),
                           headers={**bearer(token), "Content-Type": "application/json"})


def test_put_creates_then_updates(client, admin_token):
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    assert put(client, admin_token, body).status_code == 201
    assert put(client, admin_token, body).status_code == 200


def test_public_view_matches_the_contract(client, demo_event):
    r = client.http.get(f"/events/{EID}")
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    event = json.loads(r.body)
    assert event["starts_at"] == "2026-12-09T13:00:00+01:00"
    assert event["ends_at"] == "2026-12-09T17:00:00+01:00"
    assert event["title"] == "Lerende ambtenaren versnellen circulaire economie"
    assert event["capacity"] == 80 and event["spots_left"] == 80
    assert event["waitlist_enabled"] is True and event["consent_required"] is True
    assert event["locales"] == ["nl", "en"]
    assert event["fields"][0] == {"name": "organisation", "type": "text", "required": True,
                                  "label": {"nl": "Organisatie", "en": "Organisation"}, "shared": True}
    assert event["fields"] == DEMO_EVENT["fields"]          # as the organiser defined them, nothing private
    assert event["participant_list"] is True and event["buddies"] is True


def test_english_view(client, demo_event):
    event = json.loads(client.http.get(f"/events/{EID}?lang=en").body)
    assert event["title"] == "Learning civil servants speed up the circular economy"


def test_unknown_event_is_404(client, table):
    r = client.http.get("/events/nope")
    assert r.status_code == 404
    assert json.loads(r.body)["error"] == "event_not_found"


@pytest.mark.parametrize("override, field", [
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"timezone": None}, "timezone"),
    ({"ends_at": "2026-12-09T12:00:00"}, "ends_at"),
    ({"starts_at": "9 december"}, "starts_at"),
    ({"capacity": 0}, "capacity"),
    ({"capacity": -3}, "capacity"),
    ({"capacity": 2.5}, "capacity"),
    ({"capacity": True}, "capacity"),
    ({"locales": ["de"]}, "locales"),
    ({"locales": []}, "locales"),
    ({"title": ""}, "title"),
    ({"consent_text": None}, "consent_text"),
    ({"fields": [{"name": "org", "type": "date"}]}, "fields[0]"),
    ({"fields": [{"name": "diet", "type": "select", "options": []}]}, "fields[0]"),
    ({"fields": [{"name": "email", "type": "text"}]}, "fields[0]"),
    ({"allowed_redirect_origins": ["https://x.example/path"]}, "allowed_redirect_origins"),
    ({"waitlist_enabled": "yes"}, "waitlist_enabled"),
])
def test_invalid_event_names_the_field(client, admin_token, override, field):
    body = {**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, **override}
    r = put(client, admin_token, body)
    assert r.status_code == 400, r.body
    answer = json.loads(r.body)
    assert answer["error"] == "validation_failed"
    assert field in answer["fields"]


def test_put_malformed_json_is_400(client, admin_token):
    r = client.http.put(f"/events/{EID}", body="{nope",
                        headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert r.status_code == 400 and json.loads(r.body)["error"] == "bad_request"


@pytest.mark.parametrize("document", ["null", "5", '"tekst"', "[]"])
def test_a_put_whose_body_is_no_object_is_400_and_stores_nothing(client, admin_token, document):
    r = client.http.put(f"/events/{EID}", body=document,
                        headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert r.status_code == 400 and json.loads(r.body)["error"] == "validation_failed"
    assert client.http.get(f"/events/{EID}").status_code == 404


def test_unlimited_event_has_null_capacity(client, admin_token):
    event = make_event(client, admin_token, capacity=None)
    assert event["capacity"] is None and event["spots_left"] is None


def test_select_and_checkbox_fields(client, admin_token):
    fields = [{"name": "diet", "type": "select", "options": ["geen", "vegetarisch"], "required": True,
               "label": {"nl": "Dieet", "en": "Diet"}},
              {"name": "newsletter", "type": "checkbox", "label": "Nieuwsbrief"}]
    event = make_event(client, admin_token, fields=fields)
    assert event["fields"][0]["options"] == ["geen", "vegetarisch"]
    assert event["fields"][1]["label"] == {"nl": "Nieuwsbrief"}


def test_consent_version_changes_with_the_text(table):
    from chalicelib import events
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    v1 = events.validate(EID, body)["consent_version"]
    v2 = events.validate(EID, {**body, "consent_text": {"nl": "Andere tekst"}})["consent_version"]
    assert v1.startswith("sha256:") and v1 != v2
    assert events.validate(EID, {**body, "consent_version": "2026-11"})["consent_version"] == "2026-11"


@pytest.mark.parametrize("name", ["consent_given_at", "consent_version", "registration_id", "email_status",
                                  "checked_in_at", "updated_at"])
def test_a_custom_field_may_not_take_an_export_column_name(client, admin_token, name):
    body = {**{k: v for k, v in DEMO_EVENT.items() if k != "id"},
            "fields": [DEMO_EVENT["fields"][0], {"name": name, "type": "text", "label": "x"}]}
    r = put(client, admin_token, body)
    assert r.status_code == 400
    assert json.loads(r.body)["fields"] == {"fields[1]": "Deze naam is al van een vaste kolom. Kies een andere."}


def test_every_export_column_is_a_reserved_name():
    from chalicelib import events, exports
    assert set(exports.COLUMN_NAMES) <= events.RESERVED_FIELDS


@pytest.mark.parametrize("email", ["not-an-address", "a@b", "x@example.org\r\nBcc: y@example.org", "zoë\u200b@x.example"])
def test_the_organiser_address_is_checked_like_an_attendees(client, admin_token, email):
    body = {**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, "organiser": {"name": "DuurzaamDoor", "email": email}}
    r = put(client, admin_token, body)
    assert r.status_code == 400
    assert json.loads(r.body)["fields"] == {"organiser.email": "Vul een e-mailadres in, bijvoorbeeld naam@gemeente.nl."}


def test_a_field_name_that_is_not_text_is_invalid_not_a_crash(client, admin_token):
    """Found by Schemathesis: an object as a field's name was looked up among the reserved names."""
    import json
    from conftest import DEMO_EVENT, bearer
    body = {**{k: v for k, v in DEMO_EVENT.items() if k != "id"},
            "fields": [{"name": {}, "type": "text", "label": "x"}]}
    answer = client.http.put(f"/events/{DEMO_EVENT['id']}", body=json.dumps(body),
                             headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert answer.status_code == 400
    assert json.loads(answer.body)["fields"] == {"fields[0]": "Dit klopt niet. Kijk het na en verbeter het."}
