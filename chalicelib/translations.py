"""gettext for the organiser pages: Dutch is the source language, English comes from a catalog.

Templates write ``{{ _("Inloggen") }}``; ``chalicelib/locale/en/LC_MESSAGES/messages.po``
holds the English. The catalog is read once per process with Babel (already shipped for
dates). tests/test_translations.py fails when a template string has no English.
"""
import functools
import pathlib

CATALOG_DIR = pathlib.Path(__file__).resolve().parent / "locale"


@functools.lru_cache(maxsize=None)
def _catalog(locale: str) -> dict:
    path = CATALOG_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    from babel.messages.pofile import read_po
    with path.open("rb") as f:
        # a plural message is keyed by its singular, as ngettext looks it up
        return {m.id[0] if isinstance(m.id, tuple) else m.id: m.string for m in read_po(f) if m.id and m.string}


def N_(text: str) -> str:
    """Marks a Dutch msgid kept in a table (``make messages`` finds it); it is translated where it is shown."""
    return text


def gettext(locale: str):
    """A ``_(text, **values)`` for ``locale``: the translation (or the Dutch), formatted with ``values``."""
    catalog = _catalog(locale)

    def _(text: str, **values) -> str:
        translated = catalog.get(text) or text
        return translated.format(**values) if values else translated
    return _


def ngettext(locale: str):
    """``n_(singular, plural, n, **values)``: Babel's plural rule picks the form."""
    catalog = _catalog(locale)

    def n_(singular: str, plural: str, n: int, **values) -> str:
        forms = catalog.get(singular)
        if isinstance(forms, (tuple, list)):
            text = forms[0] if n == 1 else forms[-1]
        else:
            text = singular if n == 1 else plural
        return text.format(n=n, **values)
    return n_
