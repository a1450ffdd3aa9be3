"""The organisation's own settings (issue 28 items 4 and 5): the API, the checks, and the mails
that use them (chalicelib.organisation_settings)."""
import json
from email import message_from_bytes, policy

import pytest
from conftest import DEMO_EVENT, DEMO_ORG, bearer, run_email_worker, signup

ORG = DEMO_ORG["id"]
SETTINGS = {name: DEMO_ORG[name] for name in ("privacy_statement_url", "sender_name", "reply_to", "colour",
                                              "default_retention_days", "default_locale")}
JSON = {"Content-Type": "application/json"}


def put(client, admin_token, lang="nl", **changes):
    body = {"name": DEMO_ORG["name"], "members": DEMO_ORG["members"], **SETTINGS, **changes}
    return client.http.put(f"/organisations/{ORG}", body=json.dumps(body),
                           headers={**bearer(admin_token), **JSON, "Accept-Language": lang})


def test_put_stores_the_settings_and_get_returns_them(client, admin_token):
    answer = put(client, admin_token)
    assert answer.status_code == 200
    assert {k: json.loads(answer.body)[k] for k in SETTINGS} == SETTINGS
    got = json.loads(client.http.get(f"/organisations/{ORG}", headers=bearer(admin_token)).body)
    assert {k: got[k] for k in SETTINGS} == SETTINGS


def test_a_put_without_a_setting_removes_it(client, admin_token):
    put(client, admin_token)
    answer = client.http.put(f"/organisations/{ORG}", body=json.dumps({"name": "DuurzaamDoor", "members": []}),
                             headers={**bearer(admin_token), **JSON})
    assert answer.status_code == 200
    assert not set(SETTINGS) & set(json.loads(answer.body))


@pytest.mark.parametrize("field, value, dutch, english", [
    ("privacy_statement_url", "http://duurzaamdoor.example/privacy", "begint met https://", "starts with https://"),
    ("privacy_statement_url", "javascript:alert(1)", "begint met https://", "starts with https://"),
    ("privacy_statement_url", "https://x.example/\u202eprivacy", "begint met https://", "starts with https://"),
    ("reply_to", "niet-een-adres", "Vul een e-mailadres in", "Enter an email address"),
    ("sender_name", "Evil\r\nBcc: x@y.example", "tekens die niet mogen", "not allowed"),
    ("colour", "groen", "zes tekens", "six characters"),
    ("colour", "#ffcc00", "te licht", "too light"),
    ("default_retention_days", 0, "1 tot en met 3650", "1 to 3650"),
    ("default_locale", "fr", "Nederlands of Engels", "Dutch or English"),
])
def test_bad_input_is_a_400_naming_the_field_in_the_organisers_language(client, admin_token, field, value, dutch, english):
    before = client.http.get(f"/organisations/{ORG}", headers=bearer(admin_token)).body
    for lang, words in (("nl", dutch), ("en", english)):
        answer = put(client, admin_token, lang=lang, **{field: value})
        assert answer.status_code == 400
        body = json.loads(answer.body)
        assert list(body["fields"]) == [field]
        assert words in body["fields"][field], body
    assert client.http.get(f"/organisations/{ORG}", headers=bearer(admin_token)).body == before    # nothing written


@pytest.mark.parametrize("colour, ratio", [("#0000ff", 8.59), ("#767676", 4.54), ("#ffffff", 1.0), ("#000000", 21.0)])
def test_the_contrast_is_measured_as_wcag_says(colour, ratio):
    from chalicelib.organisation_settings import contrast_with_white
    assert contrast_with_white(colour) == pytest.approx(ratio, abs=0.05)


def test_a_colour_just_under_four_and_a_half_is_refused_and_just_over_is_taken():
    from chalicelib import organisation_settings
    assert organisation_settings.clean({"colour": "#777777"})[1] == {"colour": "low_contrast"}     # 4.48
    assert organisation_settings.clean({"colour": "#767676"}) == ({"colour": "#767676"}, {})      # 4.54


def test_the_team_page_keeps_the_settings_when_it_changes_members(client, admin_token, demo_event):
    from datetime import datetime, timezone

    from chalicelib import membership, store
    put(client, admin_token)
    membership.invite(ORG, "nieuw@duurzaamdoor.example", "meekijker", by=DEMO_ORG["members"][0]["email"],
                      now=datetime.now(timezone.utc), locale="nl")
    stored = store.organisations.get_organisation(ORG)
    assert {k: stored[k] for k in SETTINGS} == SETTINGS
    assert "nieuw@duurzaamdoor.example" in [m["email"] for m in stored["members"]]


# ---------------------------------------------------------------- the mails use them

def sent_mails():
    from moto.ses.models import ses_backends
    return [message_from_bytes(m.raw_data.encode(), policy=policy.default)
            for m in ses_backends["123456789012"]["eu-west-1"].sent_messages]


def test_every_mail_goes_with_the_sender_name_reply_to_and_the_privacy_statement(client, admin_token, demo_event, monkeypatch):
    from chalicelib import outbox
    put(client, admin_token)
    monkeypatch.setattr(outbox, "_organisations", {})
    assert signup(client, DEMO_EVENT["id"], name="Tessa de Haas", email="tessa@example.org",
                  organisation="Gemeente Utrecht", consent=True).status_code == 201
    run_email_worker(client)
    [mail] = sent_mails()
    assert mail["From"].addresses[0].display_name == "DuurzaamDoor bijeenkomsten"
    assert mail["Reply-To"].addresses[0].addr_spec == "bijeenkomsten@duurzaamdoor.example"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert f"Privacyverklaring: {SETTINGS['privacy_statement_url']}" in text
    assert f'href="{SETTINGS["privacy_statement_url"]}"' in html.split("<footer", 1)[1]


def test_without_settings_the_mail_goes_as_the_events_organiser(client, demo_event):
    assert signup(client, DEMO_EVENT["id"], name="Tessa de Haas", email="tessa@example.org",
                  organisation="Gemeente Utrecht", consent=True).status_code == 201
    run_email_worker(client)
    [mail] = sent_mails()
    assert mail["From"].addresses[0].display_name == DEMO_EVENT["organiser"]["name"]
    assert mail["Reply-To"].addresses[0].addr_spec == DEMO_EVENT["organiser"]["email"]
