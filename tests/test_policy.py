"""Least privilege per function: each Lambda function's policy allows every AWS call that
function makes, and no more.

Chalice gives every function a role of its own (``autogen_policy`` is off); .chalice/config.json
names its policy file under ``lambda_functions.<name>.iam_policy_file``. The files name their
resources with ``Fn::Sub`` (``${AWS::Region}``, ``${AWS::AccountId}``, the template's own
``${Table}``, ``${ExportBucket}``, ...), which ``chalice package`` copies into the template as it is
(test_package.py checks the built template). Here they are resolved for a stage with the names
.chalice/resources.json gives its resources (``template_refs``).

Two nets catch a missing permission:
- conftest.py records every call a chalicelib client makes during the whole suite, with the
  function that made it (``calling_function``: a route belongs to ``api_handler``, a handler in
  workers.py or the use case it hands its event to belongs to that worker; calls from test
  setup outside any handler are left out) and checks them with ``violations`` when the
  session ends (per xdist worker);
- ``test_every_handler_call_is_allowed`` drives every route and event handler of the app
  itself, so the check does not depend on which tests ran in this worker, and a new
  handler without a way to drive it here fails the test instead of being skipped; it also
  fails when a policy grants an action its function never used.
``test_what_each_function_may_do`` is the matrix in the other direction: what each function
may and may not do, so widening a policy fails as surely as narrowing it.
"""
import fnmatch
import functools
import json
import os
import re

import pytest

from conftest import (AWS_CALLS, DEMO_EVENT, DEMO_ORG, ROOT, SENDER, bearer, make_event, person, registration_id,
                      run_email_worker, send_sign_in_links, signup)

STAGES = ("dev", "prod")
REGION, ACCOUNT = "eu-west-1", "123456789012"
EID = DEMO_EVENT["id"]
OPT_IN_EID = "opt-in-2026-12-10"
FULL_EID = "full-2026-12-11"
SECRET = b"s3cret-for-the-policy-test"

# chalice's function names (config.json's lambda_functions keys) and their logical ids in the template
FUNCTIONS = {"api_handler": "APIHandler", "email_worker": "EmailWorker", "export_worker": "ExportWorker",
             "expire_holds": "ExpireHolds", "send_reminders": "SendReminders", "send_digests": "SendDigests",
             "ses_feedback": "SesFeedback"}

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
OLD_SHAPE_EID = "oude-vorm-2026-12-09"      # an event as stored before the waiting-list shards


# ---------------------------------------------------------------- the policy files

def policy_file(function, stage):
    """The file chalice reads for ``function``'s role in ``stage``, resolved as chalice resolves it."""
    from chalice.config import Config
    config = Config(chalice_stage=stage, function_name=function,
                    config_from_disk=json.loads((ROOT / ".chalice" / "config.json").read_text()))
    assert config.autogen_policy is False
    return ROOT / ".chalice" / config.iam_policy_file


@functools.lru_cache(maxsize=None)
def load_policy(function, stage):
    """``function``'s policy with every ``Fn::Sub`` resolved for ``stage`` (treat it as read-only)."""
    return _resolved(json.loads(policy_file(function, stage).read_text()), template_refs(stage))


def _resolved(value, refs):
    if isinstance(value, dict) and set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], list):
        text, variables = value["Fn::Sub"]       # Fn::Sub's second form: variables of its own
        return _resolved({"Fn::Sub": text}, {**refs, **{k: _intrinsic(v, refs) for k, v in variables.items()}})
    if isinstance(value, dict) and set(value) == {"Fn::Sub"}:
        # a reference this test does not know is a KeyError: teach template_refs about it
        return re.sub(r"\$\{([^}]+)\}", lambda match: refs[match.group(1)], value["Fn::Sub"])
    if isinstance(value, dict):
        return {key: _resolved(item, refs) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolved(item, refs) for item in value]
    return value


def _intrinsic(value, refs):
    """The few intrinsic functions a policy's Fn::Sub variables use: Ref, Fn::Split, Fn::Select."""
    if isinstance(value, dict) and "Ref" in value:
        return refs[value["Ref"]]
    if isinstance(value, dict) and "Fn::Split" in value:
        separator, text = value["Fn::Split"]
        return _intrinsic(text, refs).split(separator)
    if isinstance(value, dict) and "Fn::Select" in value:
        index, items = value["Fn::Select"]
        return _intrinsic(items, refs)[index]
    assert isinstance(value, str), value
    return value


def _template():
    return json.loads((ROOT / ".chalice" / "resources.json").read_text())


@functools.lru_cache(maxsize=None)
def template_refs(stage):
    """What the policies' ``${...}`` stand for in a stack of ``stage`` (region and account as in the tests)."""
    resources = _template()["Resources"]

    def named(logical_id, key):
        text = resources[logical_id]["Properties"][key]["Fn::Sub"]
        return text.replace("${Stage}", stage).replace("${AWS::AccountId}", ACCOUNT)

    def queue_arn(logical_id):
        return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{named(logical_id, 'QueueName')}"
    return {"AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "Stage": stage, "AWS::StackName": f"signups-{stage}",
            "SenderEmail": SENDER,     # the stack's parameter: the address every mail is from
            "Table": named("Table", "TableName"), "ExportBucket": named("ExportBucket", "BucketName"),
            "ConfigurationSet": named("ConfigurationSet", "Name"),
            "EmailDeadLetterQueue.Arn": queue_arn("EmailDeadLetterQueue"),
            "AsyncDeadLetterQueue.Arn": queue_arn("AsyncDeadLetterQueue")}


def stage_names(stage):
    """The names the stage's stack gives the resources the code calls."""
    refs = template_refs(stage)
    return {"table": refs["Table"], "bucket": refs["ExportBucket"], "configuration_set": refs["ConfigurationSet"],
            "parameter": f"/signups/{stage}/token-secret"}


# ---------------------------------------------------------------- calls -> (action, resource)

def required(call, stage):
    """The ``(action, resource ARN)`` pairs IAM checks for one recorded call."""
    service, operation, params, env = call[:4]
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
        address = params.get("FromEmailAddress", "")
        # the configured sender (SENDER_EMAIL) is the stack's SenderEmail, whatever a test set it to
        domain = (SENDER if address == env.get("SENDER_EMAIL") else address).rpartition("@")[2].rstrip(">")
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


