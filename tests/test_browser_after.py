"""After the meeting in a real browser on the local stack (issue 30): the organiser checks people in
at the door and sets the thank-you mail's moment in the editor, by visible links from /organiser;
the attendee opens the evaluation and the proof from the mail, answers, downloads the PDF and opens
its verification link; the organiser reads the evaluation. Dutch at 1,280 px, English at 390 px;
axe-core on every new page."""
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import DEMO_EVENT, SCREENSHOTS
from test_browser import browser  # noqa: F401 (a fixture)
from test_browser_dashboard import mails, no_axe_violations, sign_in, text_of
from test_devstack import post_signup, request_json, running_stack, wait_for

pytestmark = pytest.mark.xdist_group("live")
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
EVENT = "terugkomdag-circulair"
TITLE = {"nl": "Terugkomdag circulair", "en": "Circular follow-up day"}


def link_in(mail, path):
    return re.search(r"https?://\S+/" + path + r"/[\w.-]+", text_of(mail)).group(0)


def test_after_the_meeting_in_the_browser(tmp_path, browser):  # noqa: F811
    with running_stack(tmp_path, SCHEDULE_SECONDS="1") as (stack_json, _, _):
        api, mail_url = stack_json["api_url"], stack_json["mail_url"]
        zone = ZoneInfo("Europe/Amsterdam")
        start = (datetime.now(zone) - timedelta(days=1)).replace(hour=13, minute=0, second=0, microsecond=0)
        body = {**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, "title": TITLE, "locales": ["nl", "en"],
                "starts_at": start.replace(tzinfo=None).isoformat(),
                "ends_at": (start + timedelta(hours=4)).replace(tzinfo=None).isoformat(),
                "follow_up_at": "2099-01-01T09:00:00", "proof_of_attendance": True,
                "materials": [{"title": "Dia's van de middag", "url": "https://www.example.org/dias.pdf"}]}
        request_json(f"{api}/events/{EVENT}", body, "PUT", {"Authorization": f"Bearer {stack_json['admin_token']}"})
        for name, address, locale in (("Tessa de Haas", "tessa@example.org", "nl"), ("Sam Bakker", "sam@example.org", "en"),
                                      ("Zoë van den Berg", "zoe@example.org", "nl")):
            assert post_signup(api, EVENT, {"name": name, "email": address, "consent": True, "locale": locale, "organisation": "DuurzaamDoor"})[0] == 201

        # the organiser, from /organiser by visible links: check two people in, then send the thank-you mail now
        page = browser.new_page(viewport=DESKTOP, locale="nl-NL")
        sign_in(page, stack_json)
        page.get_by_role("link", name=TITLE["nl"]).first.click()
        page.get_by_role("link", name="Bij de deur").click()
        for name in ("Tessa de Haas", "Sam Bakker"):
            page.get_by_role("button", name=re.compile(rf"^Inchecken\W+{name}$")).click()
        page.get_by_role("link", name="Bewerken").first.click()
        yesterday = (datetime.now(zone) - timedelta(days=1)).date().isoformat()
        page.get_by_label("Bedankmail versturen op (datum)").fill(yesterday)
        page.get_by_label("Bedankmail versturen om (tijd)").fill("23:00")
        page.get_by_label("Eigen vragen in de evaluatie").fill("Kom je volgend jaar weer?")
        page.get_by_role("button", name="Opslaan").click()

        def follow_ups():
            found = {to[0]: m for to, m in mails(mail_url) if m["Subject"].startswith(("Bedankt:", "Thank you:", "Gemist:"))}
            return found if len(found) == 3 else None
        sent = wait_for(follow_ups, 30, "three follow-up mails")
        assert sent["zoe@example.org"]["Subject"].startswith("Gemist:")
        assert "Jammer dat je er niet bij was." in text_of(sent["zoe@example.org"])
        assert sent["sam@example.org"]["Subject"].startswith("Thank you:")

        # Tessa, from her mail: the evaluation, then the proof, its PDF and its check
        mail = sent["tessa@example.org"]
        assert "Dia's van de middag: https://www.example.org/dias.pdf" in text_of(mail)
        attendee = browser.new_page(viewport=DESKTOP, locale="nl-NL")
        attendee.goto(link_in(mail, "evaluation"))
        assert "Kom je volgend jaar weer?" in attendee.content()
        no_axe_violations(attendee, "evaluation")
        attendee.get_by_role("radio", name="8", exact=True).check()
        attendee.get_by_label("Wat was het nuttigst?").fill("De workshop over inkoop")
        attendee.get_by_role("button", name="Antwoorden versturen").click()
        assert "Bedankt! We hebben je antwoorden ontvangen." in attendee.content()
        attendee.screenshot(path=str(SCREENSHOTS / "evaluatie-deelnemer.png"), full_page=True)

        attendee.goto(link_in(mail, "proof"))
        assert "Tessa de Haas" in attendee.content() and "4 uur" in attendee.content()
        no_axe_violations(attendee, "proof")
        pdf = attendee.request.get(attendee.get_by_role("link", name="Bewijs van deelname downloaden (PDF)").get_attribute("href"))
        assert pdf.headers["content-type"] == "application/pdf" and pdf.body()[:5] == b"%PDF-"
        attendee.get_by_role("link", name=re.compile(r"verify")).click()
        assert "Dit bewijs van deelname is echt" in attendee.content() and "Tessa de Haas" in attendee.content()
        no_axe_violations(attendee, "verify")
        attendee.goto(attendee.url[:-3] + "xyz")
        assert "Dit bewijs van deelname is niet echt" in attendee.content()

        # Sam, in English on a phone
        phone = browser.new_page(viewport=PHONE, locale="en-GB")
        phone.goto(link_in(sent["sam@example.org"], "evaluation"))
        phone.get_by_role("radio", name="6", exact=True).check()
        phone.get_by_label("What could be better?").fill("More coffee")
        phone.get_by_role("button", name="Send answers").click()
        assert "Thank you! We have received your answers." in phone.content()
        no_axe_violations(phone, "evaluation at 390 px")

        # the organiser reads the evaluation: from the Overzicht, in Dutch, then in English on a phone
        page.get_by_role("link", name="Overzicht").first.click()
        page.get_by_role("link", name="Bekijk de evaluatie").click()
        counts = page.locator("#evaluation-counts").inner_text()
        assert "2" in counts and "100%" in counts and "7,0" in counts
        assert "De workshop over inkoop" in page.content() and "More coffee" in page.content()
        no_axe_violations(page, "evaluation results")
        page.screenshot(path=str(SCREENSHOTS / "evaluatie.png"), full_page=True)
        import io
        import openpyxl
        xlsx = page.request.get(page.get_by_role("link", name="Download de antwoorden als Excel-bestand").get_attribute("href"))
        rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.body())).active.iter_rows(values_only=True))
        assert sorted(row[0] for row in rows[1:]) == [6, 8]
        page.set_viewport_size(PHONE)
        page.get_by_role("link", name="English").click()
        assert "View the evaluation" not in page.content() and "average score" in page.content()
        no_axe_violations(page, "evaluation results, English, 390 px")
