"""After the meeting (issue 30): the follow-up mail, the evaluation, the proof of attendance."""
from datetime import datetime, timezone

import pytest

from chalicelib import after, checkin, outbox, signups, store
from conftest import DEMO_EVENT, make_event
from test_organisers import ses, sign_in  # noqa: F401 (ses is a fixture)
from test_outbox import drain, join, kinds, sent, stream, to, work  # noqa: F401 (stream is a fixture)

EID = DEMO_EVENT["id"]
MATERIALS = [{"title": "Dia's van de middag", "url": "https://www.gemeente.example/dias.pdf"}]
BEFORE = datetime(2026, 12, 10, 7, 59, tzinfo=timezone.utc)       # 08:59 in Amsterdam, the day after
MORNING = datetime(2026, 12, 10, 8, 0, tzinfo=timezone.utc)       # 09:00 in Amsterdam


def text_of(mail):
    return mail.get_body(("plain",)).get_content()


@pytest.fixture
def people(client, admin_token, stream):  # noqa: F811
    """An event with materials and proofs; 1 checked in, 2 did not come, 3 cancelled, 4 erased."""
    make_event(client, admin_token, materials=MATERIALS, proof_of_attendance=True)
    came, missed, cancelled, erased = (join(client, n) for n in (1, 2, 3, 4))
    checkin.check_in(EID, came.id, datetime(2026, 12, 9, 12, 5, tzinfo=timezone.utc))
    signups.cancel(cancelled)
    signups.erase(erased)
    work(stream)
    return came, missed, cancelled, erased


def new_mails():
    """The mails after the fixture's own (4 signups, 1 cancellation; the erased one's none)."""
    return sent()[5:]


def test_the_follow_up_goes_the_next_morning_once_per_person_in_the_right_variant(people, stream):  # noqa: F811
    came, missed, _, _ = people
    assert after.request_due(BEFORE) == 0 and work(stream) == []

    assert after.request_due(MORNING) == 2
    assert sorted(work(stream)) == sorted([(came.id, "follow_up", "sent"), (missed.id, "follow_up_missed", "sent")])
    mails = {to(mail): mail for mail in new_mails()}
    assert sorted(mails) == ["deelnemer1@gemeente.example", "deelnemer2@gemeente.example"]

    thanks = text_of(mails["deelnemer1@gemeente.example"])
    assert mails["deelnemer1@gemeente.example"]["Subject"].startswith("Bedankt: ")
    assert "Bedankt dat je erbij was!" in thanks
    assert "Dia's van de middag: https://www.gemeente.example/dias.pdf" in thanks
    assert after.evaluation_url(EID, came.id) in thanks and after.proof_url(EID, came.id) in thanks
    assert [p.get_filename() for p in mails["deelnemer1@gemeente.example"].iter_attachments()] == []

    sorry = text_of(mails["deelnemer2@gemeente.example"])
    assert mails["deelnemer2@gemeente.example"]["Subject"].startswith("Gemist: ")
    assert "Jammer dat je er niet bij was." in sorry and "https://www.gemeente.example/dias.pdf" in sorry
    assert "/evaluation/" not in sorry and "/proof/" not in sorry

    # a rerun of the schedule stamps nobody, and a redelivered stream record sends nothing
    assert after.request_due(MORNING) == 0 and work(stream) == []
    stamp = store.after.request_follow_up(EID, came.id, MORNING)
    assert stamp is False and len(new_mails()) == 2


def test_a_redelivered_follow_up_record_is_sent_once(people, stream):  # noqa: F811
    after.request_due(MORNING)
    records = drain(stream)
    first = outbox.handle(records, sleep=lambda s: None)
    again = outbox.handle(records, sleep=lambda s: None)
    assert sorted(k for _, k, _ in first) == ["follow_up", "follow_up_missed"]
    assert kinds(again) == [("follow_up", "duplicate"), ("follow_up_missed", "duplicate")] or \
        sorted(kinds(again)) == [("follow_up", "duplicate"), ("follow_up_missed", "duplicate")]
    assert len(new_mails()) == 2


