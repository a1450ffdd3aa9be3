"""API.md v2: a signup answer never tells whether an address was registered; every attempt counts.

New and repeated signups are compared side by side: status, body, headers, redirect, page,
and the AWS calls (and time) the request takes. The limits that stop mail bombing: per
client (IPv6 by /64), per mailbox across events (plus-addressing folded), per event.
"""
import json
import statistics
import time

import pytest

from conftest import DEMO_EVENT, make_event, person, signup

EID = DEMO_EVENT["id"]
OTHER = "tweede-bijeenkomst-2026-12-10"
REDIRECT = "https://www.duurzaamdoor.example/bedankt"
VARYING = {"x-amzn-requestid", "date"}     # differ between any two answers


def answer(response):
    headers = {k.lower(): v for k, v in response.headers.items() if k.lower() not in VARYING}
    return response.status_code, headers, response.body


def limit(env, **settings):
    """Set limits, and stop the clock the signup handler reads at the start of a minute, so a
    slow machine does not cross into the next window mid-test."""
    from datetime import datetime, timezone
    from chalicelib import config
    from chalicelib.blueprints import public
    for name, value in settings.items():
        env.setenv(name, str(value))
    config.settings.cache_clear()
    minute = datetime.now(timezone.utc).replace(second=1, microsecond=0)
    env.setattr(public, "now", lambda: minute)


@pytest.mark.parametrize("how", [
    dict(),
    dict(form=True, accept_json=False),
    dict(form=True, accept_json=False, _redirect=REDIRECT),
    dict(form=True, accept_json=True),
])
@pytest.mark.parametrize("opt_in", [False, True])
def test_a_repeat_is_answered_exactly_like_a_new_address(client, admin_token, how, opt_in):
    make_event(client, admin_token, double_opt_in=opt_in)
    fields = {**how, "consent": "on" if how.get("form") else True}
    signup(client, EID, **person(1, **fields))
    new = signup(client, EID, **person(2, **fields))
    repeat = signup(client, EID, **person(1, **fields, email="  DEELNEMER1@gemeente.example"))
    assert answer(repeat) == answer(new)
    assert new.status_code in (201, 200, 303)
    if how.get("_redirect"):
        assert new.headers["Location"] == REDIRECT + "?status=" + ("pending" if opt_in else "confirmed")


def test_the_repeat_gets_what_a_newcomer_gets_now(client, admin_token):
    make_event(client, admin_token, capacity=1)
    seated = signup(client, EID, **person(1))
    assert json.loads(seated.body) == {"event_id": EID, "status": "confirmed"}
    # the seat is gone: a newcomer would wait, so the seated address is told the same
    assert json.loads(signup(client, EID, **person(1)).body) == {"event_id": EID, "status": "waitlisted"}
    assert json.loads(signup(client, EID, **person(2)).body) == {"event_id": EID, "status": "waitlisted"}


def test_on_a_full_event_without_waiting_list_both_are_refused(client, admin_token):
    make_event(client, admin_token, capacity=1, waitlist_enabled=False)
    signup(client, EID, **person(1))
    assert answer(signup(client, EID, **person(1))) == answer(signup(client, EID, **person(2)))


@pytest.mark.parametrize("last", ["new", "repeat", "invalid", "honeypot", "unreadable", "unknown_event"])
def test_every_attempt_counts_towards_the_client_limit(client, demo_event, env, last):
    limit(env, RATE_LIMIT_PER_MINUTE=4)
    attempts = {
        "new": lambda: signup(client, EID, **person(9)),
        "repeat": lambda: signup(client, EID, **person(1)),
        "invalid": lambda: signup(client, EID, **person(3, email="nope")),
        "honeypot": lambda: signup(client, EID, **person(4, _gotcha="x")),
        "unreadable": lambda: client.http.post(f"/events/{EID}/signups", body="{",
                                               headers={"Content-Type": "application/json"}),
        "unknown_event": lambda: signup(client, "no-such-event", **person(5)),
    }
    assert signup(client, EID, **person(1)).status_code == 201
    assert [attempts[kind]().status_code for kind in ("repeat", "invalid", "honeypot")] == [201, 400, 201]
    refused = attempts[last]()
    assert refused.status_code == 429 and json.loads(refused.body)["error"] == "rate_limited"
    assert 0 < int(refused.headers["Retry-After"]) <= 60


def test_a_burst_of_repeats_of_one_address_is_refused(client, demo_event, env):
    limit(env, MAILBOX_LIMIT_PER_HOUR=3)
    codes = [signup(client, EID, **person(1)).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]


