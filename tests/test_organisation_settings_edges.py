"""The edges of an organisation's own settings (chalicelib/organisation_settings.py) as a beheerder
meets them: through the API and the settings page, what is stored as typed, what is refused at
which length or value and under which field, and what the log and the visitor pages show."""
import json
import re
from urllib.parse import urlencode

import pytest

from conftest import DEMO_ORG, bearer
from test_organisation_page import form
from test_roles import session_of

ORG = DEMO_ORG["id"]
BEHEERDER = DEMO_ORG["members"][0]["email"]
JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def put(client, token, **settings):
    body = {"name": DEMO_ORG["name"], "members": DEMO_ORG["members"], **settings}
    return client.http.put(f"/organisations/{ORG}", body=json.dumps(body), headers={**bearer(token), **JSON})


def kept(client, token, **settings) -> dict:
    """PUT ``settings``: taken; the settings of the organisation as GET reads them back."""
    answer = put(client, token, **settings)
    assert answer.status_code == 200, answer.body
    got = json.loads(client.http.get(f"/organisations/{ORG}", headers=bearer(token)).body)
    return {k: got[k] for k in settings if k in got}


def named(client, token, **settings) -> list:
    """PUT ``settings``: refused; the fields named."""
    answer = put(client, token, **settings)
    assert answer.status_code == 400, answer.body
    return sorted(json.loads(answer.body)["fields"])


def test_settings_are_stored_trimmed_and_in_lower_case_where_case_means_nothing(client, admin_token):
    assert kept(client, admin_token, privacy_statement_url=" https://duurzaamdoor.example/Privacy ",
                sender_name="  DuurzaamDoor  ", reply_to=" Bijeenkomsten@DuurzaamDoor.example ", colour=" #1B6B4A ",
                default_retention_days=" 30 ", default_locale=" en ") == {
        "privacy_statement_url": "https://duurzaamdoor.example/Privacy", "sender_name": "DuurzaamDoor",
        "reply_to": "bijeenkomsten@duurzaamdoor.example", "colour": "#1b6b4a", "default_retention_days": 30,
        "default_locale": "en"}


@pytest.mark.parametrize("empty", ["", "   ", None])
def test_an_empty_setting_is_no_setting(client, admin_token, empty):
    kept(client, admin_token, sender_name="DuurzaamDoor", colour="#1b6b4a")
    assert kept(client, admin_token, sender_name=empty, colour=empty) == {}


@pytest.mark.parametrize("field", ["privacy_statement_url", "sender_name", "reply_to", "colour", "default_locale"])
@pytest.mark.parametrize("value", [7, ["x"], {"nl": "x"}, True])
def test_a_text_setting_that_is_no_text_is_named_not_a_500(client, admin_token, field, value):
    assert named(client, admin_token, **{field: value}) == [field]


def test_the_longest_privacy_address_and_sender_name_are_taken_and_one_more_is_not(client, admin_token):
    url = "https://duurzaamdoor.example/" + "p" * (500 - len("https://duurzaamdoor.example/"))
    assert kept(client, admin_token, privacy_statement_url=url, sender_name="n" * 100) == {
        "privacy_statement_url": url, "sender_name": "n" * 100}
    assert named(client, admin_token, privacy_statement_url=url + "p") == ["privacy_statement_url"]
    assert named(client, admin_token, sender_name="n" * 101) == ["sender_name"]


@pytest.mark.parametrize("url", ["https://duurzaamdoor", "https://duurzaamdoor.example/\x00", "https://a b.example",
                                 "https://duurzaamdoor.example/\"onmouseover", "https://duurzaamdoor.example/\u202e"])
def test_a_privacy_address_that_is_no_plain_https_address_is_named(client, admin_token, url):
    assert named(client, admin_token, privacy_statement_url=url) == ["privacy_statement_url"]


@pytest.mark.parametrize("name", ["Duurzaam <Door>", 'Duurzaam "Door"', "Duurzaam\u202eDoor", "Duurzaam\tDoor"])
def test_a_sender_name_that_could_break_the_from_line_is_named(client, admin_token, name):
    assert named(client, admin_token, sender_name=name) == ["sender_name"]


@pytest.mark.parametrize("colour", ["#1b6b4", "#1b6b4a0", "1b6b4a", "#gggggg", "#ffffff"])
def test_a_colour_that_is_no_dark_rrggbb_is_named(client, admin_token, colour):
    assert named(client, admin_token, colour=colour) == ["colour"]


@pytest.mark.parametrize("days, stored", [(1, 1), (3650, 3650), ("3650", 3650), ("0001", 1)])
def test_a_retention_from_1_to_3650_days_is_taken(client, admin_token, days, stored):
    assert kept(client, admin_token, default_retention_days=days) == {"default_retention_days": stored}


@pytest.mark.parametrize("days", [0, 3651, "3651", -1, "-1", True, False, 30.5, "30 dagen", "12345678", ["30"],
                                  "30d", "+30", "00000030", "9" * 5000])
def test_a_retention_that_is_no_whole_number_of_days_from_1_to_3650_is_named(client, admin_token, days):
    assert named(client, admin_token, default_retention_days=days) == ["default_retention_days"]


