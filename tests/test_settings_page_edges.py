"""The settings page's edges (chalicelib/organiser/organisation.py): the notice after a logo, the
other organisations a beheerder keeps, and the logo's size limit in the hint."""
import re
from datetime import datetime, timezone

import pytest
from conftest import DEMO_ORG
from test_roles import session_of

ORG = DEMO_ORG["id"]
BEHEERDER = DEMO_ORG["members"][0]["email"]


@pytest.fixture
def beheerder(client):
    return session_of(BEHEERDER)


def settings_page(client, cookie, query=""):
    answer = client.http.get("/organiser/settings" + query, headers={"Cookie": cookie})
    assert answer.status_code == 200, answer.body
    return answer.body.decode()


def test_after_a_new_logo_the_page_says_it_is_saved(client, beheerder):
    assert "Het logo is opgeslagen." in settings_page(client, beheerder[0], f"?organisation={ORG}&done=logo")


def test_the_page_names_the_logos_size_limit(client, beheerder):
    assert "Een PNG- of SVG-bestand van hoogstens 200 kB." in settings_page(client, beheerder[0])


def _put_organisation(org_id, name, role):
    from chalicelib import store
    store.organisations.put_organisation(org_id, name, [{"email": BEHEERDER, "role": role}], datetime.now(timezone.utc))


def test_the_page_names_the_other_organisations_a_beheerder_keeps(client, beheerder):
    _put_organisation("tweede-club", "Tweede Club", "beheerder")
    _put_organisation("deur-club", "Deur Club", "deur")
    page = settings_page(client, beheerder[0], f"?organisation={ORG}")
    also = re.search(r"<p>Je bent ook beheerder van:(.*?)</p>", page, re.S).group(1)
    assert "organisation=tweede-club" in also and "Tweede Club" in also
    assert f"organisation={ORG}" not in also and "Deur Club" not in also


def test_a_setting_not_made_shows_as_an_empty_field(client, beheerder):
    from organiser_pages import form_fields
    _put_organisation(ORG, "DuurzaamDoor", "beheerder")         # no settings at all
    fields = form_fields(settings_page(client, beheerder[0], f"?organisation={ORG}"), "settings")
    assert fields["name"] == "DuurzaamDoor"
    assert [fields[name] for name in ("privacy_statement_url", "sender_name", "reply_to", "colour",
                                      "default_retention_days")] == ["", "", "", "", ""]
