"""The edges of a mail (chalicelib/emails.py) that an attendee or an organiser notices: the days in
its subject and footer in the event's own time zone (summer and winter), the subject's length, which
mails carry an invite, which answers of SES are tried again, and a service mail's short lines."""
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
from botocore.exceptions import ClientError

from chalicelib import aws, emails
from chalicelib.config import settings
from conftest import event_model
from test_emails import MANAGE, SENDER, failing, registration, ses  # noqa: F401 (ses: a fixture)

AMS = ZoneInfo("Europe/Amsterdam")
UTC = timezone.utc


def parsed(msg):
    return message_from_bytes(msg.as_bytes(), policy=policy.default)


def text_of(msg) -> str:
    return parsed(msg).get_body(preferencelist=("plain",)).get_content()


def attachments(msg) -> list:
    return [part.get_filename() for part in parsed(msg).iter_attachments()]


def build(kind, event=None, reg=None, extra=None, **links):
    return emails.build_message(kind, event or event_model(), reg or registration(), {"manage_url": MANAGE, **links},
                                SENDER, extra)


# --- days in the event's own zone ---------------------------------------------------

@pytest.mark.parametrize("starts, now, subject", [
    # winter: 00:30 on 9 December in Amsterdam is 23:30 UTC on the 8th; at 23:30 on the 8th it is tomorrow
    (datetime(2026, 12, 8, 23, 30, tzinfo=UTC), datetime(2026, 12, 8, 22, 30, tzinfo=UTC), "Morgen:"),
    # summer (UTC+2): 01:00 on 10 July is 23:00 UTC on the 9th; at 23:30 on the 9th in Amsterdam it is tomorrow
    (datetime(2026, 7, 9, 23, 0, tzinfo=UTC), datetime(2026, 7, 9, 21, 30, tzinfo=UTC), "Morgen:"),
    # the same moment of the day before the event, in the morning: still tomorrow, not the day after
    (datetime(2026, 12, 9, 12, 0, tzinfo=UTC), datetime(2026, 12, 8, 7, 0, tzinfo=UTC), "Morgen:"),
    (datetime(2026, 12, 9, 12, 0, tzinfo=UTC), datetime(2026, 12, 9, 7, 0, tzinfo=UTC), "Vandaag:"),
])
def test_the_reminder_counts_days_in_the_events_zone(starts, now, subject):
    # a start stored at a fixed offset (UTC), as the API may take it: the day is still Amsterdam's
    event = event_model(starts_at=starts, ends_at=starts + timedelta(hours=3))
    msg = build("reminder", event, extra={"days_before": emails.days_before(event, now)})
    assert msg["Subject"].startswith(subject)


def test_a_meeting_of_two_days_is_counted_from_its_first_day():
    starts = datetime(2026, 12, 9, 13, 0, tzinfo=AMS)
    event = event_model(starts_at=starts, ends_at=starts + timedelta(days=1))
    now = datetime(2026, 12, 8, 9, 0, tzinfo=AMS)
    assert build("reminder", event, extra={"days_before": emails.days_before(event, now)})["Subject"].startswith("Morgen:")


@pytest.mark.parametrize("hold_until, day", [
    (datetime(2026, 12, 1, 23, 30, tzinfo=UTC), "2 december"),     # winter: 00:30 on the 2nd in Amsterdam
    (datetime(2026, 7, 1, 22, 30, tzinfo=UTC), "2 juli"),          # summer: 00:30 on 2 July in Amsterdam
])
def test_the_confirm_before_day_is_the_events_day(hold_until, day):
    msg = build("pending", reg=replace(registration(), status="pending", hold_until=hold_until))
    assert msg["Subject"].startswith(f"Bevestig vóór {day}:")


@pytest.mark.parametrize("moment, day", [
    (datetime(2027, 1, 8, 23, 30, tzinfo=UTC), "9 januari 2027"),     # winter
    (datetime(2027, 7, 8, 22, 30, tzinfo=UTC), "9 juli 2027"),        # summer
])
def test_the_footer_names_the_day_the_data_goes_in_the_events_zone(moment, day):
    reg = replace(registration(), expires_at=int(moment.timestamp()))
    assert f"We bewaren je gegevens tot {day}." in " ".join(text_of(build("registered", reg=reg)).split())


