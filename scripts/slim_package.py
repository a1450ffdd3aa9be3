"""Drop what the Lambda never loads from `chalice package`'s zip, in place.

Chalice zips every installed file of every requirement and has no exclude option, so
`make package` runs this after it: ``python -m scripts.slim_package build/deployment.zip``.
Lambda downloads and unpacks the zip on every cold start; Babel's data for 1,100 locales
was three quarters of it. What goes:

- Babel locale data for any locale but the ones ``chalicelib.i18n`` formats in, and the
  locales Babel loads them from (``nl_NL`` -> ``nl`` -> ``root``; ``en_GB`` -> ``en_001``
  -> ``en`` -> ``root``), computed by Babel's own parent rule from its pinned data;
- the test suites some libraries ship inside their package (``icalendar/tests``);
- dateutil's own copy of the time-zone database (``dateutil-zoneinfo.tar.gz``): the service
  reads zones with the standard ``zoneinfo`` from the ``tzdata`` package, and icalendar imports
  ``dateutil.tz`` only for its classes (dateutil reads the tarball only in ``gettz`` for a zone
  the system does not have, and then answers None without it);
- dnspython: email-validator imports it only to check deliverability, which
  ``chalicelib.forms`` turns off (no DNS on the request path; SES reports bounces);
- typing_extensions: Jinja2, MarkupSafe and icalendar import it only for a type checker, or on a
  Python older than 3.11 (tests/test_package.py imports every module from the zip without it);
- Babel's command line (``pybabel`` extract/init/compile and its setuptools commands), and what
  only it or ``Catalog.check`` loads (``mofile``, ``checkers``, ``_compat``): the service reads its
  catalogs with ``babel.messages.pofile``, which needs none of it;
- tzdata's text sources and tables (``tzdata.zi``, ``*.tab``, ``leapseconds``): ``zoneinfo`` reads
  the compiled zone files, and ``available_timezones()`` the ``zones`` list, which stay;
- type stubs and markers (``*.pyi``, ``py.typed``), which only a type checker reads;
- software bills of materials inside ``*.dist-info/sboms`` and the ``RECORD`` file lists pip
  uninstalls by (licences and metadata stay; of ``METADATA`` its headers, not the long
  description, a copy of the project's README that nothing reads);
- the byte code caches pip wrote, whose timestamps mean nothing once Lambda unpacks the zip;
- of ``publicsuffixlist``: its tests and its updater (the service never fetches the list), and of
  its copy of the Public Suffix List all but what ``chalicelib.forms`` asks it: whether a text ends
  in a suffix of the ICANN section. Its markers stay, and its rules without a dot (``com``: a text
  that ends in ``co.uk`` ends in ``uk``), and the rules of a top-level label without a rule of its
  own (``co.za``, ``*.ck``).

And what goes in: byte code for every module, compiled here by the same Python 3.11 the
functions run (``chalice package`` picks the runtime from it). Lambda's /var/task is read-only,
so without it every cold start compiles each imported module from source again. The byte code
is hash-based and unchecked (PEP 552): the interpreter loads it without comparing it with the
source file's timestamp, which the unpacking does not keep. Every module, our own and the
libraries', ships as byte code alone (``chalicelib/signups.pyc``, ``jinja2/environment.pyc``, no
``.py``): a traceback still names file, line and function (what ``chalicelib.logs`` records of a
failure), only not the line's text, and the sources of our own code would cost 235 kB of the zip
and 680 kB unpacked. All byte code is compiled as ``python -OO``
would (no docstrings, no asserts, which every library must bear, and which our own code does not
use: tests/test_package.py checks), to keep within the size limits.

The templates go in compiled instead of as sources: ``templates_compiled/`` holds each one as the
Python Jinja2 makes of it (``Environment.compile_templates``, by the environment the service uses),
as byte code, which ``chalicelib.templating`` loads before any source (``templates/static/``, the
stylesheet and the frame script, stays: pages read those as files).

tests/test_package.py renders a Dutch and an English mail from the slimmed zip alone.
"""
import importlib.util
import marshal
import os
import sys
import tempfile
import zipfile

from chalicelib.i18n import BABEL_LOCALES

LOCALE_DATA = "babel/locale-data/"
OWN_CODE = ("chalicelib/", "templates/", "app.py")
UNUSED_DISTRIBUTIONS = ("dns/", "dnspython-",
                        "typing_extensions")    # imported by our libraries only for type checkers (or before 3.11)
UNUSED_MODULES = (*(f"babel/messages/{m}.py" for m in ("frontend", "extract", "jslexer", "setuptools_frontend",
                                                        "mofile", "checkers", "_compat")),
                  "publicsuffixlist/test.py", "publicsuffixlist/update.py")
