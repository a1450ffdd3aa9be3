"""Issue 25 item 7: one recipient per ``To:``, whatever the name.

The stdlib folder split a long quoted display name over lines and dropped its quotes, so a name
holding ``,`` ``<`` ``>`` ``"`` added addresses to the header. Headers are built from address
objects (chalicelib.mime.OneAddressHeader); read back, the raw header holds exactly the one address.
"""
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.headerregistry import Address
from email.utils import getaddresses

import pytest
from hypothesis import given, settings, strategies as st

from chalicelib import emails, mime
from chalicelib.models import Registration
from conftest import event_model

VICTIM = "deelnemer@gemeente.example"
SPECIALS = st.sampled_from([",", "<", ">", '"', "@", ";", ":", "\\", "(", ")", "[", "]", ".", " ", "=?", "?="])
NAMES = st.lists(st.one_of(st.text(max_size=30), SPECIALS, st.sampled_from(["evil@x.example", "a" * 70, "é" * 20])),
                 max_size=12).map("".join)


def raw_header(name: str, header: str = "To") -> bytes:
    message = mime.Mail()
    message[header] = Address(mime.display_name(name), addr_spec=VICTIM)
    message.set_content("x")
    return message.as_bytes()


def read_back(raw: bytes, header: str = "To"):
    """The addresses as this package's parser reads them, and as an RFC 2047 reader does."""
    modern = [a.addr_spec for a in message_from_bytes(raw, policy=policy.default)[header].addresses]
    rfc = [(str(make_header(decode_header(n))) if n else "", a)
           for n, a in getaddresses([message_from_bytes(raw)[header]])]
    return modern, rfc


@settings(max_examples=400, deadline=None)
@given(NAMES)
def test_any_name_gives_exactly_one_recipient(name):
    modern, rfc = read_back(raw_header(name))
    assert modern == [VICTIM]
    assert rfc == [(mime.display_name(name), VICTIM)]


@settings(max_examples=100, deadline=None)
@given(NAMES, st.sampled_from(["From", "Reply-To"]))
def test_the_organisers_name_gives_exactly_one_address_too(name, header):
    modern, rfc = read_back(raw_header(name, header), header)
    assert modern == [VICTIM]
    assert rfc == [(mime.display_name(name), VICTIM)]


@pytest.mark.parametrize("name", [
    'Jansen, Piet <piet@evil.example>, "x" ' + "a" * 60,      # the review's finding
    "a, b, c, " * 12 + "<evil@x.example>",
    "ü" * 5 + " a, b, <evil@x.example> " + "q" * 70,
])
def test_a_long_name_with_commas_and_brackets_stays_one_name(name):
    raw = raw_header(name)
    assert b"evil@x.example>" not in raw.split(b"\r\n\r\n")[0]      # no address-like text in the clear
    assert read_back(raw) == ([VICTIM], [(name, VICTIM)])


@pytest.mark.parametrize("name", ["J.M. de Vries", 'Zoë "Jr" de Vries', "Ngũgĩ wa Thiong'o", "dr. ir. A.B. Çelik"])
def test_short_names_keep_the_email_packages_own_form(name):
    from email.message import EmailMessage
    stock = EmailMessage(policy=policy.SMTP.clone(max_line_length=76, cte_type="7bit"))
    stock["To"] = Address(name, addr_spec=VICTIM)
    assert raw_header(name).split(b"\r\n")[0] == stock.as_bytes().split(b"\r\n")[0]


def test_a_whole_mail_to_such_a_name_has_one_recipient():
    name = 'Vries, Jan <jan@evil.example>, "Piet" ' + "b" * 70
    reg = Registration(id="r-1", event_id="e", status="confirmed", name=name, email=VICTIM, locale="nl")
    message = emails.build_message("registered", event_model(), reg, {"manage_url": "https://signup.test/r/t"},
                                   "aanmelden@signup.test", {})
    raw = message.as_bytes()
    assert read_back(raw) == ([VICTIM], [(name, VICTIM)])
    assert emails._request(message)["Destination"] == {"ToAddresses": [VICTIM]}
