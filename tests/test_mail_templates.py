"""One template per mail kind (issue 23 item 4), its words (issue 24 items 3, 10 and 11).

Each kind is ``templates/email/<kind>.j2``: its sentences are written once, and the text part and
the HTML part are rendered from the same blocks. The tests render every kind in its variants and
read what an attendee reads: both parts of the sent MIME, Dutch by the rules of tests/words.py,
English without Dutch, the footer with the same stop link as ``List-Unsubscribe``."""
import html as html_lib
import pathlib
import re
from datetime import datetime
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest

import words
from chalicelib import emails
from chalicelib.models import Registration
from conftest import event_model

ROOT = pathlib.Path(__file__).resolve().parent.parent
EMAIL = ROOT / "templates" / "email"
AMS = ZoneInfo("Europe/Amsterdam")
SENDER = "aanmelden@signup.test"
HOST = "signup.test"
MANAGE = f"https://{HOST}/registrations/tok123"
STOP = f"https://{HOST}/unsubscribe/stop123"
CHECKIN = f"https://{HOST}/checkin/abc"
PRIVACY = "https://duurzaamdoor.example/privacy"
ORGANISATION = {"name": "DuurzaamDoor", "privacy_statement_url": PRIVACY}
MESSAGE = {"subject": "Belangrijk: de zaal is veranderd",
           "body": "We zitten in zaal 3.\nDe lunch begint om 12.30 uur.\n\nTot woensdag!"}
EXPIRES = int(datetime(2027, 1, 15, 12, tzinfo=AMS).timestamp())
ALL_KINDS = emails.KINDS + (emails.MESSAGE,)
STATUS = {"waitlisted": "waitlisted", "pending": "pending", "cancelled": "cancelled", "event_cancelled": "cancelled"}
SEATED = ("registered", "promoted", "reminder", "updated", "already_registered")
MOVED = {"starts_at": "2026-12-08T13:00:00+01:00", "location": {"nl": "Stadhuis Utrecht", "en": "City Hall Utrecht"}}


def registration(kind, locale, cancelled_by=None, name="Tessa de Haas"):
    return Registration(id="reg-1", event_id="circulaire-economie-2026-12-09", status=STATUS.get(kind, "confirmed"),
                        name=name, email="tessa@example.org", locale=locale, expires_at=EXPIRES,
                        hold_until=datetime(2026, 12, 11, 12, tzinfo=AMS), cancelled_by=cancelled_by)


def links(kind):
    return {"manage_url": MANAGE, **({"checkin_url": CHECKIN} if kind in SEATED else {}),
            **({"unsubscribe_url": STOP} if kind == emails.MESSAGE else {})}


def extra(kind):
    return {"position": 2, "organisation": ORGANISATION, "moved_from": MOVED,
            **(MESSAGE if kind == emails.MESSAGE else {})}


def demo_event(**overrides):
    return event_model(**{"organiser": {"name": "DuurzaamDoor", "email": "info@duurzaamdoor.example"},
                          "practical_info": {"nl": "Vijf minuten lopen van Utrecht Centraal.\nMeld je bij de receptie.",
                                             "en": "Five minutes from Utrecht Centraal.\nReport to the reception."},
                          "cancel_message": "De spreker is ziek.", **overrides})


def variants():
    """``(kind, cancelled_by)``: every kind, and the cancellation mail once for each who cancelled."""
    for kind in ALL_KINDS:
        for by in (("attendee", "organiser", "expiry", None) if kind == "cancelled" else (None,)):
            yield kind, by


VARIANTS = list(variants())


def sent(kind, locale, by=None, event=None, name="Tessa de Haas"):
    """The mail as it leaves: built, written to bytes, read back."""
    message = emails.build_message(kind, event or demo_event(), registration(kind, locale, by, name), links(kind),
                                   SENDER, extra(kind), invite=kind != emails.MESSAGE)
    return message_from_bytes(message.as_bytes(), policy=policy.default)


def parts(mail):
    return (mail.get_body(("plain",)).get_content().replace("\r\n", "\n"),
            mail.get_body(("html",)).get_content().replace("\r\n", "\n"))


