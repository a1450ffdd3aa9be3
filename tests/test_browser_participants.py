"""Issue 30 item 4 walked in Chromium: two visitors sign up on the hosted form of the demo event and
tick the participant list, one on a phone in Dutch and one on a laptop in English; from the mail's
link each opens their attendee page, clicks through to the list and sees the other (name and
organisation, no address); one leaves the list and is gone from the other's list at once.
Only visible links and buttons are used after the form and the mailed link."""
import re
from email import message_from_string, policy

import pytest
from playwright.sync_api import expect

from test_browser import browser, field  # noqa: F401  (a fixture; skips the module without chromium)
from test_browser_organiser import no_sideways_scroll as fits
from test_browser_walk import DESKTOP, PHONE, record_navigations, shot
from test_devstack import get_json, stack, wait_for  # noqa: F401  (stack is a fixture)

pytestmark = pytest.mark.xdist_group("live")
PEOPLE = [("Noor Bakker", "noor@gemeente.example", "Gemeente Zwolle", "nl", PHONE),
          ("Sam Jansen", "sam@provincie.example", "Provincie Utrecht", "en", DESKTOP)]


def attendee_link(mail_url, address):
    def link():
        for mail in get_json(f"{mail_url}/messages.json"):
            if mail["to"] == [address]:
                text = message_from_string(mail["raw"], policy=policy.default).get_body(("plain",)).get_content()
                found = re.search(r"http://[\w.:]+/registrations/[\w.-]+", text)
                if found:
                    return found.group(0)
        return None
    return wait_for(link, 20, f"the confirmation mail to {address}")


def test_two_participants_find_each_other_and_one_leaves(stack, browser):  # noqa: F811
    stack_json, _, _ = stack
    api, mail_url, event_id = stack_json["api_url"], stack_json["mail_url"], stack_json["event_id"]
    seen, pages = [], {}
    for name, email, organisation, lang, size in PEOPLE:
        context = browser.new_context(locale="nl-NL", viewport=size)
        record_navigations(context, seen)
        page = context.new_page()
        page.goto(f"{api}/events/{event_id}/form" + ("?lang=en" if lang == "en" else ""))
        english = lang == "en"
        field(page, "Name" if english else "Naam").fill(name)
        field(page, "Email address" if english else "E-mailadres").fill(email)
        field(page, "Organisation" if english else "Organisatie").fill(organisation)
        field(page, "Job title" if english else "Functie").fill("Beleidsadviseur")
        page.locator("#consent").check()
        page.get_by_label(re.compile("participant list" if english else "deelnemerslijst")).check()
        fits(page)
        page.get_by_role("button", name="Sign up" if english else "Aanmelden").click()
        expect(page.locator("h1")).to_be_visible()
        page.goto(attendee_link(mail_url, email))
        page.get_by_role("link", name="Go to the participant list" if english else "Naar de deelnemerslijst").click()
        expect(page.locator("h1")).to_contain_text("Participant list" if english else "Deelnemerslijst")
        fits(page)
        pages[name] = page
    noor, sam = pages["Noor Bakker"], pages["Sam Jansen"]
    noor.reload()
    expect(noor.locator(".people-list")).to_contain_text("Sam Jansen")
    expect(noor.locator(".people-list")).to_contain_text("Organisatie: Provincie Utrecht")
    expect(noor.locator("main")).not_to_contain_text("@")
    shot(noor, "deelnemerslijst-390")
    expect(sam.locator(".people-list")).to_contain_text("Noor Bakker")
    sam.get_by_role("button", name="Take my name off the list").click()
    expect(sam.get_by_role("status")).to_contain_text("no longer on the participant list")
    fits(sam)
    noor.reload()
    expect(noor.locator(".people-list")).not_to_contain_text("Sam Jansen")
    expect(noor.locator("#people-title")).to_have_text("1 deelnemer op de lijst")
    assert seen and not [(status, url) for status, url in seen if status >= 400], seen


