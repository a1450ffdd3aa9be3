"""``make mutate``: put each mutant of every module under chalicelib/ into the code and run the tests that reach it.

    .venv/bin/python -m scripts.mutate [--module seats] [--jobs 2] [--write benchmarks/MUTATION.md]

What is mutated, with which tests, and which mutants are equivalent: scripts/mutation_targets.py.
The mutants: scripts/mutants.py. How it stays fast: the parent imports the app, moto and the
libraries, warms moto (one request per service), then starts pytest once: configuration,
plugins, conftest and the collection of the test modules happen here, once. A first child runs
every test once with coverage to learn which lines each test reaches, and which modules the tests
import as they run: the parent imports those too, so no child imports them again. Then, per mutant, a forked
child patches the mutant into the imported module (``Mutant.apply``) and runs only the collected
items that reached its line, through pytest's own per-test protocol (fixtures, capture, reports),
stopping at the first failure: first the tests that killed other mutants of the same function
(benchmarks/mutation-kills.json, kept between runs; most kills per second first), then the fastest. A mutant is killed when a test
fails, errors or times out (each test has its own limit: a few times its baseline duration); it
survives when they all pass (or none reaches it). A mutant listed as equivalent is not run
(``--equivalent`` runs those too). A test that fails in the baseline (a guard of the whole suite, such as
test_policy's, run with part of it) judges no mutant; it is named. The baseline runs on ``--jobs`` cores, its test files shared out
by their last known durations. Each module's outcomes are saved as soon as it is done, so a run that
is stopped keeps the modules it finished; within a module each mutant's outcome is written as it
ends (.mutate/partial/), and the next run of the same code and tests goes on from there.
A run of every mutant (no --match, --operator or --tests) keeps a mutant's earlier outcome while
what decided it is unchanged (``Evidence``): the module's own source and, for a killed mutant, the
test file whose test killed it; for any other outcome, every test file of the module. Only the
other mutants run, and the baseline covers only their test files; ``--fresh`` runs them all.
Score = killed / (mutants - equivalent).
"""
import argparse
import datetime
import json
import os
import platform
import re
import signal
import sys
import tempfile
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# kept with the report (committed): a fresh clone reports every module measured so far, not only its own runs
RESULTS = os.path.join(ROOT, "benchmarks", "mutation-results.json")
GOAL = 90.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append",
                        help="only modules whose path contains this (repeatable; measured in the order given)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants run at once (default 2)")
    parser.add_argument("--write", help="write the result as Markdown to this file")
    parser.add_argument("--operator", action="append", help="only mutants of this operator (repeatable)")
    parser.add_argument("--tests", action="append", help="run only these test files (repeatable)")
    parser.add_argument("--match", action="append", help="only mutants whose fingerprint contains this")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--equivalent", action="store_true", help="run the mutants listed as equivalent too")
    parser.add_argument("--fresh", action="store_true",
                        help="run every mutant, also those whose module and deciding tests are unchanged")
    parser.add_argument("--report", action="store_true",
                        help="run nothing: report the last run (benchmarks/mutation-results.json) with today's EQUIVALENT")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    sys.path[:0] = [ROOT, os.path.join(ROOT, "tests")]
    from scripts import mutants as mutant_lib
    from scripts.mutation_targets import EQUIVALENT, MODULES

    selected = {path: tuple(args.tests) if args.tests else tests for path, tests in MODULES.items()
                if not args.module or any(m in path for m in args.module)}
    if args.module:     # the modules wanted first are measured first
        selected = {path: selected[path] for path in in_order_asked(selected, args.module)}
    found = {path: [m for m in mutant_lib.mutants(path, _module_name(path))
                    if (not args.operator or m.operator in args.operator)
                    and (not args.match or any(text in m.fingerprint for text in args.match))]
             for path in selected}
    if args.list:
        for path, items in found.items():
            for m in items:
                print(f"{path}:{m.line}  {m.fingerprint}")
        return 0
    if args.report:
        with open(RESULTS) as f:
            last = json.load(f)
        results = {path: _score(items, last["outcomes"][path], EQUIVALENT.get(path, {}), **last["timing"][path])
                   for path, items in found.items() if path in last["outcomes"]}
        report = _report(results, found, EQUIVALENT, _wall(last.get("runs", {})) or last["elapsed"], last["jobs"],
                         last["date"], last["load"], last.get("runs"))
        print(report)
        if args.write:
            _write(args.write, report)
        return 0 if all(r["score"] >= GOAL for r in results.values()) else 1
    started = time.monotonic()
    run_id = f"{datetime.datetime.now():%Y-%m-%dT%H:%M:%S}"
    whole = not (args.match or args.operator or args.tests)
    earlier = _last_results()
    evidence = {path: Evidence(path, tests) for path, tests in selected.items()}
    kept = {path: evidence[path].kept(items, earlier) if whole and not args.fresh else {}
            for path, items in found.items()}
    to_run = [path for path, items in found.items()
              if any(m.fingerprint not in kept[path] and m.fingerprint not in EQUIVALENT.get(path, {})
                     for m in items)]
    _say(f"kept from earlier runs (module and deciding tests unchanged): {sum(map(len, kept.values()))} mutants; "
         f"{len(to_run)} of {len(found)} modules have mutants to run")
    test_files = sorted({t for path in to_run for t in selected[path]})
    history = _History.load()

    def run(items_by_id):
        _say(f"baseline: {len(test_files)} test files, {len(items_by_id)} tests collected once, with coverage")
        baseline = _baseline(test_files, list(selected), items_by_id, args.jobs)
        _import(sorted(baseline.get("modules", ())))      # before the first fork: every child inherits them
        _say(f"baseline: {len(baseline['durations'])} tests in {time.monotonic() - started:.0f} s")
        results = {}
        for path in to_run:
            results[path] = _run_module(path, found[path], selected[path], baseline, items_by_id, args.jobs,
                                        EQUIVALENT.get(path, {}), history, evidence[path], kept[path],
                                        args.equivalent)
            history.save()      # saved per module: a run stopped later keeps what it finished
            _save({path: results[path]}, found, run_id, os.getloadavg()[0], time.monotonic() - started,
                  args.jobs, whole)
        return results

    if to_run:
        _prepare()
    results = _in_session(test_files, run) if to_run else {}
    for path in found:      # nothing of it to run: its kept outcomes are its result
        if path not in results:
            outcomes = {**{fp: "equivalent (not run)" for fp in EQUIVALENT.get(path, {})},
                        **{fp: outcome for fp, (outcome, _) in kept[path].items()}}
            results[path] = _score(found[path], outcomes, EQUIVALENT.get(path, {}),
                                   **earlier["timing"].get(path, _NO_TIME))
    results = {path: results[path] for path in found}
    elapsed = time.monotonic() - started
    today, load = datetime.date.today().isoformat(), os.getloadavg()[0]
    last = _save({}, found, run_id, load, elapsed, args.jobs, whole)
    print(_report(results, found, EQUIVALENT, elapsed, args.jobs, today, load))
    if args.write:      # every module measured so far (a run per module adds to .mutate/results.json)
        every = {path: list(mutant_lib.mutants(path, _module_name(path))) for path in MODULES
                 if path in last["outcomes"]}
        merged = {path: _score(items, last["outcomes"][path], EQUIVALENT.get(path, {}), **last["timing"][path])
                  for path, items in every.items()}
        _write(args.write, _report(merged, every, EQUIVALENT, last["elapsed"], args.jobs, today, load, last["runs"]))
    unknown = [(p, fp) for p, eqs in EQUIVALENT.items() if p in found and whole
               for fp in eqs if fp not in {m.fingerprint for m in found[p]}]
    for path, fingerprint in unknown:
        print(f"note: {path}: equivalent mutant no longer made: {fingerprint}")
    return 0 if all(r["score"] >= GOAL for r in results.values()) else 1


