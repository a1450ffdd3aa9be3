"""An event's settings as an organiser sends them through the API (chalicelib/schema/kinds.py): the
edges of each kind of value, which are taken and stored as given, which are refused and under
which field and code (docs/api.md), and what the definition reads back afterwards."""
import json

import pytest

from chalicelib import error_copy
from conftest import DEMO_EVENT, bearer, host_name

EID = DEMO_EVENT["id"]
JSON = {"Content-Type": "application/json"}


def body(**overrides) -> dict:
    return {**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, **overrides}


def put(client, token, **overrides):
    return client.http.put(f"/events/{EID}", body=json.dumps(body(**overrides)), headers={**bearer(token), **JSON})


def saved(client, token, **overrides) -> dict:
    """PUT the demo event with ``overrides``; the definition the organiser reads back."""
    answer = put(client, token, **overrides)
    assert answer.status_code in (200, 201), answer.body
    read = client.http.get(f"/events/{EID}/definition", headers=bearer(token))
    assert read.status_code == 200
    return json.loads(read.body)


def refused(client, token, **overrides) -> dict:
    """PUT the demo event with ``overrides``: refused, with the fields named and what the organiser
    reads of each (given as the codes of docs/api.md, compared as the Dutch sentences they stand for)."""
    answer = put(client, token, **overrides)
    assert answer.status_code == 400, answer.body
    return Named(json.loads(answer.body)["fields"])


class Named(dict):
    """The answer's ``fields``: equal to ``{field: code}`` when each sentence is the code's."""

    def __eq__(self, codes):
        return dict(self) == error_copy.field_messages(codes, "nl")

    __hash__ = None


# ---------------------------------------------------------------- times and zones

def test_a_time_with_an_offset_is_kept_as_the_same_moment_on_the_events_clock(client, admin_token):
    read = saved(client, admin_token, starts_at="2026-12-09T12:00:00Z", ends_at="2026-12-09T16:00:00+00:00")
    assert (read["starts_at"], read["ends_at"]) == ("2026-12-09T13:00:00+01:00", "2026-12-09T17:00:00+01:00")


def test_a_time_without_an_offset_is_read_on_the_events_clock(client, admin_token):
    read = saved(client, admin_token, timezone="America/New_York")
    assert read["starts_at"] == "2026-12-09T13:00:00-05:00"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "America/Argentina", "../etc/passwd", "", None, 1, ["UTC"]])
def test_an_unknown_time_zone_is_named_and_the_times_are_still_read(client, admin_token, zone):
    assert refused(client, admin_token, timezone=zone) == {"timezone": "invalid_timezone"}


@pytest.mark.parametrize("moment", ["morgen", "2026-13-01T10:00:00", 20261209, ["2026-12-09T13:00:00"]])
def test_a_closing_time_that_is_no_time_is_named(client, admin_token, moment):
    assert refused(client, admin_token, registration_closes_at=moment) == {"registration_closes_at": "invalid_datetime"}


@pytest.mark.parametrize("empty", [None, ""])
def test_an_empty_closing_time_means_none(client, admin_token, empty):
    assert saved(client, admin_token, registration_closes_at=empty).get("registration_closes_at") is None


# ---------------------------------------------------------------- languages

@pytest.mark.parametrize("locales", ["nl", {"nl": True}, [], ["nl", "nl"], ["nl", "de"], [1], [["nl"]], [{"nl": 1}],
                                     None])
def test_languages_that_are_no_list_of_known_languages_are_named(client, admin_token, locales):
    assert refused(client, admin_token, locales=locales) == {"locales": "invalid_locale"}


def test_languages_are_stored_in_the_order_given(client, admin_token):
    assert saved(client, admin_token, locales=["en", "nl"])["locales"] == ["en", "nl"]
    assert saved(client, admin_token, locales=["en"])["locales"] == ["en"]


def test_absent_languages_mean_dutch_only(client, admin_token):
    plain = body()
    del plain["locales"]
    answer = client.http.put(f"/events/{EID}", body=json.dumps(plain), headers={**bearer(admin_token), **JSON})
    assert answer.status_code in (200, 201)
    read = client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token))
    assert json.loads(read.body)["locales"] == ["nl"]