def test_an_organiser_makes_moves_and_sends_maatjes_groups_by_clicking(stack, browser):  # noqa: F811
    """Issue 30 item 5 walked: six people opted in (through the API, as a website's own form would
    post), the organiser signs in on a phone, opens the event by its name and "Maatjes" in its
    menu, makes mixed groups, moves one person, sends; six introductions reach the mail viewer. A
tab left open while the groups were made again shows an error when it moves somebody (400, the groups as
they are now).
    Then in English at 1,280 px the page says the groups were sent."""
    from test_browser_organiser import sign_in_link
    from test_devstack import post_signup
    stack_json, _, _ = stack
    api, mail_url, event_id = stack_json["api_url"], stack_json["mail_url"], stack_json["event_id"]
    regions = ["Noord-Nederland", "Oost-Nederland", "Zuid-Nederland"]
    for n in range(6):
        post_signup(api, event_id, {"name": f"Maatje {n}", "email": f"maatje{n}@gemeente.example", "consent": True,
                                    "organisation": "Gemeente Deventer", "regio": regions[n % 3], "buddies": True})
    seen = []
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    record_navigations(context, seen)
    page = context.new_page()
    page.goto(f"{api}/organiser")
    field(page, "E-mailadres").fill(stack_json["organiser_email"])
    page.get_by_role("button", name="Stuur mij een inloglink").click()
    page.goto(sign_in_link(mail_url, stack_json["organiser_email"]))
    page.get_by_role("button", name="Inloggen").click()
    from conftest import DEMO_EVENT
    page.get_by_role("link", name=DEMO_EVENT["title"]["nl"], exact=True).click()
    page.get_by_role("link", name="Maatjes", exact=True).click()
    expect(page.locator("main")).to_contain_text("6 deelnemers doen mee.")
    fits(page)
    page.get_by_label("Juist gemengd").check()
    page.get_by_role("button", name="Groepjes maken").click()
    expect(page.get_by_role("status")).to_contain_text("De groepjes zijn gemaakt.")
    expect(page.locator("#groups-title")).to_have_text("2 groepjes")
    expect(page.locator("#score")).to_contain_text("van 100")
    fits(page)
    stale = context.new_page()      # a second tab on the page, left open while the groups are made again
    stale.goto(page.url)
    page.get_by_label("Hoe groot is een groepje?").select_option(label="5 of 6 mensen")
    page.get_by_role("button", name="Opnieuw maken").click()
    expect(page.locator("#groups-title")).to_have_text("1 groepje")
    stale.locator("#group-1 li").first.get_by_role("button", name=re.compile("^Verplaatsen")).click()
    expect(stale.get_by_role("alert")).to_have_text("Dit klopt niet. Kijk het na en verbeter het.")
    expect(stale.locator("#groups-title")).to_have_text("1 groepje")      # the groups as they are now
    fits(stale)
    stale.close()
    page.get_by_label("Hoe groot is een groepje?").select_option(label="3 of 4 mensen")
    page.get_by_role("button", name="Opnieuw maken").click()
    expect(page.locator("#groups-title")).to_have_text("2 groepjes")
    first = page.locator("#group-1 li").first
    moved = first.locator("strong").inner_text()
    first.get_by_role("button", name=re.compile("^Verplaatsen")).click()     # to the only other group
    expect(page.locator("#group-2")).to_contain_text(moved)
    shot(page, "maatjes-390")
    page.get_by_role("button", name="Stuur de groepjes hun e-mail").click()
    expect(page.get_by_role("status")).to_contain_text("De groepjes krijgen nu hun e-mail.")
    intros = wait_for(lambda: (lambda got: len(got) == 6 and got)(
        [m for m in get_json(f"{mail_url}/messages.json") if m["subject"].startswith("Je maatjes:")]), 30,
        "six introductions")
    assert sorted(m["to"][0] for m in intros) == sorted(f"maatje{n}@gemeente.example" for n in range(6))
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="English").click()
    expect(page.locator("main")).to_contain_text("The groups got their email on")
    expect(page.get_by_role("button", name="Send the groups their email")).to_have_count(0)
    fits(page)
    refused = [(status, url) for status, url in seen if status >= 400]
    assert seen and [(status, url.split("?")[0].split("/")[-1]) for status, url in refused] == [(400, "move")], refused
