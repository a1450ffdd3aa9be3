"""Mutants of one Python module: hand-picked operators, each modelling a plausible bug.

``mutants(path)`` lists them; ``Mutant.apply(module)`` puts one into the imported module
(``scripts/mutate.py`` does that in a forked child, then runs the tests). A mutant is named
by a fingerprint that survives unrelated edits (scope, operator, code before and after), so
``scripts/mutation_targets.py`` can mark it equivalent.

Operators (``OPERATORS``):
  compare    ``<``/``<=``, ``>``/``>=``, ``==``/``!=``, ``in``/``not in``, ``is``/``is not``
  boolean    ``and``/``or`` swapped; one operand of ``and``/``or`` dropped (a missing clause)
  negate     ``not x`` -> ``x``; a bare ``if x`` / ``x if c else y`` condition negated
  number     ``0``->``1``, ``1``->``0``, ``n``->``n+1``; ``True``/``False`` swapped
  arith      ``+``/``-`` swapped; one operand of ``+`` dropped (a salt or offset forgotten)
  member     one element dropped from a literal ``in (...)`` or an UPPER_CASE constant tuple
  statement  a call statement removed (a forgotten step); ``log(...)`` calls are left alone
  digest     ``hmac.compare_digest(a, b)`` -> ``a == b``
  condition  a DynamoDB condition: one clause dropped, a comparison moved, exists negated
  update     a DynamoDB update expression: one assignment or removal dropped
The kinds of bug an outsider's review found that the ones above did not make (issue 26):
  zone       ``ZoneInfo(z)`` -> ``ZoneInfo('UTC')`` (and UTC -> Europe/Amsterdam); ``timezone.utc``
             -> a fixed +01:00 (wrong in summer); ``x.astimezone(z)`` -> ``x`` (a moment left in UTC)
  window     ``starts_at``/``ends_at`` (``start``/``end``, ``opens``/``closes``) swapped; ``time(0, 0)``
             <-> ``time(23, 59)``, ``time.min``/``time.max``, ``"00:00"``/``"23:59"``; ``min``/``max``
             (``<``/``<=`` is compare's)
  status     one member dropped from a set, tuple or list of statuses that ``member`` does not reach
             (``COUNTED = (CONFIRMED, PENDING, ...)``, a filter's literal)
  order      ``sorted(...)``/``.sort(...)``: ``reverse=True`` added or a computed ``reverse=`` dropped;
             ``reversed(x)`` -> ``x``
  language   the default language ``"nl"`` <-> ``"en"`` (a default argument, ``.get(k, "nl")``,
             ``x or "nl"``, ``... else "nl"``, ``locale="nl"``)
  scope      a scope or role replaced by a weaker one (``"admin"`` -> ``"export"``)
  expiry     a comparison with ``now``, an expiry or a deadline replaced by ``False`` and by ``True``
  alike      a computed argument (a call) of an early ``return f(...)`` in a branch (an answer that must
             look like the others: the honeypot's) replaced by ``None``
"""
import ast
import copy
import os
import re
import sys
import types
from dataclasses import dataclass, field

OPERATORS = ("compare", "boolean", "negate", "number", "arith", "member", "statement", "digest",
             "condition", "update", "zone", "window", "status", "order", "language", "scope", "expiry", "alike")

_SWAP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
         ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
_QUIET_CALLS = {"log", "debug", "info", "warning", "error", "exception"}   # observability, not behaviour


