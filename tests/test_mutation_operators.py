"""The mutation operators for the kinds of bug an outsider's review found (issue 26), each shown
making its mutant on a small sample of code, and the module list that derives itself."""
import textwrap

import pytest

from scripts import mutants, mutation_targets


def _made(tmp_path, source, operator) -> set:
    """``{(before, after)}`` of the ``operator`` mutants of ``source``."""
    path = tmp_path / "sample.py"
    path.write_text(textwrap.dedent(source))
    return {(m.before, m.after) for m in mutants.mutants(str(path), "sample") if m.operator == operator}


@pytest.fixture
def sample_module(tmp_path, monkeypatch):
    """``make(name, source)``: the module ``name`` written from ``source``, imported, and its path;
    forgotten after the test."""
    import importlib
    import sys
    monkeypatch.syspath_prepend(str(tmp_path))
    made = []

    def make(name, source):
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source))
        made.append(name)
        return importlib.import_module(name), str(tmp_path / f"{name}.py")
    yield make
    for name in made:
        sys.modules.pop(name, None)


def _mutants_of(tmp_path, operator):
    return [m for m in mutants.mutants(str(tmp_path / "sample.py"), "sample") if m.operator == operator]


def test_a_moment_is_read_in_utc_instead_of_the_events_zone(tmp_path):
    made = _made(tmp_path, """
        def day(moment, event):
            return moment.astimezone(ZoneInfo(event.timezone)).date()
        """, "zone")
    assert ("ZoneInfo(event.timezone)", "ZoneInfo('UTC')") in made
    assert ("moment.astimezone(ZoneInfo(event.timezone))", "moment") in made        # astimezone dropped


def test_utc_becomes_amsterdam_and_a_fixed_offset_but_not_in_now(tmp_path):
    made = _made(tmp_path, """
        def stamp(moment, now=None):
            now = now or datetime.now(timezone.utc)
            return moment.astimezone(timezone.utc), ZoneInfo("UTC")
        """, "zone")
    assert ("ZoneInfo('UTC')", "ZoneInfo('Europe/Amsterdam')") in made
    assert ("timezone.utc", mutants._FIXED_OFFSET) in made
    assert len([pair for pair in made if pair[0] == "timezone.utc"]) == 1     # datetime.now(utc): the same instant


def test_the_edges_of_a_window_are_swapped(tmp_path):
    made = _made(tmp_path, """
        def is_over(event, now, start, end):
            closes = datetime.combine(event.day, time(23, 59))
            opens = datetime.combine(event.day, time(0, 0))
            return now >= event.ends_at and start < end and "T00:00" and min(start, end)
        """, "window")
    assert {("event.ends_at", "event.starts_at"), ("start", "end"), ("end", "start"),
            ("time(23, 59)", "time(0, 0)"), ("time(0, 0)", "time(23, 59)"), ("'T00:00'", "'T23:59'"),
            ("min(start, end)", "max(start, end)")} <= made


def test_a_name_is_swapped_only_for_one_the_function_has(tmp_path):
    assert _made(tmp_path, "def f(start):\n    return start\n", "window") == set()


def test_a_status_is_dropped_from_a_tuple_of_statuses(tmp_path):
    made = _made(tmp_path, """
        COUNTED = (CONFIRMED, PENDING, NO_SHOW)
        def door(regs):
            return [r for r in regs if r.status in DOOR] + filter_by(regs, {"confirmed", "pending"})
        """, "status")
    assert ("(CONFIRMED, PENDING, NO_SHOW)", "(CONFIRMED, PENDING)") in made
    assert ("{'confirmed', 'pending'}", "{'pending'}") in made


def test_a_status_tuple_that_member_already_reaches_or_that_unpacks_is_left_alone(tmp_path):
    assert _made(tmp_path, """
        QUEUED, DONE = ("queued", "done")
        SEATED = ("confirmed", "pending")
        def f(s):
            return s in ("confirmed", "pending")
        """, "status") == set()


def test_the_sort_order_turns_round(tmp_path):
    made = _made(tmp_path, """
        def newest_first(regs, flip):
            listed = sorted(regs, key=lambda r: r.created_at)
            regs.sort(key=len, reverse=flip)
            return list(reversed(listed))
        """, "order")
    assert ("sorted(regs, key=lambda r: r.created_at)", "sorted(regs, key=lambda r: r.created_at, reverse=True)") in made
    assert ("regs.sort(key=len, reverse=flip)", "regs.sort(key=len)") in made
    assert ("reversed(listed)", "listed") in made


def test_the_default_language_is_swapped_where_it_stands_in_for_none(tmp_path):
    made = _made(tmp_path, """
        def answer(request, locale="nl"):
            lang = request.get("lang", "en") or "nl"
            render(locale="en")
            return lang if lang in ("nl", "en") else "en"
        """, "language")
    made = sorted((m.line, m.before, m.after.split()[0]) for m in _mutants_of(tmp_path, "language"))
    assert made == [(2, "'nl'", "'en'"), (3, "'en'", "'nl'"), (3, "'nl'", "'en'"), (4, "'en'", "'nl'"),
                    (5, "'en'", "'nl'")]        # not the tuple of languages a request may ask for


def test_a_scope_is_replaced_by_a_weaker_one(tmp_path):
    assert _made(tmp_path, 'def may(p):\n    return p.scope == "admin"\n', "scope") == {("'admin'", "'export'")}


def test_an_expiry_check_is_removed_either_way(tmp_path):
    made = _made(tmp_path, """
        def valid(record, now):
            if datetime.fromisoformat(record["expires_at"]) <= now:
                return False
            return release(now=now).by == "event"
        """, "expiry")
    assert {after for _, after in made} == {"False", "True"} and len(made) == 2
    assert all(before.startswith("datetime.fromisoformat") for before, _ in made)


