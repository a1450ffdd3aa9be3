"""The words of the mails (issue 28 item 6): the organiser writes the opening of the confirmation,
waiting-list and reminder mails per event (nl and en), sees a preview of the real mails, and
chooses when reminders go."""
import json
import re
from email import message_from_bytes, policy

import pytest
from conftest import DEMO_EVENT, DEMO_ORG, bearer, event_model, make_event, person, run_email_worker, signup
from test_roles import session_of

EID = DEMO_EVENT["id"]
BEHEERDER = DEMO_ORG["members"][0]["email"]
OPENINGS = {"confirmation_opening": {"nl": "Fijn dat je komt!\nNeem je laptop mee.", "en": "Great that you are coming!"},
            "waitlist_opening": {"nl": "Helaas is het vol.", "en": "Sorry, it is full."},
            "reminder_opening": {"nl": "Tot morgen in Utrecht.", "en": "See you tomorrow in Utrecht."}}


def sent():
    from moto.ses.models import ses_backends
    return [message_from_bytes(m.raw_data.encode(), policy=policy.default)
            for m in ses_backends["123456789012"]["eu-west-1"].sent_messages]


def text_of(mail):
    return mail.get_body(("plain",)).get_content().replace("\r\n", "\n")


def definition(client, admin_token):
    return json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)


def test_the_openings_are_stored_and_given_back(client, admin_token):
    make_event(client, admin_token, **OPENINGS, reminder_hours_before=[2, 24])
    stored = definition(client, admin_token)
    assert {k: stored[k] for k in OPENINGS} == OPENINGS
    assert stored["reminder_hours_before"] == [24, 2]


