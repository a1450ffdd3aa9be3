"""The event dashboard in a real browser on the local stack (issue 10): a signup on the dashboard
after one reload, chart and table equal to /stats, downloads that open, a message that reaches
each confirmed attendee once, a check-in through the QR link at 390 px, axe-core on every page.
Screenshots go to conftest.SCREENSHOTS (docs/img/ with `make screenshots`: the organiser guide shows them)."""
import csv
import io
import json
import re
import urllib.request
from email import message_from_string, policy

import pytest
from playwright.sync_api import expect

from conftest import SCREENSHOTS
from test_browser import CHROMIUM, browser  # noqa: F401 (a fixture)
from test_devstack import get_json, post_signup, stack, wait_for  # noqa: F401 (stack is a fixture)

pytestmark = pytest.mark.xdist_group("live")
IMG = SCREENSHOTS
PHONE = {"width": 390, "height": 844}
PEOPLE = [("Tessa de Haas", "tessa@example.org", "DuurzaamDoor"), ("Sam Bakker", "sam@example.org", "Gemeente Zwolle"),
          ("Zoë van den Berg", "zoe@example.org", "Provincie Utrecht")]


def mails(mail_url):
    return [(m["to"], message_from_string(m["raw"], policy=policy.default)) for m in get_json(f"{mail_url}/messages.json")]


def text_of(mail):
    return mail.get_body(("plain",)).get_content()


def sign_in(page, stack_json):
    api, mail_url, address = stack_json["api_url"], stack_json["mail_url"], stack_json["organiser_email"]
    page.goto(f"{api}/organiser")
    page.get_by_label("E-mailadres").fill(address)
    page.get_by_role("button", name="Stuur mij een inloglink").click()
    [link] = wait_for(lambda: [re.search(re.escape(api) + r"/organiser/login/[\w-]+", text_of(m)).group(0)
                               for to, m in mails(mail_url) if to == [address]], 10, "the sign-in mail arrived")
    page.goto(link)
    page.get_by_role("button", name="Inloggen").click()
    assert page.url.startswith(f"{api}/organiser")