@dataclass
class Mutant:
    path: str               # file, relative to the repository
    module: str             # dotted module name
    scope: str              # "func", "Class.method", "Class" (class body) or "<module>"
    line: int
    operator: str
    before: str             # the smallest changed code, before and after
    after: str
    lines: tuple = ()       # the source lines a test must run to reach it; () = anywhere in the module
    names: tuple = ()       # a module-level mutant: the names it binds (``lines`` are where the module reads them)
    index: int = 0          # position in the module's mutant list
    _tree: ast.Module = field(default=None, repr=False)

    @property
    def fingerprint(self) -> str:
        return f"{self.scope}: {self.operator}: {self.before} -> {self.after}"

    def apply(self, module) -> None:
        """Put this mutant into the imported ``module`` (and the modules that imported its names)."""
        code = compile(self._tree, module.__file__, "exec")
        scratch = {"__name__": module.__name__, "__package__": module.__package__,
                   "__file__": module.__file__, "__builtins__": __builtins__}
        exec(code, scratch)  # nosec B102  # the project's own module source, mutated on purpose (make mutate only)
        head, _, tail = self.scope.partition(".")
        if self.scope == "<module>":
            for name in _bound_names(self._tree, self.line):
                _rebind(module, name, scratch[name])
        elif tail or not isinstance(getattr(module, head), type):
            _swap_function(_lookup(module, self.scope), _lookup(scratch, self.scope), module)
        else:       # a class body statement: its attributes, and what dataclass or NamedTuple made of them
            for name, value in vars(scratch[head]).items():
                if _read_from_the_body(name, value):
                    setattr(getattr(module, head), name, value)


def _read_from_the_body(name, value) -> bool:
    """Whether a class keeps ``value`` from its body: an attribute, or what dataclass and NamedTuple
    write from the body when the class is made (the defaults sit in ``__init__``, in ``__new__``
    and in ``__dataclass_fields__``; their generated code has no file). Only __init__ and __new__:
    a frozen dataclass's generated ``__setattr__`` closes over its own class."""
    function = getattr(value, "__func__", value)
    if name in ("__init__", "__new__"):
        return isinstance(function, types.FunctionType) and function.__code__.co_filename == "<string>"
    return name == "__dataclass_fields__" or not name.startswith("__") and not callable(value)


def _lookup(namespace, qualname):
    parts = qualname.split(".")
    obj = namespace[parts[0]] if isinstance(namespace, dict) else getattr(namespace, parts[0])
    for part in parts[1:]:
        obj = vars(obj)[part]
    obj = getattr(obj, "fget", obj)
    obj = getattr(obj, "__func__", obj)
    while hasattr(obj, "__wrapped__"):     # a view under several decorators (route, event_page): its own body
        obj = obj.__wrapped__
    return obj


def _swap_function(live, mutated, module) -> None:
    """Give the live function the mutated code: every reference to it (``from x import f``) sees it.
    The functions it made before (a decorator's wrappers, made at import) get their mutated code too."""
    made = _nested(live.__code__, mutated.__code__)
    live.__code__ = mutated.__code__
    live.__defaults__ = mutated.__defaults__
    live.__kwdefaults__ = mutated.__kwdefaults__
    for obj in _made_functions(module) if made else ():
        if obj.__code__ in made:
            try:
                obj.__code__ = made[obj.__code__]
            except ValueError:      # the mutant changed what the inner function closes over
                pass


def _made_functions(module):
    """The functions ``module`` and the app's modules hold, and those they wrap or close over (a decorator's wrappers).
    Found from the modules, not by gc.get_objects(): the harness freezes the parent's objects (gc.freeze),
    and frozen objects are not listed."""
    holders = [module] + [other for name, other in list(sys.modules.items()) if name == "app" or name.startswith("chalicelib")]
    seen, todo = set(), [value for holder in holders for value in list(vars(holder).values())
                         if isinstance(value, types.FunctionType)]
    while todo:
        obj = todo.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        yield obj
        inner = [getattr(obj, "__wrapped__", None)] + [_contents(cell) for cell in obj.__closure__ or ()]
        todo += [f for f in inner if isinstance(f, types.FunctionType)]


def _contents(cell):
    try:
        return cell.cell_contents
    except ValueError:      # a cell not yet bound
        return None


def _nested(before, after) -> dict:
    """``{inner code before: inner code after}`` of the functions defined inside a function, by name."""
    def inner(code):
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                yield const
                yield from inner(const)
    mutated = {code.co_qualname: code for code in inner(after)}
    return {code: mutated[code.co_qualname] for code in inner(before)
            if code.co_qualname in mutated and mutated[code.co_qualname] != code}


def _bound_names(tree, line):
    stmt = next(s for s in tree.body if s.lineno <= line <= s.end_lineno)
    return [name for node in ast.walk(stmt) if isinstance(node, (ast.Assign, ast.AnnAssign)) for name in _assigned(node)]