# ---------------------------------------------------------------- texts

def test_a_text_of_20000_characters_is_taken_and_one_more_is_not(client, admin_token):
    assert saved(client, admin_token, description={"nl": "a" * 20000})["description"] == {"nl": "a" * 20000}
    assert refused(client, admin_token, description={"nl": "a" * 20001}) == {"description": "invalid"}
    assert refused(client, admin_token, description="a" * 20001) == {"description": "invalid"}


@pytest.mark.parametrize("text", [{"de": "Hallo"}, {"nl": 1}, {"nl": None}, ["Hallo"], 7])
def test_a_text_in_an_unknown_language_or_of_no_string_is_named(client, admin_token, text):
    assert refused(client, admin_token, location=text) == {"location": "invalid"}


def test_a_plain_string_text_is_dutch_and_trimmed(client, admin_token):
    read = saved(client, admin_token, location="  Utrecht  ", practical_info={"nl": " Trein ", "en": " Train\n"})
    assert read["location"] == {"nl": "Utrecht"}
    assert read["practical_info"] == {"nl": "Trein", "en": "Train"}


@pytest.mark.parametrize("title", [None, "", {}])
def test_an_event_without_a_title_is_refused_on_its_title(client, admin_token, title):
    assert refused(client, admin_token, title=title) == {"title": "required"}


@pytest.mark.parametrize("empty", [None, "", {}])
def test_asking_consent_without_a_consent_text_names_the_text(client, admin_token, empty):
    assert refused(client, admin_token, consent_required=True, consent_text=empty) == {"consent_text": "required"}


def test_without_asking_consent_the_consent_text_may_be_empty(client, admin_token):
    read = saved(client, admin_token, consent_required=False, consent_text={})
    assert read["consent_text"] == {} and read["consent_version"] == ""


# ---------------------------------------------------------------- counts and booleans

@pytest.mark.parametrize("capacity", [0, -1, 10_000_001, True, 2.5, "80"])
def test_a_capacity_that_is_no_whole_number_from_1_to_ten_million_is_named(client, admin_token, capacity):
    assert refused(client, admin_token, capacity=capacity) == {"capacity": "positive_integer"}


@pytest.mark.parametrize("capacity", [1, 10_000_000])
def test_a_capacity_at_either_bound_is_taken(client, admin_token, capacity):
    assert saved(client, admin_token, capacity=capacity)["capacity"] == capacity


def test_messages_per_day_is_10_unless_given_and_at_most_50(client, admin_token):
    assert saved(client, admin_token)["messages_per_day"] == 10
    assert saved(client, admin_token, messages_per_day=50)["messages_per_day"] == 50
    assert saved(client, admin_token, messages_per_day=1)["messages_per_day"] == 1
    assert refused(client, admin_token, messages_per_day=51) == {"messages_per_day": "positive_integer"}
    assert refused(client, admin_token, messages_per_day=0) == {"messages_per_day": "positive_integer"}


@pytest.mark.parametrize("flag", [None, "true", 1, 0, []])
def test_a_switch_that_is_no_boolean_is_named(client, admin_token, flag):
    assert refused(client, admin_token, waitlist_enabled=flag) == {"waitlist_enabled": "boolean"}


def test_absent_switches_take_their_defaults(client, admin_token):
    plain = {k: v for k, v in body().items() if k not in ("waitlist_enabled", "registration_open", "participant_list")}
    answer = client.http.put(f"/events/{EID}", body=json.dumps(plain), headers={**bearer(admin_token), **JSON})
    assert answer.status_code in (200, 201)
    read = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    assert (read["waitlist_enabled"], read["registration_open"], read["participant_list"], read["digest"]) == (
        False, True, False, True)


@pytest.mark.parametrize("choice", ["precies", None, 1, ""])
def test_a_public_spots_choice_not_offered_is_named(client, admin_token, choice):
    assert refused(client, admin_token, public_spots=choice) == {"public_spots": "invalid"}