def stats(stack_json):
    request = urllib.request.Request(f"{stack_json['api_url']}/events/{stack_json['event_id']}/stats",
                                     headers={"Authorization": f"Bearer {stack_json['export_token']}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def no_axe_violations(page, name):
    from axe_playwright_python.sync_playwright import Axe
    results = Axe().run(page)
    assert results.violations_count == 0, f"{name}: {results.generate_report()}"


def test_the_organisers_day_in_the_browser(stack, browser):  # noqa: F811
    stack_json, _, _ = stack
    api, mail_url, eid = stack_json["api_url"], stack_json["mail_url"], stack_json["event_id"]
    IMG.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="nl-NL", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    sign_in(page, stack_json)
    dashboard = f"{api}/organiser/events/{eid}"

    # a signup shows up after one reload
    page.goto(dashboard)
    assert page.inner_text('[data-count="confirmed"] .number') == "0"
    for name, address, organisation in PEOPLE:
        assert post_signup(api, eid, {"name": name, "email": address, "organisation": organisation,
                                      "consent": True})[0] == 201
    page.reload()
    assert page.inner_text('[data-count="confirmed"] .number') == "3"

    # the counts, the chart and its table are the numbers of /stats
    numbers = stats(stack_json)
    for key in ("confirmed", "pending", "waitlisted", "cancelled", "checked_in"):
        assert page.inner_text(f'[data-count="{key}"] .number') == str(numbers[key])
    expected = [(d["date"], str(d["count"])) for d in numbers["signups_per_day"]]
    bars = [(bar.get_attribute("data-date"), bar.get_attribute("data-count")) for bar in page.locator("rect.bar").all()]
    rows = [(row.locator("th time").get_attribute("datetime"), row.locator("td").inner_text())
            for row in page.locator("#per-day tbody tr").all()]
    assert bars == expected and rows == expected
    page.screenshot(path=str(IMG / "dashboard.png"), full_page=True)

    # downloads open: the links carry the session
    import openpyxl
    xlsx = page.request.get(page.get_by_role("link", name="Download als Excel-bestand").get_attribute("href"))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.body())).active
    assert [c.value for c in sheet[1]][:3] == ["Aanmeldnummer", "Status", "Naam"]
    assert sorted(row[2].value for row in sheet.iter_rows(min_row=2)) == sorted(p[0] for p in PEOPLE)
    dutch = page.request.get(page.get_by_role("link", name="CSV-bestand voor Excel met Nederlandse instellingen").get_attribute("href"))
    header, *lines = list(csv.reader(io.StringIO(dutch.body().decode("utf-8-sig")), delimiter=";"))
    assert header[:3] == ["Aanmeldnummer", "Status", "Naam"]
    assert {line[1] for line in lines} == {"Bevestigd"}
    assert json.loads(page.request.get(page.get_by_role("link", name="JSON-bestand voor een koppeling").get_attribute("href")).body())["items"]

    # the list, searched
    page.goto(f"{dashboard}/registrations")
    page.get_by_label("Zoeken op naam, e-mailadres of organisatie").fill("zoe")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("table.people tbody th")).to_have_text(["Zoë van den Berg"])   # waits for the new page
    page.goto(f"{dashboard}/registrations")
    page.screenshot(path=str(IMG / "deelnemers.png"), full_page=True)

    # a message to the confirmed attendees reaches each of them once
    page.goto(f"{dashboard}/messages/new")
    page.get_by_label("Onderwerp").fill("Andere zaal: Zaal 3")
    page.get_by_label("Bericht (platte tekst)").fill("Beste deelnemers,\n\nWe zitten in zaal 3 op de tweede verdieping.")
    page.screenshot(path=str(IMG / "bericht.png"), full_page=True)
    page.get_by_role("button", name="Bekijk het voorbeeld").click()
    assert page.get_attribute("#recipients", "data-recipients") == "3"
    page.screenshot(path=str(IMG / "bericht-voorbeeld.png"), full_page=True)
    page.get_by_role("button", name="Verstuur naar 3 deelnemers").click()
    expect(page.locator("main")).to_contain_text("Het bericht gaat naar 3 deelnemers.")
    got = wait_for(lambda: (lambda found: len(found) == 3 and found)(
        [to for to, m in mails(mail_url) if m["subject"] == "Andere zaal: Zaal 3"]), 20, "the message reached all three")
    assert sorted(address for [address] in got) == sorted(p[1] for p in PEOPLE)

    # the check-in link of Tessa's confirmation, opened on a phone
    [confirmation] = [m for to, m in mails(mail_url) if to == ["tessa@example.org"] and m["subject"].startswith("Aangemeld: ")]
    link = re.search(re.escape(api) + r"/checkin/[\w.-]+", text_of(confirmation)).group(0)
    phone = browser.new_context(locale="nl-NL", viewport=PHONE, storage_state=context.storage_state()).new_page()
    phone.goto(link)
    assert phone.inner_text("#checkin-name") == "Tessa de Haas"
    phone.screenshot(path=str(IMG / "inchecken-390.png"), full_page=True)
    no_axe_violations(phone, "check-in 390")
    phone.get_by_role("button", name="Inchecken").click()
    expect(phone.locator("#checked-in")).to_contain_text("Ingecheckt om")
    assert stats(stack_json)["checked_in"] == 1
    stranger = browser.new_context(viewport=PHONE).new_page()
    stranger.goto(link)
    assert "Tessa" not in stranger.inner_text("body")

    # the door at 390 px
    phone.goto(f"{dashboard}/door")
    assert phone.inner_text("#door-count").startswith("1 van 3 ingecheckt")
    phone.get_by_role("button", name=re.compile("Inchecken.*Sam Bakker")).click()
    expect(phone.locator("#door-count")).to_have_text(re.compile(r"^2 van 3 ingecheckt"))
    phone.screenshot(path=str(IMG / "deur-390.png"), full_page=True)

    page.goto(f"{dashboard}/attendance")
    assert page.locator("table.attendance tbody th").all_inner_texts() == [
        "Sam Bakker", "Zoë van den Berg", "Tessa de Haas"]          # by surname: Bakker, Berg, Haas
    page.emulate_media(media="print")
    page.screenshot(path=str(IMG / "presentielijst.png"), full_page=True)
    page.emulate_media(media="screen")

    # axe-core: 0 violations on every page, at desktop width and at 390 px
    for path in ("", "/registrations", "/messages/new", "/door", "/attendance"):
        for view, viewer in (("desktop", page), ("390", phone)):
            viewer.goto(dashboard + path)
            no_axe_violations(viewer, f"{path or '/'} {view}")
    page.goto(f"{dashboard}/registrations/{stats_first_id(page, dashboard)}/erase")
    no_axe_violations(page, "erase")


def stats_first_id(page, dashboard):
    page.goto(f"{dashboard}/registrations")
    return page.locator("table.people tbody tr").first.get_attribute("data-registration")
