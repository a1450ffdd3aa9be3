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
    assert n_("{n} deelnemer gevonden", "{n} deelnemers gevonden", 1) == "1 attendee found"
    assert n_("{n} deelnemer gevonden", "{n} deelnemers gevonden", 3) == "3 attendees found"
    assert translations.ngettext("nl")("{n} deelnemer gevonden", "{n} deelnemers gevonden", 3) == "3 deelnemers gevonden"


# ---------------------------------------------------------------- one mechanism (issue 23 item 4)

import pathlib  # noqa: E402
import re  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent

# `locale == "en"`, `lang != 'en'`, `"en" == locale`, `locale_of(request) == "en"`...
LANGUAGE_CHOICE = re.compile(r"""\w*(locale|lang)\w*(\([^)]*\))?\s*[!=]=\s*["']en["']|["']en["']\s*[!=]=\s*\w*(locale|lang)""")
# a table of text per language in code: {"nl": "...", "en": "..."}
TEXT_TABLE = re.compile(r"""["']nl["']\s*:\s*["'][^"']*[A-Za-z]{4}[^"']*["']\s*,\s*["']en["']\s*:\s*["']""")


def sources():
    for path in [*ROOT.glob("templates/**/*.j2"), *ROOT.glob("chalicelib/**/*.py"), ROOT / "app.py"]:
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_every_msgid_in_templates_and_code_has_english():
    from scripts.messages import untranslated
    assert untranslated() == []


def test_every_entry_of_the_catalog_has_english():
    from scripts.messages import read_catalog
    empty = [m.id for m in read_catalog() if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])]
    assert empty == []


def test_the_extractor_reads_python_modules_too():
    """A sentence used only in code (the error copy, the attendee page's status) is a msgid too."""
    from scripts.messages import template_messages
    found = set(template_messages())
    assert {"Vul je naam in.", "Er komen nu veel aanmeldingen tegelijk binnen.", "Je bent aangemeld. Tot dan!",
            "Wacht {n} seconde en probeer het opnieuw.", "inchecken.png"} <= found


def test_no_template_or_module_chooses_text_by_language():
    choosing = [name for name, text in sources() if LANGUAGE_CHOICE.search(text)]
    tables = [name for name, text in sources() if TEXT_TABLE.search(text)]
    assert (choosing, tables) == ([], [])


def test_the_check_would_see_a_choice():
    assert LANGUAGE_CHOICE.search('{% if locale == "en" %}Sign in{% else %}Inloggen{% endif %}')
    assert LANGUAGE_CHOICE.search("lang = 'x' if locale_of(request) == 'en' else ''")
    assert TEXT_TABLE.search('"required": {"nl": "Dit veld is verplicht.", "en": "This field is required."}')
    assert not TEXT_TABLE.search('TIME_FORMAT = {"nl": "HH.mm", "en": "HH:mm"}')
    assert not TEXT_TABLE.search('TIME_SUFFIX = {"nl": " uur", "en": ""}')


def test_there_is_one_catalog_and_one_loader():
    catalogs = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "chalicelib" / "locale").rglob("*.po"))
    assert catalogs == ["chalicelib/locale/en/LC_MESSAGES/messages.po"]
    readers = [name for name, text in sources() if "read_po" in text]
    assert readers == ["chalicelib/translations.py"]


def test_sentences_with_a_number_pick_their_form_in_both_languages():
    from chalicelib import error_copy
    assert error_copy.wait(1, "nl") == "Wacht 1 seconde en probeer het opnieuw."
    assert error_copy.wait(30, "nl") == "Wacht 30 seconden en probeer het opnieuw."
    assert error_copy.wait(1, "en") == "Wait 1 second and try again."
    assert error_copy.wait(30, "en") == "Wait 30 seconds and try again."
    assert error_copy.wait(600, "en") == "Wait 10 minutes and try again."
