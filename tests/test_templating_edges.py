"""What chalicelib.templating gives every page, as a browser receives it: the one inline script runs
under the page's Content-Security-Policy (its hash is in script-src), and the stylesheet link names
the copy being served, so a changed stylesheet is fetched again."""
import base64
import hashlib
import re

import pytest

from conftest import DEMO_EVENT

EID = DEMO_EVENT["id"]
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def test_the_event_pages_one_script_is_allowed_by_its_hash(client, demo_event, cold_start):
    answer = client.http.get(f"/events/{EID}/form", headers=BROWSER)
    assert answer.status_code == 200
    script, = re.findall(r"<script>(.*?)</script>", answer.body.decode(), re.S)
    assert "postMessage" in script or "height" in script        # the frame-height script itself, not its hash
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = dict(part.strip().split(" ", 1) for part in answer.headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"].split() == [f"'sha256-{digest}'"]


def test_the_stylesheet_link_names_the_served_copy(client, demo_event):
    page = client.http.get(f"/events/{EID}/form", headers=BROWSER).body.decode()
    href, = set(re.findall(r'<link[^>]+href="([^"]*site\.css[^"]*)"', page))
    assert re.fullmatch(r"https?://[^/\s]+/assets/site\.css\?v=[0-9a-f]+", href), href
    served = client.http.get("/assets/site.css").body
    version = href.rpartition("=")[2]
    assert hashlib.sha256(served).hexdigest().startswith(version)


@pytest.fixture
def cold_start():
    """The templates as a new container compiles them (the environment is made once per process)."""
    from chalicelib import templating
    templating.environment.cache_clear()
    yield
    templating.environment.cache_clear()


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_the_text_mails_footer_is_one_block_of_lines(cold_start, locale):
    """A block tag's own line leaves no empty line behind: the footer under "-- " reads as one block."""
    mail = registered_mail(locale, organiser="D")
    footer = mail.text.split("\n-- \n", 1)[1]
    assert "\n\n" not in footer.strip() and len(footer.strip().splitlines()) >= 4


def test_the_mails_html_part_shows_the_organisers_name_as_written_and_its_text_part_as_is(cold_start):
    """The mail's layout (email/layout.j2, which every kind extends) is escaped in the HTML part too."""
    mail = registered_mail("nl", organiser="Bakker & <Zn>")
    assert "georganiseerd door Bakker &amp; &lt;Zn&gt;" in mail.html and "<Zn>" not in mail.html
    assert "georganiseerd door Bakker & <Zn>." in mail.text
    assert mail.subject.startswith("Aangemeld: ") and "XX" not in mail.subject


def registered_mail(locale, organiser):
    from conftest import event_model

    from chalicelib import emails
    from chalicelib.models import CONFIRMED, Registration
    event = event_model(location={"nl": "Utrecht", "en": "Utrecht"},
                        organiser={"name": organiser, "email": "i@d.example"})
    registration = Registration(id="r", event_id=event.id, status=CONFIRMED, name="A B", email="a@example.org",
                                locale=locale)
    return emails.render("registered", event, registration, {"manage_url": "https://x.example/m"},
                         {"organisation": None, "position": 3, "days_before": 1})
