"""The rate limits as a visitor meets them (chalicelib/limits.py): whose attempts share a counter
(one client, one mailbox, one event) and whose do not, which limit an event's attempts meet, how
long the wait is, and the counters as stored (`RATE#<kind>#<hmac>`, chalicelib/store/__init__.py)."""
from datetime import datetime, timezone

import pytest

from chalicelib import aws, limits
from chalicelib.errors import RateLimited

NOW = datetime(2026, 12, 9, 13, 0, 30, tzinfo=timezone.utc)     # 30 seconds into a minute


def setting(env, **values):
    for name, value in values.items():
        env.setenv(name, str(value))
    from chalicelib import config
    config.settings.cache_clear()


def refused(attempt) -> int:
    """The wait a refused attempt names (RateLimited's retry_after)."""
    with pytest.raises(RateLimited) as limited:
        attempt()
    return limited.value.retry_after


def counters():
    items = aws.dynamodb().scan(TableName="signups-test")["Items"]
    return [i["PK"]["S"] for i in items if i["PK"]["S"].startswith("RATE#")]


# ---------------------------------------------------------------- the event's limit

def test_an_event_at_its_limit_refuses_for_the_rest_of_the_minute_and_another_event_takes_signups(table):
    """The limit is the event's (signups.py sizes it from its seats), not the site's setting of 1,000."""
    for n in range(2):
        limits.count_signup(f"192.0.2.{n}", f"p{n}@example.org", "hot", NOW, event_limit=2)
    assert refused(lambda: limits.count_signup("192.0.2.9", "p9@example.org", "hot", NOW, event_limit=2)) == 30
    limits.count_signup("192.0.2.9", "p9@example.org", "quiet", NOW, event_limit=2)    # its own counter
    limits.count_signup("192.0.2.9", "p9@example.org", "hot", NOW.replace(minute=1, second=0), event_limit=2)


def test_without_an_event_limit_the_setting_counts(table, env):
    setting(env, EVENT_LIMIT_PER_MINUTE=1)
    limits.count_signup("192.0.2.1", "p1@example.org", "hot", NOW)
    assert refused(lambda: limits.count_signup("192.0.2.2", "p2@example.org", "hot", NOW)) == 30


def test_an_event_limit_of_zero_counts_nothing_for_the_event(table):
    limits.count_signup("192.0.2.1", "p1@example.org", "hot", NOW, stamp=False, event_limit=0)
    assert sorted(pk.split("#")[1] for pk in counters()) == ["client", "mailbox"]


def test_two_events_with_a_large_limit_never_share_a_counter(env):
    hot = {limits.event_window("hot", NOW, 1_000).key for _ in range(200)}
    quiet = {limits.event_window("quiet", NOW, 1_000).key for _ in range(200)}
    assert len(hot) == len(quiet) == 10 and not hot & quiet


def test_a_share_of_a_large_limit_ends_with_the_minute(env):
    assert {limits.event_window("hot", NOW, 1_000).ends for _ in range(50)} == {int(NOW.timestamp()) + 30}


# ---------------------------------------------------------------- the client's failures

def test_each_client_has_its_own_failure_limit(table, env):
    setting(env, FAILURE_LIMIT_PER_MINUTE=2)
    limits.count_attempt("192.0.2.1", NOW)
    limits.count_attempt("192.0.2.1", NOW)
    assert refused(lambda: limits.count_attempt("192.0.2.1", NOW)) == 30
    limits.count_attempt("198.51.100.7", NOW)       # a colleague elsewhere is not held up


def test_an_attempt_without_a_client_address_counts_no_failure(table, env):
    """A worker's attempt knows no client: none of its failures fill a shared 'unknown' counter."""
    setting(env, FAILURE_LIMIT_PER_MINUTE=1)
    for _ in range(3):
        limits.count_attempt(None, NOW)
    assert counters() == []


# ---------------------------------------------------------------- the mailbox

def test_each_mailbox_has_its_own_hourly_limit(table, env):
    setting(env, MAILBOX_LIMIT_PER_HOUR=1)
    limits.count_signup("192.0.2.1", "anne@example.org", "hot", NOW)
    assert refused(lambda: limits.count_signup("192.0.2.2", "anne+2@example.org", "hot", NOW)) == 3600 - 30
    limits.count_signup("192.0.2.2", "bert@example.org", "hot", NOW)


# ---------------------------------------------------------------- as stored

def test_a_signup_leaves_one_counter_of_each_kind_named_by_its_kind(table):
    """An operator reading the table tells the counters apart by their kind (docs/scaling.md)."""
    limits.count_signup("192.0.2.1", "anne@example.org", "hot", NOW, event_limit=50)      # one counter
    limits.count_signup("192.0.2.1", "anne@example.org", "big", NOW, event_limit=1_000)   # one of 10 shares
    limits.count_attempt("192.0.2.1", NOW)
    kinds = sorted(pk.split("#")[1] for pk in counters())
    assert kinds == ["client", "event", "event", "failure", "mailbox"]
