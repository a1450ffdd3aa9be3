"""Answers at the HTTP edge: pages for browsers, the contract's error shape, one message per code."""
import json

import pytest
from conftest import DEMO_EVENT, make_event, person, signup

EID = DEMO_EVENT["id"]
JSON = {"Accept": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def attendee_token(client):
    from chalicelib import store, tokens
    assert signup(client, EID, **person(1)).status_code == 201
    [reg] = store.roster.registrations(EID, consistent=True)
    return tokens.sign(EID, reg.id)


@pytest.mark.parametrize("lang, text", [("nl", "Deze bijeenkomst bestaat niet."), ("en", "This event does not exist.")])
def test_the_form_of_an_unknown_event_is_a_404_page(client, table, lang, text):
    r = client.http.get(f"/events/nope/form?lang={lang}")
    assert r.status_code == 404
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    page = r.body.decode()
    assert page.startswith("<!doctype html>")
    assert f'<html lang="{lang}">' in page
    assert text in page


def test_the_form_of_an_unknown_event_is_json_for_a_client_that_asks(client, table):
    r = client.http.get("/events/nope/form", headers=JSON)
    assert r.status_code == 404
    assert json.loads(r.body) == {"error": "event_not_found", "message": "Deze bijeenkomst bestaat niet. Kijk of het adres klopt."}


def test_confirming_a_cancelled_registration_says_so(client, admin_token):
    make_event(client, admin_token, double_opt_in=True)
    token = attendee_token(client)
    assert client.http.post(f"/registrations/{token}/cancel", body="", headers={**FORM, **JSON}).status_code == 200
    r = client.http.post(f"/registrations/{token}/confirm", body="", headers={**FORM, **JSON, "Accept-Language": "en"})
    assert r.status_code == 409
    assert json.loads(r.body) == {
        "error": "registration_cancelled",
        "message": "This registration was cancelled. It can no longer be confirmed. "
                   "Sign up again if you would like to come after all."}
    page = client.http.post(f"/registrations/{token}/confirm", body="", headers=FORM)
    assert page.status_code == 409
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Deze aanmelding is afgemeld. Je kunt hem niet meer bevestigen." in page.body.decode()


def test_a_bad_attendee_token_has_its_own_message(client, table):
    r = client.http.post("/registrations/garbage/confirm", body="", headers={**FORM, **JSON})
    assert r.status_code == 404
    assert json.loads(r.body) == {"error": "invalid_token", "message": "Deze link werkt niet meer. Gebruik de link in de nieuwste e-mail die je van ons kreeg."}


def test_every_error_code_has_its_own_message_in_both_languages():
    from chalicelib import error_copy, http
    for locale in ("nl", "en"):
        sentences = [error_copy.error_message(code, locale) for code in http.STATUS]
        assert len(set(sentences)) == len(sentences), locale
    assert set(http.STATUS) <= set(error_copy.ERROR_MESSAGES)


@pytest.mark.parametrize("method, path, allow", [
    ("DELETE", f"/events/{EID}/signups", "OPTIONS, POST"),       # OPTIONS: a CORS preflight
    ("PATCH", "/health", "GET, HEAD, OPTIONS"),
    ("POST", "/registrations/x", "GET, HEAD"),
    ("DELETE", "/", "GET, HEAD"),
])
def test_an_unsupported_method_answers_in_the_contract_shape(client, table, method, path, allow):
    r = client.http.request(method, path, headers=JSON)
    assert r.status_code == 405
    assert json.loads(r.body) == {"error": "method_not_allowed", "message": "Dat kan hier niet. Ga terug en probeer het opnieuw."}
    assert r.headers["Allow"] == allow
    assert r.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize("method, path", [("GET", "/nope"), ("POST", "/events/x/y/z"), ("GET", "/events"),
                                          ("DELETE", "/nothing/here"), ("GET", "/health/extra")])
def test_an_unknown_path_answers_as_the_deployed_gateway_does(client, table, method, path):
    from scripts.local_api import gateway_response
    status, headers, body = gateway_response("MISSING_AUTHENTICATION_TOKEN")
    r = client.http.request(method, path, headers={"Authorization": "Bearer x"} if method == "POST" else {})
    assert (r.status_code, json.loads(r.body)) == (404, {"error": "not_found", "message": "Deze pagina bestaat niet. Kijk of het adres klopt."})
    assert (status, json.loads(body)) == (404, json.loads(r.body))
    assert r.headers["Content-Type"] == "application/json"
    assert r.headers["Access-Control-Allow-Origin"] == headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("query, field", [
    ("status=", "status"), ("status=confirmed,,waitlisted", "status"), ("status=confirmed,%20waitlisted", "status"),
    ("fields=", "fields"), ("fields=name,%20email", "fields"), ("lang=", "lang"), ("since=", "since"),
    ("delimiter=", "delimiter"), ("limit=", "limit"), ("format=json&limit=1001", "limit"),
])
def test_an_export_parameter_that_is_given_must_be_valid(client, demo_event, export_token, query, field):
    from conftest import bearer
    r = client.http.get(f"/events/{EID}/registrations?{query}", headers=bearer(export_token))
    assert r.status_code == 400
    assert json.loads(r.body)["fields"].keys() == {field}


def test_an_empty_format_is_not_a_format_we_make(client, demo_event, export_token):
    from conftest import bearer
    r = client.http.get(f"/events/{EID}/registrations?format=", headers=bearer(export_token))
    assert (r.status_code, json.loads(r.body)["error"]) == (406, "not_acceptable")


def test_options_belong_to_a_select_only(client, admin_token):
    body = {**DEMO_EVENT, "fields": [{"name": "organisation", "type": "text", "options": ["a"]}]}
    body.pop("id")
    from conftest import bearer
    r = client.http.put(f"/events/{EID}", body=json.dumps(body),
                        headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert r.status_code == 400
    assert json.loads(r.body)["fields"] == {"fields[0]": "Dit klopt niet. Kijk het na en verbeter het."}


# ---------------------------------------------------------------- what happened and what to do (issue 24 item 5)

@pytest.mark.parametrize("locale, name, email", [
    ("nl", "Vul je naam in.", "Vul je e-mailadres in, bijvoorbeeld naam@gemeente.nl."),
    ("en", "Enter your name.", "Enter your email address, for example name@example.org."),
])
def test_a_missing_name_and_address_are_each_asked_for(client, demo_event, locale, name, email):
    r = signup(client, EID, **person(1, name="", email="", locale=locale))
    assert r.status_code == 400
    assert json.loads(r.body)["fields"] == {"name": name, "email": email}


def test_a_bad_address_on_the_form_page_says_how_to_write_it(client, demo_event):
    from urllib.parse import urlencode
    r = client.http.post(f"/events/{EID}/signups", body=urlencode(person(1, email="geen-adres", consent="on", locale="en")),
                         headers=FORM)
    assert r.status_code == 400
    assert "Email address: Enter your email address, for example name@example.org." in r.body.decode()


@pytest.mark.parametrize("locale, happened, wait", [
    ("nl", "Er komen nu veel aanmeldingen tegelijk binnen.", "Wacht {n} seconden en probeer het opnieuw."),
    ("en", "A lot of people are signing up at the same time right now.", "Wait {n} seconds and try again."),
])
def test_too_many_signups_at_once_say_how_long_to_wait(client, demo_event, env, locale, happened, wait, monkeypatch):
    from datetime import datetime, timezone
    from urllib.parse import urlencode

    from chalicelib import config, error_copy
    from chalicelib.blueprints import public
    # all three in one minute's window: the 20th second of this minute (at :59.9 the next one counted anew)
    moment = datetime.now(timezone.utc).replace(second=20, microsecond=0)
    monkeypatch.setattr(public, "now", lambda: moment)
    env.setenv("RATE_LIMIT_PER_MINUTE", "1")
    config.settings.cache_clear()
    signup(client, EID, **person(1, locale=locale))
    answer = signup(client, EID, **person(2, locale=locale))
    seconds = int(answer.headers["Retry-After"])
    assert answer.status_code == 429 and seconds == 40
    said = wait.format(n=seconds) if seconds != 1 else error_copy.wait(1, locale)     # 1: the singular
    assert json.loads(answer.body) == {"error": "rate_limited", "message": f"{happened} {said}"}
    page = client.http.post(f"/events/{EID}/signups?lang={locale}",
                            body=urlencode(person(3, consent="on", locale=locale)), headers=FORM)
    html = page.body.decode()
    assert page.status_code == 429
    assert f"<p>{happened}</p>" in html
    again = int(page.headers["Retry-After"])
    assert f'<p id="retry-after">{wait.format(n=again) if again != 1 else error_copy.wait(1, locale)}</p>' in html


def test_without_retry_after_too_many_signups_ask_for_a_minute():
    """API Gateway's own 429 (its throttle) knows no seconds: it says a minute."""
    from chalicelib import error_copy
    assert error_copy.error_message("rate_limited", "nl") == (
        "Er komen nu veel aanmeldingen tegelijk binnen. Wacht een minuut en probeer het opnieuw.")
    assert error_copy.error_message("rate_limited", "en") == (
        "A lot of people are signing up at the same time right now. Wait a minute and try again.")


def test_no_error_sentence_uses_words_a_visitor_does_not_use():
    from chalicelib import error_copy
    sentences = [*error_copy.FIELD_MESSAGES.values(), *error_copy.FIELD_OWN_MESSAGES.values(),
                 *(part for parts in error_copy.ERROR_MESSAGES.values() for part in parts)]
    for sentence in sentences:
        assert not any(word in sentence.lower() for word in ("true of false", "verzoek", "methode", "formaat", "kib",
                                                              "geannuleerd", "plaats ")), sentence
