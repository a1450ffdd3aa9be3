"""The token secret: key ids and rotation, one canonical spelling, and a missing secret is a 503."""
import base64
import json
import logging

import pytest

from conftest import DEMO_EVENT, person, signup

EID = DEMO_EVENT["id"]
OLD, NEW = "old-secret-0123456789", "new-secret-0123456789"


def use_secret(env, value):
    from chalicelib import config, tokens
    env.setenv("TOKEN_SECRET", value)
    config.settings.cache_clear()
    tokens.keys.cache_clear()


def test_a_token_names_its_key_and_survives_a_rotation(env):
    from chalicelib import tokens
    from chalicelib.errors import InvalidToken
    use_secret(env, f"k1:{OLD}")
    old_link = tokens.sign(EID, "r1")
    assert old_link.startswith("k1.")
    use_secret(env, f"k2:{NEW} k1:{OLD}")          # the new key signs, the old one still verifies
    assert tokens.sign(EID, "r1").startswith("k2.")
    assert tokens.parse(old_link) == (EID, "r1")
    use_secret(env, f"k2:{NEW}")                    # the old key retired: its links end
    with pytest.raises(InvalidToken):
        tokens.parse(old_link)


def test_a_link_from_before_key_ids_verifies_with_key_0(env):
    from chalicelib import tokens
    use_secret(env, OLD)
    payload = tokens._b64(f"{EID}/r1".encode())
    legacy = f"{payload}.{tokens._b64(tokens._mac(payload.encode(), OLD.encode()))}"
    use_secret(env, f"k2:{NEW},0:{OLD}")
    assert tokens.parse(legacy) == (EID, "r1")


def _respell(token):
    """Other spellings of the same signature bytes that a lenient decoder would accept."""
    kid, payload, sig = token.split(".")
    raw = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
    last = sig[-1]
    # 32 bytes = 43 characters; the last one carries 2 unused bits, so 4 characters decode alike
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    twins = [c for c in alphabet if c != last and base64.urlsafe_b64decode(sig[:-1] + c + "=") == raw]
    return [f"{kid}.{payload}.{sig}=", f"{kid}.{payload}.{sig[:-1] + twins[0]}",
            f"{kid}.{payload}.{sig[:10]}!{sig[10:]}", f"{kid}.{payload}=.{sig}",
            f"{kid}.{payload}.{base64.b64encode(raw).decode()}"]


def test_only_the_canonical_encoding_verifies(env):
    from chalicelib import tokens
    from chalicelib.errors import InvalidToken
    token = tokens.sign(EID, "abc123")
    for other in _respell(token):
        assert other != token
        with pytest.raises(InvalidToken):
            tokens.parse(other)


@pytest.mark.parametrize("value", ["", "short", "k1:short", "bad kid!:" + NEW, f"k1:{NEW} k1:{OLD}"])
def test_a_missing_or_malformed_secret_is_unavailable_and_logged(env, caplog, value):
    from chalicelib import tokens
    from chalicelib.errors import SecretUnavailable
    use_secret(env, value)
    with caplog.at_level(logging.CRITICAL, logger="signups.events"):
        with pytest.raises(SecretUnavailable):
            tokens.sign(EID, "r1")
        assert tokens.check() is False
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.levelno == logging.CRITICAL]
    assert [line["msg"] for line in lines] == ["secret.unavailable", "secret.unavailable"]
    assert NEW not in caplog.text and OLD not in caplog.text


