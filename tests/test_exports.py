"""Exports: every format is parsed back and compared with the registrations put in."""
import csv
import io
import json
from dataclasses import replace
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from hypothesis import given, strategies as st
from openpyxl.utils import get_column_letter

from chalicelib import exports, translations
from chalicelib.models import CONFIRMED, SENT, WAITLISTED, CustomField, Registration
from chalicelib.schema import attributes
import words
from conftest import event_model

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EVENT_ID = "circulaire-economie-2026-12-09"
# The columns derive from the declarations (chalicelib.schema.attributes), then the custom fields.
STANDARD = attributes.exported()
CUSTOM_LABELS = {"nl": ["Organisatie", "Nieuwsbrief"], "en": ["Organisation", "Newsletter"]}
DEFAULT_HEADER = [attribute.name for attribute in STANDARD] + ["organisation", "newsletter"]


def letter(name):
    """The Excel column letter of a default-export column."""
    return get_column_letter(DEFAULT_HEADER.index(name) + 1)


LAST = letter("newsletter")


def labels(lang):
    """The header of a default export in ``lang``: each attribute's label, then the custom fields'."""
    _ = translations.gettext(lang)
    return [_(attribute.label) for attribute in STANDARD] + CUSTOM_LABELS[lang]
NAMES = ["Anne de Vries", "O'Brien", "Zoë Çelik", "李小龙", "Sam 🎉", "=1+1", "-Bob",
         "@home", 'Jan "de Man", Jr.; BV']


def make_event(fields=None):
    return event_model(
        title={"nl": "Circulaire economie", "en": "Circular economy"},
        consent_text={"nl": "Ik ga akkoord.", "en": "I agree."}, consent_version="v1",
        fields=fields if fields is not None else (
            CustomField("organisation", "text", True, {"nl": "Organisatie", "en": "Organisation"}),
            CustomField("newsletter", "checkbox", False, {"nl": "Nieuwsbrief", "en": "Newsletter"}),
        ))


def make_registration(number, name="Anne de Vries", organisation="Gemeente Utrecht"):
    created = datetime(2026, 11, 1, 9, 30, tzinfo=timezone.utc)
    return Registration(
        id=f"r{number:05d}", event_id=EVENT_ID, status=CONFIRMED if number % 2 else WAITLISTED,
        name=name, email=f"person{number}@example.org", locale="nl",
        answers={"organisation": organisation, "newsletter": number % 2 == 1},
        consent_given_at=created, consent_version="v1",
        created_at=created, updated_at=created, email_status=SENT,
    )


@pytest.fixture
def event():
    return make_event()


@pytest.fixture
def registrations():
    return [make_registration(number, name) for number, name in enumerate(NAMES, 1)]


def parse_csv(chunks, delimiter=","):
    body = b"".join(chunks)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""),
                           delimiter=delimiter))


def expected_name(name):
    return "'" + name if name[0] in "=+-@" else name


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_round_trips_every_registration(event, registrations, delimiter):
    header, *rows = parse_csv(
        exports.csv_chunks(event, iter(registrations), delimiter=delimiter), delimiter)

    assert header == DEFAULT_HEADER
    assert len(rows) == len(registrations)
    for row, registration in zip(rows, registrations):
        cells = dict(zip(header, row))
        assert cells["registration_id"] == registration.id
        assert cells["name"] == expected_name(registration.name)
        assert cells["email"] == registration.email
        assert cells["created_at"] == "2026-11-01T10:30:00+01:00"
        assert cells["organisation"] == "Gemeente Utrecht"
        assert cells["newsletter"] == ("true" if registration.answers["newsletter"] else "false")


def test_csv_is_rfc4180_with_one_bom(event, registrations):
    body = b"".join(exports.csv_chunks(event, registrations))

    assert body.count(b"\xef\xbb\xbf") == 1
    assert body.endswith(b"\r\n")
    assert b'"Jan ""de Man"", Jr.; BV"' in body


def test_csv_streams_lazily_in_chunks(event):
    pulled = []

    def feed():
        for number in range(1, 1202):
            pulled.append(number)
            yield make_registration(number)

    chunks = exports.csv_chunks(event, feed())
    assert pulled == []
    next(chunks)  # header
    next(chunks)
    assert len(pulled) == exports.ROWS_PER_CHUNK
    assert len(list(chunks)) == 2  # rows 501-1000 and the last 201


