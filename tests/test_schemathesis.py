"""Schemathesis against the running app: every check, 0 failures, exclusions named in the config.

The app runs as ``make dev`` runs it (``chalice local`` through scripts/local_api.py, on the
locked emulator), so the answers are the ones a client gets over HTTP, headers and all.
Requests carry the admin token, so organiser operations are exercised beyond 401, and the
attendee operations get a real token. Every check of Schemathesis 4 runs (its default, the
same as ``--checks all``) except the per-operation exclusions in tests/schemathesis.toml,
each with its reason there.
"""
import json
import os
import subprocess
import urllib.error
import urllib.request

import pytest
from conftest import ROOT
from live import stack

pytestmark = pytest.mark.xdist_group("live")
LONGEST = True      # the longest single test: handed out first (tests/conftest.py)

CONFIG = ROOT / "tests" / "schemathesis.toml"
MAX_EXAMPLES = 12


def attendee_token(api: str, event_id: str) -> str:
    """Sign someone up and return their attendee token (as the mail would carry it)."""
    body = json.dumps({"name": "Schemathesis", "email": "st@gemeente.example", "consent": True,
                       "organisation": "Gemeente Utrecht"}).encode()
    request = urllib.request.Request(f"{api}/events/{event_id}/signups", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    assert urllib.request.urlopen(request).status == 201
    from chalicelib import store, tokens
    [registration] = store.roster.registrations(event_id, consistent=True)
    return tokens.sign(event_id, registration.id)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def non_ascii_redirect(api: str, event_id: str):
    """A form post whose allowed _redirect is an IRI: over real HTTP, a 303 with an ASCII Location."""
    from urllib.parse import urlencode
    body = urlencode({"name": "Zoë", "email": "zoe@gemeente.example", "consent": "on", "organisation": "X",
                      "_redirect": "https://www.duurzaamdoor.example/bedankt-☃"}).encode()
    request = urllib.request.Request(f"{api}/events/{event_id}/signups", data=body, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        urllib.request.build_opener(NoRedirects).open(request)
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers["Location"]


def heads_then_get(api: str, paths: list) -> list:
    """HEAD each path, then GET the first, on one kept-alive connection: a body after a HEAD
    would be read as the start of the next answer."""
    import http.client
    from urllib.parse import urlsplit
    connection = http.client.HTTPConnection(urlsplit(api).netloc, timeout=30)
    seen = []
    for path in paths:
        connection.request("HEAD", path)
        answer = connection.getresponse()
        seen.append((answer.status, answer.read()))
    connection.request("GET", paths[0])
    answer = connection.getresponse()
    seen.append((answer.status, json.loads(answer.read())))
    connection.close()
    return seen


def test_the_app_satisfies_its_openapi_description(monkeypatch, tmp_path):
    with stack(monkeypatch) as (api, provisioned):
        token = attendee_token(api, provisioned["event_id"])
        assert heads_then_get(api, ["/health", f"/events/{provisioned['event_id']}", "/nowhere"]) == [
            (200, b""), (200, b""), (404, b""), (200, {"status": "ok"})]
        assert non_ascii_redirect(api, provisioned["event_id"]) == (
            303, "https://www.duurzaamdoor.example/bedankt-%E2%98%83?status=confirmed")
        config = tmp_path / "schemathesis.toml"
        config.write_text(CONFIG.read_text() + f'''
[[operations]]
# the attendee operations need a real token to reach more than 404 invalid_token
include-path-regex = "^/registrations/"
parameters = {{ token = "{token}" }}
''')
        command = [str(ROOT / ".venv" / "bin" / "st"), "--config-file", str(config),
                   "run", f"{api}/openapi.json", "--max-examples", str(MAX_EXAMPLES), "--seed", "20261209",
                   "--workers", "1",   # Python 3.11's ast is not thread-safe under Hypothesis' lambda repr
                   # HEAD mirrors GET in one middleware (tests/test_http_conventions.py: every route; and
                   # over HTTP, no body after HEAD: test_gateway_responses); it would double the run
                   "--exclude-method", "HEAD",
                   "--no-color", "--output-truncate", "true",
                   "--header", f"Authorization: Bearer {provisioned['admin_token']}"]
        run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600,  # a hang guard: ~250 s alone
                             env={**os.environ, "NO_COLOR": "1"})
    assert run.returncode == 0, run.stdout[-30000:] + run.stderr[-5000:]
