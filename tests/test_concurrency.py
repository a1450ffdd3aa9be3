"""Seats under real concurrency: many threads against ``chalice local`` and the locked emulator."""
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

import live

pytestmark = pytest.mark.xdist_group("live")


def test_thirty_racers_three_seats(monkeypatch):
    with live.stack(monkeypatch) as (api, provisioned):
        eid = provisioned["event_id"]
        body = json.load(open(live.devstack.DEMO))
        body.pop("id")
        r = requests.put(f"{api}/events/{eid}", json={**body, "capacity": 3},
                         headers={"Authorization": f"Bearer {provisioned['admin_token']}"}, timeout=10)
        assert r.status_code == 200, r.text

        def sign(i):
            return requests.post(f"{api}/events/{eid}/signups", timeout=30, json={
                "name": f"Racer {i}", "email": f"racer{i}@example.org", "consent": True,
                "organisation": "Rijkswaterstaat"})

        with ThreadPoolExecutor(max_workers=30) as pool:
            answers = list(pool.map(sign, range(30)))
        assert [a.status_code for a in answers] == [201] * 30
        statuses = [a.json()["status"] for a in answers]
        assert statuses.count("confirmed") == 3 and statuses.count("waitlisted") == 27

        from chalicelib import store
        regs = list(store.roster.registrations(eid, consistent=True))
        event = store.events.get_event(eid, consistent=True)
        seated = [r for r in regs if r.status == "confirmed"]
        assert len(regs) == 30 and len({r.email for r in regs}) == 30
        assert event.seats_taken == len(seated) == 3
        assert event.waitlist_count == 27
        # the demo event was created with 80 seats: its seats are on 3 seat pools (chalicelib.store.pools),
        # one seat each now, and each seated person's pool counts them
        assert [(p.taken, p.cap) for p in event.pools] == [(1, 1)] * 3
        assert sorted(r.pool for r in seated) == [0, 1, 2]
        assert requests.get(f"{api}/events/{eid}", timeout=5).json()["spots_left"] == 0


def test_preflight_is_answered(monkeypatch):
    with live.stack(monkeypatch) as (api, provisioned):
        r = requests.options(f"{api}/events/{provisioned['event_id']}/signups", timeout=5, headers={
            "Origin": "https://www.gemeente.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type"})
        assert r.status_code == 200
        assert r.headers["Access-Control-Allow-Origin"] == "*"
        assert "POST" in r.headers["Access-Control-Allow-Methods"]
        assert "Content-Type" in r.headers["Access-Control-Allow-Headers"]
        missing = requests.get(f"{api}/events/{provisioned['event_id']}/registrations", timeout=5)
        assert missing.status_code == 401 and missing.headers["WWW-Authenticate"].startswith("Bearer")


def test_parallel_cancels_and_signups_keep_the_waiting_list_in_order(monkeypatch):
    with live.stack(monkeypatch) as (api, provisioned):
        from chalicelib import store, tokens
        eid = provisioned["event_id"]
        body = json.load(open(live.devstack.DEMO))
        body.pop("id")
        requests.put(f"{api}/events/{eid}", json={**body, "capacity": 5},
                     headers={"Authorization": f"Bearer {provisioned['admin_token']}"}, timeout=10)

        def sign(i):
            r = requests.post(f"{api}/events/{eid}/signups", timeout=30, json={
                "name": f"Deelnemer {i}", "email": f"d{i}@example.org", "consent": True, "organisation": "Provincie"})
            assert r.status_code == 201, r.text
            return r.json()

        first = [sign(i) for i in range(15)]          # 5 seated, 10 waiting, in this order
        assert [f["status"] for f in first] == ["confirmed"] * 5 + ["waitlisted"] * 10

        def cancel(rid):
            r = requests.post(f"{api}/registrations/{tokens.sign(eid, rid)}/cancel", timeout=30,
                              headers={"Accept": "application/json"})
            assert r.status_code == 200, r.text
            return r.json()["status"]

        def rid(i):      # public answers carry no id: read it from the store
            return store.roster.registration_by_email(eid, f"d{i}@example.org").id

        cancelled = [rid(i) for i in range(4)]
        with ThreadPoolExecutor(max_workers=24) as pool:
            jobs = [pool.submit(cancel, rid) for rid in cancelled]
            jobs += [pool.submit(cancel, rid) for rid in cancelled[:2]]      # twice: idempotent
            jobs += [pool.submit(sign, 100 + i) for i in range(12)]
            results = [job.result() for job in jobs]
        assert results[:6] == ["cancelled"] * 6
        assert all(r["status"] == "waitlisted" for r in results[6:])

        regs = list(store.roster.registrations(eid, consistent=True))
        event = store.events.get_event(eid, consistent=True)
        seated = [r.id for r in regs if r.status == "confirmed"]
        expected = [rid(i) for i in range(4, 9)]
        assert sorted(seated) == sorted(expected)      # the first four in line moved up
        assert event.seats_taken == len(seated) == 5
        assert event.waitlist_count == len([r for r in regs if r.status == "waitlisted"]) == 6 + 12
        assert len({r.email for r in regs if r.status != "cancelled"}) == len(regs) - 4