@pytest.mark.parametrize("lang", ["nl", "en", None])
def test_headers_follow_lang(event, lang):
    header = labels(lang) if lang else DEFAULT_HEADER
    zoned = [attribute.type == attributes.DATETIME for attribute in STANDARD] + [False, False]
    # a CSV for people names the zone of its times (issue 22)
    assert parse_csv(exports.csv_chunks(event, [], lang=lang))[0] == [
        f"{label} (Europe/Amsterdam)" if lang and is_time else label for label, is_time in zip(header, zoned)]
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(event, [], lang=lang))).active
    assert [cell.value for cell in sheet[1]] == header


def test_fields_select_and_order_columns(event, registrations):
    fields = ["email", "organisation", "registration_id"]

    header, first, *_ = parse_csv(exports.csv_chunks(event, registrations, fields=fields))
    page = exports.json_page(event, registrations[:1], None, fields=fields)

    assert header == fields
    assert first == ["person1@example.org", "Gemeente Utrecht", "r00001"]
    assert list(page["items"][0]) == fields


@pytest.mark.parametrize("export", [
    lambda event, fields: exports.csv_chunks(event, [], fields=fields),
    lambda event, fields: exports.xlsx_bytes(event, [], fields=fields),
    lambda event, fields: exports.json_page(event, [], None, fields=fields),
])
def test_unknown_fields_are_refused_up_front(event, export):
    with pytest.raises(ValueError, match="unknown fields: shoe_size, iban"):
        export(event, ["name", "shoe_size", "iban"])


def test_bad_delimiter_is_refused(event):
    with pytest.raises(ValueError):
        exports.csv_chunks(event, [], delimiter="\t")


def test_xlsx_has_typed_cells_and_a_bold_frozen_header(event, registrations):
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(event, iter(registrations))))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]

    assert header == DEFAULT_HEADER
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{LAST}{len(registrations) + 1}"
    for row, registration in zip(sheet.iter_rows(min_row=2), registrations):
        cells = dict(zip(header, row))
        assert cells["name"].value == registration.name           # exact text, quote-prefixed if need be
        assert cells["name"].quotePrefix is (registration.name[0] in "=+-@")
        assert cells["name"].data_type == "s"
        assert cells["created_at"].is_date
        assert cells["created_at"].value == datetime(2026, 11, 1, 10, 30)
        assert cells["newsletter"].value is registration.answers["newsletter"]
        assert cells["email_status"].value == SENT
    assert sheet.max_row == len(registrations) + 1


def test_xlsx_never_stores_a_formula(event):
    body = exports.xlsx_bytes(event, [make_registration(1, "=HYPERLINK(\"x\")", "+31 6 1234")])
    row = dict(zip(DEFAULT_HEADER, openpyxl.load_workbook(io.BytesIO(body)).active[2]))

    assert b"<f>" not in body
    assert row["name"].value == "=HYPERLINK(\"x\")"     # the exact text, shown as text by the style
    assert row["name"].quotePrefix is True
    assert row["organisation"].value == "+31 6 1234"
    assert row["organisation"].quotePrefix is True
    assert row["email"].quotePrefix is False             # an ordinary cell is left alone


def test_xlsx_drops_control_characters(event):
    body = exports.xlsx_bytes(event, [make_registration(1, "\x01=evil\x02")])
    cell = openpyxl.load_workbook(io.BytesIO(body)).active[letter("name") + "2"]

    assert cell.value == "=evil"
    assert cell.quotePrefix is True


def test_json_page_is_flat_typed_and_not_neutralised(event, registrations):
    page = exports.json_page(event, registrations, "cursor-2")
    json.dumps(page)  # serialisable as is

    assert page["next_cursor"] == "cursor-2"
    assert [item["name"] for item in page["items"]] == NAMES
    first = page["items"][0]
    assert first["created_at"] == "2026-11-01T10:30:00+01:00"
    assert first["organisation"] == "Gemeente Utrecht"
    assert first["newsletter"] is True
    assert list(first) == DEFAULT_HEADER


