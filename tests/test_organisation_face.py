"""The organisation's face on what attendees see (issue 28 item 5): the hosted form, the thank-you
page, the attendee page and the embed snippets show its name, logo and colour and link its privacy
statement; a new event starts with its defaults."""
import json
import re

import pytest
from conftest import DEMO_EVENT, DEMO_ORG, bearer, signed_up, person
from test_organisation_page import png, upload
from test_roles import session_of

EID, ORG = DEMO_EVENT["id"], DEMO_ORG["id"]
BEHEERDER = DEMO_ORG["members"][0]["email"]
PRIVACY = DEMO_ORG["privacy_statement_url"]


@pytest.fixture
def dressed(client, admin_token, demo_event):
    """The demo organisation with its settings as demo/organisation.json has them, and a logo."""
    body = {k: v for k, v in DEMO_ORG.items() if k != "id"}
    assert client.http.put(f"/organisations/{ORG}", body=json.dumps(body),
                           headers={**bearer(admin_token), "Content-Type": "application/json"}).status_code == 200
    cookie, csrf = session_of(BEHEERDER)
    assert upload(client, cookie, csrf, "logo.png", png(), "image/png").status_code == 303
    return cookie


def pages(client):
    from chalicelib import tokens
    rid = signed_up(client, EID, **person(1))
    return {"form": client.http.get(f"/events/{EID}/form"),
            "thanks": client.http.get(f"/events/{EID}/thanks?status=confirmed"),
            "attendee": client.http.get(f"/registrations/{tokens.sign(EID, rid)}")}


def test_every_attendee_page_shows_the_name_logo_colour_and_privacy_statement(client, dressed):
    from chalicelib import store
    version = store.organisations.get_organisation(ORG)["logo"]["version"]
    for name, answer in pages(client).items():
        page = answer.body.decode()
        assert answer.status_code == 200, name
        assert '<p class="house-name">DuurzaamDoor</p>' in page, name
        assert f'src="https://signup.test/organisations/{ORG}/logo?v={version}"' in page, name
        assert "background: #1b6b4a" in page, name
        assert f'<a href="{PRIVACY}" target="_blank" rel="noopener noreferrer">Privacyverklaring van DuurzaamDoor</a>' in page, name


def test_in_english_the_link_is_english(client, dressed):
    page = client.http.get(f"/events/{EID}/form?lang=en").body.decode()
    assert ">Privacy statement of DuurzaamDoor</a>" in page


def test_without_settings_the_page_shows_the_name_and_nothing_more(client, demo_event):
    for name, answer in pages(client).items():
        page = answer.body.decode()
        assert '<p class="house-name">DuurzaamDoor</p>' in page, name
        assert "Privacyverklaring van" not in page and "house-logo" not in page and "<style>" not in page, name


def test_the_embed_snippets_link_the_privacy_statement(client, dressed):
    from chalicelib import organisation_settings, signups
    from chalicelib.organiser import embed
    organisation_settings._faces.clear()
    snippets = embed.snippets(signups.get_event(EID))
    for snippet in (snippets.html_form, snippets.fetch_form):
        assert f'<a href="{PRIVACY}">Privacyverklaring van DuurzaamDoor</a>' in snippet
    page = client.http.get(f"/organiser/events/{EID}/embed", headers={"Cookie": dressed}).body.decode()
    assert f"&lt;a href=&#34;{PRIVACY}&#34;&gt;Privacyverklaring van DuurzaamDoor&lt;/a&gt;" in page


def test_a_new_event_starts_with_the_organisations_retention_and_language(client, admin_token, dressed):
    body = {k: v for k, v in DEMO_ORG.items() if k != "id"}
    body.update(default_retention_days=45, default_locale="en")
    client.http.put(f"/organisations/{ORG}", body=json.dumps(body),
                    headers={**bearer(admin_token), "Content-Type": "application/json"})
    page = client.http.get("/organiser/events/new", headers={"Cookie": dressed}).body.decode()
    assert re.search(r'<input[^>]*id="retention_days"[^>]*value="45"', page)
    assert re.search(r'<option value="en" selected>', page)


def test_the_page_refuses_a_stored_colour_that_is_not_one():
    from chalicelib import organisation_settings
    assert organisation_settings._COLOUR.fullmatch("#1b6b4a")
    assert not organisation_settings._COLOUR.fullmatch("red;} body{display:none")


def test_while_the_organisation_cannot_be_read_the_page_shows_it_as_last_read(client, dressed, monkeypatch):
    from botocore.exceptions import ClientError
    from chalicelib import organisation_settings, store
    monkeypatch.setattr(organisation_settings, "_faces", {})
    assert "background: #1b6b4a" in client.http.get(f"/events/{EID}/form").body.decode()

    def down(org_id):
        raise ClientError({"Error": {"Code": "InternalServerError", "Message": "down"}}, "GetItem")
    monkeypatch.setattr(store.organisations, "get_organisation", down)
    answer = client.http.get(f"/events/{EID}/form")
    page = answer.body.decode()
    assert answer.status_code == 200
    assert '<p class="house-name">DuurzaamDoor</p>' in page and "background: #1b6b4a" in page


def test_a_changed_colour_shows_once_the_cached_face_has_expired(client, admin_token, dressed, env):
    """The face is kept as long as an event (EVENT_CACHE_SECONDS): a change shows within that time."""
    from chalicelib import config, organisation_settings
    env.setattr(organisation_settings, "_faces", {})
    env.setenv("EVENT_CACHE_SECONDS", "60")
    config.settings.cache_clear()
    assert "background: #1b6b4a" in client.http.get(f"/events/{EID}/form").body.decode()
    body = {k: v for k, v in DEMO_ORG.items() if k != "id"}
    assert client.http.put(f"/organisations/{ORG}", body=json.dumps({**body, "colour": "#7a1f3d"}),
                           headers={**bearer(admin_token), "Content-Type": "application/json"}).status_code == 200
    assert "background: #1b6b4a" in client.http.get(f"/events/{EID}/form").body.decode()     # within the minute
    deadline, face = organisation_settings._faces[ORG]
    organisation_settings._faces[ORG] = (deadline - 60, face)                                  # a minute later
    assert "background: #7a1f3d" in client.http.get(f"/events/{EID}/form").body.decode()
