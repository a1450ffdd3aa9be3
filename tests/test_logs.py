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