def test_missing_values_are_empty(event):
    bare = Registration(id="r1", event_id=EVENT_ID, status=CONFIRMED, name="Ann",
                        email="ann@example.org", locale="en")

    header, row = parse_csv(exports.csv_chunks(event, [bare]))
    item = exports.json_page(event, [bare], None)["items"][0]

    assert dict(zip(header, row))["created_at"] == ""
    assert item["created_at"] is None and item["organisation"] is None


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_filename(fmt):
    assert exports.filename(EVENT_ID, fmt) == f"{EVENT_ID}-registrations.{fmt}"


def test_filename_refuses_other_formats():
    with pytest.raises(ValueError):
        exports.filename(EVENT_ID, "pdf")


# -- the neutralisation property --------------------------------------------------------
# Rule: a cell gets a leading `'` when it *starts* with a trigger, and a trigger right after a
# `,` `;` or line break inside it gets one too (a reader with the other separator would start
# a cell there; see the end of this file). Anything else comes back unchanged.

NO_BREAKS = st.text().filter(lambda text: not set(text) & set(",;\r\n"))
TRIGGERED = st.builds(lambda head, tail: head + tail, st.sampled_from(exports.FORMULA_TRIGGERS), NO_BREAKS)
PLAIN = NO_BREAKS.filter(lambda text: not text.startswith(exports.FORMULA_TRIGGERS))
SEPARATORS = st.sampled_from([",", ";", '"', ', ', '";"', "x,", "x;", 'x"'])


def round_trip(delimiter, *cells):
    """Write ``cells`` as the organisation, name and email of one row; read them back."""
    organisation, name, email = cells
    registration = replace(make_registration(1, name, organisation), email=email)
    chunks = exports.csv_chunks(event=make_event(), registrations=[registration],
                                delimiter=delimiter, fields=["organisation", "name", "email"])
    return parse_csv(chunks, delimiter)[1]


@given(value=TRIGGERED, neighbour=SEPARATORS, delimiter=st.sampled_from(exports.DELIMITERS))
def test_triggered_cells_come_back_neutralised(value, neighbour, delimiter):
    # the neighbours end and start with separators and quotes
    back = round_trip(delimiter, value + neighbour, value, neighbour + value)

    # a CR trigger is a line break too, so a trigger right after it is guarded as well
    after_cr = value[0] == "\r" and value[1:].startswith(exports.FORMULA_TRIGGERS)
    inner = value[0] + ("'" if after_cr else "") + value[1:]
    assert back[1] == "'" + inner
    assert back[0] == "'" + inner + neighbour
    assert back[2] == neighbour + ("'" if neighbour.rstrip('"').endswith((",", ";")) else "") + inner


@given(value=PLAIN, neighbour=SEPARATORS, delimiter=st.sampled_from(exports.DELIMITERS))
def test_plain_cells_come_back_unchanged(value, neighbour, delimiter):
    back = round_trip(delimiter, neighbour, value, neighbour + value)

    assert back == [neighbour, value, neighbour + value]


def test_lang_puts_values_in_words_of_that_language(event):
    registration = replace(make_registration(1), status=WAITLISTED)
    header, row = parse_csv(exports.csv_chunks(event, [registration], lang="nl", delimiter=";"), ";")
    cells = dict(zip(header, row))

    assert cells["Status"] == "Wachtlijst"              # the organiser pages' word for the status
    assert cells["E-mailstatus"] == "verzonden"
    assert cells["Nieuwsbrief"] == "ja"
    assert cells["Taal"] == "Nederlands"
    english = dict(zip(*parse_csv(exports.csv_chunks(event, [registration], lang="en"))))
    assert (english["Status"], english["Newsletter"]) == ("Waiting list", "yes")
    machine = dict(zip(*parse_csv(exports.csv_chunks(event, [registration]))))
    assert (machine["status"], machine["newsletter"]) == ("waitlisted", "true")


