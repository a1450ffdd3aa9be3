"""What the operator reads of a domain error (chalicelib.errors): the reason it was raised with, in the
critical log line of a stage that cannot sign links."""
import json
import logging

import pytest

from conftest import DEMO_EVENT


def test_a_stage_without_a_secret_logs_which_settings_to_set(env, caplog):
    from chalicelib import config, tokens
    from chalicelib.errors import SecretUnavailable
    env.delenv("TOKEN_SECRET")
    env.delenv("TOKEN_SECRET_PARAM", raising=False)
    config.settings.cache_clear()
    tokens.keys.cache_clear()
    with caplog.at_level(logging.CRITICAL, logger="signups.events"):
        with pytest.raises(SecretUnavailable):
            tokens.sign(DEMO_EVENT["id"], "r1")
    [line] = [json.loads(r.getMessage()) for r in caplog.records if r.levelno == logging.CRITICAL]
    assert line["reason"] == "neither TOKEN_SECRET nor TOKEN_SECRET_PARAM is set"
