"""The paths a visitor walks without a dead end (issue 22, visitors 2-4, 6, 7): a form post answers
303 to a thank-you page that is true for everyone, errors speak the visitor's language and lead
somewhere, the attendee's "Afmelden" asks first, and the organiser may name a thank-you page."""
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import DEMO_EVENT, bearer, make_event, person, signed_up
from test_organiser_events import member  # noqa: F401  (a fixture)
from test_organisers import ses  # noqa: F401  (a fixture)
from aws_faults import faults  # noqa: F401  (a fixture)

EID = DEMO_EVENT["id"]
BASE = "https://signup.test"


FULL_NL = "De bijeenkomst is vol. Wil je toch komen? Neem dan contact op met de organisator."
FULL_EN = "The event is full. Would you still like to come? Then contact the organiser."

def form_post(client, n, headers=None, **fields):
    from urllib.parse import urlencode
    return client.http.post(f"/events/{EID}/signups", body=urlencode(person(n, consent="on", **fields)),
                            headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})})


def get(client, url, **headers):
    return client.http.get(url.removeprefix(BASE), headers=headers)


def title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def stored_count():
    from chalicelib import store
    return len(list(store.roster.registrations(EID, consistent=True)))


# --- 3. POST-redirect-GET -------------------------------------------------------------------

def test_a_form_post_answers_303_to_a_get_thank_you_page_and_a_reload_stores_nothing(client, demo_event):
    posted = form_post(client, 1)
    assert posted.status_code == 303
    assert posted.body in (b"", "")
    location = posted.headers["Location"]
    assert location == f"{BASE}/events/{EID}/thanks?lang=nl&status=confirmed"
    for _ in range(2):                          # a reload is a GET: nothing is posted again
        thanks = get(client, location)
        assert thanks.status_code == 200
    assert stored_count() == 1
    assert "<h1>Je aanmelding is ontvangen</h1>" in thanks.body.decode()


def test_the_thank_you_address_reveals_only_the_status_and_the_language(client, admin_token):
    make_event(client, admin_token, capacity=1, waitlist_enabled=True)
    first = signed_up(client, EID, **person(1))
    newcomer = form_post(client, 2).headers["Location"]
    repeat = form_post(client, 1).headers["Location"]            # already registered, with a seat
    honeypot = form_post(client, 3, _gotcha="bot").headers["Location"]
    assert newcomer == repeat == honeypot
    assert sorted(parse_qs(urlsplit(newcomer).query)) == ["lang", "status"]
    assert first not in newcomer


# --- 4. wording that is true for everyone -----------------------------------------------------

def test_a_confirmed_person_signing_up_again_is_not_told_they_are_on_the_waiting_list(client, admin_token):
    make_event(client, admin_token, capacity=1, waitlist_enabled=True)
    signed_up(client, EID, **person(1))                          # has the one seat
    page = get(client, form_post(client, 1).headers["Location"]).body.decode()
    assert "wachtlijst" in page                                  # the newcomer's status: the event is full ...
    assert "Je staat op de wachtlijst" not in page               # ... but no sentence that is false for this person
    assert "<p id=\"thanks-status\">De bijeenkomst is vol. In de e-mail staat of je een plek hebt of op de " \
           "wachtlijst staat.</p>" in page
    assert "<h1>Je aanmelding is ontvangen</h1>" in page


def test_a_pending_answer_asks_to_confirm_only_if_the_mail_says_so(client, admin_token):
    make_event(client, admin_token, double_opt_in=True)
    location = form_post(client, 1).headers["Location"]
    assert location.endswith("status=pending")
    page = get(client, location).body.decode()
    assert "Vraagt de e-mail je om je aanmelding te bevestigen? Doe dat dan op tijd, anders vervalt je plek." in page


def test_the_english_thank_you_page_is_english_and_links_back_to_the_form(client, demo_event):
    location = form_post(client, 1, locale="en").headers["Location"]
    page = get(client, location).body.decode()
    assert title(page) == "Signup received: " + DEMO_EVENT["title"]["en"]
    assert "<h1>Your signup has been received</h1>" in page
    assert f'<a href="{BASE}/events/{EID}/form?lang=en">Sign up someone else</a>' in page


def test_a_thank_you_page_with_an_unknown_status_says_no_status(client, demo_event):
    answer = client.http.get(f"/events/{EID}/thanks?status=duplicate")
    page = answer.body.decode()
    assert answer.status_code == 200
    assert "<h1>Je aanmelding is ontvangen</h1>" in page
    assert 'id="thanks-status"' not in page and "duplicate" not in page


# --- 2. the organiser's own thank-you page ---------------------------------------------------

def put(client, admin_token, **overrides):
    body = {**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, **overrides}
    return client.http.put(f"/events/{EID}", body=json.dumps(body),
                           headers={**bearer(admin_token), "Content-Type": "application/json"})


