"""Issue 29: a session's seats under real concurrency (threads against ``chalice local`` and the
locked emulator): 30 signups for a session of 3 seats, and two switches into its last seat."""
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

import live

pytestmark = pytest.mark.xdist_group("live")


def _event(api, provisioned, **session):
    body = {**json.load(open(live.devstack.DEMO)), **json.load(open(live.devstack.PROGRAMME))}
    eid = body.pop("id")
    body["programme"]["rounds"][0]["sessions"][0].update(session)
    body["changes_close_at"] = None
    r = requests.put(f"{api}/events/{eid}", json=body,
                     headers={"Authorization": f"Bearer {provisioned['admin_token']}"}, timeout=10)
    assert r.status_code == 200, r.text
    return eid


def _sign(api, eid, i, sessions):
    return requests.post(f"{api}/events/{eid}/signups", timeout=60, json={
        "name": f"Racer {i}", "email": f"racer{i}@example.org", "consent": True,
        "organisation": "Rijkswaterstaat", "sessions": sessions})


def _choice(reg):
    return reg.extra["sessions"][0]


def test_thirty_racers_for_three_session_seats_then_a_cancel_moves_the_first_up(monkeypatch):
    with live.stack(monkeypatch) as (api, provisioned):
        from chalicelib import programme, store, tokens
        eid = _event(api, provisioned, capacity=3, waitlist_enabled=True)
        with ThreadPoolExecutor(max_workers=30) as pool:
            answers = list(pool.map(lambda i: _sign(api, eid, i, ["maatjes"]), range(30)))
        assert [a.status_code for a in answers] == [201] * 30
        assert all(a.json()["status"] == "confirmed" for a in answers)      # everyone has the event's seat
        chosen = [a.json()["sessions"][0]["status"] for a in answers]
        assert chosen.count("confirmed") == 3 and chosen.count("waitlisted") == 27

        regs = sorted(store.roster.registrations(eid, consistent=True), key=lambda r: r.id)
        seated = [r for r in regs if _choice(r)["status"] == "confirmed"]
        waiting = [r for r in regs if _choice(r)["status"] == "waitlisted"]
        assert len(seated) == 3 and len(waiting) == 27
        event = store.events.get_event(eid, consistent=True)
        assert (programme.find(event, "maatjes").taken, programme.find(event, "maatjes").waiting) == (3, 27)
        assert event.seats_taken == 30

        r = requests.post(f"{api}/registrations/{tokens.sign(eid, seated[0].id)}/cancel", timeout=30,
                          headers={"Accept": "application/json"})
        assert r.status_code == 200, r.text
        first = store.roster.get_registration(eid, waiting[0].id)   # the earliest arrival of those waiting
        assert _choice(first)["status"] == "confirmed"
        assert all(_choice(store.roster.get_registration(eid, r.id))["status"] == "waitlisted" for r in waiting[1:])
        event = store.events.get_event(eid, consistent=True)
        assert (programme.find(event, "maatjes").taken, programme.find(event, "maatjes").waiting) == (3, 26)


def test_two_switches_into_the_last_seat_at_once_one_gets_it(monkeypatch):
    with live.stack(monkeypatch) as (api, provisioned):
        from chalicelib import programme, store, tokens
        eid = _event(api, provisioned, capacity=1, waitlist_enabled=False)
        assert _sign(api, eid, 0, ["randvoorwaarden"]).status_code == 201
        assert _sign(api, eid, 1, ["bouw"]).status_code == 201
        regs = sorted(store.roster.registrations(eid, consistent=True), key=lambda r: r.id)

        def switch(reg):
            return requests.post(f"{api}/registrations/{tokens.sign(eid, reg.id)}/sessions", timeout=60,
                                 data={"round": "ronde-1", "session_ronde-1": "maatjes"},
                                 headers={"Accept": "application/json"})
        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(pool.map(switch, regs))
        assert sorted(a.status_code for a in answers) == [200, 409]
        event = store.events.get_event(eid, consistent=True)
        assert programme.find(event, "maatjes").taken == 1
        winner = regs[[a.status_code for a in answers].index(200)]
        loser = regs[[a.status_code for a in answers].index(409)]
        assert _choice(store.roster.get_registration(eid, winner.id))["id"] == "maatjes"
        assert _choice(store.roster.get_registration(eid, loser.id))["id"] in ("randvoorwaarden", "bouw")
        # the winner's old seat went back
        assert programme.find(event, "randvoorwaarden").taken + programme.find(event, "bouw").taken == 1
