"""The organiser's daily mail about signups (issue 22, item 16)."""
import json
import re
from datetime import datetime, timedelta, timezone
from email import message_from_string, policy

import pytest

from aws_faults import faults  # noqa: F401 - the fixture
from chalicelib import digest, store
from conftest import DEMO_EVENT, bearer, make_event, person, registration_id, send_written, signup
from test_organisers import FORM, ses  # noqa: F401 - the fixture

EID = DEMO_EVENT["id"]
ORGANISER = DEMO_EVENT["organiser"]["email"]
JSON = {"Content-Type": "application/json"}


def due_time(event_id=EID) -> datetime:
    """A minute after the event's next digest is due."""
    return datetime.fromisoformat(store.digests.get_digest_schedule(event_id)["due_at"]) + timedelta(minutes=1)


def send_digests():
    """What the stream's mail worker does with the digest items written so far; its outcomes."""
    return send_written("digest")


def digests_to_organiser(ses):
    return [message_from_string(m.raw_data, policy=policy.default) for m in ses.sent_messages
            if ORGANISER in m.destinations]


@pytest.fixture
def busy(client, admin_token):
    """Capacity 2 with a waiting list: three signups, then the first cancels (the third moves up)."""
    make_event(client, admin_token, capacity=2)
    for n in range(3):
        assert signup(client, EID, **person(n)).status_code == 201
    rid = registration_id(EID, person(0)["email"])
    assert client.http.post(f"/events/{EID}/registrations/{rid}/cancel", body="{}",
                            headers={**bearer(admin_token), **JSON}).status_code == 200


def test_the_organiser_hears_what_changed(client, busy, ses):
    at = due_time()
    assert digest.request_due(at) == 1
    assert [outcome for _, kind, outcome in send_digests()] == ["sent"]
    [mail] = digests_to_organiser(ses)
    text = mail.get_body(("plain",)).get_content()
    assert mail["Subject"] == "Dagoverzicht: Lerende ambtenaren versnellen circulaire…"     # within 60 characters
    assert "- 3 nieuwe aanmeldingen" in text
    assert "- 1 afmelding" in text
    assert "- 0 op de wachtlijst" in text
    assert "- 0 plekken over" in text
    assert f"https://signup.test/organiser/events/{EID}" in text
    assert mail["List-Unsubscribe"] == f"<{digest.off_url(EID)}>"      # one click in the mail program
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    day = at.astimezone(digest.ZoneInfo("Europe/Amsterdam")).date().isoformat()
    assert store.digests.get_digest(EID, day)["email_status"] == "sent"


def test_the_digest_is_in_the_events_language(client, admin_token, ses):
    make_event(client, admin_token, locales=["en", "nl"])
    assert signup(client, EID, **person(1)).status_code == 201
    digest.request_due(due_time())
    send_digests()
    [mail] = digests_to_organiser(ses)
    assert mail["Subject"] == "Daily summary: Learning civil servants speed up the…"
    assert "- 1 new signup" in mail.get_body(("plain",)).get_content()


def test_at_most_one_digest_a_day(client, busy, ses):
    at = due_time()
    assert digest.request_due(at) == 1
    assert digest.request_due(at) == 0                      # the next one is due tomorrow
    assert signup(client, EID, **person(5)).status_code == 201
    store.digests.advance_digest_schedule(EID, at - timedelta(minutes=1))   # due again, the same day
    assert digest.request_due(at + timedelta(minutes=5)) == 0
    send_digests()
    send_digests()                                          # a redelivered batch sends nothing twice
    assert len(digests_to_organiser(ses)) == 1


def test_the_next_day_counts_from_the_last_digest(client, busy, ses):
    first = due_time()
    digest.request_due(first)
    # the test's clock runs ahead of the store's: the first digest counted up to this moment
    store.digests.advance_digest_schedule(EID, first + timedelta(days=1), since=datetime.now(timezone.utc))
    assert signup(client, EID, **person(5)).status_code == 201
    assert digest.request_due(first + timedelta(days=1)) == 1
    send_digests()
    lines = digests_to_organiser(ses)[-1].get_body(("plain",)).get_content().splitlines()
    assert "- 1 nieuwe aanmelding" in lines
    assert "- 0 afmeldingen" in lines
    assert "- 1 op de wachtlijst" in lines


def test_no_digest_when_nothing_changed(client, admin_token, ses):
    make_event(client, admin_token)
    assert digest.request_due(due_time()) == 0
    assert send_digests() == []
    assert digests_to_organiser(ses) == []


@pytest.mark.parametrize("change", [{"digest": False}, {"registration_open": False}])
def test_no_digest_when_it_is_off_or_registration_is_closed(client, busy, admin_token, ses, change):
    assert client.http.patch(f"/events/{EID}", body=json.dumps(change),
                             headers={**bearer(admin_token), **JSON}).status_code == 200
    assert digest.request_due(due_time()) == 0
    assert digests_to_organiser(ses) == []


