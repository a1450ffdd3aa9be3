"""The ``email`` package set up for this service's mails: policy, header classes, generator.

CRLF line ends; 7-bit transfer (non-ASCII goes as quoted-printable or RFC 2047). Header
lines at most 76 characters: the folder lets an encoded word fill a continuation line but
one, so this keeps every encoded word within RFC 2047's 75 and every line within RFC
5322's 78. Everything here makes the stock package's bytes, faster (a mail is built for
every signup): tests/test_emails.py compares them with the stock policy's and generator's.
The one exception: an address header whose stock folding would read back as other addresses
(``OneAddressHeader``; tests/test_one_recipient.py).
"""
import re
from email import policy
from email.generator import BytesGenerator
from email.headerregistry import Address, AddressHeader, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from io import BytesIO


_SPACE_BEFORE_ENCODED_WORD = re.compile(r"[ \t]+(\r?\n) =\?")


class WordFoldedHeader(UnstructuredHeader):
    """An unstructured header (Subject) that the policy folds between words.

    The stdlib folder moves a value that would fit on a line of its own, but not after
    "Subject: ", whole onto a continuation line ("Subject:" CRLF " Aanmelding ..."), and
    Python's own parser then reads it back with a leading space. Handing the folder the
    value's words instead of the value makes it fold between words, as it already does
    for longer values. The folding itself stays the ``email`` package's.
    """

    def fold(self, *, policy):
        from email import _header_value_parser as parser
        label = parser.HeaderLabel([parser.ValueTerminal(self.name, "header-name"),
                                    parser.ValueTerminal(":", "header-sep")])
        words = list(self._parse_tree) if self._parse_tree else []
        space = [parser.CFWSList([parser.WhiteSpaceTerminal(" ", "fws")])] if words else []
        folded = parser.Header([label, *space, *words]).fold(policy=policy)
        # Before an encoded word that starts a continuation line the folder keeps the space
        # at the end of the line above as well, and unfolding then reads two ("speed  up…").
        return _SPACE_BEFORE_ENCODED_WORD.sub(r"\1 =?", folded)


class OneAddressHeader(AddressHeader):
    """An address header (To, From, Reply-To) whose folded form reads back as the addresses it holds.

    The stdlib folder can split a long quoted display name over lines and drop its quotes, so
    ``Jansen, Piet <piet@x.example>, "x" ...`` comes out as three addresses (issue 25 item 7).
    Its folding is kept whenever it reads back as the same addresses; otherwise each display
    name is written as RFC 2047 encoded words, which hold no quote, comma or angle bracket.
    """

    def fold(self, *, policy):
        folded = super().fold(policy=policy)
        if _reads_back(self.name, folded, self.addresses):
            return folded
        return _encoded(self.name, self.addresses, policy)


def _reads_back(name, folded, addresses) -> bool:
    """Whether a folded header reads back as ``addresses``: the same addresses to this package's
    parser, and the same names and addresses to an RFC 2047 reader (``getaddresses`` and
    ``decode_header``; this package's parser keeps the space between two encoded words of a name,
    which RFC 2047 6.2 drops)."""
    from email.header import decode_header, make_header
    from email.utils import getaddresses
    value = re.sub(r"\r?\n(?=[ \t])", "", folded.partition(":")[2]).strip()
    wanted = [(a.display_name, a.addr_spec) for a in addresses]
    try:
        parsed = [a.addr_spec for a in HeaderRegistry()(name, value).addresses]
        read = [(str(make_header(decode_header(n))) if n else "", a) for n, a in getaddresses([value])]
    except (AttributeError, IndexError, ValueError, LookupError):   # the stdlib parser fails on some foldings
        return False
    return parsed == [a for _, a in wanted] and read == wanted


