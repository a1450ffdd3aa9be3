"""The organiser CLI: tokens (create with expiry, list without secrets, revoke) and the audit trail."""
import io
import json
from datetime import datetime, timedelta, timezone

import pytest

from conftest import DEMO_EVENT, bearer, make_event, person, signup
from scripts import organiser

EID = DEMO_EVENT["id"]


def run(*argv):
    out = io.StringIO()
    code = organiser.main(list(argv), out=out)
    return code, out.getvalue()


def lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def create(*extra):
    code, text = run("token", "create", "--scope", "export", "--events", EID, *extra)
    assert code == 0
    return json.loads(text)


def test_create_shows_the_token_once_with_its_expiry(table):
    from chalicelib import auth
    created = create("--expires", "30d", "--label", "Marieke, comms")

    assert created["token"].startswith(auth.PREFIX) and created["token_id"].startswith("tok_")
    expires = datetime.fromisoformat(created["expires_at"])
    assert abs(expires - (datetime.now(timezone.utc) + timedelta(days=30))) < timedelta(minutes=1)
    principal = auth.verify(f"Bearer {created['token']}")
    assert principal.token_id == created["token_id"] and principal.may("export", EID)
    assert not principal.may("export", "another-event") and not principal.may("admin", EID)


def test_an_expired_token_stops_working(table):
    from chalicelib import auth
    created = create("--expires", "90m")

    later = datetime.now(timezone.utc) + timedelta(minutes=91)

    assert auth.verify(f"Bearer {created['token']}", now=later) is None


@pytest.mark.parametrize("duration", ["30", "1w", "-1d", "d"])
def test_a_bad_expiry_is_refused(table, duration):
    with pytest.raises(SystemExit):
        run("token", "create", "--scope", "export", "--events", EID, "--expires", duration)


def test_list_never_shows_a_secret_or_a_hash(table):
    from chalicelib import auth
    created = create("--expires", "30d", "--label", "export for comms")

    code, text = run("token", "list")

    assert code == 0
    assert created["token"] not in text and auth.hash_token(created["token"]) not in text
    assert auth.PREFIX not in text and "hash" not in text
    record = next(r for r in lines(text) if r["token_id"] == created["token_id"])
    assert record["scope"] == "export" and record["events"] == [EID]
    assert record["label"] == "export for comms" and record["expires_at"] == created["expires_at"]


def test_list_shows_when_a_token_was_last_used(client, demo_event):
    created = create()
    before = {r["token_id"]: r for r in lines(run("token", "list")[1])}[created["token_id"]]

    client.http.get(f"/events/{EID}/registrations", headers=bearer(created["token"]))

    after = {r["token_id"]: r for r in lines(run("token", "list")[1])}[created["token_id"]]
    assert "last_used_at" not in before
    assert datetime.fromisoformat(after["last_used_at"]) > datetime.now(timezone.utc) - timedelta(minutes=1)


def test_revoke_ends_a_token(client, demo_event):
    created = create()

    code, text = run("token", "revoke", created["token_id"])
    response = client.http.get(f"/events/{EID}/registrations", headers=bearer(created["token"]))

    assert code == 0 and text.strip() == f"revoked {created['token_id']}"
    assert response.status_code == 401
    record = next(r for r in lines(run("token", "list")[1]) if r["token_id"] == created["token_id"])
    assert record["revoked_at"]


def test_revoking_an_unknown_token_fails(table):
    assert run("token", "revoke", "tok_000000000000") == (1, "")


