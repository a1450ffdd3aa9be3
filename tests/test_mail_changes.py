"""Mails about changes, as the attendee receives them: a moved event, who cancelled, and the
one-click stop of the organiser's messages (issue 22 items 17-18, issue 24 item 1)."""
import json
import re
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib import signups, store
from conftest import DEMO_EVENT, bearer, make_event
from test_outbox import drain, join, sent, stream, to, work  # noqa: F401  (stream is a fixture)

EID = DEMO_EVENT["id"]
TITLE = DEMO_EVENT["title"]["nl"]
MOVED = {"starts_at": "2026-12-16T14:00:00+01:00", "ends_at": "2026-12-16T18:00:00+01:00",
         "location": {"nl": "Stadhuis Utrecht, zaal 2"}}


def patch(client, token, body):
    return client.http.request("PATCH", f"/events/{EID}", body=json.dumps(body),
                               headers={**bearer(token), "Content-Type": "application/json"})


def invite(mail) -> str:
    (part,) = [p for p in mail.iter_attachments() if p.get_filename() == "invite.ics"]
    return part.get_content() if isinstance(part.get_content(), str) else part.get_content().decode()


def ics_field(ics: str, name: str) -> str:
    """A property of the VEVENT (or, for METHOD, of the calendar), unfolded."""
    unfolded = ics.replace("\r\n ", "")
    part = unfolded if name == "METHOD" else unfolded.split("BEGIN:VEVENT", 1)[1]
    return re.search(rf"^{name}[;:](.*)$", part, re.M).group(1).strip()


def text(mail) -> str:
    return mail.get_body(("plain",)).get_content()


def download(client, reg) -> str:
    token = signups.manage_url(EID, reg.id).rsplit("/", 1)[1]
    answer = client.http.get(f"/registrations/{token}/calendar.ics")
    assert answer.status_code == 200
    return answer.body.decode() if isinstance(answer.body, bytes) else answer.body


@pytest.fixture
def everyone(client, admin_token, stream):  # noqa: F811
    """Capacity 2 with double opt-in: one confirmed, one pending, one waiting, one cancelled;
    their own mails sent. Returns them in that order."""
    make_event(client, admin_token, capacity=2, waitlist_enabled=True, double_opt_in=True)
    confirmed, pending, waiting, gone = join(client, 1), join(client, 2), join(client, 3), join(client, 4)
    confirmed = signups.confirm(confirmed)
    signups.cancel(gone)
    work(stream)
    return [store.roster.get_registration(EID, r.id) for r in (confirmed, pending, waiting, gone)]


# --- 22.17: a moved event reaches every calendar -------------------------------------

def test_a_move_mails_every_registered_person_once_with_the_same_uid_and_a_higher_sequence(
        client, admin_token, everyone, stream):  # noqa: F811
    first_invites = {to(m): invite(m) for m in sent()}
    already = len(sent())

    assert patch(client, admin_token, MOVED).status_code == 200
    outcomes = work(stream)

    assert sorted(kind for _, kind, _ in outcomes) == ["updated"] * 3
    mails = sent()[already:]
    assert sorted(to(m) for m in mails) == sorted(r.email for r in everyone[:3])
    for mail in mails:
        assert mail["Subject"] == f"Gewijzigd: {TITLE}"
        body = text(mail)
        assert "Eerst: woensdag 9 december 2026, van 13.00 tot 17.00 uur" in body
        assert "Nu: woensdag 16 december 2026, van 14.00 tot 18.00 uur" in body
        assert "Nu: Stadhuis Utrecht, zaal 2" in body
        ics = invite(mail)
        old = first_invites[to(mail)]
        assert ics_field(ics, "METHOD") == "REQUEST"
        assert ics_field(ics, "UID") == ics_field(old, "UID")
        assert int(ics_field(ics, "SEQUENCE")) == int(ics_field(old, "SEQUENCE")) + 1
        assert ics_field(ics, "DTSTART").endswith("20261216T140000")


