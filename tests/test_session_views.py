"""Issue 29 item 3: the organiser's views per session of the programme: the Overzicht's counts, the
people list, messages to one session's people, the door and attendance list, the list per room."""
import json
import re
from urllib.parse import urlencode

import pytest
from conftest import DEMO_EVENT, DEMO_PROGRAMME, bearer, make_event, person, signed_up
from organiser_pages import FORM
from test_roles import BEHEERDER, ORG, put_team, session_of  # noqa: F401

EID = DEMO_EVENT["id"]
EVENT = f"/organiser/events/{EID}"


@pytest.fixture
def crowd(client, admin_token):
    """Small sessions: maatjes 2 seats with a waiting list, bouw 1 seat."""
    programme = json.loads(json.dumps(DEMO_PROGRAMME["programme"]))
    programme["rounds"][0]["sessions"][0]["capacity"] = 2
    make_event(client, admin_token, programme=programme)
    ids = {}
    for n, name, session in ((1, "Anne de Vries", "maatjes"), (2, "Bram Bakker", "maatjes"),
                             (3, "Cor van Dijk", "maatjes"), (4, "Dewi Jansen", "randvoorwaarden")):
        ids[name] = signed_up(client, EID, **person(n, name=name, organisation=f"Org {n}", sessions=[session, "samenspel"]))
    return ids


@pytest.fixture
def cookie(client, crowd):
    return session_of(BEHEERDER)[0]


def get(client, cookie, path):
    answer = client.http.get(path, headers={"Cookie": cookie})
    assert answer.status_code == 200, answer.body[:500]
    return answer.body.decode()


def test_the_overview_counts_seated_waiting_and_capacity_per_session(client, cookie):
    body = get(client, cookie, EVENT)
    row = re.search(r'<tr data-session="maatjes">(.*?)</tr>', body, re.S).group(1)
    assert re.search(r'class="seated">2<', row)
    assert re.search(r'class="waiting">1<', row)
    assert re.search(r'class="capacity">2<', row)
    other = re.search(r'<tr data-session="samenspel">(.*?)</tr>', body, re.S).group(1)
    assert re.search(r'class="seated">4<', other)


def names_in_people_list(body):
    return re.findall(r'<tr data-registration="\w+">\s*<th scope="row">([^<]+)</th>', body)


def test_the_people_list_filters_by_session(client, cookie):
    assert names_in_people_list(get(client, cookie, f"{EVENT}/registrations?session=maatjes")) == [
        "Anne de Vries", "Bram Bakker", "Cor van Dijk"]
    assert names_in_people_list(get(client, cookie, f"{EVENT}/registrations?session=randvoorwaarden")) == [
        "Dewi Jansen"]
    assert len(names_in_people_list(get(client, cookie, f"{EVENT}/registrations?session=geen-sessie"))) == 4


def test_the_door_and_the_attendance_list_show_one_sessions_seats(client, cookie):
    door = get(client, cookie, f"{EVENT}/door?session=maatjes")
    assert re.findall(r'<span class="who"><strong>([^<]+)</strong>', door) == ["Bram Bakker", "Anne de Vries"]
    listed = get(client, cookie, f"{EVENT}/attendance?session=maatjes")
    assert re.findall(r'<th scope="row">([^<]+)</th>', listed) == ["Bram Bakker", "Anne de Vries"]
    assert "Presentielijst: Lerende ambtenaren versnellen circulaire economie · " in listed


def test_the_list_per_room_names_each_sessions_seats_by_surname(client, cookie):
    body = get(client, cookie, f"{EVENT}/rooms")
    rooms = re.findall(r'<h2 id="room-\d+">([^<]+)</h2>', body)
    assert rooms == ["Zaal 2", "Zaal 3", "Zaal 4", "Online"]
    table = re.search(r'<table class="list attendance" data-session="maatjes">(.*?)</table>', body, re.S).group(1)
    assert re.findall(r'<th scope="row">([^<]+)</th>', table) == ["Bram Bakker", "Anne de Vries"]
    assert "Org 2" in table
    samenspel = re.search(r'data-session="samenspel">(.*?)</table>', body, re.S).group(1)
    assert re.findall(r'<th scope="row">([^<]+)</th>', samenspel) == [
        "Bram Bakker", "Cor van Dijk", "Dewi Jansen", "Anne de Vries"]


def test_a_message_to_one_sessions_people(client, cookie, crowd, admin_token):
    csrf = session_of(BEHEERDER)
    cookie, token = csrf
    fields = {"csrf": token, "subject": "Andere zaal", "body": "We zitten in zaal 5.", "to": "confirmed",
              "session": "maatjes"}
    preview = client.http.post(f"{EVENT}/messages/preview", body=urlencode(fields), headers={**FORM, "Cookie": cookie})
    assert preview.status_code == 200
    assert 'data-recipients="2"' in preview.body.decode()
    sent = client.http.post(f"{EVENT}/messages", body=urlencode(fields), headers={**FORM, "Cookie": cookie})
    assert sent.status_code == 303
    assert "n=2" in sent.headers["Location"]
    api = client.http.post(f"/events/{EID}/messages", body=json.dumps(
        {"subject": "Zaal", "body": "Zaal 5", "to": ["confirmed"], "session": "randvoorwaarden"}),
        headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert api.status_code == 202
    assert json.loads(api.body)["recipients"] == 1
    log = get(client, cookie, "/organiser/log")         # which session's people, newest first
    assert re.findall(r"Naar \d deelnemers?\. Sessie: [\w-]+\.", log) == [
        "Naar 1 deelnemer. Sessie: randvoorwaarden.", "Naar 2 deelnemers. Sessie: maatjes."]
    refused = client.http.post(f"/events/{EID}/messages", body=json.dumps(
        {"subject": "Zaal", "body": "Zaal 5", "to": ["confirmed"], "session": "bestaat-niet"}),
        headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert refused.status_code == 400
    assert list(json.loads(refused.body)["fields"]) == ["session"]
    for wrong in (0, False, [], {"id": "randvoorwaarden"}):      # not a session's id: refused, never sent to everyone
        refused = client.http.post(f"/events/{EID}/messages", body=json.dumps(
            {"subject": "Zaal", "body": "Zaal 5", "to": ["confirmed"], "session": wrong}),
            headers={**bearer(admin_token), "Content-Type": "application/json"})
        assert refused.status_code == 400, wrong
        assert list(json.loads(refused.body)["fields"]) == ["session"]


def test_the_download_has_a_column_per_round(client, crowd, admin_token):
    answer = client.http.get(f"/events/{EID}/registrations?format=csv", headers=bearer(admin_token))
    header = answer.body.decode("utf-8-sig").splitlines()[0]
    assert '"session_ronde-1"' in header
    assert '"session_ronde-2"' in header


def test_checking_in_at_one_sessions_door_comes_back_to_that_door(client, crowd):
    cookie, csrf = session_of(BEHEERDER)
    answer = client.http.post(f"{EVENT}/registrations/{crowd['Anne de Vries']}/checkin",
                              body=urlencode({"csrf": csrf, "back": "door", "q": "", "session": "maatjes"}),
                              headers={**FORM, "Cookie": cookie})
    assert answer.status_code == 303
    assert "session=maatjes" in answer.headers["Location"]