@pytest.mark.parametrize("status", ["confirmed", "waitlisted", "pending", "cancelled", "expired", "erased"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_status_reads_as_on_the_organiser_pages(event, status, lang):
    from chalicelib import templating
    parts = templating.environment().get_template("organiser/dashboard/_parts.html.j2").make_module({"locale": lang})
    page_word = parts.status_label(status)
    cells = dict(zip(*parse_csv(exports.csv_chunks(event, [replace(make_registration(1), status=status)], lang=lang))))
    assert cells[labels(lang)[1]] == str(page_word).strip()


def test_a_value_without_words_is_exported_as_it_is(event):
    """A status another version of the service wrote (say "delivered") has no word: shown as stored."""
    registration = replace(make_registration(1), email_status="delivered")
    cells = dict(zip(*parse_csv(exports.csv_chunks(event, [registration], lang="nl"))))
    assert (cells["E-mailstatus"], cells["Status"]) == ("delivered", "Bevestigd")


def test_xlsx_columns_fit_ids_and_addresses(event):
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(event, [make_registration(1)]))).active
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]}

    assert widths["registration_id"] >= 25 + 2        # an id is 25 characters
    assert widths["email"] >= 40
    assert widths["created_at"] >= 16                 # yyyy-mm-dd hh:mm


# -- every trigger, organiser text in headers, names that clash --------------------------

@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_each_trigger_is_neutralised_in_csv_and_xlsx_but_not_json(trigger):
    value = trigger + "SUM(A1)"
    registration = make_registration(1, name=value, organisation=value)
    event = make_event()

    header, row = parse_csv(exports.csv_chunks(event, [registration]))
    cells = dict(zip(header, row))
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(event, [registration]))).active
    item = exports.json_page(event, [registration], None)["items"][0]

    assert (cells["name"], cells["organisation"]) == ("'" + value, "'" + value)
    refs = (letter("name") + "2", letter("organisation") + "2")
    in_sheet = [sheet[ref].value.replace("_x000D_", "\r") for ref in refs]   # how XLSX escapes \r
    assert in_sheet == [value, value]                  # the exact text, shown as text by its quote-prefix style
    assert [sheet[ref].quotePrefix for ref in refs] == [True, True]
    assert (item["name"], item["organisation"]) == (value, value)


@pytest.mark.parametrize("label", ["=HYPERLINK(\"https://evil.example\")", "@SUM(1)", "\tOrganisatie", "-1"])
def test_organiser_labels_are_neutralised_in_the_header(label):
    event = make_event((CustomField("organisation", "text", True, {"nl": label, "en": label}),))

    header = parse_csv(exports.csv_chunks(event, [], lang="nl"))[0]
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(event, [], lang="nl"))).active

    custom, standard = letter("organisation") + "1", get_column_letter(len(STANDARD)) + "1"
    assert header[-1] == "'" + label
    assert (sheet[custom].value, sheet[custom].quotePrefix, sheet[custom].font.bold) == (label, True, True)
    assert (sheet[standard].quotePrefix, sheet[standard].font.bold) == (False, True)


def test_a_custom_field_named_like_a_standard_column_does_not_replace_it():
    """Events may not define such a field any more (events.RESERVED_FIELDS), but older ones could."""
    event = make_event((CustomField("consent_version", "text", False, {"nl": "Versie"}),))
    registration = replace(make_registration(1), answers={"consent_version": "organiser's own"})

    header, row = parse_csv(exports.csv_chunks(event, [registration], fields=["consent_version"]))
    item = exports.json_page(event, [registration], None, fields=["consent_version"])["items"][0]

    assert (header, row) == (["consent_version"], ["v1"])
    assert item == {"consent_version": "v1"}


def test_every_standard_column_name_is_reserved_for_custom_fields():
    from chalicelib.events import RESERVED_FIELDS
    standard = [column.name for column in exports.columns(make_event(()))]
    assert set(standard) <= RESERVED_FIELDS


@pytest.mark.parametrize("lang, title", [("nl", "Aanmeldingen"), ("en", "Registrations"), (None, "Registrations")])
def test_the_sheet_is_named_in_the_language_of_the_headers(event, lang, title):
    assert openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(event, [], lang=lang))).active.title == title


