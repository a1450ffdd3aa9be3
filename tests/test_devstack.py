"""End to end through `make dev`: the real local stack in a subprocess, on free ports."""
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from email import message_from_string, policy

import pytest

from conftest import DEMO_EVENT, ROOT

pytestmark = pytest.mark.xdist_group("live")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Nothing listens, and a new server could bind it (as servers do, with SO_REUSEADDR)."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"{what} within {timeout} s")


@contextlib.contextmanager
def running_stack(tmp_path, **settings):
    """``(stack_json, process, ports)`` of a running ``python -m scripts.devstack``; stopped afterwards."""
    ports = {name: free_port() for name in ("API_PORT", "MAIL_PORT", "EMULATOR_PORT")}
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k != "TABLE_NAME"}
    env.update({name: str(port) for name, port in ports.items()}, DEV_DIR=str(tmp_path), PYTHONUNBUFFERED="1",
               **settings)
    log = open(tmp_path / "devstack.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "scripts.devstack"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    stack_file = tmp_path / "stack.json"
    try:
        wait_for(lambda: stack_file.exists() or process.poll() is not None, 60, "the stack came up")
        assert process.poll() is None, (tmp_path / "devstack.log").read_text()
        yield json.loads(stack_file.read_text()), process, ports
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)     # the stack stops its own children
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        log.close()


@pytest.fixture
def stack(tmp_path):
    with running_stack(tmp_path) as running:
        yield running


