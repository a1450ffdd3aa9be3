"""Issue 30 item 5: maatjes. People opt in at signup or on their attendee page; after the meeting
the organiser makes groups on the Maatjes page, moves people, and sends: each member gets one
introduction naming the others of their group (name, address, shared answers), and nobody who
did not opt in, left, or was erased is grouped or named."""
import re
from email import message_from_bytes, policy
from urllib.parse import urlencode

import pytest

from conftest import DEMO_EVENT, make_event, person, registration_id, run_email_worker, signup
from organiser_pages import FORM, post_form
from test_outbox import stream  # noqa: F401 (a fixture)
from test_roles import BEHEERDER, session_of

EID = DEMO_EVENT["id"]
PAGE = f"/organiser/events/{EID}/buddies"
QUESTIONS = [
    {"name": "organisation", "type": "text", "required": True, "label": {"nl": "Organisatie", "en": "Organisation"},
     "shared": True},
    {"name": "regio", "type": "select", "required": False, "label": {"nl": "Regio", "en": "Region"},
     "options": ["Noord", "Oost", "Zuid", "West"], "match": True},
]


@pytest.fixture
def buddy_event(client, admin_token):
    make_event(client, admin_token, buddies=True, fields=QUESTIONS)
    return client


@pytest.fixture
def member():
    return session_of(BEHEERDER)


def join(client, n, region, opt_in=True, **extra):
    fields = person(n, regio=region, **extra)
    if opt_in:
        fields["buddies"] = True
    answer = signup(client, EID, **fields)
    assert answer.status_code == 201, answer.body
    return registration_id(EID, person(n)["email"])


def stored(rid):
    from chalicelib import store
    return store.roster.get_registration(EID, rid)


def organiser_post(client, member, action, **fields):
    cookie, csrf = member
    return post_form(client, f"{PAGE}/{action}", {"csrf": csrf, **fields}, cookie)


def page(client, member, lang=""):
    cookie, _ = member
    answer = client.http.get(PAGE + lang, headers={"Cookie": cookie, "Accept": "text/html"})
    assert answer.status_code == 200, answer.body[:300]
    return answer.body.decode()


def sent_mails():
    from moto.ses.models import ses_backends
    return [message_from_bytes(m.raw_data.encode() if isinstance(m.raw_data, str) else m.raw_data, policy=policy.default)
            for m in ses_backends["123456789012"]["eu-west-1"].sent_messages]


def test_the_form_asks_and_the_choice_is_stored_only_where_offered(buddy_event, admin_token):
    form = buddy_event.http.get(f"/events/{EID}/form").body.decode()
    assert 'name="buddies"' in form and "Mijn groepje krijgt mijn naam, e-mailadres en mijn antwoord bij: Organisatie." in form
    yes, no = join(buddy_event, 1, "Noord"), join(buddy_event, 2, "Noord", opt_in=False)
    assert stored(yes).extra.get("buddy_at") and not stored(no).extra.get("buddy_at")
    make_event(buddy_event, admin_token, buddies=False, fields=QUESTIONS)
    assert 'name="buddies"' not in buddy_event.http.get(f"/events/{EID}/form").body.decode()
    assert not stored(join(buddy_event, 3, "Oost")).extra.get("buddy_at")


def test_similar_groups_keep_a_region_together_and_leave_out_who_did_not_opt_in(buddy_event, member):
    for n in range(8):
        join(buddy_event, n, ("Noord", "Zuid")[n % 2])
    join(buddy_event, 9, "Noord", opt_in=False)
    answer = organiser_post(buddy_event, member, "make", mode="similar", size="3-4")
    assert answer.status_code == 303 and answer.headers["Location"].endswith("done=made")
    html = page(buddy_event, member)
    assert "8 deelnemers doen mee." in html and "2 groepjes" in html
    assert "Deelnemer 9" not in html
    groups = re.findall(r'<li class="group" id="group-\d+">(.*?)</li>\s*</ul>', html, re.S)
    assert [sorted(set(re.findall(r"Regio: (\w+)", g))) for g in groups] == [["Noord"], ["Zuid"]]
    assert "Zo goed passen de groepjes bij je keuze: 100 van 100." in html


