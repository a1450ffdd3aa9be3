"""The edges of the event editor's question buttons (chalicelib/organiser/event_form.py) an
organiser notices: adding stops at 30 questions, moving stops at the first and the last, a button
for a question that is not there changes nothing, and where the focus lands afterwards."""
import pytest

from chalicelib.organiser import event_form


def _questions(*names):
    return {"questions": [{"name": n, "type": "text", "required": False, "label_nl": n, "label_en": "",
                           "options": ""} for n in names]}


def _names(values):
    return [q["name"] for q in values["questions"]]


def test_a_question_is_added_up_to_thirty_and_not_one_more():
    values = _questions(*(f"v{i}" for i in range(29)))
    values = event_form.act(values, "add_field")
    assert len(values["questions"]) == 30 and values["questions"][-1]["type"] == "text"
    assert len(event_form.act(values, "add_field")["questions"]) == 30


@pytest.mark.parametrize("action, names", [
    ("move_up:1", ["b", "a", "c"]), ("move_up:0", ["a", "b", "c"]), ("move_up:3", ["a", "b", "c"]),
    ("move_down:1", ["a", "c", "b"]), ("move_down:2", ["a", "b", "c"]), ("move_down:0", ["b", "a", "c"]),
    ("remove_field:0", ["b", "c"]), ("remove_field:2", ["a", "b"]), ("remove_field:3", ["a", "b", "c"]),
    ("remove_field:x", ["a", "b", "c"]), ("move_up:-1", ["a", "b", "c"]),
])
def test_the_question_buttons_move_and_remove_within_the_list(action, names):
    assert _names(event_form.act(_questions("a", "b", "c"), action)) == names


@pytest.mark.parametrize("action, focus", [
    ("add_field", "q3_label_nl"), ("move_up:1", "q0_label_nl"), ("move_up:0", "q0_label_nl"),
    ("move_down:1", "q2_label_nl"), ("move_down:2", "q2_label_nl"), ("remove_field:1", "questions"),
])
def test_after_a_button_the_focus_is_on_the_question_where_it_went(action, focus):
    values = _questions("a", "b", "c")
    assert event_form.focus_after(action, event_form.act(values, action) if action == "add_field" else values) == focus
    assert event_form.focus_after(action, _questions()) == "questions"


@pytest.mark.parametrize("count, read", [("2", 2), ("31", 30), ("-1", 0), ("x", 0)])
def test_a_posted_form_holds_as_many_questions_as_it_says_up_to_thirty(count, read):
    posted = {"questions": count, "q0_name": "functie", "q0_required": "on", "q1_name": "dieet"}
    values = event_form.read(posted)
    assert len(values["questions"]) == read
    if read:
        assert values["questions"][0]["name"] == "functie" and values["questions"][0]["required"] is True
    if read >= 2:
        assert values["questions"][1]["required"] is False
