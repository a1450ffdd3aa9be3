"""Issue 22's "done when": one organiser follows docs/handleiding-organisator.md in a real browser on
the local stack, by visible link and button texts only (the only typed addresses are the service's
start page /organiser, the sign-in link from the mail and the organiser's own website). Sign in,
create a bijeenkomst, copy the three codes of "Op je website" onto a page of another website, five
signups there at 390 and 1,280 px (own HTML form, iframe, fetch), the Overzicht counts five, the
Excel file has five rows, a message reaches the mail viewer, one check-in at the door, sign out.
No page scrolls sideways at 320 or 390 px, the embedded forms' buttons are visible and clickable at
390 px, and no navigation of organiser or visitor ends in a 404. Once more in English at 390 px.
Screenshots (``make screenshots``: docs/img/) illustrate the guide's steps."""
import re
from email import message_from_string, policy

import pytest
from playwright.sync_api import expect

from conftest import SCREENSHOTS
from test_browser import CHROMIUM, browser, field  # noqa: F401  (a fixture; skips the module without chromium)
from test_browser_embed import PAGES, site, wait_until_it_fits  # noqa: F401  (site is a fixture: the organiser's own website)
from test_browser_organiser import no_sideways_scroll as fits  # no sideways scrolling at 320, 390 and 1,280 px
from test_browser_organiser import sign_in_link
from test_devstack import get_json, stack, wait_for  # noqa: F401  (stack is a fixture)

pytestmark = pytest.mark.xdist_group("live")
IMG = SCREENSHOTS
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
TITLE = "Werksessie slimme meters"
EVENT_ID = "werksessie-slimme-meters-2027-03-18"
CODES = {"html": "Code om te plakken (HTML-formulier)", "iframe": "Code om te plakken (iframe)", "fetch": "Code om te plakken (HTML en JavaScript)"}
PEOPLE = [  # (name, e-mail address, which code on the website, width)
    ("Anouk Visser", "anouk@gemeente.example", "html", DESKTOP),
    ("Bram de Wit", "bram@gemeente.example", "html", PHONE),
    ("Chantal Mulder", "chantal@provincie.example", "iframe", PHONE),
    ("Daan Smit", "daan@provincie.example", "fetch", PHONE),
    ("Esra Yilmaz", "esra@waterschap.example", "fetch", DESKTOP),
]
LINKS = {"html": "Aanmelden met het formulier", "iframe": "Aanmelden in het kader", "fetch": "Aanmelden zonder de pagina te verlaten"}


def record_navigations(context, seen: list):
    """Every top-level and frame navigation's ``(status, url)``, of every page in ``context``."""
    context.on("response", lambda r: r.request.is_navigation_request() and seen.append((r.status, r.url)))


def shot(page, name):
    IMG.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(IMG / f"{name}.png"), full_page=True)


def organisers_website(site, codes):
    """The organiser's own website: a home page linking to one page per code."""
    def page(title, body):
        return ('<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" '
                f'content="width=device-width, initial-scale=1"><title>{title}</title></head>'
                f'<body><h1>{title}</h1>{body}</body></html>')
    PAGES["/"] = page("Gemeente Voorbeeld", "<ul>" + "".join(
        f'<li><a href="/{kind}">{text}</a></li>' for kind, text in LINKS.items()) + "</ul>")
    for kind, code in codes.items():
        PAGES[f"/{kind}"] = page(TITLE, f'<p><a href="/">Terug</a></p>{code}')