@pytest.mark.parametrize("address, message", [
    ("https://www.elders.example/bedankt", "thank_you_url_origin"),
    ("http://www.duurzaamdoor.example/bedankt", "invalid_url"),     # http only on this machine
    ("javascript:alert(1)", "invalid_url"),
    ("bedankt", "invalid_url"),
])
def test_a_thank_you_page_must_be_https_on_an_allowed_website(client, admin_token, address, message):
    answer = put(client, admin_token, thank_you_url=address)
    assert answer.status_code == 400
    from chalicelib import error_copy
    assert json.loads(answer.body)["fields"] == {"thank_you_url": error_copy.field_message(message, "nl")}


def test_the_html_snippet_sends_people_to_the_named_thank_you_page_only(client, admin_token):
    from chalicelib import signups
    from chalicelib.organiser import embed
    assert put(client, admin_token).status_code in (200, 201)
    assert 'name="_redirect"' not in embed.snippets(signups.get_event(EID)).html_form
    assert put(client, admin_token, thank_you_url="https://www.duurzaamdoor.example/bedankt").status_code == 200
    snippet = embed.snippets(signups.get_event(EID)).html_form
    assert '<input type="hidden" name="_redirect" value="https://www.duurzaamdoor.example/bedankt">' in snippet
    definition = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    assert definition["thank_you_url"] == "https://www.duurzaamdoor.example/bedankt"
    posted = form_post(client, 1, _redirect="https://www.duurzaamdoor.example/bedankt")
    assert posted.headers["Location"] == "https://www.duurzaamdoor.example/bedankt?status=confirmed"


def test_http_is_allowed_for_a_thank_you_page_on_this_machine(client, admin_token):
    answer = put(client, admin_token, thank_you_url="http://127.0.0.1:8080/bedankt")
    assert answer.status_code == 201
    definition = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    assert definition["thank_you_url"] == "http://127.0.0.1:8080/bedankt"


# --- 6. errors in the visitor's language, with a way on --------------------------------------

def test_a_json_error_follows_the_bodys_locale_then_lang_then_accept_language_then_the_event(client, admin_token):
    make_event(client, admin_token, capacity=1, waitlist_enabled=False)
    signed_up(client, EID, **person(1))

    def message(body, query="", **headers):
        answer = client.http.post(f"/events/{EID}/signups{query}", body=json.dumps(body),
                                  headers={"Content-Type": "application/json", **headers})
        assert answer.status_code == 409
        return json.loads(answer.body)["message"]
    assert message(person(2, locale="en"), "?lang=nl", **{"Accept-Language": "nl"}) == FULL_EN
    assert message(person(3), "?lang=en", **{"Accept-Language": "nl"}) == FULL_EN
    assert message(person(4), **{"Accept-Language": "en-GB,en;q=0.8"}) == FULL_EN
    assert message(person(5)) == FULL_NL
    make_event(client, admin_token, capacity=1, waitlist_enabled=False, locales=["en", "nl"])
    assert message(person(6)) == FULL_EN             # nothing asked: the event's first locale


def test_a_refused_english_form_post_is_an_english_page_that_says_what_to_do(client, admin_token):
    make_event(client, admin_token, registration_open=False)
    answer = form_post(client, 1, locale="en")
    page = answer.body.decode()
    assert answer.status_code == 409
    assert '<html lang="en">' in page
    assert title(page) == "Error: Registration is closed"
    assert "Would you still like to come? Then contact the organiser." in page
    assert f'<a href="{BASE}/events/{EID}/form?lang=en">Back to the form</a>' in page


def test_a_failed_form_post_names_the_error_in_the_title_and_focuses_the_summary(client, demo_event):
    page = form_post(client, 1, email="geen-adres").body.decode()
    assert title(page).startswith("Fout: controleer het formulier")
    assert re.search(r'<div class="alert" role="alert" id="error-summary" tabindex="-1" autofocus>', page)
    english = form_post(client, 1, email="no-address", locale="en").body.decode()
    assert title(english).startswith("Error: check the form")
    assert '<label for="_gotcha">Leave this field empty</label>' in english
    assert '<label for="_gotcha">Laat dit veld leeg</label>' in page


def test_a_rate_limited_form_post_says_how_long_to_wait(client, demo_event, env):
    from chalicelib import config
    env.setenv("RATE_LIMIT_PER_MINUTE", "1")
    config.settings.cache_clear()
    form_post(client, 1)
    answer = form_post(client, 2, headers={"Referer": "https://www.duurzaamdoor.example/agenda"})
    page = answer.body.decode()
    wait = int(answer.headers["Retry-After"])
    assert answer.status_code == 429
    assert title(page) == "Fout: Het is nu erg druk"
    expected = f"Wacht {wait} seconde" if wait == 1 else f"Wacht {wait} seconden"
    assert f'<p id="retry-after">{expected} en probeer het opnieuw.</p>' in page
    assert '<a href="https://www.duurzaamdoor.example/agenda">Terug naar het formulier</a>' in page


def test_a_too_large_form_post_says_what_to_do_and_links_back(client, demo_event):
    answer = form_post(client, 1, organisation="x" * 17000)
    page = answer.body.decode()
    assert answer.status_code == 413
    assert title(page) == "Fout: Het formulier is te groot"
    assert "Maak je antwoorden korter en probeer het opnieuw." in page
    assert f'<a href="{BASE}/events/{EID}/form">Terug naar het formulier</a>' in page


