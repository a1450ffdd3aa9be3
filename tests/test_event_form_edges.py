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


@pytest.mark.parametrize("title_nl, title_en, date, address", [
    ("Nieuwjaarsbijeenkomst", "", "2027-01-12", "nieuwjaarsbijeenkomst-2027-01-12"),
    ("", "New Year's meeting", "2027-01-12", "new-year-s-meeting-2027-01-12"),
    ("Café Één & Twee!", "", "2027-01-12", "cafe-een-twee-2027-01-12"),
    ("x" * 70, "", "2027-01-12", "x" * 60 + "-2027-01-12"),
    ("Ab " + "c" * 57 + " de", "", "", "ab-" + "c" * 57),             # cut at 60
    ("Ab " + "c" * 56 + " de", "", "", "ab-" + "c" * 56),             # cut at 60 on a dash: no dash left at the end
    ("— Lezing!", "", "2027-01-12", "lezing-2027-01-12"),              # nor at the start
    ("!!!", "", "2027-01-12", "bijeenkomst-2027-01-12"),
    ("Lezing", "", "2027-02-30", "lezing"),                           # no such day: the title alone
])
def test_a_new_events_address_comes_from_its_title_and_date(title_nl, title_en, date, address):
    assert event_form.suggested_id({"title_nl": title_nl, "title_en": title_en, "start_date": date}) == address


def _column_names(*labels, names=None):
    questions = [{"name": (names or [""] * len(labels))[i], "type": "text", "required": False, "label_nl": label,
                  "label_en": "", "options": ""} for i, label in enumerate(labels)]
    fields = event_form._questions(questions, errors := {})
    return [f["name"] for f in fields], errors


def test_a_questions_column_in_the_download_is_named_after_its_label():
    assert _column_names("Dieetwensen?", "Dieetwensen?", "3 dagen?", "Één keuze", "???", "E-mail")[0] == [
        "dieetwensen", "dieetwensen_2", "v_3_dagen", "een_keuze", "vraag", "e_mail"]


def test_a_question_without_a_label_or_with_a_taken_or_bad_name_is_named_beside_it():
    names, errors = _column_names("", "Leeftijd", "Stad", names=["", "leeftijd", "Bad Name!"])
    assert errors == {"q0_label_nl": "required", "q2_name": "invalid_field_name"}
    names, errors = _column_names("Naam", "Leeftijd", names=["email", "email"])
    assert errors == {"q0_name": "field_name_taken", "q1_name": "field_name_taken"}


def test_a_choice_question_needs_options_one_a_line():
    question = {"name": "maat", "type": "select", "required": True, "label_nl": "Maat", "label_en": "",
                "options": " S \n\nM\n"}
    [field] = event_form._questions([question], errors := {})
    assert field["options"] == ["S", "M"] and errors == {}
    event_form._questions([{**question, "options": "\n \n"}], errors := {})
    assert errors == {"q0_options": "options_required"}
    [field] = event_form._questions([{**question, "type": "slider"}], {})
    assert field["type"] == "text"                               # an unknown kind is a text question


def test_the_summary_lists_mistakes_in_the_order_of_the_page():
    errors = {"q1_name": "x", "organiser_email": "x", "q0_options": "x", "title_nl": "x", "q1_label_nl": "x",
              "start_date": "x", "unknown": "x"}
    assert list(event_form.in_page_order(errors)) == [
        "title_nl", "start_date", "q0_options", "q1_label_nl", "q1_name", "organiser_email", "unknown"]


def test_a_date_or_time_that_does_not_exist_is_shown_empty():
    shown = event_form.as_shown({"start_date": "2027-02-30", "start_time": "25:61", "end_date": "2027-02-28",
                                 "end_time": "17:00"})
    assert (shown["start_date"], shown["start_time"], shown["end_date"], shown["end_time"]) == (
        "", "", "2027-02-28", "17:00")


