"""The edges of a message to the attendees (chalicelib/announcements.py) an organiser notices:
the longest subject and text that go, which characters do not, who a message can be for, and
how long a message is kept."""
from datetime import timedelta

import pytest

from chalicelib import announcements, aws, store
from chalicelib.errors import ValidationFailed
from conftest import DEMO_EVENT, make_event

BODY = {"subject": "Andere zaal", "body": "We zitten in zaal 3.", "to": ["confirmed"]}


def _refused(body) -> dict:
    with pytest.raises(ValidationFailed) as refused:
        announcements.clean(body)
    return refused.value.fields


def test_a_subject_of_150_characters_goes_and_151_do_not():
    assert announcements.clean({**BODY, "subject": "x" * 150})["subject"] == "x" * 150
    assert _refused({**BODY, "subject": "x" * 151}) == {"subject": "too_long"}


def test_a_text_of_20000_characters_goes_and_one_more_does_not():
    assert len(announcements.clean({**BODY, "body": "x" * 20_000})["body"]) == 20_000
    assert _refused({**BODY, "body": "x" * 20_001}) == {"body": "too_long"}


@pytest.mark.parametrize("to, statuses", [("waitlisted", ["waitlisted"]), (["pending"], ["pending"]),
                                          (["pending", "waitlisted", "confirmed"], ["confirmed", "waitlisted", "pending"])])
def test_a_message_can_be_for_each_group_that_holds_or_waits_for_a_seat(to, statuses):
    assert announcements.clean({**BODY, "to": to})["to"] == statuses


@pytest.mark.parametrize("to", [["cancelled"], ["expired"], ["erased"], "everyone", [], None])
def test_a_message_is_not_for_those_without_a_seat_or_a_place_in_the_queue(to):
    assert set(_refused({**BODY, "to": to})) == {"to"}


def test_a_text_keeps_its_lines_and_tabs_but_no_control_characters():
    cleaned = announcements.clean({**BODY, "subject": "  Andere   zaal ", "body": " Zaal 3\r\n\tboven \n"})
    assert (cleaned["subject"], cleaned["body"]) == ("Andere zaal", "Zaal 3\n\tboven")
    assert _refused({**BODY, "body": "bel\x07"}) == {"body": "control_chars"}
    assert _refused({**BODY, "subject": "Zaal\t3"}) == {"subject": "control_chars"}


def test_a_message_is_kept_as_long_as_the_events_registrations(client, admin_token):
    make_event(client, admin_token, retention_days=10)
    from datetime import datetime, timezone
    sent = announcements.send(DEMO_EVENT["id"], BODY, caller_id="t1", now=datetime.now(timezone.utc), sleep=lambda s: None)
    [item] = [i for i in aws.dynamodb().scan(TableName=aws.table_name())["Items"]
              if i.get("message_id", {}).get("S") == sent["message_id"] and i.get("type", {}).get("S") == "message"]
    event = store.events.get_event(DEMO_EVENT["id"])
    assert int(item["expires_at"]["N"]) == int((event.ends_at + timedelta(days=10)).timestamp())


@pytest.mark.parametrize("field, value", [("subject", 5), ("subject", ["Andere zaal"]), ("to", {"confirmed": True}),
                                          ("to", 1)])
def test_a_value_of_the_wrong_kind_is_refused_by_name(field, value):
    assert set(_refused({**BODY, field: value})) == {field}


def test_a_preview_without_recipients_shows_a_sample_person_in_the_events_first_language(table):
    from conftest import event_model
    shown = announcements.preview(event_model(locales=["nl", "en"]), BODY)
    assert shown.text.startswith("Beste Voornaam Achternaam,") and "zaal 3" in shown.text


def test_a_preview_shows_the_first_recipient_by_name(table):
    from conftest import event_model
    from chalicelib.models import Registration
    anne = Registration(id="r1", event_id=DEMO_EVENT["id"], status="confirmed", name="Anne de Vries",
                        email="anne@example.org", locale="en")
    shown = announcements.preview(event_model(locales=["nl", "en"]), BODY, anne)
    assert shown.text.startswith("Dear Anne de Vries,")


def test_a_preview_holds_the_first_recipients_own_links_and_the_organisations_privacy_statement(client, demo_event):
    from chalicelib import signups, unsubscribe
    from conftest import person, signed_up
    from datetime import datetime, timezone
    from conftest import DEMO_ORG
    store.organisations.put_organisation(DEMO_ORG["id"], DEMO_ORG["name"], DEMO_ORG["members"], datetime.now(timezone.utc),
                                         {"privacy_statement_url": DEMO_ORG["privacy_statement_url"]})
    rid = signed_up(client, DEMO_EVENT["id"], **person(1))
    event = signups.get_event(DEMO_EVENT["id"])
    shown = announcements.preview(event, BODY, store.roster.get_registration(DEMO_EVENT["id"], rid))
    assert signups.manage_url(DEMO_EVENT["id"], rid) in shown.text
    assert unsubscribe.url(DEMO_EVENT["id"], rid) in shown.text
    assert f'href="{DEMO_ORG["privacy_statement_url"]}"' in shown.html