def test_an_unknown_event_page_says_what_to_do_in_the_browsers_language(client, table):
    answer = client.http.get("/events/bestaat-niet/form", headers={"Accept-Language": "en"})
    page = answer.body.decode()
    assert answer.status_code == 404
    assert title(page) == "Error: This event does not exist"
    assert "Check that the address is right, or ask the organiser for the correct link." in page


def test_a_bad_attendee_link_says_what_to_do(client, demo_event):
    page = client.http.get("/registrations/0.bad.link").body.decode()
    assert title(page) == "Fout: Deze link werkt niet"
    assert "Gebruik de link in de nieuwste e-mail over je aanmelding." in page


# --- 7. "Afmelden" asks first ------------------------------------------------------------------

def test_afmelden_asks_for_confirmation_before_anything_changes(client, demo_event):
    from chalicelib import store, tokens
    rid = signed_up(client, EID, **person(1))
    token = tokens.sign(EID, rid)
    attendee = client.http.get(f"/registrations/{token}").body.decode()
    assert f'<form method="get" action="{BASE}/registrations/{token}/cancel">' in attendee
    question = client.http.get(f"/registrations/{token}/cancel")
    html = question.body.decode()
    assert question.status_code == 200
    assert "<h1>Wil je je afmelden?</h1>" in html
    assert f'<form method="post" action="{BASE}/registrations/{token}/cancel?lang=nl">' in html
    assert f'<a href="{BASE}/registrations/{token}">Nee, ik blijf aangemeld</a>' in html
    assert store.roster.get_registration(EID, rid).status == "confirmed"          # asking changed nothing
    done = client.http.post(f"/registrations/{token}/cancel")
    assert "Je afmelding is verwerkt." in done.body.decode()
    assert store.roster.get_registration(EID, rid).status == "cancelled"


def test_a_refused_attendee_action_links_back_to_the_attendee_page(client, demo_event):
    from chalicelib import tokens
    token = tokens.sign(EID, signed_up(client, EID, **person(1, locale="en")))
    client.http.post(f"/registrations/{token}/cancel")
    refused = client.http.post(f"/registrations/{token}/confirm")
    page = refused.body.decode()
    assert refused.status_code == 409
    assert title(page) == "Error: Your registration is already cancelled"
    assert f'<a href="{BASE}/registrations/{token}">Back to your registration</a>' in page


# --- 1. the form page may run its one script ---------------------------------------------------

def test_the_form_pages_one_script_is_allowed_by_its_hash_and_nothing_else(client, demo_event):
    import base64
    import hashlib
    answer = client.http.get(f"/events/{EID}/form")
    [script] = re.findall(r"<script>(.*?)</script>", answer.body.decode(), re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = answer.headers["Content-Security-Policy"]
    assert f"script-src 'sha256-{digest}';" in csp
    assert "signups:form-height" in script
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]


# --- 2. the editor asks for the thank-you page ---------------------------------------------------

def test_the_editor_saves_a_thank_you_page_and_names_a_wrong_one(client, admin_token, member):
    from organiser_pages import post_form
    from test_organiser_events import edit_form
    fields = edit_form(client, member)
    assert fields["thank_you_url"] == ""
    wrong = post_form(client, f"/organiser/events/{EID}/edit", {**fields, "thank_you_url": "https://elders.example/x"},
                      member, action="save")
    assert wrong.status_code == 400
    assert "Dit adres moet op een website staan die het formulier mag gebruiken" in wrong.body.decode()
    saved = post_form(client, f"/organiser/events/{EID}/edit",
                      {**fields, "thank_you_url": "https://www.duurzaamdoor.example/bedankt"}, member, action="save")
    assert saved.status_code == 303
    assert edit_form(client, member)["thank_you_url"] == "https://www.duurzaamdoor.example/bedankt"
    embed = client.http.get(f"/organiser/events/{EID}/embed", headers={"Cookie": member}).body.decode()
    assert "Na het aanmelden gaan mensen naar je eigen bedankpagina: https://www.duurzaamdoor.example/bedankt." in embed


def test_a_page_that_cannot_be_shown_now_links_back_to_where_the_visitor_was(client, demo_event, faults):
    from chalicelib import tokens
    token = tokens.sign(EID, signed_up(client, EID, **person(1)))
    faults.fail("server_error")
    attendee = client.http.get(f"/registrations/{token}", headers={"Accept": "text/html"})
    form = client.http.get(f"/events/{EID}/form", headers={"Accept": "text/html", "Accept-Language": "en"})
    faults.stop()
    assert attendee.status_code == form.status_code == 503
    assert f'<a href="{BASE}/registrations/{token}">Terug naar je aanmelding</a>' in attendee.body.decode()
    assert title(form.body.decode()) == "Error: This is not working right now"
    assert f'<a href="{BASE}/events/{EID}/form?lang=en">Back to the form</a>' in form.body.decode()
