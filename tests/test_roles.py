"""Roles (issue 28 item 2): every organiser page and API operation checks the member's role.

``ROUTES`` names every route of the app with what it needs; ``test_every_route_is_in_the_table``
fails when a route is added without a line here. ``test_each_route_allows_exactly_its_roles``
signs in as each role and asks every route: an allowed role gets past the check (any answer but
401 or 403), any other role gets 403. Remove one check from a handler and a role that should be
refused gets through, and the test names the route.
"""
import json
import re
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
    "beheerder": {"overview", "events", "people", "messages", "download", "door", "keys", "team", "settings", "log",
                  "webhooks"},
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
    ("/registrations/{token}/participants", "GET"): "link", ("/registrations/{token}/participants", "POST"): "link",
    ("/registrations/{token}/buddies", "POST"): "link",
    ("/registrations/{token}/sessions", "POST"): "link",     # the programme (issue 29)
    ("/registrations/{token}/answers", "GET"): "link", ("/registrations/{token}/answers", "POST"): "link",
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
    ("/organiser/events/{event_id}/programme", "GET"): "events",
    ("/organiser/events/{event_id}/programme", "POST"): "events",
    ("/organiser/events/{event_id}/embed", "GET"): "events", ("/organiser/events/{event_id}/origins", "POST"): "events",
    ("/organiser/events/{event_id}/registration", "POST"): "events",
    ("/organiser/events/{event_id}/copy", "GET"): "events", ("/organiser/events/{event_id}/copy", "POST"): "events",
    ("/organiser/events/{event_id}/cancel", "GET"): "events",
    ("/organiser/events/{event_id}/registrations", "GET"): "people",
    ("/organiser/events/{event_id}/registrations/new", "GET"): "people",
    ("/organiser/events/{event_id}/registrations/new", "POST"): "people",
    ("/organiser/events/{event_id}/registrations/{registration_id}", "GET"): "people",
    ("/organiser/events/{event_id}/registrations/{registration_id}/resend", "POST"): "people",
    ("/organiser/events/{event_id}/registrations/{registration_id}/cancel", "GET"): "people",
    ("/organiser/events/{event_id}/registrations/{registration_id}/erase", "GET"): "people",
    ("/organiser/events/{event_id}/registrations/{registration_id}/checkin", "POST"): "door",
    ("/organiser/events/{event_id}/registrations/{registration_id}/checkin/undo", "POST"): "door",
    ("/organiser/events/{event_id}/messages/new", "GET"): "messages",
    ("/organiser/events/{event_id}/messages/preview", "POST"): "messages",
    ("/organiser/events/{event_id}/messages", "POST"): "messages",
    ("/organiser/events/{event_id}/buddies", "GET"): "people",
    ("/organiser/events/{event_id}/buddies/make", "POST"): "people",
    ("/organiser/events/{event_id}/buddies/move", "POST"): "people",
    ("/organiser/events/{event_id}/buddies/send", "POST"): "people",
    ("/organiser/events/{event_id}/door", "GET"): "door", ("/organiser/events/{event_id}/attendance", "GET"): "door",
    ("/organiser/events/{event_id}/badges", "GET"): "door", ("/organiser/events/{event_id}/rooms", "GET"): "door",
    ("/organiser/events/{event_id}/evaluation", "GET"): "overview",
    ("/organiser/events/{event_id}/evaluation/download", "GET"): "download",
    ("/organiser/tokens", "GET"): "keys", ("/organiser/tokens", "POST"): "keys",
    ("/organiser/tokens/{token_id}/revoke", "POST"): "keys",
    ("/organiser/team", "GET"): "team", ("/organiser/team/invite", "POST"): "team",
    ("/organiser/team/role", "POST"): "team", ("/organiser/team/remove", "GET"): "team",
    ("/organiser/team/remove", "POST"): "team", ("/organiser/log", "GET"): "log",
    ("/organiser/team/events", "POST"): "team", ("/organiser/log/download", "GET"): "log",
    ("/organiser/settings", "GET"): "settings", ("/organiser/settings", "POST"): "settings",
    ("/organiser/settings/logo", "POST"): "settings", ("/organisations/{organisation_id}/logo", "GET"): "public",
    # webhooks (issue 28 item 9): the page and the API
    ("/organiser/webhooks", "GET"): "webhooks", ("/organiser/webhooks", "POST"): "webhooks",
    ("/organiser/webhooks/test", "POST"): "webhooks", ("/organiser/webhooks/secret", "POST"): "webhooks",
    ("/organiser/webhooks/remove", "POST"): "webhooks",
    ("/organisations/{organisation_id}/webhooks", "GET"): "webhooks",
    ("/organisations/{organisation_id}/webhooks", "POST"): "webhooks",
    ("/organisations/{organisation_id}/webhooks/{webhook_id}/test", "POST"): "webhooks",
    ("/organisations/{organisation_id}/webhooks/{webhook_id}/secret", "POST"): "webhooks",
    ("/organisations/{organisation_id}/webhooks/{webhook_id}/deliveries", "GET"): "webhooks",
    ("/organisations/{organisation_id}/webhooks/{webhook_id}", "DELETE"): "webhooks",
    # the organiser API, with a member's session
    ("/events/{event_id}", "PUT"): "events", ("/events/{event_id}", "PATCH"): "events",
    ("/events/{event_id}/definition", "GET"): "events", ("/events/{event_id}/copy", "POST"): "events",
    ("/events/{event_id}/registrations", "GET"): "download", ("/events/{event_id}/registrations", "POST"): "people",
    ("/events/{event_id}/registrations/{registration_id}/cancel", "POST"): "people",
    ("/events/{event_id}/stats", "GET"): "overview", ("/events/{event_id}/messages", "POST"): "messages",
    ("/checkin/{checkin_token}", "GET"): "door", ("/checkin/{checkin_token}", "POST"): "door",
    ("/checkin/{checkin_token}", "DELETE"): "door",
    ("/organisations/{organisation_id}", "GET"): "operator", ("/organisations/{organisation_id}", "PUT"): "operator",
    # archive and bring back (issue 28 item 8)
    ("/organiser/archive", "GET"): "events",
    ("/organiser/events/{event_id}/archive", "POST"): "events", ("/organiser/events/{event_id}/restore", "POST"): "events",
    ("/events/{event_id}/archive", "POST"): "events", ("/events/{event_id}/archive", "DELETE"): "events",
    ("/organiser/events/{event_id}/delete", "GET"): "events",
    # last: they change what the routes above find (the person is gone, the event cancelled, signed out)
    ("/organiser/events/{event_id}/registrations/{registration_id}/cancel", "POST"): "people",
    ("/organiser/events/{event_id}/registrations/{registration_id}/erase", "POST"): "people",
    ("/events/{event_id}/registrations/{registration_id}", "DELETE"): "people",
    ("/organiser/events/{event_id}/cancel", "POST"): "events",
    ("/events/{event_id}/cancel", "POST"): "events",
    # the API's delete first: after it the page's delete finds no event (its 404 page, not a 403)
    ("/events/{event_id}", "DELETE"): "events", ("/organiser/events/{event_id}/delete", "POST"): "events",
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
            "token_id": token_id, "organisation_id": ORG, "digest_token": "x", "token": "x",
            "webhook_id": _webhook(ORG)}


