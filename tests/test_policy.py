"""Least privilege: policy-<stage>.json allows every AWS call the functions make, and no more.

Two nets catch a missing permission:
- conftest.py records every call a chalicelib client makes during the whole suite (calls
  from test setup outside any handler excluded) and checks them with ``violations``
  when the session ends (per xdist worker);
- ``test_every_handler_call_is_allowed`` drives every route and event handler of the app
  itself, so the check does not depend on which tests ran in this worker, and a new
  handler without a way to drive it here fails the test instead of being skipped.

Names: the policy files cannot use CloudFormation references, so .chalice/resources.json
names each resource after the stage (``signups-<stage>``, ...; see ``stage_names``) and the
policies use those names with wildcards only for region and account. In the tests the
resources are called ``signups-test`` etc.; a call on the configured test resource stands
for the same call on the stage's resource.
"""
import fnmatch
import json
import pytest

from conftest import (AWS_CALLS, DEMO_EVENT, DEMO_ORG, ROOT, bearer, make_event, person, registration_id,
                      run_email_worker, signup)

STAGES = ("dev", "prod")
REGION, ACCOUNT = "eu-west-1", "123456789012"
EID = DEMO_EVENT["id"]
OPT_IN_EID = "opt-in-2026-12-10"
SECRET = b"s3cret-for-the-policy-test"

# Operations whose IAM action is not service:Operation.
ACTION_OF = {
    ("sesv2", "SendEmail"): "ses:SendEmail",
    ("sesv2", "GetAccount"): "ses:GetAccount",
    ("s3", "HeadObject"): "s3:GetObject",
    ("s3", "CreateMultipartUpload"): "s3:PutObject",
    ("s3", "UploadPart"): "s3:PutObject",
    ("s3", "CompleteMultipartUpload"): "s3:PutObject",
    ("dynamodb", "TransactGetItems"): "dynamodb:GetItem",
}
# A transaction is authorised item by item.
TRANSACT_ACTIONS = {"Put": "dynamodb:PutItem", "Update": "dynamodb:UpdateItem",
                    "Delete": "dynamodb:DeleteItem", "ConditionCheck": "dynamodb:ConditionCheckItem"}
# IAM actions that name no resource type: they can only be granted on "*".
RESOURCELESS = {"ses:GetAccount"}
# Granted although no test makes them happen: s3transfer aborts a failed multipart upload.
FAILURE_PATH_ACTIONS = {"s3:AbortMultipartUpload"}


def load_policy(stage):
    return json.loads((ROOT / ".chalice" / f"policy-{stage}.json").read_text())


def stage_names(stage):
    """The resource names .chalice/resources.json gives a stage (test_names_match_the_template)."""
    return {"table": f"signups-{stage}", "bucket": f"signups-exports-{stage}-{ACCOUNT}",
            "queue": f"signups-email-dlq-{stage}", "parameter": f"/signups/{stage}/token-secret",
            "configuration_set": f"signups-{stage}"}


# ---------------------------------------------------------------- calls -> (action, resource)

