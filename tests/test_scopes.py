"""Every organiser operation checks its scope (issue 25 item 5), for every kind of credential.

tests/test_roles.py holds the table of every route of the app (``ROUTES``: what each needs) and
asks each as a signed-in member of every role. This file asks the same routes with the other
credentials an attacker may hold: none, an export key of this event (an operator's and a
member's), an admin key of this event, an admin key of another organisation's event, the session
of a member who was removed, and the session of another organisation's beheerder. A new route
fails ``test_every_route_is_asked`` until it is in ``ROUTES``.

What each credential may reach is written out below, apart from chalicelib.roles (which must
agree): remove one check from a handler, or from ``auth.Principal.may``, and a credential that
should be refused gets through and the test names the route. Each refused credential must also
leave no trace: the same routes are asked with bodies that would change something, and the
event, its people, messages, keys, team and the organisation's events must be as they were.
"""
import json
from urllib.parse import urlsplit

import pytest
from conftest import DEMO_EVENT, bearer, make_event, person
from test_roles import BEHEERDER, EID, ORG, ROUTES, ask, session_of, team  # noqa: F401 (a fixture)

OTHER_ORG, OTHER_EID, OTHER_MEMBER = "elders", "elders-overleg-2027-01-20", "els@elders.example"
REMOVED = "weg@duurzaamdoor.example"

# what a Bearer key's scope reaches (API operations only: the organiser pages take a session)
EXPORT_MAY = {"overview", "download"}
ADMIN_MAY = {"overview", "download", "events", "people", "messages", "door"}
# another organisation's beheerder: the pages of their own organisation, nothing of this one's
OWN_ORGANISATION_PAGES = {("/organiser", "GET"), ("/organiser/events/new", "GET"), ("/organiser/tokens", "GET"),
                          ("/organiser/team", "GET"), ("/organiser/log", "GET"), ("/organiser/log/download", "GET"),
                          ("/organiser/settings", "GET"), ("/organiser/archive", "GET"), ("/organiser/webhooks", "GET")}

# API bodies that would change something if a check let them through
NEW_DATES = {"starts_at": "2027-03-01T13:00:00+01:00", "ends_at": "2027-03-01T17:00:00+01:00"}
BODIES = {
    ("/events/{event_id}", "PUT"): {**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, "capacity": 7},
    ("/events/{event_id}", "PATCH"): {"capacity": 7},
    ("/events/{event_id}/copy", "POST"): {"id": "gekopieerd-2027-03-01", **NEW_DATES},
    ("/events/{event_id}/registrations", "POST"): person(9),
    ("/events/{event_id}/messages", "POST"): {"subject": "Andere zaal", "body": "Zaal 3.", "to": ["confirmed"]},
    ("/events/{event_id}/cancel", "POST"): {"message": "Gaat niet door."},
    ("/organisations/{organisation_id}", "PUT"): {"name": "Overgenomen", "members": ["dief@boef.example"]},
    ("/organisations/{organisation_id}/webhooks", "POST"): {"url": "http://127.0.0.1:9/dief",
                                                           "events": ["registration.created"]},
}


def _api(path, method):
    """An API operation (a Bearer key may call it); the rest are pages, for a session only. The
    check-in link's GET is a page: it shows the name to a signed-in member at the door."""
    return not path.startswith("/organiser") and (path, method) != ("/checkin/{checkin_token}", "GET")


def _export_may(path, method, needs):
    return _api(path, method) and needs in EXPORT_MAY


def _admin_may(path, method, needs):
    """A copy is a new event: outside a key that names events (it needs one on all events)."""
    return _api(path, method) and needs in ADMIN_MAY and (path, method) != ("/events/{event_id}/copy", "POST")


def _nothing(path, method, needs):
    return False


def _own_pages(path, method, needs):
    return (path, method) in OWN_ORGANISATION_PAGES


