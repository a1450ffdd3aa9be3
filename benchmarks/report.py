"""benchmarks/RESULTS.md from the parts benchmarks/run.py measured: each figure beside its
floor or goal, and the figure before this work where there was one."""
from benchmarks import calls, coldstart, mail_bench, signup_latency

ZIP_GOAL_MB, UNPACKED_GOAL_MB = 5.0, 12.0
COLD_NAMES = {"signup": "signup (POST /events/{id}/signups)", "api": "page view (GET /events/{id}, JSON)",
              "form": "hosted form (GET /events/{id}/form)", "organiser": "organiser: JSON export page",
              "worker": "first mail (email_worker)", "schedules": "schedule (expire_holds)",
              "sns": "SES feedback (ses_feedback)"}


def rows(results, before):
    """(figure, measured, floor or goal, verdict, before) for the summary table."""
    out = []
    if "package" in results:
        p = results["package"]
        out += [("deployment.zip", f"{p['zip_mb']} MB", f"<= {ZIP_GOAL_MB} MB", _ok(p["zip_mb"] <= ZIP_GOAL_MB),
                 f"{before['zip MB']} MB"),
                ("unpacked", f"{p['unpacked_mb']} MB", f"<= {UNPACKED_GOAL_MB} MB",
                 _ok(p["unpacked_mb"] <= UNPACKED_GOAL_MB), f"{before['unpacked MB']} MB")]
    for function, c in results.get("cold", {}).items():
        out.append((f"cold start: {function}", f"{c['ours']} ms wall, {c['ours_cpu']} ms CPU", *_cold_verdict(c),
                    "{}x wall, {}x CPU".format(*before["cold"][function]) if function in before["cold"] else "—"))
    if "signup" in results:
        s = results["signup"]
        for q in ("p50", "p99"):
            out.append((f"warm signup {q} ({s['ours']['n']:,})", f"{s['ours'][q]} ms wall, {s['ours_cpu'][q]} ms CPU",
                        f"same TransactWriteItems from boto3 {s['floor'][q]} / {s['floor_cpu'][q]} ms; "
                        f"goal <= {signup_latency.GOAL}x",
                        f"{s['ratio_' + q]}x wall, {s['ratio_cpu_' + q]}x CPU "
                        f"{_ok(s['ratio_cpu_' + q] <= signup_latency.GOAL)}", "not measured"))
    for name, counted in results.get("calls", {}).items():
        floor, why = calls.FLOORS[name]
        n = sum(counted.values())
        out.append((f"AWS calls: {name}", f"{n} ({_calls(counted)})", f"{floor}: {why}", _ok(n <= floor, n - floor),
                    before["calls"].get(name, "same")))
    if "mail_render" in results:
        m = results["mail_render"]
        out.append(("mail render + MIME, median", f"{m['median_cpu_ms']} ms CPU, {m['median_ms']} ms wall",
                    f"goal <= {mail_bench.GOAL_MS} ms", _ok(m["median_cpu_ms"] <= mail_bench.GOAL_MS),
                    f"{before['render+MIME CPU ms']} ms CPU, {before['render+MIME wall ms']} ms wall"))
    if "mail_outbox" in results:
        m = results["mail_outbox"]
        out.append((f"outbox run, {m['mails']:,} mails", f"{m['seconds']} s, {m['ms_per_mail']} ms a mail",
                    "render + MIME + SES + 2 writes a mail", "—", "not measured"))
    for fmt, e in results.get("export_scale", {}).items():
        out.append((f"export job, {fmt}, {e['rows']:,} rows (generated Query pages)",
                    f"{e['seconds']} s ({e['cpu_seconds']} s CPU), {e['bytes'] / 1e6:.1f} MB in {e['parts']} part(s)",
                    "memory flat in rows", f"peak {e['peak_mb']} MB, {e['peak_above_baseline_mb']} MB above baseline",
                    before.get("export_scale", {}).get(fmt, "not run") if e["rows"] == 500_000 else "(500,000 rows only)"))
    if "load" in results:
        h = results["load"]
        out.append((f"hot event: {h['clients']} clients, {h['seconds']} s", f"{h['requests']:,} requests, "
                     f"{h['oversold']} oversold, {h['server_errors']} 5xx, {h['violations']} off-contract",
                     "0 / 0 / 0", _ok(h["oversold"] == h["server_errors"] == h["violations"] == h["counter_drift"] == 0),
                     "not measured"))
    if "hot" in results:
        h = results["hot"]
        out.append((f"hot event against the conflict model: {h['offered']:,} signups in {h['seconds']} s",
                    f"{h['oversold']} oversold, {h['server_errors']} 5xx, {h['rate_limited']} 429, "
                    f"{h['waiting_behind_a_later_arrival'] + h.get('waiting_but_came_before_a_seated', 0)} out of "
                    f"order; p99 {h['latency_ms']['p99']} ms",
                    "0 / 0 / 0 / 0; p99 < 1,000 ms",
                    _ok(h["oversold"] == h["server_errors"] == h["rate_limited"] == h["waiting_behind_a_later_arrival"]
                        == h.get("waiting_but_came_before_a_seated", 0) == 0
                        and h["latency_ms"]["p99"] < 1000), "not measured"))
    return out


