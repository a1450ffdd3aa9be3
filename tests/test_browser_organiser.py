"""An organiser in a real browser on the local stack (issue 9's "done when"): sign in with the
link from the mail viewer, create an event with a select question, embed it, sign up on its
hosted form, see the seat taken, download Excel, make a key for Excel. axe-core finds nothing on
any page, at desktop width and at 390 px; the screenshots illustrate docs/handleiding-organisator.md."""
import re

import pytest

from conftest import SCREENSHOTS
from test_browser import CHROMIUM, browser, mails_to  # noqa: F401  (a fixture; skips the module without chromium)
from test_devstack import stack, wait_for  # noqa: F401  (stack is a fixture)

pytestmark = pytest.mark.xdist_group("live")
IMG = SCREENSHOTS
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
TITLE = "Netwerkmiddag warmtetransitie"
EVENT_ID = "netwerkmiddag-warmtetransitie-2027-02-10"


def check(page, name=None, element=None):
    """axe-core on the page as it stands, at desktop width and at 390 px; screenshots for the guide."""
    from axe_playwright_python.sync_playwright import Axe
    axe = Axe()
    for size, suffix in ((DESKTOP, ""), (PHONE, "-mobiel")):
        page.set_viewport_size(size)
        results = axe.run(page)
        assert results.violations_count == 0, f"{page.url} at {size['width']} px:\n{results.generate_report()}"
        if name:
            IMG.mkdir(parents=True, exist_ok=True)
            target = page.locator(element) if element and not suffix else page
            target.screenshot(path=str(IMG / f"{name}{suffix}.png"))
    page.set_viewport_size(DESKTOP)


def sign_in_link(mail_url, address, after=0):
    """The link of the newest sign-in mail to ``address``, once more than ``after`` mails went there."""
    def link():
        mails = mails_to(mail_url, address)
        text = len(mails) > after and mails[-1].get_body(("plain",)).get_content()
        return text and re.search(r"http://[\w.:]+/organiser/login/[\w-]+", text)
    return wait_for(link, 10, "the sign-in mail arrived").group(0)


def sign_in(page, stack_json, lang="nl"):
    """Sign in as the demo organiser as a first-time member does: /organiser (English by its link),
    the address, the mailed link, the one button; the page ends on the list of events."""
    api, mail_url, address = stack_json["api_url"], stack_json["mail_url"], stack_json["organiser_email"]
    page.goto(f"{api}/organiser")
    if lang == "en":
        page.get_by_role("link", name="English").click()
    page.get_by_label("Email address" if lang == "en" else "E-mailadres").fill(address)
    before = len(mails_to(mail_url, address))        # signed in before: wait for this request's mail
    page.get_by_role("button", name=re.compile("sign-in link", re.I) if lang == "en" else "Stuur mij een inloglink").click()
    page.goto(sign_in_link(mail_url, address, after=before) + ("?lang=en" if lang == "en" else ""))
    page.get_by_role("button", name="Sign in" if lang == "en" else "Inloggen").click()
    page.wait_for_url(re.compile(r"/organiser(\?lang=en)?$"))


