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
