"""Issue 25 items 2 and 3 (API.md, version 3, "Every answer alike"): a honeypot signup, a repeat
and a newcomer get the same answer at every moment, and the per-event limit cannot tell them apart.
"""
import json

import pytest

from conftest import DEMO_EVENT, make_event, person, signup
from test_enumeration import answer, limit

EID = DEMO_EVENT["id"]


def caught(client, n, **fields):
    """A bot's signup: the honeypot field filled."""
    return signup(client, EID, **person(n, _gotcha="http://spam.example", **fields))


@pytest.mark.parametrize("form", [False, True])
@pytest.mark.parametrize("event, taken, status", [
    (dict(capacity=1, waitlist_enabled=True), 1, "waitlisted"),
    (dict(capacity=1, waitlist_enabled=False), 1, None),          # 409 event_full
    (dict(capacity=2, double_opt_in=True), 0, "pending"),
    (dict(capacity=2), 0, "confirmed"),
])
def test_a_honeypot_is_answered_as_a_newcomer_is_now(client, admin_token, event, taken, status, form):
    make_event(client, admin_token, **event)
    for n in range(taken):
        assert signup(client, EID, **person(100 + n)).status_code == 201
    how = dict(form=True, accept_json=False, consent="on") if form else {}
    bot, newcomer = caught(client, 1, **how), signup(client, EID, **person(2, **how))
    assert answer(bot) == answer(newcomer)
    if status and not form:
        assert json.loads(bot.body) == {"event_id": EID, "status": status}
    if status is None:
        assert bot.status_code == 409


def test_a_closed_event_refuses_a_honeypot_as_it_refuses_a_newcomer(client, admin_token):
    make_event(client, admin_token, registration_open=False)
    bot, newcomer = caught(client, 1), signup(client, EID, **person(2))
    assert answer(bot) == answer(newcomer)
    assert json.loads(bot.body)["error"] == "registration_closed"


def test_a_honeypot_reads_the_seats_a_newcomer_would_meet(client, admin_token, env):
    """With the event cached (as deployed), the last seat taken a moment ago: a newcomer's signup
    transaction finds the event full and queues, so the honeypot must say so too."""
    make_event(client, admin_token, capacity=1, waitlist_enabled=True)
    limit(env, EVENT_CACHE_SECONDS=60)
    assert json.loads(signup(client, EID, **person(1)).body)["status"] == "confirmed"     # caches a free seat
    bot = caught(client, 2)
    newcomer = signup(client, EID, **person(3))
    assert json.loads(newcomer.body) == {"event_id": EID, "status": "waitlisted"}
    assert answer(bot) == answer(newcomer)


def test_a_honeypot_stores_nothing(client, admin_token):
    from chalicelib import store
    make_event(client, admin_token, capacity=1, waitlist_enabled=True)
    caught(client, 1)
    assert list(store.registrations(EID, consistent=True)) == []
