"""An evaluation opens when the meeting starts (chalicelib.after), so one that closes at or before
the start would never open: the organiser hears so beside the field, in the API and in the editor,
in their language, and nothing is saved."""
import json

import pytest

from conftest import DEMO_EVENT
from organiser_pages import form_fields, post_form
from test_event_settings import EID, definition, edit_page, member, put  # noqa: F401  (member is a fixture)
from test_organisers import ses  # noqa: F401  (a fixture)

DUTCH = "De evaluatie gaat open bij het begin van de bijeenkomst. Laat haar daarna sluiten."
BODY = {k: v for k, v in DEMO_EVENT.items() if k != "id"}      # starts 2026-12-09 13:00 (Amsterdam)


@pytest.mark.parametrize("closes", ["2026-12-09T12:59:00", "2026-12-09T13:00:00", "2026-12-09T12:00:00Z",
                                    "2026-12-01T23:59:00"])
def test_an_evaluation_closing_at_or_before_the_start_is_refused_on_its_field(client, admin_token, closes):
    answer = put(client, admin_token, {**BODY, "evaluation_closes_at": closes})
    assert answer.status_code == 400
    assert json.loads(answer.body)["fields"] == {"evaluation_closes_at": DUTCH}
    assert client.http.get(f"/events/{EID}").status_code == 404      # nothing was saved


def test_an_evaluation_closing_a_minute_after_the_start_is_saved(client, admin_token):
    assert put(client, admin_token, {**BODY, "evaluation_closes_at": "2026-12-09T13:01:00"}).status_code == 201
    assert definition(client, admin_token)["evaluation_closes_at"] == "2026-12-09T13:01:00+01:00"


@pytest.mark.parametrize("query, message", [
    ("", DUTCH),
    ("?lang=en", "The evaluation opens when the meeting starts. Let it close after that."),
])
def test_the_editor_says_beside_the_evaluations_close_that_it_must_close_after_the_start(
        client, admin_token, member, query, message):  # noqa: F811
    fields = form_fields(edit_page(client, member, query))
    answer = post_form(client, f"/organiser/events/{EID}/edit{query}",
                       {**fields, "evaluation_closes_date": "2026-12-08", "evaluation_closes_time": "17:00"}, member)
    page = answer.body.decode()
    assert answer.status_code == 400
    assert message in page
    assert f'<span class="error" id="evaluation_closes_date-error">{message}</span>' in page     # beside its field
    assert '<a href="#evaluation_closes_date">' in page                # and the summary leads there
    assert definition(client, admin_token)["evaluation_closes_at"] is None     # nothing was saved