_NO_TIME = {"seconds": 0.0, "cpu": 0.0}


def _last_results() -> dict:
    """benchmarks/mutation-results.json, or an empty one."""
    if not os.path.exists(RESULTS):
        return {"outcomes": {}, "timing": {}, "evidence": {}}
    with open(RESULTS) as f:
        return json.load(f)


class Evidence:
    """What decided each outcome of a module's mutants, kept with them in the results: a run of
    every mutant keeps an outcome while it still holds and runs only the rest.

    A kill is decided by one test: it holds while the module's source and the test's file (with
    the test files it imports) are as they were. A survivor (or a mutant no test reached, or one
    killed by a timeout of the whole child) is decided by every test file of the module: a changed
    or new one may kill it. Changes elsewhere in the code are not looked at (mutmut 3 keeps its
    results the same way): a killing test that stops reaching the mutated line after such a change
    is found only by ``--fresh``."""

    def __init__(self, path, tests):
        import hashlib
        self.path = path
        with open(os.path.join(ROOT, path), "rb") as f:
            self.source = hashlib.sha256(f.read()).hexdigest()[:24]
        self.tests = sorted(tests)
        self.files = keys_of_tests(self.tests)
        self.every = hashlib.sha256(json.dumps(self.files, sort_keys=True).encode()).hexdigest()[:24]

    def of(self, killer: "str | None") -> dict:
        """The evidence of an outcome: the killing test's nodeid, or None (every test file decided)."""
        test_file = killer.split("::")[0] if killer else None
        if test_file in self.files:
            return {"source": self.source, "killer": killer, "file": self.files[test_file]}
        return {"source": self.source, "every": self.every}

    def holds(self, evidence: dict) -> bool:
        if evidence.get("source") != self.source:
            return False
        if "killer" in evidence:
            return self.files.get(evidence["killer"].split("::")[0]) == evidence["file"]
        return evidence.get("every") == self.every

    def kept(self, items, last) -> dict:
        """fingerprint -> (outcome, evidence) of the mutants in ``items`` whose last outcome still holds."""
        outcomes = last.get("outcomes", {}).get(self.path, {})
        evidence = last.get("evidence", {}).get(self.path, {})
        return {m.fingerprint: (outcomes[m.fingerprint], evidence[m.fingerprint]) for m in items
                if m.fingerprint in outcomes and m.fingerprint in evidence and self.holds(evidence[m.fingerprint])}


def _write(path, report) -> None:
    """Write the report, keeping the hand-written section that starts at "## Notes" in the old file,
    and the old file's lines (table row, survivors, equivalents) of modules this report lacks
    (measured before their outcomes were kept in benchmarks/mutation-results.json)."""
    notes = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = f.read()
        start = old.find("\n## Notes")
        notes = old[start:] if start >= 0 else ""
        report = _carried(old[:start] if start >= 0 else old, report)
    with open(path, "w", encoding="utf-8") as f:
        f.write(report + notes)


_ROW = re.compile(r"^\| (chalicelib/\S+\.py) \|")
_ITEM = re.compile(r"^- `(chalicelib/\S+\.py):\d+`")


