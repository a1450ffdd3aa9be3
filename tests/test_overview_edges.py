"""The edges of an event's organiser pages (chalicelib/organiser/overview.py) that an organiser
notices: the notice after sending a message, the invitation link and who sees it, the way back
after an action (the door of one session, a QR code's page), who can be resent a mail, the
message form's buttons, the door's last check-in and the check-in page of a QR code."""
import json
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

import pytest

from chalicelib import checkin, signups, store, tokens
from conftest import DEMO_EVENT, bearer, make_event, person
from test_dashboard import EID, crowd, member, page  # noqa: F401 (crowd and member are fixtures)
from test_organisers import FORM, csrf_of, ses, sign_in  # noqa: F401 (ses is a fixture)
from test_roles import ADDRESS, put_team, session_of


def post(client, member, path, **fields):
    body = urlencode({"csrf": csrf_of(client, member["Cookie"]), **fields})
    return client.http.post(f"/organiser/events/{EID}{path}", body=body, headers={**FORM, **member})


def _notice(body):
    found = re.search(r'<p class="notice" role="status">(.*?)</p>', body, re.S)
    return found.group(1).strip() if found else None


@pytest.mark.parametrize("n, said", [("3", "Het bericht gaat naar 3 deelnemers."),
                                     ("1", "Het bericht gaat naar 1 deelnemer."),
                                     ("drie", "Het bericht gaat naar 0 deelnemers.")])
def test_after_sending_the_overzicht_says_how_many_get_the_message(client, crowd, member, n, said):
    assert _notice(page(client, member, "", f"?done=sent&n={n}")) == said


@pytest.fixture
def team(client, admin_token):
    put_team(client, admin_token, [{"email": address, "role": role} for role, address in ADDRESS.items()])


@pytest.mark.parametrize("invitation_only, role, shown", [
    (True, "organisator", True), (True, "beheerder", True), (True, "meekijker", False), (False, "organisator", False)])
def test_the_invitation_link_is_on_the_overzicht_for_who_manages_an_invitation_only_event(
        client, admin_token, team, invitation_only, role, shown):
    from chalicelib import invitations
    make_event(client, admin_token, invitation_only=invitation_only)
    cookie, _ = session_of(ADDRESS[role])
    body = client.http.get(f"/organiser/events/{EID}", headers={"Cookie": cookie}).body.decode()
    assert ('id="invitation-link"' in body) is shown
    if shown:
        assert f'value="{invitations.link(signups.get_event(EID), "nl")}"'.replace("&", "&amp;") in body


def test_an_organiser_reading_english_is_shown_the_english_invitation_link(client, admin_token, team):
    from chalicelib import invitations
    make_event(client, admin_token, invitation_only=True)
    cookie, _ = session_of(ADDRESS["organisator"])
    body = client.http.get(f"/organiser/events/{EID}?lang=en", headers={"Cookie": cookie}).body.decode()
    link = invitations.link(signups.get_event(EID), "en")
    assert "lang=en" in link and f'value="{link}"'.replace("&", "&amp;") in body


def test_an_unknown_status_filter_lists_everyone(client, crowd, member):
    body = page(client, member, "/registrations", "?status=iedereen")
    assert re.findall(r'<tr data-registration="\w+">', body) and len(re.findall(r'<tr data-registration=', body)) == 3


@pytest.mark.parametrize("signed_in", [True, False])
def test_an_event_id_that_cannot_be_one_is_the_not_found_page_signed_in_or_not(client, crowd, member, signed_in):
    answer = client.http.get("/organiser/events/Bijeenkomst%20van%209%20december!/registrations",
                             headers=member if signed_in else {})
    assert answer.status_code == 404 and "text/html" in answer.headers["Content-Type"]


def test_a_registration_id_that_cannot_be_one_is_the_not_found_page(client, crowd, member):
    for rid in ("r" * 64, "r" * 65):
        answer = client.http.get(f"/organiser/events/{EID}/registrations/{rid}", headers=member)
        assert answer.status_code == 404