def _webhook(org_id):
    """An endpoint of the organisation (a receiver that is never asked: nothing is sent here)."""
    from chalicelib import webhooks
    return webhooks.create(org_id, {"url": "http://127.0.0.1:9/hook", "events": ["registration.created"]},
                           by="test", now=datetime.now(timezone.utc))[0]["webhook_id"]


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


@pytest.mark.parametrize("lowered", ["deur", "meekijker"])
@pytest.mark.parametrize("scope", ["export", "admin"])
def test_a_members_key_stops_when_their_role_no_longer_has_its_scope(client, admin_token, team, lowered, scope):
    """A meekijker may still see the counts (``overview``), but not what the key does (download)."""
    from chalicelib import auth
    _, secret = auth.mint(scope, [EID], label="van olaf", organisation_id=ORG, created_by=ADDRESS["organisator"])
    assert client.http.get(f"/events/{EID}/stats", headers=bearer(secret)).status_code == 200
    put_team(client, admin_token, [{"email": BEHEERDER, "role": "beheerder"},
                                   {"email": ADDRESS["organisator"], "role": lowered}])
    assert client.http.get(f"/events/{EID}/stats", headers=bearer(secret)).status_code == 401
    assert client.http.get(f"/events/{EID}/registrations", headers=bearer(secret)).status_code == 401