def _without(line: str, gone) -> str:
    """The "Not measured yet" line without the modules carried over."""
    for path in gone:
        line = line.replace(f" `{path}`,", "").replace(f", `{path}`.", ".")
    return line


def _carried(old: str, report: str) -> str:
    """``report`` with the old report's lines of the modules it does not measure, each in its section."""
    new = {m.group(1) for line in report.splitlines() for m in [_ROW.match(line)] if m}
    gone = sorted({m.group(1) for line in old.splitlines() for m in [_ROW.match(line)] if m} - new)
    if not gone:
        return report
    sections, name = {}, "table"
    for line in old.splitlines():
        if line.startswith("## "):
            name = line
        found = _ROW.match(line) or _ITEM.match(line)
        if found and found.group(1) in gone:
            sections.setdefault(name, []).append(line)
    lines = [_without(line, gone) if line.startswith("Not measured yet:") else line for line in report.splitlines()]
    for name, kept in sections.items():
        if name == "table":
            at = max(i for i, line in enumerate(lines) if _ROW.match(line) or line.startswith("|---")) + 1
        elif name in lines:
            at = lines.index(name) + 1
            while at < len(lines) and (lines[at] == "" or lines[at].startswith("- ")):
                at += 1
            if at < len(lines) and lines[at] == "None.":
                del lines[at]
            while lines[at - 1] == "" and lines[at - 2] != name:
                at -= 1
        else:
            lines += ["", name, ""]
            at = len(lines)
        lines[at:at] = kept
    note = ("Carried over from the report of earlier runs, made before the outcomes were kept in "
            "benchmarks/mutation-results.json (not run again since): " + ", ".join(f"`{p}`" for p in gone) + ".")
    at = max(i for i, line in enumerate(lines) if _ROW.match(line)) + 1
    lines[at:at] = ["", note]
    return "\n".join(lines) + "\n"


def _save(results, found, run_id, load, elapsed, jobs, whole) -> dict:
    """Add outcomes to .mutate/results.json (a mutant run again replaces its outcome); the timing
    of a module is kept from its last run over all its mutants (``whole``). ``run_id`` ties the
    modules of one run together: their run's time counts once."""
    last = {"outcomes": {}, "timing": {}, "runs": {}, "elapsed": 0.0, **_last_results()}
    today = run_id[:10]
    for path, r in results.items():
        last["outcomes"].setdefault(path, {}).update({m.fingerprint: r["outcomes"][m.index] for m in found[path]})
        last.setdefault("evidence", {}).setdefault(path, {}).update(r.get("evidence", {}))
        if whole or path not in last["timing"]:
            last["timing"][path] = {"seconds": r["seconds"], "cpu": r["cpu"]}
            last["runs"][path] = {"run": run_id, "date": today, "load": round(load, 1), "elapsed": round(elapsed)}
    for run in last["runs"].values():   # the run's time so far, for each module it finished
        if run.get("run") == run_id:
            run["elapsed"] = round(elapsed)
    last["elapsed"] = _wall(last["runs"])
    last.update(date=today, load=load, jobs=jobs)
    _write_json(RESULTS, last, indent=1)
    return last


def _write_json(path, data, **dump) -> None:
    """Write ``data`` to ``path`` whole or not at all (a run stopped mid-write leaves the old file)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        json.dump(data, f, **dump)
    os.replace(path + ".tmp", path)


def _wall(runs: dict) -> float:
    """Seconds of the runs behind the results; modules run together count once."""
    return sum(_run_keys(runs).values())


def _run_keys(runs) -> dict:
    """Each distinct run behind the results: its key -> its seconds."""
    return {_run_key(r): r["elapsed"] for r in (runs or {}).values()}


def _run_key(run: dict):
    """What ties a module's result to the run that made it (older results have no run id)."""
    return run.get("run") or (run["date"], run["load"], run["elapsed"])


def _module_name(path: str) -> str:
    """The name the code imports a file by: a package's __init__.py is the package itself (a mutant
    put into a module named chalicelib.store.__init__ would be a second copy that nobody calls)."""
    return path[:-3].replace("/", ".").removesuffix(".__init__")


# ---------------------------------------------------------------- the parent: import once, then fork

def _prepare() -> None:
    """Import what every test needs, so that each forked child starts warm."""
    from tests.conftest import TEST_ENV
    os.environ.update(TEST_ENV)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    import hypothesis  # noqa: F401
    import moto
    import moto.dynamodb.models, moto.dynamodbstreams.models, moto.s3.models  # noqa: E401,F401
    import moto.ses.models, moto.sesv2.models, moto.ssm.models  # noqa: E401,F401
    import chalice.test  # noqa: F401
    import app  # noqa: F401
    from chalicelib import calendar, emails, exports, store, templating  # noqa: F401
    import importlib
    for name in store.MODULES:      # store loads its modules on first use: here, once for all
        importlib.import_module(f"chalicelib.store.{name}")
    import xlsxwriter, openpyxl, jinja2, babel.dates  # noqa: E401,F401
    _share_botocore_files()
    import boto3
    with moto.mock_aws():       # one request per service: moto builds its routers and backends once, here
        session = boto3.session.Session()
        calls = {"dynamodb": "list_tables", "dynamodbstreams": "list_streams", "sesv2": "list_email_identities",
                 "ses": "list_identities", "s3": "list_buckets", "ssm": "describe_parameters", "sns": "list_topics",
                 "sqs": "list_queues"}
        for name, call in calls.items():
            getattr(session.client(name, region_name="eu-west-1"), call)()