def test_a_send_that_fails_for_now_is_retried_and_recorded(client, busy, ses, faults):
    from chalicelib.outbox import RetryBatch
    at = due_time()
    digest.request_due(at)
    faults.fail("throttled", service="sesv2")
    with pytest.raises(RetryBatch):
        send_digests()
    faults.stop()
    day = at.astimezone(digest.ZoneInfo("Europe/Amsterdam")).date().isoformat()
    assert store.digests.get_digest(EID, day)["email_status"] == "queued"
    assert sorted(outcome for _, _, outcome in send_digests()) == ["sent"]
    assert store.digests.get_digest(EID, day)["email_status"] == "sent"
    assert len(digests_to_organiser(ses)) == 1


def test_a_send_ses_refuses_is_recorded_as_failed(client, busy, ses, monkeypatch):
    from chalicelib import emails

    def refuse(message, **kwargs):
        raise emails.PermanentSendError("MessageRejected: no")
    monkeypatch.setattr(emails, "send", refuse)
    at = due_time()
    digest.request_due(at)
    assert [outcome for _, _, outcome in send_digests()] == ["failed"]
    day = at.astimezone(digest.ZoneInfo("Europe/Amsterdam")).date().isoformat()
    assert store.digests.get_digest(EID, day)["email_status"] == "failed"
    assert store.digests.get_digest(EID, day)["email_error"].startswith("MessageRejected")


# ---------------------------------------------------------------- one click to turn it off

def off_path(ses):
    digest.request_due(due_time())
    send_digests()
    text = digests_to_organiser(ses)[-1].get_body(("plain",)).get_content()
    return re.search(r"https://signup\.test(/digest/[A-Za-z0-9_.-]+)", text).group(1)


def test_the_link_asks_first_then_turns_the_digest_off(client, busy, admin_token, ses):
    path = off_path(ses)
    page = client.http.get(path)
    assert page.status_code == 200
    assert "Ja, zet de dagelijkse mail uit" in page.body.decode()
    definition = lambda: json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)  # noqa: E731
    assert definition()["digest"] is True                   # a scanner that opens the link turns nothing off
    done = client.http.post(path, body="", headers=FORM)
    assert done.status_code == 200
    assert "staat uit" in done.body.decode()
    assert definition()["digest"] is False


def test_one_click_unsubscribe_turns_it_off(client, busy, admin_token, ses):
    path = off_path(ses)
    assert client.http.post(path, body="List-Unsubscribe=One-Click", headers=FORM).status_code == 200
    assert store.events.get_definition(EID)["digest"] is False


def test_a_tampered_or_foreign_link_is_404(client, busy):
    from chalicelib import tokens
    assert client.http.get("/digest/nonsense").status_code == 404
    attendee_token = tokens.sign(EID, "x")
    assert client.http.post(f"/digest/{attendee_token}", body="", headers=FORM).status_code == 404
    assert store.events.get_definition(EID)["digest"] is True


# ---------------------------------------------------------------- the setting

def test_the_setting_is_on_by_default_and_can_be_changed(client, admin_token):
    make_event(client, admin_token)
    get = lambda: json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)  # noqa: E731
    assert get()["digest"] is True
    client.http.patch(f"/events/{EID}", body=json.dumps({"digest": False}), headers={**bearer(admin_token), **JSON})
    assert get()["digest"] is False
    bad = client.http.patch(f"/events/{EID}", body=json.dumps({"digest": "nee"}),
                            headers={**bearer(admin_token), **JSON})
    assert bad.status_code == 400
    assert list(json.loads(bad.body)["fields"]) == ["digest"]


def test_the_editor_has_the_checkbox(client, admin_token, ses):
    from organiser_pages import form_fields, post_form
    from test_organisers import sign_in
    make_event(client, admin_token)
    cookie = sign_in(client, ses)
    page = client.http.get(f"/organiser/events/{EID}/edit", headers={"Cookie": cookie}).body.decode()
    fields = form_fields(page)
    assert fields["digest"] == "on"
    fields.pop("digest")
    answer = post_form(client, f"/organiser/events/{EID}/edit", fields, cookie, action="save")
    assert answer.status_code == 303
    assert store.events.get_definition(EID)["digest"] is False
    new = client.http.get("/organiser/events/new", headers={"Cookie": cookie}).body.decode()
    assert form_fields(new)["digest"] == "on"


def test_the_schedule_runs_in_its_own_function(client, busy, ses, monkeypatch):
    import chalicelib.blueprints.workers as workers
    at = due_time()
    monkeypatch.setattr(workers, "now", lambda: at)
    client.lambda_.invoke("send_digests", client.events.generate_cw_event("aws.events", "Scheduled Event", {}, []))
    send_digests()
    assert len(digests_to_organiser(ses)) == 1
