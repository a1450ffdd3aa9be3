"""Expand the packaged SAM template offline, as CloudFormation's ``AWS::Serverless-2016-10-31``
transform does on deploy: ``python -m scripts.sam_expand build/sam.json build/expanded.json``.

cfn-lint 1.x no longer runs the SAM transform (it checks ``AWS::Serverless::*`` against SAM's own
schema), so the functions, roles, event source mappings, permissions and the API that the
transform generates are linted only in the expanded template this writes (``make lint-template``
lints both). It uses aws-sam-translator, the library CloudFormation's transform is built from
(pinned in requirements-dev.txt), with no AWS call: each function's local ``CodeUri`` becomes a
placeholder S3 location, as ``aws cloudformation package`` would make it, and no managed policy is
looked up (the template names none). It fails (exit 1) when the library is missing, the transform
reports an error, or the result still holds a ``AWS::Serverless::*`` resource or no Lambda function.
"""
import json
import os
import sys

PLACEHOLDER_CODE = "s3://artifact-bucket/deployment.zip"


class _NoManagedPolicies:
    """The translator asks for the account's managed policies only for names it must resolve."""

    def load(self):
        return {}


def expand(template: dict) -> dict:
    """``template`` (chalice package's sam.json) after the SAM transform.
    Raises ImportError without aws-sam-translator, ValueError when the transform fails."""
    from samtranslator.model.exceptions import InvalidDocumentException
    from samtranslator.translator.transform import transform

    # the transform reads the region (for the partition) from boto3's settings; the project's default
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
    template = json.loads(json.dumps(template))
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = PLACEHOLDER_CODE
    try:
        expanded = transform(template, {}, _NoManagedPolicies())
    except InvalidDocumentException as e:
        raise ValueError("; ".join(str(cause) for cause in e.causes)) from e
    types = [resource["Type"] for resource in expanded["Resources"].values()]
    if any(t.startswith("AWS::Serverless::") for t in types) or "AWS::Lambda::Function" not in types:
        raise ValueError(f"the transform left {sorted(set(types))}")
    return expanded


def main(source: str, target: str) -> int:
    try:
        with open(source) as f:
            expanded = expand(json.load(f))
    except ImportError as e:
        print(f"cannot run the SAM transform: {e} (install requirements-dev.txt)", file=sys.stderr)
        return 1
    except ValueError as e:
        print(f"the SAM transform failed: {e}", file=sys.stderr)
        return 1
    with open(target, "w") as f:
        json.dump(expanded, f, indent=1)
    functions = sum(r["Type"] == "AWS::Lambda::Function" for r in expanded["Resources"].values())
    print(f"{target}: {len(expanded['Resources'])} resources, {functions} Lambda functions")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
