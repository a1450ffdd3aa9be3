"""Issue 22, item 9: every organiser page fits a phone (320 and 390 px) and a desktop (1,280 px)
without sideways scrolling. Chromium loads the pages from the test client (no local stack): a
route answers every request to the service's address with what the app answers."""
import re
from urllib.parse import urlsplit

import pytest

from conftest import DEMO_EVENT
from test_browser import CHROMIUM, browser  # noqa: F401 (a fixture; skips the module without chromium)
from test_dashboard import crowd, member  # noqa: F401 (fixtures)
from test_organisers import ses  # noqa: F401 (a fixture)

EID = DEMO_EVENT["id"]
BASE = "https://signup.test"
WIDTHS = (320, 390, 1280)
LONG = "Organisatie-met-een-heel-lange-naam-zonder-spaties-Rijkswaterstaat@Provincie.example"


def serve(page, client, cookie):
    """Answer the page's requests to BASE from the Chalice test client, with the session cookie."""
    def answer(route):
        request = route.request
        parts = urlsplit(request.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {"Cookie": cookie}
        if request.method == "POST":
            headers["Content-Type"] = request.headers.get("content-type", "")
            got = client.http.post(path, body=request.post_data or "", headers=headers)
        else:
            got = client.http.get(path, headers=headers)
        route.fulfill(status=got.status_code, headers={k: v for k, v in got.headers.items()},
                      body=got.body if isinstance(got.body, bytes) else got.body.encode())
    page.route(re.compile(r"^https://signup\.test/"), answer)


def overflow(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    return page.evaluate("""() => ({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth,
        wide: [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
              && getComputedStyle(e).position !== 'absolute')
              .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))})""")


@pytest.fixture
def pages(client, crowd, member):  # noqa: F811
    """Every organiser page with content in it: a person with a long organisation, a sent message."""
    from conftest import person, signup
    assert signup(client, EID, **person(7, name="Maximiliaan van Oldenbarnevelt-Wassenaer", organisation=LONG)).status_code == 201
    from chalicelib import store
    regs = list(store.roster.registrations(EID, consistent=True))
    rid = regs[0].id
    from datetime import datetime, timezone
    from chalicelib import checkin, tokens
    checkin.check_in(EID, rid, datetime.now(timezone.utc))
    event = f"/organiser/events/{EID}"
    return ["/organiser", "/organiser/tokens", "/organiser/events/new", event, event + "/registrations",
            event + "/messages/new", event + "/door", event + "/attendance", event + "/edit", event + "/embed",
            f"{event}/registrations/{rid}/cancel", f"{event}/registrations/{rid}/erase",
            f"{event}/door?done=checked_in&who={rid}", f"/checkin/{tokens.sign_checkin(EID, rid)}",
            f"{event}/registrations?q=oldenbarnevelt", "/organiser?lang=en", event + "?lang=en"]


def test_no_organiser_page_scrolls_sideways(client, pages, member, browser):  # noqa: F811
    page = browser.new_page()
    serve(page, client, member["Cookie"])
    wide = {}
    for path in pages:
        page.goto(BASE + path)
        for width in WIDTHS:
            measured = overflow(page, width)
            if measured["scroll"] > measured["inner"]:
                wide[f"{path} at {width}"] = measured
    assert not wide, wide


def test_the_sign_in_pages_do_not_scroll_sideways(client, browser):  # noqa: F811
    page = browser.new_page()
    serve(page, client, "")
    page.goto(BASE + "/organiser")
    for width in WIDTHS:
        measured = overflow(page, width)
        assert measured["scroll"] <= measured["inner"], measured


def test_the_chart_labels_are_readable_on_a_phone(client, pages, member, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 390, "height": 800})
    serve(page, client, member["Cookie"])
    page.goto(f"{BASE}/organiser/events/{EID}")
    sizes = page.evaluate("""() => { const svg = document.querySelector('svg.chart');
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll('text.axis')].filter(t => getComputedStyle(t).display !== 'none')
               .map(t => parseFloat(getComputedStyle(t).fontSize) * scale); }""")
    assert sizes and min(sizes) >= 11, sizes


def test_the_embed_page_copies_a_code_with_its_button(client, crowd, member, browser):  # noqa: F811
    """Issue 22 item 13: copy buttons, made by the page's one script (allowed by its hash in the CSP)."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    serve(page, client, member["Cookie"])
    page.goto(f"{BASE}/organiser/events/{EID}/embed")
    buttons = page.get_by_role("button", name="Kopieer")
    assert buttons.count() >= 4
    iframe_code = page.get_by_label("Code om te plakken (iframe)").input_value()
    page.get_by_label("Code om te plakken (iframe)").locator("xpath=following-sibling::button[1]").click()
    page.wait_for_function("() => [...document.querySelectorAll('[role=status]')].some(s => s.textContent === 'Gekopieerd.')")
    assert page.evaluate("navigator.clipboard.readText()") == iframe_code
    context.close()


def test_the_embed_page_works_without_javascript(client, crowd, member, browser):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    serve(page, client, member["Cookie"])
    page.goto(f"{BASE}/organiser/events/{EID}/embed")
    assert page.get_by_role("button", name="Kopieer").count() == 0      # no button that does nothing
    assert "<iframe" in page.get_by_label("Code om te plakken (iframe)").input_value()
    context.close()