def test_public_spots_is_bands_unless_given(client, admin_token):
    plain = {k: v for k, v in body().items() if k != "public_spots"}
    client.http.put(f"/events/{EID}", body=json.dumps(plain), headers={**bearer(admin_token), **JSON})
    read = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    assert read["public_spots"] == "bands"


# ---------------------------------------------------------------- the consent version

def test_the_consent_version_is_a_short_hash_of_the_text_unless_given(client, admin_token):
    read = saved(client, admin_token)
    assert read["consent_version"].startswith("sha256:") and len(read["consent_version"]) == len("sha256:") + 12
    other = saved(client, admin_token, consent_text={"nl": "Een andere tekst."})
    assert other["consent_version"] != read["consent_version"]
    assert saved(client, admin_token, consent_version="v" * 64)["consent_version"] == "v" * 64


@pytest.mark.parametrize("version", ["v" * 65, 3, ["v1"]])
def test_a_consent_version_too_long_or_no_text_is_named(client, admin_token, version):
    assert refused(client, admin_token, consent_version=version) == {"consent_version": "invalid"}


# ---------------------------------------------------------------- the websites with the form, the thank-you page

def test_a_website_is_stored_as_its_origin_in_lower_case(client, admin_token):
    read = saved(client, admin_token, allowed_redirect_origins=[" https://WWW.Gemeente.NL:443/ ", "http://localhost:8000",
                                                                "http://127.0.0.1", "https://bücher.example"])
    assert read["allowed_redirect_origins"] == ["https://www.gemeente.nl", "http://localhost:8000",
                                                "http://127.0.0.1", "https://xn--bcher-kva.example"]


@pytest.mark.parametrize("origin", [
    "http://www.gemeente.nl", "https://www.gemeente.nl/aanmelden", "https://www.gemeente.nl?x=1",
    "https://www.gemeente.nl#top", "https://jan@www.gemeente.nl", "ftp://www.gemeente.nl", "https://",
    "https://www.gemeente.nl:poort", "https://-gemeente.nl", "https://www.gemeente.nl\\x", "www.gemeente.nl",
    "https://" + "a" * 300 + ".nl", "", 5, None])
def test_a_website_that_is_no_plain_https_origin_is_named(client, admin_token, origin):
    assert refused(client, admin_token, allowed_redirect_origins=[origin]) == {
        "allowed_redirect_origins": "invalid_origin"}


def test_websites_that_are_no_list_are_named(client, admin_token):
    assert refused(client, admin_token, allowed_redirect_origins="https://www.gemeente.nl") == {
        "allowed_redirect_origins": "invalid_origin"}


def test_a_thank_you_page_on_one_of_the_websites_is_kept_as_given(client, admin_token):
    read = saved(client, admin_token, allowed_redirect_origins=["https://www.gemeente.nl", "http://localhost:8000"],
                 thank_you_url=" https://www.gemeente.nl/bedankt ")
    assert read["thank_you_url"] == "https://www.gemeente.nl/bedankt"
    local = saved(client, admin_token, allowed_redirect_origins=["http://localhost:8000"],
                  thank_you_url="http://localhost:8000/dank")
    assert local["thank_you_url"] == "http://localhost:8000/dank"


@pytest.mark.parametrize("empty", [None, ""])
def test_without_a_thank_you_page_the_definition_has_none(client, admin_token, empty):
    assert "thank_you_url" not in saved(client, admin_token, thank_you_url=empty)


@pytest.mark.parametrize("url", ["http://www.gemeente.nl/bedankt", "ftp://www.gemeente.nl/bedankt", "bedankt",
                                 "https:///bedankt", "http://[x", 5, ["https://www.gemeente.nl/bedankt"]])
def test_a_thank_you_page_that_is_no_https_address_is_named(client, admin_token, url):
    assert refused(client, admin_token, allowed_redirect_origins=["https://www.gemeente.nl"], thank_you_url=url) == {
        "thank_you_url": "invalid_url"}


