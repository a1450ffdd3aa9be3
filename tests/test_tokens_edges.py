"""The token secret where a deployed function gets it (chalicelib/tokens.py): the SSM parameter's
decrypted value, and the cold start's check of it (test_tokens.py has rotation and spelling)."""
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