def test_without_an_expiry_the_footer_promises_no_day():
    assert "We bewaren je gegevens tot" not in text_of(build("registered", reg=replace(registration(), expires_at=None)))


# --- the subject's length -------------------------------------------------------------

def test_a_subject_of_sixty_one_characters_is_cut():
    title = "Bijeenkomst over " + "a" * 33      # "Aangemeld: " (11) + 50 = 61
    event = event_model(title={"nl": title + " circulair", "en": title})
    subject = build("registered", event)["Subject"]
    assert len(subject) <= 60 and subject.endswith("…")
    title = "Bijeenkomst over " + "a" * 32      # 60: fits whole
    assert build("registered", event_model(title={"nl": title}))["Subject"] == f"Aangemeld: {title}"


# --- the invite --------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["buddies", "follow_up", "follow_up_missed"])
def test_a_mail_after_the_meeting_carries_no_invite(kind):
    assert "invite.ics" not in attachments(build(kind))


@pytest.mark.parametrize("kind", ["registered", "reminder", "updated", "session_promoted", "promoted", "waitlisted"])
def test_a_mail_before_the_meeting_carries_the_invite(kind):
    assert "invite.ics" in attachments(build(kind, extra={"position": 2}))


def test_each_kind_by_its_name_is_a_mail():
    for kind in ("registered", "waitlisted", "pending", "promoted", "cancelled", "reminder", "already_registered",
                 "updated", "event_cancelled", "buddies", "follow_up", "follow_up_missed", "session_promoted"):
        assert build(kind, extra={"position": 2})["Subject"]


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        build("newsletter")


# --- what SES answers --------------------------------------------------------------

def client_error(code, status=400):
    return ClientError({"Error": {"Code": code, "Message": "nope"}, "ResponseMetadata": {"HTTPStatusCode": status}},
                       "SendEmail")


@pytest.mark.parametrize("code", ["ThrottlingException", "TooManyRequestsException", "LimitExceededException",
                                  "ServiceUnavailable", "InternalFailure", "InternalServerError"])
def test_a_busy_ses_is_tried_again_and_the_mail_goes(ses, monkeypatch, code):  # noqa: F811
    calls = failing(aws.sesv2(), [client_error(code)], monkeypatch)
    emails.send(build("registered"), sleep=lambda seconds: None)
    assert len(calls) == 2 and len(ses.sent_messages) == 1


@pytest.mark.parametrize("code", ["SendingPausedException", "ExpiredToken", "ExpiredTokenException", "AccessDenied",
                                  "AccessDeniedException", "UnrecognizedClientException", "InvalidClientTokenId"])
def test_a_paused_account_or_lost_permission_keeps_the_mail_for_later(ses, monkeypatch, code):  # noqa: F811
    calls = failing(aws.sesv2(), [client_error(code, status=403)], monkeypatch)
    with pytest.raises(emails.TransientSendError) as raised:
        emails.send(build("registered"), sleep=pytest.fail)
    assert len(calls) == 1 and ses.sent_messages == []
    assert code in str(raised.value) and code in raised.value.reason


@pytest.mark.parametrize("status, again", [(500, True), (503, True), (499, False)])
def test_a_server_error_of_ses_is_tried_again_and_a_refusal_not(ses, monkeypatch, status, again):  # noqa: F811
    calls = failing(aws.sesv2(), [client_error("SomethingNew", status=status)], monkeypatch)
    if again:
        emails.send(build("registered"), sleep=lambda seconds: None)
        assert len(ses.sent_messages) == 1
    else:
        with pytest.raises(emails.PermanentSendError) as raised:
            emails.send(build("registered"), sleep=pytest.fail)
        assert "SomethingNew" in str(raised.value)
    assert len(calls) == (2 if again else 1)


