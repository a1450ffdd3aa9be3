"""The proof of attendance as a PDF (issue 30, item 3), written with pydyf.

One A4 page: the person's name, the event, its date and duration, the organisation, and a
verification link with its QR code (``after.verify_url``), which opens a public page on our
website that says whether the proof is genuine. The text is set in the PDF core font Helvetica
with WinAnsi encoding (Dutch accents fit; a character outside it becomes "?"), so no font file is
shipped. Every sentence comes from the catalog, in the person's language.
"""
import io
import textwrap

from chalicelib import i18n, translations

A4 = (595, 842)
LEFT = 72
_ESCAPES = {ord("\\"): "\\\\", ord("("): "\\(", ord(")"): "\\)"}


def _literal(text: str) -> bytes:
    """A PDF string literal in WinAnsi (cp1252), without control characters."""
    clean = "".join(c if c.isprintable() else " " for c in text).translate(_ESCAPES)
    return b"(" + clean.encode("cp1252", errors="replace") + b")"


def duration(event, locale: str) -> str:
    """The event's length in hours and minutes, e.g. "4 uur" or "2 uur en 30 minuten"."""
    _, n_ = translations.gettext(locale), translations.ngettext(locale)
    minutes = int((event.ends_at - event.starts_at).total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if hours >= 24:
        return n_("{n} dag", "{n} dagen", -(-minutes // 1440))
    if not rest:
        return n_("{n} uur", "{n} uur", hours)
    if not hours:
        return n_("{n} minuut", "{n} minuten", rest)
    return _("{uren} en {minuten}", uren=n_("{n} uur", "{n} uur", hours), minuten=n_("{n} minuut", "{n} minuten", rest))


def facts(event, reg, organisation: str, locale: str) -> list:
    """``[(label, value)]`` of a proof, as the page and the PDF show it."""
    _ = translations.gettext(locale)
    return [(_("Naam"), reg.name), (_("Bijeenkomst"), event.text("title", locale)),
            (_("Wanneer"), i18n.format_period(event, locale)), (_("Duur"), duration(event, locale)),
            (_("Organisatie"), organisation or event.organiser.get("name", ""))]


def pdf(event, reg, organisation: str, verify_url: str, locale: str) -> bytes:
    """The proof as PDF bytes."""
    import pydyf    # deferred: only this download needs it
    from chalicelib import checkin
    _ = translations.gettext(locale)
    doc = pydyf.PDF()
    font = pydyf.Dictionary({"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/Helvetica",
                             "Encoding": "/WinAnsiEncoding"})
    bold = pydyf.Dictionary({"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/Helvetica-Bold",
                             "Encoding": "/WinAnsiEncoding"})
    doc.add_object(font)
    doc.add_object(bold)
    page = pydyf.Stream()
    y = A4[1] - 96

    def line(text, size, gap, face="F1"):
        nonlocal y
        for part in textwrap.wrap(text, int(900 / size)) or [""]:
            page.begin_text()
            page.set_font_size(face, size)
            page.set_text_matrix(1, 0, 0, 1, LEFT, y)
            page.show_text(_literal(part))
            page.end_text()
            y -= gap

    page.set_color_rgb(0.106, 0.42, 0.29)
    line(_("Bewijs van deelname"), 26, 44, "F2")
    page.set_color_rgb(0.12, 0.16, 0.14)
    line(_("Hierbij verklaren wij dat deze deelnemer bij de bijeenkomst was."), 12, 30)
    for label, value in facts(event, reg, organisation, locale):
        line(label, 10, 14)
        line(value, 14, 26, "F2")
    y -= 10
    line(_("Controleer of dit bewijs echt is:"), 10, 14)
    for part in textwrap.wrap(verify_url, 90, break_long_words=True, break_on_hyphens=False):
        line(part, 8, 11)
    qr = checkin.qr_code(verify_url)
    size, top = 3, y - 8
    for row, modules in enumerate(qr.matrix):
        for col, dark in enumerate(modules):
            if dark:
                page.rectangle(LEFT + col * size, top - row * size, size, size)
    page.fill()
    side = len(qr.matrix) * size
    # the QR code and the link above it open the verification page in a PDF reader
    link = pydyf.Dictionary({"Type": "/Annot", "Subtype": "/Link", "Border": pydyf.Array([0, 0, 0]),
                             "Rect": pydyf.Array([LEFT, top + size - side, LEFT + side, y + 40]),
                             "A": pydyf.Dictionary({"S": "/URI", "URI": pydyf.String(verify_url)})})
    doc.add_object(link)
    doc.add_object(page)
    doc.add_page(pydyf.Dictionary({
        "Type": "/Page", "Parent": doc.pages.reference, "MediaBox": pydyf.Array([0, 0, *A4]),
        "Contents": page.reference, "Annots": pydyf.Array([link.reference]), "Resources": pydyf.Dictionary({
            "Font": pydyf.Dictionary({"F1": font.reference, "F2": bold.reference})})}))
    doc.info["Title"] = pydyf.String(_("Bewijs van deelname"))
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()
