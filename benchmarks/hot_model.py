"""The hot event of issue 27 against DynamoDB's contention (benchmarks/conflict_model.py), in process.

SIGNUPS signups are offered over SECONDS, evenly spaced, to an event of CAPACITY seats with a
waiting list; THREADS workers send them, each at its time. Every signup runs the service's
own use case (``signups.register``: the limits' counting transaction, the signup transaction,
the check after a waiting-list join) on moto behind the conflict model; its answer's status is
the one chalicelib.http gives its outcome (201, a DomainError's status, 500 for anything else).
Not through HTTP: Chalice keeps the request on the app object, so its test client cannot serve
threads at once; moto cannot keep 167 signups a second on this machine either, so the clock is
stretched (``scale``): the offered times, the model's window and its second all last ``scale``
times longer, and latencies are reported divided by it.

Reported: oversold seats, answers 5xx and 429, the waiting list's order against the order the
signups arrived in, the latency distribution and what the model did (conflicts, throttles, the
busiest partition's write units in one second).
Run alone: ``python -m benchmarks.hot_model 10000 60`` (``make bench`` runs it); ``BENCH_HOT_CAPACITY``
(500), ``BENCH_HOT_SCALE`` (10), ``BENCH_HOT_THREADS`` (64).
"""
import collections
import json
import os
import statistics
import sys
import threading
import time

EVENT_ID = "dag-van-de-dienstverlening"
JITTER = 0.050


def offer(event_id: str, count: int, seconds: float, *, threads: int = 32, scale: float = 1.0,
          email=lambda n: f"ambtenaar{n}@overheid.example") -> list:
    """Offer ``count`` signups over ``seconds`` (stretched by ``scale``); returns per signup
    ``(number, offered at, status, body status or error, latency in seconds)``."""
    from datetime import datetime, timedelta, timezone

    from chalicelib import http, signups
    from chalicelib.errors import DomainError
    spacing, started, taken = seconds / count * scale, time.monotonic(), iter(range(count))
    epoch = datetime.now(timezone.utc)      # the service's clock runs at the model's pace (its minute windows)
    lock, results = threading.Lock(), []

    def worker():
        while True:
            with lock:
                n = next(taken, None)
            if n is None:
                return
            due = started + n * spacing
            time.sleep(max(0.0, due - time.monotonic()))
            sent = time.monotonic()
            try:
                reg = signups.register(event_id, {"name": f"Ambtenaar {n}", "email": email(n), "consent": True,
                                                  "organisation": "Rijksoverheid"},
                                       client_ip=f"10.{n // 65536}.{n // 256 % 256}.{n % 256}",
                                       now=epoch + timedelta(seconds=(sent - started) / scale))
                status, what = 201, reg.status
            except DomainError as error:
                status, what = http.STATUS.get(error.code, 500), error.code
                if status >= 500:   # which of the signup's steps gave up (the limits' counting, the signup's own)
                    what += f" ({error})"
            except Exception as error:      # noqa: BLE001 - counted as a 500, as the edge would answer
                status, what = 500, type(error).__name__
            with lock:
                results.append((n, sent, status, what, (time.monotonic() - sent) / scale))

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return sorted(results)