def test_the_waits_between_tries_double_up_to_five_seconds(ses, monkeypatch):  # noqa: F811
    monkeypatch.setenv("MAX_SEND_ATTEMPTS", "8")
    settings.cache_clear()
    monkeypatch.setattr(emails.random, "uniform", lambda low, high: (low, high))
    failing(aws.sesv2(), [client_error("ThrottlingException")] * 7, monkeypatch)
    sleeps = []
    emails.send(build("registered"), sleep=sleeps.append)
    assert sleeps == [(0, 0.2), (0, 0.4), (0, 0.8), (0, 1.6), (0, 3.2), (0, 5.0), (0, 5.0)]


def test_one_attempt_is_made_even_when_set_to_none(ses, monkeypatch):  # noqa: F811
    monkeypatch.setenv("MAX_SEND_ATTEMPTS", "0")
    settings.cache_clear()
    emails.send(build("registered"), sleep=pytest.fail)
    assert len(ses.sent_messages) == 1


# --- the headers ---------------------------------------------------------------------

def test_the_date_header_is_the_moment_given(ses):  # noqa: F811
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    msg = emails.build_message("registered", event_model(), registration(), {"manage_url": MANAGE}, SENDER, now=now)
    assert parsed(msg)["Date"].datetime == now
    notice = emails.build_notice("login", "marieke@example.org", "nl", {"link": "https://x.example/l", "minutes": 15},
                                 now=now)
    assert parsed(notice)["Date"].datetime == now
    assert parsed(notice)["Message-ID"].endswith("@" + settings().sender_email.rpartition("@")[2] + ">")


def test_without_a_moment_the_date_header_is_now(ses):  # noqa: F811
    before = datetime.now(UTC).replace(microsecond=0)
    for msg in (build("registered"), emails.build_notice("login", "marieke@example.org", "nl",
                                                         {"link": "https://x.example/l", "minutes": 15})):
        assert before <= parsed(msg)["Date"].datetime <= datetime.now(UTC)


def test_a_notice_has_a_text_and_an_html_part(ses):  # noqa: F811
    notice = parsed(emails.build_notice("login", "marieke@example.org", "nl", {"link": "https://x.example/l",
                                                                               "minutes": 15}))
    assert "https://x.example/l" in notice.get_body(preferencelist=("plain",)).get_content()
    assert "<html" in notice.get_body(preferencelist=("html",)).get_content().lower()


def test_a_notices_text_lines_stay_within_sixty_characters(ses):  # noqa: F811
    who = "x" * 50 + " abcdefghij"        # 61 with the space: wrapped at 60 it breaks after the x's
    notice = emails.build_notice("invitation", "marieke@example.org", "nl", {
        "invited_by": who, "organisation": "DuurzaamDoor", "role_label": "Beheerder", "role_description": "",
        "link": "https://x.example/l"})
    lines = text_of(notice).splitlines()
    assert "x" * 50 in lines and all(len(line) <= 60 for line in lines if "https://" not in line)


@pytest.mark.parametrize("essence, topic, limit, subject", [
    ("Aangemeld:", "a" * 49, 60, "Aangemeld: " + "a" * 49),                       # 60: whole
    ("Aangemeld:", "a" * 50, 60, "Aangemeld: " + "a" * 48 + "…"),                 # 61: one word, cut to fit
    ("Aangemeld:", "Lerende ambtenaren versnellen de circulaire economie in het hele land", 60,
     "Aangemeld: Lerende ambtenaren versnellen de circulaire…"),                   # cut after a whole word
    ("", "Lerende ambtenaren versnellen de circulaire economie in het hele land", 60,
     "Lerende ambtenaren versnellen de circulaire economie in het…"),              # no essence: no leading space
    ("Aangemeld:", "", 60, "Aangemeld:"),                                          # no topic: no trailing space
    ("Aangemeld:", "b" * 48 + " cc", 60, "Aangemeld: " + "b" * 48 + "…"),         # the word ends where room does
    ("Aangemeld:", "b" * 47 + " cc", 60, "Aangemeld: " + "b" * 47 + "…"),
    ("Aangemeld:", "b" * 40 + ", cccccccccccccc", 60, "Aangemeld: " + "b" * 40 + "…"),   # no comma before the …
    ("Aangemeld:", "x" * 100, 20, "Aangemeld: " + "x" * 8 + "…"),
    ("Aangemeld:", "twee woorden", 12, "Aangemeld: t…"),                           # at least one letter
    ("Aangemeld:  nu", "  twee   woorden ", 60, "Aangemeld: nu twee woorden"),     # spaces as one
])
def test_a_subject_is_the_essence_then_as_much_of_the_title_as_fits(essence, topic, limit, subject):
    assert emails.subject_line(essence, topic, limit) == subject


