"""Registrations -> CSV, XLSX and JSON export bodies.

The registrations arrive as a lazy iterable (pages of a DynamoDB Query); every function
reads it once, row by row, and never holds all of it, so memory stays flat as rows grow.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, BinaryIO, Callable, Iterable, Iterator, Optional
from zoneinfo import ZoneInfo


from chalicelib.models import Event, Registration
from chalicelib.schema import attributes
from chalicelib.translations import N_, gettext

FORMATS = ("csv", "xlsx", "json")
DELIMITERS = (",", ";")
ROWS_PER_CHUNK = 500
# Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str                     # machine name: CSV/JSON key and `fields=` selector
    label: str                    # header text
    kind: str                     # "text", "datetime" or "bool"
    value: Callable[[Registration], Any]
    width: int = 16               # the least width of its Excel column, in characters


# With a ``lang``, the values people read are words in that language too: Dutch msgids of the
# catalog, the status words the same as the organiser pages' (templates/organiser/dashboard/_parts).
WORDS = {
    "status": {
        "confirmed": N_("Bevestigd"), "waitlisted": N_("Wachtlijst"), "pending": N_("Wacht op bevestiging"),
        "cancelled": N_("Afgemeld"), "expired": N_("Verlopen"), "erased": N_("Gewist")},
    "email_status": {
        "queued": N_("in de wachtrij"), "sent": N_("verzonden"), "failed": N_("mislukt"),
        "bounced": N_("onbestelbaar"), "complained": N_("als spam gemeld"),
        "suppressed": N_("niet verstuurd (geblokkeerd adres)")},
    "locale": {"nl": N_("Nederlands"), "en": N_("Engels")},
    "consent_source": {"organiser": N_("de organisator")},
}
YES_NO = {True: N_("ja"), False: N_("nee")}
# A version made from the consent text's hash (chalicelib.schema.kinds) reads as its short code.
_HASHED_VERSION = "sha256:"


# Custom fields may not take these names (chalicelib.events): a column would appear twice, and
# in JSON the answer would overwrite the consent proof.
COLUMN_NAMES = tuple(attribute.name for attribute in attributes.exported())


def columns(event: Event, fields: Optional[list[str]] = None,
            lang: Optional[str] = None) -> list[Column]:
    """The export columns: the declared attributes' (chalicelib.schema.attributes), then one per
    custom field of the event.

    ``fields`` selects and orders columns by machine name. Headers are the machine names
    when ``lang`` is None, else labels in that language. Raises ValueError naming every
    unknown field.
    """
    available = [_standard_column(attribute, lang) for attribute in attributes.exported()]
    available += [_custom_column(custom, lang) for custom in event.fields]
    available += _programme_columns(event, lang)
    if fields is None:
        return available
    by_name = {col.name: col for col in reversed(available)}  # first wins on a name clash
    unknown = [name for name in fields if name not in by_name]
    if unknown:
        raise ValueError(f"unknown fields: {', '.join(unknown)}")
    return [by_name[name] for name in fields]


def _standard_column(attribute, lang):
    value = attributes.reader(attribute)
    if lang and attribute.name in WORDS:
        value = _in_words(value, WORDS[attribute.name], lang)
    if lang and attribute.name == "consent_version":
        value = _readable_version(value)
    label = gettext(lang)(attribute.label) if lang else attribute.name
    return Column(attribute.name, label, "datetime" if attribute.type == attributes.DATETIME else "text", value,
                  attribute.width)


def _programme_columns(event, lang) -> list:
    """A hybrid event's ``attendance``, and one ``session_<round id>`` per round of its programme
    (chalicelib.programme): the session's id (in a language: its title), "(waitlisted)" (in words:
    "(wachtlijst)") after it while the person waits for a seat there."""
    from chalicelib import programme
    out = []
    if event.online:
        label = gettext(lang)(attributes.by_name()["attendance"].label) if lang else "attendance"
        words = {k: v for k, v in programme.ATTENDANCE_TEXT.items()}
        value = lambda reg: programme.attendance(reg)   # noqa: E731
        out.append(Column("attendance", label, "text", _in_words(value, words, lang) if lang else value))
    for r in event.programme:
        titles = {s.id: s.text("title", lang) if lang else s.id for s in r.sessions}
        waiting = f" ({gettext(lang)(WORDS['status']['waitlisted']).lower()})" if lang else " (waitlisted)"

        def value(reg, round_id=r.id, titles=titles, waiting=waiting):
            chosen = next((c for c in programme.choices(reg) if c["round"] == round_id), None)
            if chosen is None:
                return None
            return titles.get(chosen["id"], chosen["id"]) + (waiting if chosen["status"] == programme.WAITLISTED else "")
        out.append(Column(r.field, r.text("title", lang) if lang else r.field, "text", value, 32))
    return out


def _custom_column(custom, lang):
    kind = "bool" if custom.type == "checkbox" else "text"
    label = custom.label_in(lang) if lang else custom.name
    value = lambda reg: reg.answers.get(custom.name)   # noqa: E731
    if lang and kind == "bool":
        return Column(custom.name, label, "text", _in_words(value, YES_NO, lang))
    return Column(custom.name, label, kind, value)


def _in_words(value, words, lang):
    _ = gettext(lang)

    def word(reg):
        raw = value(reg)
        return _(words[raw]) if isinstance(raw, (str, bool)) and raw in words else raw
    return word


def _readable_version(value):
    """``sha256:3f2a9c1b0d4e`` reads as ``3f2a9c1b``; the organiser's own version stays as written."""
    def version(reg):
        raw = value(reg)
        if isinstance(raw, str) and raw.startswith(_HASHED_VERSION):
            return raw[len(_HASHED_VERSION):][:8]
        return raw
    return version


