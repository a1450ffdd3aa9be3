"""The export worker at 500,000 rows (BENCH_SCALE_ROWS): time and peak memory of one job.

The emulator cannot hold that many: its Query compares every item of the partition for
each page (paging N rows costs O(N^2); 100,000 rows took 25 minutes), and seeding 500,000
items through it takes about an hour. So here the job runs its own code path whole,
``export_jobs.start`` then ``export_runs.run`` (claim, the event, Query pages turned into
registrations, rendering, the S3 multipart upload in 8 MiB parts, the audit record, the
organiser's mail), against the emulator, with one change: the DynamoDB ``Query`` for
the event's registrations answers generated pages (1,000 items each, in the stored item
shape) instead of the emulator's. Each format runs in a fresh process; peak is its max RSS.
"""
import itertools
import json
import os
import pathlib
import subprocess
import sys
import time
from datetime import datetime, timezone

ROOT = pathlib.Path(__file__).resolve().parent.parent
EVENT = "bench-scale"


def main(rows: int) -> dict:
    """Both formats at ``rows``, against the locked moto server of ``make dev`` (a process of
    its own, so the uploaded parts do not count in the worker's memory)."""
    sys.path.insert(0, str(ROOT))
    from scripts import devstack, emulator
    server, url = emulator.start()
    env = {**devstack.local_env(url, "http://127.0.0.1:8000"), "TABLE_NAME": "signups-scale",
           "EXPORT_BUCKET": "signups-exports-scale"}
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        _provision()
        results = {}
        for fmt in ("csv", "xlsx"):
            out = subprocess.run([sys.executable, "-m", "benchmarks.export_scale", fmt, str(rows)], cwd=ROOT,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
            if out.returncode:
                raise RuntimeError(out.stderr[-3000:])
            results[fmt] = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"export job {fmt} {rows:,} rows: {results[fmt]}", flush=True)
    finally:
        server.shutdown()
        os.environ.clear()
        os.environ.update(saved)
    return results


def _provision():
    from chalicelib import aws, events, signups, store
    store.table.create_table(aws.table_name())
    aws.s3().create_bucket(Bucket=os.environ["EXPORT_BUCKET"],
                           CreateBucketConfiguration={"LocationConstraint": os.environ["AWS_DEFAULT_REGION"]})
    demo = json.loads((ROOT / "demo" / "circulaire-economie-2026-12-09.json").read_text())
    demo.pop("id")
    signups.apply_event(events.validate(EVENT, {**demo, "capacity": None}))


def _generated_pages(client, count):
    """Make ``client.query`` answer the event's registration pages from generated items."""
    from benchmarks.export_bench import _generated
    from chalicelib import store
    real, source = client.query, {"next": 0, "rows": _generated(EVENT, count)}

    def query(**kwargs):
        if kwargs["ExpressionAttributeValues"][":pk"]["S"] != f"EVENT#{EVENT}":
            return real(**kwargs)
        start = kwargs.get("ExclusiveStartKey")
        first = int(start["SK"]["S"][-12:], 16) + 1 if start else 0
        assert first == source["next"], "the job pages forward, once"
        regs = list(itertools.islice(source["rows"], kwargs["Limit"]))
        source["next"] += len(regs)
        page = {"Items": [store.roster.registration_item(r, r.email) for r in regs]}
        if first + len(regs) < count:
            page["LastEvaluatedKey"] = {"PK": {"S": f"EVENT#{EVENT}"}, "SK": {"S": store.roster.REG_PREFIX + regs[-1].id}}
        return page
    client.query = query


def child(fmt: str, rows: int) -> dict:
    import app  # noqa: F401  (the handler's imports count in the baseline)
    import xlsxwriter  # noqa: F401
    from benchmarks.export_bench import _reset_peak_rss_mb, _status_mb
    from chalicelib import aws, export_jobs, export_runs, logs
    logs._handler.setStream(open(os.devnull, "w"))
    aws.s3().list_buckets()
    _generated_pages(aws.dynamodb(), rows)
    baseline = _reset_peak_rss_mb()
    started, started_cpu = time.perf_counter(), time.process_time()
    now = datetime.now(timezone.utc)
    job = export_jobs.start(EVENT, {"format": fmt}, "*/*", token_id="bench", now=now)
    done = export_runs.run(EVENT, job.id, now)
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    peak = _status_mb("VmHWM")
    assert done.state == "done", done
    assert done.rows == rows, (done.rows, rows)
    parts = aws.s3().head_object(Bucket=os.environ["EXPORT_BUCKET"], Key=done.object_key, PartNumber=1)
    from chalicelib import exports, signups
    cells = rows * len(exports.columns(signups.get_event(EVENT)))
    return {"rows": done.rows, "bytes": done.size, "parts": parts.get("PartsCount", 1), "cells": cells,
            "cpu_us_per_cell": round(cpu / cells * 1e6, 3),
            "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "rows_per_s": round(rows / seconds),
            "baseline_mb": round(baseline, 1), "peak_mb": round(peak, 1),
            "peak_above_baseline_mb": round(peak - baseline, 1)}


if __name__ == "__main__":
    if sys.argv[1] == "--all":
        print(json.dumps(main(int(sys.argv[2]))))
    else:
        print(json.dumps(child(sys.argv[1], int(sys.argv[2]))))
