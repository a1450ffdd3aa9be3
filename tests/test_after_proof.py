"""The proof of attendance (chalicelib/after.py): the organisation that held the meeting (or, without
one, the organiser's name), and a link whose registration is gone."""
from datetime import datetime, timezone

from chalicelib import aws, checkin, store, tokens
from conftest import DEMO_ORG, make_event
from test_after import EID
from test_outbox import join, stream  # noqa: F401 (a fixture)

DURING = datetime(2026, 12, 9, 12, 5, tzinfo=timezone.utc)
TEAM = {"name": "Team Circulair", "email": "circulair@duurzaamdoor.example"}    # the organiser's own name


def came(client, admin_token, **overrides):
    make_event(client, admin_token, proof_of_attendance=True, organiser=TEAM, **overrides)
    reg = join(client, 1)
    checkin.check_in(EID, reg.id, DURING)
    return reg


def proof(client, reg):
    return client.http.get(f"/proof/{tokens.sign_proof(EID, reg.id)}")


def test_the_proof_names_the_organisation_that_held_the_meeting(client, admin_token, stream):  # noqa: F811
    page = proof(client, came(client, admin_token))
    assert page.status_code == 200 and f"<dd>{DEMO_ORG['name']}</dd>" in page.body.decode()


def test_a_meeting_of_no_organisation_gives_its_proof_with_the_organisers_name(client, admin_token, stream):  # noqa: F811
    import json

    from conftest import DEMO_EVENT, bearer
    body = {k: v for k, v in DEMO_EVENT.items() if k not in ("id", "organisation_id")}
    made = client.http.put(f"/events/{EID}", body=json.dumps({**body, "proof_of_attendance": True, "organiser": TEAM}),
                           headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert made.status_code == 201, made.body
    reg = join(client, 1)
    checkin.check_in(EID, reg.id, DURING)
    page = proof(client, reg)
    assert page.status_code == 200 and "Deelnemer 1" in page.body.decode()
    assert "<dd>Team Circulair</dd>" in page.body.decode()     # the organiser's name in its place


def test_a_meeting_of_an_organisation_that_is_gone_gives_its_proof_with_the_organisers_name(client, admin_token, stream):  # noqa: F811
    reg = came(client, admin_token)
    aws.dynamodb().delete_item(TableName=aws.table_name(), Key=store.organisations._org_key(DEMO_ORG["id"]))
    page = proof(client, reg)
    assert page.status_code == 200 and "Deelnemer 1" in page.body.decode()
    assert "<dd>Team Circulair</dd>" in page.body.decode()     # the organiser's name in its place


def test_a_proof_whose_registration_has_expired_is_not_found_nor_verified(client, admin_token, stream):  # noqa: F811
    reg = came(client, admin_token)
    aws.dynamodb().delete_item(TableName=aws.table_name(), Key=store.roster.reg_key(EID, reg.id))   # its TTL
    assert proof(client, reg).status_code == 404
    assert client.http.get(f"/verify/{tokens.sign_verify(EID, reg.id)}").status_code == 404