def test_several_mistakes_are_named_at_once(client, admin_token):
    assert named(client, admin_token, sender_name="n" * 101, reply_to="geen adres", default_locale="fr",
                 colour="groen") == ["colour", "default_locale", "reply_to", "sender_name"]


# ---------------------------------------------------------------- the settings page

@pytest.fixture
def beheerder(client):
    return session_of(BEHEERDER)


def post(client, beheerder, **values):
    cookie, csrf = beheerder
    return client.http.post("/organiser/settings", body=form(csrf, **values), headers={**FORM, "Cookie": cookie})


def stored():
    from chalicelib import store
    return store.organisations.get_organisation(ORG)


@pytest.mark.parametrize("name", ["", "   ", "n" * 201])
def test_the_page_refuses_an_empty_or_too_long_name_and_writes_nothing(client, beheerder, name):
    before = stored()
    answer = post(client, beheerder, name=name)
    assert answer.status_code == 400
    assert 'href="#name"' in answer.body.decode()
    assert stored() == before


def test_the_page_names_a_name_with_control_characters(client, beheerder):
    answer = post(client, beheerder, name="Duurzaam\u202eDoor")
    assert answer.status_code == 400 and 'href="#name"' in answer.body.decode()


def test_the_page_takes_a_name_of_200_characters_trimmed(client, beheerder):
    assert post(client, beheerder, name=" " + "n" * 200 + " ").status_code == 303
    assert stored()["name"] == "n" * 200


def test_the_page_names_the_name_and_a_setting_together(client, beheerder):
    page = post(client, beheerder, name="", colour="groen").body.decode()
    assert 'href="#name"' in page and 'href="#colour"' in page


def test_a_language_that_is_no_text_is_named_as_no_text(client, admin_token):
    """Not "choose a language we have": the value is no text at all, as for the other text settings."""
    answer = put(client, admin_token, default_locale=7)
    assert json.loads(answer.body)["fields"] == {"default_locale": "Dit klopt niet. Kijk het na en verbeter het."}


def test_the_page_takes_a_name_of_one_character(client, beheerder):
    assert post(client, beheerder, name="D").status_code == 303
    assert stored()["name"] == "D"


def test_the_page_without_a_name_field_names_the_name(client, beheerder):
    cookie, csrf = beheerder
    body = urlencode({"csrf": csrf, "organisation": ORG, "colour": "#1b6b4a"})
    answer = client.http.post("/organiser/settings", body=body, headers={**FORM, "Cookie": cookie})
    assert answer.status_code == 400 and 'href="#name"' in answer.body.decode()


def test_the_log_names_only_the_settings_that_were_made(client, beheerder):
    cookie, csrf = beheerder
    body = urlencode({"csrf": csrf, "organisation": ORG, "name": "DuurzaamDoor", "colour": "#1b6b4a",
                      "sender_name": ""})
    assert client.http.post("/organiser/settings", body=body, headers={**FORM, "Cookie": cookie}).status_code == 303
    log = client.http.get("/organiser/log", headers={"Cookie": cookie}).body.decode()
    assert "colour, name" in log and "sender_name" not in log


def test_the_log_names_a_new_logo(client, beheerder):
    from test_organisation_page import png, upload
    cookie, csrf = beheerder
    before = client.http.get("/organiser/log", headers={"Cookie": cookie}).body.decode().count('<td data-label="Details">logo</td>')
    assert upload(client, cookie, csrf, "logo.png", png(), "image/png").status_code == 303
    log = client.http.get("/organiser/log", headers={"Cookie": cookie}).body.decode()
    assert log.count('<td data-label="Details">logo</td>') == before + 1


@pytest.mark.parametrize("values, message", [
    ({"name": ""}, "Vul dit veld in."),
    ({"name": "Duurzaam\u202eDoor"}, "Hier staan tekens die niet mogen. Haal ze weg."),
    ({"sender_name": "n" * 101}, "Dit is te lang. Maak het korter."),
])
def test_the_page_says_what_is_wrong(client, beheerder, values, message):
    answer = post(client, beheerder, **values)
    assert answer.status_code == 400 and message in answer.body.decode(), re.findall(r"class=\"error\"[^>]*>([^<]*)", answer.body.decode())


def test_a_setting_that_is_no_text_is_named_with_its_message(client, admin_token):
    assert json.loads(put(client, admin_token, sender_name=7).body)["fields"] == {
        "sender_name": "Dit klopt niet. Kijk het na en verbeter het."}
    assert json.loads(put(client, admin_token, sender_name="n" * 101).body)["fields"] == {
        "sender_name": "Dit is te lang. Maak het korter."}


def test_a_near_black_colour_is_taken(client, admin_token):
    assert kept(client, admin_token, colour="#0a0a0a") == {"colour": "#0a0a0a"}


def test_saving_the_page_keeps_the_logo_and_the_log_names_who(client, beheerder):
    from test_organisation_page import png, upload
    cookie, csrf = beheerder
    assert upload(client, cookie, csrf, "logo.png", png(), "image/png").status_code == 303
    logo = stored()["logo"]
    assert post(client, beheerder, name="DuurzaamDoor").status_code == 303
    assert stored()["logo"] == logo
    log = client.http.get("/organiser/log", headers={"Cookie": cookie}).body.decode()
    assert log.count(BEHEERDER) >= 2 and "None" not in log
