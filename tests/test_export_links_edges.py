"""The edges of an export's link (chalicelib/blueprints/export_links.py) an organiser notices: a
job that failed says so at once and for good (no "try again in 5 seconds", no file), and a job
being written says to wait."""
import json
from datetime import datetime, timezone

import pytest

from chalicelib import downloads
from test_export_jobs import export, run_export_worker, three, visit  # noqa: F401 - fixture


@pytest.fixture
def failed_link(client, export_token, three, monkeypatch):  # noqa: F811 - the fixture
    """The link of a job whose file could not be written."""
    def broken(*_args, **_kwargs):
        raise RuntimeError("the renderer failed")
    monkeypatch.setattr(downloads, "render", broken)
    link = json.loads(export(client, export_token).body)["status_url"]
    run_export_worker(client)
    return link


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_a_failed_job_says_failed_and_does_not_ask_to_wait(client, failed_link, accept):
    answer = visit(client, failed_link, accept)
    assert answer.status_code == 200
    assert "Retry-After" not in answer.headers and "Location" not in answer.headers
    body = json.loads(answer.body)
    assert body["status"] == "failed"
    assert "download_url" not in body


def test_a_job_being_written_asks_to_come_back(client, export_token, three):  # noqa: F811 - the fixture
    from chalicelib import export_jobs, store
    link = json.loads(export(client, export_token).body)["status_url"]
    job = export_jobs.open_link(link.rsplit("/", 1)[1], datetime.now(timezone.utc))
    assert store.jobs.claim_job(job.event_id, job.id)      # the worker has taken it, not finished it
    for accept in ("application/json", "text/html"):
        answer = visit(client, link, accept)
        assert answer.status_code == 202
        assert answer.headers["Retry-After"] == "5"
        assert json.loads(answer.body)["status"] == "running"
