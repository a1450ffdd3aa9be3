"""The event editor's inputs of the settings (chalicelib/schema/inputs.py) as an organiser uses
them: what a typed value is saved as, what the form shows back, and which input a mistake is
named beside (and how the summary names it)."""
import json
import re

import pytest

from conftest import DEMO_EVENT, bearer, make_event
from organiser_pages import form_fields, post_form
from test_organiser_events import messages_beside
from test_organisers import ses, sign_in  # noqa: F401  (ses is a fixture)

EID = DEMO_EVENT["id"]
EDIT = f"/organiser/events/{EID}/edit"


@pytest.fixture
def member(client, admin_token, ses):   # noqa: F811
    make_event(client, admin_token)
    return sign_in(client, ses)


def shown(client, cookie) -> dict:
    """The edit form's inputs as the browser has them."""
    answer = client.http.get(EDIT, headers={"Cookie": cookie})
    assert answer.status_code == 200
    return form_fields(answer.body.decode())


def definition(client, token) -> dict:
    return json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(token)).body)


def save(client, cookie, **typed):
    return post_form(client, EDIT, {**shown(client, cookie), **typed}, cookie, action="save")


def saved(client, token, cookie, **typed) -> dict:
    answer = save(client, cookie, **typed)
    assert answer.status_code == 303, messages_beside(answer.body.decode())
    return definition(client, token)


def mistakes(client, cookie, **typed) -> dict:
    answer = save(client, cookie, **typed)
    assert answer.status_code == 400
    return messages_beside(answer.body.decode())


def summary(client, cookie, **typed) -> list:
    """The error summary's links: (input, text)."""
    html = save(client, cookie, **typed).body.decode()
    box = re.search(r'<div class="alert error-summary".*?</div>', html, re.S).group(0)
    return re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', box)


DATE = "Vul een datum in, bijvoorbeeld 9-12-2026."
TIME = "Vul een tijd in, bijvoorbeeld 13.00."


# ---------------------------------------------------------------- dates and times

def test_a_closing_date_without_a_time_closes_at_the_end_of_that_day(client, admin_token, member):
    read = saved(client, admin_token, member, closes_date="2026-12-01", closes_time="")
    assert read["registration_closes_at"] == "2026-12-01T23:59:00+01:00"
    assert (shown(client, member)["closes_date"], shown(client, member)["closes_time"]) == ("2026-12-01", "23:59")


def test_a_closing_time_with_seconds_is_kept_and_shown_with_them(client, admin_token, member):
    read = saved(client, admin_token, member, closes_date="2026-12-01", closes_time="17:30:15")
    assert read["registration_closes_at"] == "2026-12-01T17:30:15+01:00"
    assert shown(client, member)["closes_time"] == "17:30:15"
    saved(client, admin_token, member, closes_date="2026-12-01", closes_time="17:30")
    assert shown(client, member)["closes_time"] == "17:30"


def test_an_empty_closing_date_and_time_mean_no_closing(client, admin_token, member):
    saved(client, admin_token, member, closes_date="2026-12-01", closes_time="12:00")
    assert saved(client, admin_token, member, closes_date=" ", closes_time="").get("registration_closes_at") is None
    assert (shown(client, member)["closes_date"], shown(client, member)["closes_time"]) == ("", "")


@pytest.mark.parametrize("day, at, named", [
    ("", "12:00", {"closes_date": DATE}),
    ("2026-02-30", "12:00", {"closes_date": DATE}),
    ("1-12-2026", "12:00", {"closes_date": DATE}),
    ("20261201", "12:00", {"closes_date": DATE}),   # Python's fromisoformat would take it; the form says 2026-12-01
    ("2026-12-01", "25:00", {"closes_time": TIME}),
    ("2026-12-01", "9:00", {"closes_time": TIME}),
    ("2026-12-01", "12.00", {"closes_time": TIME}),
    ("morgen", "straks", {"closes_date": DATE, "closes_time": TIME}),
])
def test_a_closing_date_or_time_that_is_none_is_named_beside_it(client, member, day, at, named):
    assert mistakes(client, member, closes_date=day, closes_time=at) == named


def test_a_bad_closing_time_is_named_in_the_summary_by_its_own_label(client, member):
    assert summary(client, member, closes_date="2026-12-01", closes_time="25:00") == [
        ("closes_time", "Aanmelding sluit om (tijd): " + TIME)]


# ---------------------------------------------------------------- numbers

