"""Cold start per function: a fresh process imports the handler module and serves its first
invocation (Lambda's event shape, the emulator behind boto3), median of N, beside the bare
app (benchmarks/bare_app.py) that makes the same clients and the calls each needs. Goal: <= 1.10x.

The issue named an authorizer function; since the blueprint split the organiser routes check
their Bearer token inside the API function, so "organiser" is the API's cold start on an
organiser request (a JSON export page), beside a bare route that makes the same four calls (the
token, the event, one Query page, the audit record: that page's floor in the AWS-calls table).
Against the emulator the Query alone takes ~100 ms of wall time; a bare route with the token read
only would put that in the ratio as if it were our code. Likewise the bare worker sends a fixed
text with the six calls of a mail's floor (the event, the claim, the suppression check, a send
slot, the send, the record); its second floor, ``libraries``, also uses each library a mail needs.

The figure is measured inside the child, from before the handler's import to after its
first answer: interpreter start-up is the same for both apps, and Lambda's is not ours.
Both apps run from the built package, unpacked (``make package``: the byte code it ships), with
``PYTHONDONTWRITEBYTECODE=1`` as on Lambda's read-only /var/task, so a module the package has
no byte code for is compiled on every cold start here too. The bare app is put beside it with
its byte code made the same way. boto3 comes from the virtualenv (on Lambda: the runtime's).
"""
import importlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PACKAGE_DIR = "BENCH_PACKAGE_DIR"
FUNCTIONS = ("signup", "api", "form", "organiser", "worker", "schedules", "sns")
GOAL = 1.10
# functions with a second floor that also uses each library the page or mail needs, once: a user
# would write a mail with a calendar invite, or an HTML form, with them too (bare_app.py)
WITH_LIBRARIES = ("form", "worker")
WARM = "BENCH_WARM"     # after its first answer, the child serves this many more (ours only): warm CPU


class Context:
    aws_request_id = "cold-start"
    function_name = "signups"
    memory_limit_in_mb = 512

    @staticmethod
    def get_remaining_time_in_millis():
        return 30_000


def api_event(event_id, resource="/events/{event_id}", query=None, headers=None, method="GET", body=None):
    """An API Gateway proxy event, as Lambda hands it to the API function."""
    path = resource.replace("{event_id}", event_id)
    return {"resource": resource, "path": path, "httpMethod": method,
            "headers": {"Accept": "application/json", "Host": "signup.test", **(headers or {})},
            "multiValueHeaders": {}, "queryStringParameters": query,
            "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
            "pathParameters": {"event_id": event_id}, "stageVariables": None, "body": body,
            "isBase64Encoded": False,
            "requestContext": {"resourcePath": resource, "httpMethod": method, "requestId": "cold",
                               "path": f"/api{path}", "stage": "api", "identity": {"sourceIp": "198.51.100.1"}}}


def signup_event(event_id, who):
    """The first signup: a POST of the form's fields as JSON, a fresh address per run."""
    body = {"name": f"Koude Start {who}", "email": f"koud-{who}@gemeente.example", "consent": True,
            "organisation": "Gemeente Ede"}
    return api_event(event_id, "/events/{event_id}/signups", headers={"Content-Type": "application/json"},
                     method="POST", body=json.dumps(body))


def events_for(fixture):
    """Each function's first event, from what the parent provisioned."""
    schedule = {"version": "0", "id": "cold", "detail-type": "Scheduled Event", "source": "aws.events",
                "account": "000000000000", "time": "2026-12-01T10:00:00Z", "region": "eu-west-1",
                "resources": ["arn:aws:events:eu-west-1:000000000000:rule/x"], "detail": {}}
    bounce = {"notificationType": "Bounce", "mail": {"destination": ["gone@example.org"]},
              "bounce": {"bounceType": "Permanent", "bouncedRecipients": [{"emailAddress": "gone@example.org"}]}}
    sns = {"Records": [{"EventSource": "aws:sns", "EventVersion": "1.0", "EventSubscriptionArn": "arn:x",
                        "Sns": {"Type": "Notification", "MessageId": "m", "TopicArn": "arn:aws:sns:eu-west-1:0:t",
                                "Subject": None, "Message": json.dumps(bounce), "Timestamp": "2026-12-01T10:00:00Z",
                                "MessageAttributes": {}}}]}
    return {
        "api": api_event(fixture["event_id"]),
        "form": api_event(fixture["event_id"], "/events/{event_id}/form", headers={"Accept": "text/html"}),
        "organiser": api_event(fixture["event_id"], "/events/{event_id}/registrations", {"format": "json"},
                               {"Authorization": f"Bearer {fixture['export_token']}"}),
        "schedules": schedule,
        "sns": sns,
    }


