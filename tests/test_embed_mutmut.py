"""The embed page where mutmut's mutants of chalicelib/organiser/embed.py showed a gap: the QR
code's title, which a screen reader and a hovering mouse read, and the end of the iframe's code."""
import re

from conftest import make_event
from test_embed_edges import embed_page, iframe_of
from test_organiser_events import member  # noqa: F401  (the fixture)
from test_organisers import ses  # noqa: F401  (a fixture of member)


def test_the_qr_code_carries_the_events_name_as_its_title(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    body = embed_page(client, member)
    svg = re.search(r'<div class="qr">(<svg.*?</svg>)', body, re.S).group(1)
    assert "<title>Lerende ambtenaren versnellen circulaire economie</title>" in svg


def test_the_iframes_code_ends_with_its_script_and_one_line_end(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    shown = iframe_of(client, member)
    assert shown.endswith("});\n</script>\n")       # pasted into a page, nothing stray follows it


def test_the_html_and_fetch_forms_code_ends_with_its_last_tag_and_one_line_end(client, admin_token, member):  # noqa: F811
    import html as markup
    make_event(client, admin_token)
    body = embed_page(client, member)
    for name in ("html-code", "fetch-code"):
        code = markup.unescape(re.search(rf'<textarea id="{name}"[^>]*>(.*?)</textarea>', body, re.S).group(1))
        assert re.search(r"</(form|script)>\n\Z", code), (name, code[-40:])
