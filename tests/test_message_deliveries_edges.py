"""The edges of an organiser's message on its way out (chalicelib/store/announcements.py), as the
organiser and the attendees notice them: what the dashboard counts, which message comes first,
a copy that is sent once however late its record comes again, the lease of a worker that died
mid-send, and a message past its retention that no longer goes out."""
import re
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib import aws, outbox, signups, store
from conftest import DEMO_EVENT
from test_announcements import BODY, crowd, member, post_message, sent  # noqa: F401 (fixtures)
from test_outbox import client_error, drain, failing_sends, stream  # noqa: F401 (a fixture)

EID = DEMO_EVENT["id"]
T = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
LEASE = outbox.MAIL_LEASE_SECONDS


def at(seconds):
    return T + timedelta(seconds=seconds)


def _rows(page: str) -> list:
    """The dashboard's messages table: per message, its subject and the cells after it."""
    table = page.split('id="messages"', 1)[1].split("</table>", 1)[0]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)]


def _copies(stream):  # noqa: F811
    """The stream records of the copies of the message just posted, one per recipient."""
    outbox._message.cache_clear()       # a worker container reads a message once
    return [r for r in drain(stream) if r["eventName"] == "INSERT"
            and r["dynamodb"]["NewImage"].get("type", {}).get("S") == "message_delivery"]


def test_the_dashboard_counts_who_got_it_who_did_not_and_who_was_skipped(client, crowd, admin_token, member,  # noqa: F811
                                                                           stream, monkeypatch):  # noqa: F811
    post_message(client, admin_token, {**BODY, "to": ["confirmed", "waitlisted"]})
    signups.cancel(crowd[0])                    # cancelled before their copy went out
    refused = crowd[1].email                    # SES refuses this address for good
    failing_sends(monkeypatch, lambda request: client_error("MessageRejected", "Address blacklisted")
                  if refused in str(request["Destination"]) else None)
    outbox.handle(_copies(stream), now=T, sleep=lambda s: None)
    [row] = _rows(client.http.get(f"/organiser/events/{EID}", headers=member).body.decode())
    assert row[0] == BODY["subject"]
    assert row[3:] == ["3", "1", "1", "1"]      # recipients, delivered, failed, skipped


def test_the_dashboard_shows_the_newest_message_first(client, crowd, member):  # noqa: F811
    expires = int(T.timestamp()) + 86400 * 400
    for mid, subject in (("0190000000001aaaa", "Eerste bericht"), ("0190000000002aaaa", "Tweede bericht")):
        store.announcements.put_message(EID, mid, {**BODY, "subject": subject, "created_at": store.table.iso(T),
                                                   "recipients": 0}, expires)
    rows = _rows(client.http.get(f"/organiser/events/{EID}", headers=member).body.decode())
    assert [row[0] for row in rows] == ["Tweede bericht", "Eerste bericht"]


def test_a_copy_whose_record_comes_again_long_after_it_was_sent_is_not_sent_twice(client, crowd, admin_token,  # noqa: F811
                                                                                   stream):  # noqa: F811
    post_message(client, admin_token)
    copies = _copies(stream)
    assert sorted(o for _, _, o in outbox.handle(copies, now=T, sleep=lambda s: None)) == ["sent", "sent"]
    again = outbox.handle(copies, now=at(3600), sleep=lambda s: None)     # the batch again, an hour on
    assert [o for _, _, o in again] == ["duplicate", "duplicate"]
    assert len(sent()) == 2


def test_a_copy_held_by_a_worker_that_died_is_sent_once_its_lease_has_fully_passed(client, crowd, admin_token,  # noqa: F811
                                                                                    stream):  # noqa: F811
    post_message(client, admin_token)
    first = (copies := _copies(stream))[0]
    image = first["dynamodb"]["NewImage"]
    mid, rid = image["message_id"]["S"], image["registration_id"]["S"]
    assert store.announcements.claim_delivery(EID, mid, rid, T, LEASE)      # a worker took it, then died
    with pytest.raises(outbox.RetryBatch):          # still its lease: the batch comes again, nothing is lost
        outbox.handle(copies, now=at(LEASE), sleep=lambda s: None)
    assert len(sent()) == 1                         # the other copy went
    outcomes = outbox.handle(copies, now=at(LEASE + 0.001), sleep=lambda s: None)
    assert sorted(o for _, _, o in outcomes) == ["duplicate", "sent"]
    assert sorted(m["To"].addresses[0].addr_spec for m in sent()) == sorted(r.email for r in crowd[:2])


def test_a_late_copy_of_a_removed_event_sends_nothing_and_leaves_nothing_behind(client, crowd, admin_token,  # noqa: F811
                                                                                stream):  # noqa: F811
    post_message(client, admin_token)
    copies = _copies(stream)
    store.events.delete_event(EID, sleep=lambda s: None)
    outbox.handle(copies, now=T, sleep=lambda s: None)      # the batch comes again after the removal
    left = [i for i in aws.dynamodb().scan(TableName=aws.table_name())["Items"] if i["PK"]["S"] == f"EVENT#{EID}"]
    assert (left, sent()) == ([], [])


def test_a_message_past_its_retention_no_longer_goes_out(client, crowd, stream):  # noqa: F811
    now = datetime.now(timezone.utc)
    gone = int(now.timestamp()) - 1                 # its time passed; the table's TTL has not removed it yet
    store.announcements.put_message(EID, "0190000000003aaaa", {**BODY, "created_at": store.table.iso(now),
                                                               "recipients": 1}, gone)
    store.announcements.put_deliveries(EID, "0190000000003aaaa", [crowd[0].id], int(now.timestamp()) + 86400)
    outcomes = outbox.handle(_copies(stream), now=now, sleep=lambda s: None)
    assert [o for _, _, o in outcomes] == ["skipped"]
    assert sent() == []


def test_a_copy_of_a_message_that_is_gone_leaves_no_empty_row_on_the_dashboard(client, crowd, member, stream):  # noqa: F811
    expires = int(datetime.now(timezone.utc).timestamp()) + 86400
    store.announcements.put_deliveries(EID, "0190000000004aaaa", [crowd[0].id], expires)   # its message is gone
    assert [o for _, _, o in outbox.handle(_copies(stream), now=T, sleep=lambda s: None)] == ["skipped"]
    page = client.http.get(f"/organiser/events/{EID}", headers=member).body.decode()
    assert 'id="messages"' not in page and "Nog geen berichten verstuurd." in page


def test_the_reason_a_copy_was_refused_is_kept_to_500_characters(client, crowd, admin_token, stream,  # noqa: F811
                                                                  monkeypatch):
    from chalicelib.store.announcements import delivery_key
    post_message(client, admin_token, {**BODY, "to": ["waitlisted"]})
    failing_sends(monkeypatch, lambda request: client_error("MessageRejected", "x" * 600))
    [record] = _copies(stream)
    assert [o for _, _, o in outbox.handle([record], now=T, sleep=lambda s: None)] == ["failed"]
    image = record["dynamodb"]["NewImage"]
    key = delivery_key(EID, image["message_id"]["S"], image["registration_id"]["S"])
    kept = store.table.from_item(aws.dynamodb().get_item(TableName=aws.table_name(), Key=key)["Item"])
    assert kept["detail"] == ("MessageRejected: " + "x" * 600)[:500]
