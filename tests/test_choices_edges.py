"""The edges of a registration's choice of sessions (chalicelib/choices.py) as an organiser and an
attendee see them."""
import json

from conftest import DEMO_EVENT, DEMO_PROGRAMME, bearer, make_event, person, seats_changed_unseen, signup

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


# ---------------------------------------------------------------- moving a session's waiting list up

def _one_seat_event(client, token, **overrides):
    """maatjes: one seat and a waiting list; choices may change until 2099."""
    rounds = _rounds()
    rounds[0]["sessions"][0].update(capacity=1, waitlist_enabled=True)
    return make_event(client, token, programme={"rounds": rounds}, changes_close_at="2099-01-01T12:00:00", **overrides)


def _choice(email):
    from chalicelib import store
    from conftest import registration_id
    reg = store.roster.get_registration(EID, registration_id(EID, email))
    return {c["id"]: c["status"] for c in reg.extra.get("sessions") or []}


def _switch(client, email, round_id, session_id):
    from urllib.parse import urlencode

    from chalicelib import tokens
    from conftest import registration_id
    token = tokens.sign(EID, registration_id(EID, email))
    return client.http.post(f"/registrations/{token}/sessions", body=urlencode({"round": round_id,
                                                                               "session_" + round_id: session_id}),
                            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})


def test_a_seat_freed_while_somebody_joined_the_waiting_list_goes_to_the_first_waiting(client, admin_token):
    _one_seat_event(client, admin_token)
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    assert signup(client, EID, **person(2, sessions=["maatjes"])).status_code == 201
    seats_changed_unseen(EID, "maatjes", -1)
    assert signup(client, EID, **person(3, sessions=["maatjes"])).status_code == 201
    assert _choice(person(2)["email"]) == {"maatjes": "confirmed"}     # first come, first served
    assert _choice(person(3)["email"]) == {"maatjes": "waitlisted"}


def test_choosing_no_session_gives_the_seat_to_the_first_waiting(client, admin_token):
    _one_seat_event(client, admin_token)
    for n in (1, 2, 3):
        assert signup(client, EID, **person(n, sessions=["maatjes"])).status_code == 201
    answer = _switch(client, person(1)["email"], "ronde-1", "")
    assert answer.status_code == 200
    assert _choice(person(1)["email"]) == {}
    assert _choice(person(2)["email"]) == {"maatjes": "confirmed"}
    assert _choice(person(3)["email"]) == {"maatjes": "waitlisted"}


def test_switching_into_a_full_session_joins_its_waiting_list_and_a_seat_freed_meanwhile_is_taken(client, admin_token):
    _one_seat_event(client, admin_token)
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    assert signup(client, EID, **person(2, sessions=["maatjes"])).status_code == 201
    assert signup(client, EID, **person(3, sessions=["randvoorwaarden"])).status_code == 201
    seats_changed_unseen(EID, "maatjes", -1)
    assert _switch(client, person(3)["email"], "ronde-1", "maatjes").status_code == 200
    assert _choice(person(2)["email"]) == {"maatjes": "confirmed"}
    assert _choice(person(3)["email"]) == {"maatjes": "waitlisted"}


def test_somebody_on_the_events_waiting_list_switches_and_their_choice_waits_with_them(client, admin_token):
    from chalicelib import programme, store
    _one_seat_event(client, admin_token, capacity=1)
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    assert json.loads(signup(client, EID, **person(2, sessions=["randvoorwaarden"])).body)["status"] == "waitlisted"
    answer = _switch(client, person(2)["email"], "ronde-1", "bouw")
    assert answer.status_code == 200
    assert _choice(person(2)["email"]) == {"bouw": "waitlisted"}
    event = store.events.get_event(EID, consistent=True)
    assert (programme.find(event, "bouw").taken, programme.find(event, "bouw").waiting) == (0, 0)
    assert (programme.find(event, "maatjes").taken, programme.find(event, "maatjes").waiting) == (1, 0)