def test_a_number_is_saved_as_typed_and_an_empty_one_means_none(client, admin_token, member):
    assert saved(client, admin_token, member, capacity=" 12 ", retention_days="1")["capacity"] == 12
    assert shown(client, member)["capacity"] == "12"
    read = saved(client, admin_token, member, capacity="", retention_days="")
    assert read.get("capacity") is None and read.get("retention_days") is None
    assert (shown(client, member)["capacity"], shown(client, member)["retention_days"]) == ("", "")


@pytest.mark.parametrize("typed", ["0", "-1", "veel", "1.5", "10000001"])
def test_a_number_out_of_bounds_is_named_beside_it(client, member, typed):
    assert mistakes(client, member, capacity=typed) == {"capacity": "Vul een heel getal in dat groter is dan 0."}


def test_the_largest_capacity_is_taken(client, admin_token, member):
    assert saved(client, admin_token, member, capacity="10000000")["capacity"] == 10_000_000


# ---------------------------------------------------------------- texts, boxes and choices

def test_a_text_in_one_language_is_saved_trimmed_and_an_empty_one_left_out(client, admin_token, member):
    read = saved(client, admin_token, member, consent_text_nl="  Ja, dat mag.  ", consent_text_en=" ")
    assert read["consent_text"] == {"nl": "Ja, dat mag."}
    assert (shown(client, member)["consent_text_nl"], shown(client, member)["consent_text_en"]) == ("Ja, dat mag.", "")


def test_an_english_text_missing_is_named_in_the_summary_with_its_language(client, member):
    assert summary(client, member, consent_required="on", consent_text_nl="", consent_text_en="") == [
        ("consent_text_nl", "Toestemmingstekst (Nederlands): Vul dit veld in.")]


def test_an_unticked_box_is_off_and_a_ticked_one_on(client, admin_token, member):
    typed = {**shown(client, member), "action": "save"}
    typed.pop("waitlist_enabled", None)
    assert post_form(client, EDIT, typed, member).status_code == 303
    assert definition(client, admin_token)["waitlist_enabled"] is False
    assert "waitlist_enabled" not in shown(client, member)
    assert saved(client, admin_token, member, waitlist_enabled="on")["waitlist_enabled"] is True


@pytest.mark.parametrize("typed, stored", [("nl", ["nl"]), ("nl,en", ["nl", "en"]), ("en,nl", ["en", "nl"]),
                                           ("en", ["en"])])
def test_the_languages_chosen_are_saved_in_their_order(client, admin_token, member, typed, stored):
    assert saved(client, admin_token, member, locales=typed)["locales"] == stored
    assert shown(client, member)["locales"] == typed


@pytest.mark.parametrize("name, typed, message", [
    ("locales", "de", "Kies Nederlands of Engels."),
    ("public_spots", "alles", "Dit klopt niet. Kijk het na en verbeter het."),
])
def test_a_choice_not_offered_is_named_beside_it(client, member, name, typed, message):
    assert mistakes(client, member, **{name: typed}) == {name: message}


def test_public_spots_is_saved_as_chosen(client, admin_token, member):
    assert saved(client, admin_token, member, public_spots="bands")["public_spots"] == "bands"
    assert shown(client, member)["public_spots"] == "bands"


# ---------------------------------------------------------------- lists typed one a line

def test_websites_are_saved_as_their_origins_once_each(client, admin_token, member):
    typed = "https://WWW.Gemeente.nl/aanmelden?x=1\r\n\r\n  https://www.gemeente.nl  \r\nhttp://localhost:8000/test"
    read = saved(client, admin_token, member, allowed_redirect_origins=typed)
    assert read["allowed_redirect_origins"] == ["https://www.gemeente.nl", "http://localhost:8000"]
    assert shown(client, member)["allowed_redirect_origins"] == "https://www.gemeente.nl\r\nhttp://localhost:8000"


@pytest.mark.parametrize("typed", ["www.gemeente.nl", "ftp://www.gemeente.nl", "https://", "https://www.gemeente .nl",
                                   "https://[x", "https://www.gemeente.nl\r\nmailto:jan@gemeente.nl"])
def test_a_line_that_is_no_website_is_named(client, member, typed):
    assert mistakes(client, member, allowed_redirect_origins=typed) == {
        "allowed_redirect_origins": "Vul webadressen in zoals https://www.voorbeeld.nl, één per regel."}


