"""The signup form's rules (chalicelib/forms.py) where a plausible slip would pass unnoticed: a
name that carries a link in a form the other tests do not try (a bare scheme, an address, www,
an IP address) next to names that only look like one (a phone number with dots, a time, Dutch
initials run together), marks that show nothing, a tick on an option the event does not offer
(the participant list, maatjes), and the programme's and the hybrid event's answers."""
import pytest

from chalicelib import forms
from chalicelib.errors import ValidationFailed
from conftest import DEMO_EVENT, DEMO_PROGRAMME, event_model


def data(**extra):
    return {"name": "Anne de Vries", "email": "anne@example.org", "consent": True,
            "organisation": "Gemeente Utrecht", **extra}


def errors(event, **extra):
    with pytest.raises(ValidationFailed) as failed:
        forms.clean_signup(event, data(**extra))
    return failed.value.fields


@pytest.fixture
def event():
    return event_model()


# ---------------------------------------------------------------- names that carry a link

@pytest.mark.parametrize("name", [
    "Anne zie http://intranet", "Anne (mail anne@intranet)", "Anne www.intranet", "Anne www2.intranet",
    "Anne_www.intranet", "Anne 192.168.10.20", "Anne [2001:db8::1]", "Anne fe80::1",
    "Kijk op mr.st", "Bram j.th", "kijk op evil\u3002com", "kijk op evil\uff61com", "Anne fe80::1.",
    "Anne x..evil.com", "Anne x.gov.za",      # gov.za is a suffix of the list, za itself is not
    "Anne zie gov.za", "Bram co.za",          # and such a suffix is a website of its own
])
def test_a_name_with_a_link_in_any_form_is_refused(event, name):
    assert errors(event, name=name) == {"name": "web_address"}


@pytest.mark.parametrize("name", [
    "Anne de Vries 06.123.456.78",      # a phone number with dots: four numbers, but no IP address
    "Bram (aankomst 14:30:00)",         # a time: colons, but no IPv6 address
    "Awww.Jansen",                      # www inside a word
    "J.Th. de Vries", "Joh.Th. de Vries", "Chr.Th. Jansen", "Jac.Ph. Smit", "Wm.Fr. Bakker",
    "IJ.Ch. de Boer", "Ij.Th. Visser",
    "J..De Vries", "Anne .nl",           # no domain before the country code
    "M.Jansen", "Anne-Marie.Jansen",     # no space after a dot: "jansen" is no top-level domain
])
def test_a_name_that_only_looks_like_an_address_is_kept(event, name):
    assert forms.clean_signup(event, data(name=name))["name"] == name


def test_after_a_cold_start_a_word_that_is_no_domain_is_still_no_domain(event):
    """The list is loaded on the first name a fresh Lambda checks: an unknown ending ("jansen") is
    no top-level domain then either."""
    forms.public_suffixes.cache_clear()
    assert forms.clean_signup(event, data(name="M.Jansen"))["name"] == "M.Jansen"
    assert errors(event, name="M.Jansen.nl") == {"name": "web_address"}


def test_a_name_is_checked_against_the_list_it_is_given():
    """tests/test_package.py asks the shipped (slimmed) list and the whole one alike through this."""
    import publicsuffixlist
    only_nl = publicsuffixlist.PublicSuffixList(b"nl\n", accept_unknown=False, only_icann=False)
    assert forms.ends_in_public_suffix(["x", "nl"], only_nl)
    assert not forms.ends_in_public_suffix(["x", "com"], only_nl)
    assert forms.ends_in_public_suffix(["x", "com"])


@pytest.mark.parametrize("initial", ["th", "ph", "ch", "chr", "ij", "joh", "jac", "wm", "fr"])
def test_every_dutch_initial_run_together_before_a_country_code_is_a_name(event, initial):
    """"Th", "Ph", "Ch" and "Fr" are also country codes: "Joh.Th." must stay a name."""
    name = f"{initial.capitalize()}.Th. de Vries"
    assert forms.clean_signup(event, data(name=name))["name"] == name


