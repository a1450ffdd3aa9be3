"""Issue 29, the programme's definition: rounds of sessions and the hybrid event's online part in
the definition (validation naming each bad member), the public view (bands, never the join link),
and the shape a registration stores (``sessions``, ``attendance``)."""
import copy
import json

import pytest

from conftest import DEMO_EVENT, DEMO_PROGRAMME, bearer, make_event

EID = DEMO_EVENT["id"]


def _put(client, token, body):
    body = {k: v for k, v in body.items() if k != "id"}
    return client.http.put(f"/events/{EID}", body=json.dumps(body),
                           headers={**bearer(token), "Content-Type": "application/json"})


def _with(path_value):
    body = copy.deepcopy({**DEMO_EVENT, **DEMO_PROGRAMME})
    path, value = path_value
    target = body
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    if value is _DROP:
        del target[last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return body


_DROP = object()
ROUND0, SESSION0 = "programme.rounds.0", "programme.rounds.0.sessions.0"


@pytest.mark.parametrize("change, field, code", [
    (("programme", "rondes"), "programme", "invalid"),
    (("programme", {"rounds": "x"}), "programme", "invalid"),
    ((ROUND0 + ".id", "Ronde 1"), "programme.rounds[0].id", "invalid"),
    ((ROUND0 + ".id", "ronde-2"), "programme.rounds[1].id", "duplicate"),
    ((ROUND0 + ".title", None), "programme.rounds[0].title", "required"),
    ((ROUND0 + ".starts_at", "morgen"), "programme.rounds[0].starts_at", "invalid_datetime"),
    ((ROUND0 + ".ends_at", "2026-12-09T13:00:00"), "programme.rounds[0].ends_at", "end_before_start"),
    ((ROUND0 + ".sessions", []), "programme.rounds[0].sessions", "required"),
    ((SESSION0 + ".id", "samenspel"), "programme.rounds[1].sessions[0].id", "duplicate"),
    ((SESSION0 + ".id", "online"), "programme.rounds[0].sessions[0].id", "invalid"),
    ((SESSION0 + ".title", ""), "programme.rounds[0].sessions[0].title", "required"),
    ((SESSION0 + ".capacity", 0), "programme.rounds[0].sessions[0].capacity", "positive_integer"),
    ((SESSION0 + ".capacity", "20"), "programme.rounds[0].sessions[0].capacity", "positive_integer"),
    ((SESSION0 + ".capacity", 10_000_001), "programme.rounds[0].sessions[0].capacity", "positive_integer"),  # > MAX_COUNT
    ((SESSION0 + ".waitlist_enabled", "ja"), "programme.rounds[0].sessions[0].waitlist_enabled", "boolean"),
    ((SESSION0 + ".room", _DROP), "programme.rounds[0].sessions[0].room", "required"),
    ((SESSION0 + ".host", "a\u202eb"), "programme.rounds[0].sessions[0].host", "invalid"),
    (("online", {"capacity": 20, "join_url": "http://zoom.example/j/1"}), "online.join_url", "invalid_url"),
    (("online", {"capacity": -1, "join_url": "https://zoom.example/j/1"}), "online.capacity", "positive_integer"),
    (("online", {"capacity": 10_000_001, "join_url": "https://zoom.example/j/1"}), "online.capacity",
     "positive_integer"),
    (("online", "ja"), "online", "invalid"),
    (("changes_close_at", "gisteren"), "changes_close_at", "invalid_datetime"),
])
def test_a_bad_programme_is_refused_naming_the_member(change, field, code):
    from chalicelib import events
    from chalicelib.errors import ValidationFailed
    with pytest.raises(ValidationFailed) as refused:
        events.validate(EID, _with(change))
    assert refused.value.fields.get(field) == code, refused.value.fields


def test_the_api_names_a_bad_session_in_the_visitors_words(client, admin_token):
    response = _put(client, admin_token, _with((SESSION0 + ".capacity", 0)))
    assert response.status_code == 400
    assert json.loads(response.body)["fields"] == {
        "programme.rounds[0].sessions[0].capacity": "Vul een heel getal in dat groter is dan 0."}


def test_the_demo_programme_round_trips_and_is_public_in_bands(client, admin_token):
    view = make_event(client, admin_token, public_spots="bands", **DEMO_PROGRAMME)
    rounds = view["programme"]["rounds"]
    assert [r["id"] for r in rounds] == ["ronde-1", "ronde-2"]
    maatjes = rounds[0]["sessions"][0]
    assert maatjes["title"] == "Zoek maatjes: samen leren in kleine clubjes" and maatjes["room"] == "Zaal 2"
    assert maatjes["availability"] == "open" and "spots_left" not in maatjes
    assert view["programme"]["changes_close_at"] == "2026-12-08T12:00:00+01:00"
    stored = json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body)
    assert stored["programme"]["rounds"][1]["sessions"][2] == {
        "id": "publieke-arena", "title": DEMO_PROGRAMME["programme"]["rounds"][1]["sessions"][2]["title"],
        "description": DEMO_PROGRAMME["programme"]["rounds"][1]["sessions"][2]["description"], "host": "DuurzaamDoor",
        "online": True, "waitlist_enabled": True, "capacity": 25}
    again = _put(client, admin_token, stored)
    assert again.status_code == 200
    assert json.loads(client.http.get(f"/events/{EID}/definition", headers=bearer(admin_token)).body) == stored


def test_exact_spots_per_session_only_where_the_organiser_chose_it(client, admin_token):
    view = make_event(client, admin_token, public_spots="exact", **DEMO_PROGRAMME)
    assert view["programme"]["rounds"][0]["sessions"][2]["spots_left"] == 15


def test_a_hybrid_event_shows_its_online_places_but_never_the_join_link(client, admin_token):
    link = "https://teams.example/l/meetup-join/geheim"
    make_event(client, admin_token, online={"capacity": 30, "join_url": link})
    response = client.http.get(f"/events/{EID}")
    view = json.loads(response.body)
    assert view["online"]["online"] == {"capacity": 30, "availability": "open", "spots_left": 30}
    assert view["online"]["onsite"]["capacity"] == 80
    assert view["capacity"] == 110      # on site and online together
    assert "geheim" not in response.body.decode()
    assert "geheim" not in client.http.get(f"/events/{EID}/form").body.decode()
