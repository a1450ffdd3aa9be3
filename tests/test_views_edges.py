"""What every organiser page is given (chalicelib/organiser/views.py): the menu of the event's pages
the member's role allows, the language kept in its links, and each event's date in the page's language."""
import re

import pytest
from conftest import DEMO_EVENT
from test_roles import ADDRESS, BEHEERDER, session_of, team  # noqa: F401 - team: the fixture

EID = DEMO_EVENT["id"]


@pytest.fixture
def cookie(client, demo_event):
    return session_of(BEHEERDER)[0]


def page(client, cookie, path):
    answer = client.http.get(path, headers={"Cookie": cookie})
    assert answer.status_code == 200, answer.body
    return answer.body.decode()


def test_a_page_names_who_is_signed_in_and_offers_to_sign_out(client, cookie):
    body = page(client, cookie, "/organiser")
    assert f'<p class="who">Ingelogd als {BEHEERDER}</p>' in body
    assert 'action="https://signup.test/organiser/logout"' in body


def test_the_main_menu_offers_the_organisation_pages_only_to_a_role_that_may_use_them(client, team):
    menu = ("/organiser/tokens", "/organiser/team", "/organiser/log", "/organiser/settings")
    owner = page(client, session_of(BEHEERDER)[0], "/organiser")
    assert all(f'href="https://signup.test{path}"' in owner for path in menu)
    door = page(client, session_of(ADDRESS["deur"])[0], "/organiser")
    assert not any(f'href="https://signup.test{path}"' in door for path in menu)


def test_the_overview_says_to_how_many_people_a_message_goes(client, cookie):
    assert "Het bericht gaat naar 3 deelnemers." in page(client, cookie, f"/organiser/events/{EID}?done=sent&n=3")
    assert "Het bericht gaat naar 1 deelnemer." in page(client, cookie, f"/organiser/events/{EID}?done=sent&n=1")


def test_a_wrong_address_at_sign_in_gets_the_email_fields_own_sentence_in_the_pages_language(client, table):
    answer = client.http.post("/organiser/login?lang=en", body="email=nope",
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 400
    assert "Enter your email address, for example name@example.org." in answer.body.decode()


def test_an_event_page_offers_the_event_pages_the_members_role_allows(client, cookie):
    body = page(client, cookie, f"/organiser/events/{EID}")
    menu = re.search(r'<nav class="subnav".*?</nav>', body, re.S).group(0)
    for path in ("/registrations", "/messages/new", "/door", "/badges", "/edit", "/programme"):
        assert f'href="https://signup.test/organiser/events/{EID}{path}"' in menu


def test_an_english_organiser_page_keeps_english_in_its_links_and_a_dutch_one_needs_no_language(client, cookie):
    english = page(client, cookie, f"/organiser/events/{EID}?lang=en")
    assert f'href="https://signup.test/organiser/events/{EID}/registrations?lang=en"' in english
    dutch = page(client, cookie, f"/organiser/events/{EID}")
    assert "?lang=nl" not in dutch


def test_the_event_list_says_when_each_event_is_in_the_pages_language(client, cookie):
    from chalicelib import i18n, store
    event = store.events.get_event(EID)
    english = page(client, cookie, "/organiser?lang=en")
    assert i18n.format_period(event, "en") in english.replace("&#39;", "'")
    assert i18n.format_period(event, "nl") not in english
    assert i18n.format_period(event, "nl") in page(client, cookie, "/organiser")
