"""The seats of a session as the programme's counters keep them (chalicelib/store/sessions.py), at
the moments where two people meet: a signup made from the event as this server cached it a moment
ago, a seat that goes while a waiting list moves up, a person on the event's waiting list who
moves up with their choices, an attendee who changes their mind in two tabs. What people notice:
who has the seat, whether a session holds more people than it has seats, and whether the change
reaches their calendar and the organiser's export."""
import json
import re
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

from conftest import (DEMO_EVENT, DEMO_PROGRAMME, bearer, make_event, person, registration_id,
                      seats_changed_unseen, signup)

EID = DEMO_EVENT["id"]


def _event(client, token, seats=1, **overrides):
    """The demo event whose session ``maatjes`` has ``seats`` seats and a waiting list, and
    ``bouw`` one seat and none; choices may change until 2099."""
    rounds = json.loads(json.dumps(DEMO_PROGRAMME["programme"]["rounds"]))
    rounds[0]["sessions"][0].update(capacity=seats, waitlist_enabled=True)
    rounds[0]["sessions"][2].update(capacity=1)
    return make_event(client, token, programme={"rounds": rounds}, changes_close_at="2099-01-01T12:00:00", **overrides)


def _sign(client, n, **extra) -> dict:
    response = signup(client, EID, **person(n, **extra))
    assert response.status_code == 201, response.body
    return json.loads(response.body)


def _reg(n):
    from chalicelib import store
    return store.roster.get_registration(EID, registration_id(EID, person(n)["email"]))


def _choice(n) -> dict:
    """What the attendee's page shows: session -> "confirmed" (a seat) or "waitlisted"."""
    return {c["id"]: c["status"] for c in _reg(n).extra.get("sessions") or []}


def _counts(session_id) -> tuple:
    """(seats taken, people waiting) of a session, as the organiser's programme overview counts them."""
    from chalicelib import programme, signups
    session = programme.find(signups.get_event(EID), session_id)
    return session.taken, session.waiting


def _cancel(n):
    from chalicelib import signups
    signups.cancel(_reg(n))


def _as_cached_now():
    """The event as this server reads it now; ``serve`` makes the next signup start from that copy
    (a Lambda's event cache is a few seconds old), whatever happened since."""
    from chalicelib import signups
    seen = signups.get_event(EID)
    return lambda: signups._cache.__setitem__(EID, (time.monotonic() + 60, seen))


# ---------------------------------------------------------------- a signup from a view a moment old

def test_a_signup_that_saw_the_last_seat_free_gets_the_waiting_list_when_it_went_meanwhile(client, admin_token):
    _event(client, admin_token)
    serve_stale = _as_cached_now()                  # maatjes: 1 seat, free
    assert _sign(client, 1, sessions=["maatjes"])["sessions"] == [{"id": "maatjes", "status": "confirmed"}]
    serve_stale()
    assert _sign(client, 2, sessions=["maatjes"])["sessions"] == [{"id": "maatjes", "status": "waitlisted"}]
    assert _counts("maatjes") == (1, 1)             # one seat, one person in it


def test_a_signup_that_saw_a_free_seat_does_not_pass_the_person_already_waiting_for_it(client, admin_token):
    _event(client, admin_token)
    serve_stale = _as_cached_now()                  # maatjes free, nobody waiting
    _sign(client, 1, sessions=["maatjes"])
    assert _sign(client, 2, sessions=["maatjes"])["sessions"] == [{"id": "maatjes", "status": "waitlisted"}]
    seats_changed_unseen(EID, "maatjes", -1)
    serve_stale()
    assert _sign(client, 3, sessions=["maatjes"])["sessions"] == [{"id": "maatjes", "status": "waitlisted"}]
    assert _choice(2) == {"maatjes": "confirmed"}   # first come, first served
    assert _choice(3) == {"maatjes": "waitlisted"}


