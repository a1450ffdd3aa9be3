"""The programme's counters (chalicelib/store/sessions.py) where mutmut's mutants showed a gap: the
place a person takes when a raised capacity moves them up on a hybrid event, and a change of
session made from a page that showed a seat that went a moment later."""
from datetime import datetime, timezone

from test_session_seats_edges import EID, ONLINE_ONE, _choice, _counts, _event, _reg, _sign


def test_who_moves_up_on_site_after_a_raised_capacity_holds_one_seat_and_leaves_the_next_one_free(client, admin_token):
    """1 on site and 1 online, both taken; person 3 waits online, person 4 on site. The organiser
    makes room for 3 on site: person 4 moves up into one seat, and person 5 gets the seat after it."""
    _event(client, admin_token, capacity=1, online=ONLINE_ONE)
    _sign(client, 1, attendance="onsite")
    _sign(client, 2, attendance="online")
    assert _sign(client, 3, attendance="online")["status"] == "waitlisted"
    assert _sign(client, 4, attendance="onsite")["status"] == "waitlisted"
    _event(client, admin_token, capacity=3, online=ONLINE_ONE)
    assert (_reg(3).status, _reg(4).status) == ("waitlisted", "confirmed")
    assert _counts("onsite") == (2, 0)
    assert _sign(client, 5, attendance="onsite")["status"] == "confirmed"
    assert _counts("onsite") == (3, 0)


def test_a_change_to_a_session_whose_last_seat_went_a_moment_ago_gets_its_waiting_list(client, admin_token):
    """Person 1's page showed a free seat in maatjes (1 seat); person 2 took it before person 1
    chose it: person 1 waits for it, and maatjes never holds more people than its seats."""
    from chalicelib import choices, signups
    _event(client, admin_token, seats=1)
    _sign(client, 1, sessions=["randvoorwaarden"])
    seen = signups.get_event(EID)                   # maatjes has its seat free here
    assert _sign(client, 2, sessions=["maatjes"])["sessions"] == [{"id": "maatjes", "status": "confirmed"}]
    choices.switch(seen, _reg(1), "ronde-1", "maatjes", datetime.now(timezone.utc))
    assert _choice(1) == {"maatjes": "waitlisted"}
    assert _counts("maatjes") == (1, 1)


def test_people_waiting_for_a_session_whose_limit_the_organiser_lifts_all_get_a_seat(client, admin_token):
    """maatjes had 1 seat and a waiting list; the organiser removes its limit: everybody waiting
    for it moves up."""
    _event(client, admin_token, seats=1)
    for n in (1, 2, 3):
        _sign(client, n, sessions=["maatjes"])
    assert (_choice(2), _choice(3)) == ({"maatjes": "waitlisted"}, {"maatjes": "waitlisted"})
    _event(client, admin_token, seats=None)
    assert [_choice(n) for n in (1, 2, 3)] == [{"maatjes": "confirmed"}] * 3
    assert _counts("maatjes") == (3, 0)
