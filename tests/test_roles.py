"""Roles (issue 28 item 2): every organiser page and API operation checks the member's role.

``ROUTES`` names every route of the app with what it needs; ``test_every_route_is_in_the_table``
fails when a route is added without a line here. ``test_each_route_allows_exactly_its_roles``
signs in as each role and asks every route: an allowed role gets past the check (any answer but
401 or 403), any other role gets 403. Remove one check from a handler and a role that should be
refused gets through, and the test names the route.
"""
import json
import secrets
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

import pytest
from conftest import DEMO_EVENT, DEMO_ORG, bearer, person, signed_up

EID, ORG = DEMO_EVENT["id"], DEMO_ORG["id"]
BEHEERDER = DEMO_ORG["members"][0]["email"]
ADDRESS = {"beheerder": BEHEERDER, "organisator": "olaf@duurzaamdoor.example",
           "deur": "dirk@duurzaamdoor.example", "meekijker": "mila@duurzaamdoor.example"}
EXTRA = "extra@duurzaamdoor.example"        # the one the team routes change and remove
FORM = {"Content-Type": "application/x-www-form-urlencoded"}

# What the issue gives each role, written out here apart from chalicelib.roles, which must agree.
EXPECTED = {
    "beheerder": {"overview", "events", "people", "messages", "download", "door", "keys", "team", "settings", "log"},
    "organisator": {"overview", "events", "people", "messages", "download", "door", "keys"},
    "deur": {"door"},
    "meekijker": {"overview"},
}

# (path, method) -> what it needs: a capability, "member" (anyone signed in), "operator" (an admin
# token on all events, no session), "public" (no sign-in), "link" (the signed link is the right)
ROUTES = {
    ("/", "GET"): "public", ("/health", "GET"): "public", ("/openapi.json", "GET"): "public",
    ("/assets/site.css", "GET"): "public",
    ("/events/{event_id}", "GET"): "public", ("/events/{event_id}/form", "GET"): "public",
    ("/events/{event_id}/signups", "POST"): "public", ("/events/{event_id}/thanks", "GET"): "public",
    ("/registrations/{token}", "GET"): "link", ("/registrations/{token}/calendar.ics", "GET"): "link",
    ("/registrations/{token}/cancel", "GET"): "link", ("/registrations/{token}/cancel", "POST"): "link",
    ("/registrations/{token}/confirm", "POST"): "link", ("/unsubscribe/{token}", "GET"): "link",
    ("/unsubscribe/{token}", "POST"): "link", ("/exports/{token}", "GET"): "link",
    ("/digest/{digest_token}", "GET"): "link", ("/digest/{digest_token}", "POST"): "link",
    ("/evaluation/{token}", "GET"): "link", ("/evaluation/{token}", "POST"): "link",       # after the meeting
    ("/proof/{token}", "GET"): "link", ("/proof/{token}/pdf", "GET"): "link", ("/verify/{token}", "GET"): "link",
    ("/organiser/login", "POST"): "public", ("/organiser/login/{token}", "GET"): "public",
    ("/organiser/login/{token}", "POST"): "public",
    # the organiser web
    ("/organiser", "GET"): "member",
    ("/organiser/events/new", "GET"): "events", ("/organiser/events/new", "POST"): "events",
    ("/organiser/events/{event_id}", "GET"): "overview",
    ("/organiser/events/{event_id}/edit", "GET"): "events", ("/organiser/events/{event_id}/edit", "POST"): "events",
    ("/organiser/events/{event_id}/embed", "GET"): "events", ("/organiser/events/{event_id}/origins", "POST"): "events",
    ("/organiser/events/{event_id}/registration", "POST"): "events",
    ("/organiser/events/{event_id}/copy", "GET"): "events", ("/organiser/events/{event_id}/copy", "POST"): "events",
    ("/organiser/events/{event_id}/cancel", "GET"): "events",
    ("/organiser/events/{event_id}/registrations", "GET"): "people",
    ("/organiser/events/{event_id}/registrations/new", "GET"): "people",
    ("/organiser/events/{event_id}/registrations/new", "POST"): "people",
    ("/organiser/events/{event_id}/registrations/{registration_id}/resend", "POST"): "people",
    ("/organiser/events/{event_id}/registrations/{registration_id}/cancel", "GET"): "people",
    ("/organiser/events/{event_id}/registrations/{registration_id}/erase", "GET"): "people",
    ("/organiser/events/{event_id}/registrations/{registration_id}/checkin", "POST"): "door",
    ("/organiser/events/{event_id}/registrations/{registration_id}/checkin/undo", "POST"): "door",
    ("/organiser/events/{event_id}/messages/new", "GET"): "messages",
    ("/organiser/events/{event_id}/messages/preview", "POST"): "messages",
    ("/organiser/events/{event_id}/messages", "POST"): "messages",
    ("/organiser/events/{event_id}/door", "GET"): "door", ("/organiser/events/{event_id}/attendance", "GET"): "door",
    ("/organiser/events/{event_id}/evaluation", "GET"): "overview",
    ("/organiser/events/{event_id}/evaluation/download", "GET"): "download",
    ("/organiser/tokens", "GET"): "keys", ("/organiser/tokens", "POST"): "keys",
    ("/organiser/tokens/{token_id}/revoke", "POST"): "keys",
    ("/organiser/team", "GET"): "team", ("/organiser/team/invite", "POST"): "team",
    ("/organiser/team/role", "POST"): "team", ("/organiser/team/remove", "GET"): "team",
    ("/organiser/team/remove", "POST"): "team", ("/organiser/log", "GET"): "log",
    # the organiser API, with a member's session
    ("/events/{event_id}", "PUT"): "events", ("/events/{event_id}", "PATCH"): "events",
    ("/events/{event_id}/definition", "GET"): "events", ("/events/{event_id}/copy", "POST"): "events",
    ("/events/{event_id}/registrations", "GET"): "download", ("/events/{event_id}/registrations", "POST"): "people",
    ("/events/{event_id}/registrations/{registration_id}/cancel", "POST"): "people",
    ("/events/{event_id}/stats", "GET"): "overview", ("/events/{event_id}/messages", "POST"): "messages",
    ("/checkin/{checkin_token}", "GET"): "door", ("/checkin/{checkin_token}", "POST"): "door",
    ("/checkin/{checkin_token}", "DELETE"): "door",
    ("/organisations/{organisation_id}", "GET"): "operator", ("/organisations/{organisation_id}", "PUT"): "operator",
    # last: they change what the routes above find (the person is gone, the event cancelled, signed out)
    ("/organiser/events/{event_id}/registrations/{registration_id}/cancel", "POST"): "people",
    ("/organiser/events/{event_id}/registrations/{registration_id}/erase", "POST"): "people",
    ("/events/{event_id}/registrations/{registration_id}", "DELETE"): "people",
    ("/organiser/events/{event_id}/cancel", "POST"): "events",
    ("/events/{event_id}/cancel", "POST"): "events",
    ("/organiser/logout", "POST"): "member",
}