def required(call, stage):
    """The ``(action, resource ARN)`` pairs IAM checks for one recorded call."""
    service, operation, params, env = call
    names = stage_names(stage)

    def table(name, index=None):
        arn = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{names['table'] if name == env['TABLE_NAME'] else name}"
        return f"{arn}/index/{index}" if index else arn

    if service == "dynamodb" and operation == "TransactWriteItems":
        return [(TRANSACT_ACTIONS[kind], table(item[kind]["TableName"]))
                for item in params["TransactItems"] for kind in item]
    if service == "dynamodb" and operation.startswith("Batch"):
        return [(f"dynamodb:{operation}", table(name)) for name in params["RequestItems"]]
    if service == "dynamodb":
        return [(ACTION_OF.get((service, operation), f"dynamodb:{operation}"),
                 table(params["TableName"], params.get("IndexName")))]
    if service == "sesv2" and operation == "SendEmail":
        domain = params.get("FromEmailAddress", "").rpartition("@")[2].rstrip(">")
        pairs = [("ses:SendEmail", f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/{domain}")]
        if params.get("ConfigurationSetName"):
            name = params["ConfigurationSetName"]
            name = names["configuration_set"] if name == env["SES_CONFIGURATION_SET"] else name
            pairs.append(("ses:SendEmail", f"arn:aws:ses:{REGION}:{ACCOUNT}:configuration-set/{name}"))
        return pairs
    if service == "s3":
        bucket = names["bucket"] if params["Bucket"] == env["EXPORT_BUCKET"] else params["Bucket"]
        resource = f"arn:aws:s3:::{bucket}/{params['Key']}" if "Key" in params else f"arn:aws:s3:::{bucket}"
        return [(ACTION_OF.get((service, operation), f"s3:{operation}"), resource)]
    if service == "ssm" and "Name" in params:
        name = names["parameter"] if params["Name"] == env["TOKEN_SECRET_PARAM"] else params["Name"]
        return [(f"ssm:{operation}", f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter{name}")]
    return [(ACTION_OF.get((service, operation), f"{service}:{operation}"), "*")]


def platform_required(stage):
    """What Lambda does with the functions' role: read the stream, dead-letter, write logs."""
    names = stage_names(stage)
    stream = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{names['table']}/stream/2026-01-01T00:00:00.000"
    pairs = [(f"dynamodb:{op}", stream) for op in ("DescribeStream", "GetRecords", "GetShardIterator",
                                                    "ListStreams")]
    pairs.append(("sqs:SendMessage", f"arn:aws:sqs:{REGION}:{ACCOUNT}:{names['queue']}"))
    log_group = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/lambda/signups-{stage}-APIHandler"
    pairs += [("logs:CreateLogGroup", log_group), ("logs:CreateLogStream", log_group + ":log-stream:x"),
              ("logs:PutLogEvents", log_group + ":log-stream:x")]
    return pairs


def allowed(policy, action, resource) -> bool:
    """IAM's answer for an identity policy made of Allow statements (test_policy_shape)."""
    for statement in policy["Statement"]:
        actions, resources = _listed(statement["Action"]), _listed(statement["Resource"])
        if any(fnmatch.fnmatchcase(action.lower(), a.lower()) for a in actions) and \
                any(fnmatch.fnmatchcase(resource, r) for r in resources):
            return True
    return False


def _listed(value):
    return [value] if isinstance(value, str) else value


def violations(calls) -> list:
    """One line per (stage, call) the stage's policy refuses."""
    problems = []
    for stage in STAGES:
        policy = load_policy(stage)
        for call in calls:
            for action, resource in required(call, stage):
                if not allowed(policy, action, resource):
                    problems.append(f"policy-{stage}.json: {call[0]}.{call[1]} needs {action} on {resource}")
        for action, resource in platform_required(stage):
            if not allowed(policy, action, resource):
                problems.append(f"policy-{stage}.json: Lambda needs {action} on {resource}")
    return sorted(set(problems))


# ---------------------------------------------------------------- the policy files

@pytest.mark.parametrize("stage", STAGES)
def test_policy_shape(stage):
    """Only Allow statements with Action and Resource (what ``allowed`` evaluates), and
    no Resource "*" outside logs and actions that name no resource type."""
    for statement in load_policy(stage)["Statement"]:
        assert statement["Effect"] == "Allow" and set(statement) <= {"Sid", "Effect", "Action", "Resource"}
        if any(not a.startswith("logs:") and a not in RESOURCELESS for a in _listed(statement["Action"])):
            assert "*" not in _listed(statement["Resource"]), statement


@pytest.mark.parametrize("stage", STAGES)
def test_names_match_the_template(stage):
    resources = json.loads((ROOT / ".chalice" / "resources.json").read_text())
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())

    def named(logical_id, key):
        template = resources["Resources"][logical_id]["Properties"][key]["Fn::Sub"]
        return template.replace("${Stage}", stage).replace("${AWS::AccountId}", ACCOUNT)

    names = stage_names(stage)
    assert named("Table", "TableName") == names["table"]
    assert named("ExportBucket", "BucketName") == names["bucket"]
    assert named("EmailDeadLetterQueue", "QueueName") == names["queue"]
    assert named("ConfigurationSet", "Name") == names["configuration_set"]
    secret = resources["Globals"]["Function"]["Environment"]["Variables"]["TOKEN_SECRET_PARAM"]["Fn::Sub"]
    assert secret.replace("${Stage}", stage) == names["parameter"]
    assert config["stages"][stage]["environment_variables"]["TOKEN_SECRET_PARAM"] == names["parameter"]
    assert config["stages"][stage]["iam_policy_file"] == f"policy-{stage}.json"


def test_a_transaction_needs_each_item_action():
    env = {"TABLE_NAME": "t", "EXPORT_BUCKET": "", "TOKEN_SECRET_PARAM": "", "SES_CONFIGURATION_SET": "c"}
    items = [{"Put": {"TableName": "t"}}, {"Update": {"TableName": "t"}}, {"Delete": {"TableName": "t"}}]
    table = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/signups-prod"
    assert required(("dynamodb", "TransactWriteItems", {"TransactItems": items}, env), "prod") == [
        ("dynamodb:PutItem", table), ("dynamodb:UpdateItem", table), ("dynamodb:DeleteItem", table)]
    send = ("sesv2", "SendEmail", {"FromEmailAddress": "a@x.example", "ConfigurationSetName": "c"}, env)
    assert [action for action, _ in required(send, "prod")] == ["ses:SendEmail", "ses:SendEmail"]
    assert not allowed(load_policy("prod"), "dynamodb:Scan", table)
    assert not allowed(load_policy("prod"), "dynamodb:GetItem", table.replace("prod", "dev"))


# ---------------------------------------------------------------- every handler, driven

@pytest.fixture
def deployed_like(client, env):
    """The test stack configured as in AWS: secret from SSM, a configuration set (the table
    fixture made the bucket)."""
    import boto3
    from chalicelib import config, tokens
    # the test Client applies the dev stage's environment from .chalice/config.json
    boto3.client("ssm").put_parameter(Name="/signups/dev/token-secret", Value=SECRET.decode(), Type="SecureString")
    boto3.client("sesv2").create_configuration_set(ConfigurationSetName="signups-test")
    env.delenv("TOKEN_SECRET")
    env.setenv("TOKEN_SECRET_PARAM", "/signups/dev/token-secret")   # as the dev stage sets it
    env.setenv("SES_CONFIGURATION_SET", "signups-test")
    env.setenv("HOLD_HOURS", "-1")      # holds are due at once, for expire_holds
    config.settings.cache_clear()
    tokens.keys.cache_clear()
    return client


def _routes(client, admin, export, ids):
    """(path, method) -> requests that exercise the route; ``ids`` holds the ids made so far."""
    def token(rid, event_id=EID):
        from chalicelib import tokens
        return tokens.sign(event_id, rid, key=SECRET)   # the handlers fetch the secret themselves

    def export_as(fmt, inline=True):
        def call():
            from chalicelib import config
            if not inline:
                client_env.setenv("EXPORT_INLINE_LIMIT_BYTES", "1")
                config.settings.cache_clear()
            try:
                return client.http.get(f"/events/{EID}/registrations?format={fmt}", headers=bearer(export))
            finally:
                client_env.delenv("EXPORT_INLINE_LIMIT_BYTES", raising=False)
                config.settings.cache_clear()
        return call

    client_env = ids["env"]
    session = Session(client)
    return {
        ("/health", "GET"): [lambda: client.http.get("/health")],
        ("/openapi.json", "GET"): [lambda: client.http.get("/openapi.json")],
        ("/events/{event_id}", "GET"): [lambda: client.http.get(f"/events/{EID}")],
        ("/events/{event_id}", "PUT"): [lambda: client.http.put(
            f"/events/{EID}", body=json.dumps({k: v for k, v in DEMO_EVENT.items() if k != "id"}),
            headers={**bearer(admin), "Content-Type": "application/json"})],
        ("/events/{event_id}/signups", "POST"): [
            lambda: signup(client, EID, **person(7)),
            lambda: signup(client, EID, form=True, accept_json=False, **{**person(8), "consent": "on"})],
        ("/events/{event_id}/form", "GET"): [lambda: client.http.get(f"/events/{EID}/form")],
        ("/registrations/{token}", "GET"): [lambda: client.http.get(f"/registrations/{token(ids['confirmed'])}")],
        ("/registrations/{token}/confirm", "POST"): [lambda: client.http.post(
            f"/registrations/{token(ids['pending'], OPT_IN_EID)}/confirm", headers={"Accept": "application/json"})],
        ("/registrations/{token}/cancel", "POST"): [lambda: client.http.post(
            f"/registrations/{token(ids['cancel'])}/cancel", headers={"Accept": "application/json"})],
        ("/registrations/{token}/calendar.ics", "GET"): [
            lambda: client.http.get(f"/registrations/{token(ids['confirmed'])}/calendar.ics")],
        ("/events/{event_id}/registrations", "GET"): [
            export_as("csv"), export_as("xlsx"), export_as("json"), export_as("csv", inline=False)],
        # a forged link is refused before any AWS call; the job's own calls (S3 parts, the mail)
        # are checked against the policies by the session recorder in tests/test_export_jobs.py
        ("/exports/{token}", "GET"): [lambda: client.http.get("/exports/forged.link")],
        ("/events/{event_id}/registrations/{registration_id}", "DELETE"): [lambda: client.http.delete(
            f"/events/{EID}/registrations/{ids['erase']}", headers=bearer(admin))],
        ("/assets/site.css", "GET"): [lambda: client.http.get("/assets/site.css")],
        ("/events/{event_id}", "PATCH"): [lambda: client.http.patch(
            f"/events/{EID}", body='{"capacity": 90}', headers={**bearer(admin), "Content-Type": "application/json"})],
        ("/events/{event_id}/definition", "GET"): [
            lambda: client.http.get(f"/events/{EID}/definition", headers=bearer(admin))],
        ("/organisations/{organisation_id}", "PUT"): [lambda: client.http.put(
            f"/organisations/{DEMO_ORG['id']}", body=json.dumps(DEMO_ORG),
            headers={**bearer(admin), "Content-Type": "application/json"})],
        ("/organisations/{organisation_id}", "GET"): [
            lambda: client.http.get(f"/organisations/{DEMO_ORG['id']}", headers=bearer(admin))],
        ("/organiser/login", "POST"): [lambda: client.http.post(
            "/organiser/login", body=f"email={DEMO_ORG['members'][0]}", headers=FORM)],
        ("/organiser/login/{token}", "GET"): [lambda: client.http.get(session.link())],
        ("/organiser/login/{token}", "POST"): [lambda: session.sign_in()],
        ("/organiser", "GET"): [lambda: client.http.get("/organiser", headers=session.cookie())],
        ("/organiser/logout", "POST"): [lambda: client.http.post(
            "/organiser/logout", body=f"csrf={session.csrf()}", headers={**FORM, **session.cookie()})],
        **_editor_routes(client, Session(client)),     # its own session: the routes above sign out
        **_dashboard_routes(client, admin, export, ids, Session(client)),
    }


def _editor_routes(client, session):
    """The event editor, embed page and API keys, as a signed-in member uses them."""
    def get(path):
        return lambda: client.http.get(path, headers=session.cookie())

    def post(path, **fields):
        from urllib.parse import urlencode
        return lambda: client.http.post(path, body=urlencode({"csrf": session.csrf(), **fields}),
                                        headers={**FORM, **session.cookie()})

    def revoke():
        import re
        post("/organiser/tokens", label="Excel", expiry="90", **{f"event:{EID}": "on"})()
        page = client.http.get("/organiser/tokens", headers=session.cookie()).body.decode()
        return post(re.search(r"/organiser/tokens/tok_\w+/revoke", page).group(0))()
    new = {"organisation": DEMO_ORG["id"], "title_nl": "Nieuw", "start_date": "2027-01-12", "start_time": "10:00",
           "end_time": "12:00", "action": "save"}
    return {
        ("/organiser/events/new", "GET"): [get(f"/organiser/events/new?organisation={DEMO_ORG['id']}")],
        ("/organiser/events/new", "POST"): [post("/organiser/events/new", **new)],
        ("/organiser/events/{event_id}/edit", "GET"): [get(f"/organiser/events/{EID}/edit")],
        ("/organiser/events/{event_id}/edit", "POST"): [post(f"/organiser/events/{EID}/edit", action="add_field")],
        ("/organiser/events/{event_id}/registration", "POST"): [
            post(f"/organiser/events/{EID}/registration", open="no"),
            post(f"/organiser/events/{EID}/registration", open="yes")],
        ("/organiser/events/{event_id}/embed", "GET"): [get(f"/organiser/events/{EID}/embed")],
        ("/organiser/events/{event_id}/origins", "POST"): [
            post(f"/organiser/events/{EID}/origins", site="https://www.gemeente.nl")],
        ("/organiser/tokens", "GET"): [get("/organiser/tokens")],
        ("/organiser/tokens", "POST"): [post("/organiser/tokens", label="Excel", expiry="90", **{f"event:{EID}": "on"})],
        ("/organiser/tokens/{token_id}/revoke", "POST"): [revoke],
    }


def _dashboard_routes(client, admin, export, ids, session):
    """The event dashboard's API and pages (issue 10)."""
    from chalicelib import tokens
    page, person = "/organiser/events/{event_id}", "/organiser/events/{event_id}/registrations/{registration_id}"

    def get(path):
        return lambda: client.http.get(path.format(event_id=EID, registration_id=ids["confirmed"]),
                                       headers=session.cookie())

    def post(path, rid="confirmed", body=""):
        return lambda: client.http.post(path.format(event_id=EID, registration_id=ids[rid]),
                                        body=f"csrf={session.csrf()}{body}", headers={**FORM, **session.cookie()})
    message = {"subject": "Zaal 3", "body": "We zitten in zaal 3.", "to": ["confirmed"]}
    checkin = "/checkin/{}".format(tokens.sign_checkin(EID, ids["confirmed"], key=SECRET))
    return {
        ("/events/{event_id}/stats", "GET"): [lambda: client.http.get(f"/events/{EID}/stats", headers=bearer(export))],
        ("/events/{event_id}/messages", "POST"): [lambda: client.http.post(
            f"/events/{EID}/messages", body=json.dumps(message),
            headers={**bearer(admin), "Content-Type": "application/json"})],
        ("/events/{event_id}/registrations/{registration_id}/cancel", "POST"): [lambda: client.http.post(
            f"/events/{EID}/registrations/{ids['cancel']}/cancel", headers=bearer(admin))],
        ("/checkin/{checkin_token}", "GET"): [lambda: client.http.get(checkin, headers=session.cookie())],
        ("/checkin/{checkin_token}", "POST"): [lambda: client.http.post(
            checkin, headers={**bearer(admin), "Accept": "application/json"})],
        (page, "GET"): [get(page)],
        (page + "/registrations", "GET"): [get(page + "/registrations?q=deelnemer")],
        (person + "/resend", "POST"): [post(person + "/resend")],
        (person + "/cancel", "GET"): [get(person + "/cancel")],
        (person + "/cancel", "POST"): [post(person + "/cancel", "cancel")],
        (person + "/erase", "GET"): [get(person + "/erase")],
        (person + "/erase", "POST"): [post(person + "/erase", "erase")],
        (person + "/checkin", "POST"): [post(person + "/checkin")],
        (page + "/messages/new", "GET"): [get(page + "/messages/new")],
        (page + "/messages/preview", "POST"): [post(page + "/messages/preview", body="&subject=Zaal&body=Hoi&to=confirmed")],
        (page + "/messages", "POST"): [post(page + "/messages", body="&subject=Zaal&body=Hoi&to=confirmed&send=1")],
        (page + "/door", "GET"): [get(page + "/door")],
        (page + "/attendance", "GET"): [get(page + "/attendance")],
    }


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Session:
    """A member's sign-in through the mailed link, step by step, for the routes above."""

    def __init__(self, client):
        self.client, self.answer = client, None

    def link(self):
        """A fresh sign-in link, asked for by mail (routes run in any order)."""
        import re
        from moto.ses.models import ses_backends
        self.client.http.post("/organiser/login", body=f"email={DEMO_ORG['members'][0]}", headers=FORM)
        from email import message_from_string, policy
        raw = ses_backends[ACCOUNT][REGION].sent_messages[-1].raw_data
        # decoded as a mail client does: a line longer than 76 characters travels quoted-printable
        text = message_from_string(raw, policy=policy.default).get_body(("plain",)).get_content()
        return re.search(r"https://signup\.test(/organiser/login/[\w-]+)", text).group(1)

    def sign_in(self):
        self.answer = self.client.http.post(self.link(), body="", headers=FORM)
        return self.answer

    def cookie(self):
        if self.answer is None:
            self.sign_in()
        return {"Cookie": self.answer.headers["Set-Cookie"].split(";")[0]}

    def csrf(self):
        import re
        page = self.client.http.get("/organiser", headers=self.cookie()).body.decode()
        return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def _event_handlers(client):
    """Event source type -> how to invoke such a handler by name."""
    bounce = {"eventType": "Bounce", "mail": {"destination": ["deelnemer3@gemeente.example"]},
              "bounce": {"bounceType": "Permanent", "bounceSubType": "General",
                         "bouncedRecipients": [{"emailAddress": "deelnemer3@gemeente.example"}]}}
    return {
        "DynamoDBEventConfig": lambda name: run_email_worker(client, name),
        "SNSEventConfig": lambda name: client.lambda_.invoke(
            name, client.events.generate_sns_event(message=json.dumps(bounce))),
        "ScheduledEventConfig": lambda name: client.lambda_.invoke(name, client.events.generate_cw_event(
            source="aws.events", detail_type="Scheduled Event", detail={}, resources=[], region=REGION)),
    }


def _registration_id(response, event_id, who):
    assert response.status_code == 201, response.body
    return registration_id(event_id, who["email"])


def test_every_handler_call_is_allowed(deployed_like, admin_token, export_token, env):
    from app import app
    from chalicelib import tokens
    client = deployed_like
    make_event(client, admin_token)
    make_event(client, admin_token, id=OPT_IN_EID, double_opt_in=True)
    ids = {"env": env,
           "confirmed": _registration_id(signup(client, EID, **person(1)), EID, person(1)),
           "cancel": _registration_id(signup(client, EID, **person(2)), EID, person(2)),
           "erase": _registration_id(signup(client, EID, **person(3)), EID, person(3)),
           "pending": _registration_id(signup(client, OPT_IN_EID, **person(4)), OPT_IN_EID, person(4)),
           "expiring": _registration_id(signup(client, OPT_IN_EID, **person(5)), OPT_IN_EID, person(5))}
    AWS_CALLS.clear()
    from chalicelib import config
    config.settings.cache_clear()   # the fixtures read settings outside a handler, without its environment
    tokens.keys.cache_clear()     # fetched again, from a handler

    routes = _routes(client, admin_token, export_token, ids)
    served = {(path, method) for path, methods in app.routes.items() for method in methods}
    assert served <= set(routes), f"teach test_policy how to call {sorted(served - set(routes))}"
    for key in sorted(served):
        for call in routes[key]:
            response = call()
            assert response.status_code < 500, (key, response.body)

    handlers = _event_handlers(client)
    sources = [(type(source).__name__, source.name) for source in app.event_sources]
    assert {kind for kind, _ in sources} <= set(handlers), f"teach test_policy to invoke {sources}"
    for kind, name in sources:
        handlers[kind](name)

    calls = list(AWS_CALLS)
    assert not violations(calls)
    used = {action for stage in STAGES for call in calls for action, _ in required(call, stage)}
    assert {"ses:SendEmail", "ses:GetAccount", "ssm:GetParameter", "s3:PutObject", "s3:GetObject",
            "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"} <= used, sorted(used)
    platform = {action for stage in STAGES for action, _ in platform_required(stage)}
    for stage in STAGES:
        granted = {a for s in load_policy(stage)["Statement"] for a in _listed(s["Action"])}
        assert granted - used - platform - FAILURE_PATH_ACTIONS == set(), f"policy-{stage}.json grants unused actions"


def test_the_template_throttles_the_stage_and_caps_concurrency():
    resources = json.loads((ROOT / ".chalice" / "resources.json").read_text())
    params, merged = resources["Parameters"], resources["Resources"]
    (setting,) = merged["RestAPI"]["Properties"]["MethodSettings"]
    assert (setting["ResourcePath"], setting["HttpMethod"]) == ("/*", "*")
    assert (setting["ThrottlingRateLimit"], setting["ThrottlingBurstLimit"]) == (
        {"Ref": "ApiRateLimit"}, {"Ref": "ApiBurstLimit"})
    assert (params["ApiRateLimit"]["Default"], params["ApiBurstLimit"]["Default"]) == (50, 100)
    for function, parameter, default in (("APIHandler", "ApiReservedConcurrency", 20),
                                         ("EmailWorker", "WorkerReservedConcurrency", 5)):
        cap = merged[function]["Properties"]["ReservedConcurrentExecutions"]["Fn::If"]
        assert cap[1] == {"Ref": parameter} and cap[2] == {"Ref": "AWS::NoValue"}     # 0 = no cap
        assert params[parameter]["Default"] == default
