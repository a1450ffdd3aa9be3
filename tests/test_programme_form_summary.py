"""The programme page's summary of messages names every input it lists and leads to it, also for
a session's host and description, and a description too long to save is named beside its own box
(chalicelib/organiser/programme_form.py ``SESSION_ERRORS``, templates/organiser/programme.html.j2)."""
import pytest

from conftest import make_event
from test_programme_form_edges import message, one_round, summary
from test_programme_page import member, press  # noqa: F401  (member is a fixture)

TIMES = {"r0_start_time": "14:00", "r0_end_time": "15:00"}     # the round is right apart from the one mistake


@pytest.mark.parametrize("lang, label", [("", "Ronde 1, sessie 1: door wie"), ("?lang=en", "Round 1, session 1: led by")])
def test_a_host_too_long_is_named_in_the_summary_and_leads_to_its_input(client, admin_token, member, lang, label):  # noqa: F811
    make_event(client, admin_token)
    answer = press(client, member, one_round(client, member, r0s0_host="x" * 201, **TIMES), lang=lang)
    html = answer.body.decode()
    assert answer.status_code == 400
    assert summary(html) == ["r0s0_host"]
    assert f'<a href="#r0s0_host">{label}: ' in html
    assert message(html, "r0s0_host")


def test_a_description_too_long_is_named_beside_its_own_box(client, admin_token, member):  # noqa: F811
    make_event(client, admin_token)
    answer = press(client, member, one_round(client, member, r0s0_description_nl="x" * 20001, **TIMES))
    html = answer.body.decode()
    assert answer.status_code == 400
    assert summary(html) == ["r0s0_description_nl"]
    assert '<a href="#r0s0_description_nl">Ronde 1, sessie 1: beschrijving (Nederlands): ' in html
    assert message(html, "r0s0_description_nl") == "Dit klopt niet. Kijk het na en verbeter het."