# --- what changed, in the update mail -------------------------------------------------

def changes_in(moved_from) -> str:
    event = event_model(location={"nl": "Stadskantoor Utrecht"})
    text = text_of(build("updated", event, extra={"moved_from": moved_from}))
    return " | ".join(line.strip() for line in text.split("gewijzigd.")[1].split("Je aanmelding blijft")[0].splitlines()
                      if line.strip())


@pytest.mark.parametrize("moved_from, shown", [
    ({"ends_at": "2026-12-09T16:00:00+01:00"},
     "Wanneer | Eerst: woensdag 9 december 2026, van 13.00 tot 16.00 uur | "
     "Nu: woensdag 9 december 2026, van 13.00 tot 17.00 uur"),
    ({"starts_at": "2026-12-09T12:00:00+01:00"},
     "Wanneer | Eerst: woensdag 9 december 2026, van 12.00 tot 17.00 uur | "
     "Nu: woensdag 9 december 2026, van 13.00 tot 17.00 uur"),
    ({"starts_at": "2026-12-09T12:00:00Z", "ends_at": "2026-12-09T16:00:00Z"}, ""),     # the same moments: no change
    ({"location": None}, "Waar | Eerst: - | Nu: Stadskantoor Utrecht"),
    ({"location": {"nl": "Stadhuis"}}, "Waar | Eerst: Stadhuis | Nu: Stadskantoor Utrecht"),
    ({"location": {"nl": "Stadskantoor Utrecht"}}, ""),
    ({"ends_at": "2026-12-09T16:00:00+01:00", "location": {"nl": "Stadhuis"}},
     "Wanneer | Eerst: woensdag 9 december 2026, van 13.00 tot 16.00 uur | "
     "Nu: woensdag 9 december 2026, van 13.00 tot 17.00 uur | Waar | Eerst: Stadhuis | Nu: Stadskantoor Utrecht"),
])
def test_the_update_mail_shows_what_changed_and_only_that(moved_from, shown):
    assert changes_in(moved_from) == shown


# --- found by mutation testing (issue 26): what a reader of the mail sees ----------------

@pytest.mark.parametrize("now, starts, subject", [
    # 23:30 UTC on 8 December is 00:30 on the 9th in Amsterdam: the meeting that afternoon is today
    (datetime(2026, 12, 8, 23, 30, tzinfo=UTC), datetime(2026, 12, 9, 13, 0, tzinfo=AMS), "Vandaag:"),
    # summer: 22:30 UTC on 9 July is 00:30 on the 10th in Amsterdam
    (datetime(2026, 7, 9, 22, 30, tzinfo=UTC), datetime(2026, 7, 10, 13, 0, tzinfo=AMS), "Vandaag:"),
])
def test_a_reminder_sent_just_after_midnight_in_amsterdam_says_today(now, starts, subject):
    event = event_model(starts_at=starts, ends_at=starts + timedelta(hours=3))
    assert build("reminder", event, extra={"days_before": emails.days_before(event, now)})["Subject"].startswith(subject)


def test_a_word_that_ends_exactly_where_the_room_ends_is_kept():
    # room for 48 characters after "Aangemeld: " and the "…": "aaa " + 44 b's is 48 and ends at a space
    assert emails.subject_line("Aangemeld:", "aaa " + "b" * 44 + " cc", 60) == "Aangemeld: aaa " + "b" * 44 + "…"