def platform_required(function, stage):
    """What Lambda itself does with ``function``'s role, as .chalice/resources.json sets it up:
    write its logs; read the stream of a stream source and send what it gives up on to that
    source's on-failure queue; send a failed asynchronous event to its EventInvokeConfig's queue."""
    resources, refs = _template()["Resources"], template_refs(stage)
    logical_id = FUNCTIONS[function]
    log_group = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/lambda/signups-{stage}-{logical_id}-1A2B3C"
    pairs = [("logs:CreateLogGroup", log_group), ("logs:CreateLogStream", log_group + ":log-stream:x"),
             ("logs:PutLogEvents", log_group + ":log-stream:x")]

    def queue(destination):
        assert destination == {"Fn::GetAtt": [destination["Fn::GetAtt"][0], "Arn"]}, destination
        return refs[destination["Fn::GetAtt"][0] + ".Arn"]
    events = resources.get(logical_id, {}).get("Properties", {}).get("Events", {})
    for source in events.values():
        if source["Properties"].get("Stream") == {"Fn::GetAtt": ["Table", "StreamArn"]}:
            stream = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{refs['Table']}/stream/2026-01-01T00:00:00.000"
            pairs += [(f"dynamodb:{op}", stream) for op in ("DescribeStream", "GetRecords", "GetShardIterator",
                                                             "ListStreams")]
        if "DestinationConfig" in source["Properties"]:
            pairs.append(("sqs:SendMessage", queue(source["Properties"]["DestinationConfig"]["OnFailure"]["Destination"])))
    for config in resources.values():
        if config.get("Type") == "AWS::Lambda::EventInvokeConfig" and \
                config["Properties"]["FunctionName"] == {"Ref": logical_id}:
            pairs.append(("sqs:SendMessage", queue(config["Properties"]["DestinationConfig"]["OnFailure"]["Destination"])))
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
    return [value] if isinstance(value, (str, dict)) else value


def violations(calls) -> list:
    """One line per (stage, call) the policy of the function that made the call refuses."""
    problems = []
    for stage in STAGES:
        for call in calls:
            function = call[4]
            for action, resource in required(call, stage):
                if not allowed(load_policy(function, stage), action, resource):
                    made_in = f" (in {call[5]})" if len(call) > 5 and call[5] else ""
                    problems.append(f"{function} ({stage}): {call[0]}.{call[1]} needs {action} on {resource}{made_in}")
        for function in FUNCTIONS:
            for action, resource in platform_required(function, stage):
                if not allowed(load_policy(function, stage), action, resource):
                    problems.append(f"{function} ({stage}): Lambda needs {action} on {resource}")
    return sorted(set(problems))


def test_every_function_has_its_own_policy_file():
    """One file per function, each read by chalice for that function only, in every stage; no
    stage-wide file a new function would silently fall back to."""
    from app import app
    functions = {"api_handler"} | {source.name for source in app.event_sources}
    assert functions == set(FUNCTIONS)
    for stage in STAGES:
        files = {function: policy_file(function, stage) for function in FUNCTIONS}
        assert all(path.is_file() for path in files.values()), files
        assert len(set(files.values())) == len(FUNCTIONS), files
        assert not (ROOT / ".chalice" / f"policy-{stage}.json").exists()
    assert sorted(p.name for p in (ROOT / ".chalice" / "policies").iterdir()) == sorted(f"{f}.json" for f in FUNCTIONS)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_policy_shape(function):
    """Only Allow statements with Action and Resource (what ``allowed`` evaluates); every ARN
    names this stack's region and account through Fn::Sub; no Resource "*" except for actions
    that name no resource type; logs only under /aws/lambda/."""
    raw = json.loads(policy_file(function, "prod").read_text())
    for statement in raw["Statement"]:
        assert statement["Effect"] == "Allow" and set(statement) <= {"Sid", "Effect", "Action", "Resource"}
        actions = _listed(statement["Action"])
        for resource in _listed(statement["Resource"]):
            if resource == "*":
                assert set(actions) <= RESOURCELESS, statement
                continue
            arn = resource["Fn::Sub"]
            if isinstance(arn, list):       # the second form: the sender's domain, from the SenderEmail parameter
                arn, variables = arn
                assert variables == {"SenderDomain": {"Fn::Select": [1, {"Fn::Split": ["@", {"Ref": "SenderEmail"}]}]}}
            if arn.startswith("arn:aws:s3:::"):        # S3 ARNs name no region or account: the bucket name has the account
                assert arn == "arn:aws:s3:::${ExportBucket}/*", statement
            elif not re.fullmatch(r"\$\{\w+\.Arn\}", arn):
                assert re.match(r"arn:aws:[a-z0-9]+:\$\{AWS::Region\}:\$\{AWS::AccountId\}:", arn), statement
        if any(a.startswith("logs:") for a in actions):
            assert actions == ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
            assert statement["Resource"] == {"Fn::Sub": "arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:"
                                                        f"/aws/lambda/${{AWS::StackName}}-{FUNCTIONS[function]}-*"}


@pytest.mark.parametrize("stage", STAGES)
def test_names_match_the_template(stage):
    resources = _template()
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    names = stage_names(stage)
    assert names["table"] == f"signups-{stage}"
    assert names["bucket"] == f"signups-exports-{stage}-{ACCOUNT}"
    assert names["configuration_set"] == f"signups-{stage}"
    assert template_refs(stage)["EmailDeadLetterQueue.Arn"].endswith(f":signups-email-dlq-{stage}")
    assert template_refs(stage)["AsyncDeadLetterQueue.Arn"].endswith(f":signups-async-dlq-{stage}")
    secret = resources["Globals"]["Function"]["Environment"]["Variables"]["TOKEN_SECRET_PARAM"]["Fn::Sub"]
    assert secret.replace("${Stage}", stage) == names["parameter"]
    assert config["stages"][stage]["environment_variables"]["TOKEN_SECRET_PARAM"] == names["parameter"]