def test_a_seat_freed_after_the_waiting_list_emptied_goes_to_the_next_newcomer_at_once(client, admin_token):
    _event(client, admin_token, seats=2)
    _sign(client, 1, sessions=["maatjes"])
    _sign(client, 2, sessions=["maatjes"])
    _sign(client, 3, sessions=["maatjes"])          # waits, and moves up when 1 cancels
    _cancel(1)
    assert _choice(3) == {"maatjes": "confirmed"}
    _cancel(2)
    assert _sign(client, 4, sessions=["maatjes"])["sessions"] == [{"id": "maatjes", "status": "confirmed"}]


def test_somebody_who_stops_waiting_leaves_no_place_behind_on_the_waiting_list(client, admin_token):
    _event(client, admin_token)
    _sign(client, 1, sessions=["maatjes"])
    _sign(client, 2, sessions=["maatjes"])          # waits
    _cancel(2)
    assert _counts("maatjes") == (1, 0)
    _cancel(1)
    assert _counts("maatjes") == (0, 0)
    assert _sign(client, 3, sessions=["maatjes"])["sessions"] == [{"id": "maatjes", "status": "confirmed"}]


# ---------------------------------------------------------------- moving up from the event's waiting list

def test_moving_up_from_the_events_waiting_list_brings_a_seat_in_the_session_chosen(client, admin_token):
    _event(client, admin_token, capacity=1)
    _sign(client, 1, sessions=["randvoorwaarden"])
    assert _sign(client, 2, sessions=["maatjes"])["status"] == "waitlisted"     # the event is full
    assert _counts("maatjes") == (0, 0)             # a choice made on the waiting list holds nothing yet
    _cancel(1)
    assert _reg(2).status == "confirmed"
    assert _choice(2) == {"maatjes": "confirmed"}
    assert _counts("maatjes") == (1, 0)
    assert _counts("randvoorwaarden") == (0, 0)


def test_moving_up_into_a_session_with_people_seated_counts_one_more(client, admin_token):
    _event(client, admin_token, capacity=2, seats=3)
    _sign(client, 1, sessions=["maatjes"])
    _sign(client, 2, sessions=["randvoorwaarden"])
    assert _sign(client, 3, sessions=["maatjes"])["status"] == "waitlisted"
    _cancel(2)
    assert _choice(3) == {"maatjes": "confirmed"}
    assert _counts("maatjes") == (2, 0)
    assert _sign(client, 4, sessions=["maatjes"])["status"] == "waitlisted"     # the event is full again


def test_moving_up_online_takes_an_online_place(client, admin_token):
    """A hybrid event: 1 place on site, 1 online. Whoever moves up online holds the online place,
    so the next person who wants to join online hears it is full."""
    _event(client, admin_token, capacity=1, online={"capacity": 1, "join_url": "https://meet.example/kring"})
    _sign(client, 1, attendance="onsite")
    _sign(client, 2, attendance="online")
    assert _sign(client, 3, attendance="online")["status"] == "waitlisted"
    _cancel(2)
    assert _reg(3).status == "confirmed"
    _cancel(1)                                      # a seat on site is free, the online place is not
    refused = signup(client, EID, **person(4, attendance="online"))
    assert refused.status_code == 409
    assert json.loads(refused.body)["fields"] == {"attendance": "Hier is geen plek meer. Kies de andere mogelijkheid."}
    assert _sign(client, 5, attendance="onsite")["status"] == "confirmed"
    _cancel(3)                                      # the online place is free again
    assert _sign(client, 4, attendance="online")["status"] == "confirmed"


def test_moving_up_into_the_place_of_somebody_who_waited_for_the_same_session(client, admin_token):
    """Person 2 holds an event seat and waits for maatjes; person 3 waits for the event and chose
    maatjes too. When 2 cancels, 3 takes the event seat and 2's place in maatjes' waiting list."""
    _event(client, admin_token, capacity=2)
    _sign(client, 1, sessions=["maatjes"])
    assert _sign(client, 2, sessions=["maatjes"])["sessions"] == [{"id": "maatjes", "status": "waitlisted"}]
    assert _sign(client, 3, sessions=["maatjes"])["status"] == "waitlisted"
    _cancel(2)
    assert _choice(3) == {"maatjes": "waitlisted"}
    assert _counts("maatjes") == (1, 1)
    _cancel(1)
    assert _choice(3) == {"maatjes": "confirmed"}
    assert _counts("maatjes") == (1, 0)


