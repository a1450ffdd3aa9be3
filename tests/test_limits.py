"""Rate-limit windows one by one on a fixed clock: who a client is, which mailbox an address
delivers to, where a window ends, and how long a limited client waits (test_enumeration.py and
test_signups.py count real signups against them)."""
from datetime import datetime, timezone

import pytest

from chalicelib import limits
from chalicelib.errors import RateLimited

AT = datetime(2026, 11, 28, 10, 20, 5, tzinfo=timezone.utc)
T = int(AT.timestamp())


@pytest.mark.parametrize("ip, key", [
    ("198.51.100.7", "198.51.100.7"), ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"), ("::ffff:198.51.100.7", "198.51.100.7"),
    ("", "unknown"), ("not-an-address", "not-an-address")])
def test_a_client_is_its_address_or_its_ipv6_64(ip, key):
    assert limits.client_key(ip) == key


@pytest.mark.parametrize("address, box", [("a+1@x.example", "a@x.example"), ("a@x.example", "a@x.example"),
                                          ("a+b+c@x.example", "a@x.example")])
def test_plus_addresses_share_a_mailbox(address, box):
    assert limits.mailbox(address) == box


def test_windows_end_at_the_next_minute_or_hour(env):
    client, mailbox, event = limits.client_window("198.51.100.7", AT), limits.mailbox_window("a@x.example", AT), \
        limits.event_window("e", AT)
    assert (client.ends, mailbox.ends, event.ends) == (T + 55, T + 39 * 60 + 55, T + 55)
    # the event's 1,000 a minute is counted on 10 counters of 100, each with a tenth more (issue 27)
    assert (client.limit, mailbox.limit, event.limit) == (1000, 1000, 110)
    assert client.key.startswith("client#") and len(client.key) == len("client#") + 32
    assert client.key != limits.client_window("198.51.100.8", AT).key
    assert client.key != limits._window("event", "198.51.100.7", 60, 1, AT).key       # the kind is in the key
    assert "198.51.100.7" not in client.key and "a@x.example" not in mailbox.key
    assert limits.client_window(None, AT) is None


def test_a_limit_of_zero_turns_the_window_off_and_one_keeps_it(env):
    assert limits._window("client", "x", 60, 0, AT) is None
    assert limits._window("client", "x", 60, 1, AT).limit == 1


def test_retry_after_is_the_rest_of_the_window_and_at_least_one_second():
    window = limits.Window("k", T + 55, 1)
    assert window.retry_after(AT) == 55
    assert limits.Window("k", T, 1).retry_after(AT) == 1


def test_a_limited_attempt_names_the_wait(table, env):
    env.setenv("RATE_LIMIT_PER_MINUTE", "2")
    from chalicelib import config
    config.settings.cache_clear()
    limits.count_attempt("198.51.100.7", AT)
    limits.count_attempt("198.51.100.7", AT)
    with pytest.raises(RateLimited) as limited:
        limits.count_attempt("198.51.100.7", AT)
    assert limited.value.retry_after == 55
    limits.count_attempt(None, AT)           # no address known (a worker): nothing to count
    limits.count_attempt("198.51.100.8", AT)
