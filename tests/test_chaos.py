"""The chaos run: 200 signups, cancels and confirms while a seeded 10% of AWS calls fail.

Afterwards: no answer was a 500; every refused signup stored nothing; the seat counters
equal the registrations; and once the faults stop, the email worker (driven by hand, as
Lambda would, retrying a batch that raises) sends every accepted signup its mails, each
exactly once.
"""
import json
import random
import time
from collections import Counter
from email import message_from_string, policy

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from aws_faults import faults  # noqa: F401 - the fixture
from chalicelib import outbox, store, tokens
from conftest import make_event, person, signup
from test_faults import seats_are_consistent
from test_outbox import drain, stream  # noqa: F401 - the fixture

SEED, RATE, OPERATIONS = 20261209, 0.10, 200
EVENTS = {"chaos-open": {"capacity": 50}, "chaos-opt-in": {"capacity": 45, "double_opt_in": True}}


def test_chaos(client, admin_token, stream, faults):  # noqa: F811
    for event_id, overrides in EVENTS.items():
        make_event(client, admin_token, id=event_id, **overrides)
    drain(stream)
    rng = random.Random(SEED)
    accepted, refused, answers = {}, [], Counter()

    started = time.monotonic()
    faults.chaos(RATE, SEED)
    for n in range(OPERATIONS):
        event_id = rng.choice(list(EVENTS))
        action = rng.choices(["signup", "cancel", "confirm"], [6, 2, 2])[0] if accepted else "signup"
        if action == "signup":
            body = person(n)
            response = signup(client, event_id, **body)
            if response.status_code == 201:
                accepted[body["email"]] = (event_id, json.loads(response.body)["status"])
            else:
                refused.append((event_id, body["email"]))
        else:
            email = rng.choice(sorted(accepted))
            with faults.paused():
                reg = store.roster.registration_by_email(accepted[email][0], store.roster.normalise(email))
            if reg is None:       # cancelled earlier: its marker is gone
                continue
            response = client.http.post(f"/registrations/{tokens.sign(reg.event_id, reg.id)}/{action}",
                                        headers={"Accept": "application/json"})
        answers[response.status_code] += 1
        assert response.status_code in (200, 201, 409, 503), response.body
    faults.stop()
    print(f"chaos: {OPERATIONS} operations in {time.monotonic() - started:.1f} s, answers {dict(answers)}, "
          f"{len(faults.failed)} of {len(faults.calls)} AWS calls failed")

    assert answers[503] > 0 and len(faults.failed) > 0     # the run did meet faults
    assert answers[500] == 0
    for event_id, email in refused:                         # a refused signup stored nothing
        assert store.roster.registration_by_email(event_id, store.roster.normalise(email)) is None
    for event_id in EVENTS:
        seats_are_consistent(event_id)

    records, rounds = drain(stream), 0
    while True:                             # Lambda retries a batch that raises
        rounds += 1
        try:
            outbox.handle(records, sleep=lambda seconds: None)
            break
        except outbox.RetryBatch:
            assert rounds < 5
    assert rounds == 1      # faults stopped: the first delivery sends everything
    print(f"chaos: the worker sent the mails in {time.monotonic() - started:.1f} s since the start")

    mails = [message_from_string(m.raw_data, policy=policy.default)
             for m in ses_backends[DEFAULT_ACCOUNT_ID]["eu-west-1"].sent_messages]
    per_mail = Counter((m["X-Registration-Id"], m["Subject"]) for m in mails)
    assert [key for key, count in per_mail.items() if count > 1] == []     # nothing twice
    registrations = [r for event_id in EVENTS for r in store.roster.registrations(event_id, consistent=True)]
    assert sorted(r.email for r in registrations) == sorted(accepted)
    assert {r.email_status for r in registrations} == {"sent"}
    assert {m["X-Registration-Id"] for m in mails} == {r.id for r in registrations}
