"""The edges of a registration's choice of sessions (chalicelib/choices.py) as an organiser and an
attendee see them."""
import json

from conftest import DEMO_EVENT, DEMO_PROGRAMME, bearer, make_event, person, signup

EID = DEMO_EVENT["id"]


def _rounds():
    return json.loads(json.dumps(DEMO_PROGRAMME["programme"]["rounds"]))


def _put(client, token, **overrides):
    body = {k: v for k, v in {**DEMO_EVENT, **overrides}.items() if k != "id"}
    return client.http.put(f"/events/{EID}", body=json.dumps(body),
                           headers={**bearer(token), "Content-Type": "application/json"})


def test_a_session_only_somebody_on_the_waiting_list_chose_stays_in_the_programme(client, admin_token):
    """The person waiting for a seat of the event chose it: moving up later, they would hold a
    choice of a session that is gone (their page says "no session chosen", nobody told them)."""
    make_event(client, admin_token, capacity=1, programme={"rounds": _rounds()})
    assert json.loads(signup(client, EID, **person(1, sessions=["maatjes"])).body)["status"] == "confirmed"
    assert json.loads(signup(client, EID, **person(2, sessions=["randvoorwaarden"])).body)["status"] == "waitlisted"
    rounds = _rounds()
    del rounds[0]["sessions"][1]            # randvoorwaarden
    refused = _put(client, admin_token, capacity=1, programme={"rounds": rounds})
    assert refused.status_code == 400
    assert json.loads(refused.body)["fields"] == {"programme": "Er zijn deelnemers die een sessie kozen die je weghaalt. "
                                                               "Laat die sessie staan."}
