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
    limits.count_attempt("192.0.2.1", NOW)      # a failed attempt: the client's counter and its failures'
    client, failures = sorted(_items("RATE#"), key=lambda item: item["PK"]["S"])
    assert client["PK"]["S"].startswith("RATE#client#") and failures["PK"]["S"].startswith("RATE#failure#")
    ends = int(NOW.timestamp()) // 60 * 60 + 60
    for counter in (client, failures):
        assert counter["SK"]["S"] == str(ends) and int(counter["expires_at"]["N"]) == ends + 60


def test_an_attempt_alone_leaves_a_stamp_that_goes_after_an_hour(table):
    limits.count_signup("192.0.2.1", "anne@example.org", EID, NOW)
    [marker] = [i for i in _items("EVENT#") if "anne@example.org" in i["SK"]["S"]]
    assert marker["PK"]["S"] == f"EVENT#{EID}"      # the address's marker at this event
    assert marker["attempt_at"]["S"].startswith("2026-11-30T10:00:30")
    assert int(marker["expires_at"]["N"]) == int(NOW.timestamp()) + 3600


def test_a_honeypot_attempt_is_counted_but_leaves_no_stamp_on_the_address(table):
    limits.count_signup("192.0.2.1", "anne@example.org", EID, NOW, stamp=False)
    assert not [i for i in _items("EVENT#") if "anne@example.org" in i["SK"]["S"]]
    assert len(_items("RATE#")) == 3        # its client, mailbox and event were counted all the same


def test_a_refusal_names_the_window_at_its_limit(table, env):
    """The client may try again; the mailbox is full for the rest of the hour: the wait is the hour's."""
    env.setenv("MAILBOX_LIMIT_PER_HOUR", "1")
    from chalicelib import config
    config.settings.cache_clear()
    limits.count_signup("192.0.2.1", "anne@example.org", EID, NOW)
    with pytest.raises(RateLimited) as refused:
        limits.count_signup("192.0.2.2", "anne+2@example.org", EID, NOW)
    assert refused.value.retry_after == 3600 - 30


KEYS = {"PK": {"S": f"EVENT#{EID}"}, "SK": {"S": "EMAIL#anne@example.org"}}
OLD = {"registration_id": {"S": "r1"}, "attempt_at": {"S": "2026-11-30T10:00:00+00:00"}}
AGAIN = {"registration_id": {"S": "r1"}, "attempt_at": {"S": "2026-11-30T10:05:00+00:00"}}


def test_a_registered_address_stamped_again_is_a_repeated_signup():
    from chalicelib.store import counters
    assert counters.repeated_registration(KEYS, OLD, AGAIN) == (EID, "r1")


@pytest.mark.parametrize("keys, old, new", [
    ({**KEYS, "SK": {"S": "REG#r1"}}, OLD, AGAIN),                                        # not an address's marker
    (KEYS, None, AGAIN),                                                                  # a new marker: a first signup
    (KEYS, OLD, None),                                                                    # a marker that went
    (KEYS, OLD, {"attempt_at": AGAIN["attempt_at"]}),                                     # no registration (yet)
    (KEYS, {"attempt_at": OLD["attempt_at"]}, {"attempt_at": AGAIN["attempt_at"]}),      # an attempt alone, twice
    (KEYS, {"attempt_at": OLD["attempt_at"]}, AGAIN),                                     # an attempt alone, then its signup
    (KEYS, OLD, {**AGAIN, "registration_id": {"S": "r2"}}),                               # another registration now
    (KEYS, OLD, {**OLD}),                                                                 # no new attempt
    (KEYS, OLD, {"registration_id": {"S": "r1"}}),                                        # the stamp taken off
])
def test_other_changes_of_a_marker_send_no_repeat_mail(keys, old, new):
    from chalicelib.store import counters
    assert counters.repeated_registration(keys, old, new) is None


def test_a_busy_moment_is_tried_its_attempts_then_given_up(table, monkeypatch):
    from chalicelib.errors import Conflict
    from chalicelib.store import counters, writes
    tries, pauses = [], []

    def busy(items):
        tries.append(items)
        raise Conflict("busy")
    monkeypatch.setattr(writes, "transact", busy)
    monkeypatch.setattr(writes, "backoff", pauses.append)
    with pytest.raises(Conflict):
        counters.count_attempt([limits.client_window("192.0.2.1", NOW)], EID, "anne@example.org", NOW)
    assert len(tries) == counters.ATTEMPTS == 8
    assert pauses == [0, 1, 2, 3, 4, 5, 6]      # a growing pause between two tries (issue 27), none after the last


def test_a_busy_moment_that_passes_on_the_sixth_try_counts(table, monkeypatch):
    from chalicelib.errors import Conflict
    from chalicelib.store import counters, writes
    tries, real = [], writes.transact

    def busy_five_times(items):
        tries.append(items)
        if len(tries) < 6:
            raise Conflict("busy")
        return real(items)
    monkeypatch.setattr(writes, "transact", busy_five_times)
    assert counters.count_attempt([limits.client_window("192.0.2.1", NOW)], EID, "anne@example.org", NOW) is None


def test_a_transaction_refused_for_another_reason_names_the_first_window(table, monkeypatch):
    from chalicelib.store import counters, writes
    windows = [limits.client_window("192.0.2.1", NOW), limits.mailbox_window("anne@example.org", NOW)]

    def refused(items):
        raise writes.TransactionFailed(["None", "None", "ValidationError"])
    monkeypatch.setattr(writes, "transact", refused)
    assert counters.count_attempt(windows, EID, "anne@example.org", NOW) == windows[0]
