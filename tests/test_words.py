"""The words a reader meets (issue 24 items 6, 10 and 11), checked on every sentence in use.

Every Dutch msgid that a template or module uses (extracted the way ``make messages`` does) keeps
the term table and the B1 sentence length of tests/words.py. The catalog holds only those msgids,
and its English has no Dutch left in it: no Dutch file names, no "uur", no Dutch words of the
product, and no date in numbers that a reader could take for another day.
"""
import re

import pytest
import words

from scripts.messages import extracted, read_catalog, unused


def in_use() -> list:
    """``(where, Dutch text)`` for every msgid and plural form a template or module uses."""
    return [(where, text) for msgid, plural, where in extracted() for text in (msgid, plural) if text]


def test_every_dutch_sentence_in_use_keeps_the_words():
    broken = [f"{where}: {finding}" for where, text in in_use() for finding in words.findings(text)]
    assert broken == []


def test_the_catalog_holds_only_sentences_in_use():
    """An old sentence left in the catalog would keep the words we replaced; `make messages` drops it."""
    assert unused() == []


def test_the_catalog_is_laid_out_as_make_messages_writes_it():
    """After a merge, `make messages` folds the catalog back into Babel's own layout (width 100)."""
    import io

    from babel.messages.pofile import write_po

    from scripts.messages import CATALOG
    written = io.BytesIO()
    write_po(written, read_catalog(), width=100, omit_header=False)
    assert written.getvalue().decode("utf-8") == CATALOG.read_text(encoding="utf-8")


# Dutch a reader of the English must not meet: the words of the product and of times, and the
# Dutch grammar words that give a sentence away. Names of languages are written in themselves.
DUTCH = re.compile(r"(?<![\w.-])(?:uur|het|een|jouw?|niet|met|voor|naar|bij|ook|wordt|bijeenkomst\w*|aanmeld\w*|"
                   r"afmeld\w*|afgemeld|deelnemers?|inchecken|ingecheckt|wachtlijst\w*|plek|sleutels?|overzicht|"
                   r"downloaden|inloggen|uitloggen|inloglink)(?![\w-])", re.IGNORECASE)
DUTCH_FILE = re.compile(r"\b[\w-]*(?:inchecken|aanmelding\w*|deelnemers|agenda-uitnodiging|uitnodiging)\.\w{2,4}\b",
                        re.IGNORECASE)
# "9-12-2026" or "9/12/2026": a reader in the US takes it for 12 September; English writes "9 December 2026"
NUMERIC_DATE = re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b")
WRITTEN_IN_ITSELF = ("Nederlands",)


def dutch_in(english: str) -> list:
    for name in WRITTEN_IN_ITSELF:
        english = english.replace(name, "")
    english = re.sub(r"\{[^}]*\}|https?://\S+|\S+@\S+", "", english)   # placeholders, links, addresses
    return [m.group(0) for pattern in (DUTCH_FILE, DUTCH, NUMERIC_DATE) for m in pattern.finditer(english)]


def test_the_english_has_no_dutch_left():
    used = {msgid for msgid, _plural, _where in extracted()}
    left = []
    for message in read_catalog():
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        if msgid in used:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            left += [f"{msgid!r} → {string!r}: {dutch_in(string)}" for string in strings if dutch_in(string)]
    assert left == []


@pytest.mark.parametrize("text", [
    "Klik op de knop.", "Je API-sleutel", "De sleutel is ingetrokken.", "Deze persoon aanmelden",
    "Plaatsen bezet", "Zet de link op je site.", "Kolomnaam in de export", "Naar het dashboard",
    "Open het .ics-bestand.", "Dit evenement is vol.",
    "Dit is een zin van veel te veel woorden, want hij gaat maar door en door en door tot hij eindelijk stopt.",
])
def test_the_check_sees_a_broken_rule(text):
    assert words.findings(text) != []


@pytest.mark.parametrize("text", [
    "Kies de knop.", "Koppelingen met Excel", "Sleutel uitzetten", "Deze deelnemer aanmelden",
    "Plekken bezet", "Zet de link op je website.", "Kolomnaam in het Excel-bestand", "Terug naar het overzicht",
    "Open de agenda-uitnodiging.", "Deze bijeenkomst is vol.", "Kies Gegevens > Tekst naar kolommen.",
])
def test_the_check_lets_good_words_pass(text):
    assert words.findings(text) == []


@pytest.mark.parametrize("english", ["inchecken.png", "13:00 uur", "Download the aanmeldingen.xlsx file",
                                     "Your place on the wachtlijst", "Sign up for the bijeenkomst",
                                     "For example 9/12/2026.", "Closes 05-12-2026"])
def test_the_english_check_sees_dutch(english):
    assert dutch_in(english) != []


@pytest.mark.parametrize("english", ["check-in.png", "1:00 pm", "Language: Nederlands", "Sign up for {titel}",
                                     "Write to naam@gemeente.nl", "Your place on the waiting list",
                                     "For example 9 December 2026.", "such as new-year-meeting-2027-01-12"])
def test_the_english_check_lets_english_pass(english):
    assert dutch_in(english) == []
