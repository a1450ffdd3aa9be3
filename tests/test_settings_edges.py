"""The event settings as the API document describes them (chalicelib/schema/settings.py): a client
built from /openapi.json judges a value as the API does, at every declared bound, and the defaults
it names are the ones an event gets; the editor's hints say what an empty input means."""
import json

import jsonschema
import pytest

from conftest import DEMO_EVENT, DEMO_PROGRAMME, bearer, host_name, signup
from test_event_settings import edit_page, member  # noqa: F401  (member is a fixture)
from test_organisers import ses  # noqa: F401  (a fixture)

EID = DEMO_EVENT["id"]
JSON = {"Content-Type": "application/json"}
SITE = "https://www.gemeente.nl"


def link(title="Dia's", url=SITE + "/dias.pdf"):
    return {"title": title, "url": url}


# (setting, value, whether the API takes it): each at a declared bound or just past it
CASES = [
    ("capacity", 1, True), ("capacity", 0, False), ("capacity", 10_000_000, True), ("capacity", 10_000_001, False),
    ("retention_days", 1, True), ("retention_days", 0, False), ("retention_days", 10_000_001, False),
    ("messages_per_day", 50, True), ("messages_per_day", 51, False), ("messages_per_day", 0, False),
    ("waitlist_enabled", True, True), ("waitlist_enabled", "true", False),
    ("description", "a" * 20000, True), ("description", "a" * 20001, False),
    ("description", {"nl": "a" * 20000}, True), ("description", {"en": "a" * 20001}, False),
    ("description", {"de": "Hallo"}, False),
    ("consent_text", "a" * 20000, True), ("consent_text", "a" * 20001, False),
    ("consent_text", {"en": "a" * 20000}, True), ("consent_text", {"en": "a" * 20001}, False),
    ("consent_text", {"de": "Hallo"}, False),
    ("locales", ["en", "nl"], True), ("locales", [], False), ("locales", ["nl", "nl"], False),
    ("locales", ["de"], False),
    ("timezone", "Europe/Amsterdam", True), ("timezone", "Mars/Olympus", False),
    ("public_spots", "bands", True), ("public_spots", "alles", False),
    ("consent_version", "v" * 64, True), ("consent_version", "v" * 65, False),
    ("thank_you_url", SITE + "/" + "a" * (2000 - len(SITE) - 1), True),
    ("thank_you_url", SITE + "/" + "a" * (2001 - len(SITE) - 1), False),
    ("allowed_email_domains", [f"d{n}.example" for n in range(50)], True),
    ("allowed_email_domains", [f"d{n}.example" for n in range(51)], False),
    ("allowed_email_domains", [host_name(255)], True), ("allowed_email_domains", [host_name(256)], False),
    ("confirmation_opening", "a" * 1000, True), ("confirmation_opening", "a" * 1001, False),
    ("confirmation_opening", {"en": "a" * 1000}, True), ("confirmation_opening", {"en": "a" * 1001}, False),
    ("confirmation_opening", {"de": "Hallo"}, False),
    # an empty object, like an empty string, leaves a text or an opening out
    ("confirmation_opening", {}, True), ("description", {}, True),
    ("reminder_hours_before", [720, 1], True), ("reminder_hours_before", [721], False),
    ("reminder_hours_before", [0], False), ("reminder_hours_before", [3, 2, 1], True),
    ("reminder_hours_before", [4, 3, 2, 1], False), ("reminder_hours_before", [2, 2], False),
    ("materials", [link(f"Dia {n}") for n in range(10)], True),
    ("materials", [link(f"Dia {n}") for n in range(11)], False),
    ("materials", [link("a" * 200)], True), ("materials", [link("a" * 201)], False), ("materials", [link("")], False),
    ("materials", [{**link("Dia"), "size": "2 MB"}], False),
    ("materials", [link(url=SITE + "/" + "a" * (2000 - len(SITE) - 1))], True),
    ("materials", [link(url=SITE + "/" + "a" * (2001 - len(SITE) - 1))], False),
    ("evaluation_questions", ["a"] * 5, True), ("evaluation_questions", ["a"] * 6, False),
    ("evaluation_questions", ["a" * 300], True), ("evaluation_questions", ["a" * 301], False),
    ("evaluation_questions", [""], False),
    # a moment is ISO 8601 (a string) or null, whichever moment it is
    ("registration_closes_at", "2026-12-01T17:00:00", True), ("registration_closes_at", 12, False),
    ("changes_close_at", "2026-12-09T12:00:00", True), ("changes_close_at", 12, False),
    ("follow_up_at", "2026-12-10T09:00:00", True), ("follow_up_at", 12, False),
    ("evaluation_closes_at", "2026-12-23T23:59:00", True), ("evaluation_closes_at", 12, False),
]

# what an event defined without these settings gets, as docs/api.md says
DEFAULTS = {
    "locales": ["nl"], "public_spots": "bands", "waitlist_enabled": False, "double_opt_in": False,
    "registration_open": True, "invitation_only": False, "consent_required": False, "participant_list": False,
    "buddies": False, "messages_per_day": 10, "digest": True, "proof_of_attendance": False,
    "allowed_email_domains": [], "materials": [], "evaluation_questions": [],
}


@pytest.fixture
def described(client):
    """The members of ``EventDefinition`` in the published document."""
    document = json.loads(client.http.get("/openapi.json").body)
    return document["components"]["schemas"]["EventDefinition"]["properties"]


def put(client, token, **overrides):
    body = {**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, "allowed_redirect_origins": [SITE], **overrides}
    return client.http.put(f"/events/{EID}", body=json.dumps(body), headers={**bearer(token), **JSON})


