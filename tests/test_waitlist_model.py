"""The waiting list against a model: random signups, cancels, confirms, expiries and capacity
changes keep the stored state equal to the model and the invariants true after every step.

Reads and commits interleave: ``read`` keeps a view (the event, the registrations, the first
in line) and the ``*_on_a_stale_view`` steps commit later with what that view showed, as a
concurrent request would. The store must then refuse exactly the commits the present state
does not allow (store.seats' conditions), and accept the others. A waiting-list join does not
write the event item (issue 27): the store takes it, and the use case's check after the commit
(``signups._after_joining``) moves the list up when a seat is free."""
import itertools
import time
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from conftest import DEMO_EVENT

PEOPLE = [f"p{i}@example.org" for i in range(7)]
SEATED = ("confirmed", "pending")
_ids = itertools.count()


@dataclass(frozen=True)
class View:
    """What a request read before it committed."""
    event: object               # models.Event with its counters
    regs: dict                  # email -> its latest Registration
    first_waiting: object       # the first waitlisted Registration, or None


class WaitingList(RuleBasedStateMachine):
    views = Bundle("views")
    pooled = False      # the seats on 2 seat pools (chalicelib.store.pools), not on the event item

    def __init__(self):
        super().__init__()
        from chalicelib import events, signups
        self.event_id = f"model-{next(_ids)}"
        self.capacity = 2
        body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
        body.update(capacity=self.capacity, double_opt_in=True, fields=[], consent_required=False)
        self.body = body
        signups.apply_event(events.validate(self.event_id, body))
        assert len(signups.get_event(self.event_id).pools) == (2 if self.pooled else 0)
        self.model = []          # [email, rid, status] in signup order
        self.seated_at_last_cut = 0   # lowering capacity never cancels: seats may exceed it

    # ------------------------------------------------------------ model helpers

    def seated(self):
        return [p for p in self.model if p[2] in SEATED]

    def waiting(self):
        return [p for p in self.model if p[2] == "waitlisted"]

    def active(self, email):
        return next((p for p in self.model if p[0] == email and p[2] in SEATED + ("waitlisted",)), None)

    def promote_while_free(self):
        while len(self.seated()) < self.capacity and self.waiting():
            self.waiting()[0][2] = "pending"

    def by_id(self, rid):
        return next(p for p in self.model if p[1] == rid)

    def release(self, person, status):
        person[2] = status
        self.promote_while_free()      # after a capacity cut a freed seat just goes

    # ------------------------------------------------------------ rules

    @rule(email=st.sampled_from(PEOPLE))
    def signup(self, email):
        from chalicelib import signups
        from chalicelib import store
        answer = signups.register(self.event_id, {"name": "Naam", "email": email})
        expected = "pending" if len(self.seated()) < self.capacity and not self.waiting() else "waitlisted"
        assert answer.status == expected        # a repeat is told what a newcomer would get
        existing = self.active(email)
        if existing:
            assert store.roster.registration_by_email(self.event_id, email).id == existing[1]
            return
        assert store.roster.get_registration(self.event_id, answer.id).status == expected
        self.model.append([email, answer.id, expected])

    @rule(email=st.sampled_from(PEOPLE))
    def cancel(self, email):
        from chalicelib import signups, store
        person = self.active(email)
        if person:
            signups.cancel(store.roster.get_registration(self.event_id, person[1]))
            self.release(person, "cancelled")

    @rule(email=st.sampled_from(PEOPLE))
    def confirm(self, email):
        from chalicelib import signups, store
        person = self.active(email)
        if person and person[2] == "pending":
            signups.confirm(store.roster.get_registration(self.event_id, person[1]))
            person[2] = "confirmed"

    @rule(email=st.sampled_from(PEOPLE))
    def expire(self, email):
        from chalicelib import signups, store
        person = self.active(email)
        if person and person[2] == "pending":
            signups.expire(store.roster.get_registration(self.event_id, person[1]))
            self.release(person, "expired")

    @rule(capacity=st.integers(min_value=1, max_value=5))
    def change_capacity(self, capacity):
        from chalicelib import events, signups
        signups.apply_event(events.validate(self.event_id, {**self.body, "capacity": capacity}))
        if capacity < self.capacity:
            self.seated_at_last_cut = len(self.seated())
        self.capacity = capacity
        self.promote_while_free()

    # ------------------------------------------------------------ stale views: read now, commit later

    @rule(target=views)
    def read(self):
        from chalicelib import store
        regs = {r.email: r for r in store.roster.registrations(self.event_id, consistent=True)}
        return View(store.events.get_event(self.event_id, consistent=True), regs, store.roster.first_waitlisted(self.event_id))

    @rule(view=views, email=st.sampled_from(PEOPLE))
    def signup_on_a_stale_view(self, view, email):
        from chalicelib import store
        from chalicelib.models import Registration
        seated = view.event.seats_taken < view.event.capacity and view.event.waitlist_count == 0
        now = datetime.now(timezone.utc)
        reg = Registration(id=store.roster.new_registration_id(), event_id=self.event_id,
                           status="pending" if seated else "waitlisted", name="Naam", email=email, locale="nl",
                           created_at=now, updated_at=now, expires_at=int(time.time()) + 86400,
                           pool=store.pools.pick(view.event.pools) if seated else None)
        right = len(self.seated()) < self.capacity and not self.waiting()
        try:
            store.seats.insert_registration(reg, email, seated=seated, now=time.time(), pools=view.event.pools,
                                            epoch=view.event.waitlist_epoch)
        except store.seats.Rejected as refused:
            wrong = seated and not right       # a join is refused only for a duplicate (issue 27)
            if self.pooled and refused.what == "event":     # the pool it read (with room, unmarked) is not
                return                                      # so now: the use case reads again
            assert refused.what == ("event" if wrong else "duplicate"), refused.what
            assert wrong or self.active(email)
            return
        assert (right or not seated) and not self.active(email)
        self.model.append([email, reg.id, reg.status])
        if not seated:      # the join's own check after its commit: a free seat moves the list up
            from chalicelib import signups
            signups._after_joining(reg, email, now, False)
            self.promote_while_free()

    @rule(view=views, email=st.sampled_from(PEOPLE))
    def cancel_on_a_stale_view(self, view, email):
        from chalicelib import store
        from chalicelib.errors import Conflict
        stale = view.regs.get(email)
        if stale is None or stale.status not in SEATED + ("waitlisted",):
            return
        person, event = self.by_id(stale.id), view.event
        nxt = view.first_waiting if stale.status in SEATED and event.seats_taken <= event.capacity else None
        allowed = person[2] == stale.status
        if stale.status in SEATED and nxt:
            allowed = allowed and self.by_id(nxt.id)[2] == "waitlisted" and len(self.seated()) <= self.capacity
        elif stale.status in SEATED:
            allowed = allowed and (not self.waiting() or len(self.seated()) > self.capacity)
        try:
            store.seats.release(stale, "cancelled", promote=nxt, promote_to="pending", now=datetime.now(timezone.utc),
                                pools=event.pools)
        except Conflict:    # on pools a stale view may also name a way that no longer holds: the use case reads again
            assert not allowed or self.pooled, "the store refused a release the present state allows"
            return
        assert allowed, "the store accepted a release the present state does not allow"
        person[2] = "cancelled"
        if nxt:
            self.by_id(nxt.id)[2] = "pending"

    @rule(view=views, email=st.sampled_from(PEOPLE))
    def confirm_on_a_stale_view(self, view, email):
        from chalicelib import store
        stale = view.regs.get(email)
        if stale is None or stale.status != "pending":
            return
        person = self.by_id(stale.id)
        assert store.seats.confirm(stale, None, datetime.now(timezone.utc)) is (person[2] == "pending")
        if person[2] == "pending":
            person[2] = "confirmed"

    @rule(view=views)
    def promote_on_a_stale_view(self, view):
        from chalicelib import store
        from chalicelib.errors import Conflict
        if view.first_waiting is None:
            return
        person = self.by_id(view.first_waiting.id)
        allowed = person[2] == "waitlisted" and len(self.seated()) < self.capacity
        try:
            store.seats.promote(view.first_waiting, "pending", None, datetime.now(timezone.utc), pools=view.event.pools)
        except Conflict:
            assert not allowed or self.pooled, "the store refused a promotion the present state allows"
            return
        assert allowed, "the store accepted a promotion the present state does not allow"
        person[2] = "pending"

    # ------------------------------------------------------------ invariants

    @invariant()
    def never_oversold_by_a_newcomer_or_promotion(self):
        assert len(self.seated()) <= max(self.capacity, self.seated_at_last_cut)

    @invariant()
    def store_matches_model(self):
        from chalicelib import store
        stored = [(r.email, r.id, r.status) for r in store.roster.registrations(self.event_id, consistent=True)]
        assert stored == [tuple(p) for p in self.model]
        event = store.events.get_event(self.event_id, consistent=True)
        seated = [s for s in stored if s[2] in SEATED]
        waiting = [s for s in stored if s[2] == "waitlisted"]
        assert event.seats_taken == len(seated)
        assert event.waitlist_count == len(waiting)
        assert not (waiting and len(seated) < self.capacity), "a free seat while someone waits"
        active = [s[0] for s in stored if s[2] in SEATED + ("waitlisted",)]
        assert len(active) == len(set(active)), "one person holds two places"


@pytest.mark.parametrize("pooled", [False, True], ids=["event item", "seat pools"])
def test_waiting_list_state_machine(table, monkeypatch, pooled):
    # moto's own transactions copy the whole table once per item; a seat's transaction names the
    # waiting-list shards too (issue 27), so the journaled ones (benchmarks/moto_speed.py, held to
    # moto's outcome by tests/test_bench_moto_speed.py) keep this test's time and memory in bounds
    from benchmarks.moto_speed import journaled_transactions
    undo = journaled_transactions()
    if pooled:      # 2 seats make 2 pools: the same rules, the seats on pools of one seat each
        from chalicelib import store
        monkeypatch.setattr(store.pools, "SEATS_PER_POOL", 1)
    monkeypatch.setattr(WaitingList, "pooled", pooled)
    try:
        _run()
    finally:
        undo()


def _run():
    run_state_machine_as_test(WaitingList, settings=settings(
        max_examples=40, stateful_step_count=25, deadline=None, suppress_health_check=list(HealthCheck)))
