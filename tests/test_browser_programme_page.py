"""Issue 29 in a real browser on the local stack: an organiser signs in at /organiser, opens the
demo event, goes to "Programma" by its visible link, adds a workshop to the last round and saves;
a visitor then finds it on the hosted form. In Dutch at 1,280 px and in English at 390 px; axe-core
finds nothing on the page (screenshots for the guide with SCREENSHOTS=docs)."""
import re

import pytest
from playwright.sync_api import expect

from conftest import DEMO_EVENT, DEMO_PROGRAMME
from test_browser import CHROMIUM, browser, field  # noqa: F401  (a fixture; skips the module without chromium)
from test_browser_organiser import check, sign_in
from test_browser_organiser import no_sideways_scroll as fits
from test_browser_walk import record_navigations
from test_devstack import stack  # noqa: F401  (a fixture)

pytestmark = pytest.mark.xdist_group("live")
assert CHROMIUM
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
WORDS = {
    "nl": {"events": "Bijeenkomsten",
           "programme": "Programma", "add": "Sessie toevoegen", "title": "Titel (Nederlands)", "room": "Zaal",
           "places": "Aantal plekken", "save": "Programma opslaan",
           "saved": "Het programma is opgeslagen. Het formulier laat de sessies nu zien.",
           "workshop": "Hergebruik in de bouw"},
    "en": {"events": "Events",
           "programme": "Programme", "add": "Add a session", "title": "Title (Dutch)", "room": "Room",
           "places": "Number of places", "save": "Save programme",
           "saved": "The programme is saved. The form now shows the sessions.", "workshop": "Reuse in construction"},
}


@pytest.mark.parametrize("lang,size", [("nl", DESKTOP), ("en", PHONE)])
def test_an_organiser_adds_a_workshop_that_visitors_then_choose(stack, browser, lang, size):  # noqa: F811
    stack_json, _, _ = stack
    api = stack_json["api_url"]
    words, title = WORDS[lang], DEMO_EVENT["title"][lang]
    seen = []
    context = browser.new_context(locale="nl-NL", viewport=size)
    record_navigations(context, seen)
    page = context.new_page()
    sign_in(page, stack_json, lang)
    expect(page.locator("h1")).to_have_text(words["events"])

    page.get_by_role("link", name=title, exact=True).click()
    page.get_by_role("navigation").get_by_role("link", name=words["programme"], exact=True).click()
    rounds = DEMO_PROGRAMME["programme"]["rounds"]
    last = len(rounds) - 1
    page.get_by_role("button", name=f"{words['add']} (", exact=False).nth(last).click()
    new = page.locator("fieldset.round").nth(last).locator("fieldset.question").last
    expect(new.get_by_label(words["title"])).to_be_focused()
    new.get_by_label(words["title"]).fill(words["workshop"])
    new.get_by_label(words["room"], exact=True).fill("Zaal 5")
    new.get_by_label(words["places"]).fill("12")
    fits(page)
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_role("status").first).to_have_text(words["saved"])
    check(page, "programma" if lang == "nl" else None)

    visitor = context.new_page()
    visitor.goto(f"{api}/events/{DEMO_EVENT['id']}/form" + ("?lang=en" if lang == "en" else ""))
    expect(visitor.get_by_role("radio", name=re.compile("^" + words["workshop"]))).to_be_visible()
    fits(visitor)
    assert not [(status, url) for status, url in seen if status >= 400], seen
    context.close()