def _assigned(node) -> list:
    """The names an assignment binds, those of ``A, B = 1, 2`` too."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]


def holders(module, name) -> list:
    """The other modules of the app and of the tests (imported before the mutant) that hold
    ``module``'s value of ``name`` (``from x import NAME``)."""
    value = getattr(module, name, _MISSING)
    return [other for other in list(sys.modules.values())
            if other is not module and value is not _MISSING and getattr(other, name, _MISSING) is value
            and (getattr(other, "__name__", "").startswith(("chalicelib", "app"))
                 or f"{os.sep}tests{os.sep}" in (getattr(other, "__file__", None) or ""))]


_MISSING = object()


def _rebind(module, name, value) -> None:
    old = getattr(module, name)
    for other in holders(module, name):
        setattr(other, name, value)
    setattr(module, name, value)
    for fn in vars(module).values():     # a default argument took the constant's value at definition time
        if callable(fn) and getattr(fn, "__defaults__", None) and any(d is old for d in fn.__defaults__):
            fn.__defaults__ = tuple(value if d is old else d for d in fn.__defaults__)


# ---------------------------------------------------------------- finding mutants

def mutants(path: str, module: str) -> list:
    """Every mutant of the module at ``path``, in source order."""
    with open(path, encoding="utf-8") as f:
        source = f.read()
    found = []
    tree = ast.parse(source)
    _PARENT.clear()
    _PARENT.update({id(child): parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)})
    for scope, node in _nodes(tree):
        for operator, change in _changes(node):
            found.append((scope, node, operator, change))
    result = []
    for scope, node, operator, change in found:
        mutated = ast.parse(source)
        target = [n for _, n in _nodes(mutated)][_position(tree, node)]
        before = _snippet(target)
        replacement = change(target)
        after = _snippet(replacement) if replacement is not None else "(removed)"
        _replace(mutated, target, replacement if replacement is not None else ast.Pass())
        ast.fix_missing_locations(mutated)
        lines, names = _reach(tree, scope, node)
        result.append(Mutant(path, module, scope, node.lineno, operator, before, after, lines, names, 0, mutated))
    _number(result)
    return result


def _number(result) -> None:
    seen = {}
    for index, mutant in enumerate(result):
        mutant.index = index
        count = seen.get(mutant.fingerprint, 0)
        seen[mutant.fingerprint] = count + 1
        if count:
            mutant.after += f"  #{count + 1}"


def _reach(tree, scope, node) -> tuple:
    """``(lines, names)``: the lines whose execution reaches the mutant: its own (a condition's, for
    ``if``), the whole function for a default argument; for a module-level constant, the statements
    of the module's functions that read the names it binds (with ``names``: the harness also runs
    the tests that name them, and every test of the module when another module holds the value);
    nothing (anywhere in the module) for the rest of module and class level, which runs at import."""
    if scope == "<module>":
        return _readers(tree, node)
    if "." not in scope and scope[:1].isupper():
        return (), ()
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(n is node for n in ast.walk(fn.args)):
            return tuple(range(fn.lineno, fn.end_lineno + 1)), ()
    shown = node.test if isinstance(node, (ast.If, ast.While)) else node
    return tuple(range(shown.lineno, shown.end_lineno + 1)), ()