# The words of the table headers one sees that are split over two lines ("Wachtlijs / t"): each
# word's line boxes, by a Range over it. A card table's header row at a phone's width is hidden
# (clipped to 1 px), as is a chart's table for screen readers: not seen, not counted.
_BROKEN_HEADER_WORDS = """() => {
  const broken = [];
  for (const th of document.querySelectorAll("thead th")) {
    const box = th.getBoundingClientRect();
    if (box.width <= 2 || th.closest(".visually-hidden, .sr-only")) continue;
    const texts = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let node; (node = texts.nextNode());) {
      if (node.parentElement.closest(".visually-hidden, .sr-only")) continue;
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""


def no_sideways_scroll(page):
    """Issue 22 item 9: the page fits 320 and 390 px (and 1,280) without scrolling sideways, and
    no table header breaks inside a word ("Beze / t") at any of those widths."""
    page.wait_for_load_state("load")        # a click that navigates returns once the new page has begun
    size = page.viewport_size
    for width in (320, 390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{page.url} is {scroll} px wide at {width} px"
        assert page.evaluate(_BROKEN_HEADER_WORDS) == [], f"{page.url}: table headers broken mid-word at {width} px"
    page.set_viewport_size(size)


def walk_the_rest_of_the_guide(page):
    """Issue 22's walk, by visible link and button texts only: the event's name opens the Overzicht,
    Excel, a message, check-in at the door on a phone, signing out."""
    page.get_by_role("link", name="Bijeenkomsten", exact=True).first.click()
    no_sideways_scroll(page)
    page.get_by_role("link", name=TITLE, exact=True).click()
    assert page.inner_text("h1") == TITLE
    no_sideways_scroll(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als Excel-bestand").click()
    assert download.value.suggested_filename == f"{EVENT_ID}-aanmeldingen.xlsx"

    page.get_by_role("link", name="Bericht sturen").first.click()
    no_sideways_scroll(page)
    assert "Beste [naam]," in page.inner_text("#body-hint")
    page.get_by_label("Onderwerp").fill("Andere zaal")
    page.get_by_label("Bericht (platte tekst)").fill("We zitten in zaal 2.")
    page.get_by_role("button", name="Bekijk het voorbeeld").click()
    no_sideways_scroll(page)
    page.get_by_role("button", name=re.compile(r"^Verstuur naar")).click()
    assert "Het bericht gaat naar 1 deelnemer." in page.inner_text("[role=status]")
    page.get_by_role("link", name="Overzicht", exact=True).click()
    no_sideways_scroll(page)     # the messages table: a row at 1,280 px, a card per message on a phone
    check(page, "berichten-overzicht", "#messages")
    assert "Andere zaal" in page.get_by_role("region", name="Verstuurde berichten").inner_text()

    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Bij de deur").click()
    no_sideways_scroll(page)
    page.get_by_label("Zoek een naam of organisatie").fill("Fatima")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("button", name=re.compile(r"^Inchecken\W+Fatima el Amrani$")).click()
    assert "Fatima el Amrani is ingecheckt." in page.inner_text(".notice[role=status]")
    assert page.get_by_label("Zoek een naam of organisatie").input_value() == ""
    check(page, "deur-na-inchecken")
    page.get_by_role("link", name="Presentielijst").click()
    no_sideways_scroll(page)
    assert "✓" in page.get_by_role("row").filter(has_text="Fatima el Amrani").inner_text()
    page.set_viewport_size(DESKTOP)

    page.get_by_role("button", name="Uitloggen").click()
    assert page.inner_text("[role=status]") == "Je bent uitgelogd."
    assert "Aanmelden" not in page.inner_text("header")


def test_an_organiser_signs_in_creates_embeds_and_downloads_excel(stack, browser, tmp_path):  # noqa: F811
    stack_json, _, _ = stack
    api, mail_url, address = stack_json["api_url"], stack_json["mail_url"], stack_json["organiser_email"]
    page = browser.new_page(locale="nl-NL", viewport=DESKTOP, accept_downloads=True)

    page.goto(f"{api}/organiser")
    check(page, "inloggen")
    page.get_by_label("E-mailadres").fill(address)
    page.get_by_role("button", name="Stuur mij een inloglink").click()
    assert page.inner_text("h1") == "Kijk in je mailbox"
    check(page)

    page.goto(sign_in_link(mail_url, address))
    check(page, "inloggen-knop")
    page.get_by_role("button", name="Inloggen").click()
    assert page.inner_text("h1") == "Bijeenkomsten"
    check(page, "bijeenkomsten")

    # a new event with a select question, the question added without JavaScript
    page.get_by_role("link", name="Nieuwe bijeenkomst").click()
    check(page, "nieuwe-bijeenkomst")
    page.get_by_label("Titel (Nederlands)").fill(TITLE)
    page.get_by_label("Begindatum").fill("2027-02-10")
    page.get_by_label("Begintijd").fill("14:00")
    page.get_by_label("Eindtijd").fill("17:00")
    page.get_by_label("Aantal plekken").fill("30")
    page.get_by_label("Locatie (Nederlands)").fill("Provinciehuis, Archimedeslaan 6, Utrecht")
    page.get_by_role("button", name="Vraag toevoegen").click()
    page.get_by_label("Vraag (Nederlands)").fill("Lunch")
    page.get_by_label("Soort antwoord").select_option("select")
    page.get_by_label("Keuzes", exact=True).fill("Vegetarisch\nVegan\nGeen wensen")
    page.get_by_label("Verplicht", exact=True).check()
    assert page.get_by_label("Titel (Nederlands)").input_value() == TITLE       # kept through the re-render
    check(page, "vragen", element="#questions")
    page.get_by_role("button", name="Bijeenkomst aanmaken").click()
    assert "De bijeenkomst is aangemaakt." in page.inner_text("[role=status]")
    assert page.url == f"{api}/organiser/events/{EVENT_ID}/edit?done=created"
    check(page, "bewerken")

    # a mistake is named beside its field
    page.get_by_label("Aantal plekken").fill("dertig")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    assert "Vul een heel getal in dat groter is dan 0." in page.inner_text(".error-summary")
    assert page.get_by_label("Aantal plekken").get_attribute("aria-invalid") == "true"
    check(page, "foutmelding")
    page.get_by_label("Aantal plekken").fill("30")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    assert "De wijzigingen zijn opgeslagen." in page.inner_text("[role=status]")

    page.get_by_role("link", name="Op je website").click()
    assert page.inner_text("h1") == f"Op je website: {TITLE}"
    snippet = page.get_by_label("Code om te plakken (HTML-formulier)").input_value()
    assert '<option>Vegetarisch</option>' in snippet and 'name="lunch"' in snippet
    check(page, "op-je-website")

    # someone signs up on the hosted form
    visitor = browser.new_page(locale="nl-NL")
    visitor.goto(f"{api}/events/{EVENT_ID}/form")
    visitor.get_by_label("Naam").fill("Fatima el Amrani")
    visitor.get_by_label("E-mailadres").fill("fatima@gemeente.example")
    visitor.get_by_label("Lunch").select_option("Vegan")
    visitor.get_by_role("button", name="Aanmelden").click()
    assert visitor.inner_text("h1") == "Je aanmelding is ontvangen"

    page.get_by_role("link", name="Bijeenkomsten", exact=True).first.click()     # by clicking, no typed address
    row = page.get_by_role("row").filter(has_text=TITLE)
    assert "1 van 30" in row.inner_text()
    with page.expect_download() as download:
        row.get_by_role("link", name=re.compile(r"^Excel")).click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    from openpyxl import load_workbook
    rows = [[cell for cell in r] for r in load_workbook(path).active.iter_rows(values_only=True)]
    header = list(rows[0])
    [person] = [r for r in rows[1:] if "fatima@gemeente.example" in r]
    # the organiser's language, as on the Overzicht (issue 22)
    assert (person[header.index("Naam")], person[header.index("Lunch")]) == ("Fatima el Amrani", "Vegan")

    # a key for Excel's "Van het web"
    page.get_by_role("link", name="Koppelingen met Excel").click()
    check(page, "api-sleutels")
    page.get_by_label("Waarvoor is de sleutel?").fill("Excel secretariaat")
    page.get_by_label(TITLE, exact=False).check()
    page.get_by_role("button", name="Sleutel maken").click()
    secret = page.get_by_label("Sleutel voor: Excel secretariaat").input_value()
    assert secret.startswith("sgn_")
    check(page, "api-sleutel-gemaakt")
    import urllib.request
    request = urllib.request.Request(f"{api}/events/{EVENT_ID}/registrations?format=csv",
                                     headers={"Authorization": f"Bearer {secret}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert "fatima@gemeente.example" in answer.read().decode("utf-8-sig")
    page.get_by_role("link", name="Terug naar Koppelingen met Excel").click()
    assert secret not in page.content()
    check(page)
    no_sideways_scroll(page)

    walk_the_rest_of_the_guide(page)


@pytest.mark.parametrize("lang, words", [
    ("", {"email": "E-mailadres", "ask": "Stuur mij een inloglink", "sent": "Kijk in je mailbox", "as": "Je logt in als",
          "button": "Inloggen", "home": "Bijeenkomsten"}),
    ("?lang=en", {"email": "Email address", "ask": "Send me a sign-in link", "sent": "Check your mailbox",
                  "as": "You are signing in as", "button": "Sign in", "home": "Events"})])
def test_a_link_opened_in_another_browser_names_the_address_first(stack, browser, lang, words):  # noqa: F811
    """Issue 25 item 8: asked for on the computer, opened on the phone (another browser, without the
    asking browser's cookie): the page says whose account it signs in to; the button still signs in."""
    stack_json, _, _ = stack
    api, mail_url, address = stack_json["api_url"], stack_json["mail_url"], stack_json["organiser_email"]
    computer = browser.new_page(locale="nl-NL", viewport=DESKTOP)
    computer.goto(f"{api}/organiser{lang}")
    computer.get_by_label(words["email"]).fill(address)
    computer.get_by_role("button", name=words["ask"]).click()
    assert computer.inner_text("h1") == words["sent"]
    phone = browser.new_page(locale="nl-NL", viewport=PHONE)     # a context of its own: no cookie of the computer's
    phone.goto(sign_in_link(mail_url, address) + lang)
    assert phone.get_by_role("status").inner_text() == f"{words['as']} {address}."
    check(phone)
    phone.get_by_role("button", name=words["button"]).click()
    assert phone.inner_text("h1") == words["home"]
    computer.close()
    phone.close()
