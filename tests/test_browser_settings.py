"""Issue 28 items 4-6 in a real browser on the local stack, by visible link and button names only,
from /organiser: the beheerder opens "Instellingen", is refused a light colour (with the measured
contrast), saves a dark one, uploads a logo that the hosted form then shows, writes the opening of
the confirmation mail and previews it; then the same pages in English. axe-core finds nothing at
1,280 and 390 px on each page."""
import re

import pytest

from test_browser import CHROMIUM, browser  # noqa: F401  (a fixture; skips the module without chromium)
from test_browser_organiser import DESKTOP, check, sign_in
from test_devstack import stack  # noqa: F401  (a fixture)

pytestmark = pytest.mark.xdist_group("live")
LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 10" onload="alert(1)"><title>DuurzaamDoor</title>'
        '<rect width="40" height="10" fill="#1b6b4a"/></svg>')


def test_a_beheerder_sets_the_organisations_face_and_the_words_of_the_mails(stack, browser, tmp_path):  # noqa: F811
    stack_json, _, _ = stack
    api = stack_json["api_url"]
    page = browser.new_page(locale="nl-NL", viewport=DESKTOP)
    sign_in(page, stack_json)

    page.get_by_role("link", name="Instellingen", exact=True).click()
    assert page.inner_text("h1") == "Instellingen: DuurzaamDoor"
    assert page.get_by_label("Adres van je privacyverklaring").input_value().startswith("https://")   # the demo's
    check(page, "instellingen")

    page.get_by_label("Huiskleur").fill("#ffcc00")
    page.get_by_role("button", name="Instellingen opslaan").click()
    assert "Gemeten contrast met wit: 1,51 op 1. Nodig is minstens 4,5 op 1." in page.inner_text("main")
    check(page)
    page.get_by_label("Huiskleur").fill("#154273")
    page.get_by_role("button", name="Instellingen opslaan").click()
    assert "De instellingen zijn opgeslagen." in page.inner_text("main")

    logo = tmp_path / "logo.svg"
    logo.write_text(LOGO)
    page.get_by_label("Nieuw logo").set_input_files(str(logo))
    page.get_by_role("button", name="Logo opslaan").click()
    assert "Het logo is opgeslagen." in page.inner_text("main")
    src = page.get_by_role("img", name="Logo van DuurzaamDoor").get_attribute("src")
    served = page.request.get(src)
    assert served.headers["content-type"] == "image/svg+xml" and "onload" not in served.text()
    check(page)

    # the words of the confirmation mail, in the demo event's editor
    page.get_by_role("link", name="Bijeenkomsten", exact=True).first.click()
    page.get_by_role("link", name=re.compile("Lerende ambtenaren")).first.click()
    page.get_by_role("link", name="Bewerken").first.click()
    page.get_by_label("Begin van de bevestigingsmail (Nederlands)").fill("Fijn dat je komt! Neem je laptop mee.")
    page.get_by_role("button", name="Voorbeeld van de e-mails").click()
    previews = page.locator("#mail-previews")
    assert "Fijn dat je komt! Neem je laptop mee." in previews.text_content()      # the text part, folded away
    assert "Aangemeld: " in previews.inner_text()
    check(page)
    page.get_by_role("button", name="Opslaan", exact=True).last.click()

    # the hosted form now wears the colour, the logo and the privacy statement
    visitor = browser.new_page(locale="nl-NL", viewport=DESKTOP)
    visitor.goto(f"{api}/events/{stack_json['event_id']}/form")
    assert visitor.locator(".house-name").inner_text() == "DuurzaamDoor"
    assert visitor.locator("img.house-logo").count() == 1
    assert visitor.get_by_role("link", name="Privacyverklaring van DuurzaamDoor").count() == 1, visitor.content()[-1500:]
    check(visitor)

    # in English, by the language link
    page.get_by_role("link", name="English").click()
    page.get_by_role("link", name="Settings", exact=True).click()
    assert page.inner_text("h1") == "Settings: DuurzaamDoor"
    page.get_by_label("House colour").fill("#fff000")
    page.get_by_role("button", name="Save settings").click()
    assert "This colour is too light." in page.inner_text("main")
    assert re.search(r"Measured contrast with white: 1\.\d\d to 1\.", page.inner_text("main"))
    check(page)