@pytest.mark.parametrize("field, value, key", [
    ("confirmation_opening", {"nl": "x" * 1001}, "too_long"),
    ("waitlist_opening", {"nl": "Helaas\u202e vol"}, "control_chars"),
    ("reminder_opening", {"en": "See you\u200b soon"}, "control_chars"),
    ("reminder_opening", {"fr": "À demain"}, "invalid"),
    ("reminder_hours_before", [24, 24], "reminder_hours"),
    ("reminder_hours_before", [0], "reminder_hours"),
    ("reminder_hours_before", [1, 2, 3, 4], "reminder_hours"),
    ("reminder_hours_before", ["24"], "reminder_hours"),
])
def test_a_bad_opening_or_reminder_time_is_a_400_naming_it(client, admin_token, field, value, key):
    from chalicelib import error_copy
    body = {**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, field: value}
    answer = client.http.put(f"/events/{EID}", body=json.dumps(body),
                             headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert answer.status_code == 400
    assert json.loads(answer.body)["fields"] == {field: error_copy.field_message(key, "nl", field)}


def test_the_confirmation_mail_opens_with_the_organisers_words_and_keeps_the_fixed_parts(client, admin_token):
    make_event(client, admin_token, **OPENINGS)
    assert signup(client, EID, **person(1)).status_code == 201
    assert signup(client, EID, **{**person(2), "locale": "en"}).status_code == 201
    run_email_worker(client)
    dutch, english = sent()
    text = text_of(dutch)
    assert "Fijn dat je komt!\nNeem je laptop mee." in text
    assert "is bevestigd. Er is een plek voor je" not in text          # the opening is replaced
    assert "De agenda-uitnodiging zit als bijlage bij deze e-mail." in text   # the fixed parts stay
    assert "/registrations/" in text
    assert [p.get_filename() for p in dutch.iter_attachments()] == ["invite.ics"]
    html = dutch.get_body(("html",)).get_content()
    assert re.search(r"<p[^>]*>Fijn dat je komt!<br>Neem je laptop mee\.</p>", html)
    assert "Great that you are coming!" in text_of(english)


def test_the_opening_is_plain_text_in_the_html_part(client, admin_token):
    make_event(client, admin_token, confirmation_opening={"nl": "<b>Welkom</b> & <script>x()</script>"})
    assert signup(client, EID, **person(1)).status_code == 201
    run_email_worker(client)
    html = sent()[0].get_body(("html",)).get_content()
    assert "&lt;b&gt;Welkom&lt;/b&gt; &amp; &lt;script&gt;" in html and "<script>" not in html


def test_the_waiting_list_mail_keeps_the_number(client, admin_token):
    make_event(client, admin_token, capacity=1, waitlist_enabled=True, **OPENINGS)
    signup(client, EID, **person(1))
    signup(client, EID, **person(2))
    run_email_worker(client)
    waiting = [m for m in sent() if m["Subject"].startswith("Wachtlijst")]
    assert "Helaas is het vol." in text_of(waiting[0])
    assert "Je bent nummer 1 op de wachtlijst." in text_of(waiting[0])


def test_without_an_opening_english_attendees_get_our_english_not_the_dutch(client, admin_token):
    make_event(client, admin_token, confirmation_opening={"nl": "Alleen Nederlands."})
    signup(client, EID, **{**person(2), "locale": "en"})
    run_email_worker(client)
    text = text_of(sent()[0])
    assert "Alleen Nederlands." not in text and "confirmed" in text


# ---------------------------------------------------------------- when reminders go

def remind_at(now):
    from chalicelib import signups
    return signups.remind_due(now)


def test_two_reminders_go_one_day_and_two_hours_before(client, admin_token):
    make_event(client, admin_token, reminder_hours_before=[24, 2], **OPENINGS)
    signup(client, EID, **person(1))
    run_email_worker(client)
    starts = event_model().starts_at
    from datetime import timedelta
    assert remind_at(starts - timedelta(hours=25)) == 0
    assert remind_at(starts - timedelta(hours=23)) == 1
    assert remind_at(starts - timedelta(hours=22)) == 0          # once
    run_email_worker(client)
    assert remind_at(starts - timedelta(hours=1)) == 1
    assert remind_at(starts - timedelta(minutes=30)) == 0
    run_email_worker(client)
    reminders = [m for m in sent() if "Tot morgen in Utrecht." in text_of(m)]
    assert len(reminders) == 2
    assert reminders[0]["Subject"].startswith(("Vandaag: ", "Morgen: ", "Binnenkort: "))   # by the worker's clock


def test_no_reminders_when_the_list_is_empty(client, admin_token):
    from datetime import timedelta
    make_event(client, admin_token, reminder_hours_before=[])
    signup(client, EID, **person(1))
    starts = event_model().starts_at
    assert remind_at(starts - timedelta(minutes=5)) == 0


@pytest.mark.parametrize("hours_before, subject", [(3, "Vandaag: "), (30, "Morgen: "), (24 * 5, "Binnenkort: ")])
def test_the_reminders_subject_says_when(hours_before, subject):
    from datetime import timedelta

    from chalicelib import emails
    from chalicelib.models import Registration
    event = event_model()
    now = event.starts_at - timedelta(hours=hours_before)
    reg = Registration(id="r", event_id=event.id, status="confirmed", name="A", email="a@example.org", locale="nl")
    mail = emails.render("reminder", event, reg, {"manage_url": "https://signup.test/r"},
                         {"days_before": emails.days_before(event, now)})
    assert mail.subject.startswith(subject)


# ---------------------------------------------------------------- the editor and its preview

def editor_form(client, cookie):
    from organiser_pages import form_fields      # what a browser sends: unticked boxes left out
    page = client.http.get(f"/organiser/events/{EID}/edit", headers={"Cookie": cookie}).body.decode()
    return page, form_fields(page)


def test_the_editor_shows_the_fields_and_the_preview_renders_the_real_mails(client, admin_token):
    from urllib.parse import urlencode
    make_event(client, admin_token)
    cookie, csrf = session_of(BEHEERDER)
    page, fields = editor_form(client, cookie)
    assert 'id="confirmation_opening_nl"' in page and 'id="reminder_hours_before"' in page
    fields.update(csrf=csrf, action="preview_mails", confirmation_opening_nl="Fijn dat je komt!",
                  confirmation_opening_en="Great that you are coming!", reminder_opening_nl="Tot morgen!")
    answer = client.http.post(f"/organiser/events/{EID}/edit", body=urlencode(fields),
                              headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    preview = answer.body.decode()
    assert answer.status_code == 200
    assert preview.count('class="mail-preview"') == 3 * len(DEMO_EVENT["locales"])
    assert "Fijn dat je komt!" in preview and "Great that you are coming!" in preview and "Tot morgen!" in preview
    assert "De agenda-uitnodiging zit als bijlage bij deze e-mail." in preview      # the real template
    assert "Aangemeld: " in preview                                                # its real subject
    assert "Je bent nummer 3 op de wachtlijst." in preview      # the sample person waits third
    assert "Morgen: " in preview                                # the reminder of the day before
    assert "confirmation_opening" not in definition(client, admin_token)           # nothing saved


def test_a_preview_with_a_bidi_control_names_the_field(client, admin_token):
    from urllib.parse import urlencode
    make_event(client, admin_token)
    cookie, csrf = session_of(BEHEERDER)
    _, fields = editor_form(client, cookie)
    fields.update(csrf=csrf, action="preview_mails", waitlist_opening_nl="Helaas\u202e vol")
    answer = client.http.post(f"/organiser/events/{EID}/edit", body=urlencode(fields),
                              headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 400
    assert 'href="#waitlist_opening_nl"' in answer.body.decode()


def test_saving_in_the_editor_stores_the_openings_and_reminder_times(client, admin_token):
    from urllib.parse import urlencode
    make_event(client, admin_token)
    cookie, csrf = session_of(BEHEERDER)
    _, fields = editor_form(client, cookie)
    fields.update(csrf=csrf, action="save", reminder_opening_nl="Tot straks!", reminder_hours_before="24, 2")
    answer = client.http.post(f"/organiser/events/{EID}/edit", body=urlencode(fields),
                              headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 303, answer.body.decode()[:3000]
    stored = definition(client, admin_token)
    assert stored["reminder_opening"] == {"nl": "Tot straks!"}
    assert stored["reminder_hours_before"] == [24, 2]
    page, _ = editor_form(client, cookie)
    assert 'value="24, 2"' in page