UNUSED_DATA = ("dateutil/zoneinfo/dateutil-zoneinfo.tar.gz",
               # tzdata's text sources and tables: zoneinfo reads the compiled zone files and `zones`
               "tzdata/zoneinfo/tzdata.zi", "tzdata/zoneinfo/leapseconds", "tzdata/zoneinfo/zone.tab",
               "tzdata/zoneinfo/zone1970.tab", "tzdata/zoneinfo/zonenow.tab", "tzdata/zoneinfo/iso3166.tab",
               "publicsuffixlist/test_psl.txt")
PUBLIC_SUFFIXES = "publicsuffixlist/public_suffix_list.dat"
ICANN = ("// ===BEGIN ICANN DOMAINS===", "// ===END ICANN DOMAINS===")
TYPING_ONLY = (".pyi", "/py.typed")     # stubs and markers for type checkers


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
    if name.startswith("templates/") and name.endswith(".j2"):
        return True         # each ships compiled (templates_compiled/), which the service loads first
    if name.startswith(OWN_CODE):
        return False
    if name.startswith(LOCALE_DATA) and name.endswith(".dat"):
        return name[len(LOCALE_DATA):-len(".dat")] not in locales
    if name.startswith(UNUSED_DISTRIBUTIONS) or name in UNUSED_MODULES or name in UNUSED_DATA:
        return True
    parts = name.split("/")
    if parts[0].endswith(".dist-info") and (parts[1:2] == ["sboms"] or parts[1:] == ["RECORD"]):
        return True
    return "__pycache__" in parts or name.endswith((".pyc", *TYPING_ONLY)) or "tests" in parts[1:-1]


def public_suffixes(data: bytes) -> bytes:
    """The Public Suffix List's ICANN section as far as it names top-level suffixes: its markers,
    its rules without a dot, and every rule of a top-level label that has none of its own."""
    lines = data.decode("utf-8").splitlines()
    start, end = lines.index(ICANN[0]), lines.index(ICANN[1])
    rules = [line.split()[0] for line in lines[start + 1:end] if line.strip() and not line.startswith("//")]
    top = {rule for rule in rules if "." not in rule}
    kept = [rule for rule in rules if "." not in rule or rule.rpartition(".")[2] not in top]
    return "\n".join([ICANN[0], *kept, ICANN[1], ""]).encode("utf-8")


def metadata_headers(data: bytes) -> bytes:
    """A distribution's METADATA without its long description (the README after the headers):
    ``importlib.metadata`` reads the headers (name, version, requirements), nothing reads the rest."""
    head, blank, _description = data.partition(b"\n\n")
    return head + (b"\n" if blank else b"")


def byte_code(name: str, source: bytes, optimize: int = 0) -> bytes:
    """An unchecked hash-based .pyc of ``source`` (PEP 552: flags 0b01, then the source hash)."""
    code = compile(source, name, "exec", dont_inherit=True, optimize=optimize)
    flags = (0b01).to_bytes(4, "little")
    return importlib.util.MAGIC_NUMBER + flags + importlib.util.source_hash(source) + marshal.dumps(code)


def compiled(name: str, source: bytes) -> list:
    """The entries a module ``name`` ships as: ``[(entry name, bytes), ...]``: its byte code alone,
    beside where its source was (``chalicelib/signups.pyc``)."""
    return [(name[:-len(".py")] + ".pyc", byte_code(name, source, optimize=2))]


def compiled_templates() -> list:
    """``[(entry name, bytes), ...]``: every template as Jinja2 compiles it, as byte code."""
    from chalicelib import templating
    folder = os.path.basename(templating.COMPILED_DIR)
    with tempfile.TemporaryDirectory() as out:
        templating.environment().compile_templates(out, zip=None, ignore_errors=False,
                                                    filter_func=_loaded_by_name)
        entries = []
        for name in sorted(os.listdir(out)):
            with open(os.path.join(out, name), "rb") as f:
                entries += compiled(f"{folder}/{name}", f.read())
    return entries


def _loaded_by_name(name: str) -> bool:
    """A template the service loads: a mail's file only as its parts (``html:email/...``)."""
    return name.endswith(".j2") and not name.startswith("email/")


REGULAR_FILE = 0o100644 << 16      # a zip entry's mode: a regular file, readable by Lambda's user


def _add(target, name, content, date_time=(1980, 1, 1, 0, 0, 0), external_attr=REGULAR_FILE) -> None:
    """Write a made entry (byte code) into the zip ``target``, deflated as the rest."""
    entry = zipfile.ZipInfo(name, date_time)
    entry.external_attr, entry.compress_type = external_attr, zipfile.ZIP_DEFLATED
    target.writestr(entry, content, compresslevel=9)


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
            data = source.read(info)
            if info.filename == PUBLIC_SUFFIXES:
                data = public_suffixes(data)
            if info.filename.endswith(".dist-info/METADATA"):
                data = metadata_headers(data)
            if not info.filename.endswith(".py"):
                target.writestr(info, data, compresslevel=9)
                continue
            for name, content in compiled(info.filename, data):
                _add(target, name, content, info.date_time, info.external_attr)
        for name, content in compiled_templates():
            _add(target, name, content)
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
