"""How a failure is named in the logs: the edges of chalicelib.faults."""
import json
import sys

from test_logs import log_lines  # noqa: F401 - the fixture


def test_an_aws_error_without_its_error_part_is_named_by_its_class():
    """A response that carries no Error (a bare HTTP failure) is still logged, by class."""
    from botocore.exceptions import ClientError
    from chalicelib import faults
    assert faults.aws_code(ClientError({}, "GetObject")) == "ClientError"
    assert faults.aws_code(ClientError({"ResponseMetadata": {"HTTPStatusCode": 500}}, "GetObject")) == "ClientError"


def test_before_boto3_is_loaded_botocore_failures_still_count(monkeypatch):
    """A Lambda that has not loaded boto3 (only S3's client is made through it) tells a failed
    AWS call from a bug all the same."""
    from botocore.exceptions import ClientError, EndpointConnectionError
    from chalicelib import faults
    monkeypatch.delitem(sys.modules, "boto3.exceptions", raising=False)
    assert faults.is_dependency_failure(ClientError({"Error": {"Code": "ThrottlingException"}}, "PutItem"))
    assert faults.is_dependency_failure(EndpointConnectionError(endpoint_url="https://dynamodb.example"))
    assert not faults.is_dependency_failure(KeyError("missing"))


def test_a_bugs_log_line_names_the_route_it_broke(log_lines):  # noqa: F811 - the fixture
    from chalicelib import faults
    try:
        {}["missing"]
    except KeyError as bug:
        faults.report(bug, route="/events/{event_id}/signups", method="POST")
    (line,) = [json.loads(text) for text in log_lines if '"request.bug"' in text]
    assert line["route"] == "/events/{event_id}/signups" and line["method"] == "POST"
    assert line["level"] == "ERROR" and line["error_type"] == "KeyError"
    metrics = [json.loads(text) for text in log_lines if '"_aws"' in text]
    assert [m.get("UnexpectedErrors") for m in metrics] == [1]
