"""A mail's headers and bytes as a receiving mail program reads them (chalicelib/mime.py): a subject
folded between words, a name that must stay one name and one address, names in encoded words of
whole characters, each address its own, a line beginning "From " left alone, and a mail written with
another policy written by that policy."""
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.headerregistry import Address
from email.utils import getaddresses

import pytest

from chalicelib import mime

TO = "deelnemer@gemeente.example"


def mail(**headers):
    message = mime.Mail()
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("Hallo")
    return message


def header_lines(raw: bytes, name: bytes) -> list:
    """The raw lines of one header: its first line and its continuation lines."""
    lines, taken = [], False
    for line in raw.split(b"\r\n\r\n")[0].split(b"\r\n"):
        if line.lower().startswith(name.lower() + b":"):
            taken = True
        elif not line[:1].isspace():
            taken = False
        if taken:
            lines.append(line)
    return lines


def rfc_read(raw: bytes, name: str) -> list:
    return [(str(make_header(decode_header(n))) if n else "", a) for n, a in getaddresses([message_from_bytes(raw)[name]])]


def test_a_subject_that_fits_a_line_of_its_own_is_folded_between_words():
    subject = "Aanmelding bevestigd: Lerende ambtenaren versnellen de circulaire economie"
    raw = mail(Subject=subject).as_bytes()
    assert header_lines(raw, b"Subject") == [b"Subject: Aanmelding bevestigd: Lerende ambtenaren versnellen de circulaire",
                                             b" economie"]
    assert message_from_bytes(raw, policy=policy.default)["Subject"] == subject


def test_a_short_subject_is_one_line_with_a_space_after_the_colon():
    assert header_lines(mail(Subject="Aangemeld: Circulair").as_bytes(), b"Subject") == [b"Subject: Aangemeld: Circulair"]


def test_an_accented_subject_reads_back_without_a_doubled_space():
    subject = "Bevestig vóór 2 december: " + "Lerende ambtenaren versnellen de circulaire economie é " * 2
    raw = mail(Subject=subject.strip()).as_bytes()
    assert all(len(line) <= 76 for line in raw.split(b"\r\n"))
    assert message_from_bytes(raw, policy=policy.default)["Subject"] == " ".join(subject.split())


@pytest.mark.parametrize("header", ["To", "From", "Reply-To"])
def test_a_name_with_commas_and_brackets_stays_one_name_and_one_address(header):
    name = 'Jansen, Piet <piet@evil.example>, "x" ' + "a" * 60
    raw = mail(**{header.replace("-", "_"): Address(name, addr_spec=TO)}).as_bytes()
    assert b"evil.example>" not in raw.split(b"\r\n\r\n")[0]
    assert [a.addr_spec for a in message_from_bytes(raw, policy=policy.default)[header].addresses] == [TO]
    assert rfc_read(raw, header) == [(name, TO)]
    assert all(len(line) <= 76 for line in header_lines(raw, header.encode()))


def test_each_encoded_word_holds_whole_characters_and_fits_its_limit():
    name = "Ðorđević, " + "é" * 40 + " <x@evil.example> " + "ü" * 30
    raw = mail(To=Address(name, addr_spec=TO)).as_bytes()
    lines = header_lines(raw, b"To")
    words = [w for line in lines for w in line.split() if w.startswith(b"=?")]
    assert len(words) >= 2 and all(len(w) <= 75 for w in words)
    for word in words:                  # each word decodes alone: no character cut in two
        str(make_header(decode_header(word.decode())))
    assert all(len(line) <= 76 for line in lines)
    assert rfc_read(raw, "To") == [(name, TO)]


def test_two_such_names_stay_two_addresses_in_their_order():
    first = "Vries, Jan <jan@evil.example>, " + "b" * 70
    second = 'Bakker, "Els" <els@evil.example> ' + "c" * 50
    raw = mail(To=[Address(first, addr_spec="jan@gemeente.example"), Address(second, addr_spec=TO)]).as_bytes()
    assert [a.addr_spec for a in message_from_bytes(raw, policy=policy.default)["To"].addresses] == [
        "jan@gemeente.example", TO]
    assert rfc_read(raw, "To") == [(first, "jan@gemeente.example"), (second, TO)]
    assert all(len(line) <= 76 for line in header_lines(raw, b"To"))


def test_a_short_name_keeps_its_plain_form():
    raw = mail(To=Address("Tessa de Haas", addr_spec=TO)).as_bytes()
    assert header_lines(raw, b"To") == [b"To: Tessa de Haas <deelnemer@gemeente.example>"]


