"""The logo's edges, as an organiser uploading a file and a visitor loading it notice them: every
allowed part of a drawing survives the upload, other vocabularies and unknown attributes do not,
the served file is well-formed, the size limit is exactly 200 KB, and a logo gone from the bucket
is a 404 page, not an error."""
import re
import xml.etree.ElementTree as ET  # nosec B405  # parses only the test's own output

import pytest

from test_organisation_page import ORG, beheerder, png, upload  # noqa: F401  (the fixture)

SVG_NS = "http://www.w3.org/2000/svg"

# Written out here apart from chalicelib.logos, which must agree: what a static drawing may use.
ELEMENTS = ["svg", "g", "defs", "title", "desc", "symbol", "use", "path", "rect", "circle", "ellipse", "line",
            "polyline", "polygon", "text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath", "mask"]
ATTRIBUTES = [
    "id", "class", "width", "height", "viewBox", "preserveAspectRatio", "x", "y", "x1", "y1", "x2", "y2",
    "cx", "cy", "r", "rx", "ry", "d", "points", "transform", "fill", "fill-opacity", "fill-rule", "stroke",
    "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-dasharray", "stroke-dashoffset", "opacity", "clip-path", "clip-rule", "mask", "offset",
    "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "fx", "fy", "fr",
    "font-family", "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline",
    "letter-spacing", "dx", "dy", "role", "aria-label", "aria-hidden", "version", "style",
    "clipPathUnits", "maskUnits", "maskContentUnits", "vector-effect", "display", "visibility", "color",
]


def served(client, session, svg: bytes) -> str:
    """Upload ``svg`` as the organisation's logo and load it as a visitor does: the served text."""
    cookie, csrf = session
    answer = upload(client, cookie, csrf, "logo.svg", svg, "image/svg+xml")
    assert answer.status_code == 303, answer.body
    got = client.http.get(f"/organisations/{ORG}/logo")
    assert got.status_code == 200
    return got.body.decode() if isinstance(got.body, bytes) else got.body


def parts(text: str):
    """The element names and the attribute names of a served SVG (it must be well-formed)."""
    root = ET.fromstring(text.encode())  # nosec B314  # our own served output
    elements = [element.tag.rsplit("}", 1)[-1] for element in root.iter()]
    attributes = {name for element in root.iter() for name in element.attrib}
    return elements, attributes


def test_a_drawing_that_uses_every_allowed_element_and_attribute_comes_back_whole(client, beheerder):
    drawn = " ".join(f'{name}="1"' for name in ATTRIBUTES)
    children = "".join(f"<{name}/>" for name in ELEMENTS)
    svg = f'<svg xmlns="{SVG_NS}"><g {drawn} href="#a">{children}</g></svg>'.encode()
    elements, attributes = parts(served(client, beheerder, svg))
    assert elements == ["svg", "g", *ELEMENTS]
    assert attributes == {*ATTRIBUTES, "href"}


def test_the_served_svg_is_one_well_formed_document_with_one_declaration(client, beheerder):
    text = served(client, beheerder, f'<svg xmlns="{SVG_NS}"><rect width="4"/></svg>'.encode())
    assert text.count("<?xml") == 1 and text.startswith("<?xml")
    assert parts(text)[0] == ["svg", "rect"]


def test_an_svg_written_without_its_namespace_keeps_its_drawing(client, beheerder):
    text = served(client, beheerder, b'<svg viewBox="0 0 4 4"><rect width="4" fill="#1b6b4a"/></svg>')
    assert parts(text)[0] == ["svg", "rect"]
    assert 'fill="#1b6b4a"' in text


def test_an_svg_element_of_another_vocabulary_is_no_logo(client, beheerder):
    cookie, csrf = beheerder
    answer = upload(client, cookie, csrf, "logo.svg", b'<svg xmlns="urn:elders"><rect width="4"/></svg>', "image/svg+xml")
    assert answer.status_code == 400
    assert "Kies een PNG- of SVG-bestand." in answer.body.decode()


def test_an_editors_own_elements_and_attributes_are_left_out(client, beheerder):
    """Inkscape and the like add their own namespaced parts; some share a name with an SVG part."""
    svg = (f'<svg xmlns="{SVG_NS}" xmlns:ink="http://www.inkscape.org/namespaces/inkscape" '
           'xmlns:xlink="http://www.w3.org/1999/xlink" ink:version="1.3 (0e150ed)">'
           '<ink:text>Laag 1</ink:text><rect width="4" ink:fill="red" xlink:role="#r" data-tracker="abc"/></svg>').encode()
    text = served(client, beheerder, svg)
    elements, attributes = parts(text)
    assert elements == ["svg", "rect"]
    assert attributes == {"width"}
    for gone in ("1.3", "Laag 1", "red", "#r", "abc"):
        assert gone not in text


