"""Closed events (issue 28 item 7): signups only from addresses at chosen mail domains
(``allowed_email_domains``), with a refusal that says nothing about who is registered."""
import json
from urllib.parse import urlencode, urlsplit

import pytest

from conftest import DEMO_EVENT, bearer, make_event, person, signup
from organiser_pages import form_fields, post_form
from test_organisers import ses, sign_in  # noqa: F401  (ses is a fixture)

EID = DEMO_EVENT["id"]
JSON = {"Content-Type": "application/json"}
DOMAINS = ["minienw.nl", "*.rijksoverheid.nl"]


@pytest.fixture
def closed(client, admin_token):
    return make_event(client, admin_token, allowed_email_domains=DOMAINS)


def definition(client, token):
    return json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(token)).body)


@pytest.mark.parametrize("email", ["a@minienw.nl", "B@MinIenW.nl", "c@rijksoverheid.nl", "d@minbzk.rijksoverheid.nl"])
def test_an_address_at_an_allowed_domain_signs_up(client, closed, email):
    answer = signup(client, EID, **person(1, email=email))
    assert answer.status_code == 201, answer.body


@pytest.mark.parametrize("email", ["a@gemeente.example", "b@sub.minienw.nl", "c@rijksoverheid.nl.evil.example",
                                   "d@notrijksoverheid.nl"])
def test_an_address_at_another_domain_is_refused_naming_email(client, closed, email):
    answer = signup(client, EID, **person(1, email=email))
    assert answer.status_code == 400
    body = json.loads(answer.body)
    assert list(body["fields"]) == ["email"]
    assert "alleen voor e-mailadressen" in body["fields"]["email"]


def test_the_refusal_is_the_same_for_a_registered_and_a_new_address(client, admin_token):
    make_event(client, admin_token)                          # open to anyone: a@gemeente.example signs up
    assert signup(client, EID, **person(1, email="a@gemeente.example")).status_code == 201
    make_event(client, admin_token, allowed_email_domains=DOMAINS)     # then the event is closed
    registered = signup(client, EID, **person(1, email="a@gemeente.example"))
    new = signup(client, EID, **person(2, email="b@gemeente.example"))
    assert (registered.status_code, registered.body) == (new.status_code, new.body) == (400, new.body)


def test_the_refusal_is_in_the_visitors_language(client, closed):
    answer = signup(client, EID, **person(1, email="a@gemeente.example", locale="en"))
    assert "only for email addresses" in json.loads(answer.body)["fields"]["email"]


