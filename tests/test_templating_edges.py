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


def test_the_event_pages_one_script_is_allowed_by_its_hash(client, demo_event):
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
    from conftest import event_model

    from chalicelib import emails
    from chalicelib.models import CONFIRMED, Registration
    event = event_model(location={"nl": "Utrecht", "en": "Utrecht"}, organiser={"name": "D", "email": "i@d.example"})
    registration = Registration(id="r", event_id=event.id, status=CONFIRMED, name="A B", email="a@example.org",
                                locale=locale)
    mail = emails.render("registered", event, registration, {"manage_url": "https://x.example/m"},
                         {"organisation": None, "position": 3, "days_before": 1})
    footer = mail.text.split("\n-- \n", 1)[1]
    assert "\n\n" not in footer.strip() and len(footer.strip().splitlines()) >= 4