def test_an_erased_person_has_no_page_and_no_second_erasure(client, crowd, member):
    anne = crowd[0]
    assert post(client, member, f"/registrations/{anne.id}/erase").status_code == 303
    assert client.http.get(f"/organiser/events/{EID}/registrations/{anne.id}", headers=member).status_code == 404
    assert post(client, member, f"/registrations/{anne.id}/erase").status_code == 404


def test_a_cancelled_person_is_not_sent_their_mail_again(client, crowd, member):
    anne = crowd[0]
    signups.cancel_by_id(EID, anne.id, datetime.now(timezone.utc), caller_id="test")
    answer = post(client, member, f"/registrations/{anne.id}/resend")
    assert "done=resend_waiting" in answer.headers["Location"]
    assert "resend_at" not in _stored(anne)       # the mail worker has nothing to send again


def _stored(reg):
    from chalicelib import aws
    return aws.dynamodb().get_item(TableName=aws.table_name(), Key=store.roster.reg_key(EID, reg.id),
                                   ConsistentRead=True)["Item"]


def test_back_to_the_list_keeps_the_search_and_the_filter(client, crowd, member):
    anne = crowd[0]
    answer = post(client, member, f"/registrations/{anne.id}/checkin", q="anne", status="confirmed")
    assert answer.headers["Location"] == (f"https://signup.test/organiser/events/{EID}/registrations?"
                                          "q=anne&status=confirmed&done=checked_in")


def test_an_action_posted_without_a_search_goes_back_to_the_whole_list(client, crowd, member):
    """A person's own page posts no search or filter: back is the list of everyone."""
    anne = crowd[0]
    answer = post(client, member, f"/registrations/{anne.id}/checkin")
    assert answer.headers["Location"] == (f"https://signup.test/organiser/events/{EID}/registrations?"
                                          "q=&status=&done=checked_in")


def test_the_door_of_one_session_stays_that_sessions_door(client, crowd, member):
    bram = crowd[1]
    answer = post(client, member, f"/registrations/{bram.id}/checkin", back="door", session="w1")
    assert answer.headers["Location"] == (f"https://signup.test/organiser/events/{EID}/door?"
                                          f"done=checked_in&who={bram.id}&session=w1")
    undo = post(client, member, f"/registrations/{bram.id}/checkin/undo", back="door")
    assert undo.headers["Location"] == (f"https://signup.test/organiser/events/{EID}/door?"
                                        f"done=checkin_undone&who={bram.id}")
    assert store.roster.get_registration(EID, bram.id).checked_in_at is None


def test_a_qr_codes_page_is_where_a_check_in_from_it_returns(client, crowd, member):
    anne, bram = crowd[0], crowd[1]
    token = tokens.sign_checkin(EID, anne.id)
    answer = post(client, member, f"/registrations/{anne.id}/checkin", back="checkin", token=token)
    assert answer.headers["Location"] == f"https://signup.test/checkin/{token}?done=checked_in"
    # a token of someone else does not lead to their page: back to the list
    other = post(client, member, f"/registrations/{bram.id}/checkin", back="checkin", token=token)
    assert "/registrations?" in other.headers["Location"]
    assert store.roster.get_registration(EID, bram.id).checked_in_at is not None


@pytest.mark.parametrize("back, lands", [("", "/registrations?"), ("door", "/door?"), ("checkin", "/checkin/")])
def test_an_organiser_reading_english_is_sent_back_to_an_english_page(client, crowd, member, back, lands):
    anne = crowd[0]
    answer = post(client, member, f"/registrations/{anne.id}/checkin?lang=en", back=back,
                  token=tokens.sign_checkin(EID, anne.id))
    assert lands in answer.headers["Location"] and answer.headers["Location"].endswith("lang=en")


