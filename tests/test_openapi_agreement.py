"""/openapi.json and the server agree on the cases Schemathesis found (issue 22, item 20).

Each case asks both: the document's schema for the request (jsonschema, as Schemathesis reads
it) and the server. A request the document allows is served; one it forbids gets a 400 that
names the field; an answer has a media type the document lists.
"""
import json
from urllib.parse import urlencode

import jsonschema
import pytest

from conftest import DEMO_EVENT, bearer, person, signup
from organiser_pages import post_form
from test_organiser_events import member  # noqa: F401  (a fixture)
from test_organisers import FORM, MEMBER, csrf_of, org_event, ses  # noqa: F401  (fixtures)

EID = DEMO_EVENT["id"]


def spec():
    from chalicelib import openapi
    return openapi.spec()


def schema_of(path, method, media_type="application/json"):
    """The request body schema, with the document's components, ready for jsonschema."""
    document = spec()
    body = document["paths"][path][method]["requestBody"]["content"][media_type]["schema"]
    return {**body, "components": document["components"]}


def allowed(schema, instance) -> bool:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return validator.is_valid(instance)


def answer_types(path, method, status):
    return set(spec()["paths"][path][method]["responses"][str(status)].get("content", {}))


# ---------------------------------------------------------------- invalid, and now refused

@pytest.mark.parametrize("gotcha", [["x"], [], {"a": 1}, 7, True])
def test_a_honeypot_that_is_not_text_is_refused_as_the_document_says(client, demo_event, gotcha):
    schema = schema_of("/events/{event_id}/signups", "post")
    body = {**person(3), "_gotcha": gotcha}
    assert not allowed(schema, body)
    answer = signup(client, EID, **body)
    assert answer.status_code == 400
    assert set(json.loads(answer.body)["fields"]) == {"_gotcha"}


def test_an_empty_honeypot_is_still_a_signup(client, demo_event):
    assert signup(client, EID, **person(4), _gotcha="").status_code == 201


# ---------------------------------------------------------------- valid, and now described

