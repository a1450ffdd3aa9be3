"""The Overzicht and the embed page by purpose, not technique; dates as the government writes them
(issue 24 items 7 and 8)."""
import re
from html.parser import HTMLParser

import pytest

import words
from conftest import DEMO_EVENT, make_event, person, signup
from test_organisers import sign_in, ses  # noqa: F401  (ses is a fixture)

EID = DEMO_EVENT["id"]
TECHNIQUE = re.compile(r"iframe|HTML|JavaScript|fetch|JSON|CSV", re.IGNORECASE)


class _Text(HTMLParser):
    """The text a person reads in <main>, without the code to paste; and the h2 headings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.main = self.skip = self.heading = False
        self.parts, self.headings = [], []

    def handle_starttag(self, tag, attrs):
        self.main |= tag == "main"
        self.skip |= tag in ("textarea", "code", "script", "style")
        if tag == "h2":
            self.heading = True
            self.headings.append("")

    def handle_endtag(self, tag):
        if tag in ("textarea", "code", "script", "style"):
            self.skip = False
        if tag == "h2":
            self.heading = False
        if tag in ("p", "li", "h1", "h2", "h3", "label", "th", "td", "span", "a", "button"):
            self.parts.append("\n")

    def handle_data(self, data):
        if self.main and not self.skip:
            self.parts.append(data)
            if self.heading:
                self.headings[-1] += data


def read(html):
    reader = _Text()
    reader.feed(html)
    return reader


@pytest.fixture
def member(client, admin_token, ses):   # noqa: F811
    make_event(client, admin_token)
    signup(client, EID, **person(1))
    return {"Cookie": sign_in(client, ses)}


def get(client, path, member):
    answer = client.http.get(path, headers=member)
    assert answer.status_code == 200
    return answer.body.decode()


def test_the_overview_has_one_main_download_and_the_others_by_purpose(client, member):
    html = get(client, f"/organiser/events/{EID}", member)
    downloads = html.split('id="downloads-title"')[1].split("</section>")[0]

    main = re.findall(r'<a class="button" [^>]*>([^<]+)</a>', downloads)
    assert main == ["Download als Excel-bestand"]
    others = re.findall(r'<li><a href="([^"]+)" download>([^<]+)</a>\s*<span class="hint">([^<]+)</span>', downloads)
    assert [(re.search(r"format=(\w+)", href).group(1), name) for href, name, _ in others] == [
        ("csv", "CSV-bestand voor Excel met Nederlandse instellingen"),
        ("csv", "CSV-bestand voor een ander programma"), ("json", "JSON-bestand voor een koppeling")]
    assert all(hint.strip() for _, _, hint in others)


def test_cancelling_the_event_comes_last_and_secondary(client, member):
    html = get(client, f"/organiser/events/{EID}", member)
    main = html.split("<main")[1].split("</main>")[0]
    headings = read(html).headings
    assert headings[-1] == "Bijeenkomst afzeggen"
    button = re.search(r'<a class="([^"]+)" href="[^"]+/cancel"', main).group(1)
    assert button == "button secondary"
    cancel_at = main.index(f'/organiser/events/{EID}/cancel"')
    assert cancel_at > main.index('id="downloads-title"') > main.index("/registrations/new")


EMBED_HEADINGS = {
    "nl": ["Een link voor je nieuwsbrief of uitnodiging", "Een QR-code voor een poster of flyer",
           "Het formulier op je eigen webpagina (voor webredacteuren)",
           "Het formulier in de opmaak van je eigen website (voor webbouwers)",
           "Aanmelden zonder de pagina te verlaten (voor webbouwers)", "Je website toestaan"],
    "en": ["A link for your newsletter or invitation", "A QR code for a poster or flyer",
           "The form on your own web page (for web editors)", "The form in your own website's style (for web developers)",
           "Signing up without leaving the page (for web developers)", "Allow your website"],
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_embed_headings_say_what_you_get_and_the_hint_names_the_technique(client, member, lang):
    html = get(client, f"/organiser/events/{EID}/embed?lang={lang}", member)
    headings = read(html).headings
    assert headings == EMBED_HEADINGS[lang]
    assert not [h for h in headings if TECHNIQUE.search(h)]
    hints = re.findall(r'<p class="hint">(.*?)</p>', html, re.S)
    assert [TECHNIQUE.findall(hint)[-1].lower() for hint in hints] == ["iframe", "javascript", "fetch"]


@pytest.mark.parametrize("path", ["", "/embed"])
def test_the_pages_read_in_the_terms_of_issue_24(client, member, path):
    text = "".join(read(get(client, f"/organiser/events/{EID}{path}", member)).parts)
    found = [f for line in text.splitlines() if line.strip() for f in words.findings(line)]
    assert found == []


@pytest.mark.parametrize("path", ["", "/registrations", "/attendance", "/embed"])
def test_dates_on_organiser_pages_are_written_out_without_the_home_zone(client, member, path):
    """"woensdag 9 december 2026, van 13.00 tot 17.00 uur"; no "05-12-2026", no zone name for Amsterdam."""
    text = "".join(read(get(client, f"/organiser/events/{EID}{path}", member)).parts)
    assert not re.search(r"\b\d{1,2}-\d{1,2}-\d{4}\b", text)
    assert "Midden-Europese" not in text and "((" not in text and "))" not in text
    if path == "":
        assert re.search(r"\b\w+dag \d{1,2} \w+ \d{4}, van \d{1,2}\.\d{2} tot \d{1,2}\.\d{2} uur", text)


@pytest.mark.parametrize("path", ["/organiser", "/organiser/tokens", f"/organiser/events/{EID}/edit",
                                  f"/organiser/events/{EID}/door"])
def test_other_organiser_pages_write_dates_out_too(client, member, path):
    text = "".join(read(get(client, path, member)).parts)
    assert not re.search(r"\b\d{1,2}-\d{1,2}-\d{4}\b", text)
    assert "Midden-Europese" not in text and "((" not in text and "))" not in text


def test_a_zone_other_than_amsterdam_is_named_once_never_in_double_brackets(client, admin_token, member):
    make_event(client, admin_token, timezone="America/New_York")
    for path in ("/organiser", "/organiser/tokens", f"/organiser/events/{EID}"):
        text = "".join(read(get(client, path, member)).parts)
        assert "Eastern-standaardtijd" in text, path
        assert "((" not in text and "))" not in text, path
