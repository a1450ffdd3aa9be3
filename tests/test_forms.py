"""forms.clean_signup at its edges: exact limits, redirects, choices, checkboxes, odd characters."""
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chalicelib import forms
from chalicelib.errors import ValidationFailed
from chalicelib.models import CustomField
from conftest import event_model

FIELDS = (
    CustomField("organisation", "text", True, {"nl": "Organisatie"}),
    CustomField("remark", "text", False, {"nl": "Opmerking"}),
    CustomField("diet", "select", False, {"nl": "Dieet"}, ("vegan", "halal")),
    CustomField("newsletter", "checkbox", False, {"nl": "Nieuwsbrief"}),
    CustomField("terms", "checkbox", True, {"nl": "Voorwaarden"}),
    CustomField("manager", "email", False, {"nl": "Leidinggevende"}),
)
ALLOWED = ("https://allowed.example", "http://127.0.0.1:8080")


@pytest.fixture
def event():
    return event_model(fields=FIELDS, consent_required=True, allowed_redirect_origins=ALLOWED)


def data(**extra):
    return {"name": "Anne de Vries", "email": "anne@example.org", "consent": True, "organisation": "Gemeente",
            "terms": "on", **extra}


def errors(event, **extra):
    with pytest.raises(ValidationFailed) as failed:
        forms.clean_signup(event, data(**extra))
    return failed.value.fields


def test_a_clean_signup(event):
    assert forms.clean_signup(event, data()) == {
        "name": "Anne de Vries", "email": "anne@example.org", "locale": "nl", "consent": True,
        "answers": {"organisation": "Gemeente", "newsletter": False, "terms": True}, "extra": {}, "share": False, "buddies": False}


# ---------------------------------------------------------------- lengths: the maximum itself is fine

@pytest.mark.parametrize("field, limit", [("name", forms.MAX_NAME), ("organisation", forms.MAX_TEXT),
                                          ("remark", forms.MAX_TEXT)])
def test_a_value_of_exactly_the_maximum_length_is_accepted_and_one_more_is_too_long(event, field, limit):
    assert (limit, field) in ((200, "name"), (1000, "organisation"), (1000, "remark"))
    cleaned = forms.clean_signup(event, data(**{field: "a" * limit}))
    assert (cleaned["name"] if field == "name" else cleaned["answers"][field]) == "a" * limit
    assert errors(event, **{field: "a" * (limit + 1)}) == {field: "too_long"}


def test_an_address_of_exactly_254_characters_is_accepted_and_255_is_too_long(event):
    local = "a" * 64
    domain = ".".join(["b" * 63, "c" * 63, "d" * (254 - 64 - 1 - 63 - 63 - 2 - 4), "org"])
    address = f"{local}@{domain}"
    assert len(address) == 254
    assert forms.clean_signup(event, data(email=address))["email"] == address
    assert errors(event, email="e" + address) == {"email": "too_long"}


def test_surrounding_spaces_do_not_count_towards_the_length(event):
    assert forms.clean_signup(event, data(name=" " + "a" * 200 + " "))["name"] == "a" * 200


# Redirects: tests/test_redirects.py (chalicelib/redirects.py decides; the signup stands either way).


# ---------------------------------------------------------------- choices, checkboxes, addresses

def test_a_select_answer_must_be_one_of_the_options(event):
    assert forms.clean_signup(event, data(diet="halal"))["answers"]["diet"] == "halal"
    for wrong in ("Vegan", "vegan ", "pizza", "vegan,halal"):
        if wrong.strip() == "vegan":
            assert forms.clean_signup(event, data(diet=wrong))["answers"]["diet"] == "vegan"
        else:
            assert errors(event, diet=wrong) == {"diet": "invalid_choice"}


def test_an_optional_field_left_empty_is_not_an_answer(event):
    answers = forms.clean_signup(event, data(remark="  ", diet="", manager=""))["answers"]
    assert answers == {"organisation": "Gemeente", "newsletter": False, "terms": True}


def test_a_required_checkbox_must_be_ticked(event):
    assert errors(event, terms="") == {"terms": "required"}
    assert errors(event, terms="off") == {"terms": "required"}


@pytest.mark.parametrize("value", [True, "true", "on", "1", 1, "yes"])
def test_every_truthy_value_ticks_a_checkbox_and_gives_consent(event, value):
    cleaned = forms.clean_signup(event, data(newsletter=value, consent=value))
    assert cleaned["answers"]["newsletter"] is True
    assert cleaned["consent"] is True


@pytest.mark.parametrize("value", [False, 0, "0", "false", "no", "nee", "", None, "True"])
def test_other_values_do_not(event, value):
    assert forms.clean_signup(event, data(newsletter=value))["answers"]["newsletter"] is False
    assert errors(event, consent=value) == {"consent": "consent_required"}


def test_consent_is_recorded_only_when_the_event_asks_for_it():
    no_consent_asked = event_model(fields=(), consent_required=False)
    assert forms.clean_signup(no_consent_asked, data(consent=True))["consent"] is False
    assert forms.clean_signup(no_consent_asked, data(consent=False))["consent"] is False


def test_an_email_field_is_validated_and_normalised(event):
    assert forms.clean_signup(event, data(manager="Baas@Example.ORG"))["answers"]["manager"] == "Baas@example.org"
    assert errors(event, manager="geen-adres") == {"manager": "invalid_email"}