def test_consent_version_null_means_the_default_in_both(client, admin_token, demo_event):
    definition = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    body = {**definition, "consent_version": None}
    assert allowed(schema_of("/events/{event_id}", "put"), body)
    answer = client.http.put(f"/events/{EID}", body=json.dumps(body),
                             headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert answer.status_code == 200, answer.body
    stored = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    assert stored["consent_version"].startswith("sha256:")


@pytest.mark.parametrize("name, served", [("", False), ("   ", False), ("DuurzaamDoor", True)])
def test_an_organisation_name_needs_a_letter_in_both(client, admin_token, name, served):
    body = {"name": name, "members": ["lid@duurzaamdoor.example"]}
    assert allowed(schema_of("/organisations/{organisation_id}", "put"), body) is served
    answer = client.http.put("/organisations/nieuw", body=json.dumps(body),
                             headers={**bearer(admin_token), "Content-Type": "application/json"})
    if served:
        assert answer.status_code == 201
    else:
        assert (answer.status_code, set(json.loads(answer.body)["fields"])) == (400, {"name"})


@pytest.mark.parametrize("subject, served", [("Zaal 3\nvanaf 13 uur", False), ("Zaal\t3", False), ("   ", False),
                                             ("Zaal 3 vanaf 13 uur", True)])
def test_a_message_subject_is_one_line_in_both(client, admin_token, demo_event, subject, served):
    body = {"subject": subject, "body": "We zitten in zaal 3.", "to": ["confirmed"]}
    assert allowed(schema_of("/events/{event_id}/messages", "post"), body) is served
    answer = client.http.post(f"/events/{EID}/messages", body=json.dumps(body),
                              headers={**bearer(admin_token), "Content-Type": "application/json"})
    if served:
        assert answer.status_code in (201, 202), answer.body
    else:
        assert (answer.status_code, set(json.loads(answer.body)["fields"])) == (400, {"subject"})


@pytest.mark.parametrize("address", ["organisator@gemeente.test", "iemand@example.test"])
def test_sign_in_answers_an_rfc_valid_test_address_like_any_other(client, table, address):
    assert allowed(schema_of("/organiser/login", "post", "application/x-www-form-urlencoded"), {"email": address})
    answer = client.http.post("/organiser/login", body=f"email={address}", headers=FORM)
    assert answer.status_code == 200
    assert "<h1>Kijk in je mailbox</h1>" in answer.body.decode()     # the page every address gets


def test_sign_in_still_refuses_what_is_not_an_address(client, table):
    assert client.http.post("/organiser/login", body="email=geen-adres", headers=FORM).status_code == 400


def test_an_empty_key_form_is_refused_as_the_document_says(client, member):  # noqa: F811
    schema = schema_of("/organiser/tokens", "post", "application/x-www-form-urlencoded")
    assert not allowed(schema, {})
    assert allowed(schema, {"label": "Excel", "expiry": "90", f"event:{EID}": "on"})
    answer = post_form(client, "/organiser/tokens", {"csrf": csrf_of(client, member)}, member)
    assert answer.status_code == 400
    assert answer.headers["Content-Type"].split(";")[0] in answer_types("/organiser/tokens", "post", 400)


@pytest.mark.parametrize("path", ["/organiser/events/{event_id}/messages/preview",
                                  "/organiser/events/{event_id}/messages"])
def test_a_message_forms_400_is_json_when_asked_for_as_the_document_says(client, member, path):  # noqa: F811
    fields = {"csrf": csrf_of(client, member), "subject": "", "body": "", "to": "confirmed"}
    answer = client.http.post(path.replace("{event_id}", EID), body="&".join(f"{k}={v}" for k, v in fields.items()),
                              headers={**FORM, "Cookie": member, "Accept": "application/json"})
    assert answer.status_code == 400
    assert answer.headers["Content-Type"].split(";")[0] in answer_types(path, "post", 400)
    page = post_form(client, path.replace("{event_id}", EID), fields, member)
    assert page.status_code == 400
    assert page.headers["Content-Type"].split(";")[0] in answer_types(path, "post", 400)


@pytest.mark.parametrize("zone, served", [("Europe/Amsterdam", True), ("America/Argentina", False),
                                          ("Mars/Olympus_Mons", False)])
def test_a_timezone_is_a_zone_name_in_both(client, admin_token, demo_event, zone, served):
    definition = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    body = {**definition, "timezone": zone}
    assert allowed(schema_of("/events/{event_id}", "put"), body) is served
    answer = client.http.put(f"/events/{EID}", body=json.dumps(body),
                             headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert answer.status_code == (200 if served else 400), answer.body
    if not served:
        assert "timezone" in json.loads(answer.body)["fields"]


def test_an_organisation_without_members_is_taken_as_the_document_says(client, admin_token):
    body = {"name": "Zonder leden"}
    assert allowed(schema_of("/organisations/{organisation_id}", "put"), body)
    answer = client.http.put("/organisations/zonder-leden", body=json.dumps(body),
                             headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert answer.status_code == 201
    got = client.http.get("/organisations/zonder-leden", headers=bearer(admin_token))
    assert json.loads(got.body)["members"] == []


def documented(path, method):
    return set(spec()["paths"][path][method]["responses"])


def test_signing_in_and_out_answer_only_what_the_document_lists(client, org_event, ses):  # noqa: F811
    """A form that cannot be read (not UTF-8) is 400 and a post from another site is 403, on the
    sign-in button as on signing out; the document names both, so a client knows them."""
    from test_organisers import login_link, sign_in
    assert client.http.post("/organiser/login", body=urlencode({"email": MEMBER}), headers=FORM).status_code == 200
    link = login_link(ses, MEMBER)
    answers = {"not UTF-8": client.http.post(link, body=b"next=%ff\xff", headers=FORM).status_code,
               "another site": client.http.post(link, body="", headers={**FORM, "Origin": "https://evil.example"}
                                                ).status_code}
    assert answers == {"not UTF-8": 400, "another site": 403}
    assert {"400", "403"} <= documented("/organiser/login/{token}", "post")
    cookie = sign_in(client, ses)
    assert client.http.post("/organiser/logout", body=b"csrf=\xff", headers={**FORM, "Cookie": cookie}
                            ).status_code == 400
    assert {"400", "403"} <= documented("/organiser/logout", "post")