def get_json(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def request_json(url, body=None, method="GET", headers=None):
    request = urllib.request.Request(url, data=body and json.dumps(body).encode(), method=method, headers={
        "Content-Type": "application/json", "Accept": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def post_signup(api_url, event_id, body):
    request = urllib.request.Request(f"{api_url}/events/{event_id}/signups", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())


def test_a_signup_mail_reaches_the_viewer_and_sigterm_stops_everything(stack):
    stack_json, process, ports = stack
    api, mail_url = stack_json["api_url"], stack_json["mail_url"]
    assert mail_url == f"http://127.0.0.1:{ports['MAIL_PORT']}"

    status, body = post_signup(api, stack_json["event_id"], {
        "name": "Tessa de Haas", "email": "tessa@example.org", "organisation": "DuurzaamDoor", "consent": True})
    assert status == 201 and body["status"] == "confirmed"

    (mail,) = wait_for(lambda: get_json(f"{mail_url}/messages.json"), 10, "the mail arrived")
    assert mail["to"] == ["tessa@example.org"]
    assert mail["subject"] == f"Aangemeld: {DEMO_EVENT['title']['nl']}"
    parsed = message_from_string(mail["raw"], policy=policy.default)
    assert "woensdag 9 december 2026, van 13.00 tot 17.00 uur" in parsed.get_body(("plain",)).get_content()
    assert DEMO_EVENT["title"]["nl"] in parsed.get_body(("html",)).get_content()
    assert [(p.get_filename(), p.get_content_type()) for p in parsed.iter_attachments()] == [
        ("invite.ics", "text/calendar")]
    with urllib.request.urlopen(mail_url, timeout=5) as page:
        html = page.read().decode()
    assert "Aangemeld: " in html and "invite.ics" in html and "srcdoc=" in html

    # a repeat is a cancelled transaction in the emulator: the pump must read on after it
    status, body = post_signup(api, stack_json["event_id"], {
        "name": "Tessa de Haas", "email": "tessa@example.org", "organisation": "DuurzaamDoor", "consent": True})
    assert status == 201 and body == {"event_id": stack_json["event_id"], "status": "confirmed"}
    post_signup(api, stack_json["event_id"], {
        "name": "Sam", "email": "sam@example.org", "organisation": "Gemeente", "consent": True})
    mails = wait_for(lambda: len(get_json(f"{mail_url}/messages.json")) == 3 and get_json(f"{mail_url}/messages.json"),
                     10, "the already-registered and the second mail arrived")
    assert sorted(m["to"][0] for m in mails) == ["sam@example.org", "tessa@example.org", "tessa@example.org"]

    process.send_signal(signal.SIGTERM)

    assert process.wait(15) == 0
    wait_for(lambda: all(port_is_free(p) for p in ports.values()), 5, "every port was freed")
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)


def test_a_request_line_the_server_cannot_parse_gets_the_contracts_400(stack):
    """A raw control character in the path: http.server would answer a status-less HTTP/0.9
    page (a client sees a dropped connection); the dev server answers as API Gateway does."""
    from urllib.parse import urlsplit
    api = urlsplit(stack[0]["api_url"])
    with socket.create_connection((api.hostname, api.port), timeout=10) as conn:
        conn.sendall(b"GET /events/a\x01 b/form HTTP/1.1\r\nHost: localhost\r\n\r\n")
        answer = b""
        while chunk := conn.recv(4096):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), answer[:200]
    assert json.loads(body) == {"error": "bad_request", "message": "We konden het formulier niet lezen. Probeer het opnieuw."}


def test_the_api_dies_with_a_killed_stack(stack):
    """Even SIGKILL on the stack (no chance to clean up) takes `chalice local` down with it."""
    stack_json, process, ports = stack
    os.kill(process.pid, signal.SIGKILL)
    process.wait(5)
    wait_for(lambda: port_is_free(ports["API_PORT"]), 10, "chalice local exited")


def test_the_demo_organiser_can_ask_for_a_sign_in_link(stack):
    stack_json, _, _ = stack
    assert stack_json["organisation_id"] == "duurzaamdoor"
    assert stack_json["organiser_email"] == "marieke@duurzaamdoor.example"
    request = urllib.request.Request(f"{stack_json['api_url']}/organiser/login", method="POST",
                                     data=f"email={stack_json['organiser_email']}".encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
    mails = wait_for(lambda: get_json(f"{stack_json['mail_url']}/messages.json"), 10, "the sign-in mail arrived")
    assert [m["to"] for m in mails] == [[stack_json["organiser_email"]]]
    text = message_from_string(mails[0]["raw"], policy=policy.default).get_body(("plain",)).get_content()
    assert f"{stack_json['api_url']}/organiser/login/" in text


def test_pump_ticks_expire_a_hold_and_send_a_reminder_and_log_no_traceback(tmp_path):
    """The schedules run locally as deployed: a lapsed hold expires, a due reminder goes out,
    and the stack's log shows no failure after several ticks."""
    with running_stack(tmp_path, SCHEDULE_SECONDS="1", HOLD_HOURS="0.0005", REMINDER_HOURS="1") as (s, _, _):
        api, mail_url = s["api_url"], s["mail_url"]
        admin = {"Authorization": f"Bearer {s['admin_token']}"}
        body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
        # starts in an hour and six seconds: its reminder (REMINDER_HOURS before) is due in six seconds
        starts = datetime.now(timezone.utc) + timedelta(hours=1, seconds=6)
        soon = {**body, "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=2)).isoformat()}
        request_json(f"{api}/events/hold-test", {**body, "double_opt_in": True}, "PUT", admin)
        request_json(f"{api}/events/reminder-test", soon, "PUT", admin)
        tessa = {"name": "Tessa de Haas", "email": "tessa@example.org", "organisation": "DuurzaamDoor",
                 "consent": True}
        assert post_signup(api, "hold-test", tessa)[1]["status"] == "pending"
        assert post_signup(api, "reminder-test", {**tessa, "email": "sam@example.org"})[1]["status"] == "confirmed"

        def mail(subject_start, to):
            return next((m for m in get_json(f"{mail_url}/messages.json")
                         if m["subject"].startswith(subject_start) and m["to"] == [to]), None)

        pending = wait_for(lambda: mail("Bevestig vóór ", "tessa@example.org"), 10, "the pending mail")
        text = message_from_string(pending["raw"], policy=policy.default).get_body(("plain",)).get_content()
        (manage_url,) = set(re.findall(rf"{re.escape(api)}/registrations/\S+", text))   # the action and the footer
        wait_for(lambda: request_json(manage_url)["status"] == "expired", 15, "the hold expired")
        reminder = wait_for(lambda: mail("Morgen: ", "sam@example.org"), 20, "the reminder went out")
        assert reminder["subject"] == f"Morgen: {DEMO_EVENT['title']['nl']}"

        time.sleep(2.5)     # at least two more ticks of both schedules
        log = (tmp_path / "devstack.log").read_text()
    assert "Traceback" not in log
    assert "[pump]" not in log


def test_with_the_table_gone_signups_answer_503_and_the_stack_still_stops_promptly(stack, tmp_path):
    """A misdeploy or a regional outage, as seen from outside: the emulator loses the table."""
    import boto3
    from urllib.error import HTTPError
    from urllib.parse import urlencode
    stack_json, process, ports = stack
    api, event_id = stack_json["api_url"], stack_json["event_id"]
    urllib.request.urlopen(f"{api}/events/{event_id}/form", timeout=10).read()     # the API knows the event
    dev_env = json.loads((tmp_path / "env.json").read_text())
    boto3.client("dynamodb", endpoint_url=dev_env["AWS_ENDPOINT_URL"], region_name="eu-west-1",
                 aws_access_key_id="local", aws_secret_access_key="local").delete_table(TableName=dev_env["TABLE_NAME"])

    request = urllib.request.Request(f"{api}/events/{event_id}/signups", method="POST", data=json.dumps(
        {"name": "Tessa de Haas", "email": "tessa@example.org", "organisation": "DuurzaamDoor", "consent": True}
    ).encode(), headers={"Content-Type": "application/json"})
    with pytest.raises(HTTPError) as answer:
        urllib.request.urlopen(request, timeout=20)
    assert answer.value.code == 503 and answer.value.headers["Retry-After"] == "60"
    assert json.loads(answer.value.read())["error"] == "service_unavailable"

    form = urllib.request.Request(f"{api}/events/{event_id}/signups", method="POST", data=urlencode(
        {"name": "Sam de Vries", "email": "sam@example.org", "organisation": "Gemeente", "consent": "on"}
    ).encode(), headers={"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(HTTPError) as page:
        urllib.request.urlopen(form, timeout=20)
    html = page.value.read().decode()
    assert page.value.code == 503 and page.value.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Er ging bij ons iets mis. Probeer het over een minuut opnieuw." in html
    assert 'value="Sam de Vries"' in html
    time.sleep(1.5)     # the pump and the schedules meet the missing table too

    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    assert process.wait(15) == 0
    assert time.monotonic() - started < 5
    wait_for(lambda: all(port_is_free(p) for p in ports.values()), 5, "every port was freed")


def test_stopping_takes_seconds_even_when_a_part_hangs():
    """A part stuck in its shutdown (a pump thread in an AWS call against a broken emulator)
    does not hold up the others or the exit."""
    import threading
    from scripts import devstack
    stopped, forever = [], threading.Event()

    def broken():
        raise RuntimeError("already gone")
    started = time.monotonic()
    done = devstack.stop_everything([lambda: stopped.append("api"), broken, lambda: stopped.append("viewer"),
                                     forever.wait, lambda: stopped.append("emulator")], limit=0.5)
    assert (done, stopped) == (False, ["api", "viewer"])
    assert time.monotonic() - started < 1
    forever.set()
