"""The floor for a cold start: what a user would write instead, stock Chalice with boto3 and
Python's default settings (the collector as it is), whose functions make the same AWS calls as
ours: one for a page view or the form, four for a signup (the event, the address's marker, the
limits transaction, the seat transaction), four for an export page, six for a mail.
benchmarks/coldstart.py times it beside app.py."""
import functools
import json
import os
import time
import uuid

import boto3
from chalice import Chalice, Rate, Response

app = Chalice(app_name="bare")


@functools.cache
def _client(name):
    return boto3.client(name)     # made on first use, as Chalice's samples do


def _get_item(key):
    return _client("dynamodb").get_item(TableName=os.environ["TABLE_NAME"], Key=key)


@app.route("/events/{event_id}")
def get_event(event_id):
    item = _get_item({"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": "META"}}).get("Item", {})
    return {"id": event_id, "found": bool(item)}


@app.route("/events/{event_id}/form")
def form(event_id):
    item = _get_item({"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": "META"}}).get("Item", {})
    title = json.loads(item["spec"]["S"]).get("title", "") if item else ""
    return Response(f"<!doctype html><title>{title}</title><form method=post><input name=email></form>",
                    headers={"Content-Type": "text/html; charset=utf-8"})


# A second floor of the hosted form (``libraries``): the same page as a user would write it with a
# template engine and a localised date, each library used once, as the worker's second floor below.
app_with_libraries = Chalice(app_name="bare-libraries")


@app_with_libraries.route("/events/{event_id}/form")
def form_with_libraries(event_id):
    import datetime

    import babel.dates
    import jinja2
    item = _get_item({"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": "META"}}).get("Item", {})
    spec = json.loads(item["spec"]["S"]) if item else {}
    page = jinja2.Environment(autoescape=True).from_string(
        "<!doctype html><html lang=nl><title>{{ title }}</title><h1>{{ title }}</h1><p>{{ when }}</p>"
        "<form method=post>{% for name in fields %}<label>{{ name }} <input name={{ name }}></label>{% endfor %}"
        "<button>Aanmelden</button></form></html>")
    when = babel.dates.format_date(datetime.date(2026, 12, 9), format="full", locale="nl_NL")
    return Response(page.render(title=spec.get("title", ""), when=when, fields=("name", "email")),
                    headers={"Content-Type": "text/html; charset=utf-8"})