def test_a_date_or_address_question_for_the_participant_list_or_maatjes_is_refused_in_words():
    from chalicelib import error_copy
    question = {"name": "", "type": "email", "required": False, "label_nl": "Uw e-mailadres", "label_en": "",
                "options": "", "shared": True, "match": True}
    event_form._questions([question], errors := {})
    assert {name: error_copy.field_message(key, "nl", name) for name, key in errors.items()} == {
        "q0_shared": "Alleen een antwoord in tekst of uit een keuzelijst kan op de deelnemerslijst.",
        "q0_match": "Maatjesgroepjes maak je alleen op een keuzelijst."}


def _filled(**changes):
    values = event_form.new_values("duurzaamdoor")
    values.update(title_nl="Lezing", start_date="2027-01-12", start_time="13:00", end_date="2027-01-12",
                  end_time="17:00", organiser_name=" Team ", organiser_email="", organiser_url="")
    values.update(changes)
    return values


def test_an_end_time_without_an_end_date_ends_on_the_start_day():
    body, errors = event_form.body_of(_filled(end_date="", end_time="16:00"))
    assert body["ends_at"] == "2027-01-12T16:00"
    assert "end_date" not in errors


def test_the_organiser_is_saved_as_typed_without_spaces_and_a_bad_address_or_website_is_named():
    body, errors = event_form.body_of(_filled())
    assert body["organiser"] == {"name": "Team"}
    assert errors == {}
    body, errors = event_form.body_of(_filled(organiser_email="geen-adres", organiser_url="geen website"))
    assert errors == {"organiser_email": "invalid_email", "organiser_url": "invalid_url"}


def test_an_edit_keeps_its_organisation_and_its_consent_version_while_the_text_stays():
    stored = {"organisation_id": "duurzaamdoor", "consent_version": "v7", "consent_text": {"nl": "Ja."}}
    body, _ = event_form.body_of(_filled(organisation="elders", consent_text_nl="Ja."), stored)
    assert body["organisation_id"] == "duurzaamdoor"
    assert body["consent_version"] == "v7"
    assert "notify_attendees" not in body
    body, _ = event_form.body_of(_filled(consent_text_nl="Ja, graag.", **{event_form.SILENT_MOVE: True}), stored)
    assert "consent_version" not in body
    assert body["notify_attendees"] is False                     # "niet versturen": the move mails nobody
    body, _ = event_form.body_of(_filled(**{event_form.SILENT_MOVE: True}))
    assert "notify_attendees" not in body and body["organisation_id"] == "duurzaamdoor"    # a new event


def test_a_post_reads_unticked_boxes_as_off_and_windows_line_ends_as_one():
    values = event_form.read({"title_nl": "Lezing", "description_nl": "een\r\ntwee\rdrie", "questions": "1",
                              "q0_label_nl": "Maat", "q0_options": "S\r\nM"})
    assert values["description_nl"] == "een\ntwee\ndrie"
    assert values["digest"] is False and values[event_form.SILENT_MOVE] is False
    assert values["questions"] == [{"name": "", "type": "", "required": False, "shared": False, "match": False,
                                    "label_nl": "Maat", "label_en": "",
                                    "options": "S\nM"}]
    assert event_form.read({"digest": "on", "q0_required": "on", "questions": "1"})["questions"][0]["required"] is True


def test_the_models_messages_stand_beside_their_inputs_and_the_forms_own_come_first():
    assert event_form.input_errors({"fields[2]": "a", "fields[1].label.en": "b", "title": "c", "x": "d"}) == {
        "q2_name": "a", "q1_label_en": "b", "title_nl": "c", "x": "d"}
    mine = {"q1_label_nl": "required"}
    assert event_form.merge_errors(mine, {"fields[1]": "invalid", "fields[0]": "invalid", "title": "required"}) == {
        "q0_name": "invalid", "title_nl": "required", "q1_label_nl": "required"}


def test_the_zones_to_choose_from_start_with_amsterdam_and_keep_the_events_own():
    zones = event_form.zones("Europe/Amsterdam")
    assert zones[0] == "Europe/Amsterdam" and zones.count("Europe/Amsterdam") == 1
    assert "America/New_York" in zones and not any(z.startswith(("Etc/", "SystemV/")) or "/" not in z for z in zones)
    assert zones[1:] == sorted(zones[1:])
    assert event_form.zones("UTC")[-1] == "UTC"                   # the event's own, though not offered


