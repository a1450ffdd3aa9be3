"""The proof of attendance as a PDF reader shows it (issue 30): its words, sizes and places on the page,
the QR code a phone scans, the link a click opens, and the duration it states."""
import dataclasses
import io
from datetime import timedelta

import pytest

from chalicelib import after, proof, signups, store
from conftest import DEMO_EVENT, make_event
from test_outbox import join, stream  # noqa: F401 (stream is a fixture)

EID = DEMO_EVENT["id"]
# a long link with hyphens: it wraps over two lines of 90 characters, not at a hyphen
VERIFY = "https://aanmelden.example/verify/" + "ab-cd" * 24


@pytest.fixture
def came(client, admin_token):
    make_event(client, admin_token, proof_of_attendance=True)
    return signups.get_event(EID), join(client, 1)


def read(pdf: bytes):
    """``(page, lines)``: the first page as pypdf reads it, and each line of text on it as
    ``(text, font, size, x, y)``, top to bottom. Each line is upright and unscaled, set inside a
    text object (BT ... ET), as a strict PDF reader requires."""
    from pypdf import PdfReader
    page, lines = PdfReader(io.BytesIO(pdf)).pages[0], []

    def seen(text, cm, tm, font, size):
        if text.strip():
            assert list(tm[:4]) == [1, 0, 0, 1], (text, tm)
            lines.append((text, font["/BaseFont"], size, tm[4], tm[5]))
    page.extract_text(visitor_text=seen)
    inside = False
    for _, operator in page.get_contents().operations:
        assert operator != b"BT" or not inside, "a text object opened inside another"
        assert operator not in (b"Tf", b"Tm", b"TJ") or inside, f"{operator} outside a text object"
        inside = operator == b"BT" or (inside and operator != b"ET")
    assert not inside, "a text object left open"
    return page, lines


def colours(page) -> list:
    """``(text, fill colour)`` of each line shown: the colour set last before it."""
    shown, colour = [], None
    for operands, operator in page.get_contents().operations:
        if operator == b"rg":
            colour = tuple(round(float(v), 3) for v in operands)
        elif operator == b"TJ":
            shown.append(("".join(str(part) for part in operands[0]), colour))
    return shown