def test_audit_list_shows_who_exported_what_and_filters_by_event(client, admin_token, demo_event):
    make_event(client, admin_token, id="other-event")
    for n in range(3):
        signup(client, EID, **person(n))
    exporter = create("--label", "comms")
    client.http.get(f"/events/{EID}/registrations?format=xlsx", headers={**bearer(exporter["token"]), "Accept": "*/*"})
    client.http.get(f"/events/{EID}/registrations?format=json&limit=2&fields=name,email",
                    headers=bearer(exporter["token"]))
    client.http.get("/events/other-event/registrations?status=confirmed", headers=bearer(admin_token))

    code, text = run("audit", "list", "--event", EID)
    everything = lines(run("audit", "list")[1])

    assert code == 0
    page, workbook = lines(text)     # newest first
    assert {workbook["event_id"], page["event_id"]} == {EID}
    assert workbook["token_id"] == page["token_id"] == exporter["token_id"]
    assert (workbook["format"], workbook["rows"]) == ("xlsx", 3)
    assert (page["format"], page["rows"], page["fields"]) == ("json", 2, ["name", "email"])
    assert datetime.fromisoformat(page["at"]) >= datetime.fromisoformat(workbook["at"])
    assert len(everything) == 3 and everything[0]["event_id"] == "other-event"
    assert everything[0]["status"] == ["confirmed"]


def test_a_token_expires_after_90_days_unless_told_otherwise(table):
    created = create()
    expires = datetime.fromisoformat(created["expires_at"])
    assert abs(expires - (datetime.now(timezone.utc) + timedelta(days=90))) < timedelta(minutes=1)


@pytest.mark.parametrize("expires", ["never", "366d"])
def test_a_token_for_longer_than_a_year_is_refused(table, capsys, expires):
    from chalicelib import auth
    assert run("token", "create", "--scope", "export", "--events", EID, "--expires", expires) == (2, "")
    assert "--expires: at most 365d" in capsys.readouterr().err
    assert list(auth.list_tokens()) == []
    assert create("--expires", "365d")["token"].startswith("sgn_")


def test_a_minted_token_expires_after_90_days_by_default(table):
    from chalicelib import auth
    _, secret = auth.mint("export", [EID])
    assert auth.verify(f"Bearer {secret}") is not None
    assert auth.verify(f"Bearer {secret}", now=datetime.now(timezone.utc) + timedelta(days=91)) is None


# ---------------------------------------------------------------- events and organisations from files

def test_a_trailing_comma_gets_a_readable_message(table, tmp_path, capsys):
    path = tmp_path / "event.json"
    path.write_text('{"id": "x", "title": "Bijeenkomst",}')
    assert run("event", "put", str(path)) == (2, "")
    err = capsys.readouterr().err
    assert "is not valid JSON" in err and "line 1, column 36" in err
    assert "Traceback" not in err


def test_an_invalid_event_names_its_fields_in_words(table, tmp_path, capsys):
    path = tmp_path / "event.json"
    path.write_text(json.dumps({"id": "x", "title": "Bijeenkomst", "starts_at": "9 december",
                                "ends_at": "2026-12-09T17:00", "timezone": "Amsterdam"}))
    assert run("event", "put", str(path))[0] == 2
    err = capsys.readouterr().err
    assert "starts_at: Enter a date and time, for example 9 December 2026, 1:00 pm." in err
    assert "timezone: Choose a time zone." in err


def test_org_put_then_show(table, tmp_path):
    path = tmp_path / "org.json"
    path.write_text(json.dumps({"id": "gemeente-utrecht", "name": "Gemeente Utrecht",
                                "members": ["Jan@Utrecht.example"]}))
    assert run("org", "put", str(path)) == (0, "created org gemeente-utrecht\n")
    code, text = run("org", "show", "gemeente-utrecht")
    assert code == 0
    assert json.loads(text) == {"id": "gemeente-utrecht", "name": "Gemeente Utrecht",
                                "members": [{"email": "jan@utrecht.example", "role": "organisator"}]}


def test_org_show_of_an_unknown_organisation_fails(table):
    assert run("org", "show", "niemand") == (1, "")


def test_event_put_from_the_demo_file(table):
    from conftest import ROOT
    assert run("event", "put", str(ROOT / "demo" / f"{EID}.json")) == (0, f"created event {EID}\n")
