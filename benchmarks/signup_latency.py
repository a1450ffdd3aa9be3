"""Warm signup latency in-process against moto: our request path beside its one AWS call.

N signups go through ``chalice.test.Client`` (routing, body parsing, validation, the
transaction, the answer) on a warm process, event cache on. Right after each, the very
TransactWriteItems it sent is sent again straight from a plain boto3 client to a twin
table (same event, same size at every step). Both pay moto alike, interleaved so that a
busy moment of the machine hits both, so the ratio is what our code adds to its single call. Goal: p50 and p99 <= 1.3x. Wall and
CPU time are both kept: the machine is shared, and CPU time is the steadier of the two.

moto's own cost per transaction grows with the table; benchmarks/moto_speed.py removes
that growth for both runs alike.
"""
import copy
import json
import os
import statistics
import time

from benchmarks import use_in_process_emulator

GOAL = 1.3
WARMUP = 20


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(ms):
    return {"p50": round(statistics.median(ms), 3), "p99": round(_percentile(ms, 0.99), 3), "n": len(ms)}


def _table(name, event_body, capacity):
    from chalicelib import aws, config, events, signups, store
    os.environ["TABLE_NAME"] = name
    config.settings.cache_clear()
    store.table.create_table(aws.table_name())
    signups.apply_event(events.validate("latency", {**event_body, "capacity": capacity, "waitlist_enabled": True}))


def _to_twin(params, twin):
    for entry in params["TransactItems"]:
        next(iter(entry.values()))["TableName"] = twin
    return params


def measure(count, demo_path):
    """Run in a process of its own (it sets the environment and starts moto)."""
    # the limits are counted as always, set high enough that 2,000 signups in a few minutes pass
    use_in_process_emulator("signups-latency", RATE_LIMIT_PER_MINUTE="1000000", EVENT_LIMIT_PER_MINUTE="1000000",
                            EVENT_CACHE_SECONDS="5",
                            PUBLIC_BASE_URL="https://signup.test")
    import boto3
    from chalice.test import Client
    from moto import mock_aws

    from chalicelib import aws, logs
    logs._handler.setStream(open(os.devnull, "w"))     # the lines are still formatted, as on Lambda
    body = json.loads(open(demo_path).read())
    body.pop("id")
    total = WARMUP + count
    sent = []

    def record(params, model, **_):
        if model.name == "TransactWriteItems":
            sent.append(copy.deepcopy(params))

    from benchmarks.moto_speed import journaled_transactions
    journaled_transactions()
    with mock_aws():
        _table("signups-floor", body, capacity=total)
        _table("signups-latency", body, capacity=total)
        import app
        aws.dynamodb().meta.events.register("provide-client-params", record)
        bare = boto3.session.Session().client("dynamodb")
        ours, ours_cpu, floor, floor_cpu = [], [], [], []
        with Client(app.app) as client:
            for n in range(total):
                payload = json.dumps({"name": f"Snelle Deelnemer {n}", "email": f"snel{n}@gemeente.example",
                                      "consent": True, "organisation": "Gemeente Almere"})
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.http.post("/events/latency/signups", body=payload,
                                            headers={"Content-Type": "application/json"})
                ours.append((time.perf_counter() - started) * 1000)
                ours_cpu.append((time.process_time() - started_cpu) * 1000)
                assert response.status_code == 201, response.body
                # a signup is two transactions (limits, then the seat): the floor sends both
                twins = [_to_twin(params, "signups-floor") for params in sent]
                sent.clear()
                started, started_cpu = time.perf_counter(), time.process_time()
                for params in twins:
                    bare.transact_write_items(**params)
                floor.append((time.perf_counter() - started) * 1000)
                floor_cpu.append((time.process_time() - started_cpu) * 1000)
                assert len(twins) == 2
    ours, floor = summary(ours[WARMUP:]), summary(floor[WARMUP:])
    ours_cpu, floor_cpu = summary(ours_cpu[WARMUP:]), summary(floor_cpu[WARMUP:])
    return {"ours": ours, "floor": floor, "ratio_p50": round(ours["p50"] / floor["p50"], 2),
            "ratio_p99": round(ours["p99"] / floor["p99"], 2), "ours_cpu": ours_cpu, "floor_cpu": floor_cpu,
            "ratio_cpu_p50": round(ours_cpu["p50"] / floor_cpu["p50"], 2),
            "ratio_cpu_p99": round(ours_cpu["p99"] / floor_cpu["p99"], 2)}


if __name__ == "__main__":
    import sys
    print(json.dumps(measure(int(sys.argv[1]), sys.argv[2])))
