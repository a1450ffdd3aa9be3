"""The edges of the stored maatjes grouping (chalicelib.store.buddies): a grouping past its time,
and one that is gone by the time the introductions go."""
from conftest import DEMO_EVENT, run_email_worker
from test_buddies import buddy_event, join, member, organiser_post, page, sent_mails  # noqa: F401 - fixtures

EID = DEMO_EVENT["id"]


def grouping_item():
    from chalicelib import aws, store
    return aws.dynamodb().get_item(TableName=aws.table_name(), Key=store.buddies.key(EID),
                                   ConsistentRead=True).get("Item")


def test_a_grouping_past_its_time_is_not_shown_or_changed(buddy_event, member):  # noqa: F811
    """Kept as long as the registrations (expires_at): after that, before DynamoDB's TTL sweeps
    the item, the page shows no groups and nobody can be moved in them."""
    from chalicelib import aws, store
    rids = [join(buddy_event, n, "Noord") for n in range(4)]
    organiser_post(buddy_event, member, "make", mode="similar", size="3-4")
    assert 'class="group"' in page(buddy_event, member)
    aws.dynamodb().update_item(TableName=aws.table_name(), Key=store.buddies.key(EID),
                               UpdateExpression="SET expires_at = :past", ExpressionAttributeValues={":past": {"N": "1"}})
    assert 'class="group"' not in page(buddy_event, member)
    assert organiser_post(buddy_event, member, "move", registration=rids[0], group="new").status_code == 400
    assert organiser_post(buddy_event, member, "send").status_code == 400


def test_a_grouping_removed_while_sending_sends_nothing_and_leaves_nothing(buddy_event, member, monkeypatch):  # noqa: F811
    """The event's items deleted (the event removed) between reading the groups and stamping them
    sent: nobody is introduced, and no half grouping is written back."""
    from chalicelib import aws, store
    for n in range(4):
        join(buddy_event, n, "Noord")
    organiser_post(buddy_event, member, "make", mode="similar", size="3-4")
    stamp = store.buddies.mark_sent

    def removed_first(event_id, sent_at):
        aws.dynamodb().delete_item(TableName=aws.table_name(), Key=store.buddies.key(event_id))
        return stamp(event_id, sent_at)
    monkeypatch.setattr(store.buddies, "mark_sent", removed_first)
    assert organiser_post(buddy_event, member, "send").status_code == 400
    run_email_worker(buddy_event)
    assert [m for m in sent_mails() if m["Subject"].startswith("Je maatjes:")] == []
    assert grouping_item() is None