def test_a_thank_you_page_on_another_website_is_named(client, admin_token):
    assert refused(client, admin_token, allowed_redirect_origins=["https://www.gemeente.nl"],
                   thank_you_url="https://www.elders.nl/bedankt") == {"thank_you_url": "thank_you_url_origin"}
    assert refused(client, admin_token, thank_you_url="https://www.gemeente.nl/bedankt") == {
        "thank_you_url": "thank_you_url_origin"}


# ---------------------------------------------------------------- mail domains

def test_mail_domains_are_stored_in_lower_case_ascii_once_each(client, admin_token):
    read = saved(client, admin_token, allowed_email_domains=[" @MinIenW.nl ", "*.Rijksoverheid.NL", "minienw.nl",
                                                             "bücher.example"])
    assert read["allowed_email_domains"] == ["minienw.nl", "*.rijksoverheid.nl", "xn--bcher-kva.example"]


@pytest.mark.parametrize("domain", ["naam@minienw.nl", "https://minienw.nl", "minienw", "*.", "mini enw.nl",
                                    "a." * 127 + "nl", "", 7, None])
def test_a_mail_domain_that_is_no_domain_is_named(client, admin_token, domain):
    assert refused(client, admin_token, allowed_email_domains=[domain]) == {"allowed_email_domains": "invalid_domain"}


def test_fifty_mail_domains_are_taken_and_fifty_one_are_not(client, admin_token):
    fifty = [f"d{n}.example" for n in range(50)]
    assert saved(client, admin_token, allowed_email_domains=fifty)["allowed_email_domains"] == fifty
    assert refused(client, admin_token, allowed_email_domains=fifty + ["d50.example"]) == {
        "allowed_email_domains": "invalid_domain"}
    assert refused(client, admin_token, allowed_email_domains="minienw.nl") == {
        "allowed_email_domains": "invalid_domain"}


# ---------------------------------------------------------------- the mails' openings and reminders

def test_an_opening_keeps_its_line_ends_as_newlines(client, admin_token):
    read = saved(client, admin_token, confirmation_opening={"nl": "Beste,\r\nWelkom.\rTot dan.", "en": "Hi"})
    assert read["confirmation_opening"] == {"nl": "Beste,\nWelkom.\nTot dan.", "en": "Hi"}


def test_an_opening_of_1000_characters_is_taken(client, admin_token):
    assert saved(client, admin_token, waitlist_opening="a" * 1000)["waitlist_opening"] == {"nl": "a" * 1000}


@pytest.mark.parametrize("opening", ["Welkom \u202eterug", "Welkom\x07", "Welkom\u200f"])
def test_an_opening_with_control_characters_is_named(client, admin_token, opening):
    assert refused(client, admin_token, reminder_opening=opening) == {"reminder_opening": "control_chars"}


@pytest.mark.parametrize("empty", [None, "", {}])
def test_an_empty_opening_is_left_out(client, admin_token, empty):
    assert "reminder_opening" not in saved(client, admin_token, reminder_opening=empty)


def test_a_bad_opening_of_the_wrong_kind_is_named_once(client, admin_token):
    assert refused(client, admin_token, reminder_opening={"de": "Hallo"}) == {"reminder_opening": "invalid"}


def test_reminder_hours_are_stored_largest_first(client, admin_token):
    assert saved(client, admin_token, reminder_hours_before=[2, 720, 1])["reminder_hours_before"] == [720, 2, 1]
    assert saved(client, admin_token, reminder_hours_before=[])["reminder_hours_before"] == []
    assert "reminder_hours_before" not in saved(client, admin_token, reminder_hours_before=None)


@pytest.mark.parametrize("hours", [[24, 12, 6, 2], [24, 24], [0], [721], [True], [2.5], ["24"], "24", 24])
def test_reminder_hours_out_of_bounds_are_named(client, admin_token, hours):
    assert refused(client, admin_token, reminder_hours_before=hours) == {"reminder_hours_before": "reminder_hours"}


# ---------------------------------------------------------------- after the meeting

def link(n=0, **changed):
    return {"title": f"Dia's {n}", "url": f"https://www.gemeente.nl/{n}.pdf", **changed}