def test_a_cancelled_registration_cannot_switch(client, admin_token):
    from chalicelib import tokens
    from conftest import registration_id
    _one_seat_event(client, admin_token)
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    token = tokens.sign(EID, registration_id(EID, person(1)["email"]))
    assert client.http.post(f"/registrations/{token}/cancel", body="",
                            headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code == 200
    from urllib.parse import urlencode
    answer = client.http.post(f"/registrations/{token}/sessions", body=urlencode({"round": "ronde-1",
                                                                                 "session_ronde-1": "bouw"}),
                              headers={"Content-Type": "application/x-www-form-urlencoded",
                                       "Accept": "application/json"})
    assert answer.status_code == 400


def test_no_seat_moves_up_in_a_cancelled_event(client, admin_token):
    from chalicelib import choices, signups, store
    from datetime import datetime, timezone
    _one_seat_event(client, admin_token)
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    assert signup(client, EID, **person(2, sessions=["maatjes"])).status_code == 201
    seats_changed_unseen(EID, "maatjes", -1)
    from chalicelib import aws       # the organiser cancelled the event as the seat came free
    aws.dynamodb().update_item(TableName=aws.table_name(), Key=store.events.event_key(EID),
                               UpdateExpression="SET cancelled_at = :at",
                               ExpressionAttributeValues={":at": {"S": "2026-12-01T10:00:00.000+00:00"}})
    signups.forget_event(EID)
    assert choices.fill(EID, ["maatjes"], datetime.now(timezone.utc)) == 0
    assert _choice(person(2)["email"]) == {"maatjes": "waitlisted"}


def test_a_seat_goes_to_the_person_waiting_for_that_session_though_they_wait_for_another_too(client, admin_token):
    rounds = _rounds()
    rounds[0]["sessions"][0].update(capacity=1, waitlist_enabled=True)      # maatjes, round 1
    rounds[1]["sessions"][0].update(capacity=1, waitlist_enabled=True)      # samenspel, round 2
    make_event(client, admin_token, programme={"rounds": rounds}, changes_close_at="2099-01-01T12:00:00")
    assert signup(client, EID, **person(1, sessions=["maatjes", "samenspel"])).status_code == 201
    assert signup(client, EID, **person(2, sessions=["maatjes", "samenspel"])).status_code == 201
    assert _switch(client, person(1)["email"], "ronde-2", "").status_code == 200
    assert _choice(person(2)["email"]) == {"maatjes": "waitlisted", "samenspel": "confirmed"}


def test_a_first_choice_in_a_round_without_one(client, admin_token):
    _one_seat_event(client, admin_token)
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    answer = _switch(client, person(1)["email"], "ronde-2", "samenspel")
    assert answer.status_code == 200
    assert _choice(person(1)["email"]) == {"maatjes": "confirmed", "samenspel": "confirmed"}


def test_who_gave_up_their_only_session_can_choose_one_again(client, admin_token):
    """Giving up the only session leaves an empty list of choices, not none: choosing again was
    refused as "busy, try again in a few seconds" (503) for good."""
    _one_seat_event(client, admin_token)
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    assert _switch(client, person(1)["email"], "ronde-1", "").status_code == 200
    assert _choice(person(1)["email"]) == {}
    answer = _switch(client, person(1)["email"], "ronde-1", "randvoorwaarden")
    assert answer.status_code == 200, answer.body
    assert _choice(person(1)["email"]) == {"randvoorwaarden": "confirmed"}


# ---------------------------------------------------------------- a switch that collides with another change

def _collide_once(monkeypatch, before_first):
    """store.sessions.switch as another request changes the registration just before it writes:
    ``before_first`` runs once, before the first write; later writes (its own included) go through."""
    from chalicelib import store
    real, calls = store.sessions.switch, []

    def colliding(*args, **kwargs):
        if not calls:
            calls.append(1)
            before_first()
        return real(*args, **kwargs)
    monkeypatch.setattr(store.sessions, "switch", colliding)
    monkeypatch.setattr(store.writes, "sleep", lambda seconds: None)


def test_a_switch_that_collides_with_the_same_persons_other_tab_is_made_on_what_that_tab_left(client, admin_token,
                                                                                           monkeypatch):
    """In another tab the attendee gave up maatjes just before this switch to randvoorwaarden wrote:
    the switch is tried again on the registration as it is now, so they hold randvoorwaarden, and
    the seat they gave up went to the first person waiting."""
    from datetime import datetime, timezone

    from chalicelib import choices, signups, store
    from conftest import registration_id
    _one_seat_event(client, admin_token)
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    assert signup(client, EID, **person(2, sessions=["maatjes"])).status_code == 201
    rid = registration_id(EID, person(1)["email"])

    def other_tab():
        choices.switch(signups.get_event(EID), store.roster.get_registration(EID, rid), "ronde-1", "",
                       datetime.now(timezone.utc))
    _collide_once(monkeypatch, other_tab)
    answer = _switch(client, person(1)["email"], "ronde-1", "randvoorwaarden")
    assert answer.status_code == 200
    assert _choice(person(1)["email"]) == {"randvoorwaarden": "confirmed"}
    assert _choice(person(2)["email"]) == {"maatjes": "confirmed"}


def test_a_switch_whose_registration_is_deleted_meanwhile_is_refused_not_an_error(client, admin_token, monkeypatch):
    """The registration's item deleted (its event removed) as the switch wrote: the switch is refused
    (400) like any switch of a registration that no longer counts."""
    from chalicelib import aws, store
    from conftest import registration_id
    _one_seat_event(client, admin_token)
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    rid = registration_id(EID, person(1)["email"])
    _collide_once(monkeypatch, lambda: aws.dynamodb().delete_item(TableName=aws.table_name(),
                                                                  Key=store.roster.reg_key(EID, rid)))
    assert _switch(client, person(1)["email"], "ronde-1", "randvoorwaarden").status_code == 400
