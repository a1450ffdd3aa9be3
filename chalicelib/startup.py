"""The collector settings of a cold start, for every Lambda function's handler module.

Lambda imports the module its function's ``Handler`` names: ``app`` for the API, and
``chalicelib.blueprints.workers`` for the schedules, the stream workers and SES feedback,
which never import app.py. Each of those modules calls ``importing()`` before its imports
and ``imported()`` after them; the outermost pair decides, so app.py importing the workers
module changes nothing.

A cold start allocates what the process keeps (modules, routes, templates, then the clients and
the libraries its first request loads): the collector would mostly walk it again and again.
It is off while importing; one collection (~3 ms) then frees the little garbage the import made,
what is left is frozen out of every later collection, and young collections run every 20,000
allocations instead of 700 (benchmarks/RESULTS.md: ~15 ms CPU of the API's cold start, ~30 ms of
the worker's, whose first mail imports Jinja2, Babel, icalendar and segno).
"""
import gc

YOUNG_COLLECTION_EVERY = 20_000
_depth = 0


def importing() -> None:
    """Turn the collector off until the matching ``imported()``."""
    global _depth
    _depth += 1
    gc.disable()


def imported() -> None:
    """The outermost handler module is imported: collect once, freeze, collect young ones rarely."""
    global _depth
    _depth -= 1
    if _depth > 0:
        return
    _depth = 0
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])
    gc.enable()
