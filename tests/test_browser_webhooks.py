"""Issue 28 item 9 in a real browser on the local stack (make dev's), by visible link and button
names only, from /organiser: the beheerder opens "Instellingen", then "Webhooks", adds an endpoint
that points at a receiver on 127.0.0.1, copies the secret, presses "Stuur een test" and sees the
delivery in the log; the receiver got it, signed. Then the same page in English. axe-core finds
nothing at 1,280 and 390 px on each page."""
import json

import pytest
from test_browser import CHROMIUM, browser  # noqa: F401  (a fixture; skips the module without chromium)
from test_browser_organiser import DESKTOP, check, sign_in
from test_devstack import stack, wait_for  # noqa: F401  (a fixture)
from test_webhooks import Receiver, verify

pytestmark = pytest.mark.xdist_group("live")


def delivered(page, state):
    """Reload the page until the log's first row has ``state`` (the local pump sends it)."""
    def seen():
        page.reload()
        row = page.locator("table.deliveries tbody tr").first
        return row.count() and row.get_attribute("data-state") == state
    return wait_for(seen, 30, f"a delivery {state} in the log")


def test_a_beheerder_adds_a_webhook_and_sends_a_test(stack, browser):  # noqa: F811
    stack_json, _, _ = stack
    receiver = Receiver()
    try:
        page = browser.new_page(locale="nl-NL", viewport=DESKTOP)
        sign_in(page, stack_json)

        page.get_by_role("link", name="Instellingen", exact=True).click()
        page.get_by_role("link", name="Webhooks", exact=True).click()
        assert page.inner_text("h1") == "Webhooks: DuurzaamDoor"
        check(page, "webhooks")

        page.get_by_label("Webadres").fill("https://10.0.0.8/hook")
        page.get_by_label("Nieuwe aanmelding").check()
        page.get_by_role("button", name="Webhook toevoegen").last.click()
        assert "Dit adres is niet openbaar op internet." in page.inner_text("main")    # make dev allows loopback only
        check(page)

        page.get_by_label("Webadres").fill(receiver.url)
        page.get_by_label("Nieuwe aanmelding").check()
        page.get_by_label("Afgemeld registration.cancelled").check()
        page.get_by_label("Naam en e-mailadres", exact=True).check()
        page.get_by_role("button", name="Webhook toevoegen").last.click()
        secret = page.get_by_label("Geheime code").input_value()
        assert secret.startswith("whsec_")
        assert "Nog geen berichten verstuurd." in page.inner_text("main")
        check(page, "webhooks-toegevoegd")

        page.get_by_role("button", name="Stuur een test").click()
        assert "Het testbericht staat klaar." in page.inner_text("main")
        delivered(page, "delivered")
        row = page.locator("table.deliveries tbody tr").first
        assert "Bezorgd" in row.inner_text() and "HTTP 200" in row.inner_text() and "webhook.test" in row.inner_text()
        check(page, "webhooks-log")
        [got] = receiver.got
        assert verify(secret, got["headers"], got["body"])
        assert json.loads(got["body"])["type"] == "webhook.test"

        # in English, by the language link
        page.get_by_role("link", name="English").click()
        page.get_by_role("link", name="Settings", exact=True).first.click()
        page.get_by_role("link", name="Webhooks", exact=True).click()
        assert page.inner_text("h1") == "Webhooks: DuurzaamDoor"
        page.get_by_role("button", name="Send a test").click()
        assert "The test message is on its way." in page.inner_text("main")
        delivered(page, "delivered")
        assert len(receiver.got) == 2
        assert "Delivered" in page.locator("table.deliveries tbody tr").first.inner_text()
        check(page)
        page.get_by_role("button", name="Remove webhook").click()
        assert "The webhook is removed." in page.inner_text("main")
        check(page)
    finally:
        receiver.close()
