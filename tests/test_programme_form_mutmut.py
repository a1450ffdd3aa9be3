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
    """An online session without a room, a host or a number of seats: the form shows those inputs
    empty, not a placeholder word, so saving it again keeps it as it was."""
    import json

    from conftest import DEMO_PROGRAMME
    rounds = json.loads(json.dumps(DEMO_PROGRAMME["programme"]["rounds"]))
    for key in ("host", "capacity"):
        rounds[1]["sessions"][2].pop(key, None)
    make_event(client, admin_token, programme={"rounds": rounds})
    fields = shown(client, member)
    assert (fields["r1s2_host"], fields["r1s2_room"], fields["r1s2_capacity"]) == ("", "", "")
    assert (fields["r1s1_host"], fields["r1s1_capacity"]) == ("DuurzaamDoor", "20")
    assert press(client, member, fields).status_code == 303
    saved = definition()["programme"]["rounds"][1]["sessions"][2]
    assert ("host" not in saved, saved["capacity"]) == (True, None)
