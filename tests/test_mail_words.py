"""The words of every attendee mail (issue 24 items 2-4): subjects that start with the essence and
fit 60 characters, no promise of a place, links named by their label, and a footer that says who,
why, how to stop, how long the data is kept, and where the privacy statement is."""
import json
import pathlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from chalicelib import emails
from chalicelib.models import Registration
from conftest import event_model

AMS = ZoneInfo("Europe/Amsterdam")
DEMO = json.loads(next((pathlib.Path(__file__).parent.parent / "demo").glob("circulaire-*.json")).read_text())
LONG = {"nl": "Regionale kennisbijeenkomst over circulair inkopen, hergebruik van bouwmaterialen en "
              "de energietransitie in gemeenten",
        "en": "Regional knowledge meeting on circular procurement, reuse of building materials and "
              "the energy transition in municipalities"}
MANAGE = "https://signup.test/registrations/tok123"
STOP = "https://signup.test/unsubscribe/stop123"
MESSAGE = {"subject": "Belangrijk: de zaal is veranderd en de lunch begint een half uur later dan gepland",
           "body": "We zitten in zaal 3."}
STATUS = {"waitlisted": "waitlisted", "pending": "pending", "cancelled": "cancelled"}
ALL_KINDS = emails.KINDS + (emails.MESSAGE,)
# 15 January 2027, 12:00 UTC: the registration's TTL, what the footer says the data is kept until
EXPIRES = int(datetime(2027, 1, 15, 12, tzinfo=ZoneInfo("UTC")).timestamp())
ESSENCE = {
    "nl": {"registered": "Aangemeld: ", "pending": "Bevestig vóór 11 december: ", "waitlisted": "Wachtlijst: ",
           "promoted": "Er is een plek voor je: ", "cancelled": "Afgemeld: ", "reminder": "Morgen: ",
           "updated": "Gewijzigd: ", "event_cancelled": "Afgezegd: ", "already_registered": "Al aangemeld: ", "message": "Belangrijk: ",
           "buddies": "Je maatjes: "},
    "en": {"registered": "Registered: ", "pending": "Confirm by 11 December: ", "waitlisted": "Waiting list: ",
           "promoted": "A place for you: ", "cancelled": "Cancelled: ", "reminder": "Tomorrow: ",
           "updated": "Changed: ", "event_cancelled": "Cancelled: ", "already_registered": "Already registered: ", "message": "Belangrijk: ",
           "buddies": "Your buddies: "},
}
ESSENCE["nl"].update(follow_up="Bedankt: ", follow_up_missed="Gemist: ")       # after the meeting (issue 30)
ESSENCE["en"].update(follow_up="Thank you: ", follow_up_missed="Missed: ")
ESSENCE["nl"].update(session_promoted="Plek in je sessie: ")      # the programme (issue 29)
ESSENCE["en"].update(session_promoted="A place in your session: ")


def registration(kind, locale, **extra):
    return Registration(id="reg-1", event_id="circulaire-economie-2026-12-09", status=STATUS.get(kind, "confirmed"),
                        name="Tessa de Haas", email="tessa@example.org", locale=locale, expires_at=EXPIRES,
                        hold_until=datetime(2026, 12, 11, 12, tzinfo=AMS), **extra)


def render(kind, locale, event=None, organisation=None, **reg):
    event = event or event_model(organiser={"name": "DuurzaamDoor", "email": "info@duurzaamdoor.example"})
    links = {"manage_url": MANAGE, **({"unsubscribe_url": STOP} if kind == emails.MESSAGE else {})}
    extra = {"position": 2, "organisation": organisation or {}, **(MESSAGE if kind == emails.MESSAGE else {})}
    return emails.render(kind, event, registration(kind, locale, **reg), links, extra)


# --- 24.4: subjects ---------------------------------------------------------------------

@pytest.mark.parametrize("title", [DEMO["title"], LONG], ids=["demo", "long"])
@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_subject_starts_with_the_essence_and_fits_60_characters(kind, locale, title):
    subject = render(kind, locale, event_model(title=title)).subject
    assert len(subject) <= 60, subject
    assert subject.startswith(ESSENCE[locale][kind]), subject
    assert "\n" not in subject


def test_a_long_title_is_cut_at_a_word_with_an_ellipsis():
    subject = render("registered", "nl", event_model(title=LONG)).subject
    assert subject == "Aangemeld: Regionale kennisbijeenkomst over circulair…"
    assert render("registered", "en", event_model(title=LONG)).subject == \
        "Registered: Regional knowledge meeting on circular…"


def test_a_title_that_fits_is_not_cut():
    assert render("registered", "nl", event_model(title=DEMO["title"])).subject == \
        f"Aangemeld: {DEMO['title']['nl']}"


def test_subject_line_cuts_one_long_word_too():
    assert emails.subject_line("Afgemeld:", "x" * 80) == "Afgemeld: " + "x" * 49 + "…"


# --- 24.2: no promise, links named ------------------------------------------------------

@pytest.mark.parametrize("locale, promise, says", [
    ("nl", ("vanzelf", "automatisch", "schuif"), "Komt er een plek voor je vrij, dan krijg je een e-mail."),
    ("en", ("automatically", "move up", "it is yours"), "If a place becomes free for you, we will email you.")])