def test_mixed_groups_spread_the_regions(buddy_event, member):
    for n in range(8):
        join(buddy_event, n, ("Noord", "Oost", "Zuid", "West")[n % 4])
    organiser_post(buddy_event, member, "make", mode="mixed", size="3-4")
    groups = re.findall(r'<li class="group" id="group-\d+">(.*?)</li>\s*</ul>', page(buddy_event, member), re.S)
    assert [len(set(re.findall(r"Regio: (\w+)", g))) for g in groups] == [4, 4]


def test_moving_a_person_and_sending_introduces_each_group_once(buddy_event, member):
    rids = [join(buddy_event, n, "Noord") for n in range(7)]
    organiser_post(buddy_event, member, "make", mode="similar", size="3-4")
    answer = organiser_post(buddy_event, member, "move", registration=rids[0], group="2")
    assert answer.status_code == 303
    html = page(buddy_event, member)
    second = re.search(r'id="group-2">(.*?)</li>\s*</ul>', html, re.S).group(1)
    assert "Deelnemer 0" in second
    assert organiser_post(buddy_event, member, "send").status_code == 303
    run_email_worker(buddy_event)
    intros = [m for m in sent_mails() if m["Subject"].startswith("Je maatjes:")]
    assert sorted(m["To"].addresses[0].addr_spec for m in intros) == sorted(person(n)["email"] for n in range(7))
    mail_of_0 = next(m for m in intros if m["To"].addresses[0].addr_spec == person(0)["email"])
    text = mail_of_0.get_body(("plain",)).get_content()
    others_in_group_2 = re.findall(r"Deelnemer (\d)", second)
    for n in others_in_group_2:
        if n != "0":
            assert person(int(n))["email"] in text, text
    assert person(0)["email"] not in text.split("Dit is je groepje:")[1].split("Stuur elkaar")[0]
    assert "Organisatie: Gemeente Utrecht" in text
    assert not [p for p in mail_of_0.iter_attachments() if p.get_content_type() == "text/calendar"]
    # sent: nothing changes any more, and sending twice mails nobody twice
    assert organiser_post(buddy_event, member, "move", registration=rids[1], group="new").status_code == 400
    assert organiser_post(buddy_event, member, "send").status_code == 400
    run_email_worker(buddy_event)
    assert len([m for m in sent_mails() if m["Subject"].startswith("Je maatjes:")]) == 7
    assert "De groepjes kregen hun e-mail op" in page(buddy_event, member)


def test_who_opts_out_or_is_erased_before_the_mail_is_not_named(buddy_event, member, admin_token):
    from conftest import bearer
    from chalicelib import tokens
    rids = [join(buddy_event, n, "Noord") for n in range(4)]
    organiser_post(buddy_event, member, "make", mode="similar", size="3-4")
    out = buddy_event.http.post(f"/registrations/{tokens.sign(EID, rids[1])}/buddies", body=urlencode({"share": "off"}),
                                headers=FORM)
    assert out.status_code == 200 and "Je doet niet meer mee met de maatjes." in out.body.decode()
    assert buddy_event.http.delete(f"/events/{EID}/registrations/{rids[2]}", headers=bearer(admin_token)).status_code == 204
    organiser_post(buddy_event, member, "send")
    run_email_worker(buddy_event)
    intros = [m for m in sent_mails() if m["Subject"].startswith("Je maatjes:")]
    assert sorted(m["To"].addresses[0].addr_spec for m in intros) == sorted(person(n)["email"] for n in (0, 3))
    for mail in intros:
        text = mail.get_body(("plain",)).get_content()
        assert person(1)["email"] not in text and person(2)["email"] not in text


def test_where_the_door_was_used_only_who_came_is_grouped(buddy_event, member):
    from datetime import datetime, timezone
    from chalicelib import checkin
    rids = [join(buddy_event, n, "Noord") for n in range(5)]
    assert "Er is ingecheckt bij de deur." not in page(buddy_event, member)
    for rid in rids[:3]:
        checkin.check_in(EID, rid, datetime.now(timezone.utc))
    organiser_post(buddy_event, member, "make", mode="similar", size="3-4")
    html = page(buddy_event, member)
    assert "3 deelnemers doen mee." in html and "Deelnemer 4" not in html
    assert "Er is ingecheckt bij de deur. Daarom doen alleen de deelnemers mee die er waren." in html


