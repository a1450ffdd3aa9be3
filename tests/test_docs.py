"""The documentation belongs to the repository: it points at nothing outside it, and its links work."""
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)")


def tracked_files():
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in out.decode().split("\0") if name and (ROOT / name).is_file()]


def test_nothing_refers_to_a_folder_outside_the_repository():
    outside = re.compile(r"\.\./shared|/" + "work/")  # split, so this line does not match itself
    offenders = []
    for path in tracked_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        offenders += [f"{path.relative_to(ROOT)}:{n}" for n, line in enumerate(text.splitlines(), 1)
                      if outside.search(line)]
    assert offenders == []


def test_every_relative_link_in_the_docs_exists():
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    broken = [f"{doc.relative_to(ROOT)} -> {target}" for doc in docs
              for target, _ in LINK.findall(doc.read_text(encoding="utf-8"))
              if "://" not in target and not (doc.parent / target).exists()]
    assert broken == []


def test_the_readme_stays_short():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 150


def test_the_architecture_map_names_every_module_with_one_line():
    """docs/architecture.md's layout block has a line `  <module path>  <what it is>` for every module
    under chalicelib/, and names none that is gone."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = text.split("## How the code is laid out", 1)[1].split("```")[1]
    described = {}
    for line in block.splitlines():
        parts = line.split(None, 1)
        if line.startswith("  ") and parts and parts[0].endswith(".py"):
            described[parts[0]] = parts[1].strip() if len(parts) > 1 else ""
    package = ROOT / "chalicelib"
    modules = {path.relative_to(package).as_posix() for path in package.rglob("*.py")}
    assert sorted(modules - set(described)) == [], "missing from docs/architecture.md"
    assert sorted(set(described) - modules) == [], "named in docs/architecture.md, not in chalicelib/"
    assert [name for name, line in described.items() if not line] == []


def test_module_docstrings_name_modules_that_exist_and_errors_are_answered_by_http():
    import ast
    package = ROOT / "chalicelib"
    modules = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
               for p in package.rglob("*.py")}
    named = {}
    for path in package.rglob("*.py"):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        for name in re.findall(r"chalicelib(?:\.[a-z_0-9]+)+", doc):
            # chalicelib.http.STATUS-like attribute references name their module first
            if not any(name == m or name.startswith(m + ".") for m in modules if m != "chalicelib"):
                named.setdefault(path.name, []).append(name)
    assert named == {}
    errors_doc = ast.get_docstring(ast.parse((package / "errors.py").read_text(encoding="utf-8")))
    assert "app.py" not in errors_doc and "chalicelib.http" in errors_doc