def _cold_verdict(c):
    """The floor and the verdict of one cold start: both wall and CPU within the goal. The hosted
    form's and the worker's floor is the bare app doing the same work with the same libraries (a
    page from a template with a Dutch date; a mail with a calendar invite: what a user would
    write); their plainer floor (a fixed text) is shown beside it."""
    key, floor = ("ratio_libraries", "libraries") if "libraries" in c else ("ratio", "bare")
    wall, cpu = c[key], c[f"{key}_cpu"]
    named = "bare app with the same libraries" if floor == "libraries" else "bare app"
    verdict = f"{wall}x wall, {cpu}x CPU {_ok(max(wall, cpu) <= coldstart.GOAL)}"
    if floor == "libraries":
        verdict += f"; {c['ratio']}x wall, {c['ratio_cpu']}x CPU of a fixed text ({c['bare']} / {c['bare_cpu']} ms)"
    return f"{named} {c[floor]} / {c[f'{floor}_cpu']} ms; goal <= {coldstart.GOAL}x in both", verdict


def _ok(good, excess=None):
    if good:
        return "meets it"
    return f"{excess} over" if excess is not None else "misses it"


def _calls(counted):
    return ", ".join(f"{n} {name.split('.')[1]}" for name, n in sorted(counted.items()))


def summary(results, before):
    return "\n".join(" | ".join(map(str, row)) for row in rows(results, before))


