"""``make dev``: the whole service on this machine, on the embedded AWS emulator.

Starts the emulator, creates the table and the SES sender identity, seeds the demo
event, mints the two organiser tokens, runs ``chalice local``, drives the stream
worker and the schedules, serves the mail viewer, and writes ``.dev/stack.json``.
Ctrl-C or SIGTERM stops every child and frees the ports.

Ports: API_PORT (8000), MAIL_PORT (8025), EMULATOR_PORT (4566).
"""
import json
import os
import pathlib
import secrets
import signal
import subprocess  # nosec B404  # starts our own `chalice local`, with a fixed argv
import sys
import threading
import time
import urllib.request
from datetime import datetime, timezone

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEV = pathlib.Path(os.environ.get("DEV_DIR") or ROOT / ".dev")
DEMO = ROOT / "demo" / "circulaire-economie-2026-12-09.json"
PROGRAMME = ROOT / "demo" / "programme.json"    # its rounds of workshops, kept apart: tests use the plain event
SENDER = "aanmelden@duurzaamdoor.example"


def local_env(emulator_url: str, api_url: str) -> dict:
    """What every process of the local stack needs in its environment."""
    return {
        "AWS_ENDPOINT_URL": emulator_url, "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",  # nosec B105  # the local emulator's dummy credentials
        "AWS_DEFAULT_REGION": "eu-west-1", "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
        "TABLE_NAME": os.environ.get("TABLE_NAME", "signups-local"),
        "PUBLIC_BASE_URL": api_url, "SENDER_EMAIL": SENDER,
        "TOKEN_SECRET": os.environ.get("TOKEN_SECRET") or secrets.token_urlsafe(32),
        "EXPORT_BUCKET": "signups-exports-local",
        "RATE_LIMIT_PER_MINUTE": os.environ.get("RATE_LIMIT_PER_MINUTE", "120"),
        "EVENT_CACHE_SECONDS": os.environ.get("EVENT_CACHE_SECONDS", "2"),
        "WEBHOOK_ALLOW_LOCAL": "1",     # webhooks may go to a receiver on 127.0.0.1 (never deployed)
    }


def event_body(event_file=DEMO) -> dict:
    """The event's definition as the API takes it, with its ``id``; the demo meeting's with its
    programme (its workshop rounds, issue 29)."""
    body = json.loads(pathlib.Path(event_file).read_text(encoding="utf-8"))
    if pathlib.Path(event_file) == DEMO:
        body.update(json.loads(PROGRAMME.read_text(encoding="utf-8")))
    return body


def provision(event_file=DEMO) -> dict:
    """Table, SES identity, export bucket, demo event and tokens in the emulator (env already set)."""
    from chalicelib import auth, aws, events, organising, signups, store
    stream_arn = store.table.create_table(os.environ["TABLE_NAME"])
    aws.sesv2().create_email_identity(EmailIdentity=SENDER)
    aws.s3().create_bucket(Bucket=os.environ["EXPORT_BUCKET"],
                           CreateBucketConfiguration={"LocationConstraint": os.environ["AWS_DEFAULT_REGION"]})
    org = json.loads((ROOT / "demo" / "organisation.json").read_text(encoding="utf-8"))
    organising.put_organisation(org.pop("id"), org, datetime.now(timezone.utc))
    body = event_body(event_file)
    event_id = body.pop("id")
    signups.apply_event(events.validate(event_id, body))
    _, export_token = auth.mint("export", [event_id], label="make dev: export")
    _, admin_token = auth.mint("admin", "*", label="make dev: admin")
    return {"event_id": event_id, "export_token": export_token, "admin_token": admin_token,
            "stream_arn": stream_arn, "organisation_id": body["organisation_id"], "organiser_email": org["members"][0]["email"]}