def test_a_preview_without_recipients_speaks_the_events_first_language_whichever_it_is(table):
    from conftest import event_model
    shown = announcements.preview(event_model(locales=["en", "nl"]), BODY)
    assert shown.text.startswith("Dear Voornaam Achternaam,")


def test_who_turned_the_organisers_messages_off_is_no_recipient(client, demo_event):
    from datetime import datetime, timezone
    from chalicelib import unsubscribe
    from conftest import person, signed_up
    rids = [signed_up(client, DEMO_EVENT["id"], **person(n)) for n in (1, 2)]
    unsubscribe.stop(unsubscribe.url(DEMO_EVENT["id"], rids[0]).rsplit("/", 1)[1], datetime.now(timezone.utc))
    assert [reg.id for reg in announcements.recipients(DEMO_EVENT["id"], ["confirmed"])] == [rids[1]]
    sent = announcements.send(DEMO_EVENT["id"], BODY, caller_id="t1", now=datetime.now(timezone.utc), sleep=lambda s: None)
    assert sent["recipients"] == 1


def test_past_the_days_cap_the_organiser_waits_until_midnight_utc_and_no_longer(client, admin_token):
    from datetime import datetime, timezone
    from chalicelib.errors import MessageCapReached
    make_event(client, admin_token, messages_per_day=1)
    evening = datetime(2026, 12, 8, 22, 45, tzinfo=timezone.utc)
    announcements.send(DEMO_EVENT["id"], BODY, caller_id="t1", now=evening, sleep=lambda s: None)
    with pytest.raises(MessageCapReached) as refused:
        announcements.send(DEMO_EVENT["id"], BODY, caller_id="t1", now=evening, sleep=lambda s: None)
    assert refused.value.retry_after == 75 * 60
    after_midnight = datetime(2026, 12, 9, 0, 5, tzinfo=timezone.utc)
    assert announcements.send(DEMO_EVENT["id"], BODY, caller_id="t1", now=after_midnight, sleep=lambda s: None)


def test_each_event_has_its_own_daily_cap(client, admin_token):
    from datetime import datetime, timezone
    make_event(client, admin_token, id="ander-overleg-2026-12-10", messages_per_day=1)
    make_event(client, admin_token, messages_per_day=1)
    now = datetime(2026, 12, 8, 9, 0, tzinfo=timezone.utc)
    for event_id in (DEMO_EVENT["id"], "ander-overleg-2026-12-10"):
        assert announcements.send(event_id, BODY, caller_id="t1", now=now, sleep=lambda s: None)["message_id"]


def test_in_the_days_last_second_the_wait_is_that_second(client, admin_token):
    from datetime import datetime, timezone
    from chalicelib.errors import MessageCapReached
    make_event(client, admin_token, messages_per_day=1)
    last_second = datetime(2026, 12, 8, 23, 59, 59, tzinfo=timezone.utc)
    announcements.send(DEMO_EVENT["id"], BODY, caller_id="t1", now=last_second, sleep=lambda s: None)
    with pytest.raises(MessageCapReached) as refused:
        announcements.send(DEMO_EVENT["id"], BODY, caller_id="t1", now=last_second, sleep=lambda s: None)
    assert refused.value.retry_after == 1


def test_each_delivery_of_a_message_is_kept_as_long_as_the_message(client, admin_token):
    from datetime import datetime, timezone
    from conftest import person, signed_up
    make_event(client, admin_token, retention_days=10)
    signed_up(client, DEMO_EVENT["id"], **person(1))
    sent = announcements.send(DEMO_EVENT["id"], BODY, caller_id="t1", now=datetime.now(timezone.utc), sleep=lambda s: None)
    items = [i for i in aws.dynamodb().scan(TableName=aws.table_name())["Items"]
             if i.get("message_id", {}).get("S") == sent["message_id"]]
    [message] = [i for i in items if i.get("type", {}).get("S") == "message"]
    [delivery] = [i for i in items if i.get("type", {}).get("S") == "message_delivery"]
    assert delivery["expires_at"] == message["expires_at"]


def test_the_history_names_who_sent_a_message(client, admin_token):
    from datetime import datetime, timezone
    make_event(client, admin_token)
    announcements.send(DEMO_EVENT["id"], BODY, caller_id="t1", now=datetime.now(timezone.utc), sleep=lambda s: None)
    [message] = announcements.history(DEMO_EVENT["id"])
    assert (message["created_by"], message["subject"], message["recipients"]) == ("t1", "Andere zaal", 0)


def test_the_audit_trail_says_who_sent_a_message_when_to_whom_and_keeps_it_as_long_as_the_event(client, admin_token):
    from datetime import datetime, timezone
    make_event(client, admin_token, retention_days=10)
    now = datetime(2026, 12, 8, 9, 30, tzinfo=timezone.utc)
    sent = announcements.send(DEMO_EVENT["id"], BODY, caller_id="t1", now=now, sleep=lambda s: None)
    [record] = [r for r in store.organisers.list_audit(DEMO_EVENT["id"]) if r.get("action") == "message"]
    event = store.events.get_event(DEMO_EVENT["id"])
    assert (record["token_id"], record["at"], record["message_id"], record["recipients"], record["status"]) == (
        "t1", store.table.iso(now), sent["message_id"], 0, ["confirmed"])
    assert int(record["expires_at"]) == int((event.ends_at + timedelta(days=10)).timestamp())
