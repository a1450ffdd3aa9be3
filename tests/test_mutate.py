"""The mutation harness (scripts/mutate.py, scripts/mutants.py): what it mutates, in which order
it runs a mutant's tests, and that its report keeps the hand-written notes."""
import sys

import pytest

from scripts import mutants, mutate


def test_a_modules_docstring_is_not_mutated_but_its_code_is(tmp_path):
    source = tmp_path / "guarded.py"
    source.write_text('"""Writes with ``attribute_exists(PK) AND n < :max`` as the guard."""\n'
                      'GUARD = "attribute_exists(PK) AND n < :max"\n')
    found = mutants.mutants(str(source), "guarded")
    assert found and all(m.line == 2 for m in found)
    assert "'n < :max'" in {m.after for m in found}          # a clause dropped from the guard


class _Mutant:
    path, scope, lines, names = "chalicelib/x.py", "f", (3,), ()


def test_a_mutants_tests_are_those_that_reached_its_line_its_functions_killers_first_by_kills_a_second():
    baseline = {"reached": {"tests/a.py::slow": [("chalicelib/x.py", 3)], "tests/a.py::fast": [("chalicelib/x.py", 3)],
                            "tests/a.py::killer": [("chalicelib/x.py", 3)], "tests/a.py::elsewhere": [("chalicelib/x.py", 9)],
                            "tests/b.py::other_file": [("chalicelib/x.py", 3)]},
                "durations": {"tests/a.py::slow": 2.0, "tests/a.py::fast": 0.1, "tests/a.py::killer": 5.0,
                              "tests/a.py::elsewhere": 0.1, "tests/b.py::other_file": 0.1}}
    history = mutate._History({})
    assert mutate._tests_for(_Mutant, "chalicelib/x.py", ("tests/a.py",), baseline, history) == [
        "tests/a.py::fast", "tests/a.py::slow", "tests/a.py::killer"]
    history.killed(_Mutant, "tests/a.py::killer")
    assert mutate._tests_for(_Mutant, "chalicelib/x.py", ("tests/a.py",), baseline, history) == [
        "tests/a.py::killer", "tests/a.py::fast", "tests/a.py::slow"]
    for _ in range(3):                  # the slow killer: 4 kills in 5 s; the fast one: 1 kill in 0.1 s
        history.killed(_Mutant, "tests/a.py::killer")
    history.killed(_Mutant, "tests/a.py::fast")
    assert mutate._tests_for(_Mutant, "chalicelib/x.py", ("tests/a.py",), baseline, history) == [
        "tests/a.py::fast", "tests/a.py::killer", "tests/a.py::slow"]


def test_without_killers_of_its_function_a_mutant_runs_the_modules_killers_then_its_own_test_files_first():
    # a line every event save runs is reached by thousands of tests; its killer is most likely in
    # the module's own test files, or one that killed its other functions' mutants
    baseline = {"reached": {n: [("chalicelib/x.py", 3)] for n in ("tests/a.py::fast", "tests/own.py::slow",
                                                                  "tests/b.py::killer_elsewhere")},
                "durations": {"tests/a.py::fast": 0.1, "tests/own.py::slow": 3.0, "tests/b.py::killer_elsewhere": 2.0}}
    files = ("tests/a.py", "tests/b.py", "tests/own.py")
    history = mutate._History({})
    assert mutate._tests_for(_Mutant, "chalicelib/x.py", files, baseline, history, own={"tests/own.py"}) == [
        "tests/own.py::slow", "tests/a.py::fast", "tests/b.py::killer_elsewhere"]

    class Elsewhere(_Mutant):
        scope = "g"
    history.killed(Elsewhere, "tests/b.py::killer_elsewhere")
    assert mutate._tests_for(_Mutant, "chalicelib/x.py", files, baseline, history, own={"tests/own.py"}) == [
        "tests/b.py::killer_elsewhere", "tests/own.py::slow", "tests/a.py::fast"]
    history.killed(_Mutant, "tests/a.py::fast")      # a killer of its own function still goes first
    assert mutate._tests_for(_Mutant, "chalicelib/x.py", files, baseline, history, own={"tests/own.py"})[0] == \
        "tests/a.py::fast"