# each function's Handler as the template names it (tests/test_package.py checks against the
# packaged template): the API function's requests import app.app, the workers' module is not app.py
HANDLERS = {"signup": "app.app", "api": "app.app", "form": "app.app", "organiser": "app.app",
            "worker": "chalicelib.blueprints.workers.email_worker",
            "schedules": "chalicelib.blueprints.workers.expire_holds",
            "sns": "chalicelib.blueprints.workers.ses_feedback"}


def unpack(zipped, target):
    """The deployment package unpacked into ``target`` (emptied first), with the bare app beside it."""
    import shutil
    import zipfile

    from scripts import slim_package
    shutil.rmtree(target, ignore_errors=True)
    with zipfile.ZipFile(zipped) as package:
        package.extractall(target)
    source = (Path(__file__).parent / "bare_app.py").read_bytes()
    for name, content in slim_package.compiled("chalicelib/bare_app.py", source):
        (target / name).write_bytes(content)
    return target


def child(function, variant, events_json):
    """In a fresh process: import, first invocation, then the warm ones; prints milliseconds
    (the first answer's, and the median of the warm ones) and the peak RSS."""
    if os.environ.get(PACKAGE_DIR):
        sys.path.insert(0, os.environ[PACKAGE_DIR])
    first, *warm = json.loads(events_json)
    started, started_cpu = time.perf_counter(), time.process_time()
    module_name, _, name = HANDLERS[function].rpartition(".")
    if variant == "ours":
        module = importlib.import_module(module_name)
    else:
        from chalicelib import bare_app as module
    handler = getattr(module, name + ("_with_libraries" if variant == "libraries" else ""))
    answer = handler(first, Context())
    elapsed, cpu = (time.perf_counter() - started) * 1000, (time.process_time() - started_cpu) * 1000
    _check(function, answer)
    warm_ms, warm_cpu = [], []
    for event in warm:
        started, started_cpu = time.perf_counter(), time.process_time()
        _check(function, handler(event, Context()))
        warm_ms.append((time.perf_counter() - started) * 1000)
        warm_cpu.append((time.process_time() - started_cpu) * 1000)
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM"))
    print(json.dumps({"ms": elapsed, "cpu_ms": cpu, "peak_mb": peak,
                      "warm_ms": statistics.median(warm_ms) if warm else None,
                      "warm_cpu_ms": statistics.median(warm_cpu) if warm else None}))


def _check(function, answer):
    if function in ("api", "form", "organiser"):
        assert answer["statusCode"] == 200, answer
    if function == "signup":
        assert answer["statusCode"] == 201, answer


def _events(function, variant, n, events, fixture, warm):
    """The child's events: its first, then (ours only) ``warm`` more. Each signup its own address,
    each mail its own record (a mail once sent is not sent again)."""
    count = 1 + (warm if variant == "ours" else 0)
    if function == "signup":
        return [signup_event(fixture["event_id"], f"{variant}-{n}-{i}") for i in range(count)]
    if function == "worker":
        return fixture["worker_records"][n * (1 + warm):][:count]
    return [events[function]] * count