def markdown(results, runs, before):
    from benchmarks.export_bench import machine
    lines = ["# Benchmarks", "",
             "Commands: `make bench` (= `.venv/bin/python -m benchmarks.run`); one part alone with "
             "`BENCH_ONLY=<part>` (the others keep their last figures, from benchmarks/results.json). "
             "What each part measures is in its module's docstring (benchmarks/).", "",
             "| part | measured | sizes |", "|---|---|---|",
             *[f"| {part} | {when.split(', ', 1)[0]} | {when.split(', ', 1)[1]} |" for part, when in runs.items()], "",
             "## Machine", "", *machine(),
             "- Shared with other work while measuring: wall times vary run to run; CPU times are steadier.", "",
             "## Summary", "", "| figure | measured | floor or goal | verdict | before |", "|---|---|---|---|---|"]
    lines += [f"| {' | '.join(map(str, row))} |" for row in rows(results, before)]
    if "load" in results:
        h = results["load"]
        lines += ["", "## Hot event", "", f"{h['clients']} clients, capacity {h['capacity']} with a waiting list, "
                  f"{h['seconds']} s. Stored: {h['stored_confirmed']} confirmed (counter {h['stored_seats_taken']}), "
                  f"{h['stored_waitlisted']} waitlisted (counter {h['stored_waitlist_count']}); "
                  f"{h['answered_confirmed']} answered confirmed.", "",
                  "| request | n | p50 ms | p99 ms |", "|---|---:|---:|---:|"]
        lines += [f"| {k} | {v['n']:,} | {v['p50']} | {v['p99']} |" for k, v in h["latency_ms"].items()]
        lines += ["", "Answers: " + ", ".join(f"{k}: {n:,}" for k, n in h["answers"].items()) + "."]
    if "hot" in results:
        lines += hot_section(results["hot"])
    if "signup" in results:
        s = results["signup"]
        lines += ["", "## Warm signup", "",
                  f"In-process, moto with journaled transactions (benchmarks/moto_speed.py): ours p50 {s['ours']['p50']} ms, "
                  f"p99 {s['ours']['p99']} ms; the same transactions straight from boto3 p50 {s['floor']['p50']} ms, "
                  f"p99 {s['floor']['p99']} ms. Our code adds about {s['ours']['p50'] - s['floor']['p50']:.1f} ms "
                  "at the median; the rest is the emulator."]
    if "cold" in results:
        lines += ["", "## Cold starts", "",
                  "Median of the runs (min-max in brackets), in ms; warm: the median of the requests the same "
                  "process served after its first (`python -m benchmarks.run` with BENCH_ONLY=cold; "
                  "BENCH_COLD_RUNS, BENCH_WARM).", "",
                  "| first request | ours wall | bare wall | ours CPU | bare CPU | ratio wall / CPU | ours warm CPU | peak RSS MB |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for function, c in results["cold"].items():
            spread = "{} ({}-{})".format
            lines.append(f"| {COLD_NAMES.get(function, function)} | {spread(c['ours'], *c.get('ours_spread', ('?', '?')))} | "
                         f"{spread(c['bare'], *c.get('bare_spread', ('?', '?')))} | "
                         f"{spread(c['ours_cpu'], *c.get('ours_cpu_spread', ('?', '?')))} | "
                         f"{spread(c['bare_cpu'], *c.get('bare_cpu_spread', ('?', '?')))} | "
                         f"{c['ratio']} / {c['ratio_cpu']} | {c.get('warm_cpu_ms', '—')} | {c.get('peak_mb', '—')} |")
            if "libraries" in c:
                lines.append(f"| {COLD_NAMES.get(function, function)}, beside the bare app using the same "
                             f"libraries | | {spread(c['libraries'], *c['libraries_spread'])} | | "
                             f"{spread(c['libraries_cpu'], *c['libraries_cpu_spread'])} | "
                             f"{c['ratio_libraries']} / {c['ratio_libraries_cpu']} | | |")
        from benchmarks import memory
        lines += [""] + memory.markdown(results)
    lines += ["", NOTES.strip(), ""]
    if "export" in results:
        lines += [results["export"], BEFORE_EXPORTS.strip(), ""]
    return "\n".join(lines) + "\n"


BEFORE_EXPORTS = """
### Exports before this work (commit 64049e2, 2026-11-28 04:29 UTC, on an Intel Xeon with 2 cores, quieter)

100,000 rows through the handler against the emulator (then paging the Query at 343 rows/s):

| 100,000 rows | seconds | rows/s | ratio to the Query only | peak above baseline |
|---|---:|---:|---:|---:|
| Query only | 291 | 343 | 1.00 | +15.0 MB |
| CSV (18.9 MB, via S3) | 298 | 336 | 1.02 | +41.0 MB |
| XLSX (6.3 MB, via S3) | 332 | 302 | 1.14 | +22.7 MB |
| CSV, rendering only | 1.9 | 51,447 | | +0.3 MB |
| XLSX, rendering only | 9.4 | 10,647 | | +0.3 MB |

There was no asynchronous path: an XLSX of a few hundred thousand rows would pass API Gateway's
29 s. 500,000 rows were not run this time either: the emulator's Query compares every item of
the partition for each page, so paging N rows costs O(N^2) here (about 25 minutes for 100,000
rows on a quiet machine, hours for 500,000); the sizes used are in the table at the top.
"""


NOTES = """
## Reading the figures

- Which figure is which in the cold starts. **Ours** is the template's handler imported as the
  template names it (`app.app` for the API function's requests: signup, page view, form,
  organiser; `chalicelib.blueprints.workers.<function>` for the others), from the built package.
  It does not import boto3 (chalicelib.aws makes botocore's clients), and app.py freezes the
  garbage collector after its imports (below). **Bare** (benchmarks/bare_app.py) is what a user
  would write instead: stock Chalice, `import boto3` at the top, `boto3.client(...)` made on first
  use, Python's default collector settings, and the same AWS calls (the first signup: read the
  event, the limits transaction, the seat transaction). So each ratio includes both differences,
  boto3's import and the collector setting, besides our own code; the spread (min-max of the runs)
  is in the cold-start table. Importing boto3 after botocore and chalice costs about 21 ms CPU here
  (5 runs, 2026-12-06: 20.3-28.8 ms; `python -c "import botocore.session, chalice; import boto3"`
  timed from build/cold-start), so against a bare app without it each CPU ratio would be about
  0.09 higher (21 ms of about 230): what ours saves there is boto3's import, not less work. Read
  the medians beside their spread and the load average in the table at the top: on this
  two-core machine the first signup's CPU ratio was 1.00, 1.03, 1.12 and 1.08 in four quiet runs
  of 2026-12-06 (7, 15, 15 and 25 runs each).

- Cold start is measured in the child from before the handler's import to after its first
  answer (interpreter start-up is the same for both apps). Both apps run from the built
  package unpacked (build/cold-start), with PYTHONDONTWRITEBYTECODE=1 as on Lambda's read-only
  /var/task; the bare app (benchmarks/bare_app.py) makes the same clients through boto3 and the
  calls each function needs (one, or as below). Ours makes botocore's clients from one botocore session without importing boto3 (about
  25 ms CPU less: boto3.compat imports the S3 transfer manager; chalicelib.aws), which is why
  the API, schedules and SNS functions start below the bare app. Before that the zip held no byte
  code, so on Lambda every cold start compiled each module it imported, ours and the
  libraries', from source (about 40 ms CPU for our modules alone, measured with cProfile:
  `builtins.compile` from the import system); the package now ships unchecked hash-based byte
  code and every template compiled by Jinja2 (scripts/slim_package.py), and chalicelib.store
  loads its modules on first use. app.py imports with the garbage collector off, collects once,
  freezes what it keeps and then collects the young generation every 20,000 allocations instead
  of 700: a full collection during the first request cost ~15 ms CPU, and the worker's first mail
  ~30 ms of young collections while it imports its libraries. The bare app keeps Python's defaults,
  as a Chalice app does: part of each ratio's gain is this setting, not less work.
- The organiser's bare route makes the four calls of a JSON export page (the token, the event,
  one Query page, the audit record; the AWS-calls table's floor for it), so both wait alike on the
  emulator's Query (~100 ms of wall time). Before this run it read the token alone (see the
  previous figures). In the same way the bare worker sends a fixed text with the six calls of a
  mail's floor (the event's GetItem, the claim, the suppression check, a send slot, the send, the
  record of it: what keeps a mail sent once and within SES's rate); before this run it made the
  send alone, and against that floor the same code measured 1.18x wall, 1.11x CPU (15 runs,
  2026-11-28 18:56 UTC; 1.17x CPU at 17:39 before the collector settings). Ours makes one call
  more, SES GetAccount for the send rate (once per container and ten minutes). What else it does
  above that floor is what a mail needs: the libraries (Jinja2, css-inline, Babel, icalendar,
  segno), which the second floor also uses once (`libraries` in results.json), and the MIME
  building. A user sending a confirmation with a calendar invite would write it with such
  libraries too, so the verdict for the first mail is against that second floor; the same holds
  for the hosted form, whose second floor renders its page from a Jinja2 template with a Dutch
  date from Babel. The fixed-text ratio stays beside each verdict. The verdict needs both wall
  and CPU within the goal. The cold-start part sets the emulator's SES send rate to 1,000 a second:
  at 14 a second the previous run's warm mails held the pacer's slots, and the next first mail
  waited for them (up to 1 s of wall time in the run of 2026-12-06 15:25 UTC).
- The ratio is noisy on this shared two-core machine (the table at the top gives each part's load
  average): read it beside the absolute difference in CPU milliseconds.
- Mail render + MIME is the median over every kind and language (`python -m
  benchmarks.mail_bench render 50`); the outbox run sends through the worker's whole path
  against the in-process emulator.
- Against the emulator a DynamoDB call costs tens of milliseconds; on AWS it is single-digit
  milliseconds, so on AWS the warm-signup ratio would be higher than here for the same code:
  read the absolute difference (our code's milliseconds) beside the ratio.
- The hot-event run is bounded by the emulator (one request at a time) and by `chalice local`
  on a shared two-core machine, not by DynamoDB; docs/scaling.md has what AWS sustains.
- Export jobs (`-job` rows) at the sizes this machine allowed write files below one 8 MiB
  part, so their memory shows the baseline of the worker (Query pages, the part buffer); that
  memory stays at one part however big the file is, tests/test_export_jobs.py checks on a
  12 MiB file in three parts. The machine was shared and slow while measuring (XLSX rendering
  of 100,000 rows took 62 s here against 9.4 s in the earlier run): compare figures within one
  run, not across runs.
- The export job at 500,000 rows (benchmarks/export_scale.py) runs the worker's whole path
  against the emulator except the registrations' Query, whose pages are generated (the
  emulator's Query is O(N^2) in the partition): its time is our code's (rendering, item
  conversion, S3 parts), its peak memory is the worker's at that size.
"""


def hot_section(h) -> list:
    """The hot event against the conflict model (benchmarks/hot_model.py, docs/scaling.md)."""
    m = h["model"]
    return ["", "## Hot event against the conflict model", "",
            "Command: `BENCH_ONLY=hot make bench` (sizes: `BENCH_HOT_*`, benchmarks/run.py; this run's in the "
            f"table at the top). {h['offered']:,} signups offered evenly (finished in {h['seconds']} s of the model's "
            f"clock) to {h['capacity']} seats with a waiting list, in process through `signups.register`, on moto behind "
            "benchmarks/conflict_model.py (10 ms per item, 1,000 write units per partition key a second); "
            f"the clock stretched {h['scale']:g} times (latencies divided by it: the emulator's, not AWS's). "
            f"Seats counted on {h.get('seat_pools') or 'no'} seat pools"
            f"{'' if h.get('seat_pools') else ' (the event item)'} (chalicelib/store/pools.py).", "",
            "| figure | measured |", "|---|---:|",
            f"| oversold | {h['oversold']} |", f"| answers 5xx | {h['server_errors']} |",
            f"| answers 429 | {h['rate_limited']} |",
            f"| seated / waiting (counters agree: {h['counters_agree']}) | {h['seated']} / {h['waiting']:,} |",
            f"| waiting behind someone who came later (by > 50 ms) | {h['waiting_behind_a_later_arrival']} |",
            f"| waiting, yet came before someone seated (by > 50 ms) | "
            f"{h.get('waiting_but_came_before_a_seated', 'not measured')} |",
            "| answers 5xx by the second they were offered in | "
            f"{', '.join(f'{k} s: {n}' for k, n in h.get('server_errors_at_second', {}).items()) or 'none'} |",
            f"| latency p50 / p95 / p99 / max | {h['latency_ms']['p50']} / {h['latency_ms']['p95']} / "
            f"{h['latency_ms']['p99']} / {h['latency_ms']['max']} ms |",
            f"| transactions committed | {m.get('transactions', 0):,} |",
            f"| cancelled: TransactionConflict | {m.get('transaction_conflict', 0):,} |",
            f"| cancelled: ThrottlingError (partition past 1,000 units) | {m.get('throttled_transaction', 0):,} |",
            f"| busiest partition key, write units in one second | {m.get('busiest_partition_wcu_per_s', 0):,} |",
            "| busiest key of each kind, write units in one second | "
            f"{', '.join(f'`{k}` {n:,}' for k, n in m.get('busiest_keys', {}).items()) or 'not measured'} |",
            f"| the last person seated arrived at | {h.get('last_seated_arrived_at_s', 'not measured')} s |",
            "| conflicts by item held (a transaction may meet several) | "
            f"{', '.join(f'`{k}` {n:,}' for k, n in m.get('conflicts_on', {}).items()) or 'not measured'} |",
            "| throttled by partition | "
            f"{', '.join(f'`{k}` {n:,}' for k, n in m.get('throttled_on', {}).items()) or 'none'} |", "",
            "Answers: " + ", ".join(f"{k}: {n:,}" for k, n in h["answers"].items()) + "."]
