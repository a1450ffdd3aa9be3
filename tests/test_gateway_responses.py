"""API Gateway's own errors answer in the contract's shape: a Gateway Response for every type.

API Gateway answers some requests without running the function (throttling, a body or
URL it refuses, a function that failed or took longer than 29 s). Without a Gateway
Response those answers are ``{"message": "..."}``, and a 5xx is a 502 or 504, which the
contract does not allow. .chalice/resources.json gives every type a body in the error
shape, CORS, and ``Retry-After`` where trying again later is the answer.
"""
import json

import pytest

from chalicelib import error_copy
from conftest import ROOT
from test_logs import log_lines  # noqa: F401 - the fixture

# every response type API Gateway has (its GatewayResponseType enum, REST APIs)
TYPES = ("ACCESS_DENIED", "API_CONFIGURATION_ERROR", "AUTHORIZER_CONFIGURATION_ERROR", "AUTHORIZER_FAILURE",
         "BAD_REQUEST_PARAMETERS", "BAD_REQUEST_BODY", "DEFAULT_4XX", "DEFAULT_5XX", "EXPIRED_TOKEN",
         "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT", "INVALID_API_KEY", "INVALID_SIGNATURE",
         "MISSING_AUTHENTICATION_TOKEN", "QUOTA_EXCEEDED", "REQUEST_TOO_LARGE", "RESOURCE_NOT_FOUND",
         "THROTTLED", "UNAUTHORIZED", "UNSUPPORTED_MEDIA_TYPE", "WAF_FILTERED")
RETRY_LATER = {"THROTTLED", "QUOTA_EXCEEDED", "DEFAULT_5XX", "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT",
               "API_CONFIGURATION_ERROR", "AUTHORIZER_CONFIGURATION_ERROR", "AUTHORIZER_FAILURE"}


def gateway_responses():
    resources = json.loads((ROOT / ".chalice" / "resources.json").read_text())
    return resources["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["x-amazon-apigateway-gateway-responses"]


def test_every_gateway_response_type_is_answered():
    assert sorted(gateway_responses()) == sorted(TYPES)


@pytest.mark.parametrize("kind", TYPES)
def test_each_answers_in_the_contracts_shape(kind):
    response = gateway_responses()[kind]
    body = json.loads(response["responseTemplates"]["application/json"])
    headers = response["responseParameters"]
    assert sorted(body) == ["error", "message"]
    assert body["message"] == error_copy.error_message(body["error"], "nl")     # a known code, its Dutch text
    assert body["error"] in error_copy.ERROR_MESSAGES
    assert headers["gatewayresponse.header.Access-Control-Allow-Origin"] == "'*'"
    assert response["statusCode"] != 500 and 400 <= response["statusCode"] < 600
    assert ("gatewayresponse.header.Retry-After" in headers) == (kind in RETRY_LATER)


def test_the_statuses_a_client_meets_when_aws_or_the_function_fails():
    responses = gateway_responses()
    assert {kind: responses[kind]["statusCode"] for kind in ("THROTTLED", "DEFAULT_5XX", "INTEGRATION_FAILURE",
                                                             "INTEGRATION_TIMEOUT", "DEFAULT_4XX")} == {
        "THROTTLED": 429, "DEFAULT_5XX": 503, "INTEGRATION_FAILURE": 503, "INTEGRATION_TIMEOUT": 504,
        "DEFAULT_4XX": 400}


def test_the_metrics_a_503_counts_have_alarms(log_lines):
    """chalicelib.faults counts every 503 it answers in the Embedded Metric Format; both
    counts have an alarm on the alarm topic."""
    from chalicelib import faults
    faults.report(KeyError("x"), route="/test")
    emitted = {name for line in log_lines if "_aws" in line
               for name in (m["Name"] for m in json.loads(line)["_aws"]["CloudWatchMetrics"][0]["Metrics"])}
    resources = json.loads((ROOT / ".chalice" / "resources.json").read_text())["Resources"]
    alarmed = {r["Properties"]["MetricName"] for r in resources.values()
               if r.get("Type") == "AWS::CloudWatch::Alarm" and r["Properties"]["Namespace"] == "Signups"}
    assert emitted == {"UnexpectedErrors"}
    assert alarmed == {"UnexpectedErrors", "DependencyFailures"}