def test_people_files_show_the_hashed_consent_version_short(event):
    """A version made from the consent text's hash is no `sha256:` string in a file people read;
    the machine export keeps it as stored (API clients compare it)."""
    registration = replace(make_registration(1), consent_version="sha256:3f2a9c1b0d4e")
    people = dict(zip(*parse_csv(exports.csv_chunks(event, [registration], lang="nl"))))
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(event, [registration], lang="nl"))).active
    in_sheet = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]]))
    machine = dict(zip(*parse_csv(exports.csv_chunks(event, [registration]))))

    assert people["Versie toestemmingstekst"] == in_sheet["Versie toestemmingstekst"] == "3f2a9c1b"
    assert machine["consent_version"] == "sha256:3f2a9c1b0d4e"


@pytest.mark.parametrize("lang, shape", [("nl", r"[$-413]d mmm yyyy, h\.mm"), ("en", "[$-809]d mmm yyyy, h:mm AM/PM"),
                                         (None, "yyyy-mm-dd hh:mm")])
def test_xlsx_times_are_date_cells_that_read_as_words_for_people(event, lang, shape):
    """For people "9 dec 2026, 13.00" (Dutch month names whatever Excel's language); still a date cell
    (sorts and filters as a date); the machine file keeps the ISO order."""
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(event, [make_registration(1)], lang=lang))).active
    created = sheet.cell(2, [a.name for a in STANDARD].index("created_at") + 1)
    assert (created.is_date, created.number_format) == (True, shape)


def test_the_dutch_file_has_dutch_words(event):
    header = parse_csv(exports.csv_chunks(event, [], lang="nl"))[0]
    assert header[:4] == ["Aanmeldnummer", "Status", "Naam", "E-mailadres"]
    values = [word for table in exports.WORDS.values() for word in table.values()] + list(exports.YES_NO.values())
    assert [f for text in header + values for f in words.findings(text)] == []      # the terms of issue 24
    assert exports.filename(event.id, "xlsx", "nl") == f"{event.id}-aanmeldingen.xlsx"


def expected_widths(lang):
    """A time column is at least 20 wide and 2 wider than its label; a text column its declared
    width (custom fields 16) and at least 4 wider than its label."""
    header = labels(lang) if lang else DEFAULT_HEADER
    kinds = [(attribute.type, attribute.width) for attribute in STANDARD] + [(attributes.TEXT, 16)] * 2
    return {label: max(20, len(label) + 2) if kind == attributes.DATETIME else max(width, len(label) + 4)
            for label, (kind, width) in zip(header, kinds)}


@pytest.mark.parametrize("lang", [None, "nl", "en"])
def test_xlsx_column_widths_in_each_language(event, registrations, lang):
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(event, registrations, lang=lang))).active
    widths = {}
    for dimension in sheet.column_dimensions.values():      # adjacent columns of one width share a dimension
        for column in range(dimension.min, dimension.max + 1):
            widths[sheet.cell(1, column).value] = round(dimension.width - 0.7109375)
    assert widths == expected_widths(lang)


def test_the_declared_widths_fit_ids_and_addresses():
    widths = {attribute.name: attribute.width for attribute in STANDARD}
    assert (widths["registration_id"], widths["email"], widths["name"]) == (28, 40, 32)


def test_a_number_is_a_number_cell_in_xlsx(event):
    registration = replace(make_registration(1), answers={"organisation": 42, "newsletter": 2.5})
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(event, [registration]))).active
    refs = (letter("organisation") + "2", letter("newsletter") + "2")
    assert [(sheet[ref].value, sheet[ref].data_type) for ref in refs] == [(42, "n"), (2.5, "n")]


def test_an_empty_xlsx_export_filters_the_header_row_only(event):
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(event, []))).active
    assert (sheet.max_row, sheet.auto_filter.ref, sheet.freeze_panes) == (1, f"A1:{LAST}1", "A2")


def test_column_names_are_those_of_the_standard_columns():
    from chalicelib.events import RESERVED_FIELDS
    standard = [column.name for column in exports.columns(make_event(()))]
    assert sorted(set(exports.COLUMN_NAMES)) == sorted(standard)
    assert set(exports.COLUMN_NAMES) <= RESERVED_FIELDS