def test_without_the_secret_links_and_signups_answer_503_in_the_error_shape(client, demo_event, env):
    from chalicelib import tokens
    signup(client, EID, **person(1))
    link = tokens.sign(EID, "0000000000000deadbeef")
    use_secret(env, "")
    for response in (client.http.get(f"/registrations/{link}", headers={"Accept": "application/json"}),
                     signup(client, EID, **person(2))):
        assert response.status_code == 503
        assert json.loads(response.body) == {
            "error": "service_unavailable", "message": "Er ging bij ons iets mis. Probeer het over een minuut opnieuw."}
        assert response.headers["Retry-After"] == "60"     # faults.RETRY_AFTER_SECONDS
    page = client.http.get(f"/registrations/{link}", headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.status_code == 503 and page.headers["Content-Type"].startswith("text/html")


def test_without_the_secret_the_mail_worker_retries_the_batch(client, demo_event, env):
    from chalicelib import outbox
    from conftest import run_email_worker
    signup(client, EID, **person(1))
    use_secret(env, "")
    with pytest.raises(Exception) as raised:
        run_email_worker(client)
    assert isinstance(raised.value, outbox.RetryBatch) or "RetryBatch" in repr(raised.value)


# ---------------------------------------------------------------- edges found by mutmut's mutants

def test_a_key_of_16_characters_is_enough_and_may_contain_a_colon(env):
    from chalicelib import tokens
    use_secret(env, "k1:" + "x" * 16)
    assert tokens.keys() == (("k1", b"x" * 16),)
    use_secret(env, "k1:abc:defghijklmnop")
    assert tokens.keys() == (("k1", b"abc:defghijklmnop"),)
    use_secret(env, "k1:" + "x" * 15)
    assert tokens.check() is False
    use_secret(env, "k1:" + "x" * 16)
    assert tokens.check() is True


def test_a_check_in_token_and_an_attendee_token_open_only_their_own_door(env):
    from chalicelib import tokens
    from chalicelib.errors import InvalidToken
    use_secret(env, f"k1:{OLD}")
    with pytest.raises(InvalidToken):
        tokens.parse(tokens.sign_checkin(EID, "r1"))
    with pytest.raises(InvalidToken):
        tokens.parse_checkin(tokens.sign(EID, "r1"))
    assert tokens.parse_checkin(tokens.sign_checkin(EID, "r1")) == (EID, "r1")


def test_a_token_of_exactly_the_maximum_length_opens_and_one_more_does_not(env):
    from chalicelib import tokens
    from chalicelib.errors import InvalidToken
    made = {}
    for kid in ("k1", "k12"):          # base64 skips some lengths; two key ids reach every one
        use_secret(env, f"{kid}:{OLD}")
        made.update({len(tokens.sign(EID, "r" * n)): (kid, tokens.sign(EID, "r" * n)) for n in range(200, 300)})
    (kid, exact), (kid_over, over) = made[400], made[401]
    use_secret(env, f"{kid}:{OLD}")
    assert tokens.parse(exact)[0] == EID
    use_secret(env, f"{kid_over}:{OLD}")
    with pytest.raises(InvalidToken):
        tokens.parse(over)
    sealed = tokens.seal(b"payload")
    assert tokens.unseal(sealed, max_length=len(sealed)) == b"payload"
    with pytest.raises(InvalidToken):
        tokens.unseal(sealed, max_length=len(sealed) - 1)


def test_a_derived_key_comes_from_the_key_it_names(env):
    from chalicelib import tokens
    use_secret(env, f"k1:{OLD}")
    old = tokens.derived(b"limits")
    use_secret(env, f"k2:{NEW} k1:{OLD}")
    assert tokens.derived(b"limits", "k1") == old
    assert tokens.derived(b"limits") != old and tokens.derived(b"limits", "k2") == tokens.derived(b"limits")
    assert tokens.derived(b"limits") != tokens.derived(b"csrf")         # one key per purpose


# ---------------------------------------------------------------- edges found by make mutate's mutants

@pytest.mark.parametrize("kid", ["bad!", "ké", "k" * 17])
def test_a_key_id_outside_the_alphabet_or_longer_than_16_is_refused(env, kid):
    from chalicelib import tokens
    use_secret(env, f"{kid}:{NEW}")
    assert tokens.check() is False
    use_secret(env, f"{'k' * 16}:{NEW} k-1_X:{OLD}")       # 16 characters of [A-Za-z0-9_-] are a key id
    assert [kid for kid, _ in tokens.keys()] == ["k" * 16, "k-1_X"]


@pytest.mark.parametrize("payload", [b"only-an-event", b"/r1", EID.encode() + b"/", b"/"])
def test_a_genuine_seal_without_both_an_event_and_a_registration_is_no_attendee_token(env, payload):
    from chalicelib import tokens
    from chalicelib.errors import InvalidToken
    use_secret(env, f"k1:{OLD}")
    with pytest.raises(InvalidToken, match="malformed"):
        tokens.parse(tokens.seal(payload))
    assert tokens.parse(tokens.seal(f"{EID}/r1".encode())) == (EID, "r1")


def test_a_sealed_value_of_500_characters_opens_and_one_of_501_does_not(env):
    from chalicelib import tokens
    from chalicelib.errors import InvalidToken
    key = OLD.encode()          # kid "0": 1 + 1 + base64(340 bytes) = 454 + 1 + 43 = 500 characters
    exact, over = tokens.seal(b"x" * 340, key=key), tokens.seal(b"x" * 341, key=key)
    assert (len(exact), len(over)) == (500, 501)
    assert tokens.unseal(exact, key=key) == b"x" * 340
    with pytest.raises(InvalidToken, match="malformed"):
        tokens.unseal(over, key=key)


@pytest.mark.parametrize("value", [None, 12345, ["0", "x", "y"], b"0.eA.eA"])
def test_a_sealed_value_that_is_not_a_string_is_malformed_not_a_crash(env, value):
    from chalicelib import tokens
    from chalicelib.errors import InvalidToken
    with pytest.raises(InvalidToken, match="malformed"):
        tokens.unseal(value)


def test_a_given_key_opens_only_values_of_key_id_0(env):
    from chalicelib import tokens
    from chalicelib.errors import InvalidToken
    key = OLD.encode()
    kid, payload, _ = tokens.seal(b"payload", key=key).split(".")
    assert kid == "0"
    signed = f"k1.{payload}"            # signed with that key, but naming key id k1
    forged = f"{signed}.{tokens._b64(tokens._mac(signed.encode(), key))}"
    with pytest.raises(InvalidToken, match="unknown key"):
        tokens.unseal(forged, key=key)


def test_the_signature_is_compared_in_constant_time(env, digest_comparisons):
    from chalicelib import tokens
    use_secret(env, f"k1:{OLD}")
    token = tokens.sign(EID, "r1")
    assert tokens.parse(token) == (EID, "r1")
    signature = tokens._unb64(token.split(".")[2])
    assert digest_comparisons == [(signature, signature)]
