"""A copy of an event (``POST /events/{id}/copy``, the page *Kopieer bijeenkomst*) takes every
moment with it: the registration and changes closing, the follow-up mail and the evaluation's
close stay as far from the start as in the original, by the event's own clock. A copy a year on
therefore does not thank its attendees, or close its evaluation, at the old event's dates."""
import json

from conftest import make_event
from test_organiser_operations import copy

MOMENTS = {"registration_closes_at": "2026-12-08T12:00:00", "changes_close_at": "2026-12-07T17:00:00",
           "follow_up_at": "2026-12-10T09:00:00", "evaluation_closes_at": "2026-12-23T23:59:00"}


def test_a_copy_a_year_on_moves_every_moment_with_its_start(client, admin_token):
    make_event(client, admin_token, **MOMENTS)       # starts 2026-12-09 13:00
    copied = json.loads(copy(client, admin_token, starts_at="2027-12-08T13:00", ends_at="2027-12-08T17:00").body)
    assert {name: copied[name] for name in MOMENTS} == {
        "registration_closes_at": "2027-12-07T12:00:00+01:00", "changes_close_at": "2027-12-06T17:00:00+01:00",
        "follow_up_at": "2027-12-09T09:00:00+01:00", "evaluation_closes_at": "2027-12-22T23:59:00+01:00"}


def test_a_copy_into_summer_keeps_each_moment_at_its_hour_on_the_clock(client, admin_token):
    """Winter (+01:00) to summer (+02:00): the follow-up stays at 9:00 the morning after, not 10:00."""
    make_event(client, admin_token, **MOMENTS)
    copied = json.loads(copy(client, admin_token, starts_at="2027-06-09T13:00", ends_at="2027-06-09T17:00").body)
    assert copied["follow_up_at"] == "2027-06-10T09:00:00+02:00"
    assert copied["registration_closes_at"] == "2027-06-08T12:00:00+02:00"


def test_a_copy_of_an_event_without_moments_gets_none(client, admin_token):
    make_event(client, admin_token)
    copied = json.loads(copy(client, admin_token).body)
    assert [copied[name] for name in MOMENTS] == [None] * 4


def test_a_copy_without_a_link_name_asks_for_one_and_a_bad_one_says_what_is_wrong(client, admin_token):
    make_event(client, admin_token)
    answers = {repr(new_id): copy(client, admin_token, id=new_id) for new_id in (None, "", "met spatie")}
    assert {given: (answer.status_code, json.loads(answer.body)["fields"]) for given, answer in answers.items()} == {
        "None": (400, {"id": "Vul dit veld in."}), "''": (400, {"id": "Vul dit veld in."}),
        "'met spatie'": (400, {"id": "Gebruik alleen letters, cijfers en streepjes (-), zonder spaties. "
                                     "Begin met een letter of cijfer."})}


def test_a_moment_after_the_clocks_went_back_keeps_its_hour_in_a_copy_where_they_do_not(client, admin_token):
    """The original's follow-up is two days after its start, across the end of summer time
    (25 October 2026); the copy a year on has no change in between: still 9:00 on the clock."""
    make_event(client, admin_token, starts_at="2026-10-24T13:00", ends_at="2026-10-24T17:00",
               follow_up_at="2026-10-26T09:00:00")
    copied = json.loads(copy(client, admin_token, starts_at="2027-10-23T13:00", ends_at="2027-10-23T17:00").body)
    assert copied["follow_up_at"] == "2027-10-25T09:00:00+02:00"
