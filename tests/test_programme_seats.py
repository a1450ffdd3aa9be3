"""Issue 29 items 1 and 4: session seats and waiting lists, exact under concurrency, taken with
the event's seat in one transaction; the JSON answer; a hybrid event's attendance."""
import json
import pytest

from conftest import DEMO_EVENT, DEMO_PROGRAMME, make_event, person, registration_id, signup

EID = DEMO_EVENT["id"]


def _programme(capacity=3, waitlist=True, bouw_capacity=1):
    rounds = json.loads(json.dumps(DEMO_PROGRAMME["programme"]["rounds"]))
    rounds[0]["sessions"][0].update(capacity=capacity, waitlist_enabled=waitlist)
    rounds[0]["sessions"][2].update(capacity=bouw_capacity, waitlist_enabled=False)
    return {"rounds": rounds}


def _stored(email):
    from chalicelib import store
    reg = store.roster.get_registration(EID, registration_id(EID, email))
    return reg.status, reg.extra.get("sessions"), reg.extra.get("attendance")


def _counter(cid):
    from chalicelib import store
    event = store.events.get_event(EID, consistent=True)
    from chalicelib import programme
    s = programme.find(event, cid)
    return s.taken, s.waiting


@pytest.fixture
def small(client, admin_token):
    return make_event(client, admin_token, programme=_programme())


def test_a_signup_takes_a_session_seat_and_the_answer_names_it(client, small):
    response = signup(client, EID, **person(1, sessions=["maatjes", "samenspel"]))
    assert response.status_code == 201
    assert json.loads(response.body) == {"event_id": EID, "status": "confirmed", "sessions": [
        {"id": "maatjes", "status": "confirmed"}, {"id": "samenspel", "status": "confirmed"}]}
    assert _stored(person(1)["email"]) == ("confirmed", [
        {"round": "ronde-1", "id": "maatjes", "status": "confirmed"},
        {"round": "ronde-2", "id": "samenspel", "status": "confirmed"}], None)
    assert _counter("maatjes") == (1, 0) and _counter("samenspel") == (1, 0)


@pytest.mark.parametrize("fields, named, code", [
    ({"sessions": ["bestaat-niet"]}, "sessions", "Deze sessie bestaat niet. Kies een sessie uit de lijst."),
    ({"sessions": ["maatjes", "bouw"]}, "sessions", "Kies hoogstens één sessie per ronde."),
    ({"sessions": "maatjes"}, "sessions", "Deze sessie bestaat niet. Kies een sessie uit de lijst."),
    ({"session_ronde-1": "samenspel"}, "session_ronde-1",
     "Deze sessie hoort bij een andere ronde. Kies een sessie uit deze ronde."),
    ({"sessions": ["maatjes"], "session_ronde-1": "bouw"}, "session_ronde-1", "Kies hoogstens één sessie per ronde."),
])
def test_bad_choices_are_refused_naming_the_field_and_nothing_is_written(client, small, fields, named, code):
    response = signup(client, EID, **person(2, **fields))
    assert response.status_code == 400, response.body
    assert json.loads(response.body)["fields"] == {named: code}
    from chalicelib import store
    assert store.roster.registration_by_email(EID, person(2)["email"]) is None
    assert _counter("maatjes") == (0, 0)


def test_a_full_session_without_waiting_list_is_409_and_nothing_is_written(client, small):
    assert signup(client, EID, **person(1, sessions=["bouw"])).status_code == 201
    response = signup(client, EID, **person(2, sessions=["bouw", "samenspel"]))
    assert response.status_code == 409
    body = json.loads(response.body)
    assert body["error"] == "session_full" and body["fields"] == {"sessions": "Deze sessie is vol. Kies een andere sessie."}
    from chalicelib import store
    assert store.roster.registration_by_email(EID, person(2)["email"]) is None
    assert _counter("bouw") == (1, 0) and _counter("samenspel") == (0, 0)
    assert store.events.get_event(EID, consistent=True).seats_taken == 1