def report(event_id: str, capacity: int, results: list, model, scale: float, elapsed: float) -> dict:
    """What the run shows: oversold, 5xx, 429, the waiting list's order, latencies, the model's counts."""
    from chalicelib import signups, store
    from chalicelib.models import SEATED, WAITLISTED
    event = signups.get_event(event_id)
    stored = list(store.roster.registrations(event_id, consistent=True))
    seated = [r for r in stored if r.status in SEATED]
    waiting = [r for r in stored if r.status == WAITLISTED]
    number = {f"ambtenaar{n}@overheid.example": n for n, *_ in results}
    arrived = {n: sent for n, sent, *_ in results}
    line = [number[r.email] for r in waiting]          # the waiting list, first in line first
    # out of order: someone in line behind a person who was sent later than they were, by more than
    # JITTER (the service stamps the arrival when the request reaches it: between the sender's
    # clock and that stamp a thread may wait for the interpreter, 5 ms a switch, or a few)
    late = [b for a, b in zip(line, line[1:]) if arrived[a] > arrived[b] + JITTER * scale]
    behind, latest = 0, float("-inf")
    for n in line:
        behind += latest > arrived[n] + JITTER * scale
        latest = max(latest, arrived[n])
    # seats in arrival order too: nobody waits who came before someone seated (by more than JITTER)
    last_seated = max((arrived[number[r.email]] for r in seated), default=float("-inf"))
    before_a_seated = sum(arrived[n] < last_seated - JITTER * scale for n in line)
    latency = sorted(ms for *_, ms in results)
    answers = collections.Counter(f"{status} {what}" for _, _, status, what, _ in results)
    pct = lambda q: round(latency[min(len(latency) - 1, int(q * len(latency)))] * 1000)  # noqa: E731
    peaks = sorted(model.busiest().items(), key=lambda kv: -kv[1])
    return {
        "offered": len(results), "seconds": round(elapsed / scale, 1), "scale": scale, "capacity": capacity,
        "seat_pools": len(event.pools),     # 0: the seats counted on the event item (chalicelib.store.pools)
        # the arrival of the last person seated: until about then seats were being taken
        "last_seated_arrived_at_s": round((last_seated - results[0][1]) / scale, 1) if seated else None,
        "answers": dict(sorted(answers.items())),
        "oversold": max(0, len(seated) - capacity), "seated": len(seated), "waiting": len(waiting),
        "server_errors": sum(n for key, n in answers.items() if key.startswith("5")),
        "rate_limited": sum(n for key, n in answers.items() if key.startswith("429")),
        # when the 5xx came: offered at which second (the seats go in the first ones)
        "server_errors_at_second": dict(collections.Counter(
            int((sent - results[0][1]) / scale) for _, sent, status, *_ in results if status >= 500)),
        "counters_agree": (event.seats_taken, event.waitlist_count) == (len(seated), len(waiting)),
        "waiting_out_of_order": len(late), "waiting_behind_a_later_arrival": behind,
        "waiting_but_came_before_a_seated": before_a_seated,
        "latency_ms": {"p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99), "max": pct(1.0),
                       "mean": round(statistics.mean(latency) * 1000)},
        "model": {**dict(model.stats), "busiest_partition_wcu_per_s": max(model.busiest().values(), default=0),
                  "busiest_keys": _busiest_kinds(peaks),
                  "conflicts_on": dict(model.conflicts.most_common()), "throttled_on": dict(model.throttles.most_common())},
    }


def _busiest_kinds(peaks: list) -> dict:
    """The most write units one key of each kind took in a second (``EVENT#``, ``SEATS#``, ...)."""
    from benchmarks.conflict_model import _kind
    kinds = {}
    for pk, units in peaks:
        kinds.setdefault(_kind((pk, "")), units)
    return kinds


def stretch(scale: float) -> None:
    """The service's own waits last ``scale`` times longer too, as the model's window and second
    do: the pause between tries (``store.writes.sleep``) and the event cache's 5 s. Without it a
    pause of 10 ms would be a tenth of a stretched window at scale 10, and tries would meet again."""
    from chalicelib.store import writes
    os.environ["EVENT_CACHE_SECONDS"] = str(5 * scale)
    writes.sleep = lambda seconds: time.sleep(seconds * scale)


def main(count: int, seconds: float) -> dict:
    """A process of its own: moto in process (with the benchmarks' journaled transactions), the
    table, the event (500 seats, waiting list), the model, the offer."""
    from benchmarks import use_in_process_emulator
    use_in_process_emulator("signups-hot", RATE_LIMIT_PER_MINUTE="30",
                            PUBLIC_BASE_URL="https://signup.test", SENDER_EMAIL="aanmelden@overheid.example")
    from moto import mock_aws

    from benchmarks import conflict_model
    from benchmarks.moto_speed import journaled_transactions
    from chalicelib import aws, events, logs, signups, store
    from scripts import devstack
    logs._handler.setStream(open(os.devnull, "w"))
    journaled_transactions()
    scale = float(os.environ.get("BENCH_HOT_SCALE", "10"))
    stretch(scale)
    with mock_aws():
        store.table.create_table(aws.table_name())
        body = json.loads(devstack.DEMO.read_text())
        body.pop("id")
        capacity = int(os.environ.get("BENCH_HOT_CAPACITY", "500"))
        signups.apply_event(events.validate(EVENT_ID, {**body, "capacity": capacity, "waitlist_enabled": True}))
        model = conflict_model.install(scale=scale)
        started = time.monotonic()
        results = offer(EVENT_ID, count, seconds, threads=int(os.environ.get("BENCH_HOT_THREADS", "64")), scale=scale)
        return report(EVENT_ID, capacity, results, model, scale, time.monotonic() - started)


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), float(sys.argv[2]))))
