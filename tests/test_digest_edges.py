"""The edges of the organiser's daily digest (chalicelib/digest.py) an organiser notices: it comes
at eight in the morning of the event's own time zone, summer and winter, and not for an event
that is over."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from chalicelib import digest, store
from conftest import event_model
from test_digest import busy  # noqa: F401 (a fixture)
from test_logs import log_lines  # noqa: F401 (a fixture)
from test_organisers import ses  # noqa: F401 (a fixture)


@pytest.mark.parametrize("now, due", [
    # summer (UTC+2): 07:00 in Amsterdam is 05:00 UTC; eight o'clock comes at 06:00 UTC
    (datetime(2026, 7, 1, 5, 0, tzinfo=timezone.utc), datetime(2026, 7, 1, 6, 0, tzinfo=timezone.utc)),
    # winter (UTC+1)
    (datetime(2026, 12, 1, 6, 0, tzinfo=timezone.utc), datetime(2026, 12, 1, 7, 0, tzinfo=timezone.utc)),
    # at eight itself: the next one is tomorrow's
    (datetime(2026, 12, 1, 7, 0, tzinfo=timezone.utc), datetime(2026, 12, 2, 7, 0, tzinfo=timezone.utc)),
    # late in the evening, already the next day in Amsterdam (00:30 local): eight that morning
    (datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc), datetime(2026, 12, 1, 7, 0, tzinfo=timezone.utc)),
])
def test_the_digest_comes_at_eight_in_the_events_time_zone(now, due):
    assert digest.next_due(event_model(timezone="Europe/Amsterdam"), now) == due


def test_an_event_in_another_zone_gets_its_digest_at_its_own_eight():
    now = datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)          # 19:00 the day before in New York
    assert digest.next_due(event_model(timezone="America/New_York"), now) == datetime(
        2026, 12, 1, 13, 0, tzinfo=timezone.utc)


def test_an_event_in_tokyo_past_its_eight_gets_the_next_digest_tomorrow():
    """08:30 in Tokyo is 23:30 the day before in UTC: the next eight o'clock is Tokyo's tomorrow."""
    now = datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc)
    assert digest.next_due(event_model(timezone="Asia/Tokyo"), now) == datetime(
        2026, 12, 1, 23, 0, tzinfo=timezone.utc)


def test_an_event_that_is_over_gets_no_digest_schedule(table):
    event = event_model()
    digest.schedule(event, event.ends_at)
    assert store.digests.get_digest_schedule(event.id) is None
    digest.schedule(event, event.ends_at - timedelta(seconds=1))
    assert store.digests.get_digest_schedule(event.id) is not None


def test_a_digest_is_kept_thirty_days(client, busy, ses):  # noqa: F811
    from test_digest import EID, due_time
    at = due_time()
    assert digest.request_due(at) == 1
    day = at.astimezone(ZoneInfo("Europe/Amsterdam")).date()
    item = store.digests.get_digest(EID, day.isoformat())
    assert int(item["expires_at"]) == int((at + timedelta(days=30)).timestamp())


def test_an_event_that_has_ended_gets_no_more_digests(client, busy, ses):  # noqa: F811
    from test_digest import EID
    event = store.events.get_event(EID)
    assert digest.request_due(event.ends_at) == 0
    assert store.digests.get_digest_schedule(EID).get("due_at") is None


def _schedule():
    from test_digest import EID
    return store.digests.get_digest_schedule(EID)


def test_a_deleted_event_gets_no_digest_and_its_schedule_stops(table):
    at = datetime(2026, 12, 1, 7, 0, tzinfo=timezone.utc)
    store.digests.ensure_digest_schedule("weg-2026", at, at - timedelta(days=1))
    assert digest.request_due(at) == 0
    assert store.digests.get_digest_schedule("weg-2026").get("due_at") is None


def test_an_event_without_an_organiser_address_gets_no_digest_and_is_looked_at_again_tomorrow(
        client, admin_token, ses):  # noqa: F811
    from conftest import make_event, person, signup
    from test_digest import EID, digests_to_organiser, due_time, send_digests
    make_event(client, admin_token, organiser={"name": "Team Circulair"})
    assert signup(client, EID, **person(1)).status_code == 201
    at = due_time()
    assert digest.request_due(at) == 0
    assert send_digests() == []
    assert digests_to_organiser(ses) == []
    assert datetime.fromisoformat(_schedule()["due_at"]) == digest.next_due(store.events.get_event(EID), at)


def test_with_the_digest_off_it_is_looked_at_again_tomorrow_counting_from_then(client, busy, admin_token, ses):  # noqa: F811
    import json
    from conftest import bearer
    from test_digest import EID, JSON, due_time
    assert client.http.patch(f"/events/{EID}", body=json.dumps({"digest": False}),
                             headers={**bearer(admin_token), **JSON}).status_code == 200
    at = due_time()
    assert digest.request_due(at) == 0
    schedule = _schedule()
    assert datetime.fromisoformat(schedule["due_at"]) == digest.next_due(store.events.get_event(EID), at)
    assert datetime.fromisoformat(schedule["since"]) == at      # turned on again: only what came after


def test_a_day_without_news_brings_no_digest_and_the_next_morning_is_due(client, admin_token, ses):  # noqa: F811
    from conftest import make_event
    from test_digest import EID, due_time
    make_event(client, admin_token)
    at = due_time()
    assert digest.request_due(at) == 0
    assert datetime.fromisoformat(_schedule()["due_at"]) == digest.next_due(store.events.get_event(EID), at)


def test_after_a_digest_the_next_is_tomorrow_and_a_quiet_day_brings_none(client, busy, ses):  # noqa: F811
    from test_digest import EID, digests_to_organiser, due_time, send_digests
    at = due_time()
    assert digest.request_due(at) == 1
    tomorrow = digest.next_due(store.events.get_event(EID), at)
    assert datetime.fromisoformat(_schedule()["due_at"]) == tomorrow
    assert digest.request_due(tomorrow + timedelta(minutes=1)) == 0     # nothing new since the first
    send_digests()
    assert len(digests_to_organiser(ses)) == 1


def test_the_digests_day_is_the_day_in_the_events_time_zone(client, admin_token, ses):  # noqa: F811
    from conftest import make_event, person, signup
    from test_digest import EID, due_time
    make_event(client, admin_token, timezone="Asia/Tokyo")
    assert signup(client, EID, **person(1)).status_code == 201
    at = due_time()                                 # eight in Tokyo: 23:00 UTC, the day before
    assert digest.request_due(at) == 1
    tokyo_day = at.astimezone(ZoneInfo("Asia/Tokyo")).date()
    assert tokyo_day != at.date()
    assert store.digests.get_digest(EID, tokyo_day.isoformat()) is not None


def test_a_signup_and_a_cancellation_at_the_moment_of_the_last_digest_count_in_the_next(client, busy):  # noqa: F811
    from test_digest import EID
    event = store.events.get_event(EID)
    regs = list(store.roster.registrations(EID, consistent=True))
    newest = max(r.created_at for r in regs)
    cancelled = [r for r in regs if r.status == "cancelled"][0]
    assert digest.summary(event, newest)["new"] == 1
    assert digest.summary(event, cancelled.updated_at)["cancelled"] == 1


@pytest.mark.parametrize("counts, last, news", [
    ({"new": 0, "cancelled": 1, "waitlisted": 0, "spots_left": None}, {"waitlisted": 0, "spots_left": None}, True),
    ({"new": 0, "cancelled": 0, "waitlisted": 1, "spots_left": 0}, {"waitlisted": 0, "spots_left": 0}, True),
    ({"new": 0, "cancelled": 0, "waitlisted": 0, "spots_left": 3}, {"waitlisted": 0, "spots_left": 2}, True),
    ({"new": 0, "cancelled": 0, "waitlisted": 1, "spots_left": 0}, {"waitlisted": 1, "spots_left": 0}, False),
])
def test_a_cancellation_alone_or_a_moved_waiting_list_is_news(counts, last, news):
    assert digest.changed(counts, last) is news


def test_the_digest_keeps_the_language_it_was_written_in(client, admin_token, ses):  # noqa: F811
    import json
    from conftest import bearer, make_event, person, signup
    from test_digest import EID, JSON, digests_to_organiser, due_time, send_digests
    make_event(client, admin_token, locales=["en", "nl"])
    assert signup(client, EID, **person(1)).status_code == 201
    digest.request_due(due_time())
    assert client.http.patch(f"/events/{EID}", body=json.dumps({"locales": ["nl", "en"]}),
                             headers={**bearer(admin_token), **JSON}).status_code == 200
    send_digests()
    [mail] = digests_to_organiser(ses)
    assert mail["Subject"].startswith("Daily summary")


def test_an_event_under_way_that_still_takes_signups_still_gets_its_digest(client, busy, ses):  # noqa: F811
    from test_digest import EID
    event = store.events.get_event(EID)
    assert event.registration_closes_at is None             # open until it ends
    assert digest.request_due(event.starts_at + timedelta(hours=1)) == 1


# ---------------------------------------------------------------- what the morning's run counts and keeps

@pytest.mark.parametrize("closes_in, digests", [(timedelta(days=1), 1), (-timedelta(hours=1), 0)])
def test_a_closing_date_still_ahead_keeps_the_digest_and_one_passed_stops_it(client, busy, admin_token, closes_in,  # noqa: F811
                                                                             digests):
    import json
    from conftest import bearer
    from test_digest import EID, due_time
    at = due_time()
    closes = (at + closes_in).astimezone(ZoneInfo("Europe/Amsterdam")).replace(tzinfo=None)
    assert client.http.patch(f"/events/{EID}", body=json.dumps({"registration_closes_at": closes.isoformat()}),
                             headers={**bearer(admin_token), "Content-Type": "application/json"}).status_code == 200
    assert digest.request_due(at) == digests


def test_someone_who_erased_their_data_does_not_stop_the_others_being_counted(client, admin_token):
    from chalicelib import signups
    from conftest import make_event, person, registration_id, signup
    from test_digest import EID, due_time
    make_event(client, admin_token)
    for n in range(3):
        signup(client, EID, **person(n))
    first = registration_id(EID, person(0)["email"])        # the first in the list: the others come after
    signups.erase_by_id(EID, first)
    at = due_time()
    assert digest.request_due(at) == 1
    day = at.astimezone(ZoneInfo("Europe/Amsterdam")).date().isoformat()
    assert store.digests.get_digest(EID, day)["new"] == 2


def test_seats_added_after_a_quiet_first_morning_are_told_the_next(client, admin_token):
    """The first morning has nothing to tell, but it keeps the free seats it saw: the next morning
    compares with them."""
    from conftest import make_event
    from test_digest import due_time
    make_event(client, admin_token, capacity=10)
    first = due_time()
    assert digest.request_due(first) == 0
    make_event(client, admin_token, capacity=20)
    assert digest.request_due(first + timedelta(days=1)) == 1


def test_a_schedule_removed_while_the_run_is_under_way_brings_no_digest_and_no_error(busy, monkeypatch):  # noqa: F811
    from chalicelib import aws
    from test_digest import EID, due_time
    at = due_time()
    monkeypatch.setattr(store.digests, "due_digests", lambda until: iter([EID]))     # read just before
    aws.dynamodb().delete_item(TableName=aws.table_name(), Key=store.digests.schedule_key(EID))
    assert digest.request_due(at) == 0
    assert store.digests.get_digest_schedule(EID) is None


# ---------------------------------------------------------------- the mail the worker sends

def written_digest(at):
    from test_digest import EID
    assert digest.request_due(at) == 1
    return store.digests.get_digest(EID, at.astimezone(ZoneInfo("Europe/Amsterdam")).date().isoformat())


def test_the_digest_is_dated_when_the_worker_sends_it_and_its_record_says_when(busy):  # noqa: F811
    from test_digest import EID, due_time
    item, sent = written_digest(due_time()), []
    later = datetime(2026, 12, 9, 7, 30, 5, tzinfo=timezone.utc)        # a worker retrying an hour on

    def send(build):
        sent.append(build())
        return "sent", "0102019b-ses-message-id"      # what SES answers: no error to record
    assert digest.deliver(item, later, send, lease_seconds=300) == "sent"
    assert [mail["Date"] for mail in sent] == ["Wed, 09 Dec 2026 07:30:05 +0000"]
    record = store.digests.get_digest(EID, item["day"])
    assert (record["email_status"], record["done_at"], record["email_error"]) == (
        "sent", "2026-12-09T07:30:05.000+00:00", "")


def test_a_digest_to_a_suppressed_organiser_address_is_not_sent_and_says_why(busy):  # noqa: F811
    from test_digest import EID, ORGANISER, due_time
    item = written_digest(due_time())
    store.mails.suppress(store.roster.normalise(ORGANISER), "bounce", datetime.now(timezone.utc))
    refused = []
    assert digest.deliver(item, datetime.now(timezone.utc), refused.append, lease_seconds=300) == "suppressed"
    assert refused == []
    record = store.digests.get_digest(EID, item["day"])
    assert (record["email_status"], record["email_error"]) == ("suppressed", store.mails.ON_SUPPRESSION_LIST)


def test_the_morning_run_logs_each_digest_it_writes_and_each_it_finds_written(busy, log_lines):  # noqa: F811
    from test_digest import EID, due_time
    from chalicelib import logs
    from test_faults import logged
    at = due_time()
    day = at.astimezone(ZoneInfo("Europe/Amsterdam")).date().isoformat()
    logs.bind()         # the schedule's own container: no request's event id to lean on
    assert digest.request_due(at) == 1
    store.digests.advance_digest_schedule(EID, at, since=at - timedelta(days=1))      # due again the same day
    assert digest.request_due(at) == 0
    assert [(line["event_id"], line["day"]) for line in logged(log_lines, "digest.requested")] == [(EID, day)]
    assert [(line["event_id"], line["day"]) for line in logged(log_lines, "digest.already_sent")] == [(EID, day)]
