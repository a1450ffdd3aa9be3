"""Event settings are declared once (chalicelib/schema/settings.py): validation, the editor, the
definition (GET, PUT, PATCH) and the OpenAPI document follow the declarations (issue 23 item 2)."""
import json

import pytest

from chalicelib import translations
from chalicelib.organiser import event_form
from chalicelib.schema import kinds, settings
from conftest import DEMO_EVENT, bearer, make_event
from organiser_pages import form_fields, post_form
from test_organisers import ses, sign_in  # noqa: F401  (ses is a fixture)

EID = DEMO_EVENT["id"]
JSON = {"Content-Type": "application/json"}

# A setting that exists only in these tests: one entry and its English, as docs/development.md says.
REMINDER = settings.Setting(
    "reminder_days", "count", minimum=1, maximum=30, widget="number", group="signup",
    label="Herinnering (dagen vooraf)", help="Zoveel dagen voor de bijeenkomst krijgen deelnemers een herinnering.",
    description="Days before the event that attendees get a reminder; `null` or absent: none.")
ENGLISH = {"Herinnering (dagen vooraf)": "Reminder (days before)",
           "Zoveel dagen voor de bijeenkomst krijgen deelnemers een herinnering.":
               "Attendees get a reminder this many days before the event."}


@pytest.fixture
def reminder(monkeypatch):
    monkeypatch.setattr(settings, "SETTINGS", settings.SETTINGS + (REMINDER,))
    for dutch, english in ENGLISH.items():
        monkeypatch.setitem(translations._catalog("en"), dutch, english)


@pytest.fixture
def member(client, admin_token, ses):   # noqa: F811
    make_event(client, admin_token)
    return sign_in(client, ses)


def definition(client, token, event_id=EID):
    answer = client.http.get(f"/events/{event_id}/definition", headers=bearer(token))
    assert answer.status_code == 200
    return json.loads(answer.body)


def put(client, token, body, event_id=EID):
    return client.http.put(f"/events/{event_id}", body=json.dumps(body), headers={**bearer(token), **JSON})


def patch(client, token, body, event_id=EID):
    return client.http.patch(f"/events/{event_id}", body=json.dumps(body), headers={**bearer(token), **JSON})


def edit_page(client, cookie, query=""):
    answer = client.http.get(f"/organiser/events/{EID}/edit{query}", headers={"Cookie": cookie})
    assert answer.status_code == 200
    return answer.body.decode()


# ---------------------------------------------------------------- an event without a consent text

@pytest.fixture
def without_consent(client, admin_token):
    body = {k: v for k, v in DEMO_EVENT.items() if k not in ("id", "consent_text", "consent_version")}
    assert put(client, admin_token, {**body, "consent_required": False}).status_code in (200, 201)
    return definition(client, admin_token)


def test_an_event_without_a_consent_text_takes_its_own_definition_back_unchanged(client, admin_token,
                                                                                 without_consent):
    body = {k: v for k, v in without_consent.items() if k != "id"}
    assert put(client, admin_token, body).status_code == 200
    assert definition(client, admin_token) == without_consent


def test_an_event_without_a_consent_text_can_be_patched(client, admin_token, without_consent):
    assert patch(client, admin_token, {"capacity": 12}).status_code == 200
    assert definition(client, admin_token) == {**without_consent, "capacity": 12}


def test_an_empty_consent_version_means_the_hash_of_the_consent_text(client, admin_token, without_consent):
    body = {k: v for k, v in without_consent.items() if k != "id"}
    assert put(client, admin_token, {**body, "consent_text": {"nl": "Ja."}}).status_code == 200
    assert definition(client, admin_token)["consent_version"].startswith("sha256:")


# ---------------------------------------------------------------- a new setting is one entry

def test_a_declared_setting_is_in_the_openapi_document(client, reminder):
    document = json.loads(client.http.get("/openapi.json").body)
    member = document["components"]["schemas"]["EventDefinition"]["properties"]["reminder_days"]
    assert member == {"type": ["integer", "null"], "minimum": 1, "maximum": 30,
                      "description": "Days before the event that attendees get a reminder; `null` or absent: none."}


def test_a_declared_setting_is_stored_by_put_and_shown_by_the_definition(client, admin_token, reminder):
    make_event(client, admin_token, reminder_days=3)
    assert definition(client, admin_token)["reminder_days"] == 3


def test_a_declared_setting_keeps_its_bounds_in_put(client, admin_token, reminder):
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    answer = put(client, admin_token, {**body, "reminder_days": 31})
    assert answer.status_code == 400
    assert json.loads(answer.body)["fields"].keys() == {"reminder_days"}


def test_a_declared_setting_is_changed_and_checked_by_patch(client, admin_token, reminder):
    make_event(client, admin_token)
    assert patch(client, admin_token, {"reminder_days": 7}).status_code == 200
    assert definition(client, admin_token)["reminder_days"] == 7
    refused = patch(client, admin_token, {"reminder_days": 0})
    assert refused.status_code == 400
    assert json.loads(refused.body)["fields"].keys() == {"reminder_days"}
    assert definition(client, admin_token)["reminder_days"] == 7


def test_a_declared_setting_is_in_the_editor_with_its_label_and_help(client, member, reminder):
    html = edit_page(client, member)
    assert '<label for="reminder_days">Herinnering (dagen vooraf)</label>' in html
    assert ('<span class="hint" id="reminder_days-hint">Zoveel dagen voor de bijeenkomst krijgen deelnemers '
            'een herinnering.</span>') in html
    english = edit_page(client, member, "?lang=en")
    assert '<label for="reminder_days">Reminder (days before)</label>' in english
    assert 'id="reminder_days-hint">Attendees get a reminder this many days before the event.</span>' in english


def test_a_declared_setting_is_saved_by_the_editor(client, admin_token, member, reminder):
    fields = form_fields(edit_page(client, member))
    assert fields["reminder_days"] == ""
    answer = post_form(client, f"/organiser/events/{EID}/edit", {**fields, "reminder_days": "5"}, member)
    assert answer.status_code == 303
    assert definition(client, admin_token)["reminder_days"] == 5
    assert form_fields(edit_page(client, member))["reminder_days"] == "5"


def test_the_editor_names_a_declared_setting_out_of_bounds(client, admin_token, member, reminder):
    fields = form_fields(edit_page(client, member))
    answer = post_form(client, f"/organiser/events/{EID}/edit", {**fields, "reminder_days": "99"}, member)
    assert answer.status_code == 400
    html = answer.body.decode()
    assert '<span class="error" id="reminder_days-error">' in html
    assert '<a href="#reminder_days">Herinnering (dagen vooraf): ' in html


# ---------------------------------------------------------------- the declarations themselves

def test_every_setting_has_a_known_kind_and_widget():
    for setting in settings.SETTINGS:
        assert setting.kind in settings.KINDS and setting.kind in kinds.CLEANERS, setting.name
        assert setting.widget in settings.WIDGETS + (None,), setting.name
        assert (setting.group in event_form.GROUPS) == bool(setting.widget), setting.name


def test_every_label_and_help_of_a_setting_has_english():
    from scripts.messages import read_catalog
    catalog = read_catalog()
    texts = [t for s in settings.SETTINGS for t in (s.label, s.help, s.time_label, s.time_help) if t]
    texts += [label for s in settings.SETTINGS for _, label in s.choices]
    missing = [t for t in texts if catalog.get(t) is None or not catalog.get(t).string]
    assert missing == []
