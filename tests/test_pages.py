import json

from conftest import DEMO_EVENT, make_event, person, signup

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
    assert "woensdag 9 december 2026, 13.00-17.00 uur (Midden-Europese standaardtijd)" in page
    for field in ("name", "email", "organisation", "consent"):
        assert f'<label for="{field}"' in page and f'id="{field}"' in page
    assert "Organisatie" in page and "Ik geef DuurzaamDoor toestemming" in page
    assert "Nog 80 plaatsen beschikbaar." in page
    assert f'action="https://signup.test/events/{EID}/signups"' in page
    assert 'method="post"' in page and "<script" not in page


def test_form_in_english(client, demo_event):
    page = form(client, "?lang=en")
    assert '<html lang="en">' in page and "Organisation" in page
    assert "Wednesday 9 December 2026, 13:00-17:00 (Central European Standard Time)" in page and "80 places left." in page
    assert '<input type="hidden" name="locale" value="en">' in page


def test_form_shows_waiting_list_notice_when_full(client, admin_token):
    make_event(client, admin_token, capacity=1)
    signup(client, EID, **person(1))
    assert "Meld je aan voor de wachtlijst" in form(client)


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
    assert 'aria-invalid="true"' in page and "This field is required." in page
    assert 'value="zoe@example.org"' in page and "Give your consent to sign up." in page
    ok = signup(client, EID, form=True, accept_json=False, **person(1, consent="on", locale="en"))
    assert "Thank you, you are signed up!" in ok.body.decode()
    assert json.loads(client.http.get(f"/events/{EID}").body)["spots_left"] == 79
