"""Cancelling a whole event ("Bijeenkomst afzeggen", issue 22 item 17): every registered person
gets one CANCEL, nobody moves up, registration closes, and a repeat is harmless."""
import json
from urllib.parse import urlencode

import pytest

from chalicelib import signups, store
from conftest import DEMO_EVENT, bearer, make_event, person, signup
from test_mail_changes import download, everyone, ics_field, invite, text  # noqa: F401 (everyone is a fixture)
from test_organisers import FORM, csrf_of, ses, sign_in  # noqa: F401 (ses is a fixture)
from test_outbox import join, sent, stream, to, work  # noqa: F401 (stream is a fixture)

EID = DEMO_EVENT["id"]
TITLE = DEMO_EVENT["title"]["nl"]


def cancel(client, token, body=None):
    return client.http.post(f"/events/{EID}/cancel", body=json.dumps(body) if body is not None else "",
                            headers={**bearer(token), "Content-Type": "application/json"})


def test_cancelling_mails_every_registered_person_one_cancel_with_the_same_uid_and_a_higher_sequence(
        client, admin_token, everyone, stream):  # noqa: F811
    confirmed, pending, waiting, gone = everyone
    before = {to(m): invite(m) for m in sent()}
    already = len(sent())

    answer = cancel(client, admin_token, {"message": "De spreker is ziek."})
    assert answer.status_code == 200, answer.body
    body = json.loads(answer.body)
    assert (body["event_id"], body["status"], body["people_told"]) == (EID, "cancelled", 3)
    outcomes = work(stream)

    assert sorted(kind for _, kind, _ in outcomes) == ["event_cancelled"] * 3
    mails = sent()[already:]
    assert sorted(to(m) for m in mails) == sorted(r.email for r in (confirmed, pending, waiting))
    for mail in mails:
        assert mail["Subject"] == f"Afgezegd: {TITLE}" and len(mail["Subject"]) <= 60
        assert "De organisator heeft Lerende" in text(mail) and "gaat niet door" in text(mail)
        assert "Bericht van de organisator: De spreker is ziek." in text(mail)
        ics, old = invite(mail), before[to(mail)]
        assert ics_field(ics, "METHOD") == "CANCEL" and ics_field(ics, "STATUS") == "CANCELLED"
        assert ics_field(ics, "UID") == ics_field(old, "UID")
        assert int(ics_field(ics, "SEQUENCE")) > int(ics_field(old, "SEQUENCE"))
        part = [p for p in mail.iter_attachments() if p.get_filename() == "invite.ics"][0]
        assert part.get_param("method") == "CANCEL"
    for reg in (confirmed, pending, waiting):
        now = store.roster.get_registration(EID, reg.id)
        assert (now.status, now.cancelled_by) == ("cancelled", "event")
        assert ics_field(download(client, now), "METHOD") == "CANCEL"     # the download agrees
    assert store.roster.get_registration(EID, gone.id).cancelled_by == "attendee"  # the one who left before: untouched
    event = signups.get_event(EID)
    assert (event.seats_taken, event.waitlist_count, event.cancel_message) == (
        0, 0, "De spreker is ziek.")

    # again: 200, nothing changes, nobody gets a second mail
    again = cancel(client, admin_token)
    assert again.status_code == 200 and json.loads(again.body)["people_told"] == 0
    assert work(stream) == [] and len(sent()) == already + 3
    assert [r["action"] for r in store.organisers.list_audit(EID) if r.get("action") == "cancel_event"] == ["cancel_event"]


def test_the_waiting_list_is_not_promoted_into_a_cancelled_event(client, admin_token, stream):  # noqa: F811
    make_event(client, admin_token, capacity=1, waitlist_enabled=True)
    seated, waiting = join(client, 1), join(client, 2)
    assert cancel(client, admin_token).status_code == 200
    work(stream)
    assert store.roster.get_registration(EID, waiting.id).status == "cancelled"
    assert {kind for _, kind, _ in work(stream)} <= set()      # no "promoted" mail, ever
    assert all(m["Subject"].startswith(("Afgezegd:", "Aangemeld:", "Wachtlijst:")) for m in sent())
    assert store.roster.get_registration(EID, seated.id).status == "cancelled"


def test_a_cancelled_event_takes_nobody_and_reads_closed(client, admin_token):
    make_event(client, admin_token)
    assert cancel(client, admin_token).status_code == 200
    assert signup(client, EID, **person(5)).status_code == 409
    assert client.http.post(f"/events/{EID}/registrations", body=json.dumps(person(6)),
                            headers={**bearer(admin_token), "Content-Type": "application/json"}).status_code == 409
    public = json.loads(client.http.get(f"/events/{EID}").body)
    assert public["registration_open"] is False
    assert public.get("availability", "closed") == "closed"
    form = client.http.get(f"/events/{EID}/form").body.decode()
    assert "De organisator heeft deze bijeenkomst afgezegd." in form
    # saving the definition again (the editor, a PUT) does not reopen it
    make_event(client, admin_token, registration_open=True)
    assert signup(client, EID, **person(7)).status_code == 409