def test_an_added_question_is_an_empty_optional_text_question():
    [added] = event_form.act({"questions": []}, "add_field")["questions"]
    assert added == {"name": "", "type": "text", "required": False, "shared": False, "match": False, "label_nl": "",
                     "label_en": "", "options": ""}


def test_an_event_of_no_organisation_is_saved_from_the_form_as_one_of_none():
    from chalicelib import events
    body, errors = event_form.body_of(_filled(organisation=""), {"consent_text": {}})
    assert errors == {}
    assert events.validate("lezing-2027-01-12", body).get("organisation_id") is None


def test_an_event_without_an_end_is_told_its_end_is_needed_not_that_it_is_wrong():
    from chalicelib import events
    from chalicelib.errors import ValidationFailed
    body, errors = event_form.body_of(_filled(end_date="", end_time=""))
    with pytest.raises(ValidationFailed) as refused:
        events.validate("lezing-2027-01-12", body)
    assert event_form.input_errors(refused.value.fields) == {"end_date": "required"}


def test_an_event_over_two_days_ends_on_its_end_date():
    body, errors = event_form.body_of(_filled(end_date="2027-01-13", end_time="12:00"))
    assert (body["starts_at"], body["ends_at"], errors) == ("2027-01-12T13:00", "2027-01-13T12:00", {})


def test_without_a_start_date_an_end_time_alone_is_named_beside_both_dates():
    body, errors = event_form.body_of(_filled(start_date="", end_date="", end_time="16:00"))
    assert errors == {"start_date": "invalid_date", "end_date": "invalid_date"}


def test_an_event_that_never_had_a_consent_version_gets_none_from_an_edit():
    body, _ = event_form.body_of(_filled(consent_text_nl="Ja."), {"consent_text": {"nl": "Ja."}})
    assert "consent_version" not in body                      # the model makes it from the text


def test_the_zones_offer_no_empty_choice():
    assert "" not in event_form.zones("")


def test_an_events_zone_that_is_offered_anyway_is_listed_once():
    assert event_form.zones("Europe/London").count("Europe/London") == 1


def test_a_questions_mistakes_are_listed_in_the_order_of_its_inputs():
    errors = {"q0_name": "x", "q0_options": "x", "q0_label_en": "x", "q0_type": "x", "q0_label_nl": "x"}
    assert list(event_form.in_page_order(errors)) == ["q0_label_nl", "q0_label_en", "q0_type", "q0_options", "q0_name"]


def test_a_questions_name_mistake_comes_before_its_boxes_mistakes():
    errors = {"q0_match": "not_matchable", "q0_shared": "not_shareable", "q0_name": "field_name_taken"}
    assert list(event_form.in_page_order(errors))[0] == "q0_name"


def test_a_new_event_starts_from_the_organisations_own_defaults():
    values = event_form.new_values("duurzaamdoor", {"retention_days": 45, "locales": ["en"]})
    assert (values["retention_days"], values["locales"]) == ("45", "en")


def test_a_mistake_about_all_questions_comes_before_one_about_a_single_question():
    errors = {"q0_label_nl": "required", "questions": "too_many"}
    assert list(event_form.in_page_order(errors)) == ["questions", "q0_label_nl"]


def test_a_closing_date_that_does_not_exist_is_shown_empty_too():
    shown = event_form.as_shown({"closes_date": "2027-02-30", "closes_time": "25:00"})
    assert (shown["closes_date"], shown["closes_time"]) == ("", "")


def test_two_questions_with_the_same_typed_name_are_told_apart():
    assert _column_names("Maat", "Maat shirt", names=["maat", "maat"])[1] == {"q1_name": "field_name_taken"}


def test_a_question_with_an_english_label_only_is_named_after_it():
    question = {"name": "", "type": "text", "required": False, "label_nl": "", "label_en": "Shirt size",
                "options": ""}
    [field] = event_form._questions([question], {})
    assert field["name"] == "shirt_size"


def test_a_third_question_with_one_label_a_reserved_word_and_a_long_label_get_their_own_names():
    names, _ = _column_names("Dieet?", "Dieet?", "Dieet?", "Email", "a" * 40)
    assert names == ["dieet", "dieet_2", "dieet_3", "email_2", "a" * 32]