def sign_up(browser, site, name, email, kind, size, seen):  # noqa: F811
    """A visitor on the organiser's website: from its home page to the form, by the links."""
    context = browser.new_context(locale="nl-NL", viewport=size)
    record_navigations(context, seen)
    page = context.new_page()
    page.goto(site + "/")
    page.get_by_role("link", name=LINKS[kind]).click()
    fits(page)
    form = page.frame_locator("iframe") if kind == "iframe" else page
    field(form, "Naam").fill(name)
    field(form, "E-mailadres").fill(email)
    button = form.get_by_role("button", name="Aanmelden")
    if size == PHONE:       # visible and not cut off: inside the viewport's width, and (in a frame) inside the frame
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        assert box and box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        if kind == "iframe":     # the frame takes its form's height: the button is not cut off
            wait_until_it_fits(page, "the frame took its form's height")
            frame = page.locator("iframe").bounding_box()
            box = button.bounding_box()
            assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"], (box, frame)
        expect(button).to_be_visible()
        button.click(trial=True)        # clickable: visible, enabled, stable and not covered by anything
        if kind != "fetch":
            shot(page, f"website-{kind}-390")
    button.click()              # Playwright clicks only what is visible, enabled and not covered
    if kind == "fetch":         # the answer on the organiser's own page
        expect(page.get_by_role("status")).to_contain_text("Je aanmelding is ontvangen.")
        if size == PHONE:
            shot(page, "website-fetch-390")
    else:
        expect(form.locator("h1")).to_have_text("Je aanmelding is ontvangen")
    fits(page)
    if size == DESKTOP and kind == "html":
        shot(page, "website-bedankt")
    context.close()


def test_the_guide_step_by_step_in_the_browser(stack, browser, site, tmp_path):  # noqa: F811
    stack_json, _, _ = stack
    api, mail_url, address = stack_json["api_url"], stack_json["mail_url"], stack_json["organiser_email"]
    seen = []
    context = browser.new_context(locale="nl-NL", viewport=DESKTOP, accept_downloads=True,
                                  permissions=["clipboard-read", "clipboard-write"])
    record_navigations(context, seen)
    page = context.new_page()

    # 2. Inloggen: the start page, the link from the mail
    page.goto(f"{api}/organiser")
    fits(page)
    field(page, "E-mailadres").fill(address)
    page.get_by_role("button", name="Stuur mij een inloglink").click()
    expect(page.locator("h1")).to_have_text("Kijk in je mailbox")
    fits(page)
    page.goto(sign_in_link(mail_url, address))
    fits(page)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("h1")).to_have_text("Bijeenkomsten")
    fits(page)

    # 4. Een bijeenkomst maken
    page.get_by_role("link", name="Nieuwe bijeenkomst").click()
    fits(page)
    page.get_by_label("Titel (Nederlands)").fill(TITLE)
    page.get_by_label("Begindatum").fill("2027-03-18")
    page.get_by_label("Begintijd").fill("09:30")
    page.get_by_label("Eindtijd").fill("12:00")
    page.get_by_label("Aantal plekken").fill("20")
    page.get_by_label("Locatie (Nederlands)").fill("Stadskantoor, Stationsplein 1, Zwolle")
    page.get_by_role("button", name="Bijeenkomst aanmaken").click()
    expect(page.get_by_role("status").first).to_contain_text("De bijeenkomst is aangemaakt.")
    fits(page)

    # 5. Het formulier op je website: allow the website, copy the three codes
    page.get_by_role("link", name="Op je website").click()
    expect(page.locator("h1")).to_have_text(f"Op je website: {TITLE}")
    field(page, "Adres van je website").fill(site + "/agenda")
    page.get_by_role("button", name="Website toestaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Je website is toegevoegd.")
    fits(page)
    codes = {}
    for kind, label in CODES.items():
        section = page.locator("section").filter(has=page.get_by_label(label))
        section.get_by_role("button", name="Kopieer").click()
        expect(section.get_by_role("status")).to_have_text("Gekopieerd.")
        codes[kind] = page.evaluate("navigator.clipboard.readText()")
        assert codes[kind] == page.get_by_label(label).input_value()
    assert f"{api}/events/{EVENT_ID}/" in codes["html"]
    IMG.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(IMG / "op-je-website-kopieer.png"))      # the fetch code, copied

    # five people sign up on the organiser's own website, at 390 and 1,280 px
    organisers_website(site, codes)
    for name, email, kind, size in PEOPLE:
        sign_up(browser, site, name, email, kind, size, seen)

    # 8. Het Overzicht: the five, by the event's name on the list
    page.get_by_role("link", name="Bijeenkomsten", exact=True).first.click()
    fits(page)
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.locator("h1")).to_contain_text(TITLE)
    fits(page)
    assert page.inner_text('[data-count="confirmed"] .number') == "5"
    assert page.inner_text('[data-count="waitlisted"] .number') == "0"
    shot(page, "overzicht-vijf")

    # 9. Downloaden: the Excel file has the five
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als Excel-bestand").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    from openpyxl import load_workbook
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    header, people = list(rows[0]), rows[1:]
    assert sorted(row[header.index("Naam")] for row in people) == sorted(p[0] for p in PEOPLE)
    assert {row[header.index("Status")] for row in people} == {"Bevestigd"}

    # 11. Een bericht aan de deelnemers: it reaches the five in the mail viewer
    page.get_by_role("link", name="Bericht sturen").first.click()
    fits(page)
    page.get_by_label("Onderwerp").fill("Neem je laptop mee")
    page.get_by_label("Bericht (platte tekst)").fill("We werken in groepjes. Neem je laptop mee.")
    page.get_by_role("button", name="Bekijk het voorbeeld").click()
    fits(page)
    page.get_by_role("button", name="Verstuur naar 5 deelnemers").click()
    expect(page.locator("main")).to_contain_text("Het bericht gaat naar 5 deelnemers.")
    fits(page)
    arrived = wait_for(lambda: (lambda got: len(got) == 5 and got)(
        [m["to"][0] for m in get_json(f"{mail_url}/messages.json") if m["subject"] == "Neem je laptop mee"]),
        20, "the message reached the five")
    assert sorted(arrived) == sorted(p[1] for p in PEOPLE)

    # 12. Inchecken bij de deur, on a phone
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Bij de deur").click()
    fits(page)
    page.get_by_label("Zoek een naam of organisatie").fill("Chantal")
    page.get_by_role("button", name="Zoeken").click()
    fits(page)
    page.get_by_role("button", name=re.compile(r"^Inchecken\W+Chantal Mulder$")).click()
    expect(page.locator(".notice[role=status]")).to_contain_text("Chantal Mulder is ingecheckt.")
    fits(page)
    expect(page.locator("#door-count")).to_have_text(re.compile(r"^1 van 5 ingecheckt"))
    page.set_viewport_size(DESKTOP)

    # 2. Uitloggen
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("status").first).to_have_text("Je bent uitgelogd.")
    fits(page)

    assert seen and not [(status, url) for status, url in seen if status >= 400], seen      # no 404, nor any other error
    assert {url.split("?")[0] for status, url in seen if url.startswith(site)} >= {f"{site}/{k}" for k in LINKS}