# ---------------------------------------------------------------- a session's waiting list moving up

def _take_a_seat_while_the_list_moves_up(monkeypatch):
    """The next time a session's waiting list moves up, another writer takes a seat of the session
    between the read of the seats and the move (once)."""
    from chalicelib import choices
    first_waiting = choices._first_waiting

    def meanwhile(event_id, sid):
        monkeypatch.setattr(choices, "_first_waiting", first_waiting)
        seats_changed_unseen(event_id, sid, +1)     # another writer takes a seat
        return first_waiting(event_id, sid)
    monkeypatch.setattr(choices, "_first_waiting", meanwhile)


def test_a_seat_taken_while_the_waiting_list_moves_up_is_not_given_twice(client, admin_token, monkeypatch):
    _event(client, admin_token)
    _sign(client, 1, sessions=["maatjes"])
    _sign(client, 2, sessions=["maatjes"])          # waits
    _take_a_seat_while_the_list_moves_up(monkeypatch)
    _cancel(1)
    assert _choice(2) == {"maatjes": "waitlisted"}  # the freed seat went to the other writer
    assert _counts("maatjes") == (1, 1)


def test_a_seat_taken_while_the_waiting_list_moves_up_in_a_session_half_full(client, admin_token, monkeypatch):
    _event(client, admin_token, seats=2)
    for n in (1, 2, 3):
        _sign(client, n, sessions=["maatjes"])      # 3 waits
    _take_a_seat_while_the_list_moves_up(monkeypatch)
    _cancel(1)
    assert _choice(3) == {"maatjes": "waitlisted"}
    assert _counts("maatjes") == (2, 1)


def test_on_a_double_opt_in_event_a_person_yet_to_confirm_moves_up_in_a_session_too(client, admin_token):
    """Somebody who has not clicked the confirmation link yet holds the event's seat, and waits for
    a session's seat like anybody holding one."""
    _event(client, admin_token, double_opt_in=True)
    assert _sign(client, 1, sessions=["maatjes"])["status"] == "pending"
    _sign(client, 2, sessions=["maatjes"])
    assert _choice(2) == {"maatjes": "waitlisted"}
    _cancel(1)
    assert _choice(2) == {"maatjes": "confirmed"}


# ---------------------------------------------------------------- an attendee changing their choice

def _switch(client, n, round_id, session_id):
    from chalicelib import tokens
    token = tokens.sign(EID, _reg(n).id)
    return client.http.post(f"/registrations/{token}/sessions",
                            body=urlencode({"round": round_id, "session_" + round_id: session_id}),
                            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})


def test_switching_into_a_session_takes_its_seat(client, admin_token):
    _event(client, admin_token)
    _sign(client, 1, sessions=["maatjes"])
    assert _switch(client, 1, "ronde-1", "bouw").status_code == 200
    assert _choice(1) == {"bouw": "confirmed"}
    assert _counts("bouw") == (1, 0)
    refused = signup(client, EID, **person(2, sessions=["bouw"]))     # bouw: one seat, no waiting list
    assert refused.status_code == 409
    assert json.loads(refused.body)["error"] == "session_full"


def test_somebody_who_chose_no_session_at_all_can_choose_one_later(client, admin_token):
    _event(client, admin_token)
    _sign(client, 1)
    assert _switch(client, 1, "ronde-1", "maatjes").status_code == 200
    assert _choice(1) == {"maatjes": "confirmed"}


def test_a_session_without_a_limit_counts_everybody_in_it(client, admin_token):
    rounds = json.loads(json.dumps(DEMO_PROGRAMME["programme"]["rounds"]))
    del rounds[1]["sessions"][0]["capacity"]        # samenspel: as many as come
    make_event(client, admin_token, programme={"rounds": rounds})
    for n in (1, 2, 3):
        assert _sign(client, n, sessions=["samenspel"])["sessions"] == [{"id": "samenspel", "status": "confirmed"}]
    assert _counts("samenspel") == (3, 0)


