"""Mail cost: render plus MIME per mail (goal: median <= 5 ms), and an outbox run.

- ``render``: ``emails.build_message`` (three templates, css-inline, Babel dates, the
  calendar invite, the MIME tree and its bytes) for every kind in both languages, warm;
  wall time and CPU time (the machine is shared: CPU time is the steadier figure).
- ``outbox``: N signups, then their stream records handed to ``outbox.handle`` 25 at a
  time as Lambda would: claim, render, send through (moto's) SESv2, record. In-process
  moto, with benchmarks/moto_speed.py's journaled transactions.
"""
import json
import os
import statistics
import time

from benchmarks import use_in_process_emulator

GOAL_MS = 5.0


def render(per_kind, demo_path):
    from datetime import datetime, timezone

    from chalicelib import emails, events
    from chalicelib.models import Registration
    body = json.loads(open(demo_path).read())
    event = events.from_definition(events.validate(body.pop("id"), body))
    hold = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    times, cpu = [], []
    for kind in emails.KINDS:
        for locale in ("nl", "en"):
            for n in range(per_kind + 1):
                reg = Registration(id=f"r{n}", event_id=event.id, status="confirmed", name=f"Zoë de Vries {n}",
                                   email=f"zoe{n}@example.org", locale=locale, hold_until=hold)
                started, started_cpu = time.perf_counter(), time.process_time()
                emails.build_message(kind, event, reg, {"manage_url": f"https://signup.test/registrations/t{n}"},
                                     "aanmelden@signup.test", {"position": 3}).as_bytes()
                if n:               # the first of each is the template's compile
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
    return {"median_ms": round(statistics.median(times), 2), "p99_ms": round(sorted(times)[int(0.99 * (len(times) - 1))], 2),
            "median_cpu_ms": round(statistics.median(cpu), 2), "mails": len(times)}


def outbox(count, demo_path):
    use_in_process_emulator("signups-mail", RATE_LIMIT_PER_MINUTE="0", EVENT_LIMIT_PER_MINUTE="1000000",
                            SENDER_EMAIL="aanmelden@signup.test",
                            PUBLIC_BASE_URL="https://signup.test")
    from moto import mock_aws

    from benchmarks.moto_speed import journaled_transactions
    from chalicelib import aws, events, logs, outbox as worker, signups, store
    from scripts import emulator
    from scripts.pump import StreamReader
    logs._handler.setStream(open(os.devnull, "w"))
    journaled_transactions()
    emulator.add_ses_get_account()      # moto lacks SESv2 GetAccount, which the worker's pacing reads
    emulator.SES_ACCOUNT["MaxSendRate"] = 1000.0    # SES's own pace is not what this measures
    body = json.loads(open(demo_path).read())
    body.pop("id")
    with mock_aws():
        stream_arn = store.table.create_table(aws.table_name())
        aws.sesv2().create_email_identity(EmailIdentity=os.environ["SENDER_EMAIL"])
        signups.apply_event(events.validate("mail-bench", {**body, "capacity": count}))
        for n in range(count):
            signups.register("mail-bench", {"name": f"Post {n}", "email": f"post{n}@gemeente.example",
                                            "consent": True, "organisation": "Gemeente Delft",
                                            "locale": "en" if n % 3 == 0 else "nl"})
        reader = StreamReader(stream_arn)
        records = reader.poll(limit=100_000)
        started = time.perf_counter()
        outcomes = []
        for start in range(0, len(records), 25):
            outcomes += worker.handle(records[start:start + 25])
        seconds = time.perf_counter() - started
    sent = sum(1 for _, _, outcome in outcomes if outcome == "sent")
    assert sent == count, (sent, count)
    return {"mails": sent, "records": len(records), "seconds": round(seconds, 2),
            "ms_per_mail": round(seconds * 1000 / sent, 2), "mails_per_s": round(sent / seconds, 1)}


if __name__ == "__main__":
    import sys
    what, size, demo = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    print(json.dumps(render(size, demo) if what == "render" else outbox(size, demo)))