@app.route("/events/{event_id}/signups", methods=["POST"])
def signup(event_id):
    """The floor of a signup: read the event and the address's marker, count the attempt (the
    client's and the mailbox's windows, a registered address's stamp) in one transaction, then
    take a place in another."""
    body = app.current_request.json_body
    if not body.get("name") or "@" not in body.get("email", "") or body.get("consent") is not True:
        return Response({"error": "validation_failed"}, status_code=400)
    table, db, email = os.environ["TABLE_NAME"], _client("dynamodb"), body["email"].strip().lower()
    event = _get_item({"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": "META"}})["Item"]
    capacity = json.loads(event["spec"]["S"]).get("capacity")
    own = f"BARE#{event_id}"      # its writes kept apart from the items ours reads
    marker = {"PK": {"S": own}, "SK": {"S": f"EMAIL#{email}"}}
    window = str(int(time.time()) // 60 * 60 + 60)

    def count(key):
        return {"Update": {"TableName": table, "Key": {"PK": {"S": key}, "SK": {"S": window}},
                           "UpdateExpression": "ADD n :one", "ConditionExpression": "attribute_not_exists(n) OR n < :limit",
                           "ExpressionAttributeValues": {":one": {"N": "1"}, ":limit": {"N": "1000"}}}}
    registered = "Item" in db.get_item(TableName=table, Key=marker, ConsistentRead=True)
    stamp = [{"Update": {"TableName": table, "Key": marker, "UpdateExpression": "SET attempt_at = :at",
                         "ExpressionAttributeValues": {":at": {"S": str(time.time())}}}}] if registered else []
    db.transact_write_items(TransactItems=[count("RATE#bare-client"), count(f"RATE#bare-mail#{email}")] + stamp)
    seated = capacity is None or int(event.get("seats_taken", {}).get("N", "0")) < capacity
    rid = uuid.uuid4().hex
    counter = "seats_taken" if seated else "waitlist_count"
    db.transact_write_items(TransactItems=[
        {"Update": {"TableName": table, "Key": {"PK": {"S": own}, "SK": {"S": "META"}},
                    "UpdateExpression": f"SET {counter} = if_not_exists({counter}, :zero) + :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}, ":zero": {"N": "0"}}}},
        {"Put": {"TableName": table, "ConditionExpression": "attribute_not_exists(PK)", "Item": {
            "PK": {"S": own}, "SK": {"S": f"REG#{rid}"}, "name": {"S": body["name"]},
            "email": {"S": email}, "status": {"S": "confirmed" if seated else "waitlisted"}}}},
        {"Update": {"TableName": table, "Key": marker, "UpdateExpression": "SET registration_id = :rid",
                    "ExpressionAttributeValues": {":rid": {"S": rid}}}}])
    return Response({"id": rid, "status": "confirmed" if seated else "waitlisted"}, status_code=201)


@app.route("/events/{event_id}/registrations")
def export_registrations(event_id):
    """The floor of a JSON export page: the four calls the AWS-calls table asserts (the token,
    the event, one Query page, the audit record)."""
    import hashlib
    token = app.current_request.headers["authorization"].split()[-1]
    _get_item({"PK": {"S": "TOKENS"}, "SK": {"S": f"TOKEN#{hashlib.sha256(token.encode()).hexdigest()}"}})
    _get_item({"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": "META"}})
    page = _client("dynamodb").query(
        TableName=os.environ["TABLE_NAME"], Limit=101, ConsistentRead=True,
        KeyConditionExpression="PK = :pk AND begins_with(SK, :reg)",
        ExpressionAttributeValues={":pk": {"S": f"EVENT#{event_id}"}, ":reg": {"S": "REG#"}})
    _client("dynamodb").put_item(TableName=os.environ["TABLE_NAME"], Item={
        "PK": {"S": "AUDIT"}, "SK": {"S": f"EXPORT#floor#{len(page['Items'])}"}, "event_id": {"S": event_id}})
    return {"registrations": [item["SK"]["S"] for item in page["Items"]]}


@app.schedule(Rate(5, unit=Rate.MINUTES))
def expire_holds(event):
    _client("dynamodb").query(TableName=os.environ["TABLE_NAME"], KeyConditionExpression="PK = :pk",
                              ExpressionAttributeValues={":pk": {"S": "DUE#expire"}}, Limit=1)


@app.on_dynamodb_record(stream_arn="arn:aws:dynamodb:eu-west-1:000000000000:table/bare/stream/x")
def email_worker(event):
    for record in event:
        _send_floor(record.keys)


def _send_floor(keys):
    """A fixed text, sent with the calls that send a mail once and within SES's rate: the
    AWS-calls table's five of a warm worker (the claim, the suppression check, a send slot, the
    send, the record of it) and the event's read, which a cold worker has not cached."""
    table, db = os.environ["TABLE_NAME"], _client("dynamodb")

    def update(key, expression):
        db.update_item(TableName=table, Key=key, UpdateExpression=expression, ConditionExpression="attribute_exists(PK)",
                       ExpressionAttributeValues={":now": {"N": str(time.time_ns())}})
    db.get_item(TableName=table, Key={"PK": keys["PK"], "SK": {"S": "META"}})
    update(keys, "SET floor_claimed = :now")
    db.get_item(TableName=table, Key={"PK": {"S": "SUPPRESS#floor"}, "SK": {"S": "SUPPRESS"}})
    update(keys, "SET floor_slot = :now")       # the pacer's item, here the registration's (it exists)
    _client("sesv2").send_email(FromEmailAddress=os.environ["SENDER_EMAIL"],
                                Destination={"ToAddresses": ["floor@example.org"]},
                                Content={"Raw": {"Data": b"Subject: floor\r\n\r\nfloor\r\n"}})
    update(keys, "SET floor_sent = :now")


@app.on_dynamodb_record(stream_arn="arn:aws:dynamodb:eu-west-1:000000000000:table/bare/stream/y")
def email_worker_with_libraries(event):
    """email_worker, after using once each library a mail of ours needs (a second floor: what is
    left above it is our own code, not the libraries)."""
    import datetime
    import io

    import babel.dates
    import css_inline
    import icalendar
    import jinja2
    import segno
    html = jinja2.Environment(autoescape=True).from_string("<style>p{color:red}</style><p>{{ x }}</p>").render(x=1)
    css_inline.inline(html)
    babel.dates.format_date(datetime.date(2026, 12, 9), format="full", locale="nl_NL")
    calendar = icalendar.Calendar()
    calendar.add_component(icalendar.Event())
    calendar.to_ical()
    segno.make("https://floor.example/").save(io.BytesIO(), kind="png")
    for record in event:
        _send_floor(record.keys)


@app.on_sns_message(topic="bare-feedback")
def ses_feedback(event):
    _client("dynamodb").put_item(TableName=os.environ["TABLE_NAME"], Item={
        "PK": {"S": "SUPPRESS#floor"}, "SK": {"S": "SUPPRESS"}, "reason": {"S": "bounced"}})