def test_the_organiser_sets_the_moment_and_a_cancelled_event_sends_nothing(client, admin_token, stream):  # noqa: F811
    make_event(client, admin_token, follow_up_at="2026-12-09T18:00:00")
    join(client, 1)
    work(stream)
    assert after.request_due(datetime(2026, 12, 9, 16, 59, tzinfo=timezone.utc)) == 0
    assert after.request_due(datetime(2026, 12, 9, 17, 0, tzinfo=timezone.utc)) == 1

    make_event(client, admin_token, id="afgezegd")
    join(client, 2, event_id="afgezegd")
    signups.cancel_event("afgezegd", "", datetime(2026, 12, 1, tzinfo=timezone.utc), caller_id="test")
    assert after.request_due(MORNING) == 0


# --- the proof of attendance --------------------------------------------------------

def test_a_proof_exists_only_for_checked_in_people_and_verifies(people, client):
    from chalicelib import tokens
    came, missed, cancelled, erased = people
    page = client.http.get(f"/proof/{tokens.sign_proof(EID, came.id)}")
    assert page.status_code == 200
    body = page.body.decode()
    assert "Bewijs van deelname" in body and "Deelnemer 1" in body and "4 uur" in body
    assert after.verify_url(EID, came.id) in body

    pdf = client.http.get(f"/proof/{tokens.sign_proof(EID, came.id)}/pdf", headers={"Accept": "text/html,*/*;q=0.8"})
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.body.startswith(b"%PDF-") and b"(Deelnemer 1)" in pdf.body
    assert b"/URI (" + after.verify_url(EID, came.id).encode() + b")" in pdf.body     # the QR code's link

    for other in (missed, cancelled, erased):
        assert client.http.get(f"/proof/{tokens.sign_proof(EID, other.id)}").status_code == 404
        assert client.http.get(f"/proof/{tokens.sign_proof(EID, other.id)}/pdf").status_code == 404
        assert client.http.get(f"/verify/{tokens.sign_verify(EID, other.id)}").status_code == 404

    genuine = client.http.get(f"/verify/{tokens.sign_verify(EID, came.id)}")
    assert genuine.status_code == 200
    assert "Dit bewijs van deelname is echt" in genuine.body.decode() and "Deelnemer 1" in genuine.body.decode()
    assert "deelnemer1@gemeente.example" not in genuine.body.decode()      # nothing but name, event, date

    token = tokens.sign_verify(EID, came.id)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    answer = client.http.get(f"/verify/{tampered}")
    assert answer.status_code == 404 and "Dit bewijs van deelname is niet echt" in answer.body.decode()
    # a proof link is no verification link, nor the other way round
    assert client.http.get(f"/verify/{tokens.sign_proof(EID, came.id)}").status_code == 404
    assert client.http.get(f"/proof/{tokens.sign_verify(EID, came.id)}").status_code == 404


def test_the_attendee_page_links_the_proof_only_after_check_in(people, client):
    from chalicelib import tokens
    came, missed, _, _ = people
    assert after.proof_url(EID, came.id) in client.http.get(f"/registrations/{tokens.sign(EID, came.id)}").body.decode()
    assert "/proof/" not in client.http.get(f"/registrations/{tokens.sign(EID, missed.id)}").body.decode()


def test_no_proof_when_the_organiser_did_not_turn_it_on(client, admin_token, stream):  # noqa: F811
    from chalicelib import tokens
    make_event(client, admin_token)
    came = join(client, 1)
    checkin.check_in(EID, came.id, datetime(2026, 12, 9, 12, 5, tzinfo=timezone.utc))
    assert client.http.get(f"/proof/{tokens.sign_proof(EID, came.id)}").status_code == 404
    assert "/proof/" not in after.links(signups.get_event(EID), store.roster.get_registration(EID, came.id))


# --- the evaluation --------------------------------------------------------------

DURING = datetime(2026, 12, 9, 15, 0, tzinfo=timezone.utc)


def answer(client, token, **form):
    from urllib.parse import urlencode
    return client.http.post(f"/evaluation/{token}", body=urlencode(form),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})


@pytest.fixture
def evaluators(client, admin_token, stream, monkeypatch):  # noqa: F811
    """Three checked-in people and one who did not come; the clock at the day after."""
    from chalicelib.blueprints import attendee
    from chalicelib.http import routing
    monkeypatch.setattr(attendee, "now", lambda: MORNING)
    monkeypatch.setattr(routing, "now", lambda: MORNING)
    make_event(client, admin_token, evaluation_questions=["Kom je volgend jaar weer?"])
    regs = [join(client, n) for n in (1, 2, 3, 4)]
    for reg in regs[:3]:
        checkin.check_in(EID, reg.id, DURING)
    return regs


