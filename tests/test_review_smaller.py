"""Issue 25 item 15, the smaller findings of the review: files never sniffed, custom column labels
that cannot pass for a standard column, websites refused at input, organiser messages without
bidi controls.
"""
import json

import pytest

from conftest import DEMO_EVENT, bearer, make_event, person, signed_up
from test_organiser_events import edit_form, member, messages_beside  # noqa: F401  (member is a fixture)
from test_organisers import ses  # noqa: F401  (a fixture)
from organiser_pages import post_form

EID = DEMO_EVENT["id"]
JSON = {"Content-Type": "application/json"}
RESERVED = "Deze naam is al van een vaste kolom. Kies een andere."
ORIGINS = "Vul webadressen in zoals https://www.voorbeeld.nl, één per regel."


def put(client, token, **overrides):
    body = {k: v for k, v in {**DEMO_EVENT, **overrides}.items() if k != "id"}
    return client.http.put(f"/events/{EID}", body=json.dumps(body), headers={**bearer(token), **JSON})


def refused_fields(answer) -> dict:
    assert answer.status_code == 400, answer.body
    return json.loads(answer.body)["fields"]


# ---------------------------------------------------------------- nosniff on files

@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_an_export_is_never_sniffed(client, admin_token, demo_event, fmt):
    signed_up(client, EID, **person(1, name="Deelnemer <b>1</b>"))
    answer = client.http.get(f"/events/{EID}/registrations?format={fmt}", headers={**bearer(admin_token), "Accept": "*/*"})
    assert answer.status_code == 200
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Cache-Control"] == "no-store"


def test_the_calendar_file_is_never_sniffed(client, demo_event):
    from chalicelib import tokens
    rid = signed_up(client, EID, **person(1))
    answer = client.http.get(f"/registrations/{tokens.sign(EID, rid)}/calendar.ics")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


# ---------------------------------------------------------------- custom labels vs standard headers

@pytest.mark.parametrize("label, where", [
    ({"nl": "Naam"}, "fields[0].label.nl"),
    ({"nl": "  e-MAILADRES "}, "fields[0].label.nl"),
    ({"nl": "Werkgever", "en": "Email address"}, "fields[0].label.en"),
    ({"nl": "Status"}, "fields[0].label.nl"),             # also the English header, where it stands in
    ({"nl": "Organisatie", "en": "Registered at"}, "fields[0].label.en"),
    ("Aangemeld op", "fields[0].label.nl"),
])
def test_a_custom_label_may_not_repeat_a_standard_export_header(client, admin_token, label, where):
    answer = put(client, admin_token, fields=[{"name": "extra", "type": "text", "label": label}])
    assert refused_fields(answer) == {where: RESERVED}


def test_a_label_that_only_resembles_a_header_is_fine(client, admin_token):
    fields = [{"name": "naam_manager", "type": "text", "label": {"nl": "Naam manager", "en": "Manager's name"}}]
    assert put(client, admin_token, fields=fields).status_code == 201


def test_the_editor_names_the_label_input(client, admin_token, member):    # noqa: F811
    fields = edit_form(client, member)
    answer = post_form(client, f"/organiser/events/{EID}/edit", {**fields, "q0_label_en": "Name"}, member)
    assert answer.status_code == 400
    assert messages_beside(answer.body.decode()) == {"q0_label_en": RESERVED}


# ---------------------------------------------------------------- websites: https://host[:port] only

@pytest.mark.parametrize("origin", [
    "http://www.gemeente.nl", "https://www.gemeente.nl/aanmelden", "https://www.gemeente.nl?x=1",
    "https://www.gemeente.nl#top", "https://user@www.gemeente.nl", "https://www.gemeente.nl:99999",
    "javascript:alert(1)", "ftp://www.gemeente.nl", "https://", "https://gemeente_nl.example",
    "https://www.gemeente.nl/ extra", "www.gemeente.nl", 42])
def test_a_website_that_is_not_plain_https_host_and_port_is_refused(client, admin_token, origin):
    answer = put(client, admin_token, allowed_redirect_origins=["https://www.duurzaamdoor.example", origin])
    assert refused_fields(answer) == {"allowed_redirect_origins": ORIGINS}


def test_websites_are_stored_as_the_headers_use_them(client, admin_token):
    given = ["HTTPS://WWW.Gemeente.NL/", "https://bücher.example", "https://intranet.example:8443",
             "https://www.duurzaamdoor.example:443", "http://127.0.0.1:8080", "http://localhost:3000"]
    assert put(client, admin_token, allowed_redirect_origins=given).status_code == 201
    stored = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    assert stored["allowed_redirect_origins"] == [
        "https://www.gemeente.nl", "https://xn--bcher-kva.example", "https://intranet.example:8443",
        "https://www.duurzaamdoor.example", "http://127.0.0.1:8080", "http://localhost:3000"]
    policy = client.http.get(f"/events/{EID}/form").headers["Content-Security-Policy"]
    ancestors = policy.split("frame-ancestors ", 1)[1].split(";")[0].split()
    assert ancestors == stored["allowed_redirect_origins"]      # nothing dropped on the way


def test_the_editor_refuses_a_plain_http_website(client, admin_token, member):    # noqa: F811
    fields = edit_form(client, member)
    answer = post_form(client, f"/organiser/events/{EID}/edit",
                       {**fields, "allowed_redirect_origins": "http://www.gemeente.nl/pagina"}, member)
    assert answer.status_code == 400
    assert messages_beside(answer.body.decode()) == {"allowed_redirect_origins": ORIGINS}


# ---------------------------------------------------------------- organiser messages without bidi controls

BIDI = ["\u202e", "\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e",
        "\u200f", "\u061c"]


@pytest.mark.parametrize("control", BIDI)
@pytest.mark.parametrize("field", ["subject", "body"])
def test_a_message_with_a_bidi_control_is_refused(client, admin_token, demo_event, field, control):
    message = {"subject": "Andere zaal, vragen aan info@duurzaamdoor.example", "body": "Zaal 2. Mail info@duurzaamdoor.example.",
               "to": ["confirmed"]}
    message[field] = message[field].replace("info@", f"info{control}@")
    answer = client.http.post(f"/events/{EID}/messages", body=json.dumps(message), headers={**bearer(admin_token), **JSON})
    assert refused_fields(answer) == {field: "Hier staan tekens die niet mogen. Haal ze weg."}


def test_a_message_in_a_right_to_left_script_and_with_emoji_is_fine(client, admin_token, demo_event):
    signed_up(client, EID, **person(1))
    message = {"subject": "Tot morgen \U0001F44B", "body": "مرحبا! שלום! 👨\u200d👩\u200d👧", "to": ["confirmed"]}
    answer = client.http.post(f"/events/{EID}/messages", body=json.dumps(message), headers={**bearer(admin_token), **JSON})
    assert answer.status_code == 202


def test_the_bidi_refusal_reaches_the_organiser_page_too():
    from chalicelib import announcements
    from chalicelib.errors import ValidationFailed
    with pytest.raises(ValidationFailed) as refused:
        announcements.clean({"subject": "Zaal\u202e2", "body": "x", "to": ["confirmed"]})
    assert refused.value.fields == {"subject": "control_chars"}


def test_make_event_still_takes_the_demo(client, admin_token):
    assert make_event(client, admin_token)["id"] == EID
