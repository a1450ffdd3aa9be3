"""The embed page's snippets on a page of another website, in a real browser on the local stack
(issue 22, visitors 1 and 5): the iframe takes its form's height at 390 px, its fallback height fits
the form at 320 px without script, and the fetch form survives a lost connection and the server's
refusals with the message beside the field, its button off while sending and the answer announced."""
import json
import re

import pytest

from test_browser import CHROMIUM, browser, field, put_event  # noqa: F401  (a fixture; skips the module without chromium)
from test_browser_organiser import sign_in_link
from test_devstack import running_stack, stack, wait_for  # noqa: F401  (stack is a fixture)

pytestmark = pytest.mark.xdist_group("live")
PAGES = {}                              # path -> the HTML the organiser's website serves
PHONE, SMALL = {"width": 390, "height": 844}, {"width": 320, "height": 640}


def embed_snippets(browser, stack_json) -> dict:  # noqa: F811
    """The iframe and fetch snippets as an organiser copies them from "Op je website"."""
    api, address = stack_json["api_url"], stack_json["organiser_email"]
    page = browser.new_page(locale="nl-NL")
    page.goto(f"{api}/organiser")
    field(page, "E-mailadres").fill(address)
    page.get_by_role("button", name="Stuur mij een inloglink").click()
    page.goto(sign_in_link(stack_json["mail_url"], address))
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{api}/organiser/events/{stack_json['event_id']}/embed")
    found = {"iframe": page.get_by_label("Code om te plakken (iframe)").input_value(),
             "fetch": page.get_by_label("Code om te plakken (HTML en JavaScript)").input_value()}
    page.close()
    return found


@pytest.fixture
def site():
    """The organiser's own website: another origin (``localhost`` on its own port; a local one, as
    Chromium's Local Network Access lets only those frame and call the local stack)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            body = PAGES.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass
    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}"
    server.shutdown()
    PAGES.clear()


def host(page, site, snippet: str, path="/agenda"):
    """Open ``snippet`` in a page of ``site``, as the organiser's website would show it."""
    PAGES[path] = ('<!doctype html><html lang="nl"><head><meta charset="utf-8">'
                   '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Agenda</title></head>'
                   f'<body><h1>Agenda</h1>{snippet}</body></html>')
    page.goto(site + path)


def frame_fits(page):
    """``(iframe height, content height)`` once the frame's page has loaded."""
    frame = page.locator("iframe")
    outer = frame.evaluate("e => Math.round(e.getBoundingClientRect().height)")
    inner = frame.content_frame.locator("html").evaluate("e => Math.ceil(e.getBoundingClientRect().height)")
    return outer, inner


def wait_until_it_fits(page, what):
    return wait_for(lambda: (lambda o, i: o == i and (o, i))(*frame_fits(page)), 10, what)


@pytest.fixture
def embedded(stack, browser, site):  # noqa: F811
    stack_json, _, _ = stack
    put_event(stack_json, allowed_redirect_origins=[site])
    return stack_json, embed_snippets(browser, stack_json), site


