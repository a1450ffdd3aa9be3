"""The edges of the organiser's sign-in and page guards (chalicelib/organiser/home.py) an organiser
notices: a wrong address keeps the page they asked for, a page opened while signed out comes back
after signing in, and the team page opens on their own organisation when none is named."""
from urllib.parse import urlencode

from conftest import DEMO_ORG
from organiser_pages import FORM
from test_organisation_page import multipart
from test_roles import BEHEERDER, session_of

ORG = DEMO_ORG["id"]


def test_a_wrong_address_keeps_the_page_asked_for_and_says_nothing_of_signing_out(client, demo_event):
    answer = client.http.post("/organiser/login", body=urlencode({"email": "marieke", "next": "/organiser/team"}),
                              headers=FORM)
    body = answer.body.decode()
    assert answer.status_code == 400
    assert 'name="next" value="/organiser/team"' in body
    assert "Je bent uitgelogd." not in body


def test_a_page_without_path_parameters_comes_back_after_signing_in(client, demo_event):
    answer = client.http.get(f"/organiser/team?organisation={ORG}")
    assert (answer.status_code, answer.headers["Location"]) == (
        303, f"https://signup.test/organiser?next=%2Forganiser%2Fteam%3Forganisation%3D{ORG}")


def test_a_page_whose_address_cannot_come_back_goes_to_the_plain_sign_in(client, demo_event):
    """A query holding ``..`` is never a page to return to: the sign-in page is asked for without one."""
    answer = client.http.get("/organiser/team?x=..")
    assert (answer.status_code, answer.headers["Location"]) == (303, "https://signup.test/organiser")


def test_the_team_page_with_an_empty_organisation_opens_the_members_own(client, demo_event):
    cookie, _ = session_of(BEHEERDER)
    answer = client.http.get("/organiser/team?organisation=", headers={"Cookie": cookie})
    assert answer.status_code == 200
    assert "Collega uitnodigen" in answer.body.decode()


def test_an_organisation_sent_as_a_file_is_refused(client, demo_event):
    """A logo upload whose ``organisation`` is a file part names no organisation: 403, not a lookup."""
    cookie, csrf = session_of(BEHEERDER)
    body, headers = multipart({"csrf": csrf}, {"organisation": ("org.txt", ORG.encode(), "text/plain")})
    answer = client.http.post("/organiser/settings/logo", body=body, headers={**headers, "Cookie": cookie})
    assert answer.status_code == 403


def test_the_language_stays_out_of_the_page_to_return_to(client, demo_event):
    """``?lang=en`` goes on the sign-in page itself, not inside the page to come back to."""
    answer = client.http.get("/organiser/team?lang=en")
    assert answer.headers["Location"] == "https://signup.test/organiser?next=%2Forganiser%2Fteam&lang=en"


def test_a_form_sent_while_signed_out_goes_to_the_plain_sign_in(client, demo_event):
    answer = client.http.post("/organiser/tokens", body=urlencode({"name": "x"}), headers=FORM)
    assert (answer.status_code, answer.headers["Location"]) == (303, "https://signup.test/organiser")
