"""The mutation harness (scripts/mutate.py, scripts/mutants.py): what it mutates, in which order
it runs a mutant's tests, and that its report keeps the hand-written notes."""
from scripts import mutants, mutate


def test_a_modules_docstring_is_not_mutated_but_its_code_is(tmp_path):
    source = tmp_path / "guarded.py"
    source.write_text('"""Writes with ``attribute_exists(PK) AND n < :max`` as the guard."""\n'
                      'GUARD = "attribute_exists(PK) AND n < :max"\n')
    found = mutants.mutants(str(source), "guarded")
    assert found and all(m.line == 2 for m in found)
    assert "'n < :max'" in {m.after for m in found}          # a clause dropped from the guard


class _Mutant:
    path, scope, lines = "chalicelib/x.py", "f", (3,)


def test_a_mutants_tests_are_those_that_reached_its_line_those_that_killed_its_function_first():
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


def test_the_written_report_keeps_the_hand_written_notes(tmp_path):
    report = tmp_path / "MUTATION.md"
    report.write_text("# Mutation score\n\nold table\n\n## Notes (by hand)\n\n- a note\n")
    mutate._write(str(report), "# Mutation score\n\nnew table\n")
    assert report.read_text() == "# Mutation score\n\nnew table\n\n## Notes (by hand)\n\n- a note\n"
