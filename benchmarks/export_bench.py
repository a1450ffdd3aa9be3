"""``make bench``: export 100,000 registrations through the handler against the emulator.

Starts the locked moto server (as ``make dev`` does), seeds two events (BENCH_ROWS and
BENCH_SMALL_ROWS registrations, written with BatchWriteItem), then runs every measurement
in a fresh subprocess so that its peak RSS is its own:

- ``csv`` and ``xlsx``: ``GET /events/{id}/registrations`` through ``chalice.test.Client``
  (authorizer, handler, Query pages, rendering, S3 upload and presigned URL when big);
- ``query``: only paging the same Query (boto3, same page size), the floor to compare with;
- ``csv-render``, ``xlsx-render``: the exporter alone on BENCH_RENDER_ROWS generated
  registrations, no I/O, to separate our cost from the emulator's;
- ``csv-job``, ``xlsx-job``: the export worker of an export too big for one answer
  (chalicelib.export_jobs): Query pages, rendering, S3 multipart upload in 8 MiB parts.

Returns its section of benchmarks/RESULTS.md (benchmarks/run.py writes the file). These are
measurements, not timed tests.
"""
import json
import os
import pathlib
import platform
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIG, SMALL = "bench-big", "bench-small"
cells_measured = {}
NAMES = ["Anne de Vries", "Zoë Çelik", "Jan \"de Man\", BV", "=1+1", "李小龙", "Sam O'Brien"]


def main() -> str:
    """Seed, measure and return the markdown section (sizes from BENCH_ROWS, BENCH_SMALL_ROWS)."""
    rows, small_rows = int(os.environ.get("BENCH_ROWS", "100000")), int(os.environ.get("BENCH_SMALL_ROWS", "10000"))
    sys.path.insert(0, str(ROOT))
    from benchmarks import use_environment
    from scripts import devstack, emulator
    server, url = emulator.start()
    env = {**devstack.local_env(url, "http://127.0.0.1:8000"), "TABLE_NAME": "signups-bench",
           "EXPORT_BUCKET": "signups-exports-bench"}
    use_environment(env)
    try:
        token, seeding = _provision(rows, small_rows)
        env.update(BENCH_TOKEN=token, BENCH_ROWS=str(rows), BENCH_SMALL_ROWS=str(small_rows),
                   BENCH_RENDER_ROWS=os.environ.get("BENCH_RENDER_ROWS", str(rows)))
        cases = [(BIG, "query"), (BIG, "csv"), (BIG, "xlsx"), (BIG, "csv-job"), (BIG, "xlsx-job"),
                 (SMALL, "query"), (SMALL, "csv"), (SMALL, "xlsx"), (SMALL, "csv-job"), (SMALL, "xlsx-job"),
                 (BIG, "csv-render"), (BIG, "xlsx-render"), (SMALL, "csv-render"), (SMALL, "xlsx-render")]
        measured = [{"event": e, "what": what, **_measure_in_child(env, e, what)} for e, what in cases]
    finally:
        server.shutdown()
    # the synchronous export's CPU per cell, through the handler (real Query pages, parsed by botocore):
    # what chalicelib.export_jobs.CPU_SECONDS_PER_CELL must not be below (benchmarks/run.py stores it)
    cells_measured.update({m["what"]: m["cpu_us_per_cell"] for m in measured
                           if m["event"] == BIG and m["what"] in ("csv", "xlsx")})
    return _report(measured, seeding, rows, small_rows)


def _provision(rows, small_rows):
    from chalicelib import auth, aws, events, signups, store
    store.table.create_table(os.environ["TABLE_NAME"])
    aws.s3().create_bucket(Bucket=os.environ["EXPORT_BUCKET"],
                           CreateBucketConfiguration={"LocationConstraint": os.environ["AWS_DEFAULT_REGION"]})
    demo = json.loads((ROOT / "demo" / "circulaire-economie-2026-12-09.json").read_text())
    demo.pop("id")
    seeding = {}
    for event_id, count in ((BIG, rows), (SMALL, small_rows)):
        signups.apply_event(events.validate(event_id, {**demo, "capacity": None}))
        started = time.perf_counter()
        _seed(event_id, count)
        seeding[event_id] = (count, time.perf_counter() - started)
        print(f"seeded {count} registrations into {event_id} in {seeding[event_id][1]:.1f} s", flush=True)
    return auth.mint("export", [BIG, SMALL], label="make bench")[1], seeding


