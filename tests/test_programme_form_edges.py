"""The programme page at its edges (issue 29, issue 26): the round limit, buttons of a stale or
crafted form, a time without its date, the order of the messages, the ids new sessions get."""
import re

import pytest

from conftest import DEMO_PROGRAMME, make_event
from organiser_pages import form_fields
from test_programme_page import EID, definition, get, member, press, shown  # noqa: F401

ROUNDS = DEMO_PROGRAMME["programme"]["rounds"]
SESSIONS = sum(len(r["sessions"]) for r in ROUNDS)
FOCUS_ON_FORM = 'novalidate tabindex="-1" autofocus>'


def fields_of(answer):
    return form_fields(answer.body.decode(), "programme")


def message(html, name):
    """The message beside the input ``name``, or None."""
    found = re.search(rf'<span class="error" id="{name}-error">([^<]*)</span>', html)
    return found and found.group(1)


def summary(html):
    """The inputs the summary of messages links to, in its order."""
    return re.findall(r'<li><a href="#([^"]+)"', html)


def one_round(client, member, **typed):  # noqa: F811
    """The form with one round of one session, ``typed`` into it."""
    fields = fields_of(press(client, member, shown(client, member), action="add_round"))
    fields.update({"r0_title_nl": "Werksessies", "r0s0_title_nl": "Inkopen", "r0s0_room": "Zaal 1", **typed})
    return fields


