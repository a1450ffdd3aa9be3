"""Issue 25 item 1 (API.md, version 3): the public seat count is no registration oracle.

``GET /events/{id}`` and the hosted form show the seats as a band (``availability``); the exact
``spots_left`` only on an event whose organiser chose ``"public_spots": "exact"``.
"""
import json
from datetime import datetime, timezone

import pytest

from conftest import DEMO_EVENT, ROOT, bearer, event_model, make_event, person, signup
from test_event_settings import definition, edit_page, member  # noqa: F401  (member is a fixture)
from test_organisers import ses  # noqa: F401  (a fixture)
from organiser_pages import form_fields, post_form
from words import findings

EID = DEMO_EVENT["id"]
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def make_banded(client, token, **overrides):
    """A new event that says nothing of ``public_spots``: the default."""
    body = {k: v for k, v in {**DEMO_EVENT, **overrides}.items() if k not in ("id", "public_spots")}
    answer = client.http.put(f"/events/{EID}", body=json.dumps(body),
                             headers={**bearer(token), "Content-Type": "application/json"})
    assert answer.status_code in (200, 201), answer.body


def public(client, event_id=EID):
    answer = client.http.get(f"/events/{event_id}")
    assert answer.status_code == 200
    return json.loads(answer.body)


def form_page(client, query=""):
    answer = client.http.get(f"/events/{EID}/form{query}")
    assert answer.status_code == 200
    return answer.body.decode()


def test_a_new_event_shows_bands_and_no_spots_left(client, admin_token):
    make_banded(client, admin_token)
    view = public(client)
    assert "spots_left" not in view
    assert view["availability"] == "open"
    assert view["capacity"] == 80
    assert definition(client, admin_token)["public_spots"] == "bands"


def test_an_exact_event_shows_spots_left(client, admin_token):
    make_event(client, admin_token, public_spots="exact")
    assert signup(client, EID, **person(1)).status_code == 201
    view = public(client)
    assert view["spots_left"] == 79
    assert view["availability"] == "open"


def test_an_exact_event_without_a_limit_shows_null(client, admin_token):
    make_event(client, admin_token, public_spots="exact", capacity=None)
    view = public(client)
    assert view["spots_left"] is None
    assert view["availability"] == "open"


def test_a_repeat_and_a_newcomer_leave_the_same_public_view(client, admin_token):
    """The review's probe: read, sign up the victim's address, read again."""
    make_banded(client, admin_token)
    signup(client, EID, **person(1))
    before = public(client)
    signup(client, EID, **person(1))     # the victim, registered already
    after_repeat = public(client)
    signup(client, EID, **person(2))     # somebody new
    after_new = public(client)
    assert after_repeat == before
    assert after_new == before


@pytest.mark.parametrize("capacity, taken, band", [
    (80, 71, "open"), (80, 72, "few_left"), (80, 79, "few_left"),       # a tenth of 80: 8 left
    (10, 6, "open"), (10, 7, "few_left"), (2, 0, "few_left"),           # at least 3 left
    (None, 500, "open")])
def test_few_left_is_a_tenth_of_the_capacity_and_at_least_three(capacity, taken, band):
    assert event_model(capacity=capacity, seats_taken=taken).availability(NOW) == band


@pytest.mark.parametrize("overrides, band", [
    (dict(capacity=1, seats_taken=1, waitlist_enabled=True), "waitlist"),
    (dict(capacity=1, seats_taken=1, waitlist_enabled=False), "full"),
    (dict(capacity=80, seats_taken=10, waitlist_count=2, waitlist_enabled=True), "waitlist"),   # people wait first
    (dict(registration_open=False), "closed"),
    (dict(capacity=1, seats_taken=1, registration_open=False), "closed"),
    (dict(registration_closes_at=NOW), "closed"),
    (dict(cancelled_at=NOW), "closed")])
def test_the_bands_follow_what_a_newcomer_would_get(overrides, band):
    assert event_model(**overrides).availability(NOW) == band


def test_the_hosted_form_shows_the_band_not_the_number(client, admin_token):
    make_banded(client, admin_token, capacity=5)
    for n in range(3):
        signup(client, EID, **person(n))
    html = form_page(client)
    assert "Er zijn nog maar een paar plekken vrij." in html
    assert "Nog 2 plekken vrij." not in html
    assert "Only a few places are left." in form_page(client, "?lang=en")


def test_the_hosted_form_of_an_exact_event_shows_the_number(client, admin_token):
    make_event(client, admin_token, capacity=5, public_spots="exact")
    for n in range(3):
        signup(client, EID, **person(n))
    assert "Nog 2 plekken vrij." in form_page(client)


def test_the_hosted_form_of_a_full_banded_event_says_so(client, admin_token):
    make_banded(client, admin_token, capacity=1)
    signup(client, EID, **person(1))
    assert "Je kunt je aanmelden voor de wachtlijst." in form_page(client)


@pytest.mark.parametrize("value", ["precies", "", 3, None, ["exact"]])
def test_put_refuses_an_unknown_public_spots(client, admin_token, value):
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    answer = client.http.put(f"/events/{EID}", body=json.dumps({**body, "public_spots": value}),
                             headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert answer.status_code == 400
    assert "public_spots" in json.loads(answer.body)["fields"]


def test_the_editor_explains_what_an_exact_count_reveals(client, member):    # noqa: F811
    html = edit_page(client, member)
    assert '<label for="public_spots">Vrije plekken op het formulier</label>' in html
    assert "Iemand kan dan het e-mailadres van een ander invullen en zo zien of die al is aangemeld." in html
    english = edit_page(client, member, "?lang=en")
    assert "see whether that person is already registered" in english


def test_the_editor_saves_the_choice(client, admin_token, member):    # noqa: F811
    make_banded(client, admin_token)
    fields = form_fields(edit_page(client, member))
    assert fields["public_spots"] == "bands"
    answer = post_form(client, f"/organiser/events/{EID}/edit", {**fields, "public_spots": "exact"}, member)
    assert answer.status_code == 303
    assert definition(client, admin_token)["public_spots"] == "exact"


def test_the_new_dutch_words_keep_to_the_term_table():
    from chalicelib.schema import settings
    setting = settings.by_name("public_spots")
    texts = [setting.label, setting.help, *(label for _, label in setting.choices),
             "Er zijn nog maar een paar plekken vrij."]
    assert [f for text in texts for f in findings(text)] == []


def test_the_demo_event_of_the_dev_stack_shows_exact_counts():
    from scripts import devstack
    assert json.loads(devstack.DEMO.read_text())["public_spots"] == "exact"
    assert devstack.DEMO == ROOT / "demo" / f"{EID}.json"
