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
    assert list(store.roster.registrations(EID, consistent=True)) == []


# ---------------------------------------------------------------- item 2: the per-event limit

OTHER = "tweede-bijeenkomst-2026-12-10"


def alike(on_eid, on_other) -> bool:
    """Two answers are the same but for the event's id."""
    status, headers, body = answer(on_other)
    return answer(on_eid) == (status, headers, body.replace(OTHER.encode(), EID.encode()))


@pytest.mark.parametrize("probe", ["repeat", "honeypot"])
def test_a_known_address_and_a_new_one_meet_the_event_limit_alike(client, admin_token, env, probe):
    """The review's probe near the limit: sign up the victim's address, then a new one. Had only
    new registrations counted, the next answer would say whether the victim was registered."""
    limit(env, EVENT_LIMIT_PER_MINUTE=2)
    make_event(client, admin_token)
    make_event(client, admin_token, id=OTHER)
    for event_id in (EID, OTHER):
        assert signup(client, event_id, **person(1)).status_code == 201       # the victim, on both
    known = dict(person(1), **({"_gotcha": "x"} if probe == "honeypot" else {}))
    new = dict(person(7), **({"_gotcha": "x"} if probe == "honeypot" else {}))
    assert alike(signup(client, EID, **known), signup(client, OTHER, **new))
    after_known, after_new = signup(client, EID, **person(8)), signup(client, OTHER, **person(8))
    assert after_known.status_code == 429
    assert alike(after_known, after_new)


def test_every_attempt_counts_towards_the_event_limit(client, admin_token, env):
    limit(env, EVENT_LIMIT_PER_MINUTE=3)
    make_event(client, admin_token)
    codes = [signup(client, EID, **person(1)).status_code,      # new
             signup(client, EID, **person(1)).status_code,      # repeated
             caught(client, 2).status_code,                      # honeypot
             signup(client, EID, **person(3)).status_code]      # new, over the limit
    assert codes == [201, 201, 201, 429]


def test_with_every_limit_off_a_honeypot_is_answered_too(client, admin_token, env):
    limit(env, RATE_LIMIT_PER_MINUTE=0, MAILBOX_LIMIT_PER_HOUR=0, EVENT_LIMIT_PER_MINUTE=0)
    make_event(client, admin_token)
    assert answer(caught(client, 1)) == answer(signup(client, EID, **person(2)))
