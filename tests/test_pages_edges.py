"""The visitor's and attendee's pages at their edges, as a person sees them: every link of the
attendee page leads to that person's own address (in their language where the page has one), the
check-in code and "Je gegevens" only for who has a place, the thank-you page's sentence per
status, and the form without an alert it was not given."""
import re

from conftest import DEMO_EVENT, make_event, person, registration_id, signup
from test_programme_pages import event as programme_event  # noqa: F401  (a fixture)

EID = DEMO_EVENT["id"]
BASE = "https://signup.test"


def attendee_page(client, email, token=None):
    from chalicelib import tokens
    token = token or tokens.sign(EID, registration_id(EID, email))
    answer = client.http.get(f"/registrations/{token}")
    assert answer.status_code == 200, answer.body
    return f"{BASE}/registrations/{token}", answer.body.decode()


def test_a_confirmed_persons_links_are_all_their_own(client, admin_token):
    make_event(client, admin_token)
    assert signup(client, EID, **person(1)).status_code == 201
    own, page = attendee_page(client, person(1)["email"])
    assert f'href="{own}/calendar.ics"' in page
    assert f'href="{own}/participants"' in page
    assert f'action="{own}/buddies"' in page
    assert f'href="{own}/answers" id="change-answers"' in page
    assert "QR-code om in te checken bij de deur" in page
    assert "Je bent aangemeld. Tot dan!" in page


def test_a_pending_english_person_confirms_in_english_and_sees_their_code_and_answers(client, admin_token):
    make_event(client, admin_token, double_opt_in=True)
    assert signup(client, EID, **person(1, locale="en")).status_code == 201
    own, page = attendee_page(client, person(1)["email"])
    assert f'<form method="post" action="{own}/confirm?lang=en">' in page
    assert '<html lang="en">' in page
    assert "<svg" in page                                       # the check-in code: a pending place is held
    assert "<dt>Organisation</dt><dd>Gemeente Utrecht</dd>" in page


def test_a_pending_dutch_person_confirms_without_lang(client, admin_token):
    make_event(client, admin_token, double_opt_in=True)
    assert signup(client, EID, **person(1)).status_code == 201
    own, page = attendee_page(client, person(1)["email"])
    assert f'<form method="post" action="{own}/confirm">' in page


def test_a_waiting_person_sees_their_answers_but_no_check_in_code(client, admin_token):
    make_event(client, admin_token, capacity=1)
    assert signup(client, EID, **person(1)).status_code == 201
    assert signup(client, EID, **person(2)).status_code == 201
    _, page = attendee_page(client, person(2)["email"])
    assert "je bent nummer 1" in page
    assert "QR-code om in te checken" not in page
    assert "<dt>Organisatie</dt><dd>Gemeente Utrecht</dd>" in page


def test_a_cancelled_person_sees_no_code_no_answers_and_no_list(client, admin_token):
    from chalicelib import tokens
    make_event(client, admin_token)
    assert signup(client, EID, **person(1)).status_code == 201
    token = tokens.sign(EID, registration_id(EID, person(1)["email"]))
    assert client.http.post(f"/registrations/{token}/cancel").status_code in (200, 303)
    own, page = attendee_page(client, None, token)
    assert "Je bent afgemeld." in page
    assert "QR-code om in te checken" not in page and 'id="own-answers"' not in page
    assert f"{own}/participants" not in page and f"{own}/buddies" not in page


def test_a_ticked_box_is_not_listed_among_the_answers(client, admin_token):
    fields = [*DEMO_EVENT["fields"], {"name": "foto", "type": "checkbox", "required": False, "label": {"nl": "Foto's mogen"}}]
    make_event(client, admin_token, fields=fields)
    assert signup(client, EID, **person(1, foto=True)).status_code == 201
    _, page = attendee_page(client, person(1)["email"])
    answers = re.search(r'<dl class="meta" id="own-answers">(.*?)</dl>', page, re.S).group(1)
    assert "Organisatie" in answers and "Foto" not in answers


def test_the_session_switch_posts_to_the_persons_own_address_in_their_language(client, programme_event):  # noqa: F811
    assert signup(client, EID, **person(1, sessions=["maatjes"])).status_code == 201
    assert signup(client, EID, **person(2, locale="en", sessions=["maatjes"])).status_code == 201
    own, page = attendee_page(client, person(1)["email"])
    assert f'action="{own}/sessions"' in page
    assert "1 januari 2099" in page                             # until when the choice may change
    own, page = attendee_page(client, person(2)["email"])
    assert f'action="{own}/sessions?lang=en"' in page


def test_the_thank_you_page_says_what_a_pending_or_waiting_person_should_know(client, admin_token):
    make_event(client, admin_token)
    pending = client.http.get(f"/events/{EID}/thanks?status=pending").body.decode()
    assert "Vraagt de e-mail je om je aanmelding te bevestigen?" in pending
    waiting = client.http.get(f"/events/{EID}/thanks?status=waitlisted").body.decode()
    assert "De bijeenkomst is vol." in waiting