def neutralise(value: str) -> str:
    """``value`` with a leading ``'`` when a spreadsheet would take it for a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


# A reader with the other list separator leaves the first field's quotes and reads the rest of
# the line unquoted: a cell then starts after any `,` `;` or line break inside a value.
_CELL_STARTS = re.compile(r"([,;\r\n]\"*)(?=[=+\-@\t\r])")     # quotes there only open a quoted cell


def csv_cell(value: str) -> str:
    """``neutralise``, and a ``'`` before a formula trigger that follows a separator or a
    line break (and any quotes) inside the value: safe whichever separator reads it."""
    return _CELL_STARTS.sub(r"\1'", neutralise(value))


_FILE_WORD = N_("aanmeldingen")


def filename(event_id: str, fmt: str, lang: Optional[str] = None, delimiter: str = ",") -> str:
    """The attachment name: ``<event_id>-registrations.csv`` for the machine columns; with a
    ``lang`` the word in that language (``-aanmeldingen``), and a semicolon CSV with a ``lang``
    (the Excel-NL download) ends in ``-excel-nl``, so the two CSVs never overwrite each other. Raises ValueError."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format: {fmt}")
    word = gettext(lang)(_FILE_WORD) if lang else "registrations"
    variant = "-excel-nl" if fmt == "csv" and delimiter == ";" and lang else ""
    return f"{event_id}-{word}{variant}.{fmt}"


def csv_chunks(event: Event, registrations: Iterable[Registration], *, delimiter: str = ",",
               lang: Optional[str] = None,
               fields: Optional[list[str]] = None) -> Iterator[bytes]:
    """UTF-8 (with BOM) RFC 4180 CSV: the header chunk, then one chunk per 500 rows.

    Every field is quoted and every cell passes ``csv_cell``, so no cell starts a formula,
    whichever separator (`,` or `;`) the reader uses.
    Raises ValueError now (not on first read) for a bad delimiter or unknown fields.
    """
    if delimiter not in DELIMITERS:
        raise ValueError(f"unsupported delimiter: {delimiter!r}")
    cols = columns(event, fields, lang)
    if lang:    # people read these: the zone named in the header, times as spreadsheets read dates
        cols = [replace(col, label=f"{col.label} ({event.timezone})") if col.kind == "datetime" else col
                for col in cols]
    return _csv_rows(cols, registrations, delimiter, ZoneInfo(event.timezone), _local if lang else _iso)


def _csv_rows(cols, registrations, delimiter, zone, moment):
    buffer = io.StringIO()
    # Every field quoted: read with the other list separator (`,` vs `;`), a quoted field
    # still starts with `"`, never with the text after a separator inside it.
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    buffer.write("\ufeff")
    writer.writerow(csv_cell(col.label) for col in cols)
    yield _drain(buffer)
    for count, registration in enumerate(registrations, 1):
        writer.writerow(_csv_text(col.value(registration), zone, moment) for col in cols)
        if count % ROWS_PER_CHUNK == 0:
            yield _drain(buffer)
    if buffer.tell():
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return data


def _csv_text(value, zone, moment) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return moment(value, zone)
    return csv_cell(str(value))


def _iso(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).isoformat(timespec="seconds")


