"""This stop's paths in a real browser on the local stack, by visible link and button names only,
at 1,280 and 390 px, in Dutch and in English: the editor refuses an evaluation that closes before
the meeting starts, says so beside the field and leads there from its summary; a copy made a year on
takes the evaluation's close with it, as the copy's editor shows. No page scrolls sideways."""
import re

import pytest

from test_browser import browser  # noqa: F401  (a fixture; skips the module without chromium)
from test_browser_organiser import DESKTOP, PHONE, check, sign_in
from test_devstack import stack  # noqa: F401  (a fixture)

pytestmark = pytest.mark.xdist_group("live")


def fits(page):
    """Nothing on the page is wider than the window, at either width."""
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (page.url, size)
    page.set_viewport_size(DESKTOP)


@pytest.mark.parametrize("lang, words", [
    ("nl", {"edit": "Bewerken", "closes": "Evaluatie sluit op (datum)", "save": "Opslaan", "copy": "Kopieer bijeenkomst",
            "date": "Datum", "make": "Kopie maken",
            "refused": "De evaluatie gaat open bij het begin van de bijeenkomst. Laat haar daarna sluiten."}),
    ("en", {"edit": "Edit", "closes": "Evaluation closes on (date)", "save": "Save", "copy": "Copy event",
            "date": "Date", "make": "Make the copy",
            "refused": "The evaluation opens when the meeting starts. Let it close after that."}),
])
def test_an_evaluation_closing_too_soon_is_named_and_a_copy_takes_its_close_along(stack, browser, lang, words):  # noqa: F811
    stack_json, _, _ = stack
    page = browser.new_page(locale="nl-NL", viewport=DESKTOP)      # English by the page's own link
    sign_in(page, stack_json, lang)
    page.get_by_role("link", name=re.compile("Lerende ambtenaren|Learning civil servants")).first.click()
    page.get_by_role("link", name=words["edit"]).first.click()

    page.get_by_label(words["closes"]).fill("2026-12-01")          # the demo meets on 9 December
    page.get_by_role("button", name=words["save"], exact=True).last.click()
    summary = page.locator(".error-summary")
    assert words["refused"] in summary.inner_text()
    assert words["refused"] in page.locator("#evaluation_closes_date-error").inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "evaluation_closes_date"
    page.screenshot(path=f"/tmp/walk-evaluation-{lang}.png")
    check(page)
    fits(page)

    page.get_by_label(words["closes"]).fill("2026-12-20")
    page.get_by_role("button", name=words["save"], exact=True).last.click()
    assert words["refused"] not in page.inner_text("main")

    page.locator("nav.breadcrumb").get_by_role("link").nth(1).click()     # the event's overview
    page.get_by_role("link", name=words["copy"]).first.click()
    page.get_by_label(words["date"], exact=True).fill("2027-12-08")
    page.get_by_role("button", name=words["make"]).click()
    page.wait_for_url(re.compile(r"/organiser/events/[\w-]*2027[\w-]*(\?|$)"))
    page.screenshot(path=f"/tmp/walk-copy-{lang}.png")
    check(page)
    fits(page)
    page.get_by_role("link", name=words["edit"]).first.click()
    assert page.get_by_label(words["closes"]).input_value() == "2027-12-19"     # eleven days after, as before
    page.set_viewport_size(PHONE)
    page.screenshot(path=f"/tmp/walk-copy-edit-{lang}-390.png", full_page=False)
    fits(page)