def test_somebody_who_signed_up_before_there_was_a_programme_can_choose_a_session(client, admin_token):
    """The organiser adds the workshops after the first people signed up."""
    make_event(client, admin_token, changes_close_at="2099-01-01T12:00:00")
    _sign(client, 1)
    _event(client, admin_token)
    assert _switch(client, 1, "ronde-1", "maatjes").status_code == 200
    assert _choice(1) == {"maatjes": "confirmed"}


def test_a_person_yet_to_confirm_can_change_their_session(client, admin_token):
    _event(client, admin_token, double_opt_in=True)
    _sign(client, 1, sessions=["maatjes"])
    assert _switch(client, 1, "ronde-1", "randvoorwaarden").status_code == 200
    assert _choice(1) == {"randvoorwaarden": "confirmed"}


def _choose_in_two_tabs(round_id, first, second):
    """Person 1 picks ``first`` in one tab, then ``second`` in another tab opened before it."""
    from chalicelib import choices, signups
    event, seen = signups.get_event(EID), _reg(1)
    now = datetime.now(timezone.utc)
    choices.switch(event, seen, round_id, first, now)
    choices.switch(event, seen, round_id, second, now)


def test_two_tabs_choosing_a_first_session_leave_one_choice_in_the_round(client, admin_token):
    _event(client, admin_token)
    _sign(client, 1)
    _choose_in_two_tabs("ronde-1", "maatjes", "randvoorwaarden")
    assert _choice(1) == {"randvoorwaarden": "confirmed"}
    assert _counts("maatjes") == (0, 0)


def test_two_tabs_choosing_in_a_second_round_leave_one_choice_there(client, admin_token):
    _event(client, admin_token)
    _sign(client, 1, sessions=["maatjes"])
    _choose_in_two_tabs("ronde-2", "samenspel", "ongemak")
    assert _choice(1) == {"maatjes": "confirmed", "ongemak": "confirmed"}
    assert _counts("samenspel") == (0, 0)


def test_a_changed_choice_reaches_the_calendar_and_the_organisers_export_of_changes(client, admin_token, export_token):
    from chalicelib import choices, signups, tokens
    _event(client, admin_token)
    _sign(client, 1, sessions=["maatjes"])
    token = tokens.sign(EID, _reg(1).id)

    def sequence():
        return int(re.search(r"SEQUENCE:(\d+)", client.http.get(f"/registrations/{token}/calendar.ics").body.decode())[1])
    before, later = sequence(), datetime.now(timezone.utc) + timedelta(hours=1)
    choices.switch(signups.get_event(EID), _reg(1), "ronde-1", "randvoorwaarden", later)
    assert sequence() == before + 1                 # Outlook takes the invite as the newer one
    since = urlencode({"since": (later - timedelta(minutes=1)).isoformat()})
    changed = client.http.get(f"/events/{EID}/registrations?format=json&{since}", headers=bearer(export_token))
    assert [item["registration_id"] for item in json.loads(changed.body)["items"]] == [_reg(1).id]

    latest = later + timedelta(hours=1)             # then no session in that round at all
    choices.switch(signups.get_event(EID), _reg(1), "ronde-1", "", latest)
    assert sequence() == before + 2
    since = urlencode({"since": (latest - timedelta(minutes=1)).isoformat()})
    changed = client.http.get(f"/events/{EID}/registrations?format=json&{since}", headers=bearer(export_token))
    assert [item["registration_id"] for item in json.loads(changed.body)["items"]] == [_reg(1).id]


# ---------------------------------------------------------------- a hybrid event's waiting list