def test_the_download_matches_the_update_mail(client, admin_token, everyone, stream):  # noqa: F811
    already = len(sent())
    patch(client, admin_token, MOVED)
    work(stream)
    confirmed = store.roster.get_registration(EID, everyone[0].id)
    (mail,) = [m for m in sent()[already:] if to(m) == confirmed.email]
    ics = download(client, confirmed)
    for name in ("UID", "SEQUENCE", "DTSTART", "LOCATION", "METHOD"):
        assert ics_field(ics, name) == ics_field(invite(mail), name), name


def test_a_redelivered_move_sends_nothing_twice(client, admin_token, everyone, stream):  # noqa: F811
    from chalicelib import outbox
    already = len(sent())
    patch(client, admin_token, MOVED)
    records = drain(stream)
    outbox.handle(records, sleep=lambda s: None)
    again = outbox.handle(records, sleep=lambda s: None)
    assert [outcome for _, kind, outcome in again if kind == "updated"] == ["duplicate"] * 3
    assert len(sent()) - already == 3


def test_a_second_move_is_a_second_mail_with_a_higher_sequence_still(client, admin_token, everyone, stream):  # noqa: F811
    patch(client, admin_token, MOVED)
    work(stream)
    already = len(sent())
    patch(client, admin_token, {"location": {"nl": "Stadhuis Utrecht, zaal 3"}})
    work(stream)
    mails = [m for m in sent()[already:] if to(m) == everyone[0].email]
    assert len(mails) == 1
    assert ics_field(invite(mails[0]), "SEQUENCE") == str(everyone[0].sequence + 2)
    assert "Eerst: Stadhuis Utrecht, zaal 2" in text(mails[0]) and "Wanneer" not in text(mails[0]).split("Wat:")[0]


def test_notify_attendees_false_mails_nobody_but_the_download_still_moves_on(client, admin_token, everyone,
                                                                            stream):  # noqa: F811
    already = len(sent())
    assert patch(client, admin_token, {**MOVED, "notify_attendees": False}).status_code == 200
    assert work(stream) == []
    assert len(sent()) == already
    ics = download(client, everyone[0])
    assert ics_field(ics, "SEQUENCE") == str(everyone[0].sequence + 1)
    assert "notify_attendees" not in client.http.get(f"/events/{EID}/definition",
                                                     headers=bearer(admin_token)).body.decode()


def test_a_whole_definition_with_notify_attendees_null_mails_the_move_as_if_not_given(client, admin_token, everyone,
                                                                                     stream):  # noqa: F811
    stored = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    body = {**{k: v for k, v in stored.items() if k != "id"}, **MOVED, "notify_attendees": None}
    assert client.http.put(f"/events/{EID}", body=json.dumps(body),
                           headers={**bearer(admin_token), "Content-Type": "application/json"}).status_code == 200
    work(stream)
    mailed = {to(mail) for mail in sent() if "zaal 2" in text(mail)}
    assert mailed == {person.email for person in everyone[:3]}


def test_a_change_of_title_alone_mails_nobody(client, admin_token, everyone, stream):  # noqa: F811
    patch(client, admin_token, {"title": {"nl": "Circulaire economie: de vervolgbijeenkomst"}})
    assert work(stream) == []


@pytest.mark.parametrize("value", ["nee", 0, None, [False]])
def test_notify_attendees_must_be_true_or_false(client, admin_token, everyone, value):
    body = {**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, "notify_attendees": value}
    answer = client.http.put(f"/events/{EID}", body=json.dumps(body),
                             headers={**bearer(admin_token), "Content-Type": "application/json"})
    if value is None:       # null is "not given", as everywhere in a definition
        assert answer.status_code == 200
        return
    assert answer.status_code == 400
    assert list(json.loads(answer.body)["fields"]) == ["notify_attendees"]