def test_the_mailbox_limit_spans_events_and_folds_plus_addressing(client, admin_token, env):
    limit(env, MAILBOX_LIMIT_PER_HOUR=2)
    make_event(client, admin_token)
    make_event(client, admin_token, id=OTHER)
    victim = "slachtoffer+{}@gemeente.example"
    assert signup(client, EID, **person(1, email=victim.format(1))).status_code == 201
    assert signup(client, OTHER, **person(1, email=victim.format(2))).status_code == 201
    refused = signup(client, EID, **person(1, email=victim.format(3)))
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 3600
    assert signup(client, EID, **person(1, email="iemand-anders@gemeente.example")).status_code == 201


def test_plus_addresses_stay_distinct_registrations(client, demo_event):
    from chalicelib import store
    for n in (1, 2):
        assert signup(client, EID, **person(n, email=f"tessa+{n}@gemeente.example")).status_code == 201
    assert sorted(r.email for r in store.roster.registrations(EID, consistent=True)) == [
        "tessa+1@gemeente.example", "tessa+2@gemeente.example"]


def test_the_event_velocity_limit_refuses_new_and_repeated_alike(client, demo_event, env):
    limit(env, EVENT_LIMIT_PER_MINUTE=2)
    assert [signup(client, EID, **person(n)).status_code for n in (1, 2)] == [201, 201]
    new, repeat = signup(client, EID, **person(3)), signup(client, EID, **person(1))
    assert new.status_code == 429 and answer(repeat) == answer(new)


@pytest.mark.parametrize("ip, key", [
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"), ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
    ("2001:db8:1:3::1", "2001:db8:1:3::/64"), ("192.0.2.7", "192.0.2.7"), ("::ffff:192.0.2.7", "192.0.2.7"),
    ("not an address", "not an address")])
def test_ipv6_clients_are_keyed_by_their_64(ip, key):
    from chalicelib import limits
    assert limits.client_key(ip) == key


def test_one_64_shares_one_limit(table, env):
    from datetime import datetime, timezone
    from chalicelib import limits
    from chalicelib.errors import RateLimited
    limit(env, RATE_LIMIT_PER_MINUTE=2)
    now = datetime.now(timezone.utc)
    limits.count_attempt("2001:db8::1", now)
    limits.count_attempt("2001:db8::2", now)
    with pytest.raises(RateLimited):
        limits.count_attempt("2001:db8::ffff:3", now)
    limits.count_attempt("2001:db8:0:1::1", now)      # the next /64 has its own


def test_the_limit_counters_hold_no_address_or_ip(client, demo_event):
    from chalicelib import aws
    signup(client, EID, **person(1))
    items = aws.dynamodb().scan(TableName="signups-test")["Items"]
    counters = [i for i in items if i["PK"]["S"].startswith("RATE#")]
    assert len(counters) == 3       # client, mailbox, event
    assert not any("deelnemer" in json.dumps(i) or "127.0.0.1" in json.dumps(i) for i in counters)


def test_new_and_repeat_take_the_same_calls_and_time(client, demo_event, env):
    """Side by side against the emulator: the same AWS calls, and medians of the same order."""
    from chalicelib import aws
    limit(env, EVENT_CACHE_SECONDS=60)
    signup(client, EID, **person(0))     # warms the event cache
    calls = []
    aws.dynamodb().meta.events.register("before-call.dynamodb", lambda model, **kw: calls.append(model.name))
    times = {"new": [], "repeat": []}
    for n in range(1, 16):
        for kind, who in (("new", person(n)), ("repeat", person(0))):
            calls.clear()
            started = time.perf_counter()
            assert signup(client, EID, **who).status_code == 201
            times[kind].append(time.perf_counter() - started)
            assert calls == ["GetItem", "TransactWriteItems", "TransactWriteItems"], kind
    new, repeat = (statistics.median(times[k]) * 1000 for k in ("new", "repeat"))
    print(f"\nmedian signup latency against moto: new {new:.1f} ms, repeat {repeat:.1f} ms")
    assert 1 / 3 < repeat / new < 3


def test_an_attempt_counts_in_the_window_of_its_own_time(table, env):
    from datetime import datetime, timezone
    from chalicelib import signups
    from chalicelib.errors import RateLimited
    limit(env, RATE_LIMIT_PER_MINUTE=1)
    then = datetime(2026, 1, 5, 9, 0, 30, tzinfo=timezone.utc)
    signups.count_attempt("198.51.100.20", then)
    signups.count_attempt("198.51.100.20")      # no time given: now, in a window of its own
    with pytest.raises(RateLimited):
        signups.count_attempt("198.51.100.20", then)
    with pytest.raises(RateLimited):
        signups.count_attempt("198.51.100.20")