def _share_botocore_files() -> None:
    """botocore parses its service JSON per session; keep each file once, for parent and children."""
    from botocore import loaders
    original, cache = loaders.JSONFileLoader.load_file, {}

    def load_file(self, file_path):
        if file_path not in cache:
            cache[file_path] = original(self, file_path)
        return cache[file_path]

    loaders.JSONFileLoader.load_file = load_file


def _fork(work, log_path):
    """Run ``work()`` in a child in its own process group; its exit code is what it returns."""
    pid = os.fork()
    if pid:
        return pid
    code = 70
    try:
        os.setpgid(0, 0)
        fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        code = work()
    except BaseException:   # noqa: BLE001 - the child must never return into the parent's code
        import traceback
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _say(text, end="\n") -> None:
    """Progress for the terminal: pytest captures sys.stdout while the parent runs inside it."""
    sys.__stdout__.write(text + end)
    sys.__stdout__.flush()


# ---------------------------------------------------------------- pytest once, in the parent

class _Loop:
    """pytest plugin: instead of running the collected tests, hand them to ``work`` (the
    mutation run), which forks a child per mutant; the child runs the chosen items in place."""

    def __init__(self, work):
        self.work, self.result, self.failed = work, None, []

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        if session.testsfailed:
            raise SystemExit(f"{session.testsfailed} test files could not be collected; fix them first")
        _Loop.current = self
        self.result = self.work({item.nodeid: item for item in session.items})
        return True

    def pytest_runtest_logreport(self, report):     # in a child: what failed, and where
        if report.failed:
            self.failed.append((report.nodeid, report.when, report.longreprtext))


def _in_session(test_files, work):
    """Start pytest once in this process (configuration, plugins, conftest, collection: the test
    modules are imported here, once) and run ``work(items_by_nodeid)`` in its test loop."""
    from hypothesis import Phase, settings
    # no shrinking, no explaining: a failing example kills the mutant as it is (shrinking the state
    # machine's steps against moto took minutes per mutant)
    settings.register_profile("mutate", derandomize=True, database=None, deadline=None, print_blob=False,
                              phases=(Phase.explicit, Phase.reuse, Phase.generate))
    loop = _Loop(work)
    # --tb=native: a killed mutant's failure is only logged, and pytest's own traceback looks up
    # every frame's module through inspect, which takes longer than a fast test itself
    code = pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:randomly", "--capture=sys", "--tb=native",
                        "--hypothesis-profile=mutate", "--rootdir", ROOT, *test_files], plugins=[loop])
    if loop.result is None:
        raise SystemExit(f"pytest stopped before the mutation run (exit {int(code)})")
    return loop.result


def _run_items(items, limits=None, killer=None, every=False) -> list:
    """In a child: run ``items`` in order through pytest's own protocol (fixtures, capture,
    logging, reports), stopping at the first failure (``every``: running them all); the last one
    tears the session down (its fixtures' checks count too). Returns the failures:
    ``[(nodeid, when, text)]``. ``limits``: seconds each test may take (by nodeid); past it the
    child writes the test's nodeid to ``killer`` and exits with TIMED_OUT."""
    loop = _Loop.current
    for i, item in enumerate(items):
        if limits:
            signal.signal(signal.SIGALRM, _timed_out(item.nodeid, killer))
            signal.setitimer(signal.ITIMER_REAL, limits[item.nodeid])
        item.ihook.pytest_runtest_protocol(item=item, nextitem=items[i + 1] if i + 1 < len(items) else None)
        if limits:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if loop.failed and not every:     # killed: the child ends here, nothing left to tear down
            break
    for nodeid, when, text in loop.failed:
        sys.stderr.write(f"FAILED {nodeid} ({when})\n{text}\n")
    return loop.failed


TIMED_OUT = 3


def _timed_out(nodeid, killer):
    def handler(signum, frame):
        if killer:
            with open(killer, "w") as f:
                f.write(nodeid)
        os.write(2, f"TIMED OUT {nodeid}\n".encode())
        os._exit(TIMED_OUT)
    return handler


def limit(duration: float) -> float:
    """Seconds a test may take under a mutant: its baseline duration (measured with coverage, so
    already slower than a plain run) three times over, and five seconds for the noise of a busy machine."""
    return 5.0 + 3.0 * duration


# ---------------------------------------------------------------- baseline: which test reaches what

class _Reach:
    """pytest plugin: per test, its duration and the lines of the mutated files it ran
    (coverage.py's C tracer, one dynamic context per test)."""

    def __init__(self, files):
        import coverage
        self.files = {os.path.join(ROOT, f): f for f in files}
        self.coverage = coverage.Coverage(data_file=None, include=list(self.files), config_file=False)
        self.durations = {}

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        self.coverage.switch_context(item.nodeid)
        started = time.perf_counter()
        yield
        self.durations[item.nodeid] = time.perf_counter() - started

    def reached(self) -> dict:
        """nodeid -> [(file, line), ...]"""
        data, result = self.coverage.get_data(), {nodeid: [] for nodeid in self.durations}
        for path, name in self.files.items():
            for line, contexts in (data.contexts_by_lineno(path) or {}).items():
                for nodeid in contexts:
                    if nodeid in result:
                        result[nodeid].append((name, line))
        return result


