"""Issue 28 items 7 and 8 in a real browser on the local stack, by visible links and buttons from
/organiser: limit the demo event to a mail domain in the editor (its form then says so and refuses
another address), archive it and find it under "Gearchiveerd", bring it back, close registration,
and delete it after the step that names what goes. In Dutch at 1,280 px and in English at 390 px;
axe-core finds nothing on the new pages."""
import re

import pytest
from playwright.sync_api import expect

from conftest import DEMO_EVENT
from test_browser import CHROMIUM, browser, field  # noqa: F401  (a fixture; skips the module without chromium)
from test_browser_organiser import check, sign_in
from test_browser_organiser import no_sideways_scroll as fits
from test_devstack import get_json, stack, wait_for  # noqa: F401  (stack is a fixture)
from test_browser_walk import record_navigations

pytestmark = pytest.mark.xdist_group("live")
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
WORDS = {
    "nl": {"email": "E-mailadres", "events": "Bijeenkomsten",
           "edit": "Bewerken", "domains": "Alleen voor e-mailadressen van", "save": "Opslaan", "archive": "Archiveren",
           "archived": "Gearchiveerd", "restore": "Terugzetten", "close": "Aanmelding sluiten",
           "delete": "Bijeenkomst verwijderen", "yes": "Ja, bijeenkomst verwijderen", "name": "Naam",
           "signup": "Aanmelden", "refused": "alleen voor e-mailadressen van bepaalde organisaties",
           "limited": "alleen voor e-mailadressen van: minienw.nl", "none": "0 aanmeldingen",
           "deleted": "De bijeenkomst en al haar gegevens zijn verwijderd.", "back": "De bijeenkomst staat weer in je lijst."},
    "en": {"email": "Email address", "events": "Events",
           "edit": "Edit", "domains": "Only for email addresses at", "save": "Save", "archive": "Archive",
           "archived": "Archived", "restore": "Bring back", "close": "Close registration",
           "delete": "Delete event", "yes": "Yes, delete the event", "name": "Name",
           "signup": "Sign up", "refused": "only for email addresses of certain organisations",
           "limited": "only for email addresses at: minienw.nl", "none": "0 registrations",
           "deleted": "The event and all its data have been deleted.", "back": "The event is back in your list."},
}


@pytest.mark.parametrize("lang,size", [("nl", DESKTOP), ("en", PHONE)])
def test_limit_archive_close_and_delete_by_visible_links(stack, browser, lang, size):  # noqa: F811
    stack_json, _, _ = stack
    api = stack_json["api_url"]
    words, title = WORDS[lang], DEMO_EVENT["title"][lang]
    seen = []
    context = browser.new_context(locale="nl-NL", viewport=size)
    record_navigations(context, seen)
    page = context.new_page()
    sign_in(page, stack_json, lang)
    expect(page.locator("h1")).to_have_text(words["events"])

    # 7. the event only for addresses at minienw.nl
    page.get_by_role("link", name=title, exact=True).click()
    page.get_by_role("navigation").get_by_role("link", name=words["edit"], exact=True).click()
    page.get_by_label(words["domains"]).fill("minienw.nl")
    page.get_by_role("button", name=words["save"], exact=True).last.click()
    visitor = context.new_page()        # a visitor opens the form from the invitation
    visitor.goto(f"{api}/events/{DEMO_EVENT['id']}/form" + ("?lang=en" if lang == "en" else ""))
    expect(visitor.locator("#limited-domains")).to_contain_text(words["limited"])
    field(visitor, words["name"]).fill("Iemand Anders")
    field(visitor, words["email"]).fill("iemand@gemeente.example")
    if visitor.locator("#consent").count():
        visitor.locator("#consent").check()
    visitor.get_by_role("button", name=words["signup"], exact=True).click()
    expect(visitor.locator("#email-error")).to_contain_text(words["refused"])
    fits(visitor)
    visitor.close()

    # 8. archive, find it under Gearchiveerd, bring it back
    page.get_by_role("link", name=words["events"], exact=True).first.click()
    page.get_by_role("link", name=title, exact=True).click()
    page.get_by_role("button", name=words["archive"], exact=True).click()
    expect(page.locator("h1")).to_have_text(words["archived"])
    fits(page)
    check(page)
    page.get_by_role("link", name=words["events"], exact=True).first.click()
    expect(page.get_by_role("link", name=title, exact=True)).to_have_count(0)
    page.get_by_role("link", name=re.compile("^" + words["archived"])).click()
    page.get_by_role("button", name=re.compile("^" + words["restore"])).click()
    expect(page.get_by_role("status").first).to_have_text(words["back"])

    # close registration from the event's page, then delete it after the step that names what goes
    page.get_by_role("button", name=words["close"], exact=True).click()
    expect(page.locator("#open-registration")).to_be_visible()
    page.get_by_role("link", name=words["delete"], exact=True).click()
    expect(page.locator("#what-goes")).to_contain_text(words["none"])
    fits(page)
    check(page)
    page.get_by_role("button", name=words["yes"], exact=True).click()
    expect(page.get_by_role("status").first).to_have_text(words["deleted"])
    expect(page.get_by_role("link", name=title, exact=True)).to_have_count(0)
    assert get_json(f"{api}/health") == {"status": "ok"}
    assert not [(status, url) for status, url in seen if status >= 400 and "/signups" not in url], seen
    context.close()
