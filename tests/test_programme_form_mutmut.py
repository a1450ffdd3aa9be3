"""The programme page where mutmut's mutants of chalicelib/organiser/programme_form.py showed a gap:
the id a new session gets from a title that starts with a sign rather than a letter."""
from conftest import make_event
from test_programme_form_edges import fields_of, one_round
from test_programme_page import definition, member, press, shown  # noqa: F401


def test_a_session_whose_title_starts_with_a_sign_gets_an_id_of_its_words_alone(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    fields = fields_of(press(client, member, one_round(client, member), action="add_session:0"))
    fields.update({"r0_title_nl": "Werksessies", "r0_start_time": "14:00", "r0_end_time": "15:00",
                   "r0s0_title_nl": "(Nieuw) Circulair inkopen", "r0s1_title_nl": "¿Wat nu?", "r0s1_room": "Zaal 2"})
    answer = press(client, member, fields)
    assert answer.status_code == 303, answer.body[:500]
    assert [s["id"] for s in definition()["programme"]["rounds"][0]["sessions"]] == [
        "nieuw-circulair-inkopen", "wat-nu"]


def test_a_saved_session_without_a_host_or_a_limit_comes_back_with_those_inputs_empty(client, admin_token, member):  # noqa: F811
    """An online session without a room, a host, a number of seats, a description or an English
    title: the form shows those inputs empty, not a placeholder word, so saving it again keeps it
    as it was."""
    import json

    from conftest import DEMO_PROGRAMME
    rounds = json.loads(json.dumps(DEMO_PROGRAMME["programme"]["rounds"]))
    for key in ("host", "capacity", "description"):
        rounds[1]["sessions"][2].pop(key, None)
    rounds[1]["title"].pop("en")
    rounds[1]["sessions"][2]["title"].pop("en")
    make_event(client, admin_token, programme={"rounds": rounds})
    fields = shown(client, member)
    assert (fields["r1s2_host"], fields["r1s2_room"], fields["r1s2_capacity"]) == ("", "", "")
    assert (fields["r1s2_title_en"], fields["r1s2_description_nl"], fields["r1s2_description_en"]) == ("", "", "")
    assert fields["r1_title_en"] == ""
    assert (fields["r1s1_host"], fields["r1s1_capacity"]) == ("DuurzaamDoor", "20")
    assert press(client, member, fields).status_code == 303
    saved = definition()["programme"]["rounds"][1]["sessions"][2]
    assert ("host" not in saved, "description" not in saved, saved["capacity"]) == (True, True, None)
    assert saved["title"] == {"nl": "Transitie in de publieke arena"}


def test_a_new_session_named_as_a_saved_one_gets_an_id_of_its_own(client, admin_token, member):  # noqa: F811
    """The saved programme has a session maatjes; a new session titled "Maatjes" in the same round is
    saved beside it as maatjes-2, and visitors' choices of the first stay theirs."""
    from conftest import DEMO_PROGRAMME
    make_event(client, admin_token, **DEMO_PROGRAMME)
    fields = fields_of(press(client, member, shown(client, member), action="add_session:0"))
    fields.update({"r0s3_title_nl": "Maatjes", "r0s3_room": "Zaal 5"})
    answer = press(client, member, fields)
    assert answer.status_code == 303, answer.body[:500]
    assert [s["id"] for s in definition()["programme"]["rounds"][0]["sessions"]] == [
        "maatjes", "randvoorwaarden", "bouw", "maatjes-2"]


def test_a_date_that_is_no_date_says_how_to_write_one(client, admin_token, member):  # noqa: F811
    from test_programme_form_edges import message
    make_event(client, admin_token)
    html = press(client, member, one_round(client, member, r0_date="9 december", r0_start_time="14:00",
                                           r0_end_time="15:00")).body.decode()
    assert message(html, "r0_date") == "Vul een datum in, bijvoorbeeld 9-12-2026."


def test_a_new_round_whose_title_has_no_letters_is_saved_as_a_round(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    answer = press(client, member, one_round(client, member, r0_title_nl="🌱 🌿", r0_start_time="14:00",
                                             r0_end_time="15:00"))
    assert answer.status_code == 303, answer.body[:500]
    assert [r["id"] for r in definition()["programme"]["rounds"]] == ["ronde"]



def test_a_session_added_with_the_button_has_its_host_and_room_empty(client, admin_token, member):  # noqa: F811
    from conftest import DEMO_PROGRAMME
    make_event(client, admin_token, **DEMO_PROGRAMME)
    fields = fields_of(press(client, member, shown(client, member), action="add_session:0"))
    assert (fields["r0s3_host"], fields["r0s3_room"], fields["r0s3_capacity"]) == ("", "", "")


def test_emptying_the_number_of_online_places_leaves_online_without_a_limit(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token, online={"capacity": 5, "join_url": "https://zoom.example/j/42"})
    fields = shown(client, member)
    assert press(client, member, {**fields, "online_capacity": ""}).status_code == 303
    assert definition()["online"] == {"capacity": None, "join_url": "https://zoom.example/j/42"}


def test_a_number_of_online_places_that_is_no_number_asks_for_a_whole_number(client, admin_token, member):  # noqa: F811
    from test_programme_form_edges import message
    make_event(client, admin_token, online={"capacity": 5, "join_url": "https://zoom.example/j/42"})
    html = press(client, member, {**shown(client, member), "online_capacity": "veel"}).body.decode()
    assert message(html, "online_capacity") == "Vul een heel getal in dat groter is dan 0."


def test_a_round_added_after_one_on_the_second_day_is_on_the_second_day(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token, ends_at="2026-12-10T17:00:00")
    fields = one_round(client, member, r0_date="2026-12-10", r0_start_time="10:00", r0_end_time="11:00")
    fields = fields_of(press(client, member, fields, action="add_round"))
    assert (fields["r1_date"], fields["r1_start_time"]) == ("2026-12-10", "11:00")


def test_line_ends_of_a_description_are_saved_as_plain_new_lines(client, admin_token, member):  # noqa: F811
    """Browsers post a text area's line ends as CR LF (some as a lone CR): the description keeps one
    line end each, so the attendee page shows no blank lines between them."""
    make_event(client, admin_token)
    fields = one_round(client, member, r0_start_time="14:00", r0_end_time="15:00",
                       r0s0_description_nl="Regel een\r\nRegel twee\rRegel drie")
    assert press(client, member, fields).status_code == 303
    saved = definition()["programme"]["rounds"][0]["sessions"][0]
    assert saved["description"] == {"nl": "Regel een\nRegel twee\nRegel drie"}


def _post_by_hand(client, member, fields):
    from organiser_pages import post_form
    from test_programme_page import PAGE
    cookie, csrf = member
    return post_form(client, PAGE, {"csrf": csrf, **fields}, cookie, action="save")


ROUND_BY_HAND = {"rounds": "1", "r0_title_nl": "Werksessies", "r0_date": "2026-12-09", "r0_start_time": "14:00",
                 "r0_end_time": "15:00", "r0_sessions": "1", "r0s0_title_nl": "Inkopen", "r0s0_room": "Zaal 1"}


def test_a_post_that_leaves_out_inputs_with_nothing_in_them_saves_the_programme(client, admin_token, member):  # noqa: F811
    """A form made by hand (or an older page) that leaves out the inputs left empty (ids, English
    titles, a host, a limit, a description, the number of online places): saved as if they were
    posted empty."""
    make_event(client, admin_token)
    answer = _post_by_hand(client, member, {**ROUND_BY_HAND, "online": "on",
                                            "online_join_url": "https://zoom.example/j/42"})
    assert answer.status_code == 303, answer.body[:500]
    (saved,) = definition()["programme"]["rounds"]
    assert (saved["id"], saved["title"]) == ("werksessies", {"nl": "Werksessies"})
    assert saved["sessions"] == [{"id": "inkopen", "title": {"nl": "Inkopen"}, "room": "Zaal 1", "capacity": None}]
    assert definition()["online"] == {"capacity": None, "join_url": "https://zoom.example/j/42"}



def test_without_an_online_part_its_inputs_are_shown_empty(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    fields = shown(client, member)
    assert ("online" in fields, fields["online_capacity"], fields["online_join_url"]) == (False, "", "")


def test_the_summary_lists_a_sessions_mistakes_in_the_order_of_its_inputs_and_rounds_in_turn(client, admin_token,  # noqa: F811
                                                                                                member):
    from test_programme_form_edges import summary
    make_event(client, admin_token)
    fields = fields_of(press(client, member, one_round(client, member, r0_start_time="14:00", r0_end_time="15:00"),
                             action="add_round"))
    fields.update({"r0s0_title_nl": "", "r0s0_room": "", "r0s0_capacity": "veel",
                   "r1_title_nl": "Ronde twee", "r1_start_time": "15:00", "r1_end_time": "16:00",
                   "r1s0_title_nl": "Bouwen", "r1s0_room": ""})
    html = press(client, member, fields).body.decode()
    assert summary(html) == ["r0s0_title_nl", "r0s0_room", "r0s0_capacity", "r1s0_room"]


def test_a_date_and_time_that_are_none_come_back_empty_as_a_browser_shows_them(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    answer = press(client, member, one_round(client, member, r0_date="9 december", r0_start_time="twee uur",
                                             r0_end_time="15:00"))
    fields = fields_of(answer)
    assert (fields["r0_date"], fields["r0_start_time"], fields["r0_end_time"]) == ("", "", "15:00")


def test_a_session_description_far_too_long_is_refused_on_the_page(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    answer = press(client, member, one_round(client, member, r0_start_time="14:00", r0_end_time="15:00",
                                             r0s0_description_nl="x" * 20001))
    assert answer.status_code == 400
    assert definition().get("programme") is None
