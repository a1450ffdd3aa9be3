"""The bookkeeping of the rate limits (chalicelib/store/counters.py) as stored: how long a counter
and an attempt's stamp on an address live, and which window a refusal names."""
from datetime import datetime, timezone

import pytest

from chalicelib import aws, limits
from chalicelib.errors import RateLimited
from conftest import DEMO_EVENT

NOW = datetime(2026, 11, 30, 10, 0, 30, tzinfo=timezone.utc)
EID = DEMO_EVENT["id"]


def _items(prefix):
    items = aws.dynamodb().scan(TableName="signups-test")["Items"]
    return [i for i in items if i["PK"]["S"].startswith(prefix) or i["SK"]["S"].startswith(prefix)]


def test_a_counter_lives_a_minute_past_the_end_of_its_window(table):
    limits.count_attempt("192.0.2.1", NOW)
    [counter] = _items("RATE#")
    ends = int(NOW.timestamp()) // 60 * 60 + 60
    assert counter["SK"]["S"] == str(ends) and int(counter["expires_at"]["N"]) == ends + 60


def test_an_attempt_alone_leaves_a_stamp_that_goes_after_an_hour(table):
    limits.count_signup("192.0.2.1", "anne@example.org", EID, NOW)
    [marker] = [i for i in _items("EVENT#") if "anne@example.org" in i["SK"]["S"]]
    assert marker["attempt_at"]["S"].startswith("2026-11-30T10:00:30")
    assert int(marker["expires_at"]["N"]) == int(NOW.timestamp()) + 3600


def test_a_refusal_names_the_window_at_its_limit(table, env):
    """The client may try again; the mailbox is full for the rest of the hour: the wait is the hour's."""
    env.setenv("MAILBOX_LIMIT_PER_HOUR", "1")
    from chalicelib import config
    config.settings.cache_clear()
    limits.count_signup("192.0.2.1", "anne@example.org", EID, NOW)
    with pytest.raises(RateLimited) as refused:
        limits.count_signup("192.0.2.2", "anne+2@example.org", EID, NOW)
    assert refused.value.retry_after == 3600 - 30