def test_the_english_interface_from_sign_in_to_the_overview(stack, browser):  # noqa: F811
    stack_json, _, _ = stack
    api, mail_url, address = stack_json["api_url"], stack_json["mail_url"], stack_json["organiser_email"]
    seen = []
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    record_navigations(context, seen)
    page = context.new_page()
    page.goto(f"{api}/organiser")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    fits(page)
    field(page, "Email address").fill(address)
    page.get_by_role("button", name=re.compile("sign-in link", re.I)).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    fits(page)
    mail = wait_for(lambda: [m for m in get_json(f"{mail_url}/messages.json") if m["to"] == [address]], 10, "the mail")
    assert mail[-1]["subject"].isascii() and "sign" in mail[-1]["subject"].lower(), mail[-1]["subject"]
    text = message_from_string(mail[-1]["raw"], policy=policy.default).get_body(("plain",)).get_content()
    assert "Sign in" in text or "sign in" in text, text
    link = re.search(r"http://[\w.:]+/organiser/login/[\w-]+(\?lang=en)?", text).group(0)
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    fits(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Events")
    fits(page)
    page.get_by_role("link", name=stack_json_title(stack_json), exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("body")).to_contain_text("Overview")
    assert page.inner_text("[data-count=\"confirmed\"] .number") == "0"
    fits(page)
    shot(page, "overview-en-390")
    for dutch in ("Bijeenkomsten", "Overzicht", "bevestigd", "Downloaden", "Uitloggen"):
        assert dutch not in page.inner_text("body"), dutch
    assert seen and not [(status, url) for status, url in seen if status >= 400], seen      # no 404, nor any other error


def stack_json_title(stack_json):
    """The demo event's English title, as the English list shows it."""
    from conftest import DEMO_EVENT
    return DEMO_EVENT["title"].get("en") or DEMO_EVENT["title"]["nl"]


def test_a_beheerder_runs_the_team_by_clicking_on_a_phone_and_in_english(stack, browser):  # noqa: F811
    """Issue 28 items 1-3 walked as the guide's "Je team" says: from the events list by visible links,
    invite a colleague as Deur on a phone, the colleague gets the mail and signs in without the team
    menu, the log names the invitation; then in English at 1,280 px the colleague is made organiser
    and removed after the question page. No page scrolls sideways, no navigation ends in an error."""
    stack_json, _, _ = stack
    api, mail_url, address = stack_json["api_url"], stack_json["mail_url"], stack_json["organiser_email"]
    colleague = "sanne.deur@duurzaamdoor.example"
    seen = []
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    record_navigations(context, seen)
    page = context.new_page()
    page.goto(f"{api}/organiser")
    field(page, "E-mailadres").fill(address)
    page.get_by_role("button", name="Stuur mij een inloglink").click()
    page.goto(sign_in_link(mail_url, address))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("h1")).to_have_text("Bijeenkomsten")

    page.get_by_role("link", name="Je team").click()
    expect(page.locator("h1")).to_contain_text("Je team")
    fits(page)
    field(page, "E-mailadres van je collega").fill(colleague)
    page.get_by_label("Deur", exact=True).check()
    page.get_by_role("button", name="Uitnodigen").click()
    expect(page.get_by_role("status").first).to_contain_text("De collega hoort nu bij het team")
    expect(page.locator("#members")).to_contain_text(colleague)
    fits(page)
    shot(page, "je-team-390")
    page.get_by_role("link", name="Logboek").click()
    expect(page.locator("#log")).to_contain_text("Collega uitgenodigd")
    expect(page.locator("#log")).to_contain_text(colleague)
    fits(page)

    # the colleague: the invitation mail's button leads to the sign-in page; Deur has no team menu
    invitation = wait_for(lambda: [m for m in get_json(f"{mail_url}/messages.json") if m["to"] == [colleague]],
                          10, "the invitation mail")
    text = message_from_string(invitation[-1]["raw"], policy=policy.default).get_body(("plain",)).get_content()
    assert "Deur" in text, text
    door = browser.new_context(locale="nl-NL", viewport=PHONE)
    record_navigations(door, seen)
    tab = door.new_page()
    tab.goto(re.search(r"http://[\w.:]+/organiser\S*", text).group(0))
    field(tab, "E-mailadres").fill(colleague)
    tab.get_by_role("button", name="Stuur mij een inloglink").click()
    tab.goto(sign_in_link(mail_url, colleague))
    tab.get_by_role("button", name="Inloggen").click()
    expect(tab.locator("h1")).to_have_text("Bijeenkomsten")
    expect(tab.get_by_role("link", name="Je team")).to_have_count(0)
    door.close()

    # in English on a laptop: make the colleague organiser, then remove them after the question page
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="English").click()
    page.get_by_role("link", name="Your team").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    row = page.locator("#members tr").filter(has_text=colleague)
    row.get_by_label(f"Role of {colleague}").select_option(label="Organiser")
    row.get_by_role("button", name="Change role").click()
    expect(page.get_by_role("status").first).to_contain_text("The role has changed")
    page.locator("#members tr").filter(has_text=colleague).get_by_role("link", name="Remove from the team").click()
    expect(page.locator("main")).to_contain_text(colleague)
    fits(page)
    page.get_by_role("button", name="Yes, remove from the team").click()
    expect(page.get_by_role("status").first).to_contain_text("Your colleague is no longer in the team")
    expect(page.locator("#members")).not_to_contain_text(colleague)
    page.get_by_role("link", name="Log").click()
    expect(page.locator("#log")).to_contain_text("Removed from the team")
    fits(page)
    assert seen and not [(status, url) for status, url in seen if status >= 400], seen