def drawn_qr(page) -> list:
    """The texts a QR reader finds in the page's filled rectangles, drawn 1 pixel a point."""
    import zxingcpp
    width, height = (int(v) for v in page.mediabox[2:])
    pixels, path = bytearray(b"\xff" * (width * height)), []
    for operands, operator in page.get_contents().operations:
        if operator == b"re":
            path.append([int(v) for v in operands])
        elif operator == b"f":          # the rectangles are painted only when the path is filled
            for x, y, w, h in path:
                for row in range(height - y - h, height - y):
                    pixels[row * width + x:row * width + x + w] = b"\x00" * w
            path = []
    view = memoryview(bytes(pixels)).cast("B", (height, width))
    return [(found.text, found.position) for found in
            zxingcpp.read_barcodes(view, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_the_proof_reads_top_to_bottom_in_its_fonts_sizes_and_places(came):
    event, reg = came
    page, lines = read(proof.pdf(event, reg, "Rijksoverheid", VERIFY, "nl"))
    assert [float(v) for v in page.mediabox] == [0, 0, 595, 842]       # A4
    bold, plain = "/Helvetica-Bold", "/Helvetica"
    assert [(text, font, size, x) for text, font, size, x, _ in lines] == [
        ("Bewijs van deelname", bold, 26, 72),
        ("Hierbij verklaren wij dat deze deelnemer bij de bijeenkomst was.", plain, 12, 72),
        ("Naam", plain, 10, 72), ("Deelnemer 1", bold, 14, 72),
        ("Bijeenkomst", plain, 10, 72), (event.title["nl"], bold, 14, 72),
        ("Wanneer", plain, 10, 72), ("woensdag 9 december 2026, van 13.00 tot 17.00 uur", bold, 14, 72),
        ("Duur", plain, 10, 72), ("4 uur", bold, 14, 72),
        ("Organisatie", plain, 10, 72), ("Rijksoverheid", bold, 14, 72),
        ("Controleer of dit bewijs echt is:", plain, 10, 72),
        (VERIFY[:90], plain, 8, 72), (VERIFY[90:], plain, 8, 72)]
    # each line sits below the one before it, by the room its own size needs
    assert [round(y, 1) for *_, y in lines] == [746, 702, 672, 658, 632, 618, 592, 578, 552, 538, 512, 498, 462, 448, 437]


def test_the_qr_code_under_the_link_opens_the_check_when_scanned_or_clicked(came):
    from chalicelib import checkin
    event, reg = came
    page, lines = read(proof.pdf(event, reg, "Rijksoverheid", VERIFY, "nl"))
    [(text, position)] = drawn_qr(page)
    assert text == VERIFY
    # upright (not mirrored or upside down: the finder patterns at its top left, top right, bottom left)
    left, top = position.top_left.x, position.top_left.y
    assert position.top_right.x > left and position.bottom_left.y > top
    # in line with the text, 8 points under the link's last line (437, then 11 points down): 3 points
    # (1 mm) a module, which a phone reads from paper
    side = 3 * len(checkin.qr_code(VERIFY).matrix)
    assert (left, 842 - top) == (72, 426 - 8 + 3)
    assert (position.top_right.x - left, position.bottom_left.y - top) == (side, side)

    [annotation] = [a.get_object() for a in page["/Annots"]]
    assert annotation["/Subtype"] == "/Link" and annotation["/A"]["/URI"] == VERIFY
    # a click on the code or on the link's lines above it opens the check
    assert [float(v) for v in annotation["/Rect"]] == [72, 842 - top - side, 72 + side, 426 + 40]
    assert lines[-2][4] + 8 <= 426 + 40
    assert [float(v) for v in annotation["/Border"]] == [0, 0, 0]      # no box drawn round it


def test_the_title_is_in_the_house_green_and_the_rest_near_black(came):
    event, reg = came
    page, _ = read(proof.pdf(event, reg, "Rijksoverheid", VERIFY, "nl"))
    shown = colours(page)
    assert shown[0] == ("Bewijs van deelname", (0.106, 0.42, 0.29))
    assert {colour for _, colour in shown[1:]} == {(0.12, 0.16, 0.14)}


def test_the_proof_is_written_in_the_persons_language_with_its_title(came):
    from pypdf import PdfReader
    event, reg = came
    pdf = proof.pdf(event, reg, "", VERIFY, "en")
    texts = [text for text, *_ in read(pdf)[1]]
    assert texts[:3] == ["Proof of attendance", "We hereby declare that this attendee was at the event.", "Name"]
    assert "4 hours" in texts and "Check that this proof is genuine:" in texts
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "Proof of attendance"


def test_without_an_organisation_the_proof_names_the_organiser(came):
    event, reg = came
    named = dict(proof.facts(event, reg, "", "nl"))
    assert named["Organisatie"] == event.organiser["name"] != ""
    assert dict(proof.facts(event, reg, "Gemeente Utrecht", "nl"))["Organisatie"] == "Gemeente Utrecht"
    # an organiser known only by address: the line stays, empty, and the proof is still made
    nameless = dataclasses.replace(event, organiser={"email": "team@gemeente.example"})
    assert dict(proof.facts(nameless, reg, "", "nl"))["Organisatie"] == ""
    texts = [text for text, *_ in read(proof.pdf(nameless, reg, "", VERIFY, "nl"))[1]]
    assert texts[texts.index("Organisatie") + 1] == "Controleer of dit bewijs echt is:"


def test_an_english_proof_names_the_meeting_and_its_time_in_english(came):
    event, reg = came
    event = dataclasses.replace(event, title={"nl": "Circulaire middag", "en": "Circular afternoon"})
    facts = dict(proof.facts(event, reg, "", "en"))
    assert facts["Event"] == "Circular afternoon"
    assert facts["When"] == "Wednesday 9 December 2026, 1:00 to 5:00 pm"


def test_a_long_title_wraps_onto_lines_that_fit_the_page(came):
    event, reg = came
    title = "Circulaire economie in de praktijk: wat regio en rijk van elkaar leren over grondstoffen"
    event = dataclasses.replace(event, title={"nl": title})
    lines = read(proof.pdf(event, reg, "Rijksoverheid", VERIFY, "nl"))[1]
    at = [text for text, *_ in lines].index("Bijeenkomst") + 1
    first, second = lines[at], lines[at + 1]
    assert first[0] + " " + second[0] == title and len(first[0]) <= 64 and second[4] == first[4] - 26


def test_the_pdf_names_its_fonts_page_and_link_as_readers_look_them_up(came):
    """PDF names are case-sensitive and required: a reader that misses one shows no text, the wrong
    accents (ë needs WinAnsi), or a link that does nothing."""
    from pypdf import PdfReader
    event, reg = came
    reader = PdfReader(io.BytesIO(proof.pdf(event, reg, "Rijksoverheid", VERIFY, "nl")))
    page = reader.pages[0]
    fonts = {name: dict(font.get_object()) for name, font in page["/Resources"]["/Font"].items()}
    assert fonts == {
        "/F1": {"/Type": "/Font", "/Subtype": "/Type1", "/BaseFont": "/Helvetica", "/Encoding": "/WinAnsiEncoding"},
        "/F2": {"/Type": "/Font", "/Subtype": "/Type1", "/BaseFont": "/Helvetica-Bold",
                "/Encoding": "/WinAnsiEncoding"}}
    assert page["/Type"] == "/Page" and page["/Parent"].get_object() == reader.trailer["/Root"]["/Pages"].get_object()
    [annotation] = [a.get_object() for a in page["/Annots"]]
    assert (annotation["/Type"], annotation["/Subtype"], annotation["/A"]["/S"]) == ("/Annot", "/Link", "/URI")


def test_an_empty_value_still_takes_its_line(came):
    event, reg = came
    lines = read(proof.pdf(event, dataclasses.replace(reg, name=""), "Rijksoverheid", VERIFY, "nl"))[1]
    texts = [text for text, *_ in lines]
    assert texts[texts.index("Naam") + 1] == "Bijeenkomst"       # nothing shown for the empty name
    naam = [y for text, *_, y in lines if text == "Naam"][0]
    bijeenkomst = [y for text, *_, y in lines if text == "Bijeenkomst"][0]
    assert naam - bijeenkomst == 40         # the label's 14 points and the empty value's 26, as with a name


@pytest.mark.parametrize("minutes, nl, en", [
    (30, "30 minuten", "30 minutes"), (60, "1 uur", "1 hour"), (150, "2 uur en 30 minuten", "2 hours and 30 minutes"),
    (23 * 60 + 59, "23 uur en 59 minuten", "23 hours and 59 minutes"), (24 * 60, "1 dag", "1 day"),
    (24 * 60 + 1, "2 dagen", "2 days"), (48 * 60, "2 dagen", "2 days")])
def test_the_duration_is_said_in_minutes_hours_or_days(came, minutes, nl, en):
    event = dataclasses.replace(came[0], ends_at=came[0].starts_at + timedelta(minutes=minutes))
    assert (proof.duration(event, "nl"), proof.duration(event, "en")) == (nl, en)


def test_a_character_outside_the_pdf_font_becomes_a_question_mark_and_brackets_stay_text(came):
    event, reg = came
    reg = dataclasses.replace(reg, name="Zoë (\u0141ukasz) \\ Ó\u0007")
    texts = [text for text, *_ in read(proof.pdf(event, reg, "Rijksoverheid", VERIFY, "nl"))[1]]
    assert "Zoë (?ukasz) \\ Ó " in texts


def test_the_download_is_this_pdf_for_a_checked_in_person(came, client):
    from chalicelib import checkin, tokens
    from datetime import datetime, timezone
    event, reg = came
    checkin.check_in(EID, reg.id, datetime(2026, 12, 9, 12, 5, tzinfo=timezone.utc))
    reg = store.roster.get_registration(EID, reg.id)
    answer = client.http.get(f"/proof/{tokens.sign_proof(EID, reg.id)}/pdf", headers={"Accept": "text/html,*/*;q=0.8"})
    assert answer.headers["Content-Type"] == "application/pdf"
    page, lines = read(answer.body)
    assert ("Deelnemer 1", "/Helvetica-Bold", 14) in [line[:3] for line in lines]
    assert [text for text, _ in drawn_qr(page)] == [after.verify_url(EID, reg.id)]