@pytest.mark.parametrize("name, value, taken", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_the_document_and_the_api_judge_a_value_alike(client, admin_token, described, name, value, taken):
    answer = put(client, admin_token, **{name: value})
    assert (answer.status_code in (200, 201)) is taken, answer.body
    assert jsonschema.Draft202012Validator(described[name]).is_valid(value) is taken


def test_the_defaults_in_the_document_are_what_an_event_without_them_gets(client, admin_token, described):
    body = {k: v for k, v in DEMO_EVENT.items() if k not in ("id", "locales", "public_spots", "waitlist_enabled")}
    assert client.http.put(f"/events/{EID}", body=json.dumps(body), headers={**bearer(admin_token), **JSON}).status_code \
        in (200, 201)
    got = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    for name in ("locales", "public_spots", "waitlist_enabled", "messages_per_day", "digest", "registration_open"):
        assert described[name]["default"] == got[name], name
    assert (got["allowed_email_domains"], got["materials"]) == ([], [])
    for name in ("allowed_email_domains", "materials", "capacity", "thank_you_url"):   # none, or an empty list
        assert "default" not in described[name], name


def test_an_event_defined_without_its_settings_gets_the_documented_defaults(client, admin_token, described):
    body = {k: v for k, v in DEMO_EVENT.items() if k not in ("id", *DEFAULTS)}
    assert client.http.put(f"/events/{EID}", body=json.dumps(body), headers={**bearer(admin_token), **JSON}).status_code \
        in (200, 201)
    got = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    assert {name: got[name] for name in DEFAULTS} == DEFAULTS
    # and the document names each default that is not empty
    assert {name: described[name]["default"] for name in DEFAULTS if "default" in described[name]} \
        == {name: value for name, value in DEFAULTS.items() if value != []}


def test_a_definition_without_a_timezone_is_refused_by_the_api_and_the_document(client, admin_token):
    document = json.loads(client.http.get("/openapi.json").body)
    definition = document["components"]["schemas"]["EventDefinition"]
    assert "timezone" in definition["required"]
    body = {k: v for k, v in DEMO_EVENT.items() if k not in ("id", "timezone")}
    answer = client.http.put(f"/events/{EID}", body=json.dumps(body), headers={**bearer(admin_token), **JSON})
    assert answer.status_code == 400
    assert json.loads(answer.body)["fields"] == {"timezone": "Kies een tijdzone."}


def test_every_bounded_setting_is_tried_at_its_bounds_above():
    """A setting declared with a minimum or maximum (chalicelib.schema.settings.SETTINGS) has rows in CASES."""
    from chalicelib.schema import settings
    bounded = {s.name for s in settings.SETTINGS if s.minimum is not None or s.maximum is not None}
    assert bounded and bounded <= {name for name, _, taken in CASES if not taken}


def test_an_event_defined_without_its_switches_works_as_their_defaults_say(client, admin_token):
    """No waiting list, no consent box, no participant list or maatjes, open at once, no
    confirmation link and no invitation needed: a visitor signs up for the last seat and the
    next one hears the event is full."""
    body = {k: v for k, v in DEMO_EVENT.items() if k not in (
        "id", "waitlist_enabled", "participant_list", "buddies", "registration_open", "consent_required")}
    assert client.http.put(f"/events/{EID}", body=json.dumps({**body, "capacity": 1}),
                           headers={**bearer(admin_token), **JSON}).status_code in (200, 201)
    page = client.http.get(f"/events/{EID}/form").body.decode()
    assert ("share_details" in page, 'name="buddies"' in page, 'name="consent"' in page) == (False, False, False)
    first = signup(client, EID, name="Anna", email="anna@gemeente.example", organisation="Gemeente Utrecht")
    assert (first.status_code, json.loads(first.body)["status"]) == (201, "confirmed")
    second = signup(client, EID, name="Bram", email="bram@gemeente.example", organisation="Gemeente Utrecht")
    assert (second.status_code, json.loads(second.body)["error"]) == (409, "event_full")


def test_a_session_takes_at_most_as_many_seats_as_an_event(client, admin_token, described):
    """One limit (MAX_COUNT) for the seats of an event and of each of its sessions."""
    assert described["capacity"]["maximum"] == 10_000_000
    programme = json.loads(json.dumps(DEMO_PROGRAMME["programme"]))
    programme["rounds"][0]["sessions"][0]["capacity"] = 10_000_001
    answer = put(client, admin_token, programme=programme)
    assert answer.status_code == 400
    assert "programme.rounds[0].sessions[0].capacity" in json.loads(answer.body)["fields"]
    programme["rounds"][0]["sessions"][0]["capacity"] = 10_000_000
    assert put(client, admin_token, programme=programme).status_code in (200, 201)


def test_the_document_offers_every_zone_in_order(described):
    from zoneinfo import available_timezones
    assert described["timezone"]["enum"] == sorted(available_timezones())


def test_the_document_describes_the_settings_it_has_words_for(described):
    assert described["public_spots"]["description"].startswith("`bands` (the default)")
    assert "description" not in described["waitlist_enabled"]


def test_the_editor_shows_each_setting_once(client, member):  # noqa: F811
    """Every setting has one input on the edit page, in its own fieldset, not one per fieldset."""
    page = edit_page(client, member)
    for name in ("capacity", "waitlist_enabled", "consent_required", "digest", "proof_of_attendance"):
        assert page.count(f'name="{name}"') == 1, name


@pytest.mark.parametrize("time_input", ["closes_time", "changes_close_time", "evaluation_closes_time"])
def test_the_editor_says_an_empty_closing_time_means_the_end_of_the_day(client, member, time_input):  # noqa: F811
    assert f'id="{time_input}-hint">Leeg laten: 23:59.</span>' in edit_page(client, member)
    assert f'id="{time_input}-hint">Leave empty: 23:59.</span>' in edit_page(client, member, "?lang=en")