def test_at_ten_rounds_the_add_button_is_gone_and_a_stale_press_adds_no_eleventh(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    fields = shown(client, member)
    for _ in range(10):
        answer = press(client, member, fields, action="add_round")
        fields = fields_of(answer)
    html = answer.body.decode()
    assert "<legend>Ronde 10</legend>" in html and "Ronde toevoegen" not in html
    html = press(client, member, fields, action="add_round").body.decode()     # the form before, posted again
    assert html.count("<legend>Ronde ") == 10 and "<legend>Ronde 11</legend>" not in html


def test_a_new_round_starts_where_the_last_one_ends_with_one_session_not_online(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token, **DEMO_PROGRAMME)
    fields = fields_of(press(client, member, shown(client, member), action="add_round"))
    last = ROUNDS[-1]["ends_at"]
    assert (fields["r2_date"], fields["r2_start_time"]) == (last[:10], last[11:16])
    assert "r2s0_online" not in fields and "r2s0_waitlist_enabled" in fields


def test_a_new_round_of_a_two_day_event_is_on_its_first_day(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token, ends_at="2026-12-10T17:00:00")
    fields = fields_of(press(client, member, shown(client, member), action="add_round"))
    assert fields["r0_date"] == "2026-12-09"


def test_the_saved_online_part_is_shown_ticked_with_its_places_and_link(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token, online={"capacity": 5, "join_url": "https://zoom.example/j/42"})
    fields = shown(client, member)
    assert (fields.get("online"), fields["online_capacity"], fields["online_join_url"]) == (
        "on", "5", "https://zoom.example/j/42")


def test_a_post_without_a_count_of_rounds_saves_no_programme(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    assert press(client, member, {}).status_code == 303
    assert definition().get("programme") is None
    answer = press(client, member, {"rounds": "drie"}, action="add_round")
    assert answer.status_code == 200 and answer.body.decode().count("<legend>Ronde ") == 1


@pytest.mark.parametrize("action", [
    f"remove_round:{len(ROUNDS)}", "remove_round:0:1", "remove_round",
    f"add_session:{len(ROUNDS)}", "add_session:0:1", "add_session", "add_session:x",
    "remove_session:0", f"remove_session:0:{len(ROUNDS[0]['sessions'])}", f"remove_session:{len(ROUNDS)}:0",
])
def test_a_button_for_what_is_no_longer_on_the_form_changes_nothing(client, admin_token, member, action):  # noqa: F811
    make_event(client, admin_token, **DEMO_PROGRAMME)
    answer = press(client, member, shown(client, member), action=action)
    html = answer.body.decode()
    assert answer.status_code == 200
    assert html.count("<legend>Ronde ") == len(ROUNDS) and html.count("<legend>Sessie") == SESSIONS
    assert FOCUS_ON_FORM in html or action == "add_session:0:1"     # that one leaves it on round 1's last session


def test_removing_the_second_session_keeps_the_first_and_the_third(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token, **DEMO_PROGRAMME)
    fields = fields_of(press(client, member, shown(client, member), action="remove_session:0:1"))
    ids = [s["id"] for s in ROUNDS[0]["sessions"]]
    assert [fields["r0s0_id"], fields["r0s1_id"]] == [ids[0], ids[2]] and fields["r0_sessions"] == "2"


def test_a_start_time_without_an_end_time_is_named_beside_the_end_only(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    html = press(client, member, one_round(client, member, r0_start_time="14:00", r0_end_time="")).body.decode()
    assert message(html, "r0_end_time") and not message(html, "r0_start_time")
    html = press(client, member, one_round(client, member, r0_start_time="", r0_end_time="15:00")).body.decode()
    assert message(html, "r0_start_time") and not message(html, "r0_end_time")


def test_a_time_that_is_no_time_is_called_so_not_missing(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    missing = press(client, member, one_round(client, member, r0_date="", r0_start_time="", r0_end_time="")).body.decode()
    wrong = press(client, member, one_round(client, member, r0_start_time="2 uur", r0_end_time="15:00")).body.decode()
    assert message(wrong, "r0_start_time") and message(wrong, "r0_start_time") != message(missing, "r0_start_time")


def test_a_date_that_is_no_date_is_named_beside_the_date_alone_and_the_summary_leads_to_it(client, admin_token,  # noqa: F811
                                                                                            member):
    make_event(client, admin_token)
    html = press(client, member, one_round(client, member, r0_date="9-12-2026", r0_start_time="14:00",
                                           r0_end_time="15:00")).body.decode()
    assert message(html, "r0_date")
    assert not message(html, "r0_start_time") and not message(html, "r0_end_time")     # both times were given
    assert summary(html) == ["r0_date"] and 'id="r0_date"' in html


def test_an_empty_date_without_times_asks_for_the_times_not_the_date(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    html = press(client, member, one_round(client, member, r0_date="", r0_start_time="", r0_end_time="")).body.decode()
    assert message(html, "r0_start_time") and message(html, "r0_end_time") and not message(html, "r0_date")


def test_the_summary_names_the_mistakes_in_the_order_of_the_page(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    fields = one_round(client, member, r0_title_nl="", r0_start_time="14:00", r0_end_time="15:00", online="on",
                       online_capacity="veel", online_join_url="http://teams.example/x")
    html = press(client, member, fields).body.decode()
    assert summary(html) == ["r0_title_nl", "online_capacity", "online_join_url"]


def test_a_session_without_a_room_is_named_beside_its_room(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    html = press(client, member, one_round(client, member, r0_start_time="14:00", r0_end_time="15:00",
                                           r0s0_room="")).body.decode()
    assert message(html, "r0s0_room") and not message(html, "r0s0_title_nl")


def test_new_sessions_get_readable_unique_ids_never_an_attendance(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    titles = ["Netwerken", "Netwerken", "Netwerken", "Online", "Onsite", "Attendance", "🌱",
              "Duurzaam inkopen in de publieke sector voor beginners"]
    fields = one_round(client, member)
    for _ in titles[1:]:
        fields = fields_of(press(client, member, fields, action="add_session:0"))
    fields.update({"r0_title_nl": "Werksessies", "r0_start_time": "14:00", "r0_end_time": "15:00"})
    for j, title in enumerate(titles):
        fields.update({f"r0s{j}_title_nl": title, f"r0s{j}_room": "Zaal 1"})
    fields.update({"r0s1_title_nl": "", "r0s1_title_en": "Circular procurement"})
    answer = press(client, member, fields)
    assert answer.status_code == 303, answer.body[:500]
    assert [s["id"] for s in definition()["programme"]["rounds"][0]["sessions"]] == [
        "netwerken", "circular-procurement", "netwerken-2", "sessie-online", "sessie-onsite", "sessie-attendance",
        "sessie", "duurzaam-inkopen-in-de-publieke"]


def test_three_new_sessions_of_one_title_are_numbered_in_turn(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    fields = one_round(client, member)
    for _ in range(2):
        fields = fields_of(press(client, member, fields, action="add_session:0"))
    fields.update({"r0_title_nl": "Werksessies", "r0_start_time": "14:00", "r0_end_time": "15:00"})
    for j in range(3):
        fields.update({f"r0s{j}_title_nl": "Tafel", f"r0s{j}_room": "Zaal 1"})
    assert press(client, member, fields).status_code == 303
    assert [s["id"] for s in definition()["programme"]["rounds"][0]["sessions"]] == ["tafel", "tafel-2", "tafel-3"]


def test_a_time_without_a_date_asks_for_the_date_beside_the_date(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    for typed in ({"r0_start_time": "14:00", "r0_end_time": ""}, {"r0_start_time": "", "r0_end_time": "15:00"}):
        html = press(client, member, one_round(client, member, r0_date="", **typed)).body.decode()
        assert message(html, "r0_date"), typed
        assert summary(html)[0] == "r0_date" and all(f'id="{name}"' in html for name in summary(html)), summary(html)


def test_a_date_that_is_no_date_leaves_the_other_messages_of_its_round(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    html = press(client, member, one_round(client, member, r0_date="9-12-2026", r0_start_time="14:00", r0_end_time="15:00",
                                           r0_title_nl="")).body.decode()
    assert message(html, "r0_date") and message(html, "r0_title_nl")
    assert summary(html) == ["r0_title_nl", "r0_date"]
