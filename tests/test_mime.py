"""chalicelib.mime makes the bytes the stock ``email`` package makes, only faster.

Each mail is built twice with the same random draws: once as the service builds it
(mime.Mail: headers parsed and folded once per process, the boundary checked without a
regular expression) and once with the stock policy and generator. The second and later
mails of a kind come from the caches, so every case is built twice in a row.
"""
import itertools
import random
import re
from datetime import datetime, timezone
from email import policy
from email.generator import BytesGenerator
from email.headerregistry import HeaderRegistry
from email.message import EmailMessage

import pytest

from chalicelib import emails, mime
from chalicelib.models import Registration
from conftest import event_model

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
LINKS = {"manage_url": "https://signup.test/registrations/tok"}
QR_LINKS = {**LINKS, "checkin_url": "https://signup.test/checkin/abc"}
ORGANISER_MESSAGE = {"subject": "Belangrijk: de zaal is veranderd, lees dit vóór woensdag " * 2,
                     "body": "Beste deelnemer,\n\nDe zaal is verplaatst naar de derde verdieping. " * 12}


def stock_policy():
    registry = HeaderRegistry()
    registry.map_to_type("subject", mime.WordFoldedHeader)
    return policy.SMTP.clone(max_line_length=76, cte_type="7bit", header_factory=registry)


def build(kind, locale, status, links, make_message, monkeypatch):
    ids = itertools.count()
    monkeypatch.setattr(emails, "make_msgid", lambda domain: f"<id{next(ids)}@{domain}>")
    monkeypatch.setattr(mime, "Mail", make_message)
    random.seed(13)
    reg = Registration(id="r-1", event_id="circulaire-economie-2026-12-09", status=status,
                       name='Zoë "Jr" de Vries-Ångström van der Berg-Oosterhout', email="zoe@example.org",
                       locale=locale, hold_until=datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc), sequence=2)
    extra = ORGANISER_MESSAGE if kind == emails.MESSAGE else {"position": 3}
    return emails.build_message(kind, event_model(), reg, links, "aanmelden@signup.test", extra, now=NOW,
                                invite=kind != emails.MESSAGE)


def stock_bytes(message):
    from io import BytesIO
    out = BytesIO()
    BytesGenerator(out, mangle_from_=False, policy=message.policy).flatten(message)
    return out.getvalue()


@pytest.mark.parametrize("links", [LINKS, QR_LINKS], ids=["plain", "with-qr"])
@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("kind, status", [*((k, "pending" if k == "pending" else "confirmed") for k in emails.KINDS),
                                          ("cancelled", "cancelled"), (emails.MESSAGE, "confirmed")])
def test_a_mail_is_byte_for_byte_what_the_stock_email_package_writes(kind, status, locale, links, monkeypatch):
    stock_made = stock_policy()
    for _ in range(2):
        fast = build(kind, locale, status, links, mime.Mail, monkeypatch).as_bytes()
        stock = stock_bytes(build(kind, locale, status, links, lambda: EmailMessage(policy=stock_made), monkeypatch))
        assert fast == stock


def test_a_boundary_found_in_the_text_is_not_used():
    random.seed(5)
    taken = BytesGenerator._make_boundary()
    text = b"intro\r\n--" + taken.encode() + b"\r\nmore"
    random.seed(5)
    chosen = mime._Generator._make_boundary(text)
    assert chosen != taken
    assert not re.search(b"^--" + re.escape(chosen.encode()) + b"(--)?$", text, re.MULTILINE)