def test_the_qr_code_is_in_the_html_part_and_its_image_is_the_one_the_html_shows():
    mail = parsed(build("registered", checkin_url="https://signup.test/checkin/abc"))
    related = mail.get_body(("related",))
    assert related is not None and related.get_body(("html",)) is not None
    [image] = [part for part in related.iter_parts() if part.get_content_type() == "image/png"]
    assert image["Content-ID"].startswith("<") and image["Content-ID"].count("<") == 1
    assert f'src="cid:{image["Content-ID"][1:-1]}"' in related.get_body(("html",)).get_content()
    assert "https://signup.test/checkin/abc" in mail.get_body(("plain",)).get_content()


ORGANISATION = {"name": "DuurzaamDoor", "sender_name": "DuurzaamDoor Events", "reply_to": "events@duurzaamdoor.nl"}


def test_the_organisations_sender_name_and_reply_to_are_the_mails():
    mail = parsed(build("registered", extra={"organisation": ORGANISATION}))
    assert mail["From"].addresses[0].display_name == "DuurzaamDoor Events"
    assert mail["From"].addresses[0].addr_spec == SENDER
    assert [a.addr_spec for a in mail["Reply-To"].addresses] == ["events@duurzaamdoor.nl"]


def test_without_the_organisations_reply_to_a_reply_goes_to_the_events_organiser():
    event = event_model()
    mail = parsed(build("registered", event, extra={"organisation": {"name": "DuurzaamDoor"}}))
    assert [a.addr_spec for a in mail["Reply-To"].addresses] == [event.organiser["email"]]
    assert mail["From"].addresses[0].display_name == event.organiser["name"]


def test_with_no_address_to_reply_to_the_mail_has_no_reply_to():
    event = replace(event_model(), organiser={"name": "Team Circulair"})
    mail = parsed(build("registered", event))
    assert mail["Reply-To"] is None
    assert mail["From"].addresses[0].display_name == "Team Circulair"


def test_a_mail_built_without_invite_has_none_whatever_its_kind():
    msg = emails.build_message("registered", event_model(), registration(), {"manage_url": MANAGE}, SENDER,
                               invite=False)
    assert attachments(msg) == []


@pytest.mark.parametrize("url", ["https://signup.test/u/a b", "https://signup.test/u/a>b", "https://signup.test/u/a,b",
                                 "https://signup.test/u/a\r\nBcc: x@example.org"])
def test_an_unsubscribe_link_that_could_end_the_header_is_refused(url):
    with pytest.raises(ValueError):
        build(emails.MESSAGE, extra={"subject": "Zaal", "body": "De zaal is veranderd."}, unsubscribe_url=url)


def test_a_one_click_unsubscribe_link_is_in_the_headers():
    mail = parsed(build(emails.MESSAGE, extra={"subject": "Zaal", "body": "De zaal is veranderd."},
                        unsubscribe_url="https://signup.test/u/abc"))
    assert mail["List-Unsubscribe"] == "<https://signup.test/u/abc>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_answer_without_error_or_status_is_refused_for_good_with_a_readable_reason(ses, monkeypatch):  # noqa: F811
    calls = failing(aws.sesv2(), [ClientError({"Error": {"Message": "Rejected"}}, "SendEmail")], monkeypatch)
    with pytest.raises(emails.PermanentSendError) as raised:
        emails.send(build("registered"), sleep=pytest.fail)
    assert raised.value.reason == "Unknown: Rejected" and len(calls) == 1


def test_a_server_error_without_an_error_code_is_tried_again(ses, monkeypatch):  # noqa: F811
    error = ClientError({"ResponseMetadata": {"HTTPStatusCode": 503}}, "SendEmail")
    calls = failing(aws.sesv2(), [error], monkeypatch)
    emails.send(build("registered"), sleep=lambda seconds: None)
    assert len(calls) == 2 and len(ses.sent_messages) == 1