def test_a_transaction_needs_each_item_action():
    env = {"TABLE_NAME": "t", "EXPORT_BUCKET": "", "TOKEN_SECRET_PARAM": "", "SES_CONFIGURATION_SET": "c"}
    items = [{"Put": {"TableName": "t"}}, {"Update": {"TableName": "t"}}, {"Delete": {"TableName": "t"}}]
    table = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/signups-prod"
    assert required(("dynamodb", "TransactWriteItems", {"TransactItems": items}, env), "prod") == [
        ("dynamodb:PutItem", table), ("dynamodb:UpdateItem", table), ("dynamodb:DeleteItem", table)]
    send = ("sesv2", "SendEmail", {"FromEmailAddress": "a@x.example", "ConfigurationSetName": "c"}, env)
    assert [action for action, _ in required(send, "prod")] == ["ses:SendEmail", "ses:SendEmail"]
    assert not allowed(load_policy("api_handler", "prod"), "dynamodb:Scan", table)
    assert not allowed(load_policy("api_handler", "prod"), "dynamodb:GetItem", table.replace("prod", "dev"))
    assert allowed(load_policy("api_handler", "dev"), "dynamodb:GetItem", table.replace("prod", "dev"))


def test_calls_are_checked_against_the_policy_of_the_function_that_made_them():
    env = {"TABLE_NAME": "t", "EXPORT_BUCKET": "b", "TOKEN_SECRET_PARAM": "", "SES_CONFIGURATION_SET": "",
           "SENDER_EMAIL": "a@x.example"}
    send = ("sesv2", "SendEmail", {"FromEmailAddress": "a@x.example"}, env)     # as the configured sender
    export = ("s3", "PutObject", {"Bucket": "b", "Key": "exports/x.csv"}, env)
    assert violations([send + ("email_worker",), export + ("export_worker",)]) == []
    as_another = ("sesv2", "SendEmail", {"FromEmailAddress": "a@elders.example"}, env, "email_worker")
    assert violations([as_another]) == [
        f"email_worker ({stage}): sesv2.SendEmail needs ses:SendEmail on arn:aws:ses:{REGION}:{ACCOUNT}:identity/elders.example"
        for stage in STAGES]
    assert violations([send + ("expire_holds",)]) == [
        f"expire_holds ({stage}): sesv2.SendEmail needs ses:SendEmail on arn:aws:ses:{REGION}:{ACCOUNT}:identity/"
        + SENDER.rpartition("@")[2]
        for stage in STAGES]
    assert len(violations([export + ("ses_feedback",)])) == len(STAGES)


def test_calling_function_attributes_handlers_and_their_use_cases():
    """conftest's attribution, on the real code objects: a route is the API's, a worker's
    handler and the use case it calls are that worker's, test code is nobody's."""
    import inspect
    import sys

    from chalicelib import bounces, outbox, signups
    from chalicelib.blueprints import public, workers
    from conftest import calling_function

    def frame_in(code):
        return type("Frame", (), {"f_code": code, "f_back": None})()
    assert calling_function(frame_in(workers.ses_feedback.func.__code__)) == "ses_feedback"   # chalice's wrapper
    assert calling_function(frame_in(bounces.handle.__code__)) == "ses_feedback"
    assert calling_function(frame_in(outbox.handle.__code__)) == "email_worker"
    assert calling_function(frame_in(signups.expire_due.__code__)) == "expire_holds"
    route = inspect.unwrap(public.get_event)
    assert route.__code__.co_filename == public.__file__
    assert calling_function(frame_in(route.__code__)) == "api_handler"
    assert calling_function(sys._getframe()) is None


