"""``lazy("chalicelib.stats")``: a module imported when a handler first uses it.

One Lambda package serves every function (API, schedules, stream worker, SES feedback), and
each of them imports app.py, which registers every blueprint. A blueprint's handlers need
their use cases only when they run, so a blueprint names them with ``lazy``: each function's
cold start then loads what its own first request uses (benchmarks/coldstart.py measures it).
The import itself is Python's (``importlib.import_module``, under the import lock), so two
threads of ``chalice local`` may use a module first at the same moment.
"""
import importlib


class _Lazy:
    __slots__ = ("_name",)

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr):
        return getattr(importlib.import_module(self._name), attr)

    def __repr__(self):
        return f"<lazy module {self._name!r}>"


def lazy(name: str):
    """A stand-in for module ``name`` whose attributes import it on first use."""
    return _Lazy(name)