def test_the_door_names_who_was_just_checked_in_and_counts(client, crowd, member):
    bram = crowd[1]
    checkin.check_in(EID, bram.id, datetime.now(timezone.utc))
    body = page(client, member, "/door", f"?done=checked_in&who={bram.id}")
    assert "Bram van der Berg is ingecheckt." in body and "Anne de Vries is ingecheckt." not in body
    assert "<strong>1</strong> van 2 ingecheckt" in body
    searched = page(client, member, "/door", "?q=anne")
    assert "Anne de Vries" in searched and "Bram van der Berg" not in searched
    assert "<strong>1</strong> van 2 ingecheckt" in searched     # the count is of everyone, not of the search
    everyone = page(client, member, "/door")
    assert "Anne de Vries" in everyone and "Bram van der Berg" in everyone


def _compose(client, member, path, **fields):
    body = urlencode({"csrf": csrf_of(client, member["Cookie"]), "to": "confirmed", **fields})
    return client.http.post(f"/organiser/events/{EID}{path}", body=body, headers={**FORM, **member})


def test_the_preview_counts_the_recipients_and_shows_the_first_ones_mail(client, crowd, member):
    answer = _compose(client, member, "/messages/preview", subject="Route", body="Kom met de trein.")
    text = answer.body.decode()
    assert answer.status_code == 200
    assert "Route" in text and "Kom met de trein." in text
    assert re.search(r"\b2\b", re.sub(r"<[^>]+>", " ", text))
    assert "Anne de Vries" in text or "Bram van der Berg" in text


def test_a_preview_without_a_subject_names_the_field(client, crowd, member):
    answer = _compose(client, member, "/messages/preview", subject="", body="Kom met de trein.")
    assert answer.status_code == 400
    assert "Kom met de trein." in answer.body.decode()


def test_edit_goes_back_to_the_form_with_the_text_kept_and_sends_nothing(client, crowd, member):
    answer = _compose(client, member, "/messages", subject="Route", body="Kom met de trein.", edit="1")
    text = answer.body.decode()
    assert answer.status_code == 200
    assert 'value="Route"' in text and "Kom met de trein." in text
    from chalicelib import announcements
    assert announcements.history(EID) == []


def test_sending_goes_to_the_overzicht_with_the_number(client, crowd, member):
    answer = _compose(client, member, "/messages", subject="Route", body="Kom met de trein.")
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"https://signup.test/organiser/events/{EID}?done=sent&n=2"


def test_the_qr_code_page_for_a_door_member_and_a_meekijker(client, admin_token, crowd, team):
    anne = crowd[0]
    link = "/checkin/" + tokens.sign_checkin(EID, anne.id)
    door, _ = session_of(ADDRESS["deur"])
    body = client.http.get(link, headers={"Cookie": door}).body.decode()
    assert "Anne de Vries" in body and "Inchecken" in body
    watcher, _ = session_of(ADDRESS["meekijker"])
    closed = client.http.get(link, headers={"Cookie": watcher}).body.decode()
    assert "Anne de Vries" not in closed
    nobody = client.http.get(link).body.decode()
    assert "Anne de Vries" not in nobody


def test_the_qr_code_page_of_a_person_without_a_seat_offers_no_check_in(client, admin_token, crowd, member):
    cas = crowd[2]      # waiting
    body = client.http.get("/checkin/" + tokens.sign_checkin(EID, cas.id), headers=member).body.decode()
    assert "Cas Çelik" in body
    assert not re.search(r'<button type="submit"[^>]*>Inchecken', body)


def test_a_check_in_by_the_api_answers_json_and_a_form_post_is_sent_back(client, crowd, admin_token):
    anne = crowd[0]
    link = "/checkin/" + tokens.sign_checkin(EID, anne.id)
    answer = client.http.post(link, body="", headers={**bearer(admin_token), "Accept": "application/json"})
    assert answer.status_code == 200 and json.loads(answer.body)["status"] == "checked_in"
    undone = client.http.delete(link, headers=bearer(admin_token))
    assert json.loads(undone.body) == {"status": "not_checked_in", "checked_in_at": None}
    assert store.roster.get_registration(EID, anne.id).checked_in_at is None
    again = client.http.post(link, body="", headers={**bearer(admin_token), "Accept": "text/html"})
    assert again.status_code == 303 and again.headers["Location"].endswith(f"{link}?done=checked_in")