def test_the_iframe_takes_its_forms_height_at_390_px_and_its_button_works(embedded, browser):  # noqa: F811
    stack_json, snippets, site = embedded
    fallback = int(re.search(r"height:(\d+)px", snippets["iframe"]).group(1))
    page = browser.new_page(locale="nl-NL", viewport=PHONE)
    host(page, site, snippets["iframe"])
    form = page.frame_locator("iframe")

    height, content = wait_until_it_fits(page, "the frame took its form's height")
    assert height != fallback                                 # the script set it, to the content
    inner = page.locator("iframe").content_frame.locator("html")
    assert inner.evaluate("e => e.scrollHeight <= e.clientHeight")     # nothing to scroll inside the frame
    # a message from anything but our form in that frame (here: the host page itself) changes nothing
    page.evaluate("""() => new Promise(done => {
        window.addEventListener("message", () => setTimeout(done, 0), {once: true});
        window.postMessage({type: "signups:form-height", height: 5}, "*");
    })""")
    assert frame_fits(page)[0] == height

    # a mistake: the form comes back taller with its messages, and the frame follows it
    form.get_by_role("button", name="Aanmelden").click()
    form.get_by_text("Controleer deze velden:").wait_for()
    taller, _ = wait_until_it_fits(page, "the frame followed the form with its messages")
    assert taller > height

    field(form, "Naam").fill("Noor Bakker")
    field(form, "E-mailadres").fill("noor@gemeente.example")
    field(form, "Organisatie").fill("Gemeente Zwolle")
    form.get_by_label("Ik geef DuurzaamDoor toestemming", exact=False).check()
    button = form.get_by_role("button", name="Aanmelden")
    box, frame_box = button.bounding_box(), page.locator("iframe").bounding_box()
    assert box["y"] + box["height"] <= frame_box["y"] + frame_box["height"]      # not cut off by the frame
    assert box["x"] + box["width"] <= PHONE["width"]
    button.click()
    form.get_by_role("heading", level=1, name="Je aanmelding is ontvangen").wait_for()     # the thank-you page, once loaded
    wait_until_it_fits(page, "the frame fitted the thank-you page")


LONG = {"description": {"nl": "Een middag over warmte in de wijk. " * 20},
        "fields": [{"name": "organisation", "type": "text", "required": True, "label": {"nl": "Organisatie"}},
                   {"name": "lunch", "type": "select", "required": True, "label": {"nl": "Wat wil je bij de lunch?"},
                    "options": ["Vegetarisch", "Vegan", "Geen wensen"]},
                   {"name": "foto", "type": "checkbox", "required": False,
                    "label": {"nl": "Je mag een foto van mij maken voor de nieuwsbrief"}},
                   {"name": "functie", "type": "text", "required": False, "label": {"nl": "Functie"}}]}


@pytest.mark.parametrize("overrides", [{}, LONG], ids=["demo", "long"])
def test_without_script_the_fallback_height_fits_the_form_at_320_px(stack, browser, site, overrides):  # noqa: F811
    stack_json, _, _ = stack
    put_event(stack_json, allowed_redirect_origins=[site], **overrides)
    no_script = re.sub(r"<script>.*?</script>", "", embed_snippets(browser, stack_json)["iframe"], flags=re.S)
    fallback = int(re.search(r"height:(\d+)px", no_script).group(1))
    page = browser.new_page(locale="nl-NL", viewport=SMALL)
    host(page, site, no_script)
    page.frame_locator("iframe").get_by_role("button", name="Aanmelden").wait_for()
    height, content = frame_fits(page)
    assert height == fallback
    assert content <= fallback, f"the form is {content} px high at 320 px, the frame {fallback} px"


def fetch_page(browser, site, snippets):  # noqa: F811
    page = browser.new_page(locale="nl-NL", viewport=PHONE)
    host(page, site, snippets["fetch"])
    return page


def fill(page, name="Noor Bakker", email="noor@gemeente.example"):
    field(page, "Naam").fill(name)
    field(page, "E-mailadres").fill(email)
    field(page, "Organisatie").fill("Gemeente Zwolle")
    page.get_by_label("Ik geef DuurzaamDoor toestemming", exact=False).check()


