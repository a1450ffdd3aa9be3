import json
import re

import pytest

from conftest import DEMO_EVENT, make_event, person, signed_up, signup

EID = DEMO_EVENT["id"]


def form(client, query=""):
    r = client.http.get(f"/events/{EID}/form{query}")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    return r.body.decode()


def test_form_has_labelled_fields_consent_and_spots(client, demo_event):
    assert client.http.get(f"/events/{EID}/form").headers["Access-Control-Allow-Origin"] == "*"
    page = form(client)
    assert '<html lang="nl">' in page
    assert "Lerende ambtenaren versnellen circulaire economie" in page
    assert "woensdag 9 december 2026, van 13.00 tot 17.00 uur" in page
    for field in ("name", "email", "organisation", "consent"):
        assert f'<label for="{field}"' in page and f'id="{field}"' in page
    assert "Organisatie" in page and "Ik geef DuurzaamDoor toestemming" in page
    assert "Nog 80 plekken vrij." in page
    assert f'action="https://signup.test/events/{EID}/signups"' in page
    assert 'method="post"' in page
    assert page.count("<script") == 1          # only the frame-height script: the form needs none


def test_form_in_english(client, demo_event):
    page = form(client, "?lang=en")
    assert '<html lang="en">' in page and "Organisation" in page
    assert "Wednesday 9 December 2026, 1:00 to 5:00 pm" in page and "80 places left." in page
    assert '<input type="hidden" name="locale" value="en">' in page


def test_form_shows_waiting_list_notice_when_full(client, admin_token):
    make_event(client, admin_token, capacity=1)
    signup(client, EID, **person(1))
    assert "Je kunt je aanmelden voor de wachtlijst" in form(client)


def test_form_says_closed(client, admin_token):
    make_event(client, admin_token, registration_open=False)
    page = form(client)
    assert "De aanmelding voor deze bijeenkomst is gesloten." in page and "<form" not in page


def test_form_escapes_organiser_text(client, admin_token):
    make_event(client, admin_token, title={"nl": "<script>alert(1)</script>"})
    page = form(client)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_form_for_unknown_event_is_404(client, table):
    r = client.http.get("/events/nope/form")
    assert r.status_code == 404


def test_form_round_trip_with_error_keeps_values(client, demo_event):
    r = signup(client, EID, form=True, accept_json=False,
               **{"name": "Zoë", "email": "zoe@example.org", "organisation": "", "locale": "en"})
    page = r.body.decode()
    assert r.status_code == 400
    assert 'aria-invalid="true"' in page and "Fill in this field." in page
    assert 'value="zoe@example.org"' in page and "Give your consent to sign up." in page
    ok = signup(client, EID, form=True, accept_json=False, **person(1, consent="on", locale="en"))
    assert ok.status_code == 303
    thanks = client.http.get(ok.headers["Location"].removeprefix("https://signup.test")).body.decode()
    assert "<h1>Your signup has been received</h1>" in thanks
    assert json.loads(client.http.get(f"/events/{EID}").body)["spots_left"] == 79


# --- copy and accessibility (issue 12) -------------------------------------------

def attendee_page(client, rid):
    from chalicelib import tokens
    return client.http.get(f"/registrations/{tokens.sign(EID, rid)}").body.decode()


def test_one_place_left_is_singular(client, admin_token):
    make_event(client, admin_token, capacity=2)
    signup(client, EID, **person(1))
    assert "Nog 1 plek vrij." in form(client)
    assert "1 place left." in form(client, "?lang=en")
    assert "plekken" not in form(client)


@pytest.mark.parametrize("waitlist, hint", [
    (True, "Kun je niet komen? Meld je af, dan gaat je plek naar iemand op de wachtlijst."),
    (False, "Kun je niet komen? Meld je af, dan komt je plek vrij voor iemand anders.")])
def test_cancel_hint_names_the_waiting_list_only_where_there_is_one(client, admin_token, waitlist, hint):
    make_event(client, admin_token, waitlist_enabled=waitlist)
    page = attendee_page(client, signed_up(client, EID, **person(1)))
    assert f"<p>{hint}</p>" in page
    assert ("wachtlijst" in page) is waitlist