def test_materials_are_stored_with_their_titles_on_one_line(client, admin_token):
    read = saved(client, admin_token, materials=[link(title="  Dia's   deel  1 "),
                                                 link(url="http://localhost:8000/x.pdf")])
    assert read["materials"] == [{"title": "Dia's deel 1", "url": "https://www.gemeente.nl/0.pdf"},
                                 {"title": "Dia's 0", "url": "http://localhost:8000/x.pdf"}]


def test_ten_materials_are_taken_and_eleven_are_not(client, admin_token):
    ten = [link(n) for n in range(10)]
    assert saved(client, admin_token, materials=ten)["materials"] == ten
    assert refused(client, admin_token, materials=ten + [link(10)]) == {"materials": "invalid"}
    assert refused(client, admin_token, materials=link()) == {"materials": "invalid"}


@pytest.mark.parametrize("wrong", [
    link(title=""), link(title="   "), link(title="a" * 201), link(title="Dia\u202es"), link(title=5),
    link(url="http://www.gemeente.nl/x.pdf"), link(url="ftp://www.gemeente.nl/x.pdf"), link(url="x.pdf"),
    link(url="https://www.gemeente.nl/een dia.pdf"), link(url='https://www.gemeente.nl/"x'),
    link(url="https://www.gemeente.nl/<x>"), link(url="https://www.gemeente.nl/" + "a" * 2000), link(url=None),
    "https://www.gemeente.nl/x.pdf", ["Dia's", "https://www.gemeente.nl/x.pdf"]])
def test_a_material_that_is_no_titled_https_link_is_named(client, admin_token, wrong):
    assert refused(client, admin_token, materials=[wrong]) == {"materials": "invalid_link"}


def test_a_title_of_200_characters_is_taken(client, admin_token):
    assert saved(client, admin_token, materials=[link(title="a" * 200)])["materials"][0]["title"] == "a" * 200


def test_evaluation_questions_are_stored_on_one_line_each(client, admin_token):
    five = ["Wat  nam je   mee? ", "b", "c", "d", "e" * 300]
    assert saved(client, admin_token, evaluation_questions=five)["evaluation_questions"] == [
        "Wat nam je mee?", "b", "c", "d", "e" * 300]


@pytest.mark.parametrize("questions", [["a"] * 6, ["a" * 301], [""], ["  "], ["Wat\nnu?"], [3], "Wat nu?"])
def test_evaluation_questions_out_of_bounds_are_named(client, admin_token, questions):
    assert refused(client, admin_token, evaluation_questions=questions) == {"evaluation_questions": "invalid"}


# ---------------------------------------------------------------- a setting declared later

def test_a_text_setting_declared_required_is_refused_when_empty(client, admin_token, monkeypatch):
    """As docs/development.md says a setting is added: one entry. A required text is then named
    when it is absent, even though no other setting asks for it."""
    from chalicelib.schema import settings
    monkeypatch.setattr(settings, "SETTINGS", settings.SETTINGS + (
        settings.Setting("welcome", "texts", required=True, description="A welcome."),))
    assert refused(client, admin_token) == {"welcome": "required"}
    assert saved(client, admin_token, welcome="Welkom")["welcome"] == {"nl": "Welkom"}


def test_a_session_of_the_programme_without_a_description_is_taken(client, admin_token):
    import copy

    from conftest import DEMO_PROGRAMME
    programme = copy.deepcopy(DEMO_PROGRAMME["programme"])
    del programme["rounds"][0]["sessions"][0]["description"]
    read = saved(client, admin_token, programme=programme)
    assert read["programme"]["rounds"][0]["sessions"][0].get("description", {}) == {}


def test_a_count_setting_declared_without_bounds_takes_any_whole_number(client, admin_token, monkeypatch):
    from chalicelib.schema import settings
    monkeypatch.setattr(settings, "SETTINGS", settings.SETTINGS + (
        settings.Setting("guests", "count", description="Guests each attendee may bring."),))
    assert saved(client, admin_token, guests=0)["guests"] == 0
    assert saved(client, admin_token, guests=-3)["guests"] == -3
    assert saved(client, admin_token, guests=10**12)["guests"] == 10**12
    assert refused(client, admin_token, guests="2") == {"guests": "positive_integer"}