def test_the_attendee_page_says_the_event_is_cancelled(client, admin_token, stream):  # noqa: F811
    make_event(client, admin_token)
    dutch, english = join(client, 1), join(client, 2, locale="en")
    cancel(client, admin_token)

    def page(reg):
        return client.http.get(f"/registrations/{signups.manage_url(EID, reg.id).rsplit('/', 1)[1]}").body.decode()
    assert "De organisator heeft deze bijeenkomst afgezegd." in page(dutch)
    assert "The organiser has cancelled this event. It will not take place." in page(english)


@pytest.mark.parametrize("body, field", [({"message": 5}, "message"), ({"message": "x" * 501}, "message")])
def test_a_bad_message_is_400_naming_the_field(client, admin_token, body, field):
    make_event(client, admin_token)
    answer = cancel(client, admin_token, body)
    assert answer.status_code == 400 and field in json.loads(answer.body)["fields"]
    assert signups.get_event(EID).cancelled_at is None


def test_only_admin_may_cancel(client, admin_token, export_token):
    make_event(client, admin_token)
    assert cancel(client, export_token).status_code == 403
    assert client.http.post(f"/events/{EID}/cancel", body="").status_code == 401
    assert client.http.post("/events/nope/cancel", body="", headers=bearer(admin_token)).status_code == 404
    assert signups.get_event(EID).cancelled_at is None


def test_the_overview_asks_how_many_then_cancels(client, admin_token, ses, stream):  # noqa: F811
    make_event(client, admin_token, capacity=1, waitlist_enabled=True)
    join(client, 1), join(client, 2)
    member = {"Cookie": sign_in(client, ses)}
    overview = client.http.get(f"/organiser/events/{EID}", headers=member).body.decode()
    assert f'href="https://signup.test/organiser/events/{EID}/cancel"' in overview and "Bijeenkomst afzeggen" in overview
    question = client.http.get(f"/organiser/events/{EID}/cancel", headers=member)
    assert question.status_code == 200
    assert "2 deelnemers krijgen een e-mail dat de bijeenkomst niet doorgaat." in question.body.decode()
    assert signups.get_event(EID).cancelled_at is None          # asking changed nothing
    assert client.http.post(f"/organiser/events/{EID}/cancel", body="", headers={**FORM, **member}).status_code == 403
    answer = client.http.post(f"/organiser/events/{EID}/cancel", headers={**FORM, **member},
                              body=urlencode({"csrf": csrf_of(client, member["Cookie"]), "message": "Zaal dicht."}))
    assert answer.status_code == 303
    done = client.http.get(answer.headers["Location"].replace("https://signup.test", ""), headers=member).body.decode()
    assert "Deze bijeenkomst is afgezegd op" in done and "2 deelnemers krijgen een e-mail." in done
    assert "/cancel\"" not in done.split('id="event-cancelled"')[1][:300]
    assert signups.get_event(EID).cancel_message == "Zaal dicht."
    assert len([m for m in (work(stream)) if m[1] == "event_cancelled"]) == 2
    english = client.http.get(f"/organiser/events/{EID}/cancel?lang=en", headers=member).body.decode()
    assert "This event has already been cancelled." in english
    listing = client.http.get("/organiser", headers=member).body.decode()
    assert '<span class="badge closed">afgezegd</span>' in listing


def test_the_people_list_links_to_signing_someone_up(client, admin_token, ses):
    make_event(client, admin_token)
    member = {"Cookie": sign_in(client, ses)}
    people = client.http.get(f"/organiser/events/{EID}/registrations", headers=member).body.decode()
    assert f'href="https://signup.test/organiser/events/{EID}/registrations/new"' in people
    assert "Iemand aanmelden" in people


def test_a_promotion_that_read_the_event_before_it_was_cancelled_is_refused(client, admin_token):
    from chalicelib.errors import Conflict
    make_event(client, admin_token, capacity=1, waitlist_enabled=True)
    seated, waiting = join(client, 1), join(client, 2)
    store.events.mark_cancelled(EID, "", signups.get_event(EID).starts_at)
    with pytest.raises(Conflict):      # a worker that saw a free seat a moment ago
        store.seats.promote(waiting, "confirmed", None, signups.get_event(EID).starts_at)
    with pytest.raises(Conflict):      # an attendee's cancel that handed the seat on
        store.seats.release(seated, "cancelled", promote=waiting, now=signups.get_event(EID).starts_at, by="attendee")
    assert store.roster.get_registration(EID, waiting.id).status == "waitlisted"
