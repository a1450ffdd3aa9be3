"""The organiser guide (docs/handleiding-organisator.md) keeps to the words of issue 24, and its
button names are the pages' own.

Every paragraph, list item, heading and table cell of the guide's prose passes ``words.findings``:
no avoided term, no sentence over 20 words. Code (fenced and inline), image lines and link targets
are not prose and are left out. Every name the guide sets in bold is a name the pages show: a msgid
of the catalog (a ``{placeholder}`` in the msgid stands for any text, such as "…").
"""
import pathlib
import re

from babel.messages.pofile import read_po

import words

ROOT = pathlib.Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "handleiding-organisator.md"
CATALOG = ROOT / "chalicelib" / "locale" / "en" / "LC_MESSAGES" / "messages.po"

# Names the guide may use before the pages do (a rename on its way); each must leave this set once
# its msgid is in the catalog.
PENDING: set = set()

LIST_ITEM = re.compile(r"^\s*(?:[-*]|\d+\.)\s+")
IMAGE = re.compile(r"^\s*!\[")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def blocks(markdown: str) -> list[str]:
    """The guide's prose, one string per paragraph, list item, heading or table cell: without
    fenced code, image lines and the ``#``/list markers."""
    found, current, fenced = [], [], False

    def close():
        if current:
            found.append(" ".join(current))
            current.clear()

    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            close()
            fenced = not fenced
            continue
        if fenced or IMAGE.match(line):
            close()
            continue
        if not line.strip():
            close()
        elif line.startswith("#"):
            close()
            found.append(line.lstrip("#"))
        elif line.lstrip().startswith("|"):
            close()
            found += [cell for cell in line.strip().strip("|").split("|") if not set(cell.strip()) <= set("-: ")]
        elif LIST_ITEM.match(line):
            close()
            current.append(LIST_ITEM.sub("", line))
        else:
            current.append(line.strip())
    close()
    return [text for text in (prose(block) for block in found) if text]


def prose(block: str) -> str:
    """A block as a reader reads it: a link's text without its target, no inline code, no emphasis."""
    block = LINK.sub(r"\1", block)
    block = re.sub(r"`[^`]*`", "", block)
    return " ".join(block.replace("**", "").replace("*", "").split())


def test_every_sentence_of_the_guide_keeps_to_the_words():
    found = {block: words.findings(block) for block in blocks(GUIDE.read_text(encoding="utf-8"))}
    assert {block: problems for block, problems in found.items() if problems} == {}


def test_the_prose_reader_leaves_out_code_images_and_link_targets():
    text = ("Kies **Opslaan**, zie [de sleutels](api.md#token).\n\n```sh\nmake dev  # events token\n```\n"
            "![Het dashboard](img/dashboard.png)\n\n- een `token` hier\n  en daar\n\n## Kop\n| a | b |\n|---|---|\n")
    assert blocks(text) == ["Kies Opslaan, zie de sleutels.", "een hier en daar", "Kop", "a", "b"]


def catalog_names() -> list[re.Pattern]:
    """Each msgid (singular and plural) as a pattern in which a placeholder matches any text."""
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    ids = {text for message in catalog if message.id
           for text in (message.id if isinstance(message.id, tuple) else (message.id,))}
    return [re.compile("".join(".+" if re.fullmatch(r"\{\w*\}", part) else re.escape(part)
                               for part in re.split(r"(\{\w*\})", text)) + r"\Z") for text in ids]


def bold_names(markdown: str) -> set[str]:
    markdown = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    markdown = re.sub(r"`[^`]*`", "", markdown)
    return {" ".join(name.split()) for name in re.findall(r"\*\*(.+?)\*\*", markdown, flags=re.DOTALL)}


def test_every_name_in_bold_is_a_name_the_pages_show():
    patterns = catalog_names()
    names = bold_names(GUIDE.read_text(encoding="utf-8"))
    assert names, "the guide sets the names of buttons and links in bold"
    missing = sorted(name for name in names - PENDING if not any(p.match(name) for p in patterns))
    assert missing == []


def test_a_pending_name_leaves_the_list_once_the_pages_show_it():
    patterns = catalog_names()
    arrived = sorted(name for name in PENDING if any(p.match(name) for p in patterns))
    assert arrived == [], "now in the catalog: remove from PENDING"
    unused = sorted(PENDING - bold_names(GUIDE.read_text(encoding="utf-8")))
    assert unused == [], "no longer in the guide: remove from PENDING"


def test_the_guide_leaves_developer_matters_to_the_developer_docs():
    """No command, test, endpoint, code or AWS service in the organiser's prose (docs/development.md,
    docs/api.md and docs/operations.md have them)."""
    markdown = GUIDE.read_text(encoding="utf-8")
    technical = re.compile(r"`|\bmake \w|\bcurl\b|\bAPI\b|\bJSON\b|\bSES\b|\bCSV\b|/events/|\btests?/|\.py\b|\bBearer\b")
    assert [block for block in blocks(markdown.replace("`", "'")) if technical.search(block)] == []
    assert "`" not in markdown
