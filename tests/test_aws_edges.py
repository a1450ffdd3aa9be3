"""The AWS clients (chalicelib.aws): each waits and retries as docs/faults.md's time budget says, the
local stack's clients wait longer, and a reset makes clients of the environment as it is now."""
import pathlib
import re

import pytest

from chalicelib import aws

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLIENTS = {"DynamoDB": "dynamodb", "S3": "s3", "SES v2": "sesv2"}


def budget() -> dict:
    """docs/faults.md's table: client name -> (connect s, read s, attempts)."""
    found = {}
    for line in (ROOT / "docs" / "faults.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 5 and re.fullmatch(r"\d+ s", cells[1]):
            for label, name in CLIENTS.items():
                if cells[0].startswith(label):
                    found[name] = (int(cells[1][:-2]), int(cells[2][:-2]), int(cells[3].split()[0]))
    return found


@pytest.mark.parametrize("name", sorted(CLIENTS.values()))
def test_each_client_waits_and_retries_as_the_time_budget_says(env, name):
    config = aws.client(name).meta.config
    assert (config.connect_timeout, config.read_timeout, config.retries["total_max_attempts"]) == budget()[name]
    assert config.retries["mode"] == "standard"


def test_the_local_stacks_clients_wait_30_seconds_for_an_answer(env):
    env.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")
    aws.reset()
    assert aws.dynamodb().meta.config.read_timeout == 30
    assert aws.dynamodb().meta.endpoint_url == "http://127.0.0.1:4566"


def test_after_a_reset_clients_use_the_endpoint_and_credentials_set_now(env):
    before = aws.dynamodb()
    assert before.meta.endpoint_url != "http://127.0.0.1:4566"
    env.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")
    env.setenv("AWS_ACCESS_KEY_ID", "rotated")
    aws.reset()
    after = aws.dynamodb()
    assert after.meta.endpoint_url == "http://127.0.0.1:4566"
    assert after._request_signer._credentials.access_key == "rotated"


def test_export_links_are_signed_with_signature_version_4(env):
    assert aws.s3().meta.config.signature_version == "s3v4"


def test_the_s3_client_uploads_a_file_object_as_the_export_worker_does(table):
    import io
    import os

    import conftest
    # the upload's parts go from s3transfer's threads: the export worker's, whose policy must allow them
    conftest.act_as("export_worker")
    aws.s3().upload_fileobj(io.BytesIO(b"a,b\n"), os.environ["EXPORT_BUCKET"], "exports/x.csv")
    assert aws.s3().get_object(Bucket=os.environ["EXPORT_BUCKET"], Key="exports/x.csv")["Body"].read() == b"a,b\n"