def test_an_empty_thank_you_page_means_our_own(client, admin_token, member):
    typed = {"allowed_redirect_origins": "https://www.gemeente.nl"}
    assert saved(client, admin_token, member, **typed, thank_you_url=" https://www.gemeente.nl/dank ")[
        "thank_you_url"] == "https://www.gemeente.nl/dank"
    assert "thank_you_url" not in saved(client, admin_token, member, **typed, thank_you_url="  ")
    assert shown(client, member)["thank_you_url"] == ""


def test_mail_domains_may_be_typed_one_a_line_or_with_commas(client, admin_token, member):
    read = saved(client, admin_token, member, allowed_email_domains="minienw.nl, *.rijksoverheid.nl\r\n\r\nbzk.nl,")
    assert read["allowed_email_domains"] == ["minienw.nl", "*.rijksoverheid.nl", "bzk.nl"]
    assert shown(client, member)["allowed_email_domains"] == "minienw.nl\r\n*.rijksoverheid.nl\r\nbzk.nl"
    assert saved(client, admin_token, member, allowed_email_domains=" \r\n")["allowed_email_domains"] == []


def test_reminder_hours_are_typed_with_commas_and_shown_so(client, admin_token, member):
    assert saved(client, admin_token, member, reminder_hours_before=" 2; 24 ")["reminder_hours_before"] == [24, 2]
    assert shown(client, member)["reminder_hours_before"] == "24, 2"
    assert "reminder_hours_before" not in saved(client, admin_token, member, reminder_hours_before=" ")
    assert shown(client, member)["reminder_hours_before"] == ""


@pytest.mark.parametrize("typed", ["24 uur", "-2", "99999", "1.5", "0", "1, 2, 3, 4"])
def test_reminder_hours_that_are_no_whole_hours_are_named(client, member, typed):
    assert list(mistakes(client, member, reminder_hours_before=typed)) == ["reminder_hours_before"]


def test_materials_are_typed_title_then_address_and_shown_so(client, admin_token, member):
    typed = "Dia's deel 1 https://www.gemeente.nl/dias.pdf\r\n\r\nVerslag http://localhost:8000/verslag"
    read = saved(client, admin_token, member, materials=typed)
    assert read["materials"] == [{"title": "Dia's deel 1", "url": "https://www.gemeente.nl/dias.pdf"},
                                 {"title": "Verslag", "url": "http://localhost:8000/verslag"}]
    assert shown(client, member)["materials"] == typed.replace("\r\n\r\n", "\r\n")


@pytest.mark.parametrize("typed", ["https://www.gemeente.nl/dias.pdf", "Dia's www.gemeente.nl/dias.pdf",
                                   "Dia's ftp://www.gemeente.nl/dias.pdf", "Goed\r\nDia's"])
def test_a_material_without_a_title_or_an_address_is_named(client, member, typed):
    assert mistakes(client, member, materials=typed) == {
        "materials": "Zet op elke regel een titel en dan een adres dat begint met https://."}


def test_evaluation_questions_are_typed_one_a_line(client, admin_token, member):
    read = saved(client, admin_token, member, evaluation_questions=" Wat nam je mee?\r\n\r\nWat mist er? ")
    assert read["evaluation_questions"] == ["Wat nam je mee?", "Wat mist er?"]
    assert shown(client, member)["evaluation_questions"] == "Wat nam je mee?\r\nWat mist er?"


def test_a_bad_closing_date_is_named_in_the_summary_by_the_dates_label(client, member):
    assert summary(client, member, closes_date="2026-02-30", closes_time="12:00") == [
        ("closes_date", "Aanmelding sluit op (datum): " + DATE)]


def test_an_endless_number_of_reminder_hours_is_named_not_a_500(client, member):
    assert list(mistakes(client, member, reminder_hours_before="9" * 5000)) == ["reminder_hours_before"]


def test_a_new_event_starts_in_the_amsterdam_zone_with_empty_lists(client, member):
    from test_organiser_events import new_form
    fields = new_form(client, member)
    assert fields["timezone"] == "Europe/Amsterdam"
    assert [fields[name] for name in ("allowed_redirect_origins", "allowed_email_domains", "reminder_hours_before",
                                      "materials", "evaluation_questions", "thank_you_url", "capacity")] == [""] * 7
    assert (fields["locales"], fields["public_spots"]) == ("nl", "bands")


def test_a_start_date_without_a_time_is_named_not_read_as_the_end_of_that_day(client, member):
    assert mistakes(client, member, start_time="") == {"start_time": TIME}