def test_a_session_seat_gone_at_commit_cancels_the_whole_transaction(client, small, monkeypatch):
    """The signup read the session free (a stale view), but its last seat went before the commit:
    DynamoDB cancels the one transaction, so neither the event's seat nor the registration is
    written; the signup looks again and gets 409 naming the session."""
    from dataclasses import replace
    from chalicelib import programme, signups, store
    assert signup(client, EID, **person(1, sessions=["bouw"])).status_code == 201
    fresh = store.events.get_event(EID, consistent=True)
    stale = replace(fresh, seats_taken=0, programme=tuple(
        replace(r, sessions=tuple(replace(s, taken=0) for s in r.sessions)) for r in fresh.programme))
    assert programme.find(stale, "bouw").has_seat
    calls = []
    real = store.writes.transact

    def watched(items):
        calls.append([next(iter(i.values()))["Key"]["PK"]["S"] if "Key" in next(iter(i.values())) else "put"
                      for i in items])
        return real(items)
    monkeypatch.setattr(store.writes, "transact", watched)
    monkeypatch.setattr(signups, "get_event", lambda eid, cached=False: stale if cached else store.events.get_event(
        eid, consistent=True))
    from chalicelib.errors import SessionFull
    with pytest.raises(SessionFull) as full:
        signups.register(EID, person(2, sessions=["bouw"]))
    assert full.value.fields == {"sessions": "session_full"}
    seat = (f"EVENT#{EID}", f"SEATS#{EID}#")     # the event's seat: on its event item, or on a seat pool
    assert any(f"SESSION#{EID}#bouw" in keys and any(k.startswith(seat) for k in keys) for keys in calls)  # in one
    assert store.roster.registration_by_email(EID, person(2)["email"]) is None
    assert store.events.get_event(EID, consistent=True).seats_taken == 1
    assert _counter("bouw") == (1, 0)


def test_a_hybrid_event_counts_online_and_on_site_apart(client, admin_token):
    make_event(client, admin_token, capacity=2, online={"capacity": 1, "join_url": "https://zoom.example/j/42"})
    missing = signup(client, EID, **person(1))
    assert missing.status_code == 400 and "attendance" in json.loads(missing.body)["fields"]
    assert signup(client, EID, **person(1, attendance="online")).status_code == 201
    full = signup(client, EID, **person(2, attendance="online"))
    assert full.status_code == 409 and list(json.loads(full.body)["fields"]) == ["attendance"]
    assert signup(client, EID, **person(3, attendance="onsite")).status_code == 201
    assert _stored(person(1)["email"])[2] == "online" and _stored(person(3)["email"])[2] == "onsite"
    assert _counter("online") == (1, 0) and _counter("onsite") == (1, 0)


def test_the_download_has_a_column_per_round_and_the_attendance(client, admin_token, export_token):
    from conftest import bearer
    make_event(client, admin_token, programme=_programme(capacity=1), online={"capacity": 5, "join_url": "https://zoom.example/j/1"})
    assert signup(client, EID, **person(1, sessions=["maatjes"], attendance="online")).status_code == 201
    assert signup(client, EID, **person(2, sessions=["maatjes", "ongemak"], attendance="onsite")).status_code == 201
    csv = client.http.get(f"/events/{EID}/registrations?format=csv", headers=bearer(export_token)).body.decode("utf-8-sig")
    header, *rows = csv.splitlines()
    assert header.endswith('"attendance","session_ronde-1","session_ronde-2"')
    assert rows[0].endswith('"online","maatjes",""') and rows[1].endswith('"onsite","maatjes (waitlisted)","ongemak"')
    items = json.loads(client.http.get(f"/events/{EID}/registrations?format=json",
                                       headers=bearer(export_token)).body)["items"]
    assert items[1]["session_ronde-1"] == "maatjes (waitlisted)" and items[1]["attendance"] == "onsite"


def test_a_session_somebody_chose_stays_and_a_raised_capacity_moves_its_waiting_list_up(client, admin_token):
    make_event(client, admin_token, programme=_programme(capacity=1))
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    assert signup(client, EID, **person(2, sessions=["maatjes"])).status_code == 201
    assert _stored(person(2)["email"])[1][0]["status"] == "waitlisted"
    without = _programme(capacity=1)
    del without["rounds"][0]["sessions"][0]
    from conftest import bearer
    body = {k: v for k, v in {**DEMO_EVENT, "programme": without}.items() if k != "id"}
    refused = client.http.put(f"/events/{EID}", body=json.dumps(body),
                              headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert refused.status_code == 400 and "programme" in json.loads(refused.body)["fields"]
    make_event(client, admin_token, programme=_programme(capacity=2))
    assert _stored(person(2)["email"])[1][0]["status"] == "confirmed"
    assert _counter("maatjes") == (2, 0)


def test_deleting_the_event_removes_its_session_counters(client, admin_token):
    from chalicelib import aws, store
    from conftest import bearer
    make_event(client, admin_token, programme=_programme(capacity=1))
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    assert client.http.delete(f"/events/{EID}", headers=bearer(admin_token)).status_code == 200
    key = store.sessions.counter_key(EID, "maatjes")
    assert "Item" not in aws.dynamodb().get_item(TableName=aws.table_name(), Key=key)
    make_event(client, admin_token, programme=_programme(capacity=1))     # the same id again: its seats are free
    assert _counter("maatjes") == (0, 0)
