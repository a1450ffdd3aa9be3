"""Issue 29 items 5 and 6 walked in Chromium on the local stack, by visible links and buttons only:
an attendee changes their organisation from their mailed link (Dutch on a phone, English on a
laptop); the organiser, from /organiser, sees the change on the person's page and prints name
badges for everyone and for the people ticked on the list (Dutch at 1280 px, English at 390 px)."""

import pytest
from playwright.sync_api import expect

from test_browser import browser, field  # noqa: F401  (a fixture; skips the module without chromium)
from test_browser_organiser import no_sideways_scroll as fits, sign_in
from test_browser_participants import attendee_link
from test_browser_walk import DESKTOP, PHONE, record_navigations, shot, stack_json_title
from test_devstack import post_signup, stack  # noqa: F401  (stack is a fixture)

pytestmark = pytest.mark.xdist_group("live")
PEOPLE = [("Noor Bakker", "noor@gemeente.example", "Gemeente Zwolle", "nl", PHONE),
          ("Sam Jansen", "sam@provincie.example", "Provincie Utrecht", "en", DESKTOP)]
WORDS = {"nl": {"change": "Gegevens wijzigen", "organisation": "Organisatie", "save": "Opslaan",
                "saved": "Je gegevens zijn opgeslagen.", "people": "Deelnemers", "view": "Gegevens bekijken",
                "badges": "Naambadges", "chosen": "Naambadges van de gekozen deelnemers", "badge": "Naambadge",
                "history": "Wijzigingen door de deelnemer"},
         "en": {"change": "Change your details", "organisation": "Organisation", "save": "Save",
                "saved": "Your details have been saved.", "people": "Attendees", "view": "View details",
                "badges": "Name badges", "chosen": "Name badges of the chosen attendees", "badge": "Name badge",
                "history": "Changes made by the attendee"}}


def test_attendees_change_their_answers_and_the_organiser_sees_it_and_prints_badges(stack, browser):  # noqa: F811
    stack_json, _, _ = stack
    api, mail_url, event_id = stack_json["api_url"], stack_json["mail_url"], stack_json["event_id"]
    seen = []
    for name, email, organisation, lang, size in PEOPLE:
        assert post_signup(api, event_id, {"name": name, "email": email, "organisation": organisation,
                                           "consent": True, "locale": lang})[0] == 201
        words = WORDS[lang]
        context = browser.new_context(locale="nl-NL", viewport=size)
        record_navigations(context, seen)
        page = context.new_page()
        page.goto(attendee_link(mail_url, email))
        page.get_by_role("link", name=words["change"]).click()
        expect(page.locator("html")).to_have_attribute("lang", lang)
        fits(page)
        expect(field(page, words["organisation"])).to_have_value(organisation)
        field(page, words["organisation"]).fill("Waterschap Vallei")
        page.get_by_role("button", name=words["save"]).click()
        expect(page.locator("body")).to_contain_text(words["saved"])
        expect(page.locator("#own-answers")).to_contain_text("Waterschap Vallei")
        shot(page, f"answers-saved-{lang}-{size['width']}")
        context.close()

    for lang, size in (("nl", DESKTOP), ("en", PHONE)):
        words = WORDS[lang]
        context = browser.new_context(locale="nl-NL", viewport=size)
        record_navigations(context, seen)
        page = context.new_page()
        sign_in(page, stack_json, lang)
        title = stack_json_title(stack_json) if lang == "en" else _dutch_title()
        page.get_by_role("link", name=title, exact=True).click()
        page.locator("nav.subnav").get_by_role("link", name=words["people"]).click()
        fits(page)
        page.get_by_role("link", name=f"{words['view']} Noor Bakker").click()
        expect(page.locator("html")).to_have_attribute("lang", lang)
        history = page.locator("#history")
        expect(history).to_contain_text("Gemeente Zwolle")
        expect(history).to_contain_text("Waterschap Vallei")
        fits(page)
        shot(page, f"person-{lang}-{size['width']}")
        page.locator("nav.subnav").get_by_role("link", name=words["badges"]).click()
        expect(page.locator(".badge")).to_have_count(2)
        expect(page.locator(".sheet")).to_have_count(1)
        fits(page)
        shot(page, f"badges-{lang}-{size['width']}")
        page.locator("nav.subnav").get_by_role("link", name=words["people"]).click()
        page.get_by_label(f"{words['badge']} Sam Jansen").check()
        page.get_by_role("button", name=words["chosen"]).click()
        expect(page.locator(".badge")).to_have_count(1)
        expect(page.locator(".badge-name")).to_have_text("Sam Jansen")
        expect(page.locator(".badge-organisation")).to_have_text("Waterschap Vallei")
        context.close()
    assert seen and not [(status, url) for status, url in seen if status >= 400], seen