def test_every_route_is_in_the_table():
    from app import app
    served = {(path, method) for path, methods in app.routes.items() for method in methods
              if method not in ("HEAD", "OPTIONS")}
    assert served - set(ROUTES) == set(), "a route without a role check in this table"
    assert set(ROUTES) - served == set()


def test_the_role_table_is_what_the_issue_asks():
    from chalicelib import roles
    assert set(roles.ROLES) == set(EXPECTED)
    for role, capabilities in EXPECTED.items():
        for capability in capabilities | {c for cs in EXPECTED.values() for c in cs}:
            assert roles.allows(role, capability) == (capability in capabilities), (role, capability)


# ---------------------------------------------------------------- signed in as each role

def put_team(client, admin_token, members):
    answer = client.http.put(f"/organisations/{ORG}", body=json.dumps({"name": DEMO_ORG["name"], "members": members}),
                             headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert answer.status_code == 200, answer.body
    return answer


def session_of(address):
    """A live session for ``address`` as signing in makes it: ``(cookie, csrf)``."""
    from chalicelib import organising, store
    from chalicelib.http import sessions
    sid = secrets.token_urlsafe(32)
    now = datetime.now(timezone.utc)
    store.organisations.put_session(organising.digest(sid), address, int((now + timedelta(hours=1)).timestamp()), now)
    return f"{sessions.cookie_name()}={sid}", sessions.csrf_token(sid)


@pytest.fixture
def team(client, admin_token, demo_event):
    """The demo organisation with one member of each role (and one more), a registration, a key."""
    from chalicelib import auth, tokens
    put_team(client, admin_token, [{"email": address, "role": role} for role, address in ADDRESS.items()]
             + [{"email": EXTRA, "role": "organisator"}])
    rid = signed_up(client, EID, **person(1))
    token_id, _ = auth.mint("export", [EID], label="sleutel", organisation_id=ORG, created_by=BEHEERDER)
    return {"event_id": EID, "registration_id": rid, "checkin_token": tokens.sign_checkin(EID, rid),
            "token_id": token_id, "organisation_id": ORG, "digest_token": "x", "token": "x"}


def ask(client, path, method, params, cookie, csrf):
    url = path.format(**params)
    headers = {"Cookie": cookie, "X-CSRF-Token": csrf}
    body = ""
    if path == "/organiser/team/remove" and method == "GET":
        url += "?" + urlencode({"organisation": ORG, "email": EXTRA})
    if method in ("POST", "PUT", "PATCH"):
        fields = {"csrf": csrf, "organisation": ORG, "email": EXTRA, "role": "meekijker"}
        body, headers["Content-Type"] = urlencode(fields), FORM["Content-Type"]
        if not path.startswith("/organiser"):
            body, headers["Content-Type"] = "{}", "application/json"
    return client.http.request(method, url, body=body, headers=headers)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_route_allows_exactly_its_roles(client, team, role):
    cookie, csrf = session_of(ADDRESS[role])
    wrong = []
    for (path, method), needs in ROUTES.items():
        if needs in ("public", "link"):
            continue
        answer = ask(client, path, method, team, cookie, csrf)
        body = answer.body.decode("utf-8", "replace")
        allowed = needs == "member" or needs in EXPECTED[role]
        if (path, method) == ("/checkin/{checkin_token}", "GET"):     # a page for everyone; the name only at the door
            got = "Deelnemer 1" in body
        else:
            got = answer.status_code not in (401, 403)
            if not got and answer.status_code != 403:
                wrong.append(f"{method} {path}: {answer.status_code}, not 403")
        if answer.status_code >= 500:
            wrong.append(f"{method} {path}: {answer.status_code}")
        if got != allowed:
            wrong.append(f"{method} {path}: {'let in' if got else 'refused'} ({answer.status_code})")
    assert wrong == [], f"{role}: " + "; ".join(wrong)


def test_a_refused_page_says_why(client, team):
    cookie, _ = session_of(ADDRESS["meekijker"])
    answer = client.http.get(f"/organiser/events/{EID}/registrations", headers={"Cookie": cookie})
    assert answer.status_code == 403
    assert "Met jouw rol in het team kun je deze pagina niet gebruiken." in answer.body.decode()


def test_the_words_of_roles_and_the_team_keep_the_term_table():
    import re
    from conftest import ROOT
    from words import findings
    from chalicelib import roles
    texts = list(roles.LABELS.values()) + list(roles.DESCRIPTIONS.values())
    for name in ("organiser/team.html.j2", "organiser/team_remove.html.j2", "organiser/forbidden.html.j2", "organiser/log.html.j2",
                 "email/notice/invitation.j2"):
        texts += re.findall(r'_\("([^"]+)"', (ROOT / "templates" / name).read_text())
    assert [problem for text in texts for problem in findings(text)] == []


def test_a_meekijker_sees_counts_but_no_names_and_no_downloads(client, team):
    cookie, _ = session_of(ADDRESS["meekijker"])
    page = client.http.get(f"/organiser/events/{EID}", headers={"Cookie": cookie}).body.decode()
    assert 'data-count="confirmed"' in page
    assert "/registrations?format=" not in page
    assert "Deelnemer 1" not in page
    assert f"/organiser/events/{EID}/registrations" not in page     # no link to the people list either
    events = client.http.get("/organiser", headers={"Cookie": cookie}).body.decode()
    assert "format=xlsx" not in events


def test_the_door_sees_the_door_and_no_overview(client, team):
    cookie, _ = session_of(ADDRESS["deur"])
    events = client.http.get("/organiser", headers={"Cookie": cookie}).body.decode()
    assert f'/organiser/events/{EID}/door"' in events
    assert f'/organiser/events/{EID}"' not in events
    door = client.http.get(f"/organiser/events/{EID}/door", headers={"Cookie": cookie})
    assert door.status_code == 200
    assert "Deelnemer 1" in door.body.decode()
    assert f'href="https://signup.test/organiser/events/{EID}"' not in door.body.decode()    # no link to a 403


def test_only_a_beheerder_sees_the_team_in_the_menu(client, team):
    for role, address in ADDRESS.items():
        page = client.http.get("/organiser", headers={"Cookie": session_of(address)[0]}).body.decode()
        assert ("/organiser/team" in page) == (role == "beheerder"), role


# ---------------------------------------------------------------- changes take effect on the next request

def test_lowering_a_role_takes_effect_on_the_next_request(client, admin_token, team):
    cookie, _ = session_of(ADDRESS["organisator"])
    export = f"/events/{EID}/registrations?format=csv"
    assert client.http.get(export, headers={"Cookie": cookie}).status_code == 200
    put_team(client, admin_token, [{"email": BEHEERDER, "role": "beheerder"},
                                   {"email": ADDRESS["organisator"], "role": "meekijker"}])
    assert client.http.get(export, headers={"Cookie": cookie}).status_code == 403
    assert client.http.get(f"/organiser/events/{EID}", headers={"Cookie": cookie}).status_code == 200


def test_a_members_key_stops_when_their_membership_ends(client, admin_token, team):
    from chalicelib import auth
    _, secret = auth.mint("export", [EID], label="van olaf", organisation_id=ORG, created_by=ADDRESS["organisator"])
    export = f"/events/{EID}/registrations?format=csv"
    assert client.http.get(export, headers=bearer(secret)).status_code == 200
    put_team(client, admin_token, [{"email": BEHEERDER, "role": "beheerder"}])
    assert client.http.get(export, headers=bearer(secret)).status_code == 401


def test_a_members_key_stops_when_their_role_may_not_download(client, admin_token, team):
    from chalicelib import auth
    _, secret = auth.mint("export", [EID], label="van olaf", organisation_id=ORG, created_by=ADDRESS["organisator"])
    put_team(client, admin_token, [{"email": BEHEERDER, "role": "beheerder"},
                                   {"email": ADDRESS["organisator"], "role": "deur"}])
    assert client.http.get(f"/events/{EID}/stats", headers=bearer(secret)).status_code == 401


def test_an_operators_key_made_without_a_member_keeps_working(client, admin_token, export_token, team):
    put_team(client, admin_token, [{"email": BEHEERDER, "role": "beheerder"}])
    assert client.http.get(f"/events/{EID}/registrations", headers=bearer(export_token)).status_code == 200