def test_the_editor_says_how_many_people_a_move_tells_and_can_send_none(client, everyone, stream):  # noqa: F811
    from organiser_pages import form_fields, post_form
    from test_organisers import sign_in
    from moto.ses.models import ses_backends
    cookie = sign_in(client, ses_backends["123456789012"]["eu-west-1"])
    drain(stream)
    page = client.http.get(f"/organiser/events/{EID}/edit", headers={"Cookie": cookie}).body.decode()
    assert "Dan krijgen 3 deelnemers een e-mail over de wijziging" in page
    assert 'name="no_move_mail"' in page
    fields = {**form_fields(page), "start_date": "2026-12-16", "end_date": "2026-12-16"}
    already = len(sent())

    answer = post_form(client, f"/organiser/events/{EID}/edit", fields, cookie, no_move_mail="on", action="save")

    assert answer.status_code == 303
    assert signups.get_event(EID).starts_at.day == 16
    assert [kind for _, kind, _ in work(stream) if kind == "updated"] == []
    assert len(sent()) == already


def test_the_editor_sends_the_update_unless_told_not_to(client, everyone, stream):  # noqa: F811
    from organiser_pages import form_fields, post_form
    from test_organisers import sign_in
    from moto.ses.models import ses_backends
    cookie = sign_in(client, ses_backends["123456789012"]["eu-west-1"])
    drain(stream)
    page = client.http.get(f"/organiser/events/{EID}/edit", headers={"Cookie": cookie}).body.decode()
    fields = {**form_fields(page), "start_date": "2026-12-16", "end_date": "2026-12-16"}
    post_form(client, f"/organiser/events/{EID}/edit", fields, cookie, action="save")
    assert [kind for _, kind, _ in work(stream) if kind == "updated"] == ["updated"] * 3


# --- 24.1: the cancellation mail says who cancelled ------------------------------------

def test_an_attendee_who_cancels_is_told_they_did(client, admin_token, stream):  # noqa: F811
    make_event(client, admin_token)
    reg = join(client, 1)
    token = signups.manage_url(EID, reg.id).rsplit("/", 1)[1]
    assert client.http.post(f"/registrations/{token}/cancel").status_code == 200
    work(stream)
    mail = sent()[-1]
    assert mail["Subject"] == f"Afgemeld: {TITLE}"
    assert f"Je hebt je afgemeld voor {TITLE}." in text(mail)
    assert "organisator heeft" not in text(mail)
    assert store.roster.get_registration(EID, reg.id).cancelled_by == "attendee"


def test_an_attendee_whom_the_organiser_cancelled_is_told_so_and_whom_to_ask(client, admin_token, stream):  # noqa: F811
    make_event(client, admin_token)
    reg = join(client, 1)
    answer = client.http.post(f"/events/{EID}/registrations/{reg.id}/cancel", headers=bearer(admin_token))
    assert answer.status_code == 200
    work(stream)
    mail = sent()[-1]
    body = text(mail)
    assert f"De organisator heeft je afgemeld voor {TITLE}." in body
    assert f"Heb je vragen? Mail dan naar {DEMO_EVENT['organiser']['email']}." in body
    assert "Je hebt je afgemeld" not in body and "niet zelf afgemeld" not in body
    assert f"The organiser has cancelled your registration for {DEMO_EVENT['title']['en']}." in _english(reg)
    assert store.roster.get_registration(EID, reg.id).cancelled_by == "organiser"


def _english(reg):
    from dataclasses import replace

    from chalicelib import emails
    reg = replace(store.roster.get_registration(EID, reg.id), locale="en")
    return emails.render("cancelled", signups.get_event(EID), reg, {"manage_url": "https://signup.test/r"}).text