def test_a_logo_of_exactly_the_limit_is_kept_and_one_byte_more_is_not(client, beheerder):
    from chalicelib import store
    cookie, csrf = beheerder
    limit = 200 * 1024
    too_big = png() + b"\0" * (limit + 1 - len(png()))
    answer = upload(client, cookie, csrf, "logo.png", too_big, "image/png")
    assert answer.status_code == 400 and "Dit bestand is te groot." in answer.body.decode()
    exactly = png() + b"\0" * (limit - len(png()))
    assert upload(client, cookie, csrf, "logo.png", exactly, "image/png").status_code == 303
    assert store.organisations.get_organisation(ORG)["logo"]["type"] == "image/png"


def test_a_logo_gone_from_the_bucket_is_the_404_page(client, beheerder):
    from chalicelib import aws
    from chalicelib.config import settings
    cookie, csrf = beheerder
    assert upload(client, cookie, csrf, "logo.png", png(), "image/png").status_code == 303
    aws.s3().delete_object(Bucket=settings().export_bucket, Key=f"logos/{ORG}")
    assert client.http.get(f"/organisations/{ORG}/logo").status_code == 404


def logo_error(page: str) -> str:
    """The sentence the settings page shows under the logo field ("" when none)."""
    match = re.search(r'<span class="error" id="logo-error">([^<]*)</span>', page)
    return match.group(1) if match else ""


TYPE, UNSAFE = "Kies een PNG- of SVG-bestand.", "Dit SVG-bestand bevat scripts of links naar buiten. Kies een ander bestand."


@pytest.mark.parametrize("data, says", [
    (b"", "Vul dit veld in."),
    (png() + b"\0" * (200 * 1024), "Dit bestand is te groot. Kies een logo van hoogstens 200 kB."),
    (b"\x89PNG\r\n\x1a\n" + b"niet echt", TYPE),
    (b"\xff\xfe<\x00s\x00v\x00g\x00", TYPE),
    (f'<svg xmlns="{SVG_NS}"><rect>'.encode(), TYPE),
    (b'<svg xmlns="urn:elders"/>', TYPE),
    (f'<svg xmlns="{SVG_NS}">'.encode() + b"<g>" * 5000 + b"</g>" * 5000 + b"</svg>", TYPE),
    (b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', UNSAFE),
    (b'<!doctype svg [<!entity a "aaaa">]><svg>&a;</svg>', UNSAFE),
], ids=["empty", "too big", "fake png", "not utf-8", "broken xml", "other root", "too deep", "doctype",
        "doctype in lower case"])
def test_a_refused_logo_is_named_under_the_logo_field(client, beheerder, data, says):
    cookie, csrf = beheerder
    answer = upload(client, cookie, csrf, "logo.svg", data, "image/svg+xml")
    assert answer.status_code == 400
    assert logo_error(answer.body.decode()) == says
    assert 'id="logo" name="logo" accept=".png,.svg,image/png,image/svg+xml" aria-invalid="true"' in answer.body.decode()


def test_a_left_out_attribute_does_not_take_the_next_ones_with_it(client, beheerder):
    svg = (f'<svg xmlns="{SVG_NS}" xmlns:ink="http://www.inkscape.org/namespaces/inkscape">'
           '<rect ink:label="a" width="1"/><rect onclick="x()" width="2"/><use href="https://elders.example/s.svg" x="3"/>'
           '</svg>').encode()
    root = ET.fromstring(served(client, beheerder, svg).encode())  # nosec B314  # our own served output
    assert [dict(element.attrib) for element in root] == [{"width": "1"}, {"width": "2"}, {"x": "3"}]


def test_the_words_around_a_styled_word_stay(client, beheerder):
    svg = f'<svg xmlns="{SVG_NS}"><text>Duurzaam<tspan font-weight="bold">Door</tspan> en meer</text></svg>'.encode()
    root = ET.fromstring(served(client, beheerder, svg).encode())  # nosec B314  # our own served output
    assert "".join(root.itertext()) == "DuurzaamDoor en meer"


def test_a_kept_logo_is_encrypted_at_rest(client, beheerder):
    from chalicelib import aws
    from chalicelib.config import settings
    cookie, csrf = beheerder
    assert upload(client, cookie, csrf, "logo.png", png(), "image/png").status_code == 303
    stored = aws.s3().head_object(Bucket=settings().export_bucket, Key=f"logos/{ORG}")
    assert stored["ServerSideEncryption"] == "AES256"