def test_joining_on_the_attendee_page(buddy_event):
    from chalicelib import tokens
    rid = join(buddy_event, 1, "Oost", opt_in=False)
    token = tokens.sign(EID, rid)
    html = buddy_event.http.get(f"/registrations/{token}", headers={"Accept": "text/html"}).body.decode()
    assert "Ik doe mee" in html
    answer = buddy_event.http.post(f"/registrations/{token}/buddies", body=urlencode({"share": "on"}), headers=FORM)
    assert answer.status_code == 200 and "Je doet mee met de maatjes." in answer.body.decode()
    assert stored(rid).extra.get("buddy_at")


def test_bad_choices_are_named_and_the_page_is_in_english(buddy_event, member):
    join(buddy_event, 1, "Oost")
    cookie, csrf = member
    answer = post_form(buddy_event, f"{PAGE}/make?lang=en", {"csrf": csrf, "mode": "random", "size": "9-9"}, cookie)
    assert answer.status_code == 400
    body = answer.body.decode()
    assert 'id="mode-error"' in body and 'id="size-error"' in body and '<html lang="en">' in body
    assert "Buddies" in page(buddy_event, member, "?lang=en")


def test_only_a_choice_question_can_group(client, admin_token):
    import json
    from conftest import bearer
    body = {**DEMO_EVENT, "buddies": True, "fields": [{"name": "thema", "type": "text", "required": False,
                                                       "label": {"nl": "Thema"}, "match": True}]}
    body.pop("id")
    answer = client.http.put(f"/events/{EID}", body=json.dumps(body),
                             headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert answer.status_code == 400 and "fields[0]" in json.loads(answer.body)["fields"]


def test_the_thank_you_mail_offers_maatjes_to_who_has_not_opted_in(client, admin_token, stream):  # noqa: F811
    """Issue 30 item 5: "at signup (or in the follow-up mail)": the follow-up of someone who came
    and did not opt in asks them and links their page; who opted in is not asked again."""
    from datetime import datetime, timezone
    from chalicelib import after, checkin, signups
    from test_after import MORNING, text_of
    from test_outbox import join as join_now, sent, to, work
    make_event(client, admin_token, buddies=True, fields=QUESTIONS)
    asked, opted = join_now(client, 1), join_now(client, 2, buddies=True)
    for reg in (asked, opted):
        checkin.check_in(EID, reg.id, datetime(2026, 12, 9, 12, 5, tzinfo=timezone.utc))
    work(stream)
    assert after.request_due(MORNING) == 2
    work(stream)
    thanks = {to(m): text_of(m) for m in sent() if m["Subject"].startswith("Bedankt:")}
    assert "Doe dan mee met de maatjes." in thanks[person(1)["email"]]
    assert signups.manage_url(EID, asked.id) in thanks[person(1)["email"]]
    assert "maatjes" not in thanks[person(2)["email"]]


def test_the_page_says_what_the_last_button_did(buddy_event, member):
    assert "De groepjes zijn gemaakt." in page(buddy_event, member, "?done=made")
    assert "Verplaatst." in page(buddy_event, member, "?done=moved")
    assert "De groepjes krijgen nu hun e-mail." in page(buddy_event, member, "?done=sent")
    other = page(buddy_event, member, "?done=iets")
    assert 'class="notice"' not in other.split("<main")[-1]


def test_the_form_offers_the_last_grouping_again_and_similar_groups_of_three_or_four_before_any(buddy_event, member):
    first = page(buddy_event, member)
    assert 'id="mode-similar" name="mode" value="similar" checked' in first
    assert '<option value="3-4" selected>' in first
    for n in range(8):
        join(buddy_event, n, "Noord")
    organiser_post(buddy_event, member, "make", mode="mixed", size="2-3")
    again = page(buddy_event, member)
    assert 'id="mode-mixed" name="mode" value="mixed" checked' in again
    assert '<option value="2-3" selected>' in again


def test_a_mistake_in_the_grouping_form_keeps_the_choice_and_names_it(buddy_event, member):
    join(buddy_event, 1, "Noord")
    answer = organiser_post(buddy_event, member, "make", mode="mixed", size="9-10")
    body = answer.body.decode()
    assert answer.status_code == 400
    assert 'id="mode-mixed" name="mode" value="mixed" checked' in body and 'class="field invalid"' in body


def test_the_page_names_the_questions_the_groups_are_made_on(buddy_event, member):
    html = page(buddy_event, member)
    assert "We kijken naar de antwoorden bij: Regio." in html
    assert "Zonder zo'n vraag maken we de groepjes op volgorde van aanmelden." not in html
    assert "We look at the answers to: Region." in page(buddy_event, member, "?lang=en")