def measure(env, fixture, runs=7, warm=0):
    """{function: {"ours": median ms, "bare": median ms, "ratio": ..., and the same in CPU ms}};
    the form and the worker also have "libraries": the bare app using the page's or mail's libraries once.
    Each also has the spread (min, max) of each, our warm request's median ms and CPU ms
    (``warm`` of them after the first, in each run) and our peak RSS.

    Runs alternate (ours, bare, ours, ...) so that a busy moment of the machine hits both.
    """
    events = events_for(fixture)
    results = {}
    for function in FUNCTIONS:
        variants = ("ours", "bare", "libraries") if function in WITH_LIBRARIES else ("ours", "bare")
        times, cpu = {v: [] for v in variants}, {v: [] for v in variants}
        warm_ms, warm_cpu, peaks = [], [], []
        for n in range(runs):
            for variant in variants:
                batch = _events(function, variant, n, events, fixture, warm)
                out = subprocess.run([sys.executable, "-m", "benchmarks.coldstart", function, variant, json.dumps(batch)],
                                     env={**os.environ, **env, "PYTHONDONTWRITEBYTECODE": "1"},
                                     capture_output=True, text=True)
                if out.returncode:
                    raise RuntimeError(f"{function} {variant}: {out.stderr[-2000:]}")
                measured = json.loads(out.stdout.strip().splitlines()[-1])
                times[variant].append(measured["ms"])
                cpu[variant].append(measured["cpu_ms"])
                if variant == "ours":
                    peaks.append(measured["peak_mb"])
                    if measured["warm_ms"] is not None:
                        warm_ms.append(measured["warm_ms"])
                        warm_cpu.append(measured["warm_cpu_ms"])
        result = results[function] = {}
        for variant in variants:
            result[variant] = round(statistics.median(times[variant]), 1)
            result[f"{variant}_cpu"] = round(statistics.median(cpu[variant]), 1)
            result[f"{variant}_spread"] = [round(min(times[variant]), 1), round(max(times[variant]), 1)]
            result[f"{variant}_cpu_spread"] = [round(min(cpu[variant]), 1), round(max(cpu[variant]), 1)]
        result["peak_mb"] = round(max(peaks), 1)
        if warm_ms:
            result["warm_ms"], result["warm_cpu_ms"] = round(statistics.median(warm_ms), 2), round(statistics.median(warm_cpu), 2)
        for floor, key in (("bare", "ratio"), ("libraries", "ratio_libraries")):
            if floor in variants:
                result[key] = round(result["ours"] / result[floor], 2)
                result[f"{key}_cpu"] = round(result["ours_cpu"] / result[f"{floor}_cpu"], 2)
        print(f"cold start {function:10} ours {result['ours']:7.1f} ms  bare {result['bare']:7.1f} ms  "
              f"ratio {result['ratio']:.2f}; CPU {result['ours_cpu']:.0f}/{result['bare_cpu']:.0f} ms "
              f"ratio {result['ratio_cpu']:.2f} (goal <= {GOAL})", flush=True)
    return results


def seat_everyone(event_id, seats):
    """The demo event with room for every signup the runs make, so that each run's first signup
    takes a seat and each first mail is a confirmation: past the demo's 80 seats they would be
    waiting-list joins and waiting-list mails (whose position is a Query of the waiting list, slow
    in the emulator as the list grows), and the runs would not measure the same request."""
    from chalicelib import events, signups
    from scripts import devstack
    body = devstack.event_body()
    assert body.pop("id") == event_id
    signups.apply_event(events.validate(event_id, {**body, "capacity": seats}))


def provision_records(stream_arn, count):
    """``count`` fresh signups, each one stream record for a worker's first invocation."""
    from chalicelib import signups
    from scripts.pump import StreamReader
    reader = StreamReader(stream_arn)
    while reader.poll(limit=1000):              # skip what provisioning wrote (more than a page of it)
        pass
    event_id = "circulaire-economie-2026-12-09"
    for n in range(count):
        signups.register(event_id, {"name": f"Koude Start {n}", "email": f"koud{n}@gemeente.example",
                                    "consent": True, "organisation": "Gemeente Ede"})
    records, page = [], reader.poll(limit=1000)
    while page:
        records += [r for r in page if r["eventName"] == "INSERT" and "status" in r["dynamodb"].get("NewImage", {})]
        page = reader.poll(limit=1000)
    assert len(records) == count, len(records)
    return [{"Records": [json.loads(json.dumps(r, default=str))]} for r in records]


if __name__ == "__main__":
    child(*sys.argv[1:4])