def test_evaluation_answers_aggregate_into_rate_average_and_distribution(evaluators, client):
    from chalicelib import tokens
    one, two, three, absent = evaluators
    form = client.http.get(f"/evaluation/{tokens.sign_evaluation(EID, one.id)}")
    assert form.status_code == 200 and "Kom je volgend jaar weer?" in form.body.decode()

    assert answer(client, tokens.sign_evaluation(EID, one.id), score="8", most_useful="De workshops",
                  could_be_better="Meer pauze", q0="Ja").status_code == 200
    assert answer(client, tokens.sign_evaluation(EID, two.id), score="5", show_name="on").status_code == 200
    # answered once, changeable: the second answer replaces the first
    changed = answer(client, tokens.sign_evaluation(EID, two.id), score="6", show_name="on")
    assert changed.status_code == 200 and "Bedankt! We hebben je antwoorden ontvangen." in changed.body.decode()
    assert 'value="6" checked' in client.http.get(f"/evaluation/{tokens.sign_evaluation(EID, two.id)}").body.decode()

    results = after.results(signups.get_event(EID))
    assert (results["invited"], results["responses"], results["rate"], results["average"]) == (3, 2, 67, 7.0)
    assert results["distribution"] == [0, 0, 0, 0, 0, 1, 0, 1, 0, 0]
    by_score = {a["score"]: a for a in results["answers"]}
    assert by_score[8]["name"] == "" and by_score[8]["answers"] == ["Ja"] and by_score[8]["most_useful"] == "De workshops"
    assert by_score[6]["name"] == "Deelnemer 2"             # only who ticked it is named

    # who did not come gets no form; a tampered link neither
    assert client.http.get(f"/evaluation/{tokens.sign_evaluation(EID, absent.id)}").status_code == 404
    assert client.http.get(f"/evaluation/{tokens.sign(EID, one.id)}").status_code == 404

    # erasure removes the answer
    signups.erase(store.roster.get_registration(EID, one.id))
    results = after.results(signups.get_event(EID))
    assert (results["responses"], results["average"]) == (1, 6.0)
    assert store.after.get_evaluation(EID, one.id) is None


def test_a_bad_score_is_named_and_a_closed_evaluation_changes_nothing(evaluators, client, monkeypatch):
    from chalicelib import tokens
    from chalicelib.blueprints import attendee
    one = evaluators[0]
    bad = answer(client, tokens.sign_evaluation(EID, one.id), score="11", most_useful="x")
    assert bad.status_code == 400 and "Kies een cijfer van 1 tot en met 10." in bad.body.decode()
    assert store.after.get_evaluation(EID, one.id) is None

    monkeypatch.setattr(attendee, "now", lambda: datetime(2026, 12, 23, 17, 0, tzinfo=timezone.utc))  # 14 days after
    closed = answer(client, tokens.sign_evaluation(EID, one.id), score="7")
    assert closed.status_code == 409 and "De evaluatie is gesloten." in closed.body.decode()
    assert store.after.get_evaluation(EID, one.id) is None


