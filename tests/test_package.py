"""`chalice package` output: the zip ships templates/, the template holds the infrastructure."""
import json
import os
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    out = tmp_path_factory.mktemp("package")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["AWS_DEFAULT_REGION"] = "eu-west-1"     # all chalice package needs: no credentials
    subprocess.run([str(ROOT / ".venv" / "bin" / "chalice"), "package", "--stage", "prod",
                    "--merge-template", ".chalice/resources.json", str(out)],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return out


def test_zip_ships_templates_beside_app_py(package):
    names = set(zipfile.ZipFile(package / "deployment.zip").namelist())
    assert {"app.py", "chalicelib/templating.py", "templates/email/registered.html.j2",
            "templates/pages/form.html.j2"} <= names


def test_templates_load_in_the_packaged_layout(package, tmp_path):
    with zipfile.ZipFile(package / "deployment.zip") as zipped:
        zipped.extractall(tmp_path, [n for n in zipped.namelist() if n.startswith(("chalicelib/", "templates/"))])
    probe = ("from chalicelib import templating; "
             "print(templating.TEMPLATE_DIRS[0]); "
             "print(templating.environment().get_template('email/registered.html.j2').filename)")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(tmp_path)}, check=True)
    template_dir, loaded = result.stdout.split()
    assert template_dir == str(tmp_path / "templates")
    assert loaded == str(tmp_path / "templates" / "email" / "registered.html.j2")


def test_template_wires_the_stream_worker_and_the_environment(package):
    template = json.loads((package / "sam.json").read_text())
    resources = template["Resources"]
    source = resources["EmailWorker"]["Properties"]["Events"]["EmailWorkerDynamodbEventSource"]["Properties"]
    assert source["Stream"] == {"Fn::GetAtt": ["Table", "StreamArn"]}
    assert source["BisectBatchOnFunctionError"] is True and source["MaximumRetryAttempts"] >= 1
    assert source["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["EmailDeadLetterQueue", "Arn"]}
    topic = resources["SesFeedback"]["Properties"]["Events"]["SesFeedbackSnsSubscription"]["Properties"]["Topic"]
    assert topic == {"Fn::Sub": "${SesFeedbackTopic}"}
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    assert {"TABLE_NAME", "TABLE_STREAM_ARN", "EXPORT_BUCKET", "SES_CONFIGURATION_SET", "SENDER_EMAIL",
            "PUBLIC_BASE_URL", "TOKEN_SECRET_PARAM"} <= set(variables)
    functions = [r for r in resources.values() if r.get("Type") == "AWS::Serverless::Function"]
    assert all("Type" in r for r in resources.values()), "a merged override names a function chalice did not make"
    assert len(functions) >= 4


def test_table_matches_the_store(package):
    from chalicelib import store
    table = json.loads((package / "sam.json").read_text())["Resources"]["Table"]["Properties"]
    expected = store.table_definition("x")
    for key in ("AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "BillingMode"):
        assert table[key] == expected[key]
    assert table["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert table["SSESpecification"]["SSEEnabled"] is True


def test_cfn_lint_passes(package):
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "cfn-lint"), str(package / "sam.json")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
