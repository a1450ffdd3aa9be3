"""A hot event under load: CLIENTS concurrent visitors on one event (capacity 150, waiting
list) for SECONDS against the local stack (the locked emulator and ``chalice local`` on free
ports of 127.0.0.1, as ``make dev`` runs them). Each visitor loops: look at the event
(``GET /events/{id}``), sign up with a new address, and every third time send the same
address again (a double click: the same ``201`` as a newcomer's, contract v2).

Checked at the end: no seat sold twice or past capacity (the stored counters agree with the
stored registrations), no 5xx, every answer inside the contract (status and body), and
p50/p99 per request kind. Not a test: ``make bench`` runs it; ``make test`` does not.
"""
import collections
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

CAPACITY = 150
EVENT_ID = "drukbezocht-2026-12-09"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Load:
    def __init__(self, api_url, seconds):
        self.api_url, self.deadline = api_url, time.monotonic() + seconds
        self.lock = threading.Lock()
        self.latency = collections.defaultdict(list)        # kind -> ms
        self.answers = collections.Counter()                # (kind, status, outcome)
        self.violations = []

    def request(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.api_url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=60) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        return status, raw, (time.perf_counter() - started) * 1000

    def visitor(self, number):
        n = 0
        while time.monotonic() < self.deadline:
            status, raw, ms = self.request("GET", f"/events/{EVENT_ID}")
            self.note("page view", status, raw, ms, self.check_event)
            address = f"bezoeker{number}.{n}@gemeente.example"
            for attempt in range(2 if n % 3 == 1 else 1):
                status, raw, ms = self.request("POST", f"/events/{EVENT_ID}/signups", {
                    "name": f"Bezoeker {number}", "email": address, "consent": True,
                    "organisation": "Gemeente Arnhem"})
                self.note("signup" if attempt == 0 else "repeat", status, raw, ms, self.check_signup)
            n += 1

    def note(self, kind, status, raw, ms, check):
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        problem = check(status, body)
        with self.lock:
            self.latency[kind].append(ms)
            self.answers[(kind, status, (body or {}).get("status") or (body or {}).get("error") or "")] += 1
            if problem:
                self.violations.append(f"{kind}: {status} {raw[:200]!r}: {problem}")

    @staticmethod
    def check_event(status, body):
        if status != 200 or not isinstance(body, dict):
            return "expected 200 with the event"
        if body.get("id") != EVENT_ID or not isinstance(body.get("spots_left"), int) or body["spots_left"] < 0:
            return "event without a valid spots_left"
        return None

    @staticmethod
    def check_signup(status, body):
        """Contract v2: a new signup and a repeat get the same answer (201, event_id and the status
        a newcomer would get), so nothing tells an outsider that an address is registered."""
        if not isinstance(body, dict):
            return "not JSON"
        if status == 429:
            return None if body.get("error") == "rate_limited" else "a 429 must say rate_limited"
        if status != 201 or set(body) != {"event_id", "status"}:
            return "a signup, new or repeated, must answer 201 with event_id and status only"
        if body["status"] not in ("confirmed", "waitlisted") or body["event_id"] != EVENT_ID:
            return "unexpected status or event"
        return None


def stored_counts():
    """(seats_taken, waitlist_count) of the event item and the registrations by status."""
    from chalicelib import signups, store
    event = signups.get_event(EVENT_ID)
    by_status = collections.Counter(reg.status for reg in store.roster.registrations(EVENT_ID, consistent=True))
    return event.seats_taken, event.waitlist_count, dict(by_status)


def run(clients, seconds):
    from scripts import devstack
    emulator_port, api_port = free_port(), free_port()
    emulator = subprocess.Popen([sys.executable, "-m", "benchmarks.hot_event", "--emulator", str(emulator_port)],
                                start_new_session=True)
    api = None
    try:
        emulator_url, api_url = f"http://127.0.0.1:{emulator_port}", f"http://127.0.0.1:{api_port}"
        devstack.wait_until_up(f"{emulator_url}/moto-api/data.json", process=emulator)
        env = {**devstack.local_env(emulator_url, api_url), "TABLE_NAME": "signups-hot",
               "RATE_LIMIT_PER_MINUTE": "0",    # every visitor is 127.0.0.1 here; on AWS each has its own IP
               # a person signs up once; these 200 loop, and the per-event velocity limit (300 a
               # minute) would answer most of them 429 instead of contending for the seats
               "EVENT_LIMIT_PER_MINUTE": "1000000"}
        os.environ.update(env)
        devstack.provision()
        from chalicelib import events, signups
        demo = json.loads(devstack.DEMO.read_text())
        demo.pop("id")
        signups.apply_event(events.validate(EVENT_ID, {**demo, "capacity": CAPACITY, "waitlist_enabled": True}))
        api = devstack.start_api(env, api_port)
        devstack.wait_until_up(f"{api_url}/health", timeout=60, process=api)
        load = Load(api_url, seconds)
        threads = [threading.Thread(target=load.visitor, args=(n,), daemon=True) for n in range(clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        seats, waiting, by_status = stored_counts()
    finally:
        devstack.stop(api)
        devstack.stop(emulator)
    seated = by_status.get("confirmed", 0)
    created = sum(n for (kind, status, _), n in load.answers.items() if kind == "signup" and status == 201)
    answered_confirmed = sum(n for (kind, status, what), n in load.answers.items()
                             if kind == "signup" and what == "confirmed")
    return {
        "clients": clients, "seconds": round(elapsed, 1), "capacity": CAPACITY,
        "requests": sum(load.answers.values()),
        "answers": {f"{k} {s} {w}".strip(): n for (k, s, w), n in sorted(load.answers.items())},
        "server_errors": sum(n for (_, status, _), n in load.answers.items() if status >= 500),
        "violations": len(load.violations), "first_violations": load.violations[:5],
        "stored_seats_taken": seats, "stored_confirmed": seated, "stored_waitlist_count": waiting,
        "stored_waitlisted": by_status.get("waitlisted", 0), "signups_created": created,
        "answered_confirmed": answered_confirmed,
        "oversold": max(0, seated - CAPACITY),
        "counter_drift": abs(seats - seated) + abs(waiting - by_status.get("waitlisted", 0)),
        "latency_ms": {kind: {"p50": round(statistics.median(ms)), "p99": round(sorted(ms)[int(0.99 * (len(ms) - 1))]),
                              "n": len(ms)} for kind, ms in load.latency.items()},
    }


def serve_emulator(port):
    from benchmarks.moto_speed import journaled_transactions
    from scripts import emulator
    journaled_transactions()        # else moto's per-transaction table copy, not our service, is measured
    server, _ = emulator.start(port=port)
    threading.Event().wait()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--emulator"]:
        serve_emulator(int(sys.argv[2]))
    else:
        print(json.dumps(run(int(sys.argv[1]), float(sys.argv[2]))))