def test_an_unconfirmed_hold_that_lapses_gets_a_cancel_that_says_why(client, admin_token, stream):  # noqa: F811
    make_event(client, admin_token, double_opt_in=True)
    reg = join(client, 1)
    work(stream)
    assert signups.expire_due(datetime.now(timezone.utc) + timedelta(days=3)) == 1
    assert [(kind, outcome) for _, kind, outcome in work(stream)] == [("cancelled", "sent")]
    mail = sent()[-1]
    assert f"Je hebt je aanmelding voor {TITLE} niet op tijd bevestigd. Daarom ben je afgemeld." in text(mail)
    assert ics_field(invite(mail), "METHOD") == "CANCEL"
    assert store.roster.get_registration(EID, reg.id).cancelled_by == "expiry"


# --- 22.18: the organiser's message is a bulk mail with a one-click stop ----------------

def post_message(client, token, subject="Andere zaal"):
    body = {"subject": subject, "body": "We zitten in zaal 3.", "to": ["confirmed"]}
    return client.http.post(f"/events/{EID}/messages", body=json.dumps(body),
                            headers={**bearer(token), "Content-Type": "application/json"})


@pytest.fixture
def two(client, admin_token, stream):  # noqa: F811
    make_event(client, admin_token, capacity=5)
    people = [join(client, 1), join(client, 2)]
    work(stream)
    return people


def test_a_message_carries_a_one_click_list_unsubscribe(client, admin_token, two, stream):  # noqa: F811
    already = len(sent())
    post_message(client, admin_token)
    work(stream)
    mail = [m for m in sent()[already:] if to(m) == two[0].email][0]
    url = re.fullmatch(r"<(https://signup\.test/unsubscribe/[A-Za-z0-9_.-]+)>", str(mail["List-Unsubscribe"])).group(1)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in text(mail)        # the footer's stop link is the same one
    assert f'href="{url}"' in mail.get_body(("html",)).get_content()


def test_registration_mails_carry_no_list_unsubscribe(client, admin_token, two):
    assert all(m["List-Unsubscribe"] is None for m in sent())


def test_one_click_stops_the_organisers_messages_but_not_the_registration_mails(client, admin_token, two, stream):  # noqa: F811
    already = len(sent())
    post_message(client, admin_token)
    work(stream)
    mail = [m for m in sent()[already:] if to(m) == two[0].email][0]
    path = str(mail["List-Unsubscribe"]).strip("<>").removeprefix("https://signup.test")

    page = client.http.get(path)
    assert page.status_code == 200 and "<form" in page.body.decode()
    assert store.roster.get_registration(EID, two[0].id).messages_off_at is None     # a GET changes nothing

    answer = client.http.post(path, body="List-Unsubscribe=One-Click",
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 200
    assert store.roster.get_registration(EID, two[0].id).messages_off_at is not None
    assert work(stream) == []       # the stamp itself sends nothing

    already = len(sent())
    answer = post_message(client, admin_token, "Nog een bericht")
    assert json.loads(answer.body)["recipients"] == 1
    assert [outcome for _, _, outcome in work(stream)] == ["sent"]
    assert [to(m) for m in sent()[already:]] == [two[1].email]

    signups.cancel(store.roster.get_registration(EID, two[0].id))
    work(stream)
    assert to(sent()[-1]) == two[0].email and sent()[-1]["Subject"] == f"Afgemeld: {TITLE}"


def test_a_stop_between_queueing_and_sending_is_honoured(client, admin_token, two, stream):  # noqa: F811
    from chalicelib import unsubscribe
    already = len(sent())
    assert json.loads(post_message(client, admin_token).body)["recipients"] == 2
    token = unsubscribe.url(EID, two[0].id).rsplit("/", 1)[1]
    unsubscribe.stop(token, datetime.now(timezone.utc))
    assert sorted(outcome for _, _, outcome in work(stream)) == ["sent", "skipped"]
    assert [to(m) for m in sent()[already:]] == [two[1].email]


def test_a_tampered_or_attendee_token_is_no_unsubscribe_link(client, two):
    attendee_token = signups.manage_url(EID, two[0].id).rsplit("/", 1)[1]
    assert client.http.post(f"/unsubscribe/{attendee_token}").status_code == 404
    assert client.http.get("/unsubscribe/0.abc.def").status_code == 404