def start_api(env: dict, port: int) -> subprocess.Popen:
    return subprocess.Popen(  # nosec B603  # a fixed argv of our own module, no shell
        [sys.executable, "-m", "scripts.local_api", "local", "--no-autoreload", "--host", "127.0.0.1",
         "--port", str(port)], cwd=ROOT, env={**os.environ, **env}, start_new_session=True,
        preexec_fn=_die_with_parent)


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the stack's process dies, even by SIGKILL (Linux)."""
    import ctypes
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def wait_until_up(url: str, timeout: float = 30, process: subprocess.Popen = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as r:  # nosec B310  # our own http://127.0.0.1 health URL
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {timeout}s")


def stop(process: subprocess.Popen) -> None:
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(2)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def main() -> int:
    from scripts import clock
    clock.follow()       # started by the test suite: its moment (scripts/clock.py)
    api_port = int(os.environ.get("API_PORT", "8000"))
    mail_port = int(os.environ.get("MAIL_PORT", "8025"))
    from scripts import emulator
    emulator_server, emulator_url = emulator.start(port=int(os.environ.get("EMULATOR_PORT", "4566")))
    api_url = f"http://127.0.0.1:{api_port}"
    env = local_env(emulator_url, api_url)
    os.environ.update(env)
    stack = provision()
    stopping = threading.Event()
    background = start_background(stopping, stack, mail_port)
    api = start_api(env, api_port)
    for signum in (signal.SIGINT, signal.SIGTERM):   # also when started with SIGINT ignored
        signal.signal(signum, lambda *_: stopping.set())
    try:
        wait_until_up(f"{api_url}/health", process=api)
        stack_json = {"api_url": api_url, "event_id": stack["event_id"], "export_token": stack["export_token"],
                      "admin_token": stack["admin_token"], "organisation_id": stack["organisation_id"],
                      "organiser_email": stack["organiser_email"]}
        if background.get("mail_url"):
            stack_json["mail_url"] = background["mail_url"]
        write_stack(stack_json, env)
        announce(stack_json)
        while not stopping.is_set() and api.poll() is None:
            stopping.wait(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        stopped = stop_everything([lambda: stop(api), *[s.shutdown for s in background.get("servers", [])],
                                   emulator_server.shutdown])
        (DEV / "stack.json").unlink(missing_ok=True)
        print("\nstopped: API, mail viewer, stream pump and emulator are down." if stopped else
              f"\nstopped: a part did not stop within {STOP_SECONDS} s and is left to exit with this process.",
              flush=True)
    return 0


STOP_SECONDS = 4


def stop_everything(stops, limit: float = STOP_SECONDS) -> bool:
    """Call each of ``stops`` in turn; return within ``limit`` seconds whatever state the parts
    are in (a pump thread stuck in an AWS call against a broken emulator, a server that does not
    let go). True if every part stopped. What is left runs in daemon threads, which end with
    this process; ``chalice local`` was sent SIGTERM first (and dies with us, PR_SET_PDEATHSIG)."""
    done = threading.Event()

    def run():
        for stop_part in stops:
            try:
                stop_part()
            except Exception as error:  # noqa: BLE001 - stop the other parts anyway
                print(f"[stop] {error!r}", flush=True)
        done.set()
    threading.Thread(target=run, name="stop", daemon=True).start()
    return done.wait(limit)


def start_background(stopping: threading.Event, stack: dict, mail_port: int) -> dict:
    """The parts chalice local does not run: stream worker pump, schedules, mail viewer.

    The pumps feed the table's stream to the same handlers Lambda runs (mail, export jobs). ``schedules``
    is the hook for scheduled jobs: callables without arguments, each called every
    ``SCHEDULE_SECONDS``; each gets the full scheduled event (``pump.scheduled_event``).
    """
    from app import email_worker, expire_holds, export_worker, send_digests, send_reminders
    from scripts import mailviewer, pump
    pump.keep_streams_across_rollbacks()   # the emulator runs in this process
    # the rule ARNs as `chalice deploy` names them (<app>-<stage>-<function>), in the stream's account
    arn = stack["stream_arn"].split(":")
    rule = f"arn:aws:events:{arn[3]}:{arn[4]}:rule/signups-dev-"
    schedules = [pump.schedule(expire_holds, rule + "expire_holds"), pump.schedule(send_reminders, rule + "send_reminders"),
                 pump.schedule(send_digests, rule + "send_digests")]
    worker = pump.Pump(stopping, pump.StreamReader(stack["stream_arn"]), email_worker, schedules,
                       tick_seconds=float(os.environ.get("SCHEDULE_SECONDS", "30"))).start()
    # the export worker reads the same stream on its own, as its Lambda does (only JOB# items matter)
    exporter = pump.Pump(stopping, pump.StreamReader(stack["stream_arn"]), export_worker).start()
    viewer = mailviewer.MailViewer(mail_port).start()
    return {"mail_url": viewer.url, "servers": [worker, exporter, viewer]}


def write_stack(stack_json: dict, env: dict) -> None:
    """The files hold tokens and the token secret: only their owner may read them (0600)."""
    DEV.mkdir(mode=0o700, exist_ok=True)
    for name, content in (("stack.json", stack_json), ("env.json", env)):
        _write_private(DEV / name, json.dumps(content, indent=2) + "\n")


def _write_private(path: pathlib.Path, text: str) -> None:
    """Written whole under another name, then renamed over ``path``: whoever waits for the file
    (a test, a script) never reads it half written."""
    part = path.with_name(path.name + ".part")
    part.unlink(missing_ok=True)            # a file left by an older run may be 0644
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)
    os.replace(part, path)


def announce(s: dict) -> None:
    api, eid = s["api_url"], s["event_id"]
    print(f"""
Signup service running on the local AWS emulator.

  API          {api}
  Event        {api}/events/{eid}
  Signup form  {api}/events/{eid}/form   (English: ?lang=en)
  Mail viewer  {s.get('mail_url', '(not running)')}
  Organisers   {api}/organiser   (sign in as {s['organiser_email']}; the link arrives in the mail viewer)
  Stack file   {DEV / 'stack.json'}

Try a signup:
  curl -s -X POST {api}/events/{eid}/signups -H 'Content-Type: application/json' \\
    -d '{{"name": "Tessa de Haas", "email": "tessa@example.org", "organisation": "DuurzaamDoor", "consent": true}}'

Organiser tokens (export_token, admin_token): in {DEV / 'stack.json'}, readable by you only.
Download the registrations:
  curl -s '{api}/events/{eid}/registrations?format=csv' \\
    -H "Authorization: Bearer $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["export_token"])' {DEV / 'stack.json'})"

Ctrl-C stops everything.""", flush=True)


if __name__ == "__main__":
    sys.exit(main())