def readable(html):
    """What a reader sees of an HTML part: the text of each block on a line of its own."""
    body = html.split("<body", 1)[1].split(">", 1)[1]
    body = re.sub(r"</td>\s*<td[^>]*>", ": ", body)            # a row of the details: "Wat: ..."
    body = re.sub(r"<(br|/p|/h1|/h2|/li|/td|/tr|footer|/footer)\b[^>]*>", "\n", body)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", body))


def lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- one template per kind ------------------------------------------------------------

@pytest.mark.parametrize("kind", ALL_KINDS)
def test_each_kind_is_one_template(kind):
    assert (EMAIL / f"{kind}.j2").is_file()
    assert sorted(p.name for p in EMAIL.glob(f"{kind}.*")) == [f"{kind}.j2"]


def test_no_mail_template_is_written_twice_for_its_two_parts():
    leftovers = [p.relative_to(EMAIL).as_posix() for p in EMAIL.rglob("*.j2")
                 if p.name.endswith((".html.j2", ".txt.j2"))]
    assert leftovers == []


@pytest.mark.parametrize("path", sorted(p.relative_to(EMAIL).as_posix() for p in EMAIL.rglob("*.j2")))
def test_a_mail_template_writes_each_sentence_once(path):
    source = (EMAIL / path).read_text(encoding="utf-8")
    sentences = re.findall(r"""\b_h?\(\s*"((?:[^"\\]|\\.)*)"\s*[,)]""", source)
    assert sorted({s for s in sentences if sentences.count(s) > 1}) == []


# Sentences that belong to one part: the check-in link in text, its QR code in HTML; the link
# labels of the HTML part, where the text part shows the address itself.
ONE_PART = {
    "nl": ("Laat bij de deur deze link zien", "Bij de deur", "Laat deze QR-code bij de deur zien",
           "Geen berichten meer van de organisator", "Naar je aanmeldpagina"),
    "en": ("Show this link at the door", "At the door", "Show this QR code at the door",
           "No more messages from the organiser", "Go to your registration page"),
}


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("kind, by", VARIANTS)
def test_both_parts_say_the_same_sentences(kind, by, locale):
    text, html = parts(sent(kind, locale, by))
    seen = " ".join(readable(html).split())
    for line in lines(text):
        if line == "--" or line.startswith("https://") or line.startswith(ONE_PART[locale]):
            continue
        line = line.rstrip(":") if line.endswith(":") and " " not in line.rstrip(":").strip() else line
        line = re.sub(r":\s*https://\S+$", "", line)         # "Privacyverklaring: <link>"
        assert line.rstrip(":") in seen, (kind, line)


@pytest.mark.parametrize("kind, by", VARIANTS)
def test_markup_in_every_value_is_escaped_in_html_and_left_alone_in_text(kind, by):
    bold = "<b>&</b>"
    event = demo_event(title={"nl": f"Titel {bold}"}, location={"nl": f"Zaal {bold}"},
                       organiser={"name": f"Org {bold}", "email": "info@duurzaamdoor.example"},
                       practical_info={"nl": f"Info {bold}"}, cancel_message=f"Reden {bold}")
    message = {**MESSAGE, "body": f"Tekst {bold}"}
    mail = emails.render(kind, event, registration(kind, "nl", by, name=f"Naam {bold}"), links(kind),
                         {**extra(kind), "organisation": {"name": f"Gem {bold}"},
                          **(message if kind == emails.MESSAGE else {})})
    assert "<b>" not in mail.html
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in mail.html
    assert "&lt;" not in mail.text and "&amp;" not in mail.text
    assert f"Naam {bold}" in mail.text and f"Titel {bold}" in mail.text


def test_the_text_part_has_one_blank_line_between_paragraphs():
    text, _ = parts(sent("registered", "nl"))
    assert "\n\n\n" not in text
    assert text.startswith("Beste Tessa de Haas,\n\nJe aanmelding voor ")


# --- 24.4: subjects with the demo title and a 200-character title ------------------------

TITLE_200 = {"nl": ("Regionale kennisbijeenkomst over circulair inkopen en hergebruik van bouwmaterialen "
                    "voor ambtenaren van gemeenten, provincies en waterschappen, met werkvormen, "
                    "sprekers en een markt met 50 voorbeelden"),
             "en": ("Regional knowledge meeting on circular procurement and reuse of building materials "
                    "for civil servants of municipalities, provinces and water boards, with workshops, "
                    "speakers and a market with examples")}