def _baseline(test_files, modules, items_by_id, jobs=1) -> dict:
    """Run the tests once, unmutated, in ``jobs`` children, recording what each reaches in every
    module under chalicelib/ (so one baseline serves every module). Kept in .mutate/baseline/ per
    test file, by a hash of the code and of that file and the test files it imports
    (``file_keys``): a run after a test was added reruns only that file, and a run of another
    module reuses the files both share."""
    from scripts.mutation_targets import MODULES
    traced = sorted(set(MODULES) | set(modules))
    keys = file_keys(test_files, traced)
    store = os.path.join(ROOT, ".mutate", "baseline")
    result, missing = {"reached": {}, "durations": {}, "failed": []}, []
    for test_file in test_files:
        cached = os.path.join(store, f"{keys[test_file]}.json")
        if os.path.exists(cached):
            with open(cached) as f:
                part = json.load(f)
            _merge(result, part)
        else:
            missing.append(test_file)
    if missing:
        _say(f"baseline: running {len(missing)} of {len(test_files)} test files (the others are kept from earlier runs)")
        fresh = _run_baseline([item for item in items_by_id.values() if item.nodeid.split("::")[0] in missing],
                              traced, jobs)
        os.makedirs(store, exist_ok=True)
        parts = {test_file: {"reached": {}, "durations": {}, "failed": [], "modules": sorted(fresh["modules"])}
                 for test_file in missing}
        for name in ("reached", "durations"):
            for nodeid, value in fresh[name].items():
                parts[nodeid.split("::")[0]][name][nodeid] = value
        for nodeid in fresh["failed"]:
            parts[nodeid.split("::")[0]]["failed"].append(nodeid)
        for test_file, part in parts.items():
            with open(os.path.join(store, f"{keys[test_file]}.json"), "w") as f:
                json.dump(part, f)
            _merge(result, part)
    for nodeid in result["failed"]:      # a guard that needs the whole suite (test_policy's) fails in a part
        _say(f"left out, it fails without any mutant in this selection: {nodeid}")
    return result


def in_order_asked(paths, asked) -> list:
    """``paths`` in the order of the first of ``asked`` (parts of a path, as ``--module``) each contains."""
    return sorted(paths, key=lambda path: min(i for i, part in enumerate(asked) if part in path))


def _import(names) -> None:
    """Import here, once, the modules the tests imported as they ran (email_validator on the first
    signup, moto's stream backends on the first table...): every child then starts with them
    instead of importing them again (a fifth of a killed mutant's time). Importing runs no test
    and fills no cache; a module that cannot be imported on its own is left to the tests."""
    import importlib
    for name in names:
        if name not in sys.modules and not name.startswith(("__main__", "__mp_main__")):
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001  # nosec B112 - left to the child, which imported it its own way
                continue


def kept_reach(path: str, test_files) -> "list | None":
    """The tests (nodeids) of ``test_files`` that reached a line of ``path`` in the kept baseline
    (.mutate/baseline/), those that failed there left out; None when a file has no kept baseline."""
    from scripts.mutation_targets import MODULES
    keys = file_keys(test_files, sorted(MODULES))
    reached = []
    for test_file in test_files:
        cached = os.path.join(ROOT, ".mutate", "baseline", f"{keys[test_file]}.json")
        if not os.path.exists(cached):
            return None
        with open(cached) as f:
            part = json.load(f)
        failed = set(part["failed"])
        reached += [nodeid for nodeid, lines in part["reached"].items()
                    if nodeid not in failed and any(module == path for module, _ in lines)]
    return reached


def _merge(result, part) -> None:
    result["reached"].update(part["reached"])
    result["durations"].update(part["durations"])
    result["failed"] += part["failed"]
    result.setdefault("modules", set()).update(part.get("modules", ()))     # older kept files have none


def file_keys(test_files, modules) -> dict:
    """A key per test file for its kept baseline: the code (chalicelib/, app.py, the templates),
    the helpers of tests/ (conftest.py and the files not named test_*), the test file and every
    test file it imports (``from test_digest import busy``), and the modules traced."""
    import glob
    import hashlib
    common = hashlib.sha256(" ".join(sorted(modules)).encode())
    helpers = [p for p in glob.glob("tests/*.py") if not os.path.basename(p).startswith("test_")]
    for path in sorted(glob.glob("chalicelib/**/*.py", recursive=True) + glob.glob("templates/**/*.j2", recursive=True)
                       + helpers + ["app.py"]):
        with open(path, "rb") as f:
            common.update(path.encode() + f.read())
    return {test_file: _with_imports(test_file, common.copy()) for test_file in test_files}


def keys_of_tests(test_files) -> dict:
    """A key per test file: the file and every test file it imports, and nothing else."""
    import hashlib
    return {test_file: _with_imports(test_file, hashlib.sha256()) for test_file in test_files}


def _with_imports(test_file, digest) -> str:
    """``digest`` updated with the test file and every test file it imports (``from test_digest
    import busy``), as a key."""
    seen, todo = set(), [test_file]
    while todo:
        path = todo.pop()
        if path in seen or not os.path.exists(path):
            continue
        seen.add(path)
        with open(path, "rb") as f:
            text = f.read()
        digest.update(path.encode() + text)
        todo += [f"tests/{name}.py" for name in re.findall(rb"\bfrom (test_\w+) import|\bimport (test_\w+)", text)
                 for name in [(name[0] or name[1]).decode()]]
    return digest.hexdigest()[:24]


