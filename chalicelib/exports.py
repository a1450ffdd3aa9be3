"""Registrations -> CSV, XLSX and JSON export bodies.

The registrations arrive as a lazy iterable (pages of a DynamoDB Query); every function
reads it once, row by row, and never holds all of it, so memory stays flat as rows grow.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Any, BinaryIO, Callable, Iterable, Iterator, Optional
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from chalicelib.models import Event, Registration, localized

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


_STANDARD = (
    ("registration_id", "text", {"nl": "Registratie-id", "en": "Registration ID"}, "id"),
    ("status", "text", {"nl": "Status", "en": "Status"}, "status"),
    ("name", "text", {"nl": "Naam", "en": "Name"}, "name"),
    ("email", "text", {"nl": "E-mail", "en": "Email"}, "email"),
    ("locale", "text", {"nl": "Taal", "en": "Language"}, "locale"),
    ("created_at", "datetime", {"nl": "Aangemeld op", "en": "Registered at"}, "created_at"),
    ("updated_at", "datetime", {"nl": "Gewijzigd op", "en": "Updated at"}, "updated_at"),
    ("email_status", "text", {"nl": "E-mailstatus", "en": "Email status"}, "email_status"),
    ("consent_given_at", "datetime",
     {"nl": "Toestemming gegeven op", "en": "Consent given at"}, "consent_given_at"),
    ("consent_version", "text",
     {"nl": "Versie toestemmingstekst", "en": "Consent text version"}, "consent_version"),
)


def columns(event: Event, fields: Optional[list[str]] = None,
            lang: Optional[str] = None) -> list[Column]:
    """The export columns: the standard ones, then one per custom field of the event.

    ``fields`` selects and orders columns by machine name. Headers are the machine names
    when ``lang`` is None, else labels in that language. Raises ValueError naming every
    unknown field.
    """
    available = [_standard_column(spec, lang) for spec in _STANDARD]
    available += [_custom_column(custom, lang) for custom in event.fields]
    if fields is None:
        return available
    by_name = {col.name: col for col in reversed(available)}  # first wins on a name clash
    unknown = [name for name in fields if name not in by_name]
    if unknown:
        raise ValueError(f"unknown fields: {', '.join(unknown)}")
    return [by_name[name] for name in fields]


def _standard_column(spec, lang):
    name, kind, labels, attr = spec
    return Column(name, localized(labels, lang) if lang else name, kind, attrgetter(attr))


def _custom_column(custom, lang):
    kind = "bool" if custom.type == "checkbox" else "text"
    label = custom.label_in(lang) if lang else custom.name
    return Column(custom.name, label, kind, lambda reg: reg.answers.get(custom.name))


def neutralise(value: str) -> str:
    """``value`` with a leading ``'`` when a spreadsheet would take it for a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def filename(event_id: str, fmt: str) -> str:
    """The attachment name, e.g. ``<event_id>-registrations.csv``. Raises ValueError."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format: {fmt}")
    return f"{event_id}-registrations.{fmt}"


def csv_chunks(event: Event, registrations: Iterable[Registration], *, delimiter: str = ",",
               lang: Optional[str] = None,
               fields: Optional[list[str]] = None) -> Iterator[bytes]:
    """UTF-8 (with BOM) RFC 4180 CSV: the header chunk, then one chunk per 500 rows.

    Every cell is neutralised. The csv module quotes any cell holding the delimiter, a
    quote or a line break, so text after a separator inside a value never starts a cell.
    Raises ValueError now (not on first read) for a bad delimiter or unknown fields.
    """
    if delimiter not in DELIMITERS:
        raise ValueError(f"unsupported delimiter: {delimiter!r}")
    cols = columns(event, fields, lang)
    return _csv_rows(cols, registrations, delimiter, ZoneInfo(event.timezone))


def _csv_rows(cols, registrations, delimiter, zone):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(neutralise(col.label) for col in cols)
    yield _drain(buffer)
    for count, registration in enumerate(registrations, 1):
        writer.writerow(_csv_text(col.value(registration), zone) for col in cols)
        if count % ROWS_PER_CHUNK == 0:
            yield _drain(buffer)
    if buffer.tell():
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return data


def _csv_text(value, zone) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return _iso(value, zone)
    return neutralise(str(value))


def _iso(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).isoformat(timespec="seconds")


def xlsx_bytes(event: Event, registrations: Iterable[Registration], *,
               lang: Optional[str] = None, fields: Optional[list[str]] = None) -> bytes:
    """The workbook of ``xlsx_write`` as bytes (for small exports and tests)."""
    out = io.BytesIO()
    xlsx_write(event, registrations, out, lang=lang, fields=fields)
    return out.getvalue()


def xlsx_write(event: Event, registrations: Iterable[Registration], out: BinaryIO, *,
               lang: Optional[str] = None, fields: Optional[list[str]] = None) -> None:
    """Write an .xlsx workbook to ``out``: bold frozen header, autofilter, typed cells.

    Times become dates in the event's zone (Excel has no zones); text is neutralised and
    always stored as a string, never a formula. Raises ValueError for unknown fields.
    """
    cols = columns(event, fields, lang)
    zone = ZoneInfo(event.timezone)
    book = Workbook(write_only=True)  # rows stream to a temp file, not into memory
    sheet = book.create_sheet(localized(_SHEET_TITLE, lang or "en"))
    sheet.freeze_panes = "A2"
    for index, col in enumerate(cols, 1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(col)
    sheet.append([_xlsx_header(sheet, col.label) for col in cols])
    rows = 1
    for rows, registration in enumerate(registrations, 2):
        sheet.append([_xlsx_cell(sheet, col.value(registration), zone) for col in cols])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{rows}"
    book.save(out)


_SHEET_TITLE = {"nl": "Registraties", "en": "Registrations"}


def _width(col: Column) -> int:
    if col.kind == "datetime":
        return 20
    if col.name in ("name", "email"):
        return 30
    return max(12, len(col.label) + 4)


def _xlsx_header(sheet, label: str) -> WriteOnlyCell:
    cell = _xlsx_cell(sheet, label, None)
    cell.font = Font(bold=True)
    return cell


def _xlsx_cell(sheet, value, zone) -> WriteOnlyCell:
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value.astimezone(zone).replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if value is None or isinstance(value, (bool, int, float)):
        return WriteOnlyCell(sheet, value)
    # Control characters are not allowed in the XML; strip them before the formula check.
    cell = WriteOnlyCell(sheet, neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value))))
    cell.data_type = "s"
    return cell


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