def test_xlsx_rows_stream_with_constant_memory():
    """XlsxWriter's constant_memory mode writes strings inline, row by row: no shared string table."""
    body = exports.xlsx_bytes(make_event(), [make_registration(n) for n in range(1, 4)])
    import zipfile
    assert "xl/sharedStrings.xml" not in zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert b't="inlineStr"' in zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml")


def test_booleans_and_empty_cells_in_csv():
    bare = Registration(id="r1", event_id=EVENT_ID, status=CONFIRMED, name="Ann", email="ann@example.org",
                        locale="en", answers={"newsletter": False})
    header, row = parse_csv(exports.csv_chunks(make_event(), [bare, make_registration(1)]))[:2]
    cells = dict(zip(header, row))
    assert (cells["newsletter"], cells["organisation"], cells["consent_given_at"]) == ("false", "", "")


@pytest.mark.parametrize("value, cell", [("a;=1+1", "a;'=1+1"), ("a,+1", "a,'+1"), ("x\n@SUM(1)", "x\n'@SUM(1)"),
                                         ("€ 10, -", "€ 10, -"), ("a;b", "a;b"),
                                         ('a;"=1', 'a;"\'=1')])
def test_a_trigger_after_a_separator_or_line_break_is_neutralised(value, cell):
    assert exports.csv_cell(value) == cell


# -- read with the other list separator (Excel with a Dutch `;` opening a `,` file, and back) --

OTHER = {",": ";", ";": ","}


def cells_read_with_the_other_separator(delimiter, *values):
    organisation, name, email = values
    registration = replace(make_registration(1, name, organisation), email=email)
    body = b"".join(exports.csv_chunks(event=make_event(), registrations=[registration], delimiter=delimiter,
                                       fields=["organisation", "name", "email"])).decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(body, newline=""), delimiter=OTHER[delimiter]) for cell in row]


@pytest.mark.parametrize("delimiter", exports.DELIMITERS)
def test_every_field_is_quoted(delimiter):
    body = b"".join(exports.csv_chunks(event=make_event(), registrations=[make_registration(1, "a", "")],
                                       delimiter=delimiter, fields=["name", "organisation"]))
    assert body.decode("utf-8-sig").split("\r\n")[:2] == [f'"name"{delimiter}"organisation"',
                                                          f'"a"{delimiter}""']


@pytest.mark.parametrize("delimiter", exports.DELIMITERS)
def test_a_formula_after_the_other_separator_stays_inside_its_cell(delimiter):
    hostile = f"a{OTHER[delimiter]}=1+1"
    cells = cells_read_with_the_other_separator(delimiter, hostile, hostile, "x@example.org")
    assert [cell for cell in cells if cell.startswith(exports.FORMULA_TRIGGERS)] == []


# A quote that Python's reader opens mid-line may swallow the row's own line break, so a cell
# can start with CR there; what a spreadsheet would run is a cell starting with = + - @ or tab.
RUNS = ("=", "+", "-", "@", "\t")
TRICKY = st.text(alphabet=',;\r\n"=+-@\t x', max_size=8) | st.text()


@given(values=st.lists(TRICKY, min_size=3, max_size=3), delimiter=st.sampled_from(exports.DELIMITERS))
def test_no_cell_starts_a_formula_whichever_separator_reads_it(values, delimiter):
    cells = cells_read_with_the_other_separator(delimiter, *values)
    assert [cell for cell in cells if cell.startswith(RUNS)] == []


def test_consent_given_to_the_organiser_is_a_column_in_words():
    """Someone added by hand (``consent_source``): the organiser has the consent, and the download says so."""
    registration = replace(make_registration(1), consent_source="organiser")
    machine = dict(zip(*parse_csv(exports.csv_chunks(make_event(), [registration]))))
    dutch = dict(zip(*parse_csv(exports.csv_chunks(make_event(), [registration], lang="nl"))))
    english = dict(zip(*parse_csv(exports.csv_chunks(make_event(), [registration], lang="en"))))
    item = exports.json_page(make_event(), [registration, make_registration(2)], None)["items"]

    assert machine["consent_source"] == "organiser"
    assert dutch["Toestemming gegeven via"] == "de organisator"
    assert english["Consent given through"] == "the organiser"
    assert [row["consent_source"] for row in item] == ["organiser", None]
