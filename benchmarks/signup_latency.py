"""Warm signup latency in-process against moto: our request path beside its one AWS call.

N signups go through ``chalice.test.Client`` (routing, body parsing, validation, the
transaction, the answer) on a warm process, event cache on. Every TransactWriteItems
they send is recorded; the table is then made afresh and the very same transactions
are sent straight from a plain boto3 client, in order. Both runs pay moto alike, so
the ratio is what our code adds to its single call. Goal: p50 and p99 <= 1.3x.

moto's own cost per transaction grows with the table; benchmarks/moto_speed.py removes
that growth for both runs alike.
"""
import copy
import json
import os
import statistics
import time

GOAL = 1.3
WARMUP = 20


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(ms):
    return {"p50": round(statistics.median(ms), 3), "p99": round(_percentile(ms, 0.99), 3), "n": len(ms)}


def _fresh_table(event_body, capacity):
    from chalicelib import aws, events, signups, store
    try:
        aws.dynamodb().delete_table(TableName=aws.table_name())
    except aws.dynamodb().exceptions.ResourceNotFoundException:
        pass
    store.create_table(aws.table_name())
    signups.save_event(events.validate("latency", {**event_body, "capacity": capacity, "waitlist_enabled": True}))


def measure(count, demo_path):
    """Run in a process of its own (it sets the environment and starts moto)."""
    os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "eu-west-1",
                       "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled", "TABLE_NAME": "signups-latency",
                       "TOKEN_SECRET": "bench", "RATE_LIMIT_PER_MINUTE": "1000000", "EVENT_CACHE_SECONDS": "5",
                       "PUBLIC_BASE_URL": "https://signup.test"})
    os.environ.pop("AWS_ENDPOINT_URL", None)
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
        _fresh_table(body, capacity=total)
        import app
        aws.dynamodb().meta.events.register("provide-client-params", record)
        ours = []
        with Client(app.app) as client:
            for n in range(total):
                payload = json.dumps({"name": f"Snelle Deelnemer {n}", "email": f"snel{n}@gemeente.example",
                                      "consent": True, "organisation": "Gemeente Almere"})
                started = time.perf_counter()
                response = client.http.post("/events/latency/signups", body=payload,
                                            headers={"Content-Type": "application/json"})
                ours.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 201, response.body
        assert len(sent) == total, len(sent)
        _fresh_table(body, capacity=total)
        bare = boto3.session.Session().client("dynamodb")
        floor = []
        for params in sent:
            started = time.perf_counter()
            bare.transact_write_items(**params)
            floor.append((time.perf_counter() - started) * 1000)
    ours, floor = summary(ours[WARMUP:]), summary(floor[WARMUP:])
    return {"ours": ours, "floor": floor, "ratio_p50": round(ours["p50"] / floor["p50"], 2),
            "ratio_p99": round(ours["p99"] / floor["p99"], 2)}


if __name__ == "__main__":
    import sys
    print(json.dumps(measure(int(sys.argv[1]), sys.argv[2])))