@pytest.mark.parametrize("mark", ["\u034f", "\u17b4", "\u17b5", "\u180b", "\u180c", "\u180d", "\u180f"])
def test_a_mark_that_shows_nothing_is_refused_even_on_a_letter(event, mark):
    assert errors(event, name=f"Anne{mark} de Vries") == {"name": "control_chars"}


# ---------------------------------------------------------------- the honeypot

@pytest.mark.parametrize("gotcha", ["", "http://spam.example", "  "])
def test_a_filled_honeypot_passes_the_form_exactly_as_a_person_does(event, gotcha):
    """What the bot is told is what a person is told (chalicelib/signups.py then stores nothing)."""
    assert forms.clean_signup(event, data(_gotcha=gotcha)) == forms.clean_signup(event, data())


@pytest.mark.parametrize("gotcha", [5, True, ["x"], {"a": "b"}])
def test_a_honeypot_that_is_not_text_is_refused_by_name(event, gotcha):
    """No form sends anything but text in it: a hand-made post with a number is named, not a 500."""
    assert errors(event, _gotcha=gotcha) == {"_gotcha": "invalid"}


# ---------------------------------------------------------------- ticks on what the event does not offer

def test_a_tick_for_the_participant_list_or_maatjes_counts_only_where_the_event_offers_them():
    """A tick sent to an event without the list (an old form, a hand-made post) must not put the
    person on it later, when the organiser turns the list on."""
    plain = event_model(participant_list=False, buddies=False)
    cleaned = forms.clean_signup(plain, data(share_details="on", buddies="on"))
    assert (cleaned["share"], cleaned["buddies"]) == (False, False)
    offering = event_model(participant_list=True, buddies=True)
    cleaned = forms.clean_signup(offering, data(share_details="on", buddies="on"))
    assert (cleaned["share"], cleaned["buddies"]) == (True, True)
    cleaned = forms.clean_signup(offering, data())
    assert (cleaned["share"], cleaned["buddies"]) == (False, False)


# ---------------------------------------------------------------- the programme, the hybrid event

def programme_event(**extra):
    from chalicelib import events
    body = {k: v for k, v in {**DEMO_EVENT, **DEMO_PROGRAMME, **extra}.items() if k != "id"}
    return events.from_definition(events.validate(DEMO_EVENT["id"], body))


HYBRID = {"online": {"capacity": 20, "join_url": "https://zoom.example/j/1"}}


def test_a_form_names_one_session_per_round_and_a_round_left_empty_is_none():
    event = programme_event()
    cleaned = forms.clean_signup(event, data(**{"session_ronde-1": "maatjes", "session_ronde-2": ""}))
    assert [s.id for s in cleaned["sessions"]] == ["maatjes"]
    assert cleaned["session_fields"] == {"maatjes": "session_ronde-1"}
    assert forms.clean_signup(event, data())["sessions"] == []


def test_a_session_of_another_round_and_a_second_in_one_round_are_refused():
    event = programme_event()
    assert errors(event, **{"session_ronde-1": "samenspel"}) == {"session_ronde-1": "other_round"}
    assert errors(event, sessions=["maatjes", "bouw"]) == {"sessions": "one_per_round"}
    assert errors(event, sessions=["maatjes"], **{"session_ronde-1": "bouw"}) == {"session_ronde-1": "one_per_round"}


@pytest.mark.parametrize("sessions", [5, "maatjes", {"ronde-1": "maatjes"}, ["maatjes", 7], ["nergens"]])
def test_sessions_that_are_not_a_list_of_known_ids_are_refused(sessions):
    assert errors(programme_event(), sessions=sessions) == {"sessions": "unknown_session"}


def test_a_list_of_forty_is_read_and_one_more_is_refused_unread():
    event = programme_event()
    assert errors(event, sessions=["maatjes"] * 40) == {"sessions": "one_per_round"}
    assert errors(event, sessions=["maatjes"] * 41) == {"sessions": "unknown_session"}