def test_the_written_report_keeps_the_hand_written_notes(tmp_path):
    report = tmp_path / "MUTATION.md"
    report.write_text("# Mutation score\n\nold table\n\n## Notes (by hand)\n\n- a note\n")
    mutate._write(str(report), "# Mutation score\n\nnew table\n")
    assert report.read_text() == "# Mutation score\n\nnew table\n\n## Notes (by hand)\n\n- a note\n"


def test_a_module_constant_reaches_the_statements_that_read_it_unless_the_module_reads_it_at_import(tmp_path):
    source = tmp_path / "limits.py"
    source.write_text("LIMIT = 5\n"                                     # 1
                      "KINDS = ('a', 'b')\n"                            # 2
                      "ALL = KINDS + ('c',)\n"                          # 3: read at import
                      "def check(n, most=LIMIT):\n"                     # 4
                      "    x = 1\n"                                     # 5
                      "    if n > LIMIT:\n"                             # 6
                      "        return False\n"                          # 7
                      "    return n < most\n")                          # 8
    found = {m.fingerprint: m for m in mutants.mutants(str(source), "limits")}
    limit = found["<module>: number: 5 -> 6"]
    assert (limit.names, limit.lines) == (("LIMIT",), (4, 5, 6, 7, 8))  # a default argument: the whole function
    kinds = found["<module>: member: KINDS = ('a', 'b') -> KINDS = ('b',)"]
    assert (kinds.names, kinds.lines) == ((), ())                       # every test of the module
    baseline = {"reached": {"tests/a.py::reads": [("chalicelib/x.py", 6)], "tests/a.py::not": [("chalicelib/x.py", 9)],
                            "tests/b.py::names_it": [("chalicelib/x.py", 9)]},
                "durations": {"tests/a.py::reads": 1.0, "tests/a.py::not": 1.0, "tests/b.py::names_it": 1.0}}

    class Mutant:
        path, scope, lines, names = "chalicelib/x.py", "<module>", (6,), ("ATTEMPTS",)
    tests = ("tests/a.py", "tests/b.py")
    mutate._TEXTS.update({"tests/a.py": "", "tests/b.py": "assert signups.ATTEMPTS == 6"})
    assert mutate._tests_for(Mutant, "chalicelib/x.py", tests, baseline) == ["tests/a.py::reads", "tests/b.py::names_it"]
    assert len(mutate._tests_for(Mutant, "chalicelib/x.py", tests, baseline, everywhere=True)) == 3


class _Item:
    def __init__(self, nodeid):
        self.nodeid = nodeid


def test_the_baseline_shares_whole_test_files_out_longest_first_each_share_in_collection_order():
    items = [_Item(n) for n in ("tests/a.py::1", "tests/b.py::1", "tests/a.py::2", "tests/c.py::1", "tests/d.py::1")]
    durations = {"tests/a.py::1": 30.0, "tests/a.py::2": 20.0, "tests/b.py::1": 40.0, "tests/c.py::1": 5.0}
    parts = mutate.shards(items, durations, 2)          # a: 50 s, b: 40 s, c: 5 s, d: unknown, one second
    assert [[i.nodeid for i in part] for part in parts] == [
        ["tests/a.py::1", "tests/a.py::2"], ["tests/b.py::1", "tests/c.py::1", "tests/d.py::1"]]
    assert [[i.nodeid for i in part] for part in mutate.shards(items, durations, 1)] == [[i.nodeid for i in items]]
    assert len(mutate.shards(items[:1], durations, 2)) == 1     # no empty share


def test_a_test_past_its_limit_ends_the_child_as_timed_out_naming_the_test(tmp_path):
    import os
    import signal
    import time
    killer = tmp_path / "killer"
    pid = os.fork()
    if pid == 0:                                    # the child: what _run_items sets up around a test
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
            signal.signal(signal.SIGALRM, mutate._timed_out("tests/a.py::hangs", str(killer)))
            signal.setitimer(signal.ITIMER_REAL, 0.05)
            time.sleep(5)
        finally:
            os._exit(0)
    started = time.monotonic()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == mutate.TIMED_OUT
    assert time.monotonic() - started < 4
    assert killer.read_text() == "tests/a.py::hangs"
    assert mutate.limit(0.1) < mutate.limit(10.0) < 60


