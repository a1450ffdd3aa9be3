"""Close, archive and delete an event (issue 28 item 8), in the browser's pages and through the API."""
import json
import re

import boto3
import pytest

from conftest import DEMO_EVENT, bearer, person, signed_up, signup
from organiser_pages import post_form
from test_roles import ADDRESS, BEHEERDER, session_of, team  # noqa: F401  (team is a fixture)

EID = DEMO_EVENT["id"]
JSON = {"Content-Type": "application/json"}


def items_of(event_id):
    """Every item under the event's partition key, read straight from the table."""
    import os
    table = boto3.client("dynamodb").scan(TableName=os.environ["TABLE_NAME"])["Items"]
    return [i for i in table if i["PK"]["S"] == f"EVENT#{event_id}"]


def deletion_line():
    """The log's one line of an event's deletion: kept apart from the event, so read from the whole table."""
    import os
    table = boto3.client("dynamodb").scan(TableName=os.environ["TABLE_NAME"])["Items"]
    [line] = [i for i in table if i.get("action", {}).get("S") == "delete_event"]
    return line


@pytest.fixture
def crowd(client, admin_token, demo_event):
    """Two people and a message to them (its deliveries queued), in the demo event."""
    for n in (1, 2):
        signed_up(client, EID, **person(n))
    answer = client.http.post(f"/events/{EID}/messages", body=json.dumps(
        {"subject": "Parkeren", "body": "Parkeer bij het station.", "to": ["confirmed"]}),
        headers={**bearer(admin_token), **JSON})
    assert answer.status_code == 202, answer.body
    return admin_token


def page(client, path, cookie):
    answer = client.http.get(path, headers={"Cookie": cookie})
    assert answer.status_code == 200, (path, answer.status_code)
    return answer.body.decode()


# ---------------------------------------------------------------- the API

def test_archive_and_bring_back_through_the_api(client, admin_token, demo_event):
    answer = client.http.post(f"/events/{EID}/archive", body="", headers=bearer(admin_token))
    assert answer.status_code == 200
    assert json.loads(answer.body)["archived"] is True
    assert client.http.get(f"/events/{EID}").status_code == 200          # the form and links keep working
    assert signup(client, EID, **person(1)).status_code == 201
    answer = client.http.delete(f"/events/{EID}/archive", headers=bearer(admin_token))
    assert json.loads(answer.body) == {"event_id": EID, "archived": False, "archived_at": None}


def test_delete_through_the_api_removes_every_item_of_the_event(client, crowd):
    assert {i["SK"]["S"].split("#")[0] for i in items_of(EID)} >= {"META", "REG", "EMAIL", "MESSAGE", "SEND"}
    answer = client.http.delete(f"/events/{EID}", headers=bearer(crowd))
    assert answer.status_code == 200
    assert json.loads(answer.body) == {"event_id": EID, "deleted": {"registrations": 2, "messages": 1, "downloads": 0}}
    assert items_of(EID) == []
    assert client.http.get(f"/events/{EID}").status_code == 404
    assert signup(client, EID, **person(3)).status_code == 404
    assert client.http.delete(f"/events/{EID}", headers=bearer(crowd)).status_code == 404


def test_an_export_token_may_not_delete(client, export_token, demo_event):
    assert client.http.delete(f"/events/{EID}", headers=bearer(export_token)).status_code == 403
    assert client.http.post(f"/events/{EID}/archive", body="", headers=bearer(export_token)).status_code == 403
    assert client.http.get(f"/events/{EID}").status_code == 200


# ---------------------------------------------------------------- the pages

def test_the_event_page_offers_close_archive_and_delete(client, team):
    cookie, _ = session_of(ADDRESS["organisator"])
    html = page(client, f"/organiser/events/{EID}", cookie)
    assert 'id="close-registration"' in html and 'id="archive"' in html and 'id="delete-event"' in html
    english = page(client, f"/organiser/events/{EID}?lang=en", cookie)
    assert "Close, archive or delete" in english


def test_a_meekijker_sees_none_of_it(client, team):
    cookie, _ = session_of(ADDRESS["meekijker"])
    html = page(client, f"/organiser/events/{EID}", cookie)
    assert 'id="event-end"' not in html


def test_closing_from_the_event_page(client, team):
    cookie, csrf = session_of(ADDRESS["organisator"])
    answer = post_form(client, f"/organiser/events/{EID}/registration",
                       {"csrf": csrf, "open": "no", "next": f"/organiser/events/{EID}"}, cookie)
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/organiser/events/{EID}?done=closed")
    html = page(client, f"/organiser/events/{EID}?done=closed", cookie)
    assert "De aanmelding is gesloten. Niemand kan zich nog aanmelden" in html
    assert 'id="open-registration"' in html
    assert signup(client, EID, **person(9)).status_code == 409


def test_archiving_moves_the_event_to_the_archived_list_and_back(client, team):
    cookie, csrf = session_of(ADDRESS["organisator"])
    assert f"/organiser/events/{EID}/edit" in page(client, "/organiser", cookie)
    answer = post_form(client, f"/organiser/events/{EID}/archive", {"csrf": csrf}, cookie)
    assert answer.headers["Location"].endswith("/organiser/archive?done=archived")
    events = page(client, "/organiser", cookie)
    assert f"/organiser/events/{EID}/edit" not in events
    assert "Gearchiveerd (1)" in events
    archived = page(client, "/organiser/archive?done=archived", cookie)
    assert "De bijeenkomst staat nu hier, bij Gearchiveerd." in archived
    assert f"/organiser/events/{EID}/restore" in archived
    answer = post_form(client, f"/organiser/events/{EID}/restore", {"csrf": csrf}, cookie)
    assert answer.headers["Location"].endswith(f"/organiser/events/{EID}?done=restored")
    assert f"/organiser/events/{EID}/edit" in page(client, "/organiser", cookie)
    assert "Er zijn geen gearchiveerde bijeenkomsten." in page(client, "/organiser/archive", cookie)


