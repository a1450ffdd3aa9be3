"""The evaluation (chalicelib/after.py) as the attendee and the organiser meet it: when the form takes
answers, what it says back, who may open it, how long an answer is kept and what the organiser sees."""
from datetime import datetime, timedelta, timezone

from chalicelib import after, aws, signups, store, tokens
from chalicelib.config import settings
from conftest import make_event
from test_after import EID, answer, evaluators  # noqa: F401 (evaluators is a fixture)
from test_organisers import ses, sign_in  # noqa: F401 (ses is a fixture)
from test_outbox import stream  # noqa: F401 (a fixture)

QUESTION = "Kom je volgend jaar weer?"


def at(monkeypatch, moment):
    from chalicelib.blueprints import attendee
    monkeypatch.setattr(attendee, "now", lambda: moment)


def link(reg):
    return tokens.sign_evaluation(EID, reg.id)


def kept_until(reg):
    return datetime.fromtimestamp(store.after.get_evaluation(EID, reg.id)["expires_at"], timezone.utc)


def organiser_page(client, ses, monkeypatch):  # noqa: F811
    from chalicelib.http import routing
    monkeypatch.setattr(routing, "now", lambda: datetime.now(timezone.utc))   # the organiser signs in now
    cookie = sign_in(client, ses)
    page = client.http.get(f"/organiser/events/{EID}/evaluation", headers={"Cookie": cookie})
    assert page.status_code == 200
    return page.body.decode()


def expire_registration(reg):
    """What DynamoDB's TTL does at the end of the registrations' retention (the answers stay 14 days longer)."""
    aws.dynamodb().delete_item(TableName=aws.table_name(), Key=store.roster.reg_key(EID, reg.id))


# --- when the form takes answers ---------------------------------------------------

def test_the_evaluation_takes_answers_from_the_start_of_the_meeting(evaluators, client, monkeypatch):
    one = evaluators[0]
    at(monkeypatch, datetime(2026, 12, 9, 11, 59, tzinfo=timezone.utc))       # 12:59 in Amsterdam: not begun
    assert answer(client, link(one), score="7").status_code == 409
    at(monkeypatch, datetime(2026, 12, 9, 15, 0, tzinfo=timezone.utc))        # 16:00, an hour before the end
    assert answer(client, link(one), score="7").status_code == 200
    assert store.after.get_evaluation(EID, one.id)["score"] == 7


def test_the_evaluation_closes_fourteen_days_after_the_end_not_after_the_start(evaluators, client, monkeypatch):
    one = evaluators[0]
    at(monkeypatch, datetime(2026, 12, 23, 15, 59, tzinfo=timezone.utc))      # 16:59 in Amsterdam, 14 days on
    assert answer(client, link(one), score="7").status_code == 200
    at(monkeypatch, datetime(2026, 12, 23, 16, 0, tzinfo=timezone.utc))
    assert answer(client, link(one), score="8").status_code == 409
    assert store.after.get_evaluation(EID, one.id)["score"] == 7


def test_the_organiser_sets_when_the_evaluation_closes(evaluators, client, monkeypatch, admin_token):
    make_event(client, admin_token, evaluation_questions=[QUESTION], evaluation_closes_at="2027-01-08T12:00:00")
    one = evaluators[0]
    at(monkeypatch, datetime(2027, 1, 8, 10, 59, tzinfo=timezone.utc))        # 11:59 in Amsterdam
    assert answer(client, link(one), score="7").status_code == 200
    at(monkeypatch, datetime(2027, 1, 8, 11, 0, tzinfo=timezone.utc))
    assert answer(client, link(one), score="8").status_code == 409


# --- how long an answer is kept ------------------------------------------------------

def test_an_answer_is_kept_as_long_as_the_events_own_retention_says(evaluators, client, admin_token):
    make_event(client, admin_token, evaluation_questions=[QUESTION], retention_days=60)
    one = evaluators[0]
    answer(client, link(one), score="7")
    assert kept_until(one) == after.evaluation_closes(signups.get_event(EID)) + timedelta(days=60)


def test_an_evaluation_that_closes_during_the_meeting_keeps_its_answers_as_long_as_the_registrations(
        evaluators, client, monkeypatch, admin_token):
    make_event(client, admin_token, evaluation_questions=[QUESTION], evaluation_closes_at="2026-12-09T16:30:00")
    one = evaluators[0]
    at(monkeypatch, datetime(2026, 12, 9, 15, 0, tzinfo=timezone.utc))        # 16:00 in Amsterdam
    assert answer(client, link(one), score="7").status_code == 200
    ends = datetime(2026, 12, 9, 16, 0, tzinfo=timezone.utc)                    # 17:00 in Amsterdam
    assert kept_until(one) == ends + timedelta(days=settings().retention_days)