ESSENCE = {"nl": {"registered": "Aangemeld:", "pending": "Bevestig vóór 11 december:", "waitlisted": "Wachtlijst:",
                  "promoted": "Er is een plek voor je:", "cancelled": "Afgemeld:", "reminder": "Morgen:",
                  "updated": "Gewijzigd:", "event_cancelled": "Afgezegd:", "already_registered": "Al aangemeld:",
                  "buddies": "Je maatjes:"},
           "en": {"registered": "Registered:", "pending": "Confirm by 11 December:", "waitlisted": "Waiting list:",
                  "promoted": "A place for you:", "cancelled": "Cancelled:", "reminder": "Tomorrow:",
                  "updated": "Changed:", "event_cancelled": "Cancelled:", "already_registered": "Already registered:",
                  "buddies": "Your buddies:"}}
ESSENCE["nl"].update(follow_up="Bedankt:", follow_up_missed="Gemist:")       # after the meeting (issue 30)
ESSENCE["en"].update(follow_up="Thank you:", follow_up_missed="Missed:")
ESSENCE["nl"].update(session_promoted="Plek in je sessie:")      # the programme (issue 29)
ESSENCE["en"].update(session_promoted="A place in your session:")


def test_the_long_title_is_200_characters():
    assert [len(t) for t in TITLE_200.values()] == [200, 200]


@pytest.mark.parametrize("title", ["demo", "200 characters"])
@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("kind", emails.KINDS)
def test_every_subject_is_the_essence_then_the_title_cut_at_a_word(kind, locale, title):
    event = demo_event() if title == "demo" else demo_event(title=TITLE_200)
    subject = sent(kind, locale, event=event)["Subject"]
    full = event.text("title", locale)
    essence, _, rest = subject.partition(": ")
    assert len(subject) <= words.MAX_SUBJECT, subject
    assert f"{essence}:" == ESSENCE[locale][kind]
    if rest == full:
        return
    kept = rest.removesuffix("…")
    assert rest.endswith("…"), subject
    assert full.startswith(kept) and full[len(kept)] in " ,", subject     # the title is cut after a whole word


NOTICE_ESSENCE = {"nl": {"export_ready": "Je bestand staat klaar:", "digest": "Dagoverzicht:"},
                  "en": {"export_ready": "Your file is ready:", "digest": "Daily summary:"}}


@pytest.mark.parametrize("title", ["demo", "200 characters"])
@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("kind", ["export_ready", "digest"])
def test_a_service_mail_about_an_event_fits_its_title_too(kind, locale, title, env):
    full = demo_event().text("title", locale) if title == "demo" else TITLE_200[locale]
    message = emails.build_notice(kind, "marieke@duurzaamdoor.example", locale, {**NOTICES[kind], "title": full})
    subject = message_from_bytes(message.as_bytes(), policy=policy.default)["Subject"]
    assert len(subject) <= words.MAX_SUBJECT, subject
    assert subject.startswith(NOTICE_ESSENCE[locale][kind] + " "), subject
    kept = subject.partition(": ")[2].removesuffix("…")
    assert full.startswith(kept) and full[len(kept)] in " ,", subject


@pytest.mark.parametrize("kind", emails.KINDS)
def test_every_dutch_subject_keeps_the_words(kind):
    for event in (demo_event(), demo_event(title=TITLE_200)):
        assert words.findings(sent(kind, "nl", event=event)["Subject"]) == []


def test_subjects_are_cut_by_one_function():
    essence, title = "Wachtlijst:", TITLE_200["nl"]
    assert emails.subject_line(essence, title) == sent("waitlisted", "nl", event=demo_event(title=TITLE_200))["Subject"]


# --- 24.3: the footer of the sent mail ---------------------------------------------------

def footer_of(text):
    return text.split("\n-- \n", 1)[1]