def test_the_same_consent_text_in_another_order_keeps_its_version(client, admin_token):
    """Nobody is asked again for a consent text that did not change."""
    first = saved(client, admin_token, consent_text={"nl": "Ja, dat mag.", "en": "Yes, fine."})["consent_version"]
    again = saved(client, admin_token, consent_text={"en": "Yes, fine.", "nl": "Ja, dat mag."})["consent_version"]
    assert again == first


def test_a_website_of_300_characters_is_taken_and_one_more_is_not(client, admin_token):
    longest = "https://" + host_name(300 - len("https://"))
    assert len(longest) == 300
    assert saved(client, admin_token, allowed_redirect_origins=[longest])["allowed_redirect_origins"] == [longest]
    assert refused(client, admin_token, allowed_redirect_origins=["https://" + host_name(301 - len("https://"))]) == {
        "allowed_redirect_origins": "invalid_origin"}


def test_a_website_whose_host_is_no_host_name_is_named_not_a_500(client, admin_token):
    assert refused(client, admin_token, allowed_redirect_origins=["https://www_gemeente.nl"]) == {
        "allowed_redirect_origins": "invalid_origin"}


def test_a_thank_you_page_on_this_machine_may_be_http_by_either_name(client, admin_token):
    local = ["http://localhost:8000", "http://127.0.0.1:8000"]
    for url in ("http://localhost:8000/dank", "http://127.0.0.1:8000/dank"):
        assert saved(client, admin_token, allowed_redirect_origins=local, thank_you_url=url)["thank_you_url"] == url


def test_a_thank_you_page_on_this_machine_in_another_scheme_is_no_address(client, admin_token):
    assert refused(client, admin_token, allowed_redirect_origins=["http://localhost:8000"],
                   thank_you_url="ftp://localhost:8000/dank") == {"thank_you_url": "invalid_url"}


def test_a_mail_domain_of_255_characters_is_taken_and_one_more_is_not(client, admin_token):
    assert saved(client, admin_token, allowed_email_domains=[host_name(255)])["allowed_email_domains"] == [host_name(255)]
    assert refused(client, admin_token, allowed_email_domains=[host_name(256)]) == {
        "allowed_email_domains": "invalid_domain"}


@pytest.mark.parametrize("domains", [5, {"minienw.nl": True}, "minienw.nl"])
def test_mail_domains_that_are_no_list_are_named_not_a_500(client, admin_token, domains):
    assert refused(client, admin_token, allowed_email_domains=domains) == {"allowed_email_domains": "invalid_domain"}


def test_a_material_with_a_one_character_title_is_taken(client, admin_token):
    assert saved(client, admin_token, materials=[link(title="1")])["materials"] == [
        {"title": "1", "url": "https://www.gemeente.nl/0.pdf"}]


@pytest.mark.parametrize("url", ["https:///dias.pdf", "https://", "ftp://localhost:8000/dias.pdf",
                                 "https://www.gemeente.nl/" + "a" * (2001 - len("https://www.gemeente.nl/"))])
def test_a_material_address_without_a_host_in_another_scheme_or_too_long_is_named(client, admin_token, url):
    assert refused(client, admin_token, materials=[link(url=url)]) == {"materials": "invalid_link"}


def test_a_material_address_of_2000_characters_is_taken(client, admin_token):
    url = "https://www.gemeente.nl/" + "a" * (2000 - len("https://www.gemeente.nl/"))
    assert saved(client, admin_token, materials=[link(url=url)])["materials"][0]["url"] == url


@pytest.mark.parametrize("questions", [5, "Wat", {"Wat nu?": True}])
def test_evaluation_questions_that_are_no_list_are_named_not_a_500(client, admin_token, questions):
    assert refused(client, admin_token, evaluation_questions=questions) == {"evaluation_questions": "invalid"}