def _run_baseline(items, modules, jobs) -> dict:
    """The baseline of ``items``: shared out over ``jobs`` children, each with coverage."""
    children = []
    for part in shards(items, _known_durations(), jobs):
        out = tempfile.NamedTemporaryFile(suffix=".json", delete=False).name
        children.append((_fork(lambda part=part, out=out: _reach(part, modules, out), out + ".log"), out))
    result = {"reached": {}, "durations": {}, "failed": []}
    for pid, out in children:
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0 and not (code == 1 and os.path.exists(out) and os.path.getsize(out)):
            print(open(out + ".log").read()[-5000:])
            raise SystemExit(f"the tests fail without any mutant (exit {code}); fix them first")
        with open(out) as f:
            part = json.load(f)
        _merge(result, part)
        os.unlink(out), os.unlink(out + ".log")
    return result


def _reach(items, modules, out) -> int:
    """In a child: run every one of ``items`` (even after a failure: all are reported) with
    coverage, and write what each reached and how long it took to ``out``."""
    reach = _Reach(modules)
    items[0].config.pluginmanager.register(reach, "mutate-reach")
    reach.coverage.start()
    failed = _run_items(items, every=True)
    reach.coverage.stop()
    with open(out, "w") as f:
        json.dump({"reached": reach.reached(), "durations": reach.durations,
                   "failed": [nodeid for nodeid, _, _ in failed], "modules": sorted(sys.modules)}, f)
    return 1 if failed else 0


def shards(items, durations, jobs) -> list:
    """Share ``items`` out over ``jobs`` lists, whole test files at a time (their module fixtures
    run once), the longest file first to the least loaded list; each list keeps the items' order.
    ``durations``: seconds by nodeid from an earlier baseline (a test not in it counts one second)."""
    files = {}
    for item in items:
        path = item.nodeid.split("::")[0]
        files[path] = files.get(path, 0.0) + durations.get(item.nodeid, 1.0)
    loads, owner = [0.0] * max(1, jobs), {}
    for path, seconds in sorted(files.items(), key=lambda kv: (-kv[1], kv[0])):
        k = loads.index(min(loads))
        owner[path], loads[k] = k, loads[k] + seconds
    parts = [[item for item in items if owner[item.nodeid.split("::")[0]] == k] for k in range(len(loads))]
    return [part for part in parts if part]


def _known_durations() -> dict:
    """Each test's duration in the earlier baselines (the newest wins)."""
    import glob
    known = {}
    for path in sorted(glob.glob(os.path.join(ROOT, ".mutate", "baseline", "*.json")), key=os.path.getmtime):
        with open(path) as f:
            known.update(json.load(f).get("durations", {}))
    return known


# ---------------------------------------------------------------- mutants

class _History:
    """Which tests killed mutants of each function (benchmarks/mutation-kills.json, kept between
    runs and committed with the report, so a fresh clone's first run has it too): a new mutant of
    that function runs those tests first, as mutmut does."""
    PATH = os.path.join(ROOT, "benchmarks", "mutation-kills.json")

    def __init__(self, kills):
        self.kills = kills      # path -> scope -> nodeid -> kills

    @classmethod
    def load(cls):
        if os.path.exists(cls.PATH):
            with open(cls.PATH) as f:
                return cls(json.load(f))
        return cls({})

    def killed(self, mutant, nodeid) -> None:
        scope = self.kills.setdefault(mutant.path, {}).setdefault(mutant.scope, {})
        scope[nodeid] = scope.get(nodeid, 0) + 1

    def of(self, mutant) -> dict:
        return self.kills.get(mutant.path, {}).get(mutant.scope, {})

    def of_module(self, path) -> dict:
        """nodeid -> kills of any mutant of the module."""
        every = {}
        for scope in self.kills.get(path, {}).values():
            for nodeid, kills in scope.items():
                every[nodeid] = every.get(nodeid, 0) + kills
        return every

    def save(self) -> None:
        os.makedirs(os.path.dirname(self.PATH), exist_ok=True)
        with open(self.PATH, "w") as f:
            json.dump(self.kills, f, indent=1, sort_keys=True)


def _tests_for(mutant, path, tests, baseline, history=None, everywhere=False, own=()):
    """The baseline tests of ``tests`` files that ran the mutant's lines (any line of the module
    for a module-level mutant, unless it knows where its constant is read: those lines, and every
    test of a file that names the constant; ``everywhere``: any line after all), first those that
    killed other mutants of the same function (most kills per second of their run first: a slow
    test that kills often, the waiting-list state machine, would cost a minute to each mutant it
    does not kill), then those that killed mutants elsewhere in the module (the same way), then
    those of the module's ``own`` test files (test_after.py for after.py: a line every event save
    runs is reached by thousands of tests, and its killer is most likely there), then the fastest first."""
    wanted = set() if everywhere else set(mutant.lines)
    named = {f for f in tests if wanted and mutant.names and _names_in(f, mutant.names)}
    failed = set(baseline.get("failed", ()))
    chosen = [nodeid for nodeid, reached in baseline["reached"].items()
              if nodeid.split("::")[0] in tests and nodeid not in failed
              and any(f == path and (not wanted or line in wanted or nodeid.split("::")[0] in named)
                      for f, line in reached)]
    kills = history.of(mutant) if history else {}
    nearby = history.of_module(mutant.path) if history else {}
    durations = baseline["durations"]
    return sorted(chosen, key=lambda n: (-kills.get(n, 0) / max(durations[n], 0.05),
                                         -nearby.get(n, 0) / max(durations[n], 0.05),
                                         n.split("::")[0] not in own, durations[n]))