def _local(moment: datetime, zone: ZoneInfo) -> str:
    """``2026-12-09 13:00:00``: the wall-clock time in ``zone``, which Excel and LibreOffice read
    as a date and time in Dutch and English settings alike (ISO with ``T`` and an offset is text)."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def xlsx_bytes(event: Event, registrations: Iterable[Registration], *,
               lang: Optional[str] = None, fields: Optional[list[str]] = None) -> bytes:
    """The workbook of ``xlsx_write`` as bytes (for small exports and tests)."""
    out = io.BytesIO()
    xlsx_write(event, registrations, out, lang=lang, fields=fields)
    return out.getvalue()


def xlsx_write(event: Event, registrations: Iterable[Registration], out: BinaryIO, *,
               lang: Optional[str] = None, fields: Optional[list[str]] = None) -> None:
    """Write an .xlsx workbook to ``out``: bold frozen header, autofilter, typed cells.

    Times become dates in the event's zone (Excel has no zones); text is always written as a
    string, never a formula, and keeps its exact text (``_xlsx_write_cell``). Rows stream through XlsxWriter's constant
    memory mode (each row goes to a temporary file as it is written). Raises ValueError
    for unknown fields.
    """
    _write_book(columns(event, fields, lang), registrations, out, zone=ZoneInfo(event.timezone), lang=lang,
                sheet_title=gettext(lang)(_SHEET_TITLE) if lang else "Registrations")   # machine files stay as they were


def table_xlsx(cols: list, rows: Iterable, *, zone: str, lang: str, sheet: str) -> bytes:
    """Any table (``cols`` of Column, whose ``value`` reads one of ``rows``) as a workbook, written
    as the registrations' is: typed cells, never a formula, times in ``zone`` (the log's download)."""
    out = io.BytesIO()
    _write_book(cols, rows, out, zone=ZoneInfo(zone), lang=lang, sheet_title=sheet)
    return out.getvalue()


def table_csv(cols: list, rows: Iterable, *, zone: str, delimiter: str = ",") -> bytes:
    """Any table as the people's CSV of the registrations: BOM, every field quoted and neutralised,
    times as spreadsheets read dates in ``zone``."""
    return b"".join(_csv_rows(cols, rows, delimiter, ZoneInfo(zone), _local))


def _write_book(cols, rows, out, *, zone, lang, sheet_title) -> None:
    import xlsxwriter  # deferred: only XLSX exports need it

    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False,
                                     "strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet(sheet_title)
    formats = {"bold": book.add_format({"bold": True}),
               "when": book.add_format({"num_format": _DATE_FORMATS.get(lang, _DATE_FORMATS[None])}),
               "quoted": book.add_format({"quote_prefix": True}),
               "bold_quoted": book.add_format({"bold": True, "quote_prefix": True})}
    for index, col in enumerate(cols):
        sheet.set_column(index, index, _width(col))
        label = _xlsx_text(col.label)
        sheet.write_string(0, index, label, formats["bold_quoted" if _triggers(label) else "bold"])
    sheet.freeze_panes(1, 0)
    row = 0
    for row, item in enumerate(rows, 1):
        for index, col in enumerate(cols):
            _xlsx_write_cell(sheet, row, index, col.value(item), zone, formats)
    sheet.autofilter(0, 0, row, len(cols) - 1)
    book.close()


_SHEET_TITLE = N_("Aanmeldingen")
# A date cell's look: for people "9 dec 2026, 13.00" (Dutch month names whatever Excel's own
# language, [$-413]) or "9 Dec 2026, 1:00 PM" (British English, [$-809]); the machine file keeps ISO order.
_DATE_FORMATS = {None: "yyyy-mm-dd hh:mm", "nl": r"[$-413]d mmm yyyy, h\.mm", "en": "[$-809]d mmm yyyy, h:mm AM/PM"}
# XML 1.0 cannot hold these control characters; they are dropped before the formula check.
_ILLEGAL_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _width(col: Column) -> int:
    if col.kind == "datetime":
        return max(20, len(col.label) + 2)
    return max(col.width, len(col.label) + 4)


def _xlsx_text(value) -> str:
    return _ILLEGAL_IN_XML.sub("", str(value))


def _triggers(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def _xlsx_write_cell(sheet, row, column, value, zone, formats) -> None:
    """A typed cell; text that a spreadsheet would take for a formula gets Excel's quote-prefix
    style, which shows and keeps the exact text (no apostrophe added to it)."""
    if isinstance(value, datetime):
        sheet.write_datetime(row, column, value.astimezone(zone).replace(tzinfo=None), formats["when"])
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value)
    elif value is not None:
        text = _xlsx_text(value)
        if _triggers(text):
            sheet.write_string(row, column, text, formats["quoted"])
        else:
            sheet.write_string(row, column, text)


def json_item(event: Event, registration: Registration, cols: list[Column]) -> dict:
    """One registration as a flat dict keyed by column name; times ISO in the event's zone."""
    zone = ZoneInfo(event.timezone)
    return {col.name: _json_value(col.value(registration), zone) for col in cols}


def json_page(event: Event, registrations_page: Iterable[Registration],
              next_cursor: Optional[str], fields: Optional[list[str]] = None) -> dict:
    """``{"items": [...], "next_cursor": ...}``. Raises ValueError for unknown fields."""
    cols = columns(event, fields)
    items = [json_item(event, registration, cols) for registration in registrations_page]
    return {"items": items, "next_cursor": next_cursor}


def _json_value(value, zone):
    return _iso(value, zone) if isinstance(value, datetime) else value
