"""The embed page's edges, as the organiser who copies a snippet notices them: the iframe's height
on a page without script (measured in Chromium at 320 px, tests/test_browser_embed.py), for an
event that has every part the hosted form can show and for the demo event as it is."""
import html as markup
import re

import pytest
from conftest import DEMO_PROGRAMME, make_event
from test_organiser_events import EID, member, page  # noqa: F401  (the fixture)
from test_organisers import ses  # noqa: F401  (a fixture of member)

HYBRID = {"online": {"capacity": 20, "join_url": "https://zoom.example/j/1"}}


def iframe_of(client, cookie) -> str:
    body = page(client, f"/organiser/events/{EID}/embed", cookie).body.decode()
    return markup.unescape(re.search(r'<textarea id="iframe-code"[^>]*>(.*?)</textarea>', body, re.S).group(1))


@pytest.mark.parametrize("overrides, height", [
    ({}, 1862),                                 # title, description, location, consent, 3 questions, list
    ({**DEMO_PROGRAMME, **HYBRID}, 3320),       # and two rounds of three sessions, on site or online
    ({"participant_list": False}, 1862 - 40 - 24 * 6),
    ({"consent_required": False}, 1862 - 40 - 24 * 7),
    ({"title": {"nl": "Circulair inkopen: wat werkt er echt?"}}, 1862),     # 37 characters: still three lines
], ids=["demo", "programme online", "no list", "no consent", "title of three short lines"])
def test_the_iframe_is_as_tall_as_the_form_without_script(client, admin_token, member, overrides, height):
    make_event(client, admin_token, **overrides)
    shown = iframe_of(client, member)
    assert f"height:{height}px;" in shown, re.search(r"height:\d+px", shown).group(0)


def embed_page(client, cookie) -> str:
    return page(client, f"/organiser/events/{EID}/embed", cookie).body.decode()


def test_each_language_has_its_own_link_and_the_first_needs_no_lang(client, admin_token, member):
    make_event(client, admin_token, locales=["nl", "en"])
    body = embed_page(client, member)
    form = f"https://signup.test/events/{EID}/form"
    assert re.findall(r'<input type="text" id="link-(\w+)" value="([^"]*)"', body) == [("nl", form), ("en", form + "?lang=en")]
    assert f'<a href="{form}">Formulier bekijken</a>' in body
    assert f'src="{form}" title="Aanmelden: Lerende ambtenaren versnellen circulaire economie"' in iframe_of(client, member)


def test_an_english_first_event_links_its_english_form_bare(client, admin_token, member):
    make_event(client, admin_token, locales=["en", "nl"])
    body = embed_page(client, member)
    form = f"https://signup.test/events/{EID}/form"
    assert re.findall(r'<input type="text" id="link-(\w+)" value="([^"]*)"', body) == [("en", form), ("nl", form + "?lang=nl")]
    assert iframe_of(client, member).startswith(f'<iframe id="aanmelden-{EID}" src="{form}" title="Sign up: Learning')


def test_the_organisers_own_thank_you_page_goes_into_the_form(client, admin_token, member):
    make_event(client, admin_token, thank_you_url="https://www.duurzaamdoor.example/bedankt")
    body = embed_page(client, member)
    assert "Na het aanmelden gaan mensen naar je eigen bedankpagina: https://www.duurzaamdoor.example/bedankt." in body
    snippet = markup.unescape(re.search(r'<textarea id="html-code"[^>]*>(.*?)</textarea>', body, re.S).group(1))
    assert 'name="_redirect" value="https://www.duurzaamdoor.example/bedankt"' in snippet


def test_the_qr_code_names_the_event_and_its_png_prints_at_thirty_pixels_a_module(client, admin_token, member):
    import struct
    body = embed_page(client, member)
    svg = re.search(r'<div class="qr">(<svg[^>]*>)', body).group(1)
    assert 'aria-label="Lerende ambtenaren versnellen circulaire economie"' in svg
    assert " width=" not in svg and " height=" not in svg       # the page sizes it
    data = re.search(r'href="data:image/png;base64,([^"]+)" download=', body).group(1)
    png = __import__("base64").b64decode(data)
    width, height = struct.unpack(">II", png[16:24])
    assert width == height and width % 30 == 0
    modules = width // 30 - 2 * 4                           # a quiet zone of four modules on each side
    assert (modules - 21) % 4 == 0                          # a QR code is 21, 25, 29, ... modules wide


def test_an_event_of_no_organisation_leaves_out_the_room_for_its_name_and_statement(client):
    from conftest import event_model
    from chalicelib.organiser import embed
    assert "height:1742px;" in embed.snippets(event_model(organisation_id="")).iframe      # 1862 - 120