def test_a_seat_freed_on_site_goes_to_the_first_waiting_to_come_on_site_not_to_one_waiting_online(client, admin_token):
    """1 place on site, 1 online, both taken. Person 3 waits to join online, person 4 after them to
    come on site. The one on site cancels: person 4 gets that seat; person 3 waits on, first in line."""
    _event(client, admin_token, capacity=1, online={"capacity": 1, "join_url": "https://meet.example/kring"})
    _sign(client, 1, attendance="onsite")
    _sign(client, 2, attendance="online")
    assert _sign(client, 3, attendance="online")["status"] == "waitlisted"
    assert _sign(client, 4, attendance="onsite")["status"] == "waitlisted"
    _cancel(1)
    assert (_reg(3).status, _reg(4).status) == ("waitlisted", "confirmed")
    assert _counts("onsite") == (1, 0) and _counts("online") == (1, 0)
    _cancel(2)                                      # now the online place comes free: 3's turn
    assert _reg(3).status == "confirmed"
    assert _counts("online") == (1, 0)


def test_a_raised_capacity_moves_up_the_first_waiting_whose_part_has_room(client, admin_token):
    online = {"capacity": 1, "join_url": "https://meet.example/kring"}
    _event(client, admin_token, capacity=1, online=online)
    _sign(client, 1, attendance="onsite")
    _sign(client, 2, attendance="online")
    _sign(client, 3, attendance="online")           # waits
    _sign(client, 4, attendance="onsite")           # waits
    _event(client, admin_token, capacity=2, online=online)      # one more place on site
    assert (_reg(3).status, _reg(4).status) == ("waitlisted", "confirmed")


ONLINE_ONE = {"capacity": 1, "join_url": "https://meet.example/kring"}


def _hybrid_full_with_one_waiting_online(client, admin_token):
    """1 place on site (person 1) and 1 online (person 2), both taken; person 3 waits to join online."""
    _event(client, admin_token, capacity=1, online=ONLINE_ONE)
    _sign(client, 1, attendance="onsite")
    _sign(client, 2, attendance="online")
    assert _sign(client, 3, attendance="online")["status"] == "waitlisted"


def test_a_seat_freed_on_site_while_only_people_for_online_wait_stays_for_the_next_to_come_on_site(client, admin_token):
    _hybrid_full_with_one_waiting_online(client, admin_token)
    _cancel(1)
    assert _reg(3).status == "waitlisted"           # the online part is still full
    assert _counts("online") == (1, 0) and _counts("onsite") == (0, 0)
    assert _sign(client, 4, attendance="onsite")["status"] == "confirmed"
    assert _reg(3).status == "waitlisted"
    _cancel(2)                                      # now the online place comes free: 3's turn
    assert _reg(3).status == "confirmed"
    assert _counts("online") == (1, 0) and _counts("onsite") == (1, 0)


def test_a_raised_capacity_on_site_moves_nobody_up_who_waits_to_join_online(client, admin_token):
    _hybrid_full_with_one_waiting_online(client, admin_token)
    _event(client, admin_token, capacity=2, online=ONLINE_ONE)
    assert _reg(3).status == "waitlisted"
    assert _counts("online") == (1, 0)
    assert _sign(client, 4, attendance="onsite")["status"] == "confirmed"


def test_somebody_who_joins_to_come_on_site_while_that_seat_is_freed_gets_it(client, admin_token, monkeypatch):
    """Person 4 joins the waiting list to come on site between the moment the leaver's seat is found
    to suit nobody waiting and the moment it is freed: the seat goes to person 4, not to nobody."""
    from chalicelib import signups
    _hybrid_full_with_one_waiting_online(client, admin_token)
    next_in_line = signups._next_in_line

    def meanwhile(event, leaving=None):
        monkeypatch.setattr(signups, "_next_in_line", next_in_line)
        found = next_in_line(event, leaving)
        assert _sign(client, 4, attendance="onsite")["status"] == "waitlisted"     # the seat is not free yet
        return found
    monkeypatch.setattr(signups, "_next_in_line", meanwhile)
    _cancel(1)
    assert (_reg(3).status, _reg(4).status) == ("waitlisted", "confirmed")
    assert _counts("onsite") == (1, 0) and _counts("online") == (1, 0)



