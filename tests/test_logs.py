"""The logs of a signup and of its mail: JSON lines with request and event ids, no personal data."""
import json
import logging

import pytest

from conftest import DEMO_EVENT, person, registration_id, run_email_worker

EID = DEMO_EVENT["id"]


@pytest.fixture
def log_lines():
    """Every line chalicelib.logs writes, as it is written."""
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(logging.Formatter("%(message)s"))
    from chalicelib.logs import LOGGER
    logger = logging.getLogger(LOGGER)
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


def test_signup_and_mail_logs_carry_ids_and_no_personal_data(client, demo_event, log_lines, capfd):
    someone = person(1, name="Tessa de Haas", email="tessa.dehaas@gemeente.example")
    response = client.http.post(f"/events/{EID}/signups", body=json.dumps(someone),
                                headers={"Content-Type": "application/json"})
    assert response.status_code == 201
    rid = registration_id(EID, someone["email"])
    run_email_worker(client)

    records = [json.loads(line) for line in log_lines]
    created = [r for r in records if r["msg"] == "signup.created"]
    sent = [r for r in records if r["msg"] == "mail.sent"]
    assert len(created) == 1 and len(sent) == 1, records
    assert created[0]["event_id"] == EID and created[0]["request_id"]
    assert created[0]["registration_id"] == rid and created[0]["email"] == "t***@g***"
    assert sent[0]["event_id"] == EID and sent[0]["registration_id"] == rid
    written = "\n".join(log_lines) + capfd.readouterr().out
    for personal in ("tessa.dehaas@gemeente.example", "tessa.dehaas", "Tessa de Haas", "Tessa", "de Haas"):
        assert personal.lower() not in written.lower()


def test_the_mail_workers_lines_carry_its_own_invocation_id_not_the_signups(client, demo_event, log_lines):
    """Looking a mail up in the logs: its lines name the worker's Lambda invocation, not the API
    request of the signup whose id the process last held."""
    assert client.http.post(f"/events/{EID}/signups", body=json.dumps(person(1)),
                            headers={"Content-Type": "application/json"}).status_code == 201
    run_email_worker(client)
    records = [json.loads(line) for line in log_lines]
    created, = [r for r in records if r["msg"] == "signup.created"]
    sent, = [r for r in records if r["msg"] == "mail.sent"]
    assert sent["request_id"] and sent["request_id"] != created["request_id"]


def test_the_export_workers_lines_carry_its_own_invocation_id_not_the_exports_request(
        client, demo_event, export_token, env, log_lines):
    from chalicelib import config
    from conftest import bearer, signup
    from test_export_jobs import run_export_worker
    assert signup(client, EID, **person(1)).status_code == 201
    env.setenv("EXPORT_SYNC_SECONDS", "0")      # every export goes to the worker
    config.settings.cache_clear()
    assert client.http.get(f"/events/{EID}/registrations?format=csv",
                           headers={**bearer(export_token), "Accept": "*/*"}).status_code == 202
    run_export_worker(client)
    records = [json.loads(line) for line in log_lines]
    queued, = [r for r in records if r["msg"] == "export.queued"]
    done, = [r for r in records if r["msg"] == "export.done"]
    assert done["request_id"] and done["request_id"] != queued["request_id"]
    assert queued["job_id"] and queued["job_id"] == done["job_id"]      # one job's lines found together