def _readers(tree, node) -> tuple:
    """A module-level mutant's ``(lines, names)``; ``((), ())`` unless every read of the names it
    binds is inside a function of this module (a read at module or class level runs at import)."""
    binding = next(s for s in tree.body if any(n is node for n in ast.walk(s)))
    names = {name for n in ast.walk(binding) if isinstance(n, (ast.Assign, ast.AnnAssign)) for name in _assigned(n)}
    if not names or isinstance(binding, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return (), ()
    lines = set()
    for stmt in tree.body:
        reads = [n for n in ast.walk(stmt) if isinstance(n, ast.Name) and n.id in names and isinstance(n.ctx, ast.Load)]
        if not reads or stmt is binding:
            continue
        if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return (), ()           # read at module level (or in a class): at import, by everything
        for read in reads:
            lines.update(_reading_lines(stmt, read))
    return (tuple(sorted(lines)), tuple(sorted(names))) if lines else ((), ())


def _reading_lines(fn, read) -> range:
    """The lines of the innermost statement of ``fn`` that reads ``read``; the whole function when
    the read is a default argument (evaluated at import; the harness patches the default)."""
    if any(n is read for n in ast.walk(fn.args)) or any(n is read for d in fn.decorator_list for n in ast.walk(d)):
        return range(fn.lineno, fn.end_lineno + 1)
    inner = [s for s in ast.walk(fn) if isinstance(s, ast.stmt) and s is not fn and any(n is read for n in ast.walk(s))]
    nested = [s for s in inner if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    if nested:          # a nested function's defaults or a class: the whole nested definition
        return range(nested[-1].lineno, nested[-1].end_lineno + 1)
    smallest = min(inner, key=lambda s: s.end_lineno - s.lineno) if inner else fn
    if isinstance(smallest, (ast.If, ast.While)):
        return range(smallest.test.lineno, smallest.test.end_lineno + 1)
    return range(smallest.lineno, smallest.end_lineno + 1)


def _position(tree, node):
    return next(i for i, (_, n) in enumerate(_nodes(tree)) if n is node)


def _snippet(node) -> str:
    if isinstance(node, (ast.If, ast.While)):      # the condition, not the whole block
        text = f"{type(node).__name__.lower()} {ast.unparse(node.test)}:"
    else:
        text = ast.unparse(node) if not isinstance(node, ast.Pass) else "pass"
    return " ".join(text.split())


def short(text: str, width: int = 120) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


def _nodes(tree):
    """``(scope, node)`` for every node worth mutating: no docstrings, annotations or log calls."""
    for i, stmt in enumerate(tree.body):
        if i == 0 and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue        # the module's docstring
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from _walk(stmt, stmt.name)
        elif isinstance(stmt, ast.ClassDef):
            for inner in stmt.body:
                if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield from _walk(inner, f"{stmt.name}.{inner.name}")
                else:
                    yield from _walk(inner, stmt.name)
        elif not isinstance(stmt, (ast.Import, ast.ImportFrom)):
            yield from _walk(stmt, "<module>")


def _walk(node, scope):
    skip = set()
    for n in ast.walk(node):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)) and n.body \
                and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant):
            skip.add(id(n.body[0]))
        if isinstance(n, (ast.arg, ast.AnnAssign)) and getattr(n, "annotation", None):
            skip.update(id(a) for a in ast.walk(n.annotation))
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.returns:
            skip.update(id(a) for a in ast.walk(n.returns))
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            skip.update(id(a) for d in n.decorator_list for a in ast.walk(d))
        if isinstance(n, ast.Call) and _call_name(n) in _QUIET_CALLS:
            skip.update(id(a) for a in ast.walk(n))
        if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call) and _call_name(n.value) in _QUIET_CALLS:
            skip.add(id(n))
    stack = [node]
    while stack:
        n = stack.pop(0)
        if id(n) in skip:
            continue
        yield scope, n
        stack[:0] = list(ast.iter_child_nodes(n))


def _call_name(call):
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _replace(tree, target, replacement) -> None:
    for parent in ast.walk(tree):
        for name, value in ast.iter_fields(parent):
            if value is target:
                setattr(parent, name, replacement)
                return
            if isinstance(value, list) and any(v is target for v in value):
                value[[i for i, v in enumerate(value) if v is target][0]] = replacement
                return
    raise LookupError("node not found")


# ---------------------------------------------------------------- operators