def test_a_body_line_beginning_with_from_is_left_as_it_is():
    message = mime.Mail()
    message["Subject"] = "Zaal"
    message.set_content("Beste deelnemer,\nFrom now on: zaal 2.\n")
    raw = message.as_bytes()
    assert b"\r\nFrom now on: zaal 2." in raw and b">From" not in raw
    assert not raw.startswith(b"From ")


def test_a_mail_written_with_another_policy_is_written_by_that_policy():
    message = mail(Subject="Aangemeld: Circulair", To=Address("Tessa de Haas", addr_spec=TO))
    assert b"\r\n" in message.as_bytes()
    unix = message.as_bytes(policy=mime.POLICY.clone(linesep="\n"))
    assert b"\r\n" not in unix and b"Subject: Aangemeld: Circulair\nTo: Tessa de Haas" in unix
    assert b"\r\n" in message.as_bytes()


def test_the_same_header_in_many_mails_is_the_same_every_time():
    for _ in range(3):
        raw = mail(Subject="Aangemeld: Circulair", To=Address("Tessa de Haas", addr_spec=TO)).as_bytes()
        assert header_lines(raw, b"Subject") == [b"Subject: Aangemeld: Circulair"]
        assert header_lines(raw, b"To") == [b"To: Tessa de Haas <deelnemer@gemeente.example>"]


@pytest.mark.parametrize("text, shown", [
    (None, ""), ("", ""), ("Tessa\r\nBcc: x@evil.example", "Tessa Bcc: x@evil.example"),
    ("  Tessa \t de\x00Haas\x85 ", "Tessa de Haas"), ("Zoë", "Zoë"),
])
def test_a_display_name_has_no_control_characters_or_runs_of_space(text, shown):
    assert mime.display_name(text) == shown


def test_the_last_of_several_addresses_has_no_comma_after_it():
    first = "Vries, Jan <jan@evil.example>, " + "b" * 70
    second = 'Bakker, "Els" <els@evil.example> ' + "c" * 50
    raw = mail(To=[Address(first, addr_spec="jan@gemeente.example"), Address(second, addr_spec=TO)]).as_bytes()
    lines = header_lines(raw, b"To")
    assert b"".join(lines).count(b">,") == 1 and not lines[-1].rstrip().endswith(b",")


@pytest.mark.parametrize("extra", range(0, 90, 3))
def test_a_long_name_fills_each_header_line_before_starting_the_next(extra):
    name = "Jansen, Piet <piet@evil.example> " + "é" * extra + " " + "a" * (90 - extra)
    raw = mail(To=Address(name, addr_spec=TO)).as_bytes()
    lines = header_lines(raw, b"To")
    assert all(len(line) <= 76 for line in lines)
    for line, following in zip(lines, lines[1:]):      # the next line's first word did not fit on this one
        assert len(line) + 1 + len(following.split()[0]) > 76
    assert rfc_read(raw, "To") == [(name, TO)]


def test_a_very_long_address_after_an_encoded_name_keeps_the_header_whole():
    address = "deelnemer." + "x" * 90 + "@gemeente.example"
    name = 'Jansen, Piet <piet@evil.example>, "x" ' + "a" * 60
    raw = mail(To=Address(name, addr_spec=address), Subject="Aangemeld").as_bytes()
    parsed = message_from_bytes(raw, policy=policy.default)
    assert [a.addr_spec for a in parsed["To"].addresses] == [address]
    assert parsed["Subject"] == "Aangemeld"


def test_a_long_name_of_plain_words_reads_back_with_its_spaces_in_every_mail_program():
    # folded by the email package itself, an RFC 2047 reader would join some words of this name
    name = "de Vries-Ångström Vries-Ångström Ngũgĩ Berg J. Müller Ðorđević de Berg Thiong'o wa Ngũgĩ Anne-Marijke Müller"
    raw = mail(To=Address(name, addr_spec=TO)).as_bytes()
    assert [a.addr_spec for a in message_from_bytes(raw, policy=policy.default)["To"].addresses] == [TO]
    assert rfc_read(raw, "To") == [(name, TO)]


def test_a_subject_one_character_too_long_for_its_line_is_folded():
    subject = "Aangemeld: Lerende ambtenaren versnellen samen de circulaire economi"    # 77 with "Subject: "
    assert len("Subject: " + subject) == 77
    raw = mail(Subject=subject).as_bytes()
    assert all(len(line) <= 76 for line in raw.split(b"\r\n"))
    assert message_from_bytes(raw, policy=policy.default)["Subject"] == subject


