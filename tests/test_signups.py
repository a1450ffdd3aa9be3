import json

from conftest import DEMO_EVENT, make_event, person, signup

EID = DEMO_EVENT["id"]


def test_signup_takes_a_seat(client, demo_event):
    r = signup(client, EID, **person(1))
    assert r.status_code == 201, r.body
    body = json.loads(r.body)
    assert body["status"] == "confirmed" and body["event_id"] == EID
    event = json.loads(client.http.get(f"/events/{EID}").body)
    assert event["spots_left"] == 79