FOOTER = {"nl": ["Deze bijeenkomst wordt georganiseerd door DuurzaamDoor.",
                 "Je krijgt deze e-mail omdat je je hebt aangemeld voor Lerende ambtenaren versnellen circulaire economie.",
                 "We bewaren je gegevens tot 15 januari 2027. Daarna verwijderen we ze."],
          "en": ["This event is organised by DuurzaamDoor.",
                 "You are receiving this email because you registered for Learning civil servants speed up the circular economy.",
                 "We keep your details until 15 January 2027. Then we delete them."]}


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("kind, by", VARIANTS)
def test_the_sent_footer_says_who_why_how_to_stop_how_long_and_the_privacy_statement(kind, by, locale):
    mail = sent(kind, locale, by)
    text, html = parts(mail)
    footer_html = html.split("<footer", 1)[1]
    for sentence in FOOTER[locale]:
        assert sentence in footer_of(text), (kind, sentence)
        assert sentence in " ".join(readable("<body>" + footer_html).split()), (kind, sentence)
    assert PRIVACY in footer_of(text) and f'href="{PRIVACY}"' in footer_html
    stop = STOP if kind == emails.MESSAGE else MANAGE
    if STATUS.get(kind) == "cancelled":     # nothing more comes: the footer says so
        assert stop not in footer_of(text)
    else:
        assert stop in footer_of(text) and f'href="{stop}"' in footer_html


def test_a_message_stops_with_the_link_of_its_list_unsubscribe_header():
    mail = sent(emails.MESSAGE, "nl")
    text, html = parts(mail)
    header = re.fullmatch(r"<(\S+)>", str(mail["List-Unsubscribe"])).group(1)
    assert header == STOP
    assert header in footer_of(text) and f'href="{header}"' in html.split("<footer", 1)[1]


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("kind, by", VARIANTS)
def test_the_service_host_appears_only_in_links(kind, by, locale):
    text, html = parts(sent(kind, locale, by))
    for body in (re.sub(r"https?://\S+", "", text), readable(re.sub(r'(href|src)="[^"]*"', "", html))):
        assert HOST not in re.sub(r"https?://\S+", "", body)
        assert "127.0.0.1" not in body and "localhost" not in body and " via " not in body


def test_without_a_privacy_statement_the_footer_leaves_it_out():
    message = emails.build_message("registered", demo_event(), registration("registered", "nl"), links("registered"),
                                   SENDER, {"organisation": {"name": "DuurzaamDoor"}})
    text, html = parts(message_from_bytes(message.as_bytes(), policy=policy.default))
    assert "Privacyverklaring" not in text and "Privacyverklaring" not in html


# --- 24.11 and 24.10: the words of every mail ----------------------------------------------

NOTICES = {"login": {"link": f"https://{HOST}/organiser/login/abc", "minutes": 15},
           "export_ready": {"link": f"https://{HOST}/downloads/abc", "rows": 3, "hours": 24,
                            "title": "Lerende ambtenaren versnellen circulaire economie"},
           "digest": {"title": "Lerende ambtenaren versnellen circulaire economie",
                      "counts": {"new": 3, "cancelled": 1, "waitlisted": 2, "spots_left": 4},
                      "overview_url": f"https://{HOST}/organiser/events/x", "off_url": f"https://{HOST}/digest/x"}}


def notice(kind, locale):
    message = emails.build_notice(kind, "marieke@duurzaamdoor.example", locale, NOTICES[kind])
    return message_from_bytes(message.as_bytes(), policy=policy.default)


MAILS = [f"{kind}:{by}" for kind, by in VARIANTS] + [f"notice:{kind}" for kind in NOTICES]


def mail_named(name, locale, env):
    kind, _, by = name.partition(":")
    if kind == "notice":
        return notice(by, locale)
    return sent(kind, locale, None if by == "None" else by)


@pytest.mark.parametrize("name", MAILS)
def test_every_dutch_mail_keeps_the_words_in_both_parts(name, env):
    mail = mail_named(name, "nl", env)
    text, html = parts(mail)
    found = [f for line in lines(text) for f in words.findings(line)]
    found += [f for line in lines(readable(html)) for f in words.findings(line)]
    found += words.findings(mail["Subject"])
    assert found == []