def test_a_waitlisted_attendee_is_told_they_leave_the_list(client, admin_token):
    make_event(client, admin_token, capacity=1)
    signup(client, EID, **person(1))
    page = attendee_page(client, signed_up(client, EID, **person(2)))
    assert "<p>Wil je niet meer op de wachtlijst staan? Meld je af.</p>" in page
    assert "je plek naar iemand op de wachtlijst" not in page


def contrast(foreground, background):
    def luminance(colour):
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_focus_ring_contrasts_3_to_1_with_what_is_around_it(client, demo_event):
    css = re.sub(r"/\*.*?\*/", "", client.http.get("/assets/site.css").body.decode(), flags=re.S)
    rules = {selector.strip(): body for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css)}
    ring = rules["input:focus, select:focus, button:focus, a:focus"]
    (colour,) = re.findall(r"outline:\s*\d+px solid (#[0-9a-fA-F]{6})", ring)
    assert contrast(colour, "#ffffff") >= 3          # the form's card
    assert contrast(colour, "#f5f7f6") >= 3          # the page around it
    (top_bar,) = re.findall(r"outline-color: (#[0-9a-fA-F]{3,6})", rules[".topbar a:focus, .topbar button:focus"])
    assert contrast("#ffffff" if top_bar == "#fff" else top_bar, "#154273") >= 3


def test_every_focus_ring_of_the_stylesheet_contrasts_3_to_1(client, demo_event):
    """The organiser's fields and the search box too, not only the signup form's."""
    css = client.http.get("/assets/site.css").body.decode()
    rings = re.findall(r"outline:\s*\d+px solid (#[0-9a-fA-F]{6})", css)
    assert len(rings) == 3
    assert [colour for colour in rings if contrast(colour, "#ffffff") < 3 or contrast(colour, "#f5f7f6") < 3] == []


def test_fields_say_what_the_browser_may_fill_in(client, demo_event):
    page = form(client)
    assert re.search(r'<input [^>]*id="name"[^>]*autocomplete="name"', page)
    assert re.search(r'<input [^>]*id="email"[^>]*autocomplete="email"', page)
    assert re.search(r'<input [^>]*id="organisation"[^>]*autocomplete="organization"', page)


def test_a_custom_field_with_another_name_gets_no_autocomplete(client, admin_token):
    make_event(client, admin_token, fields=[{"name": "dieet", "type": "text", "required": False,
                                              "label": {"nl": "Dieetwensen"}}])
    (field,) = re.findall(r'<input [^>]*id="dieet"[^>]*>', form(client))
    assert "autocomplete" not in field


def test_the_required_consent_box_is_marked_required(client, demo_event):
    page = form(client)
    assert re.search(r'<input type="checkbox" id="consent"[^>]* required', page)
    assert re.search(r'<label for="consent" class="consent">[^<]*<small>\(verplicht\)</small></label>', page)


def test_error_summary_names_each_field_in_form_order_with_links(client, demo_event):
    r = signup(client, EID, form=True, accept_json=False,
               **{"consent": "", "organisation": "", "email": "geen-adres", "name": ""})
    page = r.body.decode()
    summary = re.search(r'<div class="alert" role="alert" id="error-summary"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert re.findall(r'<li><a href="(#\w+)">([^<]*)</a></li>', summary) == [
        ("#name", "Naam: Vul je naam in."),
        ("#email", "E-mailadres: Vul je e-mailadres in, bijvoorbeeld naam@gemeente.nl."),
        ("#organisation", "Organisatie: Vul dit veld in."),
        ("#consent", "Toestemming: Geef toestemming om je aan te melden."),
    ]
    for target in ("name", "email", "organisation", "consent"):
        assert f'id="{target}"' in page


def test_an_english_attendee_is_refused_in_english(client, demo_event):
    """The buttons of an English page post with ?lang=en: a refusal (409) is a page in English too."""
    from chalicelib import tokens
    token = tokens.sign(EID, signed_up(client, EID, **person(1, locale="en")))
    page = client.http.get(f"/registrations/{token}").body.decode()
    assert f'<form method="get" action="https://signup.test/registrations/{token}/cancel">' in page
    question = client.http.get(f"/registrations/{token}/cancel").body.decode()
    assert f'action="https://signup.test/registrations/{token}/cancel?lang=en"' in question
    assert client.http.post(f"/registrations/{token}/cancel?lang=en").status_code == 200
    refused = client.http.post(f"/registrations/{token}/confirm?lang=en")
    assert refused.status_code == 409
    assert '<html lang="en">' in refused.body.decode()
