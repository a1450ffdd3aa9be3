"""The edges of API keys (chalicelib/auth.py) an organiser notices where a key's state is read
without a request of its own: a big export's link works while the key that asked for it is live
(chalicelib/export_jobs.py), and stops the moment it ends, is revoked, or its maker leaves the team.
And what no key may do, whatever its scope: the team, the settings, the log are for members only."""
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib import auth, store
from conftest import DEMO_ORG

T = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
MAKER = DEMO_ORG["members"][0]["email"]


def record(token_id):
    return auth.record_of(token_id)


def test_a_key_is_live_until_the_moment_it_ends(table):
    token_id, _ = auth.mint("export", "*", expires_at=T + timedelta(days=30), now=T)

    assert auth.live(record(token_id), T + timedelta(days=30) - timedelta(milliseconds=1))
    assert not auth.live(record(token_id), T + timedelta(days=30))


def test_a_revoked_key_is_not_live(table):
    token_id, _ = auth.mint("export", "*", now=T)
    auth.revoke(token_id, now=T + timedelta(hours=1))

    assert not auth.live(record(token_id), T + timedelta(hours=2))


def test_an_operators_key_lives_without_a_team_and_a_members_key_ends_with_its_maker(table):
    operator, _ = auth.mint("export", "*", now=T)
    member, _ = auth.mint("export", "*", now=T, organisation_id=DEMO_ORG["id"], created_by=MAKER)
    assert auth.live(record(operator), T + timedelta(days=1))
    assert auth.live(record(member), T + timedelta(days=1))

    remaining = [m for m in DEMO_ORG["members"] if m["email"] != MAKER]
    store.organisations.put_organisation(DEMO_ORG["id"], DEMO_ORG["name"], remaining, T)

    assert not auth.live(record(member), T + timedelta(days=1))
    assert auth.live(record(operator), T + timedelta(days=1))


@pytest.mark.parametrize("capability", ["keys", "team", "settings", "log", "webhooks"])
def test_no_key_may_do_what_only_members_do(capability):
    assert not auth.Principal("tok_1", "admin", ("*",)).may(capability, "any-event")
    assert not auth.Principal("tok_1", "export", ("*",)).may(capability, "any-event")


def test_a_members_key_may_not_touch_an_event_that_does_not_exist(table):
    member = auth.Principal("tok_1", "admin", ("*",), organisation=DEMO_ORG["id"])

    assert not member.may("download", "bestaat-niet-2026")
    assert not member.may("download", "../etc")


def test_a_big_exports_link_of_a_key_no_longer_stored_stops(table):
    """The job's key is gone from the table (not only revoked): its link stops, it does not fail."""
    from chalicelib import export_jobs
    from chalicelib.models import ExportJob
    job = ExportJob(id="j1", event_id="any-event", state="done", query={}, token_id="tok_000000000000", created_at=T)

    assert auth.record_of("tok_000000000000") is None
    assert export_jobs.asker_may_download(job, T) is False


def test_a_key_made_without_a_name_is_listed_without_one(table):
    token_id, _ = auth.mint("export", "*", now=T)

    assert record(token_id)["label"] == ""
