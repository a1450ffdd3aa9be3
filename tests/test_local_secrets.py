"""`make dev` keeps its secrets out of the terminal, the access log and other users' reach."""
import stat

import pytest

from scripts import devstack, local_api

STACK = {"api_url": "http://127.0.0.1:8000", "event_id": "e", "export_token": "sgn_EXPORTSECRET",
         "admin_token": "sgn_ADMINSECRET", "mail_url": "http://127.0.0.1:8025",
         "organisation_id": "duurzaamdoor", "organiser_email": "marieke@duurzaamdoor.example"}


def test_the_dev_files_are_readable_by_their_owner_only(tmp_path, monkeypatch):
    monkeypatch.setattr(devstack, "DEV", tmp_path / ".dev")
    (tmp_path / ".dev").mkdir()
    (tmp_path / ".dev" / "env.json").write_text("{}")       # left by an older run, 0644
    devstack.write_stack(STACK, {"TOKEN_SECRET": "s"})
    for name in ("stack.json", "env.json"):
        assert stat.S_IMODE((tmp_path / ".dev" / name).stat().st_mode) == 0o600, name
    assert "sgn_EXPORTSECRET" in (tmp_path / ".dev" / "stack.json").read_text()


def test_the_banner_says_where_the_tokens_are_not_what_they_are(capsys):
    devstack.announce(STACK)
    banner = capsys.readouterr().out
    assert "sgn_EXPORTSECRET" not in banner and "sgn_ADMINSECRET" not in banner
    assert "stack.json" in banner and "export_token" in banner


@pytest.mark.parametrize("line, masked", [
    ('"GET /registrations/k1.YWJj.c2ln HTTP/1.1" 200 -', '"GET /registrations/*** HTTP/1.1" 200 -'),
    ('"POST /registrations/k1.YWJj.c2ln/cancel HTTP/1.1" 200 -', '"POST /registrations/***/cancel HTTP/1.1" 200 -'),
    ('"GET /checkin/k1.x.y HTTP/1.1" 200 -', '"GET /checkin/*** HTTP/1.1" 200 -'),
    ('"GET /events/e/registrations?format=json&cursor=k1.a.b HTTP/1.1" 200 -',
     '"GET /events/e/registrations?format=json&cursor=*** HTTP/1.1" 200 -'),
    ('"GET /exports/k1.WyJlIiwiaiJd.c2ln HTTP/1.1" 303 -', '"GET /exports/*** HTTP/1.1" 303 -'),   # issue 25 item 11
    ('"GET /unsubscribe/k1.a.b HTTP/1.1" 200 -', '"GET /unsubscribe/*** HTTP/1.1" 200 -'),
    ('"POST /digest/k1.a.b HTTP/1.1" 200 -', '"POST /digest/*** HTTP/1.1" 200 -'),
    ('"GET /events/e/form HTTP/1.1" 200 -', '"GET /events/e/form HTTP/1.1" 200 -'),
])
def test_the_access_log_masks_tokens(line, masked):
    assert local_api.mask_secrets(line) == masked


def test_chalice_local_logs_through_the_mask(capsys):
    from chalice import local
    local_api.mask_access_log()
    handler = local.ChaliceRequestHandler.__new__(local.ChaliceRequestHandler)
    handler.client_address, handler.requestline = ("127.0.0.1", 1), "GET /registrations/k1.a.b HTTP/1.1"
    handler.log_request(200)
    assert "/registrations/*** " in capsys.readouterr().err
