"""The attendee links' edges (chalicelib/blueprints/attendee.py): the registration as JSON names the
chosen sessions only when there are any, a refused action's page says why in the person's language and
when to try again, and the evaluation form takes at most 50 fields and 64 KiB."""
import json
from urllib.parse import urlencode

from conftest import DEMO_EVENT, person, registration_id, signup
from test_after import answer, evaluators  # noqa: F401  (evaluators is a fixture)
from test_outbox import stream  # noqa: F401  (a fixture)
from test_programme_pages import event as programme_event  # noqa: F401  (a fixture)

EID = DEMO_EVENT["id"]
JSON = {"Accept": "application/json"}


def _as_json(client, email):
    from chalicelib import tokens
    answer = client.http.get(f"/registrations/{tokens.sign(EID, registration_id(EID, email))}", headers=JSON)
    assert answer.status_code == 200, answer.body
    assert answer.headers["Cache-Control"] == "no-store"        # a person's own data: kept by no cache
    return json.loads(answer.body)


def test_the_registration_as_json_names_each_chosen_session_and_where_it_stands(client, programme_event):  # noqa: F811
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    assert signup(client, EID, **person(2, sessions=["maatjes", "ongemak"])).status_code == 201
    mine = _as_json(client, person(2)["email"])
    assert mine["status"] == "confirmed"
    assert mine["sessions"] == [{"id": "maatjes", "status": "waitlisted"}, {"id": "ongemak", "status": "confirmed"}]


def test_a_registration_without_sessions_as_json_has_no_sessions(client, admin_token):
    from conftest import make_event
    make_event(client, admin_token)
    assert signup(client, EID, **person(1)).status_code == 201
    assert _as_json(client, person(1)["email"]) == {
        "registration_id": registration_id(EID, person(1)["email"]), "event_id": EID, "status": "confirmed"}


def _evaluate(client, reg, **fields):
    from chalicelib import tokens
    return answer(client, tokens.sign_evaluation(EID, reg.id), **fields)


def test_the_evaluation_takes_50_fields_and_refuses_a_51st(evaluators, client):  # noqa: F811
    from chalicelib import store
    one, two = evaluators[:2]
    filler = {f"extra{i}": "x" for i in range(48)}
    assert _evaluate(client, one, score="8", q0="Ja", **filler).status_code == 200      # 50 fields
    assert _evaluate(client, two, score="8", q0="Ja", extra48="x", **filler).status_code == 400
    assert store.after.get_evaluation(EID, one.id) and store.after.get_evaluation(EID, two.id) is None


def test_the_evaluation_takes_64_kib_and_refuses_a_byte_more(evaluators, client):  # noqa: F811
    from chalicelib import store
    one, two = evaluators[:2]
    bare = len(urlencode({"score": "8", "pad": ""}))
    assert _evaluate(client, one, score="8", pad="x" * (64 * 1024 - bare)).status_code == 200
    assert _evaluate(client, two, score="8", pad="x" * (64 * 1024 - bare + 1)).status_code == 413
    assert store.after.get_evaluation(EID, one.id) and store.after.get_evaluation(EID, two.id) is None


def test_confirming_after_cancelling_says_why_in_the_persons_language_and_leads_back(client, admin_token):
    from conftest import make_event

    from chalicelib import pages, tokens
    make_event(client, admin_token)
    assert signup(client, EID, **person(1, locale="en")).status_code == 201
    token = tokens.sign(EID, registration_id(EID, person(1)["email"]))
    assert client.http.post(f"/registrations/{token}/cancel").status_code == 200
    refused = client.http.post(f"/registrations/{token}/confirm")
    assert refused.status_code == 409
    page = refused.body.decode()
    assert "This registration was cancelled. It can no longer be confirmed." in page
    assert f'<a href="{pages.registration_url(token)}">Back to your registration</a>' in page
    as_json = client.http.post(f"/registrations/{token}/confirm", headers=JSON)
    assert (as_json.status_code, json.loads(as_json.body)["error"]) == (409, "registration_cancelled")


def test_a_cancel_that_keeps_meeting_other_changes_says_when_to_try_again(client, admin_token, monkeypatch):
    """Every try collides with another change (a hot event): the page asks to try again, and its
    Retry-After says when, as every 503 of a conflict does."""
    from conftest import make_event

    from chalicelib import store, tokens
    from chalicelib.errors import Conflict
    make_event(client, admin_token)
    assert signup(client, EID, **person(1)).status_code == 201
    token = tokens.sign(EID, registration_id(EID, person(1)["email"]))

    def collides(*args, **kwargs):
        raise Conflict("another change came first")
    monkeypatch.setattr(store.seats, "release", collides)
    monkeypatch.setattr(store.writes, "backoff", lambda attempt: 0)
    refused = client.http.post(f"/registrations/{token}/cancel")
    assert (refused.status_code, refused.headers.get("Retry-After")) == (503, "1")
    assert refused.headers["Content-Type"].startswith("text/html")