def _changes(node):
    """``(operator, change)`` pairs; ``change(node)`` returns the replacement (None removes a statement)."""
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _SWAP:
        yield "compare", lambda n: _with(n, ops=[_SWAP[type(n.ops[0])]()])
    if isinstance(node, ast.BoolOp):
        other = ast.Or if isinstance(node.op, ast.And) else ast.And
        yield "boolean", lambda n: _with(n, op=other())
        for i in range(len(node.values)):
            yield "boolean", lambda n, i=i: _drop_operand(n, i)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "negate", lambda n: n.operand
    if isinstance(node, (ast.If, ast.IfExp, ast.While)) and isinstance(
            node.test, (ast.Name, ast.Attribute, ast.Call, ast.Subscript)):
        yield "negate", lambda n: _with(n, test=ast.UnaryOp(ast.Not(), n.test))
    if isinstance(node, ast.Constant) and type(node.value) in (int, bool):
        yield "number", lambda n: ast.Constant(_number_change(n.value))
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)) and not _stringy(node):
        yield "arith", lambda n: _with(n, op=ast.Sub() if isinstance(n.op, ast.Add) else ast.Add())
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):   # a fixed prefix dropped is a renaming
        if not _is_str(node.right):
            yield "arith", lambda n: n.left
        if not _is_str(node.left):
            yield "arith", lambda n: n.right
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)) \
            and isinstance(node.comparators[0], (ast.Tuple, ast.Set, ast.List)):
        for i in range(len(node.comparators[0].elts)):
            yield "member", lambda n, i=i: _with(n, comparators=[_drop_element(n.comparators[0], i)])
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
            and node.targets[0].id.lstrip("_").isupper() and isinstance(node.value, (ast.Tuple, ast.Set)) \
            and all(isinstance(e, ast.Constant) for e in node.value.elts) and len(node.value.elts) > 1:
        for i in range(len(node.value.elts)):
            yield "member", lambda n, i=i: _with(n, value=_drop_element(n.value, i))
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        yield "statement", lambda n: None
    if isinstance(node, ast.Call) and _call_name(node) == "compare_digest" and len(node.args) == 2:
        yield "digest", lambda n: ast.Compare(n.args[0], [ast.Eq()], [n.args[1]])
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and _is_expression(node.value):
        variants = _update_variants(node.value) if _is_update(node.value) else _condition_variants(node.value)
        for variant in dict.fromkeys(variants):
            if variant != node.value:
                kind = "update" if _is_update(node.value) else "condition"
                yield kind, lambda n, v=variant: ast.Constant(v)


    yield from _outsider_changes(node)


_PARENT = {}        # id(node) -> its parent, in the tree whose mutants are being listed


def _parent(node):
    return _PARENT.get(id(node))


# ---------------------------------------------------------------- the outsider's kinds of bug (issue 26)

_UTC_ATTR = "timezone.utc"
_FIXED_OFFSET = "__import__('datetime').timezone(__import__('datetime').timedelta(hours=1))"
_EDGES = {"starts_at": "ends_at", "ends_at": "starts_at", "start": "end", "end": "start",
          "opens_at": "closes_at", "closes_at": "opens_at", "first": "last", "last": "first",
          "registration_opens_at": "registration_closes_at", "registration_closes_at": "registration_opens_at"}
_STATUS_WORDS = {"confirmed", "waitlisted", "pending", "cancelled", "expired", "erased", "checked_in", "no_show",
                 "queued", "sent", "failed", "bounced", "complained", "suppressed", "draft", "open", "closed"}
_WEAKER = {"admin": "export"}
_LANGUAGES = {"nl": "en", "en": "nl"}
_LANGUAGE_KEYWORDS = {"lang", "locale", "language", "default"}
_READS_A_MOMENT = {"fromisoformat", "fromtimestamp", "parse", "moment"}
_EXPIRY = re.compile(r"\bnow\b|expir|_until\b|deadline|closes_at")


def _outsider_changes(node):
    yield from _zone(node)
    yield from _window(node)
    yield from _status(node)
    yield from _order(node)
    if isinstance(node, ast.Constant) and node.value in _LANGUAGES and _is_a_default(node):
        yield "language", lambda n: ast.Constant(_LANGUAGES[n.value])
    if isinstance(node, ast.Constant) and node.value in _WEAKER:
        yield "scope", lambda n: ast.Constant(_WEAKER[n.value])
    if isinstance(node, ast.Compare) and any(_EXPIRY.search(_moment_text(side)) for side in [node.left, *node.comparators]):
        yield "expiry", lambda n: ast.Constant(False)
        yield "expiry", lambda n: ast.Constant(True)
    if isinstance(node, ast.Return) and isinstance(node.value, ast.Call) and _ends_a_branch(node):
        for i, arg in enumerate(node.value.args):
            if isinstance(arg, ast.Call):
                yield "alike", lambda n, i=i: _with(n, value=_with(n.value, args=[
                    ast.Constant(None) if j == i else a for j, a in enumerate(n.value.args)]))
        for i, kw in enumerate(node.value.keywords):
            if kw.arg and isinstance(kw.value, ast.Call):
                yield "alike", lambda n, i=i: _with(n, value=_with(n.value, keywords=[
                    ast.keyword(k.arg, ast.Constant(None)) if j == i else k for j, k in enumerate(n.value.keywords)]))


