"""Mails as an attendee sees them, and sending them through (moto's) SESv2."""
import re
from datetime import datetime
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from chalicelib import aws, emails, i18n
from chalicelib.config import settings
from chalicelib.models import CONFIRMED, Registration
from conftest import event_model

AMS = ZoneInfo("Europe/Amsterdam")
SENDER = "aanmelden@example.org"
MANAGE = "https://aanmelden.example.org/registrations/tok123"
CONFIRM = "https://aanmelden.example.org/registrations/tok123?confirm=1"
TITLE_NL = "Lerende ambtenaren versnellen circulaire economie"
TITLE_EN = "Learning civil servants speed up the circular economy"
PERIOD = {"nl": "woensdag 9 december 2026, van 13.00 tot 17.00 uur",
          "en": "Wednesday 9 December 2026, 1:00 to 5:00 pm"}
FOOTER = {"nl": "Je krijgt deze e-mail omdat je je hebt aangemeld voor",
          "en": "You are receiving this email because you registered for"}


@pytest.fixture
def event():
    return event_model(description={"nl": "Bijeenkomst voor ambtenaren uit regio en rijk."},
                       location={"nl": "Stadskantoor Utrecht", "en": "City Office Utrecht"},
                       organiser={"name": "DuurzaamDoor", "email": "info@duurzaamdoor.example"},
                       double_opt_in=True)


def registration(locale="nl", name="Tessa de Haas", email="tessa@example.org"):
    return Registration(id="reg-1", event_id="circulaire-economie-2026-12-09", status=CONFIRMED,
                        name=name, email=email, locale=locale,
                        hold_until=datetime(2026, 12, 1, 12, 0, tzinfo=AMS))


@pytest.fixture
def ses(monkeypatch):
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "eu-west-1",
                       "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
                       "PUBLIC_BASE_URL": "https://aanmelden.example.org"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    aws.reset()
    settings.cache_clear()
    with mock_aws():
        aws.sesv2().create_email_identity(EmailIdentity=SENDER)
        yield ses_backends[DEFAULT_ACCOUNT_ID]["eu-west-1"]
    aws.reset()
    settings.cache_clear()


def message(event, reg=None, kind="registered", sender=SENDER):
    return emails.build_message(kind, event, reg or registration(), {"manage_url": MANAGE}, sender)


# --- rendering -----------------------------------------------------------------

@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("kind", emails.KINDS)
def test_every_kind_renders_title_date_place_link_and_footer(event, kind, locale):
    links = {"manage_url": MANAGE, "confirm_url": CONFIRM}
    mail = emails.render(kind, event, registration(locale), links, {"position": 3})

    title = TITLE_EN if locale == "en" else TITLE_NL
    assert title.split()[0] in mail.subject and "\n" not in mail.subject
    action = CONFIRM if kind == "pending" else MANAGE
    for body in (mail.text, mail.html):
        for expected in (title, PERIOD[locale], action, FOOTER[locale], "DuurzaamDoor",
                         "Tessa de Haas", event.text("location", locale)):
            assert expected in body, (kind, locale, expected)


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("kind", emails.KINDS)
def test_every_kind_shows_the_practical_information(kind, locale):
    info = {"nl": "Vijf minuten lopen van Utrecht Centraal.\nMeld je bij de receptie.",
            "en": "Five minutes from Utrecht Centraal.\nReport to the reception."}
    mail = emails.render(kind, event_model(practical_info=info), registration(locale), {"manage_url": MANAGE})
    heading = {"nl": "Praktische informatie", "en": "Practical information"}[locale]
    first, second = info[locale].split("\n")
    assert heading in mail.text and info[locale] in mail.text
    assert heading in mail.html
    assert re.search(f"<p[^>]*>{re.escape(first)}</p>", mail.html) and re.search(f"<p[^>]*>{re.escape(second)}</p>", mail.html)


def test_without_practical_information_there_is_no_heading():
    mail = emails.render("registered", event_model(practical_info={}), registration(), {"manage_url": MANAGE})
    assert "Praktische informatie" not in mail.text and "Praktische informatie" not in mail.html


@pytest.mark.parametrize("locale, expected", [
    ("nl", "Aangemeld: " + TITLE_NL), ("en", "Registered: Learning civil servants speed up the circular…")])