def test_a_boundary_drawn_with_no_text_to_avoid_is_a_fresh_one():
    boundary = mime._Generator._make_boundary()
    assert boundary.startswith("===============") and boundary != mime._Generator._make_boundary()


def test_an_address_that_would_make_its_line_one_too_long_goes_to_the_next():
    name = 'Jansen, Piet <piet@evil.example>, "x" ' + "a" * 60      # 98 bytes: words of 45, 45 and 8 bytes
    address = "d" * 32 + "@gemeente.example"        # " <" + 49 + ">" after the 25 characters of the last word: 77
    raw = mail(To=Address(name, addr_spec=address)).as_bytes()
    lines = header_lines(raw, b"To")
    assert all(len(line) <= 76 for line in lines) and lines[-1] == b" <" + address.encode() + b">"
    assert rfc_read(raw, "To") == [(name, address)]


def test_an_encoded_name_takes_as_few_words_as_fit():
    name = 'Jansen, Piet <piet@evil.example>, "x" ' + "a" * 52      # 90 bytes: two words of 45
    raw = mail(To=Address(name, addr_spec=TO)).as_bytes()
    words = [w for line in header_lines(raw, b"To") for w in line.split() if w.startswith(b"=?")]
    assert len(words) == 2 and rfc_read(raw, "To") == [(name, TO)]


@pytest.mark.parametrize("name", ["Anne-Marijke Johanna Wilhelmina van der Ploeg-Oosterhout de Groot", "Dr: Jansen",
                                  "J.M. de Vries"])
def test_a_name_that_reads_back_keeps_the_email_packages_own_form(name):
    from email.message import EmailMessage
    stock = EmailMessage(policy=policy.SMTP.clone(max_line_length=76, cte_type="7bit"))
    stock["To"] = Address(name, addr_spec=TO)
    stock.set_content("Hallo")
    raw = mail(To=Address(name, addr_spec=TO)).as_bytes()
    assert header_lines(raw, b"To") == header_lines(stock.as_bytes(), b"To")
    assert rfc_read(raw, "To") == [(name, TO)]


def test_an_address_without_a_name_is_written_bare():
    assert header_lines(mail(To=Address(addr_spec=TO)).as_bytes(), b"To") == [b"To: " + TO.encode()]


def test_an_address_without_a_name_beside_an_encoded_one_has_no_empty_encoded_word():
    name = 'Jansen, Piet <piet@evil.example>, "x" ' + "a" * 60
    raw = mail(To=[Address(addr_spec="jan@gemeente.example"), Address(name, addr_spec=TO)]).as_bytes()
    assert b"?b??=" not in raw      # RFC 2047: an encoded word holds at least one character
    assert rfc_read(raw, "To") == [("", "jan@gemeente.example"), (name, TO)]


def test_mimes_own_header_classes_fold_subjects_between_words_and_keep_one_address():
    fresh = mime.ReusedHeaders(linesep="\r\n", max_line_length=76, cte_type="7bit", header_factory=mime._headers())
    subject = "Aanmelding bevestigd: Lerende ambtenaren versnellen de circulaire economie"
    name = 'Jansen, Piet <piet@evil.example>, "x" ' + "a" * 60
    for header in ("To", "From", "Reply-To"):
        message = mime.Mail(policy=fresh)
        message["Subject"] = subject
        message[header] = Address(name, addr_spec=TO)
        message.set_content("Hallo")
        raw = message.as_bytes()
        assert header_lines(raw, b"Subject")[0] == b"Subject: Aanmelding bevestigd: Lerende ambtenaren versnellen de circulaire"
        assert rfc_read(raw, header) == [(name, TO)]


def test_the_services_policy_keeps_every_line_within_76_characters():
    message = mime.Mail(policy=mime.POLICY)
    message["Subject"] = "Aangemeld: Lerende ambtenaren versnellen samen de circulaire economi"    # 77 with "Subject: "
    message.set_content("Hallo")
    assert all(len(line) <= 76 for line in message.as_bytes().split(b"\r\n"))


def test_a_header_of_a_name_not_seen_before_is_written_as_given():
    raw = mail(X_Bijeenkomst_Code="circulair-2026", Subject="Aangemeld").as_bytes()
    assert header_lines(raw, b"X-Bijeenkomst-Code") == [b"X-Bijeenkomst-Code: circulair-2026"]
    assert message_from_bytes(raw, policy=policy.default)["X-Bijeenkomst-Code"] == "circulair-2026"