# --- who may open it ------------------------------------------------------------------

def test_who_checked_in_and_then_cancelled_gets_no_form(evaluators, client):
    one = evaluators[0]
    signups.cancel(store.roster.get_registration(EID, one.id))
    assert client.http.get(f"/evaluation/{link(one)}").status_code == 404
    assert answer(client, link(one), score="7").status_code == 404


def test_a_link_whose_registration_has_expired_opens_nothing(evaluators, client):
    one = evaluators[0]
    expire_registration(one)
    assert client.http.get(f"/evaluation/{link(one)}").status_code == 404


# --- what the form says back ------------------------------------------------------

def test_the_form_is_new_until_answered_and_then_shows_the_answers_back(evaluators, client):
    one = evaluators[0]
    first = client.http.get(f"/evaluation/{link(one)}").body.decode()
    assert "Antwoorden versturen" in first and "Antwoorden veranderen" not in first
    assert "Bedankt! We hebben je antwoorden ontvangen." not in first

    assert answer(client, link(one), score="8", most_useful="De workshops", could_be_better="Meer pauze",
                  q0="Ja, zeker", show_name="on").status_code == 200
    again = client.http.get(f"/evaluation/{link(one)}").body.decode()
    assert "Antwoorden veranderen" in again and "Antwoorden versturen" not in again
    assert "Bedankt! We hebben je antwoorden ontvangen." not in again
    assert 'value="8" checked' in again
    assert ">De workshops</textarea>" in again and ">Meer pauze</textarea>" in again
    assert ">Ja, zeker</textarea>" in again
    assert 'name="show_name" value="on" checked' in again


def test_a_form_without_a_score_or_with_a_word_for_one_is_named_and_stores_nothing(evaluators, client):
    one = evaluators[0]
    for form in ({"most_useful": "De workshops"}, {"score": "tien"}, {"score": ""}):
        bad = answer(client, link(one), **form)
        assert bad.status_code == 400 and "Kies een cijfer van 1 tot en met 10." in bad.body.decode()
    assert store.after.get_evaluation(EID, one.id) is None


def test_an_open_answer_may_be_2000_characters_and_not_one_more(evaluators, client):
    one = evaluators[0]
    too_long = answer(client, link(one), score="7", most_useful="x" * 2001)
    assert too_long.status_code == 400 and "Dit is te lang. Maak het korter." in too_long.body.decode()
    assert store.after.get_evaluation(EID, one.id) is None
    assert answer(client, link(one), score="7", most_useful="x" * 2000).status_code == 200
    assert store.after.get_evaluation(EID, one.id)["most_useful"] == "x" * 2000


# --- what the organiser sees --------------------------------------------------------

def test_a_name_is_shown_for_each_way_a_form_can_say_yes(evaluators, client, ses, monkeypatch):  # noqa: F811
    one, two, three = evaluators[:3]
    answer(client, link(one), score="7", show_name="true")
    answer(client, link(two), score="8", show_name="1")
    answer(client, link(three), score="9", show_name="ja")
    body = organiser_page(client, ses, monkeypatch)
    assert "Deelnemer 1" in body and "Deelnemer 2" in body and "Deelnemer 3" not in body


def test_when_everyone_who_came_answered_the_rate_is_100_percent(evaluators, client, ses, monkeypatch):  # noqa: F811
    for reg in evaluators[:3]:
        answer(client, link(reg), score="7")
    assert '<span class="number">100%</span>' in organiser_page(client, ses, monkeypatch)


def test_when_nobody_came_the_rate_is_0_percent(client, admin_token, ses, monkeypatch):  # noqa: F811
    make_event(client, admin_token)
    assert '<span class="number">0%</span>' in organiser_page(client, ses, monkeypatch)


def test_an_answer_outlives_its_registration_and_then_shows_without_a_name(evaluators, client, ses,  # noqa: F811
                                                                            monkeypatch):
    one = evaluators[0]
    answer(client, link(one), score="7", most_useful="De workshops", show_name="on")
    expire_registration(one)
    body = organiser_page(client, ses, monkeypatch)
    assert "De workshops" in body and "Deelnemer 1" not in body