def test_a_check_in_needs_the_door_right(client, crowd, export_token):
    anne = crowd[0]
    link = "/checkin/" + tokens.sign_checkin(EID, anne.id)
    assert client.http.post(link, body="", headers={**bearer(export_token), "Accept": "application/json"}
                            ).status_code == 403
    assert store.roster.get_registration(EID, anne.id).checked_in_at is None


def test_an_evaluation_without_answers_has_no_average(client, crowd, member):
    body = page(client, member, "/evaluation")
    assert "–" in body


_ = (DEMO_EVENT, person, sign_in)


# ---------------------------------------------------------------- the people list in pages, and the searches

@pytest.fixture
def pages_of_two(monkeypatch):
    """The people list in pages of two (50 deployed), so three people make two pages."""
    from chalicelib.organiser import listing
    whole = listing.page_of
    monkeypatch.setattr(listing, "page_of", lambda items, number: whole(items, number, size=2))


def _paging(body):
    return dict((rel, link.replace("&amp;", "&")) for link, rel in re.findall(r'<a href="([^"]+)" rel="(prev|next)">', body))


def test_the_people_list_pages_link_to_each_other_in_the_organisers_language(client, crowd, member, pages_of_two):
    base = f"https://signup.test/organiser/events/{EID}/registrations"
    first = page(client, member, "/registrations")
    assert len(re.findall(r'<tr data-registration=', first)) == 2
    assert _paging(first) == {"next": f"{base}?page=2"}
    second = page(client, member, "/registrations", "?page=2")
    assert len(re.findall(r'<tr data-registration=', second)) == 1
    assert _paging(second) == {"prev": base}          # the first page needs no ?page=1
    english = page(client, member, "/registrations", "?page=2&lang=en")
    assert _paging(english) == {"prev": f"{base}?lang=en"}
    assert _paging(page(client, member, "/registrations", "?lang=en")) == {"next": f"{base}?page=2&lang=en"}
    searched = page(client, member, "/registrations", "?q=e&status=confirmed")
    assert _paging(searched) == {}        # two found: one page
    assert _paging(page(client, member, "/registrations", "?q=e")) == {"next": f"{base}?q=e&page=2"}



def test_the_next_page_of_a_filtered_list_keeps_the_filter(client, crowd, member, monkeypatch):
    from chalicelib.organiser import listing
    whole = listing.page_of
    monkeypatch.setattr(listing, "page_of", lambda items, number: whole(items, number, size=1))
    base = f"https://signup.test/organiser/events/{EID}/registrations"
    assert _paging(page(client, member, "/registrations", "?status=confirmed")) == {
        "next": f"{base}?status=confirmed&page=2"}     # Anne and Bram: one a page


def test_a_page_number_that_is_no_number_is_the_first_page(client, crowd, member, pages_of_two):
    body = page(client, member, "/registrations", "?page=twee")
    assert len(re.findall(r'<tr data-registration=', body)) == 2 and "pagina 1 van 2" in body


@pytest.mark.parametrize("path", ["/registrations", "/door"])
def test_a_search_keeps_at_most_200_characters(client, crowd, member, path):
    body = page(client, member, path, "?q=" + "a" * 199 + "bc")
    assert re.search(r'id="q" name="q" value="(a*b?c?)"', body).group(1) == "a" * 199 + "b"


# ---------------------------------------------------------------- sending a person's mail again

