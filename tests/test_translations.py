"""The English catalog of the organiser pages is complete, plurals included."""
from chalicelib import translations
from scripts.messages import read_catalog, template_messages


def test_every_template_message_has_english():
    catalog = read_catalog()
    missing = [msgid for msgid in template_messages() if msgid not in catalog or not catalog[msgid].string]
    assert missing == []


def test_plurals_translate_by_count():
    translations._catalog.cache_clear()
    n_ = translations.ngettext("en")
    assert n_("{n} persoon gevonden", "{n} personen gevonden", 1) == "1 person found"
    assert n_("{n} persoon gevonden", "{n} personen gevonden", 3) == "3 people found"
    assert translations.ngettext("nl")("{n} persoon gevonden", "{n} personen gevonden", 3) == "3 personen gevonden"