def test_the_waiting_list_mail_promises_no_place(locale, promise, says):
    mail = render("waitlisted", locale)
    for body in (mail.text, mail.html):
        assert says in body
        assert [word for word in promise if word in body.lower()] == []


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_no_mail_points_at_a_link_above_it_names_the_link(kind, locale):
    mail = render(kind, locale)
    for body in (mail.text, mail.html):
        assert "hierboven" not in body and "above" not in body


def test_the_cancel_hint_names_the_link_it_means():
    text = render("registered", "nl").text
    assert "Meld je dan af met de link ‘Bekijk je aanmelding of meld je af’." in text
    assert "Bekijk je aanmelding of meld je af:\n" + MANAGE in text


# --- 24.3: the footer -------------------------------------------------------------------

def footer(mail_text):
    return mail_text.split("\n-- \n", 1)[1]


@pytest.mark.parametrize("locale, sentences", [
    ("nl", ["Deze bijeenkomst wordt georganiseerd door DuurzaamDoor.", "Vragen? Mail naar info@duurzaamdoor.example.",
            "Je krijgt deze e-mail omdat je je hebt aangemeld voor {title}.",
            "We bewaren je gegevens tot 15 januari 2027. Daarna verwijderen we ze.",
            "Privacyverklaring: https://duurzaamdoor.example/privacy"]),
    ("en", ["This event is organised by DuurzaamDoor.", "Questions? Email info@duurzaamdoor.example.",
            "You are receiving this email because you registered for {title}.",
            "We keep your details until 15 January 2027. Then we delete them.",
            "Privacy statement: https://duurzaamdoor.example/privacy"])])
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_footer_says_who_why_how_long_and_where_the_privacy_statement_is(kind, locale, sentences):
    event = event_model(organiser={"name": "DuurzaamDoor", "email": "info@duurzaamdoor.example"})
    mail = render(kind, locale, event, {"name": "DuurzaamDoor",
                                        "privacy_statement_url": "https://duurzaamdoor.example/privacy"})
    for sentence in sentences:
        assert sentence.format(title=event.text("title", locale)) in footer(mail.text), (kind, sentence)
    assert 'href="https://duurzaamdoor.example/privacy"' in mail.html


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_without_a_privacy_statement_there_is_no_link(kind):
    mail = render(kind, "nl", organisation={"name": "DuurzaamDoor"})
    assert "Privacyverklaring" not in mail.text and "Privacyverklaring" not in mail.html


def test_a_privacy_statement_that_is_not_https_is_left_out():
    mail = render("registered", "nl", organisation={"privacy_statement_url": "javascript:alert(1)"})
    assert "Privacyverklaring" not in mail.text and "javascript:" not in mail.html


def test_without_an_organiser_the_footer_names_the_organisation():
    mail = render("registered", "nl", event_model(organiser={}), {"name": "Gemeente Utrecht"})
    assert "Deze bijeenkomst wordt georganiseerd door Gemeente Utrecht." in footer(mail.text)


@pytest.mark.parametrize("kind, stop", [
    ("registered", "Wil je geen e-mails meer over deze bijeenkomst? Meld je dan af op je aanmeldpagina:\n" + MANAGE),
    ("waitlisted", "Wil je geen e-mails meer over deze bijeenkomst? Meld je dan af op je aanmeldpagina:\n" + MANAGE),
    ("cancelled", "Je bent afgemeld. Je krijgt geen e-mails meer over deze bijeenkomst."),
    (emails.MESSAGE, "Wil je geen berichten meer van de organisator over deze bijeenkomst? Kies deze link:\n" + STOP)])
def test_the_footer_says_how_to_stop_these_mails(kind, stop):
    mail = render(kind, "nl")
    assert stop in footer(mail.text)
    if kind == emails.MESSAGE:
        assert f'href="{STOP}"' in mail.html
        assert "E-mails over je eigen aanmelding krijg je dan nog wel." in footer(mail.text)


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_no_mail_names_the_services_own_server(kind, locale):
    mail = render(kind, locale)
    for body in (mail.text, mail.html):
        assert " via " not in body.replace("via de link", "")
        assert "127.0.0.1" not in body


# --- the organisation reaches the footer through the mail worker --------------------------

def test_the_worker_reads_the_events_organisation_for_the_footer(monkeypatch):
    from chalicelib import outbox, store
    asked = []

    def organisation(org_id):
        asked.append(org_id)
        return {"id": org_id, "name": "DuurzaamDoor", "members": [],
                "privacy_statement_url": "https://duurzaamdoor.example/privacy"}
    monkeypatch.setattr(store.organisations, "get_organisation", organisation)
    monkeypatch.setattr(outbox, "_organisations", {})
    event = event_model()
    assert outbox.organisation_of(event) == {"name": "DuurzaamDoor",
                                             "privacy_statement_url": "https://duurzaamdoor.example/privacy"}
    outbox.organisation_of(event)
    assert asked == [event.organisation_id]      # once per container, not once per mail