# Dutch that a translated sentence would leave behind; the demo event's own values (its title,
# place and people) are left out before looking.
DUTCH = re.compile(r"\b(je|jij|jouw|de|het|een|van|voor|niet|wij|bij|naar|aanmelding\w*|aangemeld|afgemeld|"
                   r"bijeenkomst\w*|wachtlijst|plek\w*|inchecken|groet|beste|bekijk|bevestig\w*|e-mail)\b",
                   re.IGNORECASE)


@pytest.mark.parametrize("name", MAILS)
def test_every_english_mail_has_no_dutch(name, env):
    mail = mail_named(name, "en", env)
    text, html = parts(mail)
    values = ["DuurzaamDoor", "Catharijnesingel", "Tessa de Haas", "Utrecht Centraal", "De spreker is ziek.",
              MESSAGE["subject"], *MESSAGE["body"].split("\n")]
    for body in (text, readable(html), mail["Subject"]):
        for value in values:
            body = body.replace(value, "")
        body = re.sub(r"https?://\S+|\S+@\S+", "", body)
        assert DUTCH.findall(body) == [], (name, body)
    names = [part.get_filename() for part in mail.walk() if part.get_filename()]
    assert [n for n in names if DUTCH.search(n.replace("-", " ").replace(".", " "))] == []


def test_an_english_mail_names_its_qr_code_in_english():
    [image] = [p for p in sent("registered", "en").walk() if p.get_content_type() == "image/png"]
    assert image.get_filename() == "check-in.png"
    [image] = [p for p in sent("registered", "nl").walk() if p.get_content_type() == "image/png"]
    assert image.get_filename() == "inchecken.png"


def test_the_calendar_invite_still_travels_with_every_registration_mail():
    for kind in emails.KINDS:
        mail = sent(kind, "nl")
        expected = [] if kind in emails.WITHOUT_INVITE else ["invite.ics"]    # after the meeting: none
        assert [a.get_filename() for a in mail.iter_attachments()] == expected, kind
    assert emails.WITHOUT_INVITE == ("buddies", "follow_up", "follow_up_missed")


def test_the_html_part_is_still_inlined():
    _, html = parts(sent("registered", "nl"))
    assert "<style" not in html and 'class="button"' in html and "background-color: #1b6b4a" in html


# --- the footer of a mail the worker sent, with the organisation as stored ------------------

def test_the_worker_sends_the_footer_with_the_organisations_privacy_statement(client, demo_event, monkeypatch):
    from moto.ses.models import ses_backends

    from chalicelib import aws, outbox, signups
    from conftest import DEMO_EVENT, DEMO_ORG, registration_id, run_email_worker, signup
    aws.dynamodb().update_item(                 # as issue 28's organisation settings will store it
        TableName=aws.table_name(), Key={"PK": {"S": f"ORG#{DEMO_ORG['id']}"}, "SK": {"S": "META"}},
        UpdateExpression="SET privacy_statement_url = :u", ExpressionAttributeValues={":u": {"S": PRIVACY}})
    monkeypatch.setattr(outbox, "_organisations", {})
    assert signup(client, DEMO_EVENT["id"], name="Tessa de Haas", email="tessa@example.org",
                  organisation="Gemeente Utrecht", consent=True).status_code == 201
    run_email_worker(client)
    [raw] = [m.raw_data for m in ses_backends["123456789012"]["eu-west-1"].sent_messages]
    mail = message_from_bytes(raw.encode(), policy=policy.default)
    text, html = parts(mail)
    manage = signups.manage_url(DEMO_EVENT["id"], registration_id(DEMO_EVENT["id"], "tessa@example.org"))
    assert "Deze bijeenkomst wordt georganiseerd door DuurzaamDoor." in footer_of(text)
    assert f"Je krijgt deze e-mail omdat je je hebt aangemeld voor {DEMO_EVENT['title']['nl']}." in footer_of(text)
    assert "Meld je dan af op je aanmeldpagina:\n" + manage in footer_of(text)
    assert re.search(r"We bewaren je gegevens tot \d+ \w+ \d{4}\. Daarna verwijderen we ze\.", footer_of(text))
    assert f"Privacyverklaring: {PRIVACY}" in footer_of(text)
    assert f'href="{PRIVACY}"' in html.split("<footer", 1)[1]
    assert "signup.test" not in re.sub(r"https?://\S+", "", text)
