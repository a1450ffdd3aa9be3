"""The organisers' API at its edges (chalicelib/blueprints/organiser_api.py): a saved event answers in
its first language, only the operator's admin key on all events manages organisations, and a
cancellation's body is optional but must be an object."""
import json

from conftest import DEMO_EVENT, bearer, make_event
from test_organisers import put_org

EID = DEMO_EVENT["id"]


def test_a_saved_event_answers_in_its_first_language(client, admin_token):
    assert DEMO_EVENT["locales"][0] == "nl"
    assert make_event(client, admin_token)["title"] == DEMO_EVENT["title"]["nl"]
    patched = client.http.patch(f"/events/{EID}", body=json.dumps({"capacity": 30}),
                                headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert patched.status_code == 200 and json.loads(patched.body)["title"] == DEMO_EVENT["title"]["nl"]
    assert make_event(client, admin_token, locales=["en", "nl"])["title"] == DEMO_EVENT["title"]["en"]


def test_a_new_event_is_201_a_saved_one_200_and_the_answer_says_whether_it_takes_signups(client, admin_token):
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    headers = {**bearer(admin_token), "Content-Type": "application/json"}
    assert client.http.put(f"/events/{EID}", body=json.dumps(body), headers=headers).status_code == 201
    closed = client.http.put(f"/events/{EID}", body=json.dumps({**body, "registration_closes_at": "2020-01-01T12:00:00"}),
                             headers=headers)
    assert closed.status_code == 200
    assert (json.loads(closed.body)["registration_open"], json.loads(closed.body)["availability"]) == (False, "closed")


def test_only_the_operators_admin_key_on_all_events_manages_organisations(client, admin_token):
    from chalicelib import auth
    every_event_export = auth.mint("export", "*", label="alles")[1]
    some_events_admin = auth.mint("admin", [EID], label="een")[1]
    assert client.http.get("/organisations/nieuw").status_code == 401
    for key in (every_event_export, some_events_admin):
        assert put_org(client, key, org_id="nieuw").status_code == 403
        assert client.http.get("/organisations/nieuw", headers=bearer(key)).status_code == 403
    assert put_org(client, admin_token, org_id="nieuw").status_code == 201
    assert client.http.get("/organisations/nieuw", headers=bearer(admin_token)).status_code == 200


def test_an_event_is_cancelled_without_a_body_and_not_with_a_list(client, admin_token):
    from chalicelib import signups
    make_event(client, admin_token)
    listed = client.http.post(f"/events/{EID}/cancel", body="[]",
                              headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert listed.status_code == 400 and signups.get_event(EID).cancelled_at is None
    assert client.http.post(f"/events/{EID}/cancel", body="", headers=bearer(admin_token)).status_code == 200
    assert signups.get_event(EID).cancelled_at is not None


def test_a_beheerders_session_does_not_manage_organisations(client, admin_token):
    """Organisations are the operator's: even the beheerder of one, signed in, is refused (not a failure)."""
    from test_roles import ADDRESS, session_of
    assert put_org(client, admin_token, members=(ADDRESS["beheerder"],)).status_code in (200, 201)
    cookie, _ = session_of(ADDRESS["beheerder"])
    assert client.http.get("/organisations/duurzaamdoor", headers={"Cookie": cookie}).status_code == 403