def test_a_hybrid_event_asks_how_the_person_attends():
    event = programme_event(**HYBRID)
    assert forms.clean_signup(event, data(attendance="online"))["attendance"] == "online"
    assert errors(event) == {"attendance": "required"}
    assert errors(event, attendance="") == {"attendance": "required"}
    assert errors(event, attendance="thuis") == {"attendance": "invalid_choice"}


def test_an_online_event_without_a_programme_keeps_the_attendance():
    from dataclasses import replace
    event = replace(programme_event(**HYBRID), programme=())
    cleaned = forms.clean_signup(event, data(attendance="onsite"))
    assert (cleaned["attendance"], cleaned["sessions"]) == ("onsite", [])
    assert "attendance" not in forms.clean_signup(event_model(), data())


# ---------------------------------------------------------------- an event for some domains only

def test_an_event_for_some_domains_asks_for_a_missing_address_and_an_organiser_may_add_any():
    event = event_model(allowed_email_domains=("gemeente.example",))
    assert errors(event, email=None) == {"email": "required"}        # not "wrong domain": there is none
    assert errors(event, email="") == {"email": "required"}
    assert errors(event, email="anne@elders.example") == {"email": "email_domain"}
    assert forms.clean_signup(event, data(email="anne@gemeente.example"))["email"] == "anne@gemeente.example"
    added = forms.clean_signup(event, data(email="anne@elders.example"), by_organiser=True)
    assert added["email"] == "anne@elders.example"


# ---------------------------------------------------------------- the organiser's sign-in form

@pytest.mark.parametrize("address, status", [
    ("organisator@gemeente.test", 200), ("iemand@example.test", 200), ("Iemand@Elders.example", 200),
    ("anne@nergens-7q3x-bestaat-niet.nl", 200),     # no look-up of the domain: the answer tells nothing
    ("a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 56 + ".test", 200),     # 254 characters
    ("geen-adres", 400), ("", 400), ("a@", 400), ("a" * 64 + "@" + "b" * 186 + ".test", 400),
])
def test_the_sign_in_form_answers_every_address_alike_and_refuses_what_is_none(client, address, status):
    from urllib.parse import urlencode
    answer = client.http.post("/organiser/login", body=urlencode({"email": address}),
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == status
    assert ("<h1>Kijk in je mailbox</h1>" in answer.body.decode()) == (status == 200)


# ---------------------------------------------------------------- required answers, later changes

def test_a_required_question_left_empty_is_named_and_a_text_of_only_punctuation_is_empty():
    from chalicelib.models import CustomField
    event = event_model(fields=(CustomField("functie", "text", True, {"nl": "Functie"}),
                                CustomField("manager", "email", True, {"nl": "Leidinggevende"})))
    assert errors(event) == {"functie": "required", "manager": "required"}
    assert errors(event, functie="...", manager="baas@example.org") == {"functie": "required"}
    assert errors(event, name="-", functie="Adviseur", manager="baas@example.org") == {"name": "required"}


def test_a_later_change_of_name_and_answers_follows_the_signups_rules():
    from chalicelib.models import CustomField
    event = event_model(fields=(CustomField("functie", "text", True, {"nl": "Functie"}),))
    assert forms.clean_answers(event, {"name": " Anne Smit ", "functie": "Adviseur"}) == {
        "name": "Anne Smit", "answers": {"functie": "Adviseur"}}
    with pytest.raises(ValidationFailed) as refused:
        forms.clean_answers(event, {"name": "Anne www.evil.nl", "functie": ""})
    assert refused.value.fields == {"name": "web_address", "functie": "required"}


def test_the_organisers_address_of_an_event_is_checked_and_normalised():
    from chalicelib import events
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    stored = events.validate(DEMO_EVENT["id"], {**body, "organiser": {"name": "Tessa", "email": "Tessa@DuurzaamDoor.EXAMPLE"}})
    assert stored["organiser"]["email"] == "Tessa@duurzaamdoor.example"
    with pytest.raises(ValidationFailed) as refused:
        events.validate(DEMO_EVENT["id"], {**body, "organiser": {"name": "Tessa", "email": "geen-adres"}})
    assert refused.value.fields == {"organiser.email": "invalid_email"}
