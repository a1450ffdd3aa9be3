"""After the meeting (issue 30): the follow-up mail, the evaluation, the proof of attendance."""
from datetime import datetime, timezone

import pytest

from chalicelib import after, checkin, outbox, signups, store
from conftest import DEMO_EVENT, make_event
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