def test_the_fetch_form_keeps_the_input_on_a_lost_connection_and_shows_field_messages(embedded, browser):  # noqa: F811
    stack_json, snippets, site = embedded
    page = fetch_page(browser, site, snippets)
    status = page.get_by_role("status")
    signups_url = f"{stack_json['api_url']}/events/{stack_json['event_id']}/signups"

    # no connection: a message, the input kept, the button back on
    page.route(signups_url, lambda route: route.abort("internetdisconnected"))
    fill(page)
    page.get_by_role("button", name="Aanmelden").click()
    wait_for(lambda: "Het versturen lukte niet" in status.inner_text(), 10, "the lost connection was announced")
    assert field(page, "Naam").input_value() == "Noor Bakker"
    assert page.get_by_role("button", name="Aanmelden").is_enabled()
    page.unroute(signups_url)

    # the server refuses a field: its message beside that field, the input kept
    field(page, "Naam").fill("www.koop-nu.example")
    page.get_by_role("button", name="Aanmelden").click()
    wait_for(lambda: "Er ontbreekt iets of er klopt iets niet. Verbeter de gemarkeerde velden." in status.inner_text(), 10, "the refusal was announced")
    assert page.locator("#name-fout").inner_text() == "Een naam mag niet op een webadres lijken. Haal het adres weg, of zet een spatie na elke punt."
    assert field(page, "Naam").get_attribute("aria-invalid") == "true"
    assert field(page, "Naam").get_attribute("aria-describedby") == "name-fout"
    assert field(page, "E-mailadres").input_value() == "noor@gemeente.example"

    # while a signup is under way the button is off; then the answer is announced and the form empties
    seen = []

    def hold(route):
        seen.append(page.get_by_role("button", name="Aanmelden").is_disabled())
        route.continue_()
    page.route(signups_url, hold)
    field(page, "Naam").fill("Noor Bakker")
    page.get_by_role("button", name="Aanmelden").click()
    wait_for(lambda: "Je aanmelding is ontvangen." in status.inner_text(), 10, "the signup was announced")
    assert seen == [True]
    assert page.locator("#name-fout").count() == 0
    assert field(page, "Naam").input_value() == ""
    assert page.get_by_role("button", name="Aanmelden").is_enabled()


def test_the_fetch_form_shows_the_servers_503_message_and_keeps_the_input(embedded, browser):  # noqa: F811
    stack_json, snippets, site = embedded
    page = fetch_page(browser, site, snippets)
    signups_url = f"{stack_json['api_url']}/events/{stack_json['event_id']}/signups"
    # the answer the service gives while DynamoDB is down (tests/test_faults.py), with CORS
    page.route(signups_url, lambda route: route.fulfill(status=503, content_type="application/json", headers={
        "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Retry-After", "Retry-After": "30"},
        body=json.dumps({"error": "service_unavailable",
                         "message": "Er ging bij ons iets mis. Probeer het over een minuut opnieuw."})))
    fill(page)
    page.get_by_role("button", name="Aanmelden").click()
    status = page.get_by_role("status")
    wait_for(lambda: "Er ging bij ons iets mis" in status.inner_text(), 10, "the 503 was announced")
    # the service's message already says what to do; the snippet adds no second "wait"
    assert "Er ging bij ons iets mis. Probeer het over een minuut opnieuw." in status.inner_text()
    assert "Wacht" not in status.inner_text()
    assert field(page, "Naam").input_value() == "Noor Bakker"


def test_the_fetch_form_shows_the_servers_429_message(browser, site, tmp_path):  # noqa: F811
    with running_stack(tmp_path, RATE_LIMIT_PER_MINUTE="1") as (stack_json, _, _):
        put_event(stack_json, allowed_redirect_origins=[site])
        snippets = embed_snippets(browser, stack_json)
        page = fetch_page(browser, site, snippets)
        status = page.get_by_role("status")
        for n in range(3):      # at most one signup a minute: of three in a row, two share a minute
            fill(page, email=f"noor{n}@gemeente.example")
            page.get_by_role("button", name="Aanmelden").click()
            wait_for(lambda: status.inner_text() and "Even geduld" not in status.inner_text(), 10, "an answer")
            if "Er komen nu veel aanmeldingen" in status.inner_text():
                break
        assert "Er komen nu veel aanmeldingen tegelijk binnen." in status.inner_text()
        assert field(page, "E-mailadres").input_value() == f"noor{n}@gemeente.example"