def test_modules_saved_one_by_one_count_their_runs_time_once(tmp_path, monkeypatch):
    monkeypatch.setattr(mutate, "RESULTS", str(tmp_path / "results.json"))

    class M:
        def __init__(self, index):
            self.index, self.fingerprint = index, f"f{index}"
    found = {"a.py": [M(0)], "b.py": [M(1)]}

    def result(index):
        return {"outcomes": {index: "killed"}, "seconds": 1.0, "cpu": 2.0}
    mutate._save({"a.py": result(0)}, found, "2026-11-28T10:00:00", 1.0, 100.0, 2, True)
    last = mutate._save({"b.py": result(1)}, found, "2026-11-28T10:00:00", 1.0, 250.0, 2, True)
    assert last["elapsed"] == 250                   # one run, not 100 + 250
    assert last["outcomes"] == {"a.py": {"f0": "killed"}, "b.py": {"f1": "killed"}}
    last = mutate._save({"a.py": result(0)}, found, "2026-11-28T11:00:00", 1.0, 60.0, 2, True)
    assert last["elapsed"] == 250 + 60              # a.py again in a later run: that run's time, and b.py's


def test_a_changed_test_file_reruns_only_its_own_baseline_and_of_those_that_import_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "chalicelib").mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "chalicelib" / "x.py").write_text("X = 1\n")
    (tmp_path / "app.py").write_text("")
    (tmp_path / "tests" / "conftest.py").write_text("")
    files = {"tests/test_a.py": "def test_a(): pass\n", "tests/test_b.py": "from test_a import test_a\n",
             "tests/test_c.py": "def test_c(): pass\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    before = mutate.file_keys(list(files), ["chalicelib/x.py"])
    (tmp_path / "tests" / "test_a.py").write_text("def test_a(): assert True\n")
    after = mutate.file_keys(list(files), ["chalicelib/x.py"])
    assert [name for name in files if before[name] != after[name]] == ["tests/test_a.py", "tests/test_b.py"]
    (tmp_path / "chalicelib" / "x.py").write_text("X = 2\n")      # the code changed: every file again
    assert all(mutate.file_keys(list(files), ["chalicelib/x.py"])[name] != after[name] for name in files)


def test_a_report_of_one_module_keeps_the_rows_of_modules_measured_before():
    from scripts.mutate import _carried
    old = ("| module | score |\n|---|---:|\n| chalicelib/a.py | 100.0% |\n| chalicelib/b.py | 90.0% |\n\n"
           "Not measured yet: `chalicelib/c.py`.\n\n## Survivors\n\n- `chalicelib/b.py:3` f, number: `1` -> `0` (survived)\n\n"
           "## Equivalent mutants (not counted)\n\n- `chalicelib/b.py:4` g, number: `2` -> `3`: never read\n")
    new = ("| module | score |\n|---|---:|\n| chalicelib/a.py | 95.0% |\n\n"
           "Not measured yet: `chalicelib/b.py`, `chalicelib/c.py`.\n\n## Survivors\n\nNone.\n\n"
           "## Equivalent mutants (not counted)\n\n")
    merged = _carried(old, new)
    assert "| chalicelib/a.py | 95.0% |\n| chalicelib/b.py | 90.0% |" in merged
    assert "Not measured yet: `chalicelib/c.py`." in merged
    assert merged.split("## Survivors")[1].split("## Equivalent")[0] == (
        "\n\n- `chalicelib/b.py:3` f, number: `1` -> `0` (survived)\n\n")
    assert "- `chalicelib/b.py:4` g" in merged.split("## Equivalent")[1]


def test_a_module_a_blueprint_loads_lazily_gets_that_blueprints_tests():
    """organiser/team.py reaches membership only through ``lazy("chalicelib.membership")``: the team
    page's tests (test_team.py) must be among those that may kill membership's mutants."""
    from scripts.mutation_targets import MODULES
    assert "tests/test_team.py" in MODULES["chalicelib/membership.py"]
    assert "tests/test_overview_edges.py" in MODULES["chalicelib/checkin.py"]


def test_a_stopped_module_run_resumes_with_the_outcomes_it_had_for_the_same_code_and_tests(tmp_path, monkeypatch):
    import types
    monkeypatch.setattr(mutate, "ROOT", str(tmp_path))      # .mutate/partial/ under tmp_path
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    mutant = types.SimpleNamespace(fingerprint="has: member: ('a', 'b') -> ('a',)")
    first = mutate._Partial("chalicelib/roles.py", ["tests/test_roles.py"])
    first.keep(mutant, "killed", started=0.0, cpu_before=before)       # then the run is stopped

    again = mutate._Partial("chalicelib/roles.py", ["tests/test_roles.py"])
    assert again.outcomes == {mutant.fingerprint: "killed"}
    assert again.spent_seconds > 0                  # the stopped run's time still counts
    assert mutate._Partial("chalicelib/roles.py", ["tests/test_scopes.py"]).outcomes == {}     # other tests: afresh
    again.done()                                    # a finished module is measured whole next time
    assert mutate._Partial("chalicelib/roles.py", ["tests/test_roles.py"]).outcomes == {}


def test_the_modules_the_tests_imported_are_imported_once_before_the_children_and_a_broken_one_is_left(
        tmp_path, monkeypatch):
    (tmp_path / "warm_probe_imported.py").write_text("VALUE = 1\n")
    (tmp_path / "warm_probe_broken.py").write_text("raise RuntimeError('only the tests import me their way')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("warm_probe_imported", "warm_probe_broken"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    merged = {"reached": {}, "durations": {}, "failed": []}
    mutate._merge(merged, {"reached": {}, "durations": {}, "failed": [], "modules": ["warm_probe_imported"]})
    mutate._merge(merged, {"reached": {}, "durations": {}, "failed": [], "modules": ["warm_probe_broken"]})
    mutate._import(merged["modules"])
    assert sys.modules["warm_probe_imported"].VALUE == 1
    assert "warm_probe_broken" not in sys.modules


def test_a_packages_init_is_mutated_in_the_package_the_code_imports_not_in_a_second_copy():
    import importlib

    import chalicelib.http
    import chalicelib.store
    assert importlib.import_module(mutate._module_name("chalicelib/store/__init__.py")) is chalicelib.store
    assert importlib.import_module(mutate._module_name("chalicelib/http/__init__.py")) is chalicelib.http


def test_a_kept_outcome_holds_while_its_module_and_the_tests_that_decided_it_are_unchanged(tmp_path, monkeypatch):
    """A whole run keeps a mutant's outcome while what decided it is as it was: for a kill, the
    module and the killing test's file (and what that file imports); for a survivor, the module
    and every test file of the module, a new one included."""
    import types
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(mutate, "ROOT", str(tmp_path))
    monkeypatch.setattr(mutate, "RESULTS", str(tmp_path / "results.json"))
    (tmp_path / "chalicelib").mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "chalicelib" / "x.py").write_text("LIMIT = 10\n")
    files = {"tests/test_a.py": "def test_a(): pass\n", "tests/test_b.py": "from test_c import helper\n",
             "tests/test_c.py": "def helper(): pass\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    killed, survived, unreached = (types.SimpleNamespace(index=i, fingerprint=f"f{i}") for i in range(3))
    found = {"chalicelib/x.py": [killed, survived, unreached]}
    evidence = mutate.Evidence("chalicelib/x.py", list(files))
    mutate._save({"chalicelib/x.py": {
        "outcomes": {0: "killed", 1: "survived", 2: "no test reaches it"}, "seconds": 1.0, "cpu": 1.0,
        "evidence": {"f0": evidence.of("tests/test_b.py::test_b"), "f1": evidence.of(None), "f2": evidence.of(None)}}},
        found, "2026-12-07T16:00:00", 1.0, 10.0, 1, True)

    def kept(tests=tuple(files)):
        return sorted(mutate.Evidence("chalicelib/x.py", list(tests)).kept(found["chalicelib/x.py"],
                                                                          mutate._last_results()))
    assert kept() == ["f0", "f1", "f2"]                         # nothing changed: nothing runs again
    (tmp_path / "tests" / "test_a.py").write_text("def test_a(): assert True\n")
    assert kept() == ["f0"]                 # another file changed: the kill holds, the others may be killed now
    assert kept(list(files) + ["tests/test_d.py"]) == ["f0"]    # so may they by a new file
    (tmp_path / "tests" / "test_c.py").write_text("def helper(): return 1\n")
    assert kept() == []                     # what the killing file imports changed: the kill is decided again
    assert mutate.Evidence("chalicelib/x.py", list(files)).kept(found["chalicelib/x.py"], {}) == {}
    fresh = mutate.Evidence("chalicelib/x.py", list(files))
    mutate._save({"chalicelib/x.py": {"outcomes": {0: "killed", 1: "survived", 2: "survived"}, "seconds": 1.0,
                                      "cpu": 1.0, "evidence": {"f0": fresh.of("tests/test_b.py::test_b"),
                                                               "f1": fresh.of(None), "f2": fresh.of(None)}}},
                 found, "2026-12-07T17:00:00", 1.0, 10.0, 1, True)
    assert kept() == ["f0", "f1", "f2"]
    (tmp_path / "chalicelib" / "x.py").write_text("LIMIT = 11\n")
    assert kept() == []                     # the module itself changed: every mutant runs again


def test_a_whole_run_whose_outcomes_all_hold_runs_no_test(tmp_path, monkeypatch, capsys):
    from scripts.mutation_targets import MODULES
    path = "chalicelib/archiving.py"
    monkeypatch.setattr(mutate, "RESULTS", str(tmp_path / "results.json"))
    found = {path: list(mutants.mutants(path, "chalicelib.archiving"))}
    evidence = mutate.Evidence(path, MODULES[path])
    mutate._save({path: {"outcomes": {m.index: "killed" for m in found[path]}, "seconds": 5.0, "cpu": 5.0,
                         "evidence": {m.fingerprint: evidence.of(None) for m in found[path]}}},
                 found, "2026-12-07T16:00:00", 1.0, 10.0, 1, True)

    def no_session(*args):
        raise AssertionError("a test ran")
    monkeypatch.setattr(mutate, "_in_session", no_session)
    assert mutate.main(["--module", path]) == 0
    assert f"| {path} | {len(found[path])} |" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="a test ran"):
        mutate.main(["--module", path, "--fresh"])


def test_mutmut_runs_a_module_again_only_when_its_source_or_test_files_changed(tmp_path, monkeypatch, capsys):
    from scripts import mutmut_run
    from scripts.mutation_targets import MODULES
    path = "chalicelib/archiving.py"
    monkeypatch.setattr(mutmut_run, "RESULTS", tmp_path / "mutmut-results.json")
    ran = []
    monkeypatch.setattr(mutmut_run, "_run", lambda module, tests, jobs: ran.append(module) or {"m_1": 1})
    assert mutmut_run.main(["--module", path]) == 0 and ran == [path]
    assert mutmut_run.main(["--module", path]) == 0 and ran == [path]       # unchanged: kept
    assert "kept from" in capsys.readouterr().out
    assert mutmut_run.main(["--module", path, "--fresh"]) == 0 and ran == [path, path]
    assert mutmut_run._key(path, MODULES[path]) != mutmut_run._key(path, MODULES[path][1:])


def test_modules_named_one_by_one_are_measured_in_the_order_named():
    from scripts import mutate
    found = ["chalicelib/models.py", "chalicelib/store/roster.py", "chalicelib/store/seats.py"]
    assert mutate.in_order_asked(found, ["store/seats", "models", "store/"]) == [
        "chalicelib/store/seats.py", "chalicelib/models.py", "chalicelib/store/roster.py"]


def test_a_mutated_default_of_a_dataclass_or_named_tuple_reaches_the_instances_made_after(tmp_path, monkeypatch):
    import dataclasses
    import importlib
    source = tmp_path / "shapes.py"
    source.write_text("from dataclasses import dataclass, field\n"
                      "from typing import NamedTuple\n"
                      "@dataclass(frozen=True)\n"
                      "class Box:\n"
                      "    size: int = 0\n"
                      "    tags: list = field(default_factory=list)\n"
                      "class Spot(NamedTuple):\n"
                      "    place: int = 0\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("shapes")
    found = {m.fingerprint: m for m in mutants.mutants(str(source), "shapes")}
    found["Box: number: 0 -> 1"].apply(module)
    found["Spot: number: 0 -> 1"].apply(module)
    assert (module.Box().size, module.Spot().place) == (1, 1)
    assert module.Box(2).tags == []                          # the rest of the class as it was
    with pytest.raises(dataclasses.FrozenInstanceError):     # still frozen
        module.Box().size = 3