def _moment_text(side) -> str:
    """What names the moment a comparison reads: a name, an attribute's own name, an item, a sum, a
    parsed stamp; not another call's arguments (``f(now=now).by == "x"`` compares no moment)."""
    if isinstance(side, ast.Attribute):
        return side.attr
    if isinstance(side, ast.Call):
        return ast.unparse(side) if _call_name(side) in _READS_A_MOMENT else ""
    return ast.unparse(side)


def _zone(node):
    if isinstance(node, ast.Call) and _call_name(node) == "ZoneInfo" and len(node.args) == 1:
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and arg.value == "UTC":
            yield "zone", lambda n: _with(n, args=[ast.Constant("Europe/Amsterdam")])
        else:
            yield "zone", lambda n: _with(n, args=[ast.Constant("UTC")])
    if isinstance(node, ast.Attribute) and ast.unparse(node) == _UTC_ATTR and not isinstance(node.ctx, ast.Store) \
            and not (isinstance(_parent(node), ast.Call) and _call_name(_parent(node)) == "now"):   # the same instant
        yield "zone", lambda n: ast.parse(_FIXED_OFFSET, mode="eval").body
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "astimezone":
        yield "zone", lambda n: n.func.value


def _window(node):
    if isinstance(node, ast.Attribute) and node.attr in _EDGES:
        yield "window", lambda n: _with(n, attr=_EDGES[n.attr])
    if isinstance(node, ast.Name) and node.id in _EDGES and isinstance(node.ctx, ast.Load) \
            and _EDGES[node.id] in _names_around(node):
        yield "window", lambda n: _with(n, id=_EDGES[n.id])
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in _EDGES \
            and "_" in node.value:
        yield "window", lambda n: ast.Constant(_EDGES[n.value])
    if isinstance(node, ast.Call) and _call_name(node) == "time" and node.args \
            and all(isinstance(a, ast.Constant) for a in node.args):
        values = [a.value for a in node.args]
        other = (23, 59) if not any(values) else (0, 0) if values[:2] == [23, 59] else None
        if other:
            yield "window", lambda n: _with(n, args=[ast.Constant(v) for v in other])
    if isinstance(node, ast.Attribute) and node.attr in ("min", "max") and ast.unparse(node.value) == "time":
        yield "window", lambda n: _with(n, attr="max" if n.attr == "min" else "min")
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and ("00:00" in node.value) != (
            "23:59" in node.value) and len(node.value) <= 20:
        yield "window", lambda n: ast.Constant(n.value.replace("00:00", "23:59") if "00:00" in n.value
                                               else n.value.replace("23:59", "00:00"))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("min", "max"):
        yield "window", lambda n: _with(n, func=ast.Name("max" if n.func.id == "min" else "min", ast.Load()))


def _names_around(node) -> set:
    """The names used in the function (or module) around ``node``."""
    around = node
    while _parent(around) is not None and not isinstance(around, (ast.FunctionDef, ast.AsyncFunctionDef)):
        around = _parent(around)
    return {n.id for n in ast.walk(around) if isinstance(n, ast.Name)} | {
        a.arg for n in ast.walk(around) if isinstance(n, ast.arguments) for a in n.args + n.kwonlyargs}


def _status(node):
    if not isinstance(node, (ast.Tuple, ast.Set, ast.List)) or len(node.elts) < 2 \
            or isinstance(getattr(node, "ctx", None), ast.Store):
        return
    if isinstance(_parent(node), ast.Assign) and isinstance(_parent(node).targets[0], ast.Tuple):
        return      # ``A, B = ("a", "b")``: one name fewer only breaks the import
    texts = [e.value if isinstance(e, ast.Constant) and isinstance(e.value, str)
             else e.id if isinstance(e, ast.Name) and e.id.isupper()
             else e.attr if isinstance(e, ast.Attribute) and e.attr.isupper() else None for e in node.elts]
    if None in texts or not any(t.lower() in _STATUS_WORDS for t in texts):
        return
    parent = _parent(node)
    if isinstance(parent, ast.Compare) and any(c is node for c in parent.comparators) \
            and isinstance(parent.ops[0], (ast.In, ast.NotIn)):
        return      # member's
    if isinstance(parent, ast.Assign) and all(isinstance(e, ast.Constant) for e in node.elts) \
            and isinstance(parent.targets[0], ast.Name) and parent.targets[0].id.lstrip("_").isupper():
        return      # member's
    for i in range(len(node.elts)):
        yield "status", lambda n, i=i: _drop_element(n, i)


