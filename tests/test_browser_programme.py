"""Issue 29 in a real browser on the local stack (the demo event with its programme, as make dev
has it): a visitor on a phone (390 px) chooses a workshop on the hosted form, gets the thank-you
page, opens the attendee page from the mail and switches to another session; the same in English
at 1280 px. Screenshots go to build/screenshots/ (docs/img/ with SCREENSHOTS=docs)."""
import re

import pytest

from conftest import SCREENSHOTS
from test_browser import CHROMIUM, browser, field, mails_to  # noqa: F401  (browser: a fixture)
from test_devstack import stack, wait_for  # noqa: F401,F811  (stack: a fixture)

pytestmark = pytest.mark.xdist_group("live")
assert CHROMIUM


@pytest.mark.parametrize("lang, width, words", [
    ("nl", 390, {"name": "Naam", "email": "E-mailadres", "org": "Organisatie", "consent": "Ik geef DuurzaamDoor",
                 "submit": "Aanmelden", "thanks": "Je aanmelding is ontvangen", "manage": "Bekijk je aanmelding",
                 "first": "Zoek maatjes: samen leren in kleine clubjes", "second": "Circulair bouwen",
                 "save": "Keuze opslaan", "switched": "Je keuze is veranderd.", "seat": "je hebt een plek",
                 "programme": "Jouw programma"}),
    ("en", 1280, {"name": "Name", "email": "Email address", "org": "Organisation", "consent": "I allow DuurzaamDoor",
                  "submit": "Sign up", "thanks": "Your signup has been received", "manage": "View your registration",
                  "first": "Find buddies: learning together in small groups", "second": "Circular building",
                  "save": "Save choice", "switched": "Your choice has been changed.", "seat": "you have a place",
                  "programme": "Your programme"})])
def test_choose_a_workshop_then_switch_from_the_attendee_page(stack, browser, lang, width, words):  # noqa: F811
    stack_json, _, _ = stack
    api, mail_url, eid = stack_json["api_url"], stack_json["mail_url"], stack_json["event_id"]
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="nl-NL" if lang == "nl" else "en-GB")
    page.goto(f"{api}/events/{eid}/form" + ("" if lang == "nl" else "?lang=en"))
    email = f"walker-{lang}@example.org"
    field(page, words["name"]).fill("Fatima El Amrani")
    field(page, words["email"]).fill(email)
    field(page, words["org"]).fill("Gemeente Utrecht")
    round_one = page.get_by_role("group", name=re.compile("^" + ("Werksessies ronde 1" if lang == "nl"
                                                                  else "Workshops, round 1")))
    round_one.get_by_role("radio", name=words["first"]).check()
    assert page.get_by_role("radio", name=words["first"]).is_checked()
    page.get_by_label(words["consent"], exact=False).check()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"programme-form-{lang}-{width}.png"), full_page=True)
    page.get_by_role("button", name=words["submit"]).click()
    assert page.inner_text("h1") == words["thanks"]

    [mail] = wait_for(lambda: mails_to(mail_url, email), 10, "the confirmation arrived")
    text = mail.get_body(("plain",)).get_content()
    assert words["programme"] in text and words["first"] in text and "Zaal 2" in text
    page.goto(re.search(re.escape(api) + r"/registrations/[\w.-]+", text).group(0))
    assert words["first"] in page.inner_text("#choice-ronde-1") and words["seat"] in page.inner_text("#choice-ronde-1")

    switch = page.locator("#switch-ronde-1")
    switch.get_by_role("radio", name=re.compile("^" + re.escape(words["second"]))).check()
    page.locator("form.switch", has=switch).get_by_role("button", name=words["save"]).click()
    assert words["switched"] in page.inner_text("body")
    assert words["second"] in page.inner_text("#choice-ronde-1")
    page.screenshot(path=str(SCREENSHOTS / f"programme-attendee-{lang}-{width}.png"), full_page=True)
    # nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= width
