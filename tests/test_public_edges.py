"""The visitors' endpoints at their edges (chalicelib/blueprints/public.py): the stylesheet, an
organisation's logo (an id of the longest allowed length, an unknown organisation), the thank-you page
without a status, with one, and for an unknown event."""
import json

from conftest import DEMO_EVENT, make_event
from test_organisation_page import png
from test_organisers import put_org

EID = DEMO_EVENT["id"]
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def test_the_stylesheet_is_served_as_css(client):
    from chalicelib import templating
    answer = client.http.get("/assets/site.css")
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "text/css; charset=utf-8"
    assert answer.body.decode() == templating.stylesheet()[0]


def test_an_organisation_with_an_id_of_100_characters_shows_its_logo(client, admin_token):
    from datetime import datetime, timezone

    from chalicelib import organisation_settings
    long_id = "o" * 100
    assert put_org(client, admin_token, org_id=long_id).status_code == 201
    organisation_settings.save_logo(long_id, png(), by="operator", now=datetime.now(timezone.utc))
    served = client.http.get(f"/organisations/{long_id}/logo", headers={"Accept": "*/*"})
    assert (served.status_code, served.headers["Content-Type"], served.body) == (200, "image/png", png())


def test_the_logo_of_an_unknown_organisation_or_one_without_is_not_found(client, admin_token):
    assert client.http.get("/organisations/niemand/logo").status_code == 404
    assert put_org(client, admin_token, org_id="zonder-logo").status_code == 201
    assert client.http.get("/organisations/zonder-logo/logo").status_code == 404


def test_the_thank_you_page_without_a_status_thanks_and_says_none(client, admin_token):
    make_event(client, admin_token)
    answer = client.http.get(f"/events/{EID}/thanks", headers=BROWSER)
    assert answer.status_code == 200
    page = answer.body.decode()
    assert "<h1>Je aanmelding is ontvangen</h1>" in page and 'id="thanks-status"' not in page


def test_the_thank_you_page_says_the_status_it_is_given(client, admin_token):
    make_event(client, admin_token)
    page = client.http.get(f"/events/{EID}/thanks?status=waitlisted", headers=BROWSER).body.decode()
    assert ('<p id="thanks-status">De bijeenkomst is vol. In de e-mail staat of je een plek hebt of op de wachtlijst '
            'staat.</p>') in page


def test_the_thank_you_page_of_an_unknown_event_is_a_page(client):
    answer = client.http.get("/events/bestaat-niet/thanks?status=confirmed", headers=BROWSER)
    assert answer.status_code == 404 and answer.headers["Content-Type"].startswith("text/html")
    as_json = client.http.get("/events/bestaat-niet/thanks", headers={"Accept": "application/json"})
    assert json.loads(as_json.body)["error"] == "event_not_found"


def test_a_form_post_is_answered_by_a_bare_redirect_to_the_thank_you_page(client, admin_token):
    from conftest import person, signup
    make_event(client, admin_token)
    answer = signup(client, EID, form=True, accept_json=False, **person(1, consent="on"))
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"https://signup.test/events/{EID}/thanks?lang=nl&status=confirmed"
    assert answer.body == b""       # nothing for the browser to show on its way
