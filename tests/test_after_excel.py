"""The evaluation's Excel download (chalicelib/after.py results_xlsx) as the organiser opens it: the
bold header row frozen with a filter, the columns wide enough to read, every answer in its row, text
that looks like a formula kept as text."""
import io
from datetime import datetime, timezone

import openpyxl
import pytest

from conftest import make_event
from test_after import EID, answer, evaluators  # noqa: F401 (evaluators is a fixture)
from test_after_evaluation import link
from test_organisers import ses, sign_in  # noqa: F401 (ses is a fixture)
from test_outbox import stream  # noqa: F401 (a fixture)

QUESTIONS = ["Kom je volgend jaar weer?", "-Wat neem je mee?"]


@pytest.fixture
def sheet(evaluators, client, ses, admin_token, monkeypatch):  # noqa: F811
    """The download after two answers (one to the first own question, one to none), a second
    question the organiser added afterwards, and an answer to both."""
    from chalicelib.http import routing
    one, two, three = evaluators[:3]
    make_event(client, admin_token, evaluation_questions=QUESTIONS[:1])
    answer(client, link(one), score="9", most_useful="=HYPERLINK(\"x\")", q0="Ja")
    answer(client, link(two), score="4", could_be_better="Koffie", show_name="on")
    make_event(client, admin_token, evaluation_questions=QUESTIONS)
    answer(client, link(three), score="7", q0="Nee", q1="Een notitieboek")
    monkeypatch.setattr(routing, "now", lambda: datetime.now(timezone.utc))   # the organiser signs in now
    cookie = sign_in(client, ses)
    download = client.http.get(f"/organiser/events/{EID}/evaluation/download", headers={"Cookie": cookie, "Accept": "*/*"})
    assert download.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(download.body)).active


def rows(sheet):
    """The values as the organiser reads them: an empty cell is empty, whether written blank or not at all."""
    return [tuple(None if value == "" else value for value in row) for row in sheet.iter_rows(values_only=True)]


def widths(sheet) -> list:
    """Each column's width in characters, as Excel shows it (adjacent columns alike are stored as one range)."""
    out = {}
    for dimension in sheet.column_dimensions.values():
        for column in range(dimension.min, dimension.max + 1):
            out[column] = round(dimension.width)
    return [out.get(column) for column in range(1, sheet.max_column + 1)]


def test_each_answer_has_its_row_with_an_empty_cell_for_each_own_question_it_did_not_answer(sheet):
    header, *answers = rows(sheet)
    assert header == ("Cijfer", "Wat was het nuttigst?", "Wat kan beter?", *QUESTIONS, "Naam", "Ingevuld op")
    by_score = {row[0]: row for row in answers}
    assert by_score[9][1:6] == ('=HYPERLINK("x")', None, "Ja", None, None)
    assert by_score[4][1:6] == (None, "Koffie", None, None, "Deelnemer 2")
    assert by_score[7][3:5] == ("Nee", "Een notitieboek")
    assert all(len(row) == len(header) for row in answers)


def test_text_that_looks_like_a_formula_stays_text_a_header_of_it_too(sheet):
    formula = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == 9)[1]
    assert formula.data_type == "s" and formula.quotePrefix
    header = sheet.cell(row=1, column=5)
    assert header.value == "-Wat neem je mee?" and header.data_type == "s" and header.quotePrefix


def test_the_bold_header_row_stays_in_view_with_a_filter_and_the_columns_are_wide_enough_to_read(sheet):
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:G4"
    assert widths(sheet) == [11] + [31] * 5 + [21]     # 10, 30 and 20 characters, and Excel's margin
    assert sheet.cell(row=2, column=7).is_date