def test_on_a_hybrid_event_counted_on_seat_pools_a_seat_freed_on_site_stays_for_the_next_to_come_on_site(
        client, admin_token, monkeypatch):
    """The same on seat pools (store.pools: a large event's seats; here one pool a seat)."""
    from chalicelib import signups, store
    from conftest import run_email_worker
    monkeypatch.setattr(store.pools, "SEATS_PER_POOL", 1)
    _hybrid_full_with_one_waiting_online(client, admin_token)
    assert len(signups.get_event(EID).pools) == 2
    _cancel(1)
    assert _reg(3).status == "waitlisted"
    assert _counts("online") == (1, 0) and _counts("onsite") == (0, 0)
    assert _sign(client, 4, attendance="onsite")["status"] == "confirmed"
    run_email_worker(client)
    assert _subjects_to(4) == ["Aangemeld"]         # the seat at once, beside the pools' mark
    _cancel(2)
    assert _reg(3).status == "confirmed"
    assert _counts("online") == (1, 0) and _counts("onsite") == (1, 0)


def test_while_a_seat_on_site_is_free_for_the_next_to_come_the_form_does_not_say_the_meeting_is_full(client, admin_token):
    """What a visitor reads before signing up, once the seat on site is free and only people for
    online wait: the meeting has a place (on site), the online part a waiting list."""
    _hybrid_full_with_one_waiting_online(client, admin_token)
    _cancel(1)
    view = json.loads(client.http.get(f"/events/{EID}").body)
    assert view["availability"] in ("open", "few_left")
    assert view["online"]["onsite"]["availability"] in ("open", "few_left")
    assert view["online"]["online"]["availability"] == "waitlist"
    form = client.http.get(f"/events/{EID}/form").body.decode()
    assert "De bijeenkomst is vol" not in form


def _subjects_to(n) -> list:
    """The subjects of the mails person ``n`` got, once the mail worker ran."""
    from email import message_from_bytes, policy
    from moto.ses.models import ses_backends
    mails = [message_from_bytes(m.raw_data.encode() if isinstance(m.raw_data, str) else m.raw_data, policy=policy.default)
             for m in ses_backends["123456789012"]["eu-west-1"].sent_messages]
    return [m["Subject"].split(":")[0] for m in mails if person(n)["email"] in m["To"]]


def test_the_next_to_come_on_site_gets_the_free_seat_at_once_and_no_waiting_list_mail(client, admin_token):
    from conftest import run_email_worker
    _hybrid_full_with_one_waiting_online(client, admin_token)
    _cancel(1)
    assert _sign(client, 4, attendance="onsite")["status"] == "confirmed"
    run_email_worker(client)
    assert _subjects_to(4) == ["Aangemeld"]
    assert _subjects_to(3) == ["Wachtlijst"]        # still waiting to join online, told nothing new


def test_a_filled_honeypot_beside_the_online_waiting_list_answers_as_a_newcomer_on_site_would(client, admin_token):
    _hybrid_full_with_one_waiting_online(client, admin_token)
    _cancel(1)
    caught = _sign(client, 5, attendance="onsite", _gotcha="https://spam.example")
    assert caught["status"] == _sign(client, 4, attendance="onsite")["status"] == "confirmed"
    from chalicelib import store
    assert person(5)["email"] not in [r.email for r in store.roster.registrations(EID)]


def test_a_meeting_full_because_the_online_part_was_cut_below_its_people_is_not_shown_open(client, admin_token):
    """2 places on site (1 taken), 2 online (both taken); the organiser cuts online to 1. The meeting
    now holds all it may (3 of 3) though a seat on site looks free: nobody new gets a seat."""
    _event(client, admin_token, capacity=2, online={"capacity": 2, "join_url": "https://meet.example/kring"})
    _sign(client, 1, attendance="onsite")
    _sign(client, 2, attendance="online")
    _sign(client, 3, attendance="online")
    _event(client, admin_token, capacity=2, online=ONLINE_ONE)
    view = json.loads(client.http.get(f"/events/{EID}").body)
    assert view["availability"] == "waitlist"
    assert _sign(client, 4, attendance="onsite")["status"] == "waitlisted"