# credential -> (how to make it, what it may reach)
CREDENTIALS = {
    "no credentials": (lambda: {}, _nothing),
    "export key (operator)": (lambda: _key("export", [EID]), _export_may),
    "export key (member)": (lambda: _key("export", [EID], organisation_id=ORG, created_by=BEHEERDER), _export_may),
    "admin key of this event": (lambda: _key("admin", [EID]), _admin_may),
    "admin key of another organisation": (lambda: _key("admin", [OTHER_EID]), _nothing),
    "session of a removed member": (lambda: _session(REMOVED), _nothing),
    "session of another organisation's member": (lambda: _session(OTHER_MEMBER), _own_pages),
}


def _key(scope, events, **maker):
    from chalicelib import auth
    return bearer(auth.mint(scope, events, label="scope test", **maker)[1])


def _session(address):
    cookie, csrf = session_of(address)
    return {"Cookie": cookie, "X-CSRF-Token": csrf}


@pytest.fixture
def world(client, admin_token, team):
    """The demo organisation (a member of each role, a person, a key), a removed member with a
    live session, and another organisation with an event and a beheerder."""
    from test_roles import put_team
    put_team(client, admin_token, [{"email": BEHEERDER, "role": "beheerder"}, {"email": REMOVED, "role": "organisator"}]
             + [{"email": m["email"], "role": m["role"]} for m in _members() if m["email"] not in (BEHEERDER, REMOVED)])
    answer = client.http.put(f"/organisations/{OTHER_ORG}", body=json.dumps({
        "name": "Elders", "members": [{"email": OTHER_MEMBER, "role": "beheerder"}]}),
        headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert answer.status_code in (200, 201)
    make_event(client, admin_token, id=OTHER_EID, organisation_id=OTHER_ORG)
    return team


def _members():
    from chalicelib import store
    return store.organisations.get_organisation(ORG)["members"]


def _remove(client, admin_token, address):
    from test_roles import put_team
    put_team(client, admin_token, [m for m in _members() if m["email"] != address])


def let_in(answer, path, method) -> bool:
    """Whether the request got past the check: any answer but 401, 403, 404 or a way to sign in."""
    body = answer.body.decode("utf-8", "replace")
    if (path, method) == ("/organiser", "GET"):                 # for everyone; events only for a member
        return "/organiser/events/" in body
    if (path, method) == ("/checkin/{checkin_token}", "GET"):   # a page for everyone; the name only at the door
        return "Deelnemer 1" in body
    if (path, method) == ("/organiser/tokens", "POST"):         # let in: a key is made (or the form says what is missing)
        return 'id="secret"' in body or answer.status_code == 400 and 'name="event:' + EID in body
    signing_in = urlsplit(answer.headers.get("Location", "")).path == "/organiser"    # sign in first
    return answer.status_code not in (401, 403, 404) and not signing_in


def request(client, path, method, params, headers):
    """Ask a route as ``headers`` say: the API with a body that would change something, a page as
    tests/test_roles.py asks it (its form fields and CSRF token, if any)."""
    if not _api(path, method) or (path, method) not in BODIES:
        if "Cookie" in headers:
            return ask(client, path, method, params, headers["Cookie"], headers["X-CSRF-Token"])
        return ask(client, path, method, params, "", "") if not headers else _bearer_ask(
            client, path, method, params, headers)
    return client.http.request(method, path.format(**params), body=json.dumps(BODIES[(path, method)]),
                               headers={**headers, "Content-Type": "application/json"})


def _bearer_ask(client, path, method, params, headers):
    from urllib.parse import urlencode
    body, extra = "", {}
    if method in ("POST", "PUT", "PATCH"):
        if _api(path, method):
            body, extra = "{}", {"Content-Type": "application/json"}
        else:
            body, extra = urlencode({"organisation": ORG, "email": "x@y.example", "role": "meekijker"}), {
                "Content-Type": "application/x-www-form-urlencoded"}
    return client.http.request(method, path.format(**params), body=body, headers={**headers, **extra})


def fingerprint():
    """What a refused request must not change."""
    from chalicelib import auth, signups, store
    return {
        "people": sorted((r.id, r.status, r.name, r.email, r.checked_in_at) for r in store.roster.registrations(EID)),
        "definition": store.events.get_definition(EID),
        "cancelled": signups.get_event(EID).cancelled_at,
        "messages": store.announcements.messages_of(EID),
        "keys": sorted((r["token_id"], r.get("revoked_at")) for r in auth.list_tokens()),
        "team": sorted((m["email"], m["role"]) for m in _members()),
        "events": sorted(e.id for e in store.events.events_of_organisation(ORG)),
        "webhooks": sorted((w["webhook_id"], w["secret"]["salt"]) for w in store.webhooks.endpoints(ORG)),
    }


def test_every_route_is_asked():
    from app import app
    served = {(path, method) for path, methods in app.routes.items() for method in methods
              if method not in ("HEAD", "OPTIONS")}
    assert served == set(ROUTES), "a new route: add it to ROUTES in tests/test_roles.py"


def test_the_scopes_are_what_the_issue_asks():
    from chalicelib import roles
    for capability in ("overview", "events", "people", "messages", "download", "door", "keys", "team", "settings", "log"):
        scope = roles.scope_for(capability)
        assert (scope == "export") == (capability in EXPORT_MAY), capability
        assert (scope is not None) == (capability in ADMIN_MAY), capability


@pytest.mark.parametrize("credential", list(CREDENTIALS))
def test_each_credential_reaches_exactly_its_routes(client, admin_token, world, credential):
    make, may = CREDENTIALS[credential]
    headers = make()
    if credential == "session of a removed member":
        _remove(client, admin_token, REMOVED)
    before = fingerprint()
    wrong = []
    for (path, method), needs in ROUTES.items():
        if needs in ("public", "link") or (path, method) == ("/organiser/logout", "POST"):   # ends only one's own session
            continue
        answer = request(client, path, method, world, headers)
        if answer.status_code >= 500:
            wrong.append(f"{method} {path}: {answer.status_code}")
        allowed, got = may(path, method, needs), let_in(answer, path, method)
        if got != allowed:
            wrong.append(f"{method} {path}: {'let in' if got else 'refused'} ({answer.status_code})")
        if not allowed and answer.status_code in (401, 403) and _api(path, method) and answer.headers.get(
                "Content-Type", "").startswith("application/json"):
            assert json.loads(answer.body)["error"] in ("unauthorized", "forbidden")
    assert wrong == [], f"{credential}: " + "; ".join(wrong)
    if may is not _admin_may:
        assert fingerprint() == before, f"{credential} changed something"


@pytest.mark.parametrize("maker", [{}, {"organisation_id": ORG, "created_by": BEHEERDER}])
def test_an_export_key_changes_nothing(client, world, maker):
    """Not erase, cancel (a person or the event), message, PATCH, PUT, copy, add a person, check
    in, or mint: every change the API offers, with a body that would make it."""
    headers = _key("export", [EID], **maker)
    before = fingerprint()
    for (path, method), needs in ROUTES.items():
        if method != "GET" and _api(path, method) and needs not in ("public", "link"):
            answer = request(client, path, method, world, headers)
            assert answer.status_code == 403 if path != "/organisations/{organisation_id}" else answer.status_code in (
                401, 403), f"{method} {path}: {answer.status_code}"
    assert fingerprint() == before
    minted = client.http.post("/organiser/tokens", body=f"label=x&expiry=90&event:{EID}=on",
                              headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})
    assert (minted.status_code, urlsplit(minted.headers["Location"]).path) == (303, "/organiser")   # sign in first
    assert fingerprint() == before


def test_other_organisations_pages_show_nothing_of_this_one(client, world):
    cookie = _session(OTHER_MEMBER)["Cookie"]
    for path in ("/organiser", "/organiser/tokens", "/organiser/team", "/organiser/log"):
        page = client.http.get(path, headers={"Cookie": cookie}).body.decode()
        assert (EID in page, BEHEERDER in page, world["token_id"] in page) == (False, False, False), path
