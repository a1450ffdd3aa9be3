"""The words a civil servant reads (issue 24): one term per concept, B1 sentence length.

One table, used by every check of Dutch text (the catalog's msgids, the organiser guide, mail
subjects). A check calls ``findings(text)`` and expects ``[]``.
"""
import re

MAX_WORDS = 20          # B1 ("Direct duidelijk"): a sentence of at most 20 words
MAX_SUBJECT = 60        # a mail subject, with the demo title, in characters

# (what a reader must not meet, the word to use instead); case-insensitive, whole words
AVOIDED = (
    (r"evenement\w*|events?", "bijeenkomst"),
    (r"registratie\w*|registreer\w*|geregistreerd|inschrijving\w*|inschrijv\w*|ingeschreven", "aanmelding, aanmelden"),
    (r"annule\w*|geannuleerd|intrek\w*|ingetrokken|trek\w* in", "afmelden, afgemeld"),
    (r"personen|persoon|ontvangers?", "deelnemer"),
    (r"plaats|plaatsen", "plek; nummer 2 op de wachtlijst"),
    (r"sites?|origins?", "website"),
    (r"export\w*|geëxporteerd", "downloaden, Excel-bestand"),
    (r"tokens?|api-sleutels?", "sleutel"),
    (r"dashboard\w*", "Overzicht"),
    (r"check-in-link\w*", "inchecken, QR-code"),
    (r"\.ics(?:-bestand\w*)?|ics-bestand\w*", "agenda-uitnodiging"),   # also ".ics-bestand"
    (r"klik\w*|geklikt|druk op|drukt op", "kies"),
)
_AVOIDED = [(re.compile(rf"(?<![\w.-])(?:{pattern})(?![\w-])", re.IGNORECASE), use) for pattern, use in AVOIDED]

# Names a reader must find as written elsewhere (Excel's own menus); removed before checking.
ALLOWED_NAMES = (
    "Tekst naar kolommen",
)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9‘“\"(])")


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (after . ! or ? and a space before a capital)."""
    return [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]


def words(sentence: str) -> int:
    return len([w for w in sentence.split() if re.search(r"\w", w)])


def avoided(text: str) -> list[str]:
    """Each avoided term in ``text``, as ``"term → use"``."""
    for name in ALLOWED_NAMES:
        text = text.replace(name, "")
    # placeholders, links, addresses, and a path shown as it is typed (…/events/<naam>/form)
    text = re.sub(r"\{[^}]*\}|https?://\S+|\S+@\S+|\S*/\S+/\S*", "", text)
    return [f"{m.group(0)} → {use}" for pattern, use in _AVOIDED for m in pattern.finditer(text)]


def findings(text: str, max_words: int = MAX_WORDS) -> list[str]:
    """What breaks the rules in a piece of Dutch text: avoided terms, and sentences that are too long."""
    long = [f"{words(s)} words: {s}" for s in sentences(text) if words(s) > max_words]
    return avoided(text) + long
