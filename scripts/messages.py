"""Keep the one English catalog in step with the Dutch sentences in templates and code.

    make messages          # = python -m scripts.messages: add new msgids, drop unused ones,
                           #   list the untranslated ones

Dutch is the source language. A msgid is every ``_("...")``, ``n_("...", "...", n)`` and (in
Python, for a sentence kept in a table) ``N_("...")`` or an ``Attribute(...)``'s label, in the
templates (Babel's Jinja2 extractor) and in the Python modules of chalicelib (Babel's Python extractor).
chalicelib/locale/en/LC_MESSAGES/messages.po holds the English; ``chalicelib.translations`` reads
it at run time (compiled in memory, so there is no .mo file to build or ship).
tests/test_translations.py fails while a msgid has no English.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CATALOG = ROOT / "chalicelib" / "locale" / "en" / "LC_MESSAGES" / "messages.po"
# (folder, files, Babel's extraction method)
SOURCES = ((ROOT / "templates" / "organiser", "**.j2", "jinja2"), (ROOT / "templates" / "email", "**.j2", "jinja2"),
           (ROOT / "templates" / "pages", "**.j2", "jinja2"), (ROOT / "chalicelib", "**.py", "python"))
# A registration attribute's label (its third argument, schema/attributes.py) is a msgid too.
KEYWORDS = {"_": None, "_h": None, "N_": None, "n_": (1, 2), "Attribute": (3,)}


def extracted() -> list:
    """``(msgid, plural or None, where)`` for every msgid in ``SOURCES``, in order of first use."""
    from babel.messages.extract import extract_from_dir
    found = {}
    for folder, files, method in SOURCES:
        for file, line, message, _comments, _context in extract_from_dir(
                str(folder), method_map=[(files, method)], keywords=KEYWORDS):
            msgid, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, None)
            if msgid and msgid not in found:
                found[msgid] = (msgid, plural, f"{folder.relative_to(ROOT)}/{file}:{line}")
    return list(found.values())


def template_messages() -> list:
    """Every msgid, in templates and in code."""
    return [msgid for msgid, _plural, _where in extracted()]


def read_catalog():
    from babel.messages.pofile import read_po
    with CATALOG.open("rb") as f:
        return read_po(f, locale="en")


def untranslated(catalog=None) -> list:
    """The msgids in use that have no English (for a plural: not every form)."""
    catalog = catalog or read_catalog()
    missing = []
    for msgid, _plural, where in extracted():
        entry = catalog.get(msgid)
        strings = entry.string if entry is not None and isinstance(entry.string, tuple) else [entry and entry.string]
        if entry is None or not all(strings):
            missing.append(f"{where}: {msgid}")
    return missing


def unused(catalog=None, in_use=None) -> list:
    """The catalog's msgids that no template or module uses any more."""
    catalog = catalog or read_catalog()
    used = {msgid for msgid, _plural, _where in (in_use or extracted())}
    singular = [message.id[0] if isinstance(message.id, tuple) else message.id for message in catalog if message.id]
    return [msgid for msgid in singular if msgid not in used]


def main() -> int:
    from babel.messages.pofile import write_po
    catalog = read_catalog()
    in_use = extracted()
    for msgid, plural, _where in in_use:
        if msgid not in catalog:
            catalog.add((msgid, plural) if plural else msgid, ("", "") if plural else "")
    for msgid in unused(catalog, in_use):
        print(f"dropped, no longer in the source: {msgid}")
        catalog.delete(msgid)
    with CATALOG.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False)
    missing = untranslated(catalog)
    for line in missing:
        print(f"untranslated: {line}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
