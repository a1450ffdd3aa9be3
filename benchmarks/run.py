"""``make bench``: every measurement, each printed beside its floor or goal; writes RESULTS.md.

Each part runs in a process of its own (its own emulator, its own peak memory). Sizes, with
their full values; set smaller ones while developing on a shared machine:

  BENCH_COLD_RUNS=7  BENCH_WARM=10 (requests after the first, in each cold run)  BENCH_SIGNUPS=2000  BENCH_MAIL_RENDERS=50 (per kind and language)
  BENCH_MAILS=1000  BENCH_LOAD_CLIENTS=200  BENCH_LOAD_SECONDS=60
  BENCH_ROWS=100000  BENCH_SMALL_ROWS=10000  BENCH_RENDER_ROWS=BENCH_ROWS (exports)
  BENCH_SCALE_ROWS=500000 (the export job at scale, benchmarks/export_scale.py)
  BENCH_HOT_SIGNUPS=10000  BENCH_HOT_SECONDS=60  BENCH_HOT_SCALE=10 (clock stretch)  BENCH_HOT_THREADS=64
      (the hot event against the conflict model, benchmarks/hot_model.py)
  BENCH_ONLY=package,cold,signup,calls,mail,load,hot,export,export_scale (a comma list: run only those)
"""
import json
import os
import pathlib
import subprocess
import sys
import zipfile
from datetime import datetime, timezone

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
RAW = ROOT / "benchmarks" / "results.json"     # every part's last figures, so BENCH_ONLY updates some
DEMO = str(ROOT / "demo" / "circulaire-economie-2026-12-09.json")
PARTS = ("package", "cold", "signup", "calls", "mail", "load", "hot", "export", "export_scale")

# Figures before this work: package from commit 64049e2; the rest from the run of
# 2026-11-28 07:39 UTC on commit 1c33eab (branch m10), before the cold-start, mail and
# confirm/cancel work of branch perf2.
BEFORE = {
    "zip MB": 15.1, "unpacked MB": 44.8,
    "render+MIME CPU ms": 5.61, "render+MIME wall ms": 31.78,
    "cold": {"api": (1.18, 1.14), "organiser": (1.58, 1.25), "worker": (1.56, 1.51), "schedules": (1.17, 1.2),
             "sns": (1.46, 1.21)},          # (wall, CPU) ratio to the bare app
    "calls": {"confirm": "4 (3 GetItem, 1 UpdateItem)",
              "cancel with promotion": "5 (3 GetItem, 1 Query, 1 TransactWriteItems)",
              "export page (JSON)": "5 (2 GetItem, 1 PutItem, 1 Query, 1 UpdateItem)",
              "check-in": "not built", "stats": "not built",
              # the pacer tried the busy slot first: an idle pacer cost two writes (commit 1cac4cb)
              "confirmation mail (warm worker)": "6 (1 GetItem, 4 UpdateItem, 1 SendEmail)"},
    # the first run of the 500,000-row job (10:29 UTC, before the table's own codec and the collector
    # settings; other work shared the machine: its wall time was 7.5 times its CPU time)
    "export_scale": {"csv": "454.6 s (60.1 s CPU), peak 105.1 MB", "xlsx": "529.3 s (104.9 s CPU), peak 102.9 MB"},
}


def size(name, default):
    return int(os.environ.get(name, default))