def test_a_computed_argument_of_an_early_answer_becomes_a_constant(tmp_path):
    made = _made(tmp_path, """
        def register(event, data):
            if data.get("_gotcha"):
                return unsaved(event, data, tries_a_seat(event), when=now())
            return store(event, data, tries_a_seat(event))
        """, "alike")
    assert made == {("return unsaved(event, data, tries_a_seat(event), when=now())",
                     "return unsaved(event, data, None, when=now())"),
                    ("return unsaved(event, data, tries_a_seat(event), when=now())",
                     "return unsaved(event, data, tries_a_seat(event), when=None)")}


@pytest.mark.parametrize("operator", ["zone", "window", "status", "order", "language", "scope", "expiry", "alike"])
def test_every_new_operator_is_listed(operator):
    assert operator in mutants.OPERATORS and f"  {operator} " in mutants.__doc__


def test_every_module_under_chalicelib_is_mutated_but_the_openapi_description(tmp_path, monkeypatch):
    (tmp_path / "chalicelib" / "openapi").mkdir(parents=True)
    (tmp_path / "tests").mkdir()
    (tmp_path / "chalicelib" / "__init__.py").write_text('"""Only a docstring."""\n')
    (tmp_path / "chalicelib" / "openapi" / "paths.py").write_text("PATHS = {'/': 1}\n")
    (tmp_path / "chalicelib" / "brand_new.py").write_text("def f(x):\n    return x < 1\n")
    (tmp_path / "chalicelib" / "user.py").write_text("from chalicelib import brand_new\n\nY = brand_new.f(0)\n")
    (tmp_path / "tests" / "test_user.py").write_text("from chalicelib import user\n")
    (tmp_path / "tests" / "test_browser_x.py").write_text("from test_devstack import stack\n")
    (tmp_path / "tests" / "test_other.py").write_text("X = 1\n")
    (tmp_path / "tests" / "test_brand_new_edges.py").write_text("X = 2\n")
    (tmp_path / "app.py").write_text("from chalicelib import user\n")
    monkeypatch.setattr(mutation_targets, "ROOT", str(tmp_path))
    for cache in ("_MODULES", "_FILES", "_KILLS"):
        monkeypatch.setattr(mutation_targets, cache, [])
    for cache in ("_DIRECT", "_TEXTS", "_IMPORTS"):
        monkeypatch.setattr(mutation_targets, cache, {})
    assert mutation_targets.modules() == ["chalicelib/brand_new.py", "chalicelib/user.py"]
    # the test file named after it, and the tests of the module that imports it
    assert mutation_targets.tests_of("chalicelib/brand_new.py") == ("tests/test_brand_new_edges.py", "tests/test_user.py")
    (tmp_path / "chalicelib" / "alone.py").write_text("Z = 1\n")
    # reached by no test file: every one that runs in this process (not the browser's)
    assert mutation_targets.tests_of("chalicelib/alone.py") == (
        "tests/test_brand_new_edges.py", "tests/test_other.py", "tests/test_user.py")


def test_the_real_modules_are_all_there():
    assert "chalicelib/organiser/listing.py" in mutation_targets.MODULES
    assert "chalicelib/http/routing.py" in mutation_targets.MODULES
    assert not any(path.startswith("chalicelib/openapi/") for path in mutation_targets.MODULES)
    assert "tests/test_dashboard.py" in mutation_targets.MODULES["chalicelib/stats.py"]


def test_a_constant_bound_with_others_is_put_in_by_its_mutant(sample_module):
    """``A, B = 150, 20_000``: the mutant of 150 rebinds A (it used to change nothing, and survived)."""
    module, path = sample_module("pair", "SHORT, LONG = 150, 20_000\n\n\ndef fits(text):\n    return len(text) <= SHORT\n")
    [mutant] = [m for m in mutants.mutants(path, "pair") if m.after == "151"]
    assert mutant.names == ("LONG", "SHORT") and mutant.lines == (5,)
    mutant.apply(module)
    assert module.SHORT == 151 and module.fits("x" * 151)


def test_a_test_that_fails_without_any_mutant_judges_no_mutant():
    from scripts import mutate

    class Mutant:
        path, scope, lines, names = "chalicelib/x.py", "f", (3,), ()
    baseline = {"reached": {"tests/a.py::ok": [("chalicelib/x.py", 3)], "tests/a.py::broken": [("chalicelib/x.py", 3)]},
                "durations": {"tests/a.py::ok": 0.1, "tests/a.py::broken": 0.1}, "failed": ["tests/a.py::broken"]}
    assert mutate._tests_for(Mutant, "chalicelib/x.py", ("tests/a.py",), baseline) == ["tests/a.py::ok"]


def test_a_mutant_inside_a_decorator_reaches_the_functions_it_already_decorated(sample_module):
    """A page decorator's check runs in wrappers made at import (overview.event_page): its mutant
    must be in them, or a test that catches the bug cannot kill it (it used to survive)."""
    import gc
    module, path = sample_module("guarded", """\
        def only(role):
            def decorate(view):
                def checked(asker):
                    if asker != role:
                        return 403
                    return view(asker)
                return checked
            return decorate


        @only("admin")
        def page(asker):
            return 200
        """)
    [mutant] = [m for m in mutants.mutants(path, "guarded")
                if m.before == "asker != role" and m.after == "asker == role"]
    assert module.page("visitor") == 403
    gc.freeze()     # as the harness does before it forks a child per mutant
    try:
        mutant.apply(module)
        assert module.page("visitor") == 200 and module.page("admin") == 403
    finally:
        gc.unfreeze()
