"""Keep the English catalog of the organiser pages in step with the templates.

    python -m scripts.messages          # add new Dutch strings to the catalog, list untranslated ones

Dutch is the source language: every ``_("...")`` in templates/organiser and templates/email is a msgid;
chalicelib/locale/en/LC_MESSAGES/messages.po holds the English. tests/test_translations.py
fails while a msgid has no English.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CATALOG = ROOT / "chalicelib" / "locale" / "en" / "LC_MESSAGES" / "messages.po"
TEMPLATES = ((ROOT / "templates" / "organiser", "**.j2"), (ROOT / "templates" / "email", "**.j2"),
             (ROOT / "templates" / "pages", "**.j2"))      # (folder, the files whose ``_()`` are msgids)


def template_messages() -> list:
    """Every msgid used in the templates of ``TEMPLATES``, in order of first use."""
    from babel.messages.extract import extract_from_dir
    found = []
    for folder, files in TEMPLATES:
        for _file, _line, message, _comments, _context in extract_from_dir(
                str(folder), method_map=[(files, "jinja2")], keywords={"_": None, "_h": None, "n_": (1, 2)}):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid not in found:
                found.append(msgid)
    return found


def read_catalog():
    from babel.messages.pofile import read_po
    with CATALOG.open("rb") as f:
        return read_po(f, locale="en")


def main() -> int:
    from babel.messages.pofile import write_po
    catalog = read_catalog()
    for msgid in template_messages():
        if msgid not in catalog:
            catalog.add(msgid, "")
    with CATALOG.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False)
    missing = [m.id for m in catalog if m.id and not m.string]
    for msgid in missing:
        print(f"untranslated: {msgid}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