def test_the_archived_list_is_in_english_too(client, team):
    cookie, csrf = session_of(ADDRESS["organisator"])
    post_form(client, f"/organiser/events/{EID}/archive", {"csrf": csrf}, cookie)
    assert "Bring back" in page(client, "/organiser/archive?lang=en", cookie)


def test_the_delete_step_names_what_goes_and_deletes_only_when_confirmed(client, team, admin_token):
    cookie, csrf = session_of(ADDRESS["organisator"])
    signed_up(client, EID, **person(2))         # the team fixture signed up person 1
    html = page(client, f"/organiser/events/{EID}/delete", cookie)
    assert "2 aanmeldingen, met namen, e-mailadressen en antwoorden" in html
    assert "0 berichten aan deelnemers" in html
    assert client.http.get(f"/events/{EID}").status_code == 200     # opening the step changes nothing
    english = page(client, f"/organiser/events/{EID}/delete?lang=en", cookie)
    assert "2 registrations, with names, email addresses and answers" in english
    answer = post_form(client, f"/organiser/events/{EID}/delete", {"csrf": csrf}, cookie)
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/organiser?done=deleted")
    assert "De bijeenkomst en al haar gegevens zijn verwijderd." in page(client, "/organiser?done=deleted", cookie)
    assert items_of(EID) == []
    assert client.http.get(f"/organiser/events/{EID}", headers={"Cookie": cookie}).status_code == 404


def test_a_delete_without_csrf_changes_nothing(client, team):
    cookie, _ = session_of(ADDRESS["organisator"])
    assert post_form(client, f"/organiser/events/{EID}/delete", {}, cookie).status_code == 403
    assert client.http.get(f"/events/{EID}").status_code == 200


def test_the_deletion_is_in_the_log(client, team):
    cookie, csrf = session_of(ADDRESS["organisator"])
    post_form(client, f"/organiser/events/{EID}/archive", {"csrf": csrf}, cookie)
    beheerder, _ = session_of(BEHEERDER)
    assert '<tr data-action="archive">' in page(client, "/organiser/log", beheerder)
    post_form(client, f"/organiser/events/{EID}/delete", {"csrf": csrf}, cookie)
    log = page(client, "/organiser/log", beheerder)
    row = re.search(r'<tr data-action="delete_event">(.*?)</tr>', log, re.S).group(1)
    assert ADDRESS["organisator"] in row
    assert "Bijeenkomst verwijderd" in row
    assert DEMO_EVENT["title"]["nl"] in row
    assert "1 aanmelding verwijderd." in row


def test_the_archive_answer_says_since_when(client, admin_token, demo_event):
    from datetime import datetime, timedelta, timezone
    before = datetime.now(timezone.utc)
    answer = json.loads(client.http.post(f"/events/{EID}/archive", body="", headers=bearer(admin_token)).body)
    assert answer["archived"] is True
    assert before - timedelta(seconds=1) <= datetime.fromisoformat(answer["archived_at"]) <= datetime.now(timezone.utc)


def test_the_line_of_a_deletion_is_kept_one_year_then_goes(client, crowd):
    from datetime import datetime, timedelta
    assert client.http.delete(f"/events/{EID}", headers=bearer(crowd)).status_code == 200
    line = deletion_line()
    at = datetime.fromisoformat(line["at"]["S"])
    assert datetime.fromtimestamp(int(line["expires_at"]["N"]), at.tzinfo) - at.replace(microsecond=0) == timedelta(days=365)


def test_the_log_says_who_archived_and_who_brought_back_and_when(client, team):
    cookie, csrf = session_of(ADDRESS["organisator"])
    post_form(client, f"/organiser/events/{EID}/archive", {"csrf": csrf}, cookie)
    post_form(client, f"/organiser/events/{EID}/restore", {"csrf": csrf}, cookie)
    beheerder, _ = session_of(BEHEERDER)
    log = page(client, "/organiser/log", beheerder)
    rows = re.findall(r'<tr data-action="(archive|restore)">(.*?)</tr>', log, re.S)
    assert [action for action, _ in rows] == ["restore", "archive"]         # newest first
    for action, row in rows:
        assert f'class="who">{ADDRESS["organisator"]}</td>' in row
        assert re.search(r'data-label="Wanneer">\d{1,2} \w+\.? \d{4}, \d{1,2}\.\d{2} uur</td>', row)
        assert DEMO_EVENT["title"]["nl"] in row
        assert ("Bijeenkomst gearchiveerd" if action == "archive" else "Bijeenkomst teruggezet") in row


def test_the_deletion_is_named_by_the_events_own_first_language_and_logged_for_operators(client, crowd, caplog):
    answer = client.http.put(f"/events/{EID}", body=json.dumps(
        {**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, "locales": ["en", "nl"],
         "title": {"en": "Circular afternoon", "nl": "Circulaire middag"}}), headers={**bearer(crowd), **JSON})
    assert answer.status_code in (200, 201), answer.body
    with caplog.at_level("INFO"):
        assert client.http.delete(f"/events/{EID}", headers=bearer(crowd)).status_code == 200
    line = deletion_line()
    assert line["title"]["S"] == "Circular afternoon"
    [record] = [json.loads(r.getMessage()) for r in caplog.records if '"event.deleted"' in r.getMessage()]
    assert (record["event_id"], record["registrations"], record["messages"], record["downloads"]) == (EID, 2, 1, 0)