def test_subject_names_only_the_event(event, locale, expected):
    mail = emails.render("registered", event, registration(locale), {"manage_url": MANAGE})
    assert mail.subject == expected


def test_waitlist_position_and_hold_until_are_shown(event):
    waitlisted = emails.render("waitlisted", event, registration(), {"manage_url": MANAGE},
                               {"position": 4})
    pending = emails.render("pending", event, registration(), {"manage_url": MANAGE})
    assert "Je bent nummer 4 op de wachtlijst." in waitlisted.text
    assert "tot dinsdag 1 december 2026, 12.00 uur." in pending.text
    assert f'href="{MANAGE}"' in pending.html    # confirm_url defaults to the attendee page


def test_markup_in_a_name_is_escaped_in_html(event):
    reg = registration(name="<script>alert(1)</script>")
    mail = emails.render("registered", event, reg, {"manage_url": MANAGE})
    assert "<script>" not in mail.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in mail.html


def test_base_css_is_inlined(event):
    html = emails.render("registered", event, registration(), {"manage_url": MANAGE}).html
    assert "<style" not in html
    assert 'class="button"' in html and "background-color: #1b6b4a" in html
    assert html.count('style="') > 10


def test_period_over_two_days_names_both_days(event):
    from dataclasses import replace
    event = replace(event, ends_at=datetime(2026, 12, 10, 17, tzinfo=AMS))
    assert i18n.format_period(event, "nl") == (
        "van woensdag 9 december 2026, 13.00 uur tot donderdag 10 december 2026, 17.00 uur")
    assert i18n.format_datetime(datetime(2026, 12, 9, 12, tzinfo=ZoneInfo("UTC")), "Europe/Amsterdam", "en") == (
        "Wednesday 9 December 2026, 1:00 pm")


def test_a_period_across_the_clock_change_elsewhere_names_each_zone(event):
    from dataclasses import replace
    event = replace(event, timezone="Europe/London",
                    starts_at=datetime(2026, 10, 24, 13, tzinfo=AMS), ends_at=datetime(2026, 10, 25, 17, tzinfo=AMS))
    assert i18n.format_period(event, "en") == (
        "Saturday 24 October 2026, 12:00 pm (British Summer Time)"
        " to Sunday 25 October 2026, 4:00 pm (Greenwich Mean Time)")


def test_the_home_zone_goes_unnamed_and_other_zones_are_named(event):
    from dataclasses import replace
    assert "tijd" not in i18n.format_period(event, "nl") and "Time" not in i18n.format_period(event, "en")
    elsewhere = replace(event, timezone="America/New_York")
    assert i18n.format_period(elsewhere, "en") == "Wednesday 9 December 2026, 7:00 to 11:00 am (Eastern Standard Time)"
    assert i18n.format_period(elsewhere, "nl") == "woensdag 9 december 2026, van 7.00 tot 11.00 uur (Eastern-standaardtijd)"


def test_table_cells_read_as_the_government_writes_them():
    moment = datetime(2026, 12, 9, 13, tzinfo=AMS)
    assert i18n.format_short(moment, "Europe/Amsterdam", "nl") == "9 dec. 2026, 13.00 uur"
    assert i18n.format_short("2026-05-09T13:05:00+02:00", "Europe/Amsterdam", "nl") == "9 mei 2026, 13.05 uur"
    assert i18n.format_short(moment, "Europe/Amsterdam", "en") == "9 Dec 2026, 1:00 pm"


def test_summer_times_read_like_winter_times(event):
    from dataclasses import replace
    event = replace(event, starts_at=datetime(2026, 6, 9, 9, 30, tzinfo=AMS), ends_at=datetime(2026, 6, 9, 12, tzinfo=AMS))
    assert i18n.format_period(event, "nl") == "dinsdag 9 juni 2026, van 9.30 tot 12.00 uur"


def test_hold_deadline_in_english_reads_english(event):
    pending = emails.render("pending", event, registration("en"), {"manage_url": MANAGE})
    assert "until Tuesday 1 December 2026, 12:00 pm." in pending.text


# --- copy without an organiser, the button, the waiting list ----------------------

