"""No import cycles in chalicelib, counting the imports inside functions and ``lazy()`` names.

A function-level import hides a cycle from Python (the module is complete by the time the
function runs) but not from a reader: two modules that need each other are one module
split in two. Every ``import`` statement anywhere in a module, and every
``lazy("chalicelib....")``, is an edge; the graph must have no cycle.
"""
import ast

from conftest import ROOT

PACKAGE = ROOT / "chalicelib"


def module_names() -> dict:
    """Dotted module name -> path, for every module under chalicelib/."""
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def imported(name: str, path, modules: dict) -> set:
    """The chalicelib modules ``name`` (at ``path``) imports, wherever in it the import is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}".rstrip(".")
            for alias in node.names:
                targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
        elif (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "lazy" and node.args
              and isinstance(node.args[0], ast.Constant)):
            targets.add(node.args[0].value)
    # an import of a package's module also runs the package: but chalicelib/__init__ imports nothing
    return {t for t in targets if t in modules and t != name and t != "chalicelib"}


def graph() -> dict:
    modules = module_names()
    return {name: imported(name, path, modules) for name, path in modules.items()}


def cycles(edges: dict) -> list:
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_scanner_sees_function_level_imports_and_finds_a_cycle():
    edges = graph()
    assert "chalicelib.downloads" in edges["chalicelib.export_runs"]          # a module-level import
    assert "chalicelib.emails" in edges["chalicelib.export_runs"]             # inside _notify
    assert "chalicelib.signups" in edges["chalicelib.blueprints.workers"]     # a lazy() name
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_chalicelib_has_no_import_cycles():
    assert cycles(graph()) == []
