"""The collector around a cold start's imports (chalicelib.startup), run in this process: the
handler modules nest (app.py imports the workers module), and only the outermost pair decides."""
import gc
import weakref

import pytest

from chalicelib import startup


@pytest.fixture
def collector():
    """Python's default collector, nothing frozen; put back as it was afterwards."""
    enabled, threshold = gc.isenabled(), gc.get_threshold()
    gc.unfreeze()
    gc.set_threshold(700, *threshold[1:])
    gc.enable()
    yield
    gc.set_threshold(*threshold)
    gc.freeze()
    (gc.enable if enabled else gc.disable)()


class Kept:
    """A module-level object of an imported module, say."""


def test_the_collector_is_off_until_the_outermost_handler_module_is_imported(collector):
    startup.importing()                     # app.py
    assert not gc.isenabled()
    startup.importing()                     # app.py imports chalicelib.blueprints.workers
    startup.imported()
    assert not gc.isenabled()               # app.py is still importing
    assert gc.get_threshold()[0] == 700 and gc.get_freeze_count() == 0
    startup.imported()
    assert gc.isenabled()
    assert gc.get_threshold()[0] == 20_000
    assert gc.get_freeze_count() > 0


def test_the_garbage_an_import_makes_is_freed_before_the_rest_is_frozen(collector):
    startup.importing()
    garbage = Kept()
    garbage.itself = garbage                # a cycle only the collector frees
    gone = weakref.ref(garbage)
    del garbage
    assert gone() is not None
    startup.imported()
    assert gone() is None


def test_a_second_import_after_the_first_ends_the_same_way(collector):
    """A warm process importing a handler module again (a test, a reload): the count starts over."""
    startup.importing()
    startup.imported()
    gc.set_threshold(700, *gc.get_threshold()[1:])
    startup.importing()
    assert not gc.isenabled()
    startup.imported()
    assert gc.isenabled() and gc.get_threshold()[0] == 20_000


def test_only_the_young_generations_threshold_changes(collector):
    gc.set_threshold(700, 11, 12)
    startup.importing()
    startup.imported()
    assert gc.get_threshold() == (20_000, 11, 12)