def test_without_an_organiser_the_mail_signs_and_ends_well(event):
    from dataclasses import replace
    for kind in emails.KINDS:
        for locale, signature, organised in [("nl", "De organisatie van " + TITLE_NL, "georganiseerd door"),
                                             ("en", "The organisers of " + TITLE_EN, "organised by")]:
            mail = emails.render(kind, replace(event, organiser={}), registration(locale), {"manage_url": MANAGE})
            closing = "Met vriendelijke groet," if locale == "nl" else "Kind regards,"
            assert f"{closing}\n{signature}\n\n-- \n" in mail.text, (kind, locale)
            assert f"{closing}<br>{signature}</p>" in mail.html, (kind, locale)
            assert organised not in mail.text and organised not in mail.html, (kind, locale)
            assert " ." not in mail.text.split("-- \n")[1], (kind, locale)


def test_an_organiser_address_without_a_name_is_offered_for_questions(event):
    from dataclasses import replace
    mail = emails.render("registered", replace(event, organiser={"email": "info@duurzaamdoor.example"}),
                         registration(), {"manage_url": MANAGE})
    assert "Vragen? Mail naar info@duurzaamdoor.example." in mail.text
    assert 'Vragen? Mail naar <a href="mailto:info@duurzaamdoor.example"' in mail.html
    assert f"Met vriendelijke groet,\nDe organisatie van {TITLE_NL}\n" in mail.text


@pytest.mark.parametrize("locale, button", [("nl", "Bekijk je aanmelding of meld je af"),
                                            ("en", "View or cancel your registration")])
@pytest.mark.parametrize("kind", ["registered", "waitlisted", "promoted", "reminder"])
def test_the_button_promises_only_what_the_page_does(event, kind, locale, button):
    mail = emails.render(kind, event, registration(locale), {"manage_url": MANAGE})
    assert f'{button}</a>' in mail.html
    assert f"{button}:\n" in mail.text
    assert "wijzig" not in mail.html.lower() and "change" not in mail.html.lower()


def test_the_waiting_list_is_named_only_where_there_is_one(event):
    from dataclasses import replace
    without = emails.render("registered", replace(event, waitlist_enabled=False), registration(), {"manage_url": MANAGE})
    with_list = emails.render("registered", event, registration(), {"manage_url": MANAGE})
    assert "wachtlijst" not in without.text and "wachtlijst" not in without.html
    assert "Dan kan iemand anders je plek krijgen." in without.text
    assert "Dan kan iemand van de wachtlijst je plek krijgen." in with_list.text


# --- the MIME message ----------------------------------------------------------

def parsed(msg):
    return message_from_bytes(msg.as_bytes(), policy=policy.default)


def test_message_has_text_html_and_invite(event):
    mail = parsed(message(event))
    assert mail.get_content_type() == "multipart/mixed"
    assert mail["From"].addresses[0].display_name == "DuurzaamDoor"
    assert mail["From"].addresses[0].addr_spec == SENDER
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["Message-ID"].endswith("@example.org>")
    assert mail.get_body(("plain",)).get_content().startswith("Beste Tessa de Haas,")
    assert TITLE_NL in mail.get_body(("html",)).get_content()
    (invite,) = mail.iter_attachments()
    assert invite.get_filename() == "invite.ics"
    assert invite.get_content_type() == "text/calendar"
    assert invite.get_param("method") == "REQUEST"
    assert "BEGIN:VEVENT" in invite.get_content()


@pytest.mark.parametrize("kind, status, ics_status, method", [
    ("registered", "confirmed", "CONFIRMED", "REQUEST"), ("waitlisted", "waitlisted", "TENTATIVE", "REQUEST"),
    ("pending", "pending", "TENTATIVE", "REQUEST"), ("cancelled", "cancelled", "CANCELLED", "CANCEL")])
def test_every_mail_carries_the_invite_with_the_registrations_status(event, kind, status, ics_status, method):
    """One calendar entry per registration (one UID) that each mail updates; the MIME part's
    method parameter is the invite's METHOD (RFC 6047 2.4; Outlook reads only REQUEST/CANCEL)."""
    import icalendar
    from dataclasses import replace
    mail = parsed(message(event, replace(registration(), status=status), kind=kind))
    (invite,) = mail.iter_attachments()
    cal = icalendar.Calendar.from_ical(invite.get_content())
    [vevent] = cal.walk("VEVENT")
    assert vevent["STATUS"] == ics_status
    assert str(cal["METHOD"]) == method
    assert invite.get_param("method") == method
    assert str(vevent["UID"]).startswith("reg-1@")