def test_an_operators_key_made_without_a_member_keeps_working(client, admin_token, export_token, team):
    put_team(client, admin_token, [{"email": BEHEERDER, "role": "beheerder"}])
    assert client.http.get(f"/events/{EID}/registrations", headers=bearer(export_token)).status_code == 200


# ---------------------------------------------------------------- the deur role: the events chosen for them

OTHER = "tweede-bijeenkomst-2026-12-20"


@pytest.fixture
def two_events(client, admin_token, team):
    from conftest import make_event
    make_event(client, admin_token, id=OTHER)
    return team


def choose(client, events, address=ADDRESS["deur"]):
    cookie, csrf = session_of(BEHEERDER)
    fields = {"csrf": csrf, "organisation": ORG, "email": address, **{f"event:{e}": "on" for e in events}}
    return client.http.post("/organiser/team/events", body=urlencode(fields), headers={**FORM, "Cookie": cookie})


def test_a_deur_member_sees_only_the_events_chosen_for_them(client, admin_token, two_events):
    from chalicelib import tokens
    cookie, _ = session_of(ADDRESS["deur"])
    assert client.http.get(f"/organiser/events/{OTHER}/door", headers={"Cookie": cookie}).status_code == 200
    answer = choose(client, [EID])
    assert answer.status_code == 303 and answer.headers["Location"].endswith("done=events_chosen")
    assert client.http.get(f"/organiser/events/{EID}/door", headers={"Cookie": cookie}).status_code == 200
    assert client.http.get(f"/organiser/events/{OTHER}/door", headers={"Cookie": cookie}).status_code == 404
    assert client.http.get(f"/organiser/events/{OTHER}/attendance", headers={"Cookie": cookie}).status_code == 404
    events = client.http.get("/organiser", headers={"Cookie": cookie}).body.decode()
    assert f"/organiser/events/{EID}/door" in events and f"/organiser/events/{OTHER}/door" not in events
    rid = signed_up(client, OTHER, **person(2))
    checkin = client.http.get("/checkin/" + tokens.sign_checkin(OTHER, rid), headers={"Cookie": cookie}).body.decode()
    assert "Deelnemer 2" not in checkin         # no name at the door of an event not chosen
    choose(client, [])                          # none chosen: every event again
    assert client.http.get(f"/organiser/events/{OTHER}/door", headers={"Cookie": cookie}).status_code == 200


def test_the_team_page_offers_the_choice_for_a_deur_member_only(client, two_events):
    cookie, _ = session_of(BEHEERDER)
    choose(client, [OTHER])
    html = client.http.get(f"/organiser/team?organisation={ORG}", headers={"Cookie": cookie}).body.decode()
    assert f'Bijeenkomsten van {ADDRESS["deur"]}' in html
    assert f'Bijeenkomsten van {ADDRESS["organisator"]}' not in html
    assert re.search(rf'name="event:{OTHER}" value="on" checked', html)
    assert not re.search(rf'name="event:{EID}" value="on" checked', html)
    english = client.http.get(f"/organiser/team?organisation={ORG}&lang=en", headers={"Cookie": cookie}).body.decode()
    assert "Events for the door" in english


def test_choosing_events_for_another_role_or_a_strange_event_is_refused(client, two_events):
    answer = choose(client, [EID], address=ADDRESS["organisator"])
    assert answer.status_code == 400
    assert "alleen voor iemand met de rol Deur" in answer.body.decode()
    assert choose(client, ["geen-bijeenkomst"]).status_code == 400


def test_another_role_drops_the_chosen_events(client, admin_token, two_events):
    choose(client, [EID])
    cookie, csrf = session_of(BEHEERDER)
    for role in ("organisator", "deur"):
        fields = {"csrf": csrf, "organisation": ORG, "email": ADDRESS["deur"], "role": role}
        assert client.http.post("/organiser/team/role", body=urlencode(fields),
                                headers={**FORM, "Cookie": cookie}).status_code == 303
    deur, _ = session_of(ADDRESS["deur"])
    assert client.http.get(f"/organiser/events/{OTHER}/door", headers={"Cookie": deur}).status_code == 200


def test_the_choice_is_in_the_log(client, two_events):
    choose(client, [EID])
    cookie, _ = session_of(BEHEERDER)
    log = client.http.get("/organiser/log", headers={"Cookie": cookie}).body.decode()
    assert re.search(r'<tr data-action="team_events">.*?1 bijeenkomst', log, re.S)