def test_a_persons_mail_is_sent_again_at_most_once_a_minute(client, crowd, member, monkeypatch):
    from chalicelib.organiser import overview
    anne = crowd[0]
    start = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
    for seconds, done in ((0, "resent"), (59, "resend_waiting"), (61, "resent")):
        monkeypatch.setattr(overview, "now", lambda moment=start + timedelta(seconds=seconds): moment)
        answer = post(client, member, f"/registrations/{anne.id}/resend")
        assert f"done={done}" in answer.headers["Location"], seconds
    assert _stored(anne)["resend_at"]["S"].startswith("2026-12-01T10:01:01")


# ---------------------------------------------------------------- the message form

def test_a_message_form_without_a_subject_field_names_the_field(client, crowd, member):
    body = urlencode({"csrf": csrf_of(client, member["Cookie"]), "to": "confirmed", "body": "Kom met de trein."})
    for path in ("/messages/preview", "/messages"):
        answer = client.http.post(f"/organiser/events/{EID}{path}", body=body, headers={**FORM, **member})
        assert answer.status_code == 400 and 'id="subject-error"' in answer.body.decode()
    from chalicelib import announcements
    assert announcements.history(EID) == []


def test_a_message_form_without_a_text_or_session_field_still_answers(client, crowd, member):
    csrf = csrf_of(client, member["Cookie"])
    no_text = urlencode({"csrf": csrf, "to": "confirmed", "subject": "Route"})
    answer = client.http.post(f"/organiser/events/{EID}/messages/preview", body=no_text, headers={**FORM, **member})
    assert answer.status_code == 400 and 'id="body-error"' in answer.body.decode()
    no_session = urlencode({"csrf": csrf, "to": "confirmed", "subject": "Route", "body": "Kom met de trein."})
    answer = client.http.post(f"/organiser/events/{EID}/messages/preview", body=no_session, headers={**FORM, **member})
    assert answer.status_code == 200


def test_a_message_post_over_32_kib_is_too_big_and_one_at_it_is_read(client, crowd, member):
    from chalicelib import http
    start = urlencode({"csrf": csrf_of(client, member["Cookie"]), "to": "confirmed", "subject": "Route", "body": ""})
    for size, status in ((http.MAX_BODY * 2, 400), (http.MAX_BODY * 2 + 1, 413)):     # 400: the text is too long
        body = start + "a" * (size - len(start))
        answer = client.http.post(f"/organiser/events/{EID}/messages/preview", body=body, headers={**FORM, **member})
        assert answer.status_code == status, size


def test_a_message_post_with_too_many_fields_is_a_bad_request_not_a_failure(client, crowd, member):
    """A crafted post (the form has about ten fields) is the visitor's error (400), not ours (503, an alarm)."""
    body = urlencode([("csrf", csrf_of(client, member["Cookie"])), ("subject", "Route"), ("body", "Tekst")]
                     + [("to", "confirmed")] * 18)     # 21 fields: one more than it reads
    answer = client.http.post(f"/organiser/events/{EID}/messages/preview", body=body, headers={**FORM, **member})
    assert answer.status_code == 400
    twenty = urlencode([("csrf", csrf_of(client, member["Cookie"])), ("subject", "Route"), ("body", "Tekst")]
                       + [("to", "confirmed")] * 17)
    assert client.http.post(f"/organiser/events/{EID}/messages/preview", body=twenty,
                            headers={**FORM, **member}).status_code == 200


@pytest.mark.parametrize("to, count, name", [("waitlisted", 1, "Cas Çelik"), ("pending", 0, None)])
def test_the_preview_shows_the_first_recipients_mail_or_none(client, crowd, member, to, count, name):
    answer = _compose(client, member, "/messages/preview", to=to, subject="Route", body="Kom met de trein.")
    assert answer.status_code == 200
    text = answer.body.decode()
    assert re.search(rf"\b{count}\b", re.sub(r"<[^>]+>", " ", text))
    if name:
        assert name in text


def test_sending_without_a_subject_shows_the_form_again(client, crowd, member):
    answer = _compose(client, member, "/messages", subject="", body="Kom met de trein.")
    assert answer.status_code == 400 and "Kom met de trein." in answer.body.decode()