def child(*args):
    """Run ``python -m <args>`` and return the JSON its last line prints."""
    out = subprocess.run([sys.executable, "-m", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    if out.returncode:
        raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def package():
    """The size of the package ``run_parts`` built."""
    path = ROOT / "build" / "deployment.zip"
    with zipfile.ZipFile(path) as zipped:
        unpacked = sum(i.file_size for i in zipped.infolist())
    return {"zip_mb": round(path.stat().st_size / 1e6, 1), "unpacked_mb": round(unpacked / 1e6, 1)}


def cold(runs):
    """Cold starts need the emulator and a provisioned table: both made here, children measure.
    The children run the package ``run_parts`` built, as Lambda does: build/deployment.zip unpacked."""
    sys.path.insert(0, str(ROOT))
    from benchmarks import coldstart, use_environment
    from scripts import devstack, emulator, pump
    unpacked = coldstart.unpack(ROOT / "build" / "deployment.zip", ROOT / "build" / "cold-start")
    server, url = emulator.start()
    # the emulator runs in this process: a signup's cancelled transaction (a seat pool full in a
    # cached view, then read again) must not cut the stream the worker's records come from
    pump.keep_streams_across_rollbacks()
    # the worker's warm mails take send slots 72 ms apart at SES's 14 a second; the next run's first
    # mail would wait for them: SES's own pace is not what this measures (as in benchmarks.mail_bench)
    emulator.SES_ACCOUNT["MaxSendRate"] = 1000.0
    env = {**devstack.local_env(url, "http://127.0.0.1:8000"), "TABLE_NAME": "signups-cold",
           "RATE_LIMIT_PER_MINUTE": "0", "EXPORT_BUCKET": "signups-exports-cold"}
    saved = dict(os.environ)
    use_environment(env)
    try:
        fixture = devstack.provision()
        warm = size("BENCH_WARM", 10)
        coldstart.seat_everyone(fixture["event_id"], 2 * runs * (1 + warm) + 100)
        fixture["worker_records"] = coldstart.provision_records(fixture["stream_arn"], runs * (1 + warm))
        return coldstart.measure({**env, coldstart.PACKAGE_DIR: str(unpacked)}, fixture, runs, warm)
    finally:
        server.shutdown()
        os.environ.clear()
        os.environ.update(saved)


def run_parts(only):
    results = {}
    if {"package", "cold"} & only:     # one build for both: the size, and what the cold starts run
        subprocess.run(["make", "-s", "package"], cwd=ROOT, check=True, capture_output=True)
    if "package" in only:
        results["package"] = package()
    if "cold" in only:
        results["cold"] = cold(size("BENCH_COLD_RUNS", 7))
    if "signup" in only:
        results["signup"] = child("benchmarks.signup_latency", size("BENCH_SIGNUPS", 2000), DEMO)
    if "calls" in only:
        results["calls"] = child("benchmarks.calls")
    if "mail" in only:
        results["mail_render"] = child("benchmarks.mail_bench", "render", size("BENCH_MAIL_RENDERS", 50), DEMO)
        results["mail_outbox"] = child("benchmarks.mail_bench", "outbox", size("BENCH_MAILS", 1000), DEMO)
    if "load" in only:
        results["load"] = child("benchmarks.hot_event", size("BENCH_LOAD_CLIENTS", 200), size("BENCH_LOAD_SECONDS", 60))
    if "hot" in only:
        results["hot"] = child("benchmarks.hot_model", size("BENCH_HOT_SIGNUPS", 10_000), size("BENCH_HOT_SECONDS", 60))
    if "export_scale" in only:
        results["export_scale"] = child("benchmarks.export_scale", "--all", size("BENCH_SCALE_ROWS", 500_000))
    for part, value in results.items():
        print(f"{part}: {json.dumps(value)}", flush=True)
    if "export" in only:
        from benchmarks import export_bench
        results["export"] = export_bench.main()
        results["export_cells"] = export_bench.cells_measured
    return results


def main():
    only = set(filter(None, os.environ.get("BENCH_ONLY", ",".join(PARTS)).split(",")))
    started = datetime.now(timezone.utc)
    results = json.loads(RAW.read_text()) if RAW.exists() and only != set(PARTS) else {}
    results.pop("runs", None)
    runs = json.loads(RAW.read_text()).get("runs", {}) if RAW.exists() else {}
    fresh = run_parts(only)
    sizes = " ".join(f"{k}={v}" for k, v in sorted(os.environ.items())
                     if k.startswith("BENCH_") and k != "BENCH_ONLY") or "full size"
    load = os.getloadavg()[0]       # other work on the machine while this run measured
    runs.update({part: f"{started:%Y-%m-%d %H:%M} UTC (load average {load:.1f}), {sizes}" for part in fresh})
    results.update(fresh)
    RAW.write_text(json.dumps({**results, "runs": runs}, indent=1))
    from benchmarks import report
    RESULTS.write_text(report.markdown(results, runs, BEFORE))
    print(report.summary(results, BEFORE))
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
