"""The edges of registration items (chalicelib/store/roster.py, issue 26): what a person or an
organiser notices of how registrations are stored, named and read back."""
import json

from conftest import DEMO_EVENT, person, signup

EID = DEMO_EVENT["id"]


def test_two_people_signing_up_in_the_same_millisecond_are_both_registered(client, demo_event, table, monkeypatch):
    from types import SimpleNamespace

    from chalicelib import store
    monkeypatch.setattr(store.roster, "time", SimpleNamespace(time=lambda: 1796000000.123))   # one reading for both
    answers = [signup(client, EID, **person(n)) for n in (1, 2)]
    assert [(r.status_code, json.loads(r.body)["status"]) for r in answers] == [(201, "confirmed")] * 2
    regs = list(store.roster.registrations(EID, consistent=True))
    assert sorted(r.email for r in regs) == ["deelnemer1@gemeente.example", "deelnemer2@gemeente.example"]
    assert len({r.id for r in regs}) == 2