def test_the_organiser_sees_the_evaluation_and_downloads_it_as_excel(evaluators, client, ses, monkeypatch):  # noqa: F811
    import io

    import openpyxl
    from chalicelib import tokens
    one, two = evaluators[:2]
    answer(client, tokens.sign_evaluation(EID, one.id), score="9", most_useful="=HYPERLINK(\"x\")")
    answer(client, tokens.sign_evaluation(EID, two.id), score="4", could_be_better="Koffie", show_name="on")
    from chalicelib.http import routing
    monkeypatch.setattr(routing, "now", lambda: datetime.now(timezone.utc))   # the organiser signs in now
    cookie = sign_in(client, ses)
    page = client.http.get(f"/organiser/events/{EID}/evaluation", headers={"Cookie": cookie})
    assert page.status_code == 200
    body = page.body.decode()
    assert 'data-count="responses"><span class="number">2<' in body and "67%" in body and ">6,5<" in body
    assert 'data-score="9" data-count="1"' in body and 'data-score="4" data-count="1"' in body
    assert "Deelnemer 2" in body and "Deelnemer 1" not in body
    assert f"/organiser/events/{EID}/evaluation" in client.http.get(f"/organiser/events/{EID}",
                                                                      headers={"Cookie": cookie}).body.decode()

    sheet = client.http.get(f"/organiser/events/{EID}/evaluation/download", headers={"Cookie": cookie, "Accept": "*/*"})
    assert sheet.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.body)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Cijfer", "Wat was het nuttigst?", "Wat kan beter?") and rows[0][3] == "Kom je volgend jaar weer?"
    assert sorted(row[0] for row in rows[1:]) == [4, 9]
    formula = next(row for row in rows[1:] if row[0] == 9)
    assert formula[1] == '=HYPERLINK("x")' and formula[4] in (None, "")      # text, not a formula; no name
    assert rows[0][5] == "Ingevuld op"
    assert [row[5] for row in rows[1:]] == [datetime(2026, 12, 10, 9, 0)] * 2     # MORNING, in Amsterdam


def test_an_answer_is_kept_as_long_as_the_events_data_after_the_evaluation_closes(evaluators, client):
    """DynamoDB's TTL deletes the answer with the rest of the event's data: its retention after the
    evaluation closed (14 days after the event), not sooner and not never."""
    from datetime import timedelta

    from chalicelib import tokens
    from chalicelib.config import settings
    one = evaluators[0]
    answer(client, tokens.sign_evaluation(EID, one.id), score="7")
    event = signups.get_event(EID)
    assert event.retention_days is None         # the service's default retention
    kept_until = after.evaluation_closes(event) + timedelta(days=settings().retention_days)
    assert store.after.get_evaluation(EID, one.id)["expires_at"] == int(kept_until.timestamp())


# --- the editor and the API ---------------------------------------------------------

def test_the_editor_reads_and_shows_the_settings_after_the_meeting(client, admin_token, ses):  # noqa: F811
    import json

    from organiser_pages import form_fields, post_form
    make_event(client, admin_token)
    cookie = sign_in(client, ses)
    fields = form_fields(client.http.get(f"/organiser/events/{EID}/edit", headers={"Cookie": cookie}).body.decode())
    assert fields["materials"] == "" and "proof_of_attendance" not in fields
    fields.update(materials="Dia's van de middag https://www.example.org/dias.pdf\r\nVerslag https://www.example.org/verslag",
                  proof_of_attendance="on", evaluation_questions="Kom je volgend jaar weer?\r\n\r\nWat neem je mee?",
                  follow_up_date="2026-12-09", follow_up_time="18:30")
    assert post_form(client, f"/organiser/events/{EID}/edit", fields, cookie, action="save").status_code == 303
    definition = store.events.get_definition(EID)
    assert definition["materials"] == [{"title": "Dia's van de middag", "url": "https://www.example.org/dias.pdf"},
                                       {"title": "Verslag", "url": "https://www.example.org/verslag"}]
    assert definition["proof_of_attendance"] is True and definition["follow_up_at"].startswith("2026-12-09T18:30:00")
    assert definition["evaluation_questions"] == ["Kom je volgend jaar weer?", "Wat neem je mee?"]
    shown = form_fields(client.http.get(f"/organiser/events/{EID}/edit", headers={"Cookie": cookie}).body.decode())
    assert shown["materials"].splitlines()[0] == "Dia's van de middag https://www.example.org/dias.pdf"

    fields["materials"] = "Alleen een titel"
    bad = post_form(client, f"/organiser/events/{EID}/edit", fields, cookie, action="save")
    assert bad.status_code == 400
    assert "Zet op elke regel een titel en dan een adres dat begint met https://." in bad.body.decode()
    assert store.events.get_definition(EID)["materials"] == definition["materials"]        # nothing half-written

    api = client.http.patch(f"/events/{EID}", body=json.dumps({"materials": [{"title": "x", "url": "javascript:alert(1)"}]}),
                            headers={"Authorization": f"Bearer {admin_token}", "Content-Type": "application/merge-patch+json"})
    assert api.status_code == 400 and list(json.loads(api.body)["fields"]) == ["materials"]
