"""SES send-rate pacing on a fixed clock: the gap between two sends, the account's MaxSendRate read
once per RATE_SECONDS, and the wait for the account-wide slot (the 500-recipient run at 14 per
second is in test_announcements.py)."""
import pytest

from chalicelib import pacing, store


@pytest.mark.parametrize("rate, gap", [(14.0, 72), (1000.0, 1), (3000.0, 1), (0.5, 2000), (1.0, 1000),
                                       (0.0, 1000), (-1.0, 1000), (float("inf"), 1)])
def test_the_gap_between_two_sends_is_rounded_up_and_never_zero(rate, gap):
    assert pacing.gap_ms(rate) == gap


def test_max_send_rate_is_read_once_per_rate_seconds(env, monkeypatch):
    from chalicelib import aws
    calls, now = [], {"t": 5000.0}

    class Ses:
        def get_account(self):
            calls.append(now["t"])
            return {"SendQuota": {"MaxSendRate": 14 + len(calls)}}
    monkeypatch.setattr(aws, "sesv2", Ses)
    clock = lambda: now["t"]     # noqa: E731
    assert pacing.max_send_rate(clock) == 15.0
    now["t"] += pacing.RATE_SECONDS - 0.001
    assert pacing.max_send_rate(clock) == 15.0 and calls == [5000.0]
    now["t"] = 5000.0 + pacing.RATE_SECONDS            # exactly when the reading expires: read again
    assert pacing.max_send_rate(clock) == 16.0 and len(calls) == 2
    assert isinstance(pacing.max_send_rate(clock), float)
    pacing.reset()
    assert pacing.max_send_rate(clock) == 17.0 and len(calls) == 3


def test_wait_for_slot_sleeps_until_the_slot_and_not_when_it_is_now(env, monkeypatch):
    taken, slept = [], []
    answers = iter([10_000, 10_250, 9_000])

    def take(gap, now_ms, idle_likely):
        taken.append((gap, now_ms, idle_likely))
        return next(answers)
    monkeypatch.setattr(store.announcements, "take_send_slot", take)
    monkeypatch.setattr(pacing, "max_send_rate", lambda: 4.0)
    pacing.wait_for_slot(clock=lambda: 10.0, sleep=slept.append)       # the slot is now: no wait
    pacing.wait_for_slot(clock=lambda: 10.0, sleep=slept.append)       # a quarter second on
    pacing.wait_for_slot(clock=lambda: 10.0, sleep=slept.append)       # an old slot: no wait either
    assert [t[:2] for t in taken] == [(250, 10_000)] * 3
    assert slept == [0.25]


def test_the_pacer_is_likely_idle_before_the_first_slot_and_a_gap_after_the_last(env, monkeypatch):
    taken = []
    monkeypatch.setattr(store.announcements, "take_send_slot", lambda gap, now_ms, idle_likely: taken.append(idle_likely) or now_ms)
    monkeypatch.setattr(pacing, "max_send_rate", lambda: 4.0)          # 250 ms apart
    for seconds in (10.0, 10.2, 10.45, 10.701, 10.701):
        pacing.wait_for_slot(clock=lambda at=seconds: at, sleep=lambda s: None)
    # none taken yet; 200 ms after a slot; exactly a gap after; a gap and 1 ms after; the same moment
    assert taken == [True, False, False, True, False]
    pacing.reset()
    pacing.wait_for_slot(clock=lambda: 10.701, sleep=lambda s: None)
    assert taken[-1] is True


def test_slots_are_one_gap_apart_whoever_takes_them_and_idle_means_now(table):
    assert store.announcements.take_send_slot(100, 1_000) == 1_000           # idle: send now
    assert store.announcements.take_send_slot(100, 1_000) == 1_100           # busy: the next slot
    assert store.announcements.take_send_slot(100, 1_050) == 1_200
    assert store.announcements.take_send_slot(100, 5_000) == 5_000           # idle again: the pacer does not run ahead
    assert store.announcements.take_send_slot(100, 5_100) == 5_100           # exactly at the next free slot


@pytest.mark.parametrize("idle_likely", [True, False])
def test_either_first_try_takes_the_same_slots(table, idle_likely):
    for now, slot in ((1_000, 1_000), (1_000, 1_100), (1_050, 1_200), (5_000, 5_000), (5_100, 5_100)):
        assert store.announcements.take_send_slot(100, now, idle_likely=idle_likely) == slot


def test_a_right_guess_costs_one_call_and_a_wrong_one_two(table):
    from chalicelib import aws
    calls = []
    aws.dynamodb().meta.events.register("before-call.dynamodb.UpdateItem", lambda **kw: calls.append(1))

    def calls_for(now, idle_likely):
        calls.clear()
        store.announcements.take_send_slot(100, now, idle_likely=idle_likely)
        return len(calls)
    assert calls_for(1_000, idle_likely=True) == 1           # idle, guessed idle
    assert calls_for(1_000, idle_likely=False) == 1          # busy, guessed busy
    assert calls_for(1_050, idle_likely=True) == 2           # busy, guessed idle
    assert calls_for(9_000, idle_likely=False) == 2          # idle, guessed busy
