"""The token secret where a deployed function gets it (chalicelib/tokens.py): the SSM parameter's
decrypted value, and the cold start's check of it (test_tokens.py has rotation and spelling)."""
import pytest

from conftest import DEMO_EVENT

EID = DEMO_EVENT["id"]
SECRET = "from-ssm-0123456789"


def test_links_are_signed_with_the_decrypted_parameter_not_its_stored_ciphertext(aws_mock, env):
    from chalicelib import aws, config, tokens
    env.delenv("TOKEN_SECRET")
    env.setenv("TOKEN_SECRET_PARAM", "/signups/test/token-secret")
    config.settings.cache_clear()
    tokens.keys.cache_clear()
    aws.ssm().put_parameter(Name="/signups/test/token-secret", Value=SECRET, Type="SecureString")
    link = tokens.sign(EID, "r1")
    assert link.startswith("0.")        # a value without key ids is key 0
    assert tokens.parse(link, key=SECRET.encode()) == (EID, "r1")


def test_a_cold_start_with_a_secret_finds_it(env):
    from chalicelib import tokens
    assert tokens.check() is True


def test_the_keys_derived_from_the_secret_stay_the_same_from_one_version_to_the_next(env):
    """The suppression list keeps bounced addresses by a derived key (store/mails.py): an update that
    derived another would mail every address that bounced before it again."""
    from chalicelib import tokens
    assert tokens.derived(b"suppression").hex() == "42cb18dd5a8d6a97fdc7a15f9208dd2a8d48eb3bdb51baa1a3b55411bffad277"


KINDS = ("", "_checkin", "_unsubscribe", "_evaluation", "_proof", "_verify")


def test_each_kind_of_link_opens_with_its_own_key_and_no_other_door(env):
    """Check-in, unsubscribe, evaluation, proof and its verification each open only their own page."""
    from chalicelib import tokens
    from chalicelib.errors import InvalidToken
    key = b"a-given-key-0123456789"
    for kind in KINDS:
        sign, parse = getattr(tokens, f"sign{kind}"), getattr(tokens, f"parse{kind}")
        assert parse(sign(EID, "r1")) == (EID, "r1")
        assert parse(sign(EID, "r1", key=key), key=key) == (EID, "r1")
        for other in KINDS:
            if other != kind:
                with pytest.raises(InvalidToken):
                    getattr(tokens, f"parse{other}")(sign(EID, "r1"))


@pytest.mark.parametrize("secret, reason", [
    ("short", "the token secret is malformed (kid:secret, at least 16 characters each)"),
    ("", "neither TOKEN_SECRET nor TOKEN_SECRET_PARAM is set"),
    ("ssm", "/signups/test/none: ParameterNotFound")])
def test_the_alarm_says_why_the_secret_is_unavailable(aws_mock, env, caplog, secret, reason):
    import json
    import logging
    from chalicelib import config, tokens
    env.setenv("TOKEN_SECRET", "" if secret == "ssm" else secret)
    if secret == "ssm":
        env.setenv("TOKEN_SECRET_PARAM", "/signups/test/none")
    config.settings.cache_clear()
    tokens.keys.cache_clear()
    with caplog.at_level(logging.CRITICAL, logger="signups.events"):
        assert tokens.check() is False
    [line] = [json.loads(r.getMessage()) for r in caplog.records if r.levelno == logging.CRITICAL]
    assert line["reason"] == reason
