"""The edges of the event editor and the embed page (chalicelib/organiser/editor.py) an organiser
notices: the link name a new or edited event ends up with, the line that says what just happened, and the copy button's script, which the browser
runs only when the page's security policy names it by its hash."""
import base64
import hashlib
import re

import pytest
from organiser_pages import post_form
from test_organiser_events import EID, definition, edit_form, member, messages_beside, new_form, page  # noqa: F401

from test_organisers import ses  # noqa: F401  (a fixture of member)


@pytest.mark.parametrize("done, shown", [
    ("created", "De bijeenkomst is aangemaakt."),
    ("saved", "De wijzigingen zijn opgeslagen."),
    ("closed", "De aanmelding is gesloten."),
    ("opened", "De aanmelding is weer open."),
])
def test_the_edit_page_says_what_just_happened(client, member, done, shown):
    assert shown in page(client, f"/organiser/events/{EID}/edit?done={done}", member).body.decode()


@pytest.mark.parametrize("done, shown", [
    ("origin_added", "Je website is toegevoegd."),
    ("origin_known", "Deze website stond er al in."),
])
def test_the_embed_page_says_what_just_happened(client, member, done, shown):
    assert shown in page(client, f"/organiser/events/{EID}/embed?done={done}", member).body.decode()


def test_the_copy_buttons_script_is_allowed_by_its_hash(client, member):
    answer = page(client, f"/organiser/events/{EID}/embed", member)
    assert answer.status_code == 200
    script = re.search(r"<script data-copy=[^>]*>(.*?)</script>", answer.body.decode(), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}' " in answer.headers["Content-Security-Policy"]


def test_a_third_event_of_the_same_title_and_date_gets_the_next_number(client, member):
    fields = new_form(client, member, title_nl="Voorjaarsoverleg", start_date="2027-01-12", capacity="40")
    answers = [post_form(client, "/organiser/events/new", fields, member, action="save") for _ in range(3)]
    assert [a.headers["Location"] for a in answers] == [
        f"https://signup.test/organiser/events/voorjaarsoverleg-2027-01-12{tail}/edit?done=created"
        for tail in ("", "-2", "-3")]


def test_when_every_link_name_is_taken_the_form_says_so(client, member, monkeypatch):
    from chalicelib import organising
    monkeypatch.setattr(organising, "event_exists", lambda event_id: True)
    fields = new_form(client, member, title_nl="Voorjaarsoverleg", start_date="2027-01-12", capacity="40")
    answer = post_form(client, "/organiser/events/new", fields, member, action="save")
    assert answer.status_code == 400
    assert messages_beside(answer.body.decode())["id"] == "Deze naam is al in gebruik. Kies een andere."


def test_an_emptied_link_name_keeps_the_event_where_it_is(client, admin_token, member):
    answer = post_form(client, f"/organiser/events/{EID}/edit", {**edit_form(client, member), "id": " "}, member)
    assert answer.headers["Location"] == f"https://signup.test/organiser/events/{EID}/edit?done=saved"


def test_a_new_link_name_with_a_mistake_elsewhere_moves_nothing(client, admin_token, member):
    fields = {**edit_form(client, member), "id": "kringloop-2026", "capacity": "veertig"}
    answer = post_form(client, f"/organiser/events/{EID}/edit", fields, member)
    assert answer.status_code == 400
    assert "capacity" in messages_beside(answer.body.decode())
    assert definition(client, admin_token)["id"] == EID


@pytest.mark.parametrize("back", ["/organiser//evil.example/x", "/organiser/\\evil.example"])
def test_closing_registration_never_returns_to_an_address_that_leaves_the_site(client, member, back):
    csrf = edit_form(client, member)["csrf"]
    answer = post_form(client, f"/organiser/events/{EID}/registration", {"csrf": csrf, "open": "no", "next": back}, member)
    assert answer.headers["Location"] == f"https://signup.test/organiser/events/{EID}/edit?done=closed"


def test_the_question_button_works_on_a_new_event_too(client, member):
    fields = new_form(client, member, title_nl="Voorjaarsoverleg")
    answer = post_form(client, "/organiser/events/new", fields, member, action="add_field")
    assert answer.status_code == 200
    assert 'name="questions" value="1"' in answer.body.decode()