# Titles written the Dutch way, without a space after the dot ("mr.drs."), are not domain names.
TITLES = ("mr", "mrs", "ms", "dr", "drs", "ir", "ing", "prof", "bc", "ds", "mw", "dhr", "jhr", "jkvr", "lic", "st")


@pytest.mark.parametrize("title", TITLES)
def test_a_title_before_another_is_not_a_web_address(event, title):
    name = f"{title.capitalize()}.drs. K. Jansen"
    assert forms.clean_signup(event, data(name=name))["name"] == name


def test_a_run_of_every_title_is_not_a_web_address_but_one_other_word_makes_it_one():
    assert not forms.has_web_address(".".join(TITLES) + ". K. Jansen")
    assert forms.has_web_address(".".join(TITLES) + ".evil.nl. K. Jansen")


def test_valid_address_accepts_an_address_and_nothing_else():
    assert forms.valid_address("Anne@Example.org") is True
    for wrong in ("geen-adres", "", "   ", None, 42, "anne@@example.org", "a" * 250 + "@example.org"):
        assert forms.valid_address(wrong) is False


# ---------------------------------------------------------------- required, types, characters

def test_name_and_email_are_required(event):
    assert errors(event, name="", email=None) == {"name": "required", "email": "required"}
    assert errors(event, name=" \u200b ") == {"name": "control_chars"}     # a format character is refused


@pytest.mark.parametrize("value", [5, ["Anne"], {"n": "Anne"}, True])
def test_a_value_that_is_not_text_is_invalid(event, value):
    assert errors(event, name=value) == {"name": "invalid"}


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\ud800", "\u2028", "\u2029", "\u202e", "\u2066", "\u200f"])
def test_control_surrogate_and_bidi_characters_are_refused(event, char):
    assert errors(event, name=f"Anne{char}Vries") == {"name": "control_chars"}
    assert forms.has_control_chars(f"x{char}") is True


def test_letters_digits_symbols_and_marks_are_visible(event):
    for name in ("李", "7", "🎉", "Zoë", "O'Brien"):
        assert forms.clean_signup(event, data(name=name))["name"] == name


@pytest.mark.parametrize("locale, expected", [("en", "en"), ("", "nl"), (None, "nl")])
def test_the_locale_is_one_of_the_event_or_its_first(event, locale, expected):
    assert forms.clean_signup(event, data(locale=locale))["locale"] == expected


def test_an_unknown_locale_is_refused(event):
    assert errors(event, locale="de") == {"locale": "invalid_locale"}


# ---------------------------------------------------------------- names that carry links (issue 25 item 6)

def icann_suffixes() -> list:
    """The rules of the Public Suffix List's ICANN section, as the package ships them."""
    import publicsuffixlist
    with open(publicsuffixlist.PSLFILE, encoding="utf-8") as f:
        text = f.read()
    icann = text.split("// ===BEGIN ICANN DOMAINS===")[1].split("// ===END ICANN DOMAINS===")[0]
    return sorted(line.split()[0] for line in icann.splitlines()
                  if line.strip() and not line.startswith(("//", "*", "!")))


LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
NAME_WORD = st.text(alphabet="abcdeéëfghijklmnoöpqrstuũvwxyzçĩ", min_size=2, max_size=10).map(str.capitalize)


@given(words=st.lists(NAME_WORD, max_size=3), labels=st.lists(LABEL, min_size=1, max_size=3),
       suffix=st.sampled_from(icann_suffixes()), path=st.sampled_from(["", "/", "/login", "/verify?id=1"]),
       shout=st.booleans())
@hypothesis_settings(max_examples=300, deadline=None)
def test_any_name_that_ends_in_a_public_suffix_is_refused(words, labels, suffix, path, shout):
    address = ".".join([*labels, suffix]) + path
    name = " ".join([*words, address.upper() if shout else address])
    assert forms.has_web_address(name), name


@given(initials=st.lists(st.sampled_from("ABCDEFGHIJKLMNOPRSTVWZ"), max_size=3),
       words=st.lists(NAME_WORD, min_size=1, max_size=4), particle=st.sampled_from(["", "van ", "de ", "van 't ", "wa "]),
       spaced=st.booleans())
@hypothesis_settings(max_examples=300, deadline=None)
def test_names_of_words_and_initials_are_accepted(initials, words, particle, spaced):
    event = event_model(fields=FIELDS, consent_required=True, allowed_redirect_origins=ALLOWED)
    dotted = (" " if spaced else "").join(f"{letter}." for letter in initials)
    name = " ".join(part for part in (dotted, particle + " ".join(words)) if part)
    assert forms.clean_signup(event, data(name=name))["name"] == name


@pytest.mark.parametrize("name", ["\u0301Anne", "Anne \u0308Vries", "paypal\u034f.com", "Anne\u180bVries"])
def test_a_combining_mark_without_a_letter_or_that_shows_nothing_is_refused(event, name):
    assert errors(event, name=name) == {"name": "control_chars"}


def test_a_combining_mark_on_its_letter_or_a_symbol_is_kept(event):
    for name in ("Zoe\u0308", "Ngu\u0303gi\u0303", "🎉\ufe0f", "नमस्ते"):
        assert forms.clean_signup(event, data(name=name))["name"]


def test_the_suffixes_come_from_the_packaged_list_not_the_network(monkeypatch):
    import socket
    monkeypatch.setattr(socket, "socket", None)     # any fetch would fail
    forms.public_suffixes.cache_clear()
    assert forms.has_web_address("kijk op x.com") and not forms.has_web_address("J.M. de Vries")
