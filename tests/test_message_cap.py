"""The per-event daily cap on organiser messages (issue 25 item 15): what a stolen organiser
account can send to an event's attendees is bounded by the event's ``messages_per_day``."""
import json
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

import pytest

from chalicelib import store
from conftest import DEMO_EVENT, bearer, make_event
from test_announcements import BODY, member, post_message  # noqa: F401 (a fixture)
from test_organisers import FORM, csrf_of

EID = DEMO_EVENT["id"]


def sent_messages():
    return len(store.announcements.messages_of(EID))


def test_the_eleventh_message_of_a_day_is_429_naming_the_cap(client, admin_token, demo_event):
    for _ in range(10):
        assert post_message(client, admin_token).status_code == 202
    asked = datetime.now(timezone.utc)      # before the answer: a slow machine makes the wait shorter, not longer
    answer = post_message(client, admin_token)
    assert answer.status_code == 429
    body = json.loads(answer.body)
    assert body["error"] == "rate_limited"
    assert body["message"] == ("Vandaag zijn al genoeg berichten voor deze bijeenkomst verstuurd. Het maximum is 10 "
                               "per dag. Morgen kun je weer een bericht sturen.")
    midnight = datetime(asked.year, asked.month, asked.day, tzinfo=timezone.utc) + timedelta(days=1)
    assert 0 < int(answer.headers["Retry-After"]) <= (midnight - asked).total_seconds() + 1
    assert sent_messages() == 10                                         # nothing stored for the refused one
    english = client.http.post(f"/events/{EID}/messages", body=json.dumps(BODY), headers={
        **bearer(admin_token), "Content-Type": "application/json", "Accept-Language": "en"})
    assert json.loads(english.body)["message"] == ("Enough messages have been sent for this event today. The "
                                                   "maximum is 10 a day. You can send a message again tomorrow.")


def test_the_cap_is_per_event_and_per_day(client, admin_token, demo_event, monkeypatch):
    make_event(client, admin_token, id="ander-overleg-2026-12-10")
    make_event(client, admin_token, messages_per_day=1)
    assert post_message(client, admin_token).status_code == 202
    assert post_message(client, admin_token).status_code == 429
    other = client.http.post("/events/ander-overleg-2026-12-10/messages", body=json.dumps(BODY),
                             headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert other.status_code == 202
    tomorrow = datetime.now(timezone.utc) + timedelta(days=1)
    monkeypatch.setattr("chalicelib.blueprints.organiser_api.now", lambda: tomorrow)
    assert post_message(client, admin_token).status_code == 202


@pytest.mark.parametrize("value", [0, 51, "tien"])
def test_the_cap_is_a_setting_between_1_and_50(client, admin_token, demo_event, value):
    answer = client.http.patch(f"/events/{EID}", body=json.dumps({"messages_per_day": value}),
                               headers={**bearer(admin_token), "Content-Type": "application/merge-patch+json"})
    assert answer.status_code == 400
    assert "messages_per_day" in json.loads(answer.body)["fields"]


def test_the_definition_shows_the_default(client, admin_token, demo_event):
    definition = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    assert definition.get("messages_per_day") in (None, 10)


@pytest.mark.parametrize("lang, says", [
    ("", "Het maximum is 1 per dag."),
    ("?lang=en", "The maximum is 1 a day."),
])
def test_the_message_form_says_the_cap_in_the_organisers_language(client, admin_token, demo_event, member, lang,  # noqa: F811
                                                                  says):
    make_event(client, admin_token, messages_per_day=1)
    csrf = csrf_of(client, member["Cookie"])
    form = urlencode([("csrf", csrf), ("subject", BODY["subject"]), ("body", BODY["body"]), ("to", "confirmed"),
                      ("send", "1")])
    first = client.http.post(f"/organiser/events/{EID}/messages{lang}", body=form, headers={**FORM, **member})
    assert first.status_code == 303
    answer = client.http.post(f"/organiser/events/{EID}/messages{lang}", body=form, headers={**FORM, **member})
    assert answer.status_code == 429
    assert says in answer.body.decode()
    assert int(answer.headers["Retry-After"]) > 0
    assert BODY["subject"] in answer.body.decode()                # the text is kept, to send tomorrow
    assert sent_messages() == 1
