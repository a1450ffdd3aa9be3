"""The one-click stop of the organiser's messages (chalicelib/unsubscribe.py) as its reader meets
it: the page before and after the button, a second click, the page's language, and the link of a
registration that is gone (erased, or never there) which must open nothing."""
from datetime import datetime, timedelta, timezone

from chalicelib import signups, store, tokens, unsubscribe
from conftest import DEMO_EVENT, person, signed_up

EID = DEMO_EVENT["id"]
TITLE = DEMO_EVENT["title"]
FORM_POST = {"Content-Type": "application/x-www-form-urlencoded"}


def path(rid):
    return unsubscribe.url(EID, rid).removeprefix("https://signup.test")


def stop(client, rid):
    return client.http.post(path(rid), body="List-Unsubscribe=One-Click", headers=FORM_POST)


def test_the_page_offers_the_button_before_and_says_it_is_done_after(client, demo_event):
    rid = signed_up(client, EID, **person(1))
    before = client.http.get(path(rid)).body.decode()
    assert "<form" in before and "Geen berichten meer ontvangen" in before
    assert "Je krijgt geen berichten meer" not in before

    after = stop(client, rid)
    assert after.status_code == 200
    assert f"Je krijgt geen berichten meer van de organisator over {TITLE['nl']}." in after.body.decode()
    assert "<form" not in after.body.decode()

    again = client.http.get(path(rid)).body.decode()        # the link opened later: no button again
    assert f"Je krijgt geen berichten meer van de organisator over {TITLE['nl']}." in again
    assert "<form" not in again


def test_a_second_click_keeps_the_first_moment(client, demo_event):
    rid = signed_up(client, EID, **person(1))
    first = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
    token = path(rid).rsplit("/", 1)[1]
    unsubscribe.stop(token, first)
    _, reg = unsubscribe.stop(token, first + timedelta(days=2))
    assert reg.messages_off_at == first
    assert store.roster.get_registration(EID, rid).messages_off_at == first


def test_the_page_speaks_the_registrations_language_and_dutch_without_one(client, demo_event):
    english = signed_up(client, EID, **person(1, locale="en"))
    dutch = signed_up(client, EID, **person(2))
    page = client.http.get(path(english)).body.decode()
    assert f"any more messages from the organiser about {TITLE['en']}?" in page
    assert "Stop these messages" in page and "Wil je geen berichten" not in page
    assert "Wil je geen berichten meer van de organisator over" in client.http.get(path(dutch)).body.decode()
    done = stop(client, english).body.decode()
    assert f"You will get no more messages from the organiser about {TITLE['en']}." in done


def test_the_link_of_an_erased_registration_opens_nothing_and_stamps_nothing(client, demo_event):
    rid = signed_up(client, EID, **person(1))
    signups.erase(store.roster.get_registration(EID, rid))
    assert client.http.get(path(rid)).status_code == 404
    assert stop(client, rid).status_code == 404
    assert store.roster.get_registration(EID, rid).messages_off_at is None


def test_a_sealed_link_to_a_registration_that_is_not_there_opens_nothing(client, demo_event):
    token = tokens.sign_unsubscribe(EID, "01JZZZZZZZZZZZZZZZZZZZZZZZ")
    assert client.http.get(f"/unsubscribe/{token}").status_code == 404
    assert client.http.post(f"/unsubscribe/{token}", body="List-Unsubscribe=One-Click",
                            headers=FORM_POST).status_code == 404


def test_the_pages_button_posts_to_the_link_itself_and_the_page_is_marked_in_its_language(client, demo_event):
    import html
    import re
    rid = signed_up(client, EID, **person(1, locale="en"))
    page = client.http.get(path(rid)).body.decode()
    assert '<html lang="en">' in page
    action = html.unescape(re.search(r'<form method="post" action="([^"]*)"', page).group(1))
    assert action == unsubscribe.url(EID, rid)
    done = client.http.post(action.removeprefix("https://signup.test"), body="", headers=FORM_POST)
    assert done.status_code == 200 and '<html lang="en">' in done.body.decode()
    assert store.roster.get_registration(EID, rid).messages_off_at is not None
