"""Send no faster than the SES account allows: its ``MaxSendRate``, read from SESv2 ``GetAccount``.

Every mail the worker sends first takes a slot from one account-wide pacer in the table
(``store.announcements.take_send_slot``): slots are ``ceil(1000 / MaxSendRate)`` ms apart, whichever
worker (stream shard) takes them, so the account never sees more than MaxSendRate mails in
any second, and a 500-recipient message is spread out instead of throttled. The rate is
read once per ``RATE_SECONDS`` per container (SES raises it as the account grows); a failed
read raises, and the stream delivers the batch again, rather than guessing a rate.
"""
import math
import time

from chalicelib import aws, store

RATE_SECONDS = 600
_rate = {"value": None, "until": 0.0}
_slot = {"last": None}      # the last slot this process took (epoch ms)


def max_send_rate(clock=time.monotonic) -> float:
    """The account's MaxSendRate (mails per second). Raises botocore errors when unreadable."""
    if _rate["value"] is None or clock() >= _rate["until"]:
        quota = aws.sesv2().get_account()["SendQuota"]
        _rate.update(value=float(quota["MaxSendRate"]), until=clock() + RATE_SECONDS)
    return _rate["value"]


def reset() -> None:
    _rate.update(value=None, until=0.0)
    _slot.update(last=None)


def gap_ms(rate: float) -> int:
    """Milliseconds between two sends at ``rate`` per second, rounded up (never faster)."""
    return max(1, math.ceil(1000 / rate)) if rate > 0 else 1000


def wait_for_slot(*, clock=time.time, sleep=time.sleep) -> None:
    """Block until this process may send one mail. The pacer is likely idle when this process has
    taken no slot yet, or its last one is a gap or more past (store.announcements.take_send_slot's first try)."""
    now_ms, gap = int(clock() * 1000), gap_ms(max_send_rate())
    last = _slot["last"]
    slot = _slot["last"] = store.announcements.take_send_slot(gap, now_ms, idle_likely=last is None or last + gap < now_ms)
    if slot > now_ms:
        sleep((slot - now_ms) / 1000)