# What each function may do (True) and must not (False); each capability is one request to IAM.
def _capabilities(stage):
    names, refs = stage_names(stage), template_refs(stage)
    table = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{names['table']}"
    other_stage = table.replace(f"signups-{stage}", "signups-" + ("prod" if stage == "dev" else "dev"))
    return {
        "send mail": ("ses:SendEmail", f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/duurzaamdoor.example"),
        "send mail as another domain": ("ses:SendEmail", f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/elders.example"),
        "send mail as any identity": ("ses:SendEmail", f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/*"),
        "send mail in another region": ("ses:SendEmail", f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/duurzaamdoor.example"),
        "send mail as another account": ("ses:SendEmail", f"arn:aws:ses:{REGION}:210987654321:identity/duurzaamdoor.example"),
        "read the SES send rate": ("ses:GetAccount", "*"),
        "read the stream": ("dynamodb:GetRecords", f"{table}/stream/2026-01-01T00:00:00.000"),
        "read the table": ("dynamodb:GetItem", table),
        "write items": ("dynamodb:PutItem", table),
        "update items": ("dynamodb:UpdateItem", table),
        "delete items": ("dynamodb:DeleteItem", table),
        "batch write": ("dynamodb:BatchWriteItem", table),
        "scan the table": ("dynamodb:Scan", table),
        "query the table": ("dynamodb:Query", table),
        "query by email": ("dynamodb:Query", f"{table}/index/by_email"),
        "query what is due": ("dynamodb:Query", f"{table}/index/by_due"),
        "query by organisation": ("dynamodb:Query", f"{table}/index/by_organisation"),
        "read another stage's table": ("dynamodb:GetItem", other_stage),
        "delete the table": ("dynamodb:DeleteTable", table),
        "write exports": ("s3:PutObject", f"arn:aws:s3:::{names['bucket']}/exports/x.csv"),
        "read exports": ("s3:GetObject", f"arn:aws:s3:::{names['bucket']}/exports/x.csv"),
        "write another bucket": ("s3:PutObject", "arn:aws:s3:::someone-elses-bucket/x"),
        "read the token secret": ("ssm:GetParameter", f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter{names['parameter']}"),
        "read another parameter": ("ssm:GetParameter", f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/signups/other"),
        "dead-letter stream batches": ("sqs:SendMessage", refs["EmailDeadLetterQueue.Arn"]),
        "dead-letter asynchronous events": ("sqs:SendMessage", refs["AsyncDeadLetterQueue.Arn"]),
        "read a dead-letter queue": ("sqs:ReceiveMessage", refs["AsyncDeadLetterQueue.Arn"]),
        "invoke a function": ("lambda:InvokeFunction", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:x"),
    }


MAY = {
    "api_handler": {"read the table", "write items", "update items", "delete items", "batch write",
                    "query the table", "query by organisation", "write exports", "read exports",
                    "read the token secret"},
    # it writes and deletes for sign-in links: the request it takes, the link's hash it stores
    "email_worker": {"send mail", "read the SES send rate", "read the stream", "read the table", "write items",
                     "update items", "delete items", "query the table", "read the token secret", "dead-letter stream batches"},
    "export_worker": {"send mail", "read the stream", "read the table", "write items", "update items",
                      "query the table", "write exports", "read the token secret", "dead-letter stream batches"},
    "expire_holds": {"read the table", "update items", "delete items", "query the table", "query what is due",
                     "dead-letter asynchronous events"},
    # it reads each due registration's event: the next of its reminder times (issue 28); the morning
    # after an event it queries its confirmed attendees for their follow-up mail (chalicelib.after)
    "send_reminders": {"update items",   # it reads events by BatchGetItem
                       "query the table", "query what is due", "dead-letter asynchronous events"},
    # the organiser's daily digest: reads the event and its registrations, writes the day's digest item
    "send_digests": {"read the table", "write items", "update items", "query the table", "query what is due",
                     "dead-letter asynchronous events"},
    "ses_feedback": {"write items", "update items", "query by email", "read the token secret",
                     "dead-letter asynchronous events"},
}


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("function", FUNCTIONS)
def test_what_each_function_may_do(function, stage):
    answers = {name: allowed(load_policy(function, stage), action, resource)
               for name, (action, resource) in _capabilities(stage).items()}
    assert {name for name, yes in answers.items() if yes} == MAY[function]


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("function", FUNCTIONS)
def test_each_function_writes_only_its_own_log_group(function, stage):
    """Issue 25 item 12: Lambda names a function's log group /aws/lambda/<stack>-<logical id>-<suffix>."""
    def group(logical_id, stack=f"signups-{stage}"):
        return f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/lambda/{stack}-{logical_id}-1A2B3C"
    policy = load_policy(function, stage)
    for action in ("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"):
        assert allowed(policy, action, group(FUNCTIONS[function]) + ":log-stream:x")
        for other in set(FUNCTIONS.values()) - {FUNCTIONS[function]}:
            assert not allowed(policy, action, group(other) + ":log-stream:x"), other
        assert not allowed(policy, action, group(FUNCTIONS[function], "another-stack") + ":log-stream:x")
        assert not allowed(policy, action, f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/lambda/x:log-stream:x")


def test_the_issues_rules_read_off_the_table():
    """The issue's rules, read off MAY: the API sends no mail, reads no stream and dead-letters nothing; the
    schedules and the SES feedback handler send no mail and write no exports."""
    def who(capability):
        return {function for function, may in MAY.items() if capability in may}
    assert who("send mail") == {"email_worker", "export_worker"}   # the API only queues mail
    assert who("read the stream") == {"email_worker", "export_worker"}
    assert who("write exports") == {"api_handler", "export_worker"}
    assert who("read exports") == {"api_handler"}          # it answers with the file or a presigned link
    assert who("dead-letter asynchronous events") == {"expire_holds", "send_reminders", "send_digests", "ses_feedback"}
    assert who("dead-letter stream batches") == {"email_worker", "export_worker"}
    assert who("read the SES send rate") == {"email_worker"}
    assert who("batch write") == {"api_handler"}           # an organiser's message: a delivery item per attendee
    assert who("scan the table") == who("delete the table") == who("read another stage's table") == set()
    assert who("read a dead-letter queue") == who("invoke a function") == who("write another bucket") == set()


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

    def stop_token(rid, event_id=EID):
        from chalicelib import tokens
        return tokens.sign_unsubscribe(event_id, rid, key=SECRET)

    def export_as(fmt, **settings):
        """An export with settings that send it to S3 (inline limit) or to the export worker (time budget)."""
        def call():
            from chalicelib import config
            for name, value in settings.items():
                client_env.setenv(name, value)
            config.settings.cache_clear()
            try:
                return client.http.get(f"/events/{EID}/registrations?format={fmt}", headers=bearer(export))
            finally:
                for name in settings:
                    client_env.delenv(name, raising=False)
                config.settings.cache_clear()
        return call

    def digest_token():
        from chalicelib import digest, tokens
        return tokens.seal(EID.encode(), digest._CONTEXT, key=SECRET)

    client_env = ids["env"]
    session = Session(client)
    return {
        ("/health", "GET"): [lambda: client.http.get("/health")],
        ("/", "GET"): [lambda: client.http.get("/")],
        ("/openapi.json", "GET"): [lambda: client.http.get("/openapi.json")],
        ("/events/{event_id}", "GET"): [lambda: client.http.get(f"/events/{EID}")],
        ("/events/{event_id}", "PUT"): [lambda: client.http.put(
            f"/events/{EID}", body=json.dumps({k: v for k, v in DEMO_EVENT.items() if k != "id"}),
            headers={**bearer(admin), "Content-Type": "application/json"})],
        ("/events/{event_id}/signups", "POST"): [
            lambda: signup(client, EID, **person(7)),
            lambda: signup(client, EID, form=True, accept_json=False, **{**person(8), "consent": "on"})],
        ("/events/{event_id}/form", "GET"): [lambda: client.http.get(f"/events/{EID}/form")],
        ("/events/{event_id}/thanks", "GET"): [lambda: client.http.get(f"/events/{EID}/thanks?status=confirmed")],
        ("/registrations/{token}/cancel", "GET"): [lambda: client.http.get(f"/registrations/{token(ids['confirmed'])}/cancel")],
        ("/registrations/{token}", "GET"): [lambda: client.http.get(f"/registrations/{token(ids['confirmed'])}")],
        ("/registrations/{token}/confirm", "POST"): [lambda: client.http.post(
            f"/registrations/{token(ids['pending'], OPT_IN_EID)}/confirm", headers={"Accept": "application/json"})],
        ("/registrations/{token}/cancel", "POST"): [lambda: client.http.post(
            f"/registrations/{token(ids['cancel'])}/cancel", headers={"Accept": "application/json"})],
        ("/registrations/{token}/answers", "GET"): [lambda: client.http.get(f"/registrations/{token(ids['confirmed'])}/answers")],
        ("/registrations/{token}/answers", "POST"): [lambda: client.http.post(
            f"/registrations/{token(ids['confirmed'])}/answers", body=json.dumps({"functie": "Adviseur"}),
            headers={"Content-Type": "application/json", "Accept": "application/json"})],
        ("/registrations/{token}/calendar.ics", "GET"): [
            lambda: client.http.get(f"/registrations/{token(ids['confirmed'])}/calendar.ics")],
        ("/unsubscribe/{token}", "GET"): [lambda: client.http.get(f"/unsubscribe/{stop_token(ids['confirmed'])}")],
        ("/unsubscribe/{token}", "POST"): [lambda: client.http.post(
            f"/unsubscribe/{stop_token(ids['confirmed'])}", body="List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"})],
        ("/events/{event_id}/registrations", "GET"): [
            export_as("csv"), export_as("xlsx"), export_as("json"), export_as("csv", EXPORT_INLINE_LIMIT_BYTES="1"),
            export_as("xlsx", EXPORT_SYNC_SECONDS="0")],     # a job: the export worker writes it below
        # a forged link is refused before any AWS call; a real one is opened in tests/test_export_jobs.py
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
            "/organiser/login", body=f"email={DEMO_ORG['members'][0]['email']}", headers=FORM)],
        ("/organiser/login/{token}", "GET"): [lambda: client.http.get(session.link())],
        ("/organiser/login/{token}", "POST"): [lambda: session.sign_in()],
        ("/organiser", "GET"): [lambda: client.http.get("/organiser", headers=session.cookie())],
        ("/organiser/logout", "POST"): [lambda: client.http.post(
            "/organiser/logout", body=f"csrf={session.csrf()}", headers={**FORM, **session.cookie()})],
        ("/events/{event_id}/copy", "POST"): [lambda: client.http.post(
            f"/events/{EID}/copy", body=json.dumps({"id": "kopie", "starts_at": "2027-01-12T10:00",
                                                    "ends_at": "2027-01-12T12:00"}),
            headers={**bearer(admin), "Content-Type": "application/json"})],
        ("/events/{event_id}/registrations", "POST"): [lambda: client.http.post(
            f"/events/{EID}/registrations", body=json.dumps(person(9)),
            headers={**bearer(admin), "Content-Type": "application/json"})],
        ("/digest/{digest_token}", "GET"): [lambda: client.http.get(f"/digest/{digest_token()}")],
        ("/digest/{digest_token}", "POST"): [lambda: client.http.post(f"/digest/{digest_token()}", body="",
                                                                        headers=FORM)],
        **_editor_routes(client, Session(client)),     # its own session: the routes above sign out
        **_dashboard_routes(client, admin, export, ids, Session(client)),
    }


def _editor_routes(client, session):
    """The event editor, embed page and API keys, as a signed-in member uses them."""
    def admin_token():
        from chalicelib import auth
        return auth.mint("admin", ["*"], label="policy")[1]

    def deleted(event_id, through=None):
        """An event of its own, with a registration, deleted (by the page's form, or by the API)."""
        make_event(client, admin_token(), id=event_id)
        signup(client, event_id, **person(1))
        if through:
            return through(f"/organiser/events/{event_id}/delete")()
        return client.http.delete(f"/events/{event_id}", headers=bearer(admin_token()))

    def get(path):
        return lambda: client.http.get(path, headers=session.cookie())

    def post(path, **fields):
        from urllib.parse import urlencode
        return lambda: client.http.post(path, body=urlencode({"csrf": session.csrf(), **fields}),
                                        headers={**FORM, **session.cookie()})

    def upload_logo():
        boundary = "grens"
        body = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                       for name, value in (("csrf", session.csrf()), ("organisation", DEMO_ORG["id"])))
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="logo"; filename="logo.svg"\r\n'
                 f'Content-Type: image/svg+xml\r\n\r\n<svg xmlns="http://www.w3.org/2000/svg"/>\r\n--{boundary}--\r\n')
        return client.http.post("/organiser/settings/logo", body=body.encode(), headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", **session.cookie()})

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
        ("/organiser/events/{event_id}/programme", "GET"): [get(f"/organiser/events/{EID}/programme")],
        ("/organiser/events/{event_id}/programme", "POST"): [post(f"/organiser/events/{EID}/programme", action="add_round")],
        ("/organiser/events/{event_id}/registration", "POST"): [
            post(f"/organiser/events/{EID}/registration", open="no"),
            post(f"/organiser/events/{EID}/registration", open="yes")],
        ("/organiser/events/{event_id}/embed", "GET"): [get(f"/organiser/events/{EID}/embed")],
        ("/organiser/events/{event_id}/origins", "POST"): [
            post(f"/organiser/events/{EID}/origins", site="https://www.gemeente.nl")],
        ("/organiser/events/{event_id}/copy", "GET"): [get(f"/organiser/events/{EID}/copy")],
        ("/organiser/events/{event_id}/copy", "POST"): [post(f"/organiser/events/{EID}/copy", start_date="2027-02-02",
                                                             start_time="10:00", end_time="12:00")],
        ("/organiser/events/{event_id}/registrations/new", "GET"): [get(f"/organiser/events/{EID}/registrations/new")],
        ("/organiser/events/{event_id}/registrations/new", "POST"): [
            post(f"/organiser/events/{EID}/registrations/new", **{**person(10), "consent": "on"})],
        ("/organiser/tokens", "GET"): [get("/organiser/tokens")],
        ("/organiser/tokens", "POST"): [post("/organiser/tokens", label="Excel", expiry="90", **{f"event:{EID}": "on"})],
        ("/organiser/tokens/{token_id}/revoke", "POST"): [revoke],
        # the team page (issue 28): invite (its mail is the email worker's), change a role, remove
        ("/organiser/team", "GET"): [get("/organiser/team")],
        ("/organiser/team/invite", "POST"): [post("/organiser/team/invite", organisation=DEMO_ORG["id"],
                                                  email="kees@duurzaamdoor.example", role="deur")],
        ("/organiser/team/role", "POST"): [post("/organiser/team/role", organisation=DEMO_ORG["id"],
                                                email="kees@duurzaamdoor.example", role="meekijker")],
        ("/organiser/team/remove", "GET"): [get(f"/organiser/team/remove?organisation={DEMO_ORG['id']}"
                                                "&email=kees@duurzaamdoor.example")],
        ("/organiser/team/remove", "POST"): [post("/organiser/team/remove", organisation=DEMO_ORG["id"],
                                                  email="kees@duurzaamdoor.example")],
        ("/organiser/log", "GET"): [get("/organiser/log")],
        ("/organiser/log/download", "GET"): [get("/organiser/log/download?format=xlsx"),
                                             get("/organiser/log/download?format=csv")],
        ("/organiser/team/events", "POST"): [post("/organiser/team/events", organisation=DEMO_ORG["id"],
                                                  email="kees@duurzaamdoor.example", **{f"event:{EID}": "on"})],
        # archive, bring back and delete (issue 28 item 8); deleting on events of its own
        ("/organiser/archive", "GET"): [get("/organiser/archive")],
        ("/organiser/events/{event_id}/archive", "POST"): [post(f"/organiser/events/{EID}/archive")],
        ("/organiser/events/{event_id}/restore", "POST"): [post(f"/organiser/events/{EID}/restore")],
        ("/events/{event_id}/archive", "POST"): [lambda: client.http.post(
            f"/events/{EID}/archive", body="", headers=bearer(admin_token()))],
        ("/events/{event_id}/archive", "DELETE"): [lambda: client.http.delete(
            f"/events/{EID}/archive", headers=bearer(admin_token()))],
        ("/organiser/events/{event_id}/delete", "GET"): [get(f"/organiser/events/{EID}/delete")],
        ("/organiser/events/{event_id}/delete", "POST"): [lambda: deleted("weg-1", post)],
        ("/events/{event_id}", "DELETE"): [lambda: deleted("weg-2")],
        # the settings page and the logo (issue 28 item 4): the logo goes into the export bucket and out again
        ("/organiser/settings", "GET"): [get("/organiser/settings")],
        ("/organiser/settings", "POST"): [post("/organiser/settings", organisation=DEMO_ORG["id"], name="DuurzaamDoor",
                                               colour="#1b6b4a")],
        ("/organiser/settings/logo", "POST"): [upload_logo],
        ("/organisations/{organisation_id}/logo", "GET"): [
            lambda: client.http.get(f"/organisations/{DEMO_ORG['id']}/logo", headers={"Accept": "*/*"})],
        **_webhook_routes(client, admin_token, get, post),
    }


def _webhook_routes(client, admin_token, get, post):
    """The Webhooks page and API (issue 28 item 9), with a name that resolves to a public address."""
    import socket
    from datetime import datetime, timezone
    from chalicelib import webhooks
    org, public = DEMO_ORG["id"], [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 443))]

    def resolving(call):
        def run():
            original, socket.getaddrinfo = socket.getaddrinfo, lambda *a, **k: public
            try:
                return call()
            finally:
                socket.getaddrinfo = original
        return run

    def endpoint():
        return webhooks.create(org, {"url": "https://ontvanger.example.org/hook", "events": ["registration.created"]},
                               by="policy", now=datetime.now(timezone.utc), resolve=lambda *a, **k: public)[0]["webhook_id"]

    def api(method, tail="", body=None):
        def call():
            path = f"/organisations/{org}/webhooks" + tail.format(wid=endpoint() if "{wid}" in tail else "")
            return client.http.request(method, path, body=json.dumps(body) if body else "",
                                       headers={**bearer(admin_token()), "Content-Type": "application/json"})
        return call
    new = {"url": "https://ontvanger.example.org/api", "events": ["registration.erased"]}
    return {
        ("/organiser/webhooks", "GET"): [get("/organiser/webhooks")],
        ("/organiser/webhooks", "POST"): [resolving(post("/organiser/webhooks", organisation=org,
                                                         url="https://ontvanger.example.org/pagina",
                                                         **{"event:registration.created": "on"}))],
        ("/organiser/webhooks/test", "POST"): [lambda: post("/organiser/webhooks/test", organisation=org,
                                                            webhook=endpoint())()],
        ("/organiser/webhooks/secret", "POST"): [lambda: post("/organiser/webhooks/secret", organisation=org,
                                                              webhook=endpoint())()],
        ("/organiser/webhooks/remove", "POST"): [lambda: post("/organiser/webhooks/remove", organisation=org,
                                                              webhook=endpoint())()],
        ("/organisations/{organisation_id}/webhooks", "GET"): [api("GET")],
        ("/organisations/{organisation_id}/webhooks", "POST"): [resolving(api("POST", body=new))],
        ("/organisations/{organisation_id}/webhooks/{webhook_id}", "DELETE"): [api("DELETE", "/{wid}")],
        ("/organisations/{organisation_id}/webhooks/{webhook_id}/secret", "POST"): [api("POST", "/{wid}/secret")],
        ("/organisations/{organisation_id}/webhooks/{webhook_id}/test", "POST"): [api("POST", "/{wid}/test")],
        ("/organisations/{organisation_id}/webhooks/{webhook_id}/deliveries", "GET"): [api("GET", "/{wid}/deliveries")],
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

    def after_token(kind):
        return getattr(tokens, f"sign_{kind}")(EID, ids["confirmed"], key=SECRET)
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
        ("/checkin/{checkin_token}", "DELETE"): [lambda: client.http.delete(checkin, headers=bearer(admin))],
        (page, "GET"): [get(page)],
        (page + "/registrations", "GET"): [get(page + "/registrations?q=deelnemer")],
        # after the meeting (issue 30): the attendee's evaluation and proof, the public check, the organiser's results
        ("/evaluation/{token}", "GET"): [lambda: client.http.get(f"/evaluation/{after_token('evaluation')}")],
        ("/evaluation/{token}", "POST"): [lambda: client.http.post(f"/evaluation/{after_token('evaluation')}",
                                                                   body="score=8", headers=FORM)],
        ("/proof/{token}", "GET"): [lambda: client.http.get(f"/proof/{after_token('proof')}")],
        ("/proof/{token}/pdf", "GET"): [lambda: client.http.get(f"/proof/{after_token('proof')}/pdf")],
        ("/verify/{token}", "GET"): [lambda: client.http.get(f"/verify/{after_token('verify')}")],
        (page + "/evaluation", "GET"): [get(page + "/evaluation")],
        (page + "/evaluation/download", "GET"): [get(page + "/evaluation/download")],
        # the participant list and maatjes (issue 30 items 4 and 5): the attendee's buttons, the organiser's page
        ("/registrations/{token}/participants", "POST"): [lambda: client.http.post(
            f"/registrations/{tokens.sign(EID, ids['confirmed'], key=SECRET)}/participants", body="share=on", headers=FORM)],
        ("/registrations/{token}/participants", "GET"): [lambda: client.http.get(
            f"/registrations/{tokens.sign(EID, ids['confirmed'], key=SECRET)}/participants")],
        ("/registrations/{token}/buddies", "POST"): [lambda: client.http.post(
            f"/registrations/{tokens.sign(EID, ids['confirmed'], key=SECRET)}/buddies", body="share=on", headers=FORM)],
        ("/registrations/{token}/sessions", "POST"): [lambda: client.http.post(
            f"/registrations/{tokens.sign(EID, ids['confirmed'], key=SECRET)}/sessions", body="round=ronde-1",
            headers=FORM)],
        (page + "/buddies", "GET"): [get(page + "/buddies")],
        (page + "/buddies/make", "POST"): [post(page + "/buddies/make", body="&mode=mixed&size=2-3")],
        (page + "/buddies/move", "POST"): [post(page + "/buddies/move", body=f"&registration={ids['confirmed']}&group=new")],
        (page + "/buddies/send", "POST"): [post(page + "/buddies/send")],
        (person + "/resend", "POST"): [post(person + "/resend")],
        (person + "/cancel", "GET"): [get(person + "/cancel")],
        (person + "/cancel", "POST"): [post(person + "/cancel", "cancel")],
        (person + "/erase", "GET"): [get(person + "/erase")],
        (person + "/erase", "POST"): [post(person + "/erase", "erase")],
        (person + "/checkin", "POST"): [post(person + "/checkin")],
        (person + "/checkin/undo", "POST"): [post(person + "/checkin/undo")],
        (page + "/messages/new", "GET"): [get(page + "/messages/new")],
        (page + "/messages/preview", "POST"): [post(page + "/messages/preview", body="&subject=Zaal&body=Hoi&to=confirmed")],
        (page + "/messages", "POST"): [post(page + "/messages", body="&subject=Zaal&body=Hoi&to=confirmed&send=1")],
        (page + "/door", "GET"): [get(page + "/door")],
        (page + "/attendance", "GET"): [get(page + "/attendance")],
        (page + "/badges", "GET"): [get(page + "/badges")], (page + "/rooms", "GET"): [get(page + "/rooms")],
        (person, "GET"): [get(person)],
        # last: cancelling the event (its own event, so the routes above keep theirs open)
        (page + "/cancel", "GET"): [get(page + "/cancel")],
        (page + "/cancel", "POST"): [lambda: client.http.post(
            f"/organiser/events/{FULL_EID}/cancel", body=f"csrf={session.csrf()}&message=Ziek",
            headers={**FORM, **session.cookie()})],
        ("/events/{event_id}/cancel", "POST"): [lambda: client.http.post(
            f"/events/{FULL_EID}/cancel", body=json.dumps({"message": "Ziek"}),
            headers={**bearer(admin), "Content-Type": "application/json"})],
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
        self.client.http.post("/organiser/login", body=f"email={DEMO_ORG['members'][0]['email']}", headers=FORM)
        send_sign_in_links()
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
    def scheduled(name):
        """A run on the eve of the events (the confirmed attendees' reminders are due), and one the
        morning after (their follow-up mails are due, chalicelib.after)."""
        from datetime import datetime, timezone

        from chalicelib.blueprints import workers
        for moment in (datetime(2026, 12, 9, 6, 0, tzinfo=timezone.utc), datetime(2026, 12, 10, 8, 0, tzinfo=timezone.utc)):
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(workers, "now", lambda moment=moment: moment)
                client.lambda_.invoke(name, client.events.generate_cw_event(
                    source="aws.events", detail_type="Scheduled Event", detail={}, resources=[], region=REGION))

    address = person(1)["email"]        # registered: its registration gets email_status bounced
    bounce = {"eventType": "Bounce", "mail": {"destination": [address]},
              "bounce": {"bounceType": "Permanent", "bounceSubType": "General",
                         "bouncedRecipients": [{"emailAddress": address}]}}
    return {
        "DynamoDBEventConfig": lambda name: run_email_worker(client, name),
        "SNSEventConfig": lambda name: client.lambda_.invoke(
            name, client.events.generate_sns_event(message=json.dumps(bounce))),
        "ScheduledEventConfig": scheduled,
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
    make_event(client, admin_token, id=FULL_EID, capacity=1)
    for n in (1, 2):        # the second waits: the email worker tells them their place on the list
        assert signup(client, FULL_EID, **person(n)).status_code in (201, 202)
    make_event(client, admin_token, id=OLD_SHAPE_EID, capacity=1)     # stored before the shards: below
    for n in (1, 2):
        assert signup(client, OLD_SHAPE_EID, **person(n)).status_code == 201
    first = len(AWS_CALLS)      # what earlier tests recorded stays, for the session's own check
    from chalicelib import config
    config.settings.cache_clear()   # the fixtures read settings outside a handler, without its environment
    tokens.keys.cache_clear()     # fetched again, from a handler

    # a member's key: the export worker mails the link to its maker (an operator's key gets no mail)
    from chalicelib import auth
    members_key = auth.mint("export", [EID], organisation_id="duurzaamdoor", created_by="marieke@duurzaamdoor.example")[1]
    routes = _routes(client, admin_token, members_key, ids)
    # HEAD runs the GET's view (chalicelib.http.routing.routes): the same AWS calls
    routes.update({(path, "HEAD"): calls for (path, method), calls in list(routes.items()) if method == "GET"})
    served = {(path, method) for path, methods in app.routes.items() for method in methods}
    assert served <= set(routes), f"teach test_policy how to call {sorted(served - set(routes))}"
    for key in sorted(served):
        for call in routes[key]:
            response = call()
            assert response.status_code < 500, (key, response.body)

    _an_old_event_frees_a_seat(OLD_SHAPE_EID)
    handlers = _event_handlers(client)
    sources = [(type(source).__name__, source.name) for source in app.event_sources]
    assert {kind for kind, _ in sources} <= set(handlers), f"teach test_policy to invoke {sources}"
    for kind, name in sources:
        tokens.keys.cache_clear()       # each function is a process of its own: it fetches the secret itself
        handlers[kind](name)

    calls = AWS_CALLS[first:]
    assert {call[4] for call in calls} == set(FUNCTIONS)      # every function was driven, and attributed
    assert not violations(calls)
    for function, stage in ((function, stage) for function in FUNCTIONS for stage in STAGES):
        needed = [pair for call in calls if call[4] == function for pair in required(call, stage)]
        needed += platform_required(function, stage)
        assert unused_grants(load_policy(function, stage), needed) == [], f"{function}'s policy grants what it never uses"


def _an_old_event_frees_a_seat(event_id):
    """The full event as stored before the waiting-list shards (docs/deploy.md): its waiting person
    counted on the event item, and a seat freed whose promotion did not happen. The email worker's
    stream run then moves them up from the old count, checking their shard reads 0 in the same
    transaction (a ConditionCheck). Written with boto3 itself, so no function is charged for it."""
    import boto3
    from chalicelib import store
    table = boto3.client("dynamodb")
    name = os.environ["TABLE_NAME"]
    waiting = [r for r in store.roster.registrations(event_id, consistent=True) if r.status == "waitlisted"]
    assert waiting, "the full event has someone waiting"
    for key in store.events.waitlist_keys(event_id):
        table.update_item(TableName=name, Key=key, UpdateExpression="SET n = :zero", ExpressionAttributeValues={
            ":zero": {"N": "0"}})
    table.update_item(TableName=name, Key=store.events.event_key(event_id),
                      UpdateExpression="SET waitlist_count = :n, seats_taken = :zero",
                      ExpressionAttributeValues={":n": {"N": str(len(waiting))}, ":zero": {"N": "0"}})


def unused_grants(policy, needed) -> list:
    """The ``(action, resource)`` pairs a policy grants that no needed pair matches (FAILURE_PATH_ACTIONS aside)."""
    return [(action, resource) for statement in policy["Statement"] for action in _listed(statement["Action"])
            for resource in _listed(statement["Resource"])
            if action not in FAILURE_PATH_ACTIONS and not any(
                fnmatch.fnmatchcase(a.lower(), action.lower()) and fnmatch.fnmatchcase(r, resource) for a, r in needed)]


def test_unused_grants_names_each_action_and_resource():
    policy = {"Statement": [{"Action": ["dynamodb:Query", "dynamodb:GetItem"], "Resource": ["arn:t", "arn:t/index/a"]}]}
    assert unused_grants(policy, [("dynamodb:Query", "arn:t/index/a"), ("dynamodb:GetItem", "arn:t")]) == [
        ("dynamodb:Query", "arn:t"), ("dynamodb:GetItem", "arn:t/index/a")]


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


# ---------------------------------------------------------------- dead letters (issue 14)

ASYNC_SOURCES = {"ScheduledEventConfig", "SNSEventConfig"}      # Lambda invokes these asynchronously


def test_every_asynchronous_function_dead_letters_what_it_gives_up_on():
    """A schedule's run or an SES notification that fails after its retries goes to the
    asynchronous dead-letter queue (with its event), and the queue has an alarm."""
    from app import app
    resources = _template()["Resources"]
    configs = {config["Properties"]["FunctionName"]["Ref"]: config["Properties"]
               for config in resources.values() if config.get("Type") == "AWS::Lambda::EventInvokeConfig"}
    asynchronous = {FUNCTIONS[source.name] for source in app.event_sources if type(source).__name__ in ASYNC_SOURCES}
    assert asynchronous == {"ExpireHolds", "SendReminders", "SendDigests", "SesFeedback"}
    assert set(configs) == asynchronous
    for logical_id, config in configs.items():
        assert config["Qualifier"] == "$LATEST"
        assert config["DestinationConfig"] == {"OnFailure": {"Destination": {"Fn::GetAtt": ["AsyncDeadLetterQueue", "Arn"]}}}
        assert config["MaximumRetryAttempts"] == (2 if logical_id == "SesFeedback" else 1)
    # a schedule's failed event is stale by its next run; a bounce is worth six hours of retries
    assert {k: c["MaximumEventAgeInSeconds"] for k, c in configs.items()} == {
        "ExpireHolds": 600, "SendReminders": 1800, "SendDigests": 3600, "SesFeedback": 21600}
    queue = resources["AsyncDeadLetterQueue"]["Properties"]
    assert (queue["MessageRetentionPeriod"], queue["SqsManagedSseEnabled"]) == (1209600, True)
    assert _template()["Outputs"]["AsyncDeadLetterQueueUrl"] == {"Value": {"Ref": "AsyncDeadLetterQueue"}}


def test_every_stream_function_dead_letters_what_it_gives_up_on():
    from app import app
    resources = _template()["Resources"]
    for source in app.event_sources:
        if type(source).__name__ == "DynamoDBEventConfig":
            (events,) = resources[FUNCTIONS[source.name]]["Properties"]["Events"].values()
            assert events["Properties"]["DestinationConfig"] == {
                "OnFailure": {"Destination": {"Fn::GetAtt": ["EmailDeadLetterQueue", "Arn"]}}}


@pytest.mark.parametrize("queue, alarm", [("EmailDeadLetterQueue", "EmailDeadLetterAlarm"),
                                          ("AsyncDeadLetterQueue", "AsyncDeadLetterAlarm")])
def test_a_message_in_a_dead_letter_queue_raises_an_alarm(queue, alarm):
    properties = _template()["Resources"][alarm]["Properties"]
    assert (properties["Namespace"], properties["MetricName"]) == ("AWS/SQS", "ApproximateNumberOfMessagesVisible")
    assert properties["Dimensions"] == [{"Name": "QueueName", "Value": {"Fn::GetAtt": [queue, "QueueName"]}}]
    assert (properties["Statistic"], properties["Threshold"], properties["ComparisonOperator"]) == (
        "Maximum", 1, "GreaterThanOrEqualToThreshold")
    assert properties["AlarmActions"] == properties["OKActions"] == [{"Ref": "AlarmTopic"}]
