"""The edges of chalicelib.logs: which values are masked and how, the ids a line carries, the
metric lines, and the logger's own set-up in a fresh process."""
import json

import pytest

from chalicelib import logs
from test_logs import log_lines  # noqa: F401 - the fixture


@pytest.fixture
def unbound():
    yield
    logs.bind()


def last(lines):
    return json.loads(lines[-1])


@pytest.mark.parametrize("key", sorted(logs.PERSONAL - {"recipients"}))
def test_every_personal_key_is_masked(key, log_lines):  # noqa: F811
    logs.log("mail.sent", **{key: "tessa.dehaas@gemeente.example"})
    assert last(log_lines)[key] == "t***@g***"
    assert "dehaas" not in log_lines[-1] and "gemeente" not in log_lines[-1]


def test_the_full_list_of_personal_keys():
    """A key added to the logs' calls with a person's data must be masked: these are the ones."""
    assert logs.PERSONAL == {"email", "name", "to", "address", "recipient", "recipients", "email_norm"}


def test_a_list_of_recipients_is_masked_one_by_one(log_lines):  # noqa: F811
    logs.log("announcement.sent", recipients=["tessa@gemeente.example", "Jan de Vries"], count=2)
    line = last(log_lines)
    assert line["recipients"] == ["t***@g***", "J***"] and line["count"] == 2


def test_a_name_keeps_its_first_letter_only(log_lines):  # noqa: F811
    logs.log("signup.created", name="Tessa de Haas", email="x@y")
    line = last(log_lines)
    assert line["name"] == "T***" and line["email"] == "x***@y***"


def test_an_address_with_two_at_signs_is_split_at_the_last(log_lines):  # noqa: F811
    logs.log("bounce", address='"a@b"@gemeente.example')
    assert last(log_lines)["address"] == '"***@g***'


def test_other_keys_and_empty_values_are_written_as_they_are(log_lines):  # noqa: F811
    logs.log("signup.created", event_id="buurtfeest", email=None, name="", count=3, status="confirmed")
    line = last(log_lines)
    assert line["event_id"] == "buurtfeest" and line["count"] == 3 and line["status"] == "confirmed"
    assert line["email"] is None and line["name"] == ""
    assert line["msg"] == "signup.created" and line["level"] == "INFO"


def test_the_time_is_written_to_the_millisecond(log_lines, monkeypatch):  # noqa: F811
    monkeypatch.setattr(logs.time, "time", lambda: 1_760_000_000.123456)
    logs.log("tick")
    assert '"ts": 1760000000.123,' in log_lines[-1]


def test_bind_carries_ids_until_the_next_bind_and_drops_the_missing(log_lines, unbound):  # noqa: F811
    logs.bind(request_id="req-1", event_id="buurtfeest")
    logs.log("first")
    logs.bind(request_id="req-2", event_id=None)
    logs.log("second")
    first, second = (json.loads(line) for line in log_lines[-2:])
    assert first["request_id"] == "req-1" and first["event_id"] == "buurtfeest"
    assert second["request_id"] == "req-2" and "event_id" not in second


def test_a_metric_counts_one_unless_told_and_names_its_request(log_lines, unbound):  # noqa: F811
    logs.bind(request_id="req-3", event_id="buurtfeest")
    logs.metric("DependencyFailures")
    logs.metric("MailsSent", 4)
    once, four = (json.loads(line) for line in log_lines[-2:])
    assert once["DependencyFailures"] == 1 and four["MailsSent"] == 4
    assert once["request_id"] == "req-3" and "event_id" not in once
    assert once["_aws"]["CloudWatchMetrics"] == [{"Namespace": "Signups", "Dimensions": [[]],
                                                  "Metrics": [{"Name": "DependencyFailures", "Unit": "Count"}]}]


def test_each_record_is_written_once():
    """Whatever the module's import ran, one record is one line out (the handler is set up once)."""
    import io
    import logging
    handlers = [h for h in logging.getLogger(logs.LOGGER).handlers if type(h) is logging.StreamHandler]
    swapped = [(handler, handler.stream) for handler in handlers]
    for handler in handlers:
        handler.stream = io.StringIO()    # not setStream: it flushes the old one, which may be closed
    try:
        logs.log("once", event_id="buurtfeest")
    finally:
        written = [handler.stream.getvalue() for handler in handlers]
        for handler, old in swapped:
            handler.stream = old
    lines = [line for text in written for line in text.splitlines() if '"once"' in line]
    assert len(lines) == 1 and json.loads(lines[0])["event_id"] == "buurtfeest"


FRESH = """
import json, logging, sys
root = []
class Root(logging.Handler):
    def emit(self, record):
        root.append(record.getMessage())
logging.getLogger().addHandler(Root())
from chalicelib import logs
logs.log("fresh", event_id="e1")
sys.stdout.flush()
print(json.dumps({"root": root}))
"""


def test_a_fresh_process_writes_bare_json_lines_at_info_to_stdout_only():
    """Lambda's log pipeline reads stdout; a line must be the JSON alone (the metric lines are
    parsed as EMF), INFO must get through, and nothing goes to the root logger Lambda's runtime
    also writes out (each record would be written twice)."""
    import os
    import subprocess
    import sys
    from conftest import ROOT
    out = subprocess.run([sys.executable, "-c", FRESH], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2, out
    assert json.loads(lines[0])["msg"] == "fresh" and json.loads(lines[0])["event_id"] == "e1"
    assert json.loads(lines[1]) == {"root": []}


def test_a_metric_line_is_stamped_in_milliseconds(log_lines, monkeypatch):  # noqa: F811
    """CloudWatch's Embedded Metric Format: _aws.Timestamp, milliseconds since the epoch."""
    monkeypatch.setattr(logs.time, "time", lambda: 1_760_000_000.123456)
    logs.metric("MailsSent")
    assert last(log_lines)["_aws"]["Timestamp"] == 1_760_000_000_123


def test_text_is_written_readable_and_any_value_as_its_text(log_lines):  # noqa: F811
    """An event's title in CloudWatch as it reads (not \\u escapes); a date or other value that JSON
    has no type for is written as its text rather than losing the line."""
    from datetime import datetime, timezone
    logs.log("event.saved", title="Zoë's café", at=datetime(2026, 12, 7, 10, 0, tzinfo=timezone.utc))
    assert "Zoë's café" in log_lines[-1]
    assert last(log_lines)["at"] == "2026-12-07 10:00:00+00:00"