def _dutch_title():
    from conftest import DEMO_EVENT
    return DEMO_EVENT["title"]["nl"]


SESSION_WORDS = {
    "nl": {"session": "Zoek maatjes: samen leren in kleine clubjes", "people": "Deelnemers", "list": "Presentielijst",
           "show": "Toon de lijst", "rooms": "Lijst per zaal", "door": "Bij de deur", "search": "Zoeken",
           "message": "Bericht sturen", "subject": "Onderwerp", "body": "Bericht (platte tekst)",
           "preview": "Bekijk het voorbeeld", "label": "Sessie", "send": "Verstuur naar 2 deelnemers",
           "menu": "Hoofdmenu", "log": "Logboek", "logged": "Naar 2 deelnemers. Sessie: maatjes."},
    "en": {"session": "Find buddies: learning together in small groups", "people": "Attendees",
           "list": "Attendance list", "show": "Show the list", "rooms": "List per room", "door": "At the door",
           "search": "Search", "message": "Send a message", "subject": "Subject", "body": "Message (plain text)",
           "preview": "See the preview", "label": "Session", "send": "Send to 2 attendees",
           "menu": "Main menu", "log": "Log", "logged": "To 2 participants. Session: maatjes."}}


def test_the_organiser_works_per_session_by_clicking(stack, browser):  # noqa: F811
    """Issue 29 item 3: from /organiser to the counts per session, the filtered people list, the
    attendance list of one session, the list per room, the door and a message to one session."""
    stack_json, _, _ = stack
    api, event_id = stack_json["api_url"], stack_json["event_id"]
    for n, (name, first) in enumerate((("Anne de Vries", "maatjes"), ("Bram Bakker", "maatjes"),
                                       ("Cor van Dijk", "randvoorwaarden"))):
        assert post_signup(api, event_id, {"name": name, "email": f"p{n}@gemeente.example", "organisation": "Gemeente",
                                           "consent": True, "sessions": [first, "samenspel"]})[0] == 201
    seen = []
    for lang, size in (("nl", DESKTOP), ("en", PHONE)):
        words = SESSION_WORDS[lang]
        context = browser.new_context(locale="nl-NL", viewport=size)
        record_navigations(context, seen)
        page = context.new_page()
        sign_in(page, stack_json, lang)
        page.get_by_role("link", name=stack_json_title(stack_json) if lang == "en" else _dutch_title(), exact=True).click()
        counts = page.locator('#session-counts tr[data-session="maatjes"]')
        expect(counts.locator(".seated")).to_have_text("2")
        fits(page)
        shot(page, f"sessions-overview-{lang}-{size['width']}")
        counts.get_by_role("link", name=words["session"]).click()
        expect(page.locator("tr[data-registration]")).to_have_count(2)
        fits(page)
        page.locator("nav.subnav").get_by_role("link", name=words["list"]).click()
        page.get_by_label(words["label"]).select_option("maatjes")
        page.get_by_role("button", name=words["show"]).click()
        expect(page.locator("table.attendance tbody tr")).to_have_count(2)
        page.get_by_role("link", name=words["rooms"]).click()
        expect(page.locator('table[data-session="maatjes"] tbody tr')).to_have_count(2)
        expect(page.locator('table[data-session="samenspel"] tbody tr')).to_have_count(3)
        fits(page)
        shot(page, f"rooms-{lang}-{size['width']}")
        page.locator("nav.subnav").get_by_role("link", name=words["door"]).click()
        page.get_by_label(words["label"]).select_option("randvoorwaarden")
        page.get_by_role("button", name=words["search"]).click()
        expect(page.locator(".door-list li")).to_have_count(1)
        page.locator("nav.subnav").get_by_role("link", name=words["message"]).click()
        page.get_by_label(words["label"]).select_option("maatjes")
        field(page, words["subject"]).fill("Andere zaal")
        field(page, words["body"]).fill("We zitten in zaal 5.")
        page.get_by_role("button", name=words["preview"]).click()
        expect(page.locator("#recipients")).to_have_attribute("data-recipients", "2")
        fits(page)
        page.get_by_role("button", name=words["send"]).click()
        page.get_by_role("navigation", name=words["menu"]).get_by_role("link", name=words["log"]).click()
        expect(page.locator('tr[data-action="message"]').first).to_contain_text(words["logged"])
        fits(page)
        shot(page, f"log-session-message-{lang}-{size['width']}")
        context.close()
    assert seen and not [(status, url) for status, url in seen if status >= 400], seen
