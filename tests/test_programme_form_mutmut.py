"""The programme page where mutmut's mutants of chalicelib/organiser/programme_form.py showed a gap:
the id a new session gets from a title that starts with a sign rather than a letter."""
from conftest import make_event
from test_programme_form_edges import fields_of, one_round
from test_programme_page import definition, member, press  # noqa: F401


def test_a_session_whose_title_starts_with_a_sign_gets_an_id_of_its_words_alone(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    fields = fields_of(press(client, member, one_round(client, member), action="add_session:0"))
    fields.update({"r0_title_nl": "Werksessies", "r0_start_time": "14:00", "r0_end_time": "15:00",
                   "r0s0_title_nl": "(Nieuw) Circulair inkopen", "r0s1_title_nl": "¿Wat nu?", "r0s1_room": "Zaal 2"})
    answer = press(client, member, fields)
    assert answer.status_code == 303, answer.body[:500]
    assert [s["id"] for s in definition()["programme"]["rounds"][0]["sessions"]] == [
        "nieuw-circulair-inkopen", "wat-nu"]
