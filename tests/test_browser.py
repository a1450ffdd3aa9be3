"""A real browser on the local stack: the hosted form, the mail link, cancel, and the waiting list
moving up with a mail (issue 4's "done when"). Debian's Chromium, driven by Playwright."""
import json
import re
import urllib.request
from email import message_from_string, policy

import pytest

from conftest import CHROMIUM, DEMO_EVENT, require_chromium  # noqa: F401  (CHROMIUM: the browser files import it from here)
from test_devstack import get_json, wait_for
from test_devstack import stack  # noqa: F401,F811  (a fixture)

pytestmark = pytest.mark.xdist_group("live")
require_chromium(allow_module_level=True)


@pytest.fixture
def browser(chromium):
    """The worker's Chromium (tests/conftest.py); every context the test opened is closed after it."""
    before = set(chromium.contexts)
    yield chromium
    for context in chromium.contexts:
        if context not in before:
            context.close()


def put_event(stack_json, **overrides):
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    request = urllib.request.Request(
        f"{stack_json['api_url']}/events/{stack_json['event_id']}", method="PUT",
        data=json.dumps({**body, **overrides}).encode(),
        headers={"Authorization": f"Bearer {stack_json['admin_token']}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def field(page, label):
    """The text box whose accessible name starts with ``label`` (it ends in "(verplicht)")."""
    return page.get_by_role("textbox", name=re.compile("^" + re.escape(label)))


def fill_form(page, url, name, email, organisation, consent=True):
    page.goto(url)
    field(page, "Naam").fill(name)
    field(page, "E-mailadres").fill(email)
    field(page, "Organisatie").fill(organisation)
    if consent:
        page.get_by_label("Ik geef DuurzaamDoor toestemming", exact=False).check()
    page.get_by_role("button", name="Aanmelden").click()


def mails_to(mail_url, address):
    return [message_from_string(m["raw"], policy=policy.default)
            for m in get_json(f"{mail_url}/messages.json") if m["to"] == [address]]


def test_form_mail_link_cancel_and_the_next_person_moves_up(stack, browser):
    stack_json, _, _ = stack
    api, mail_url, eid = stack_json["api_url"], stack_json["mail_url"], stack_json["event_id"]
    put_event(stack_json, capacity=1)
    form_url = f"{api}/events/{eid}/form"
    page = browser.new_page(locale="nl-NL")   # the form follows Accept-Language

    # a mistake first: the page comes back with the message beside the field and the values kept
    fill_form(page, form_url, "Zoë O'Brien", "zoe@example.org", "", consent=True)
    assert "Vul dit veld in." in page.inner_text("body")
    assert field(page, "E-mailadres").input_value() == "zoe@example.org"
    assert field(page, "Naam").input_value() == "Zoë O'Brien"

    fill_form(page, form_url, "Zoë O'Brien", "zoe@example.org", "Provincie Utrecht")
    assert page.inner_text("h1") == "Je aanmelding is ontvangen"
    assert page.url == f"{api}/events/{eid}/thanks?lang=nl&status=confirmed"     # a reload posts nothing again
    fill_form(page, form_url, "Li Wei 李伟", "li@example.org", "Rijkswaterstaat")
    assert "In de e-mail staat of je een plek hebt of op de wachtlijst staat." in page.inner_text("#thanks-status")

    [zoe_mail] = wait_for(lambda: mails_to(mail_url, "zoe@example.org"), 10, "Zoë's confirmation arrived")
    wait_for(lambda: mails_to(mail_url, "li@example.org"), 10, "Li's waiting-list mail arrived")
    text = zoe_mail.get_body(("plain",)).get_content()
    manage_url = re.search(re.escape(api) + r"/registrations/[\w.-]+", text).group(0)

    page.goto(manage_url)
    assert "Je bent aangemeld" in page.inner_text("#status")
    page.get_by_role("button", name="Afmelden").click()
    assert page.inner_text("h1") == "Wil je je afmelden?"                  # nothing changed yet
    page.get_by_role("button", name="Ja, afmelden").click()
    assert "Je afmelding is verwerkt." in page.inner_text("body")
    assert page.get_attribute("#status", "data-status") == "cancelled"

    promoted = wait_for(lambda: [m for m in mails_to(mail_url, "li@example.org")
                                 if m["subject"].startswith("Er is een plek voor je:")],
                        10, "Li's 'you have a seat' mail arrived")
    assert [a.get_filename() for a in promoted[0].iter_attachments()] == ["invite.ics"]
    wait_for(lambda: [m for m in mails_to(mail_url, "zoe@example.org") if m["subject"].startswith("Afgemeld: ")],
             10, "Zoë's cancellation receipt arrived")
    li_link = re.search(re.escape(api) + r"/registrations/[\w.-]+",
                        promoted[0].get_body(("plain",)).get_content()).group(0)
    page.goto(li_link)
    assert page.get_attribute("#status", "data-status") == "confirmed"
    assert get_json(f"{api}/events/{eid}")["spots_left"] == 0


def test_english_form_in_the_browser(stack, browser):
    stack_json, _, _ = stack
    page = browser.new_page()
    page.goto(f"{stack_json['api_url']}/events/{stack_json['event_id']}/form?lang=en")
    field(page, "Name").fill("Sam")
    field(page, "Email address").fill("not an address")
    field(page, "Organisation").fill("Gemeente Zwolle")
    page.get_by_role("button", name="Sign up").click()
    assert "Enter your email address, for example name@example.org." in page.inner_text("body")
    assert field(page, "Email address").get_attribute("aria-invalid") == "true"