def _seed(event_id, count):
    """``count`` registrations in signup order, 25 per BatchWriteItem (retrying unprocessed items)."""
    from chalicelib import aws, store
    batch = []
    for n, reg in enumerate(_generated(event_id, count)):
        batch.append({"PutRequest": {"Item": store.roster.registration_item(reg, reg.email)}})
        if len(batch) == 25 or n == count - 1:
            pending = {aws.table_name(): batch}
            while pending:
                pending = aws.dynamodb().batch_write_item(RequestItems=pending).get("UnprocessedItems")
            batch = []


def _generated(event_id, count):
    from chalicelib.models import Registration
    start = datetime(2026, 10, 1, 8, 0, tzinfo=timezone.utc)
    for n in range(count):
        at = start + timedelta(seconds=n * 7)
        yield Registration(
            id=f"{int(at.timestamp() * 1000):013x}{n:012x}", event_id=event_id, status="confirmed",
            name=f"{NAMES[n % len(NAMES)]} {n}", email=f"deelnemer{n}@gemeente.example", locale="nl",
            answers={"organisation": f"Gemeente {n % 342}"}, consent_given_at=at, consent_version="v1",
            created_at=at, updated_at=at, email_status="sent")


def _measure_in_child(env, event_id, what):
    out = subprocess.run([sys.executable, "-m", "benchmarks.export_bench", "--measure", event_id, what],
                         cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{event_id} {what}: {result}", flush=True)
    return result


# ---------------------------------------------------------------- in the child

def measure(event_id, what) -> dict:
    """One measurement in this fresh process: seconds, rows, and RSS before and at peak."""
    import app  # noqa: F401  (imports of the handler path count in the baseline)
    import xlsxwriter  # noqa: F401
    from chalice.test import Client
    from chalicelib import aws, exports, signups, store
    aws.dynamodb().describe_table(TableName=aws.table_name())
    aws.s3().list_buckets()
    baseline = _reset_peak_rss_mb()
    started, started_cpu = time.perf_counter(), time.process_time()
    if what.endswith("-render"):
        rows, detail = _render_only(what.split("-")[0], event_id), {}
    elif what.endswith("-job"):
        rows, detail = _run_job(what.split("-")[0], event_id)
    elif what == "query":
        rows, detail = _page_the_query(event_id), {}
    else:
        with Client(app.app) as client:
            response = client.http.get(f"/events/{event_id}/registrations?format={what}",
                                       headers={"Authorization": f"Bearer {os.environ['BENCH_TOKEN']}",
                                                "Accept": "*/*"})
        assert response.status_code in (200, 303), response.body[:500]
        audit = next(store.organisers.list_audit(event_id))
        rows, detail = audit["rows"], {"status": response.status_code, "delivery": audit["delivery"]}
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    peak = _status_mb("VmHWM")      # before _size, which may download the exported object
    columns = len(exports.columns(signups.get_event(event_id)))
    if "status" in detail and "bytes" not in detail:
        detail["bytes"] = _size(response)
    # this process's CPU: our code and botocore's (the emulator is a thread of the parent process)
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds),
            "cpu_seconds": round(cpu, 2), "cpu_us_per_cell": round(cpu / (rows * columns) * 1e6, 3) if rows else None,
            "baseline_mb": round(baseline, 1), "peak_mb": round(peak, 1), **detail}


def _run_job(fmt, event_id):
    """What the export worker does for a job: claim, Query pages, render, multipart upload."""
    from chalicelib import export_jobs, export_runs
    now = datetime.now(timezone.utc)
    job = export_jobs.start(event_id, {"format": fmt}, "*/*", token_id="bench", now=now)
    done = export_runs.run(event_id, job.id, now)
    assert done.state == "done", done
    return done.rows, {"status": "job", "delivery": "s3 parts", "bytes": done.size}


def _render_only(fmt, event_id):
    """The exporter alone, fed generated registrations: no DynamoDB, no S3, no emulator."""
    import tempfile
    from chalicelib import exports, signups
    from chalicelib.downloads import Counted
    count = Counted(_generated(event_id, int(os.environ["BENCH_RENDER_ROWS" if event_id == BIG else "BENCH_SMALL_ROWS"])))
    event = signups.get_event(event_id)
    with tempfile.TemporaryFile() as out:
        if fmt == "xlsx":
            exports.xlsx_write(event, count, out)
        else:
            for chunk in exports.csv_chunks(event, count):
                out.write(chunk)
    return count.count


def _page_the_query(event_id):
    from chalicelib import aws, downloads, store
    kwargs = dict(TableName=aws.table_name(), Limit=downloads.PAGE_SIZE, KeyConditionExpression="PK = :pk AND begins_with(SK, :reg)",
                  ExpressionAttributeValues=store.table.values(pk=f"EVENT#{event_id}", reg=store.roster.REG_PREFIX))
    return sum(len(page["Items"]) for page in aws.dynamodb().get_paginator("query").paginate(**kwargs))