def _names_in(test_file, names) -> bool:
    import re
    if test_file not in _TEXTS:
        with open(os.path.join(ROOT, test_file), encoding="utf-8") as f:
            _TEXTS[test_file] = f.read()
    return any(re.search(rf"\b{re.escape(name)}\b", _TEXTS[test_file]) for name in names)


_TEXTS = {}


def _shared(module, names) -> bool:
    """Whether another module of the app or the tests holds one of these module-level values
    (``from x import NAME``): it may read it where no line of ``module`` runs."""
    from scripts.mutants import holders
    return any(holders(module, name) for name in names)


def _run_module(path, items, tests, baseline, items_by_id, jobs, equivalent, history, evidence, kept,
                run_equivalent=False) -> dict:
    """Run the mutants of ``path`` but those ``kept`` (fingerprint -> (outcome, evidence)) from earlier runs,
    recording what decided each outcome (``evidence``, an Evidence of ``path`` and ``tests``)."""
    import gc
    import importlib
    import resource
    module = importlib.import_module(_module_name(path))
    from scripts.mutation_targets import named_for
    own = set(named_for(path))
    gc.collect()
    gc.freeze()     # the children share the parent's objects; no collection touches (copies) their pages
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    partial = _Partial(path, tests)     # what a stopped run of this very code and these tests found
    outcomes = {m.index: partial.outcomes[m.fingerprint] for m in items if m.fingerprint in partial.outcomes}
    decided = {fp: evidence.of(partial.killers.get(fp)) for fp in partial.outcomes}
    if outcomes:
        _say(f"{path}: {len(outcomes)} of {len(items)} mutants kept from a run that was stopped")
    for m in items:
        if m.index not in outcomes and m.fingerprint in kept:
            outcomes[m.index], decided[m.fingerprint] = kept[m.fingerprint]
    running, queue, shown = {}, [m for m in items if m.index not in outcomes], 0
    started = time.monotonic() - partial.spent_seconds
    log_dir = tempfile.mkdtemp(prefix="mutate-")
    while queue or running:
        while queue and len(running) < jobs:
            mutant = queue.pop(0)
            if mutant.fingerprint in equivalent and not run_equivalent:
                outcomes[mutant.index] = "equivalent (not run)"
                continue
            everywhere = bool(mutant.names) and _shared(module, mutant.names)
            chosen = [n for n in _tests_for(mutant, path, tests, baseline, history, everywhere, own)
                      if n in items_by_id]
            if not chosen:
                outcomes[mutant.index] = "no test reaches it"
                decided[mutant.fingerprint] = evidence.of(None)
                continue
            limits = {n: limit(baseline["durations"][n]) for n in chosen}
            budget = 20 + sum(limits.values())      # a hang outside any test (a teardown, a fork)
            killer = os.path.join(log_dir, f"{mutant.index}.killer")

            def work(mutant=mutant, chosen=chosen, killer=killer, limits=limits):
                try:
                    mutant.apply(module)
                except Exception:   # noqa: BLE001 - a mutant that breaks the import is killed by any test
                    return 99
                failed = _run_items([items_by_id[n] for n in chosen], limits, killer)
                if failed:
                    with open(killer, "w") as f:
                        f.write(failed[0][0])
                return 1 if failed else 0

            pid = _fork(work, os.path.join(log_dir, f"{mutant.index}.log"))
            running[pid] = (mutant, time.monotonic() + budget, killer)
        time.sleep(0.01)
        for pid, (mutant, deadline, killer) in list(running.items()):
            done, status = os.waitpid(pid, os.WNOHANG)
            killed_by = None
            if done:
                code = os.waitstatus_to_exitcode(status)
                outcomes[mutant.index] = ("survived" if code == 0 else "killed (timeout)" if code == TIMED_OUT
                                          else "killed")
                if os.path.exists(killer):
                    with open(killer) as f:
                        killed_by = f.read()
                    history.killed(mutant, killed_by)
            elif time.monotonic() > deadline:
                os.killpg(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                outcomes[mutant.index] = "killed (timeout)"
            else:
                continue
            del running[pid]
            decided[mutant.fingerprint] = evidence.of(killed_by)
            partial.keep(mutant, outcomes[mutant.index], started, cpu_before, killed_by)
        if len(outcomes) != shown:
            shown = len(outcomes)
            _say(f"\r{path}: {shown}/{len(items)}", end="")
    gc.unfreeze()
    cpu = partial.spent_cpu + _cpu_since(cpu_before)
    partial.done()
    _say(f"\r{path}: {len(items)} mutants in {time.monotonic() - started:.0f} s ({cpu:.0f} s of CPU)")
    by_fingerprint = {m.fingerprint: outcomes[m.index] for m in items}
    return {**_score(items, by_fingerprint, equivalent, seconds=time.monotonic() - started, cpu=cpu),
            "evidence": decided}


def _cpu_since(before) -> float:
    """CPU seconds of the children ended since ``before`` (a getrusage of RUSAGE_CHILDREN)."""
    import resource
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


class _Partial:
    """A module's outcomes so far, written after every mutant (.mutate/partial/): a run that is
    stopped (the machine's day ends, a session is cut off) resumes where it was, with the time it
    had spent, instead of starting the module again. Kept only for the same code and tests (the
    key of ``file_keys``: any change there starts afresh), and removed when the module is done:
    a finished module is always measured whole by its next run."""

    def __init__(self, path, tests):
        import hashlib
        from scripts.mutation_targets import MODULES
        keys = file_keys(sorted(tests), sorted(MODULES))
        key = hashlib.sha256(json.dumps([path, keys], sort_keys=True).encode()).hexdigest()[:24]
        self.file = os.path.join(ROOT, ".mutate", "partial", f"{key}.json")
        kept = {}
        if os.path.exists(self.file):
            with open(self.file) as f:
                kept = json.load(f)
        self.outcomes = kept.get("outcomes", {})
        self.killers = kept.get("killers", {})      # fingerprint -> the test that killed it
        self.spent_seconds, self.spent_cpu = kept.get("seconds", 0.0), kept.get("cpu", 0.0)    # by the stopped run

    def keep(self, mutant, outcome, started, cpu_before, killer=None) -> None:
        self.outcomes[mutant.fingerprint] = outcome
        if killer:
            self.killers[mutant.fingerprint] = killer
        _write_json(self.file, {"outcomes": self.outcomes, "killers": self.killers, "seconds": time.monotonic() - started,
                                "cpu": self.spent_cpu + _cpu_since(cpu_before)})

    def done(self) -> None:
        if os.path.exists(self.file):
            os.unlink(self.file)


def _score(items, outcomes, equivalent, seconds, cpu) -> dict:
    """``outcomes`` maps fingerprints to "killed...", "survived" or "no test reaches it"."""
    items = [m for m in items if m.fingerprint in outcomes]
    by_index = {m.index: outcomes[m.fingerprint] for m in items}
    equivalent_here = [m for m in items if m.fingerprint in equivalent]
    survivors = [m for m in items if not by_index[m.index].startswith("killed") and m.fingerprint not in equivalent]
    killed = sum(1 for m in items if by_index[m.index].startswith("killed"))
    counted = len(items) - len(equivalent_here)
    score = 100.0 * (counted - len(survivors)) / counted if counted else 100.0
    return {"total": len(items), "killed": killed, "equivalent": equivalent_here, "survivors": survivors,
            "outcomes": by_index, "score": score, "seconds": seconds, "cpu": cpu}


# ---------------------------------------------------------------- report

def _report(results, found, equivalent, elapsed, jobs, today, load, runs=None) -> str:
    from scripts.mutants import OPERATORS, short
    lines = [
        "# Mutation score", "",
        f"`make mutate` on {today}: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {jobs} mutants at a time, {elapsed / 60:.1f} minutes in all "
        f"{'(the sum of one run per module, baseline included) ' if len(_run_keys(runs)) > 1 else ''}"
        f"(load average {load:.1f} at the end: the machine is shared).",
        f"Operators: {', '.join(OPERATORS)} (scripts/mutants.py). Goal: at least {GOAL:.0f}% of the "
        "non-equivalent mutants killed in every module.",
        "Command: `make mutate` (all modules) or `make mutate MODULE=<part of a path>` (one module; its result "
        "replaces that module's lines here; `python -m scripts.mutate --module a --module b` measures several, in "
        "that order). A mutant runs only the tests that ran its line (for a module-level constant: "
        "the lines that read it): first those that killed its function's other mutants, then those that killed the "
        "module's, then those of its own test files (test_after*.py for after.py), then the fastest.",
        "The independent mutants of mutmut (`make mutmut`): [MUTMUT.md](MUTMUT.md).", "",
        "Seconds: the module's mutants only; a run also starts with a baseline of its tests (cached). A run of every "
        "mutant keeps an outcome while its module and the tests that decided it are unchanged (`make mutate FRESH=1`: "
        "none kept).", "",
        "| module | mutants | killed | equivalent | survived | score | seconds | CPU seconds |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for path, r in results.items():
        lines.append(f"| {path} | {r['total']} | {r['killed']} | {len(r['equivalent'])} | {len(r['survivors'])} "
                     f"| {r['score']:.1f}% | {r['seconds']:.0f} | {r['cpu']:.0f} |")
    if runs:
        together = {}       # the modules of one run, with that run's time
        for path, run in runs.items():
            if path in results:
                together.setdefault(_run_key(run), (run, []))[1].append(path.rpartition("/")[2])
        lines += ["", "The last whole run of each module: " + "; ".join(
            f"{', '.join(names)}: {run['date']}, {run['elapsed']} s with the baseline" + (
                f" (run {run['run'][11:16]})" if run.get("run") else f", load {run['load']}")
            for run, names in together.values()) + "."]
    unmeasured = [path for path in found if path not in results]
    if unmeasured:
        lines += ["", "Not measured yet: " + ", ".join(f"`{path}`" for path in unmeasured) + "."]
    lines += ["", "## Survivors", ""]
    for path, r in results.items():
        for m in r["survivors"]:
            lines.append(f"- `{path}:{m.line}` {m.scope}, {m.operator}: `{short(m.before)}` -> "
                         f"`{short(m.after)}` ({r['outcomes'][m.index]})")
    if not any(r["survivors"] for r in results.values()):
        lines.append("None.")
    lines += ["", "## Equivalent mutants (not counted)", ""]
    for path, r in results.items():
        for m in r["equivalent"]:
            verdict = r["outcomes"][m.index]
            lines.append(f"- `{path}:{m.line}` {m.scope}, {m.operator}: `{short(m.before)}` -> `{short(m.after)}`: "
                         f"{equivalent[path][m.fingerprint]}" + (f" ({verdict})" if verdict.startswith("killed") else ""))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
