"""``make bench``: measurements beside their floors (benchmarks/run.py)."""
import os


def use_in_process_emulator(table_name: str, **settings: str) -> None:
    """The environment of a benchmark process that runs moto in-process: fake credentials, no
    endpoint (so boto3 reaches moto's mock), a well-formed token secret, ``table_name``, and the
    service ``settings`` the benchmark needs (RATE_LIMIT_PER_MINUTE=..., and so on)."""
    os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "eu-west-1",
                       "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled", "TABLE_NAME": table_name,
                       "TOKEN_SECRET": "bench-key-000001:0123456789abcdef0123", **settings})
    os.environ.pop("AWS_ENDPOINT_URL", None)


def use_environment(env: dict) -> None:
    """Put ``env`` into os.environ and forget the settings and AWS clients made under the one
    before: make bench runs some parts in its own process, each against an emulator of its own."""
    os.environ.update(env)
    from chalicelib import aws, config
    aws.reset()
    config.settings.cache_clear()