def _size(response):
    if response.status_code == 200:
        return len(response.body)
    import requests
    with requests.get(response.headers["Location"], timeout=60, stream=True) as got:
        return sum(len(chunk) for chunk in got.iter_content(1 << 20))


def _reset_peak_rss_mb():
    """Reset this process's peak RSS (VmHWM) and return its RSS now.

    ru_maxrss is no use in a child: Linux carries the parent's peak across fork and exec.
    """
    try:
        pathlib.Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
    return _status_mb("VmRSS")


def _status_mb(key):
    line = next(line for line in _lines("/proc/self/status") if line.startswith(key + ":"))
    return int(line.split()[1]) / 1024


# ---------------------------------------------------------------- the report

def _report(measured, seeding, rows, small_rows):
    by = {}
    for m in measured:
        key = (m["event"], m["what"])
        if key not in by or m["seconds"] < by[key]["seconds"]:
            by[key] = m
    query = by[(BIG, "query")]
    lines = [
        "## Exports", "",
        f"{rows:,} registrations (and a "
        f"{small_rows:,}-row event to show that memory does not grow with rows) seeded with BatchWriteItem into the "
        "locked moto server of `make dev`, then exported through the handler (`chalice.test.Client`: "
        "authorizer, handler, DynamoDB Query pages, rendering, and for a body over the inline limit "
        "the S3 upload and presigned URL). Each line ran in a fresh process; peak is that process's max RSS, "
        "baseline its RSS after importing the handler and XlsxWriter and making the boto3 clients.", "",

        "| event | what | rows | seconds | rows/s | CPU s | CPU µs per cell | baseline MB | peak MB | peak − baseline MB | answer | body bytes |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for m in measured:
        answer = f"{m['status']} ({m['delivery']})" if "status" in m else "—"
        lines.append(f"| {m['event']} | {m['what']} | {m['rows']:,} | {m['seconds']} | "
                     f"{m['rows_per_s']:,} | {m.get('cpu_seconds', '—')} | {m.get('cpu_us_per_cell') or '—'} | "
                     f"{m['baseline_mb']} | {m['peak_mb']} | "
                     f"{m['peak_mb'] - m['baseline_mb']:.1f} | {answer} | {m.get('bytes', 0):,} |")
    lines += ["", "### Export time relative to only paging the same Query", "",
              "| format | export s | Query-only s | ratio |", "|---|---:|---:|---:|"]
    for fmt in ("csv", "xlsx", "csv-job", "xlsx-job"):
        m = by[(BIG, fmt)]
        lines.append(f"| {fmt} | {m['seconds']} | {query['seconds']} | {m['seconds'] / query['seconds']:.2f} |")
    lines += ["", "Seeding: " + ", ".join(f"{n:,} rows in {s:.0f} s" for n, s in seeding.values()) + ".", "",
              "The emulator serves one request at a time and answers Query pages far slower than DynamoDB "
              "(its response serialiser dominates a Query page, and it compares every item of the partition "
              "for each page), "
              "so absolute times are a local floor, not a prediction for Lambda; the ratios and the memory "
              "figures are the point. Regenerate with `make bench` (BENCH_ROWS, BENCH_SMALL_ROWS and BENCH_RENDER_ROWS change the sizes).", "",
              READING.strip(), ""]
    return "\n".join(lines)


READING = """
### Reading the export figures

- Through the handler an export costs about what paging the same Query costs: against the
  emulator its Query dominates. Real DynamoDB pages far faster, which leaves rendering (the
  `-render` rows) as the cost.
- Memory should not grow with rows: rendering alone adds well under a megabyte at any size.
  Through the handler the extra is bounded by the Query pages, the body spooled in memory up
  to the inline limit (`EXPORT_INLINE_LIMIT_BYTES`, 5.5 MB) and, for a bigger body, the S3
  multipart upload (two 8 MB parts in flight).
"""


def machine():
    """The lines of RESULTS.md that say what this ran on."""
    cpu = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor() or "unknown")
    mem_kb = next((int(line.split()[1]) for line in _lines("/proc/meminfo") if line.startswith("MemTotal")), 0)
    from importlib.metadata import version
    return [f"- CPU: {cpu}, {os.cpu_count()} logical cores", f"- RAM: {mem_kb / 1024 / 1024:.1f} GiB",
            f"- OS: {platform.platform()}", f"- Python {platform.python_version()}, moto {version('moto')}, "
            f"boto3 {version('boto3')}, XlsxWriter {version('XlsxWriter')}, chalice {version('chalice')}"]


def _lines(path):
    try:
        return pathlib.Path(path).read_text().splitlines()
    except OSError:
        return []


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(sys.argv[2], sys.argv[3])))
        sys.exit(0)
    print(main())
