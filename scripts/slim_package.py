"""Drop what the Lambda never loads from `chalice package`'s zip, in place.

Chalice zips every installed file of every requirement and has no exclude option, so
`make package` runs this after it: ``python -m scripts.slim_package build/deployment.zip``.
Lambda downloads and unpacks the zip on every cold start; Babel's data for 1,100 locales
was three quarters of it. What goes:

- Babel locale data for any locale but the ones ``chalicelib.i18n`` formats in, and the
  locales Babel loads them from (``nl_NL`` -> ``nl`` -> ``root``; ``en_GB`` -> ``en_001``
  -> ``en`` -> ``root``), computed by Babel's own parent rule from its pinned data;
- the test suites some libraries ship inside their package (``icalendar/tests``);
- dnspython: email-validator imports it only to check deliverability, which
  ``chalicelib.forms`` turns off (no DNS on the request path; SES reports bounces);
- software bills of materials inside ``*.dist-info/sboms`` (licences stay);
- byte code caches, which Lambda would not use for another interpreter build anyway.

tests/test_package.py renders a Dutch and an English mail from the slimmed zip alone.
"""
import os
import sys
import zipfile

from chalicelib.i18n import BABEL_LOCALES

LOCALE_DATA = "babel/locale-data/"
OWN_CODE = ("chalicelib/", "templates/", "app.py")
UNUSED_DISTRIBUTIONS = ("dns/", "dnspython-")


def babel_locales(wanted=None) -> set:
    """``wanted`` (default: our locales and their Babel names) and every locale Babel loads them from."""
    from babel.core import get_global
    exceptions = get_global("parent_exceptions")
    keep = {"root"}
    for name in wanted or {*BABEL_LOCALES, *BABEL_LOCALES.values()}:
        while name != "root":
            keep.add(name)
            name = exceptions.get(name) or ("_".join(name.split("_")[:-1]) or "root")
    return keep


def dead(name: str, locales: set) -> bool:
    """Whether the zip entry ``name`` is never loaded by the service."""
    if name.startswith(OWN_CODE):
        return False
    if name.startswith(LOCALE_DATA) and name.endswith(".dat"):
        return name[len(LOCALE_DATA):-len(".dat")] not in locales
    if name.startswith(UNUSED_DISTRIBUTIONS):
        return True
    parts = name.split("/")
    if parts[0].endswith(".dist-info") and parts[1:2] == ["sboms"]:
        return True
    return "__pycache__" in parts or name.endswith(".pyc") or "tests" in parts[1:-1]


def slim(path: str) -> tuple:
    """Rewrite the zip at ``path`` without dead entries; (bytes before, bytes after, entries dropped)."""
    locales = babel_locales()
    before = os.path.getsize(path)
    partial = path + ".slim"
    dropped = 0
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED,
                                                          compresslevel=9) as target:
        for info in source.infolist():
            if dead(info.filename, locales):
                dropped += 1
                continue
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(info), compresslevel=9)
    os.replace(partial, path)
    return before, os.path.getsize(path), dropped


def main(argv=None) -> None:
    for path in (argv or sys.argv[1:]) or ["build/deployment.zip"]:
        before, after, dropped = slim(path)
        with zipfile.ZipFile(path) as zipped:
            unpacked = sum(i.file_size for i in zipped.infolist())
        print(f"{path}: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB "
              f"({unpacked / 1e6:.1f} MB unpacked), {dropped} files dropped")


if __name__ == "__main__":
    main()
