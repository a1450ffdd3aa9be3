"""Every sentence of the organiser pages has an English translation (Dutch is the source)."""
from scripts.messages import read_catalog, template_messages


def test_every_template_message_has_english():
    catalog = read_catalog()
    missing = [msgid for msgid in template_messages()
               if catalog.get(msgid) is None or not all(catalog.get(msgid).string if isinstance(
                   catalog.get(msgid).string, tuple) else [catalog.get(msgid).string])]
    assert missing == []


def test_plural_messages_pick_the_english_form():
    from chalicelib import translations
    n_ = translations.ngettext("en")
    assert n_("Er is één ding om te verbeteren", "Er zijn {n} dingen om te verbeteren", 1) == "There is one thing to correct"
    assert n_("Er is één ding om te verbeteren", "Er zijn {n} dingen om te verbeteren", 3) == "There are 3 things to correct"


def test_the_dashboard_plurals_pick_the_english_form():
    from chalicelib import translations
    n_ = translations.ngettext("en")
    assert n_("{n} persoon gevonden", "{n} personen gevonden", 1) == "1 person found"
    assert n_("{n} persoon gevonden", "{n} personen gevonden", 3) == "3 people found"
    assert translations.ngettext("nl")("{n} persoon gevonden", "{n} personen gevonden", 3) == "3 personen gevonden"