@pytest.mark.parametrize("name", [
    "Eve\r\nBcc: mallory@evil.example", "Eve\nTo: mallory@evil.example",
    "Eve, Mallory <mallory@evil.example>", "Eve\x00\x1b"])
def test_a_name_cannot_add_a_header_or_recipient(event, name):
    mail = parsed(message(event, registration(name=name)))
    assert [a.addr_spec for a in mail["To"].addresses] == ["tessa@example.org"]
    assert "Bcc" not in mail and "Cc" not in mail
    assert len(mail.get_all("To")) == 1
    assert "\n" not in mail["To"].addresses[0].display_name


@pytest.mark.parametrize("email", ["tessa@example.org\r\nBcc: mallory@evil.example",
                                   "tessa@example.org\nTo: mallory@evil.example"])
def test_an_address_with_cr_lf_is_refused(event, email):
    with pytest.raises(emails.PermanentSendError):
        message(event, registration(email=email))


# --- sending -------------------------------------------------------------------

def test_send_lands_the_raw_message_in_ses(ses, event):
    message_id = emails.send(message(event))

    (sent,) = ses.sent_messages
    assert sent.id == message_id
    assert sent.source == SENDER
    assert "tessa@example.org" in sent.destinations
    assert "Aangemeld: " in sent.raw_data and "invite.ics" in sent.raw_data


def failing(client, errors, monkeypatch):
    """Make client.send_email raise ``errors`` in turn, then really send."""
    real, calls = client.send_email, []

    def send_email(**request):
        calls.append(request)
        if errors:
            raise errors.pop(0)
        return real(**request)

    monkeypatch.setattr(client, "send_email", send_email)
    return calls


def client_error(code):
    return ClientError({"Error": {"Code": code, "Message": "nope"}}, "SendEmail")


def test_throttling_is_retried_with_backoff(ses, event, monkeypatch):
    calls = failing(aws.sesv2(), [client_error("ThrottlingException")] * 2, monkeypatch)
    sleeps = []

    emails.send(message(event), sleep=sleeps.append)

    assert len(calls) == 3 and len(ses.sent_messages) == 1
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 0.2 and 0 <= sleeps[1] <= 0.4


def test_rejected_message_is_permanent_without_retry(ses, event):
    sleeps = []
    with pytest.raises(emails.PermanentSendError) as raised:
        emails.send(message(event, sender="unverified@example.net"), sleep=sleeps.append)
    assert "MessageRejected" in raised.value.reason
    assert sleeps == [] and ses.sent_messages == []


def test_transient_errors_give_up_after_max_attempts(ses, event, monkeypatch):
    attempts = settings().max_send_attempts
    errors = [EndpointConnectionError(endpoint_url="https://email")] * attempts
    calls = failing(aws.sesv2(), errors, monkeypatch)
    sleeps = []

    with pytest.raises(emails.TransientSendError):
        emails.send(message(event), sleep=sleeps.append)

    assert len(calls) == attempts and len(sleeps) == attempts - 1
    assert all(0 <= s <= emails.BACKOFF_CAP for s in sleeps)
    assert ses.sent_messages == []


def test_paused_sending_is_transient_without_retry(ses, event, monkeypatch):
    calls = failing(aws.sesv2(), [client_error("SendingPausedException")], monkeypatch)
    with pytest.raises(emails.TransientSendError):
        emails.send(message(event), sleep=pytest.fail)
    assert len(calls) == 1


def test_configuration_set_is_passed_when_configured(ses, event, monkeypatch):
    monkeypatch.setenv("SES_CONFIGURATION_SET", "signups")
    settings.cache_clear()
    calls = failing(aws.sesv2(), [client_error("TooManyRequestsException")], monkeypatch)
    emails.send(message(event), sleep=lambda seconds: None)
    assert calls[0]["ConfigurationSetName"] == "signups"