def test_a_form_post_gets_a_readable_page_naming_the_email_field(client, closed):
    answer = client.http.post(f"/events/{EID}/signups", body=urlencode(person(1, email="a@gemeente.example")),
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 400
    html = answer.body.decode()
    assert '<a href="#email">E-mailadres: Deze bijeenkomst is alleen voor e-mailadressen' in html
    assert 'id="limited-domains"' in html


def test_the_public_view_and_the_form_say_the_event_is_limited(client, closed):
    view = json.loads(client.http.get(f"/events/{EID}").body)
    assert view["allowed_email_domains"] == DOMAINS
    form = client.http.get(f"/events/{EID}/form").body.decode()
    assert "alleen voor e-mailadressen van: minienw.nl, *.rijksoverheid.nl." in form
    english = client.http.get(f"/events/{EID}/form?lang=en").body.decode()
    assert "only for email addresses at: minienw.nl, *.rijksoverheid.nl." in english


def test_an_open_event_says_nothing_about_domains(client, demo_event):
    assert "allowed_email_domains" not in json.loads(client.http.get(f"/events/{EID}").body)
    assert 'id="limited-domains"' not in client.http.get(f"/events/{EID}/form").body.decode()


def test_the_domains_are_stored_normalised(client, admin_token):
    make_event(client, admin_token, allowed_email_domains=[" MinIenW.nl ", "@x.example", "*.Rijksoverheid.NL", "x.example"])
    assert definition(client, admin_token)["allowed_email_domains"] == ["minienw.nl", "x.example", "*.rijksoverheid.nl"]


@pytest.mark.parametrize("bad", [["a@minienw.nl"], ["https://minienw.nl"], ["nl"], "minienw.nl", [3], ["*.*.nl"]])
def test_a_bad_domain_is_refused(client, admin_token, bad):
    body = {**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, "allowed_email_domains": bad}
    answer = client.http.put(f"/events/{EID}", body=json.dumps(body), headers={**bearer(admin_token), **JSON})
    assert answer.status_code == 400
    assert list(json.loads(answer.body)["fields"]) == ["allowed_email_domains"]


def test_an_organiser_adds_a_person_of_any_domain_by_hand(client, admin_token, closed):
    answer = client.http.post(f"/events/{EID}/registrations", body=json.dumps(person(1, email="a@gemeente.example")),
                              headers={**bearer(admin_token), **JSON})
    assert answer.status_code == 201


# ---------------------------------------------------------------- the editor

@pytest.fixture
def member(client, admin_token, ses):   # noqa: F811
    make_event(client, admin_token)
    return sign_in(client, ses)


def edit_page(client, cookie, query=""):
    return client.http.get(f"/organiser/events/{EID}/edit{query}", headers={"Cookie": cookie}).body.decode()


def test_the_editor_sets_and_shows_the_domains(client, admin_token, member):
    fields = form_fields(edit_page(client, member))
    assert fields["allowed_email_domains"] == ""
    answer = post_form(client, f"/organiser/events/{EID}/edit",
                       {**fields, "allowed_email_domains": "minienw.nl\r\n*.rijksoverheid.nl\r\n"}, member)
    assert answer.status_code == 303
    assert definition(client, admin_token)["allowed_email_domains"] == DOMAINS
    assert form_fields(edit_page(client, member))["allowed_email_domains"] == "minienw.nl\r\n*.rijksoverheid.nl"
    assert "Only for email addresses at" in edit_page(client, member, "?lang=en")


def test_the_editor_names_a_bad_domain(client, member):
    fields = form_fields(edit_page(client, member))
    answer = post_form(client, f"/organiser/events/{EID}/edit", {**fields, "allowed_email_domains": "jan@minienw.nl"}, member)
    assert answer.status_code == 400
    html = answer.body.decode()
    assert '<span class="error" id="allowed_email_domains-error">' in html
    assert "Vul domeinen in zoals minienw.nl" in html


# ---------------------------------------------------------------- only with the invitation link

@pytest.fixture
def invited_only(client, admin_token):
    return make_event(client, admin_token, invitation_only=True)


def invite_code():
    from chalicelib import invitations
    return invitations.code(EID)


def test_a_signup_with_the_invitation_code_comes_in(client, invited_only):
    answer = signup(client, EID, **person(1), _invite=invite_code())
    assert answer.status_code == 201, answer.body


@pytest.mark.parametrize("code", [None, "", "onzin", "0.Zm9v.YmFy"])
def test_a_signup_without_a_genuine_code_is_403_whatever_the_address(client, invited_only, code):
    fields = person(1) if code is None else {**person(1), "_invite": code}
    answer = signup(client, EID, **fields)
    assert answer.status_code == 403
    assert json.loads(answer.body)["error"] == "invitation_required"


def test_the_english_invitation_link_opens_the_english_form_that_carries_the_code(client, admin_token):
    from chalicelib import invitations, signups
    make_event(client, admin_token, invitation_only=True, locales=["nl", "en"])
    link = urlsplit(invitations.link(signups.get_event(EID), "en"))
    page = client.http.get(f"{link.path}?{link.query}").body.decode()
    assert '<html lang="en"' in page
    assert f'name="_invite" value="{invite_code()}"' in page


def test_another_events_code_does_not_open_this_one(client, admin_token, invited_only):
    from chalicelib import invitations
    answer = signup(client, EID, **person(1), _invite=invitations.code("een-andere-bijeenkomst"))
    assert answer.status_code == 403


def test_the_refusal_is_the_same_for_a_registered_and_a_new_address(client, admin_token):
    make_event(client, admin_token)
    assert signup(client, EID, **person(1)).status_code == 201
    make_event(client, admin_token, invitation_only=True)
    registered, new = signup(client, EID, **person(1)), signup(client, EID, **person(2))
    assert (registered.status_code, registered.body) == (new.status_code, new.body)
    assert registered.status_code == 403


def test_a_form_post_without_the_code_gets_a_readable_page_in_its_language(client, invited_only):
    answer = client.http.post(f"/events/{EID}/signups", body=urlencode({**person(1), "locale": "en"}),
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 403
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "You need an invitation for this event." in answer.body.decode()


def test_the_form_without_the_code_says_an_invitation_is_needed_and_has_no_form(client, invited_only):
    answer = client.http.get(f"/events/{EID}/form")
    assert answer.status_code == 403
    html = answer.body.decode()
    assert "Voor deze bijeenkomst heb je een uitnodiging nodig." in html
    assert "<form" not in html


def test_the_invitation_link_opens_the_form_and_carries_the_code(client, invited_only):
    from chalicelib import invitations, signups
    link = invitations.link(signups.get_event(EID), "nl").removeprefix("https://signup.test")
    answer = client.http.get(link)
    assert answer.status_code == 200
    html = answer.body.decode()
    assert f'name="_invite" value="{invite_code()}"' in html
    assert "alleen voor genodigden" in html
    assert json.loads(client.http.get(f"/events/{EID}").body)["invitation_only"] is True


def test_the_overzicht_shows_the_invitation_link_to_an_organiser(client, admin_token, ses):  # noqa: F811
    make_event(client, admin_token, invitation_only=True)
    cookie = sign_in(client, ses)
    html = client.http.get(f"/organiser/events/{EID}", headers={"Cookie": cookie}).body.decode()
    assert f'id="invitation-link" readonly value="https://signup.test/events/{EID}/form?invite={invite_code()}"' in html
    english = client.http.get(f"/organiser/events/{EID}?lang=en", headers={"Cookie": cookie}).body.decode()
    assert "Invitation link" in english


def test_an_open_event_shows_no_invitation_link(client, member):
    html = client.http.get(f"/organiser/events/{EID}", headers={"Cookie": member}).body.decode()
    assert 'id="invitation-link"' not in html


def test_the_editor_sets_invitation_only(client, admin_token, member):
    fields = form_fields(edit_page(client, member))
    assert "invitation_only" not in fields
    answer = post_form(client, f"/organiser/events/{EID}/edit", {**fields, "invitation_only": "on"}, member)
    assert answer.status_code == 303
    assert definition(client, admin_token)["invitation_only"] is True