def test_the_thank_you_page_links_the_form_in_its_own_language(client, admin_token):
    make_event(client, admin_token)
    dutch = client.http.get(f"/events/{EID}/thanks?status=confirmed").body.decode()
    assert f'<a href="{BASE}/events/{EID}/form">Nog iemand aanmelden</a>' in dutch
    english = client.http.get(f"/events/{EID}/thanks?status=confirmed&lang=en").body.decode()
    assert f'<a href="{BASE}/events/{EID}/form?lang=en">' in english


def test_the_form_shows_no_alert_it_was_not_given(client, admin_token):
    make_event(client, admin_token)
    page = client.http.get(f"/events/{EID}/form").body.decode()
    assert 'role="alert"' not in page and "Fout:" not in page


def test_an_invitation_only_form_with_its_code_is_the_form(client, admin_token):
    from chalicelib import invitations
    make_event(client, admin_token, invitation_only=True)
    answer = client.http.get(f"/events/{EID}/form?invite={invitations.code(EID)}")
    assert answer.status_code == 200
    assert 'name="email"' in answer.body.decode()


def test_a_refused_hybrid_form_links_the_attendance_and_the_sessions_it_names(client, admin_token):
    from conftest import DEMO_PROGRAMME
    make_event(client, admin_token, online={"capacity": 20, "join_url": "https://zoom.example/j/1"}, **DEMO_PROGRAMME)
    answer = signup(client, EID, accept_json=False, form=True, **{**person(1), "consent": "on", "attendance": "ergens",
                                                                  "sessions": "bestaat-niet"})
    assert answer.status_code == 400
    summary = re.search(r'<div class="alert" role="alert" id="error-summary".*?</ul>', answer.body.decode(), re.S).group(0)
    assert '<a href="#attendance">Hoe doe je mee?:' in summary
    assert '<a href="#sessions">Sessies:' in summary


def _after_event(client, admin_token, starts):
    """An event with a proof and an evaluation that starts at ``starts`` (its own clock, Amsterdam)."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo
    local = starts.astimezone(ZoneInfo("Europe/Amsterdam")).replace(tzinfo=None, microsecond=0)
    make_event(client, admin_token, starts_at=local.isoformat(), ends_at=(local + timedelta(hours=1)).isoformat(),
               registration_closes_at=None, proof_of_attendance=True, evaluation_questions=["Kom je volgend jaar weer?"])


def _joined(client, n):
    from chalicelib import store, tokens
    assert signup(client, EID, **person(n)).status_code == 201
    rid = registration_id(EID, person(n)["email"])
    return rid, tokens.sign(EID, rid), store


def test_after_the_meeting_only_who_came_and_stayed_gets_the_evaluation_and_the_proof(client, admin_token):
    from datetime import datetime, timedelta, timezone
    from chalicelib import checkin, signups, store
    now = datetime.now(timezone.utc)
    _after_event(client, admin_token, now - timedelta(hours=2))
    came, came_token, _ = _joined(client, 1)
    _, missed_token, _ = _joined(client, 2)
    left, left_token, _ = _joined(client, 3)
    for rid in (came, left):
        checkin.check_in(EID, rid, now - timedelta(hours=1, minutes=50))
    signups.cancel(store.roster.get_registration(EID, left))
    _, page = attendee_page(client, None, came_token)
    assert "Vul de evaluatie in" in page and "Bewijs van deelname" in page
    for token in (missed_token, left_token):
        _, page = attendee_page(client, None, token)
        assert "Vul de evaluatie in" not in page and "Bewijs van deelname" not in page


def test_before_the_meeting_a_checked_in_person_gets_no_evaluation_yet(client, admin_token):
    from datetime import datetime, timedelta, timezone
    from chalicelib import checkin
    now = datetime.now(timezone.utc)
    _after_event(client, admin_token, now + timedelta(days=30))
    rid, token, _ = _joined(client, 1)
    checkin.check_in(EID, rid, now)
    _, page = attendee_page(client, None, token)
    assert "Vul de evaluatie in" not in page
    assert "Bewijs van deelname" in page            # the proof: checked in is enough


def test_a_refused_form_names_a_field_it_does_not_show_last_without_a_link(client, admin_token):
    make_event(client, admin_token)
    answer = signup(client, EID, accept_json=False, form=True, **{**person(1), "consent": "on", "name": "", "locale": "fr"})
    assert answer.status_code == 400
    items = re.findall(r"<li>(.*?)</li>", re.search(r'id="error-summary".*?</ul>', answer.body.decode(), re.S).group(0))
    assert items[0].startswith('<a href="#name">Naam:')
    assert items[-1].startswith("locale: ") and "<a" not in items[-1]


def test_the_change_page_posts_to_the_persons_own_address(client, admin_token):
    make_event(client, admin_token)
    own, _ = attendee_page(client, None, _joined(client, 1)[1])
    page = client.http.get(f"{own.removeprefix(BASE)}/answers").body.decode()
    assert f'action="{own}/answers"' in page
