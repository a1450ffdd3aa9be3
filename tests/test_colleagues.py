"""Colleagues behind one address (issue 25 item 14): a ministry's readers of one newsletter reach the
form from one office address in the same minute, and all get in; a flood from one address does not.

With the service's own limits (not the test environment's), on a clock stopped at the start of a
minute. What tells the two apart is what each attempt sends, never whether an address is
registered: a known and a new address meet the limits alike.
"""

import pytest

from conftest import DEMO_EVENT, person, signup
from test_enumeration import limit

EID = DEMO_EVENT["id"]
OTHER = "tweede-bijeenkomst-2026-12-10"


@pytest.fixture
def own_limits(env):
    """The service's defaults for the per-client, failure and mailbox limits."""
    for name in ("RATE_LIMIT_PER_MINUTE", "FAILURE_LIMIT_PER_MINUTE", "MAILBOX_LIMIT_PER_HOUR"):
        env.delenv(name, raising=False)
    limit(env)
    return env


def statuses(attempts) -> list:
    return [attempt().status_code for attempt in attempts]


def test_sixty_colleagues_from_one_address_in_one_minute_all_sign_up(client, demo_event, own_limits):
    codes = statuses(lambda n=n: signup(client, EID, **person(n, email=f"collega{n}@ministerie.example"))
                     for n in range(60))
    assert codes == [201] * 60


def test_colleagues_who_mistype_still_get_in(client, demo_event, own_limits):
    """Sixty colleagues, one in six mistyping their address first."""
    codes = []
    for n in range(60):
        if n % 6 == 0:
            codes.append(signup(client, EID, **person(n, email=f"collega{n}-ministerie.example")).status_code)
        codes.append(signup(client, EID, **person(n, email=f"collega{n}@ministerie.example")).status_code)
    assert codes.count(400) == 10 and codes.count(201) == 60 and 429 not in codes


@pytest.mark.parametrize("junk, count", [("invalid", 300), ("honeypot", 150), ("unreadable", 40),
                                         ("closed event", 40), ("unknown event", 40)])
def test_a_burst_of_junk_attempts_is_refused_after_a_bounded_number(client, demo_event, own_limits, junk, count):
    attempts = {
        "invalid": lambda n: signup(client, EID, **person(n, email=f"nope{n}")),
        "honeypot": lambda n: signup(client, EID, **person(n, _gotcha="x")),
        "unreadable": lambda n: client.http.post(f"/events/{EID}/signups", body="{",
                                                 headers={"Content-Type": "application/json"}),
        "closed event": lambda n: signup(client, OTHER, **person(n)),
        "unknown event": lambda n: signup(client, "no-such-event", **person(n)),
    }
    if junk == "closed event":
        from datetime import datetime, timezone
        from chalicelib import store
        make_event_closed(store, datetime.now(timezone.utc))
    codes = [attempts[junk](n).status_code for n in range(count)]
    first_refused = codes.index(429)
    bound = 120 if junk == "honeypot" else 20       # a honeypot signup is answered as a newcomer's, limits too
    assert first_refused == bound and set(codes[first_refused:]) == {429}


def make_event_closed(store, now):
    from datetime import timedelta
    from chalicelib import events
    definition = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    definition["registration_closes_at"] = (now - timedelta(days=1)).isoformat()
    store.events.put_event(events.validate(OTHER, definition), now)


def test_the_same_few_mailboxes_again_and_again_are_refused_after_five_each(client, demo_event, own_limits):
    codes = [signup(client, EID, **person(n % 3, email=f"doelwit{n % 3}@ministerie.example")).status_code
             for n in range(300)]
    assert codes[:15] == [201] * 15 and set(codes[15:]) == {429}


def test_failures_do_not_stop_the_colleagues_behind_the_same_address(client, demo_event, own_limits):
    """A script's junk fills the failure limit; a colleague's real signup from that address still counts
    only towards the client's limit, which has room."""
    assert statuses(lambda n=n: signup(client, EID, **person(n, email=f"nope{n}")) for n in range(21))[-1] == 429
    assert signup(client, EID, **person(1, email="collega@ministerie.example")).status_code == 201


def test_a_known_and_a_new_address_meet_the_limits_alike(client, demo_event, own_limits):
    """Six attempts of a registered address and six of a new one, each mailbox counted once before:
    the same answers in the same order, refused at the same place."""
    known, new = person(1, email="bekend@ministerie.example"), person(2, email="nieuw@ministerie.example")
    assert signup(client, EID, **known).status_code == 201      # registered
    assert signup(client, EID, **person(3, email="nieuw+eerder@ministerie.example")).status_code == 201   # same mailbox
    runs = {label: [(r.status_code, r.body) for r in (signup(client, EID, **who) for _ in range(6))]
            for label, who in (("known", known), ("new", new))}
    assert runs["known"] == runs["new"]
    assert [code for code, _ in runs["known"]] == [201] * 4 + [429] * 2