def _order(node):
    if not isinstance(node, ast.Call):
        return
    name = _call_name(node)
    if name in ("sorted", "sort"):
        reverse = [k for k in node.keywords if k.arg == "reverse"]
        if not reverse:
            yield "order", lambda n: _with(n, keywords=n.keywords + [ast.keyword("reverse", ast.Constant(True))])
        elif not isinstance(reverse[0].value, ast.Constant):      # a constant is number's
            yield "order", lambda n: _with(n, keywords=[k for k in n.keywords if k.arg != "reverse"])
    if name == "reversed" and isinstance(node.func, ast.Name) and len(node.args) == 1:
        yield "order", lambda n: n.args[0]


def _is_a_default(node) -> bool:
    """A language that stands in when none is given: a default argument, ``.get(k, "nl")``,
    ``x or "nl"``, ``a if c else "nl"``, ``locale="nl"``."""
    parent = _parent(node)
    if isinstance(parent, ast.arguments):
        return any(d is node for d in parent.defaults + parent.kw_defaults)
    if isinstance(parent, ast.Call):
        return _call_name(parent) == "get" and len(parent.args) == 2 and parent.args[1] is node
    if isinstance(parent, ast.BoolOp):
        return isinstance(parent.op, ast.Or) and parent.values[-1] is node
    if isinstance(parent, ast.IfExp):
        return parent.orelse is node
    if isinstance(parent, ast.keyword):
        return parent.arg in _LANGUAGE_KEYWORDS
    return False


def _ends_a_branch(node) -> bool:
    """``node`` ends the body of an ``if`` that is followed by more of the function: an early answer."""
    parent = _parent(node)
    return isinstance(parent, ast.If) and parent.body and parent.body[-1] is node


def _with(node, **fields):
    new = copy.copy(node)
    for name, value in fields.items():
        setattr(new, name, value)
    return new


def _drop_operand(node, i):
    rest = node.values[:i] + node.values[i + 1:]
    return rest[0] if len(rest) == 1 else _with(node, values=rest)


def _drop_element(container, i):
    return _with(container, elts=container.elts[:i] + container.elts[i + 1:])


def _number_change(value):
    if isinstance(value, bool):
        return not value
    return {0: 1, 1: 0}.get(value, value + 1)


def _is_str(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes))


def _stringy(node) -> bool:
    return any(isinstance(n, ast.JoinedStr) or (isinstance(n, ast.Constant) and isinstance(n.value, (str, bytes)))
               for n in (node.left, node.right))


# ---------------------------------------------------------------- DynamoDB expression strings

_PLACEHOLDER = re.compile(r":[a-z_]+\b")
_UPDATE = re.compile(r"^\s*,|\b(SET|ADD|REMOVE|DELETE)\b")


def _is_expression(text) -> bool:
    return bool(_PLACEHOLDER.search(text) or "attribute_" in text) and bool(
        re.search(r"[<>=]|attribute_|\bSET\b|\bADD\b|\bREMOVE\b", text))


def _is_update(text) -> bool:
    return bool(_UPDATE.search(text)) and "attribute_" not in text and " AND " not in text


def _update_variants(text):
    """Each assignment or removed attribute dropped, one at a time."""
    sections = re.split(r"\s*\b(SET|ADD|REMOVE|DELETE)\b\s*", text)
    lead, pairs = sections[0], list(zip(sections[1::2], sections[2::2]))
    parts = [(None, lead)] + pairs
    for p, (keyword, body) in enumerate(parts):
        items = [i for i in body.split(",")]
        for i, item in enumerate(items):
            if not item.strip():
                continue
            kept = items[:i] + items[i + 1:]
            if keyword is None and i == 1 and not items[0].strip():   # ", a = :x, b = :y" keeps its lead comma
                kept = items[:1] + items[2:]
            yield _render_update(parts[:p] + [(keyword, ",".join(kept))] + parts[p + 1:])