def _encoded(name, addresses, policy) -> str:
    """``Name: =?utf-8?b?...?= <addr>, ...``: every display name as base64 encoded words of at
    most 75 characters, one a line, each holding whole characters (RFC 2047 5, 6.3)."""
    import base64
    parts = []
    for address in addresses:
        words, chunk = [], b""
        for char in address.display_name:
            if len(chunk) + len(char.encode()) > 45:        # 45 bytes: 60 of base64, a 72-character word
                words.append(chunk)
                chunk = b""
            chunk += char.encode()
        words += [chunk] if chunk else []
        encoded = [f"=?utf-8?b?{base64.b64encode(w).decode('ascii')}?=" for w in words]
        parts.append(encoded + [f"<{address.addr_spec}>"])
    lines, line = [], f"{name}:"
    for i, words in enumerate(parts):
        for j, word in enumerate(words):
            word += "," if i + 1 < len(parts) and j + 1 == len(words) else ""
            if len(line) + 1 + len(word) > policy.max_line_length and line.strip():
                lines.append(line)
                line = ""
            line += " " + word
    return policy.linesep.join(lines + [line]) + policy.linesep


class _HeaderClasses(HeaderRegistry):
    """The standard header parsers, with each header's class made once instead of per header:
    the stdlib builds a new class for every header it parses, a third of a mail's cost."""

    def __init__(self):
        super().__init__()
        self._made = {}

    def __getitem__(self, name):
        key = name.lower()
        if key not in self._made:
            self._made[key] = super().__getitem__(name)
        return self._made[key]


def _headers():
    registry = _HeaderClasses()
    registry.map_to_type("subject", WordFoldedHeader)
    for name in ("to", "from", "reply-to"):
        registry.map_to_type(name, OneAddressHeader)
    return registry


class ReusedHeaders(policy.EmailPolicy):
    """The email package's own parsing and folding, done once per distinct header.

    Building one mail stores and parses about thirty headers (Content-Type is set, then
    given its charset, then its boundary), most of them the same in every mail
    (``text/plain; charset="utf-8"``, the sender, the subject of a kind). A header object
    is immutable (the package replaces a header, never changes one), so one object per
    ``(name, value)``, and its folded bytes, serve every mail.
    """
    _parsed = {}        # (policy, name, value's type, value as text) -> header object
    KEPT = 2048         # distinct headers kept; past that the cache starts again

    def header_store_parse(self, name, value):
        if type(value) is not str and not isinstance(value, Address):
            return super().header_store_parse(name, value)
        key = (self, name, type(value), str(value))     # an Address's text says all it holds
        header = self._parsed.get(key)
        if header is None:
            if len(self._parsed) >= self.KEPT:
                self._parsed.clear()
            header = self._parsed[key] = super().header_store_parse(name, value)[1]
        return name, header

    def fold_binary(self, name, value):
        folded = getattr(value, "_folded", None)
        if folded is None or folded[0] is not self or folded[1] != name:
            folded = (self, name, super().fold_binary(name, value))
            if hasattr(value, "name"):      # a header object, not a source string
                value._folded = folded
        return folded[2]


POLICY = ReusedHeaders(linesep="\r\n", max_line_length=76, cte_type="7bit", header_factory=_headers())


class _Generator(BytesGenerator):
    @classmethod
    def _make_boundary(cls, text=None):
        """The stock random boundary, without compiling a regular expression for each one:
        a boundary that is not in the text at all cannot be on a line of its own there."""
        boundary = super()._make_boundary()
        if text is None or b"--" + boundary.encode("ascii") not in text:
            return boundary
        return super()._make_boundary(text)     # the stock check (and a fresh draw)


class Mail(EmailMessage):
    """An ``EmailMessage`` with this module's policy, written by its generator."""

    def __init__(self, policy=POLICY):
        super().__init__(policy=policy)

    def as_bytes(self, unixfrom=False, policy=None):
        out = BytesIO()
        _Generator(out, mangle_from_=False, policy=self.policy if policy is None else policy).flatten(
            self, unixfrom=unixfrom)
        return out.getvalue()


def display_name(text: str) -> str:
    """A display name without control characters (CR, LF, NUL, ...) or runs of space."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text or "").split())