@pytest.mark.parametrize("error, reason", [
    ({"Code": "MessageRejected", "Message": "Email address is not verified."},
     "MessageRejected: Email address is not verified."),
    ({"Code": "MessageRejected"}, "MessageRejected:"),
])
def test_a_refusal_keeps_the_code_and_message_of_ses(ses, monkeypatch, error, reason):  # noqa: F811
    failing(aws.sesv2(), [ClientError({"Error": error, "ResponseMetadata": {"HTTPStatusCode": 400}}, "SendEmail")],
            monkeypatch)
    with pytest.raises(emails.PermanentSendError) as raised:
        emails.send(build("registered"), sleep=pytest.fail)
    assert raised.value.reason == reason


def test_a_notice_without_a_title_has_the_essence_as_its_subject_also_in_its_html(ses):  # noqa: F811
    notice = parsed(emails.build_notice("login", "marieke@example.org", "nl",
                                        {"link": "https://x.example/l", "minutes": 15}))
    subject = notice["Subject"]
    assert subject and not subject.endswith(" ") and "XX" not in subject
    assert f"<title>{subject}</title>" in notice.get_body(("html",)).get_content()
    assert notice["Auto-Submitted"] == "auto-generated"
    assert [a.addr_spec for a in notice["To"].addresses] == ["marieke@example.org"]
    assert notice["From"].addresses[0].addr_spec == settings().sender_email


def test_a_notices_message_id_is_of_the_senders_domain_even_with_an_at_in_its_name(ses, monkeypatch):  # noqa: F811
    monkeypatch.setenv("SENDER_EMAIL", '"info@team"@duurzaamdoor.nl')
    settings.cache_clear()
    notice = parsed(emails.build_notice("login", "marieke@example.org", "nl",
                                        {"link": "https://x.example/l", "minutes": 15}))
    assert notice["Message-ID"].endswith("@duurzaamdoor.nl>") and notice["Message-ID"].count("@") == 1


def test_with_one_attempt_set_a_busy_ses_is_tried_once_and_the_mail_kept_for_later(ses, monkeypatch):  # noqa: F811
    monkeypatch.setenv("MAX_SEND_ATTEMPTS", "1")
    settings.cache_clear()
    calls = failing(aws.sesv2(), [client_error("ThrottlingException")], monkeypatch)
    with pytest.raises(emails.TransientSendError) as raised:
        emails.send(build("registered"), sleep=pytest.fail)
    assert len(calls) == 1 and ses.sent_messages == []
    assert raised.value.reason == "gave up after 1 attempts: ThrottlingException: nope"


def test_a_lost_connection_is_named_in_the_reason_the_mail_waits(ses, monkeypatch):  # noqa: F811
    from botocore.exceptions import EndpointConnectionError
    monkeypatch.setenv("MAX_SEND_ATTEMPTS", "2")
    settings.cache_clear()
    errors = [EndpointConnectionError(endpoint_url="https://email.eu-west-1.amazonaws.com")] * 2
    calls = failing(aws.sesv2(), errors, monkeypatch)
    with pytest.raises(emails.TransientSendError) as raised:
        emails.send(build("registered"), sleep=lambda seconds: None)
    assert len(calls) == 2
    assert raised.value.reason.startswith("gave up after 2 attempts: EndpointConnectionError: ")
    assert "email.eu-west-1.amazonaws.com" in str(raised.value)


def test_the_mail_is_addressed_to_the_attendee_by_name():
    to = parsed(build("registered", reg=registration(name="Tessa\r\nde  Haas")))["To"].addresses
    assert [(a.display_name, a.addr_spec) for a in to] == [("Tessa de Haas", "tessa@example.org")]


def test_an_address_that_cannot_be_a_header_is_refused_for_good_and_says_so():
    with pytest.raises(emails.PermanentSendError) as raised:
        build("registered", reg=registration(email="tessa@example.org\r\nBcc: x@evil.example"))
    assert raised.value.reason.startswith("invalid recipient address: ")
