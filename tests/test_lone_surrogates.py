"""Issue 25 item 9: a lone surrogate (``"\\ud800"``) in any JSON body is 400 naming the field.

JSON may spell a UTF-16 half on its own; Python parses it into a string that no UTF-8 can carry,
so storage, mail and logs would fail on it later (it answered 503).
"""
import json

import pytest

from conftest import DEMO_EVENT, DEMO_ORG, bearer, make_event, person, signup

EID = DEMO_EVENT["id"]
JSON = {"Content-Type": "application/json"}
LONE = "\\ud800"        # as it travels in JSON: an escape, so the body itself is valid UTF-8


def with_lone_surrogate(body: dict, text: str) -> str:
    """``body`` as JSON, with a lone surrogate put into the string ``text`` wherever it is."""
    raw = json.dumps(body)
    assert raw.count(json.dumps(text)) == 1
    return raw.replace(json.dumps(text), json.dumps(text)[:-1] + LONE + '"')


def fields_of(answer) -> dict:
    assert answer.status_code == 400, answer.body
    body = json.loads(answer.body)
    assert body["error"] == "validation_failed"
    return body["fields"]


def definition():
    return {k: v for k, v in DEMO_EVENT.items() if k != "id"}


@pytest.mark.parametrize("text, field", [
    (DEMO_EVENT["title"]["nl"], "title.nl"),
    ("Organisatie", "fields[0].label.nl"),
    ("circulair@duurzaamdoor.example", "organiser.email"),
    ("https://www.duurzaamdoor.example", "allowed_redirect_origins[1]"),
])
def test_put_of_an_event_names_the_member(client, admin_token, text, field):
    answer = client.http.put(f"/events/{EID}", body=with_lone_surrogate(definition(), text),
                             headers={**bearer(admin_token), **JSON})
    assert fields_of(answer) == {field: "Hier staan tekens die niet mogen. Haal ze weg."}


def test_patch_of_an_event_names_the_member(client, admin_token, demo_event):
    body = with_lone_surrogate({"location": {"nl": "Zaal 2"}}, "Zaal 2")
    answer = client.http.patch(f"/events/{EID}", body=body, headers={**bearer(admin_token), **JSON})
    assert list(fields_of(answer)) == ["location.nl"]


def test_a_key_with_a_lone_surrogate_names_its_object(client, admin_token, demo_event):
    body = json.dumps({"organiser": {"name": "x"}}).replace('"name"', '"na' + LONE + 'me"')
    answer = client.http.patch(f"/events/{EID}", body=body, headers={**bearer(admin_token), **JSON})
    assert list(fields_of(answer)) == ["organiser"]


def test_an_organisation_names_the_member(client, admin_token):
    body = with_lone_surrogate({"name": "DuurzaamDoor", "members": DEMO_ORG["members"]}, "DuurzaamDoor")
    answer = client.http.put(f"/organisations/{DEMO_ORG['id']}", body=body, headers={**bearer(admin_token), **JSON})
    assert list(fields_of(answer)) == ["name"]


def test_a_message_names_the_member(client, admin_token, demo_event):
    body = with_lone_surrogate({"subject": "Hallo", "body": "Tot morgen", "to": ["confirmed"]}, "Tot morgen")
    answer = client.http.post(f"/events/{EID}/messages", body=body, headers={**bearer(admin_token), **JSON})
    assert list(fields_of(answer)) == ["body"]


def test_a_signup_names_even_a_field_the_event_does_not_have(client, demo_event):
    body = with_lone_surrogate({**person(1), "nickname": "Dee"}, "Dee")
    answer = client.http.post(f"/events/{EID}/signups", body=body, headers=JSON)
    assert list(fields_of(answer)) == ["nickname"]


def test_a_refused_signup_still_counts_towards_the_client_limit(client, admin_token, env):
    from test_enumeration import limit
    limit(env, RATE_LIMIT_PER_MINUTE=1)
    make_event(client, admin_token)
    body = with_lone_surrogate({**person(1), "locale": "nl"}, "nl")
    assert client.http.post(f"/events/{EID}/signups", body=body, headers=JSON).status_code == 400
    assert signup(client, EID, **person(2)).status_code == 429


def test_a_surrogate_pair_is_one_character_and_fine(client, admin_token):
    title = {"nl": "Bijeenkomst \U0001F331", "en": "Meeting \U0001F331"}     # json.dumps writes the pair as escapes
    answer = client.http.put(f"/events/{EID}", body=json.dumps({**definition(), "title": title}),
                             headers={**bearer(admin_token), **JSON})
    assert answer.status_code == 201
    assert json.loads(client.http.get(f"/events/{EID}").body)["title"] == "Bijeenkomst \U0001F331"