def _render_update(parts):
    out = parts[0][1]
    for keyword, body in parts[1:]:
        if body.strip(" ,"):
            out += f" {keyword} {body.strip()}"
    return out


def _tokens(text):
    """``(``, ``)``, ``AND``, ``OR`` and atoms; a function call such as ``attribute_exists(x)`` is one atom."""
    tokens, atom, i = [], "", 0
    while i < len(text):
        word = re.match(r"(AND|OR)\b", text[i:])
        if word and not atom.strip() or word and atom.endswith(" "):
            tokens += [atom.strip()] if atom.strip() else []
            tokens.append(word.group(1))
            atom, i = "", i + len(word.group(1))
        elif text[i] == "(" and re.search(r"\w$", atom):
            end = text.index(")", i)
            atom, i = atom + text[i:end + 1], end + 1
        elif text[i] in "()":
            tokens += [atom.strip()] if atom.strip() else []
            tokens.append(text[i])
            atom, i = "", i + 1
        else:
            atom, i = atom + text[i], i + 1
    return tokens + ([atom.strip()] if atom.strip() else [])


def _condition_variants(text):
    """One clause dropped, each comparison moved, each ``attribute_exists`` negated."""
    lead = re.match(r"^\s*(AND|OR)\s+", text)
    body = text[lead.end():] if lead else text
    tree = _parse_condition(_tokens(body))
    prefix = f" {lead.group(1)} " if lead else ""
    yield ""        # the whole guard gone (an unconditional write)
    for variant in _tree_variants(tree):
        rendered = _render_condition(variant)
        yield (prefix + rendered) if rendered else ""
    for match in re.finditer(r"<=|>=|<>|<|>|=", text):
        swap = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "=": "<>", "<>": "="}[match.group()]
        yield text[:match.start()] + swap + text[match.end():]
    for match in re.finditer(r"attribute_(not_)?exists", text):
        swap = "attribute_exists" if match.group(1) else "attribute_not_exists"
        yield text[:match.start()] + swap + text[match.end():]


def _parse_condition(tokens):
    """``[op, operand, operand, ...]`` nested lists; atoms are strings. Mixed AND/OR keeps DynamoDB's
    precedence by grouping the ANDs first."""
    def expr(i):
        items, ops = [], []
        while i < len(tokens):
            if tokens[i] == "(":
                sub, i = expr(i + 1)
                items.append(["()", sub])
            elif tokens[i] == ")":
                return _group(items, ops), i + 1
            elif tokens[i] in ("AND", "OR"):
                ops.append(tokens[i])
                i += 1
                continue
            else:
                items.append(tokens[i].strip())
                i += 1
        return _group(items, ops), i
    return expr(0)[0]


def _group(items, ops):
    if not ops:
        return items[0] if items else ""
    if set(ops) == {"AND"}:
        return ["AND", *items]
    if set(ops) == {"OR"}:
        return ["OR", *items]
    groups, current = [], [items[0]]
    for op, item in zip(ops, items[1:]):
        if op == "AND":
            current.append(item)
        else:
            groups.append(current[0] if len(current) == 1 else ["AND", *current])
            current = [item]
    groups.append(current[0] if len(current) == 1 else ["AND", *current])
    return ["OR", *groups]


def _tree_variants(tree):
    """Variants of a parsed condition with one operand of one AND/OR dropped."""
    if isinstance(tree, str):
        return
    if tree[0] == "()":
        for v in _tree_variants(tree[1]):
            yield ["()", v]
        return
    op, operands = tree[0], tree[1:]
    for i in range(len(operands)):
        rest = operands[:i] + operands[i + 1:]
        yield rest[0] if len(rest) == 1 else [op, *rest]
    for i, operand in enumerate(operands):
        for v in _tree_variants(operand):
            yield [op, *operands[:i], v, *operands[i + 1:]]


def _render_condition(tree) -> str:
    if isinstance(tree, str):
        return tree
    if tree[0] == "()":
        return f"({_render_condition(tree[1])})"
    return f" {tree[0]} ".join(_render_condition(t) for t in tree[1:])
