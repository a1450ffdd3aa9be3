"""Sealed values (attendee tokens, export cursors): context, length cap, key, constant-time check."""
import hmac

import pytest

from chalicelib import tokens
from chalicelib.errors import InvalidToken

EID = "circulaire-economie-2026-12-09"


def sealed_of_length(length, context=b""):
    """A genuine sealed value of exactly ``length`` characters (base64 of n bytes is 4n/3 when 3 | n)."""
    signature = 1 + 43                          # "." and an unpadded SHA-256
    assert (length - signature) % 4 == 0
    return tokens.seal(b"x" * ((length - signature) // 4 * 3), context)


def test_a_sealed_value_opens_only_in_its_own_context(env):
    cursor = tokens.seal(b'["event", "query", "r1"]', b"cursor")
    assert tokens.unseal(cursor, b"cursor") == b'["event", "query", "r1"]'
    for other in (b"", b"cursor2", b"cursoR"):
        with pytest.raises(InvalidToken):
            tokens.unseal(cursor, other)
    with pytest.raises(InvalidToken):
        tokens.parse(cursor)                    # a cursor is no attendee token
    with pytest.raises(InvalidToken):
        tokens.unseal(tokens.sign(EID, "r1"), b"cursor")     # nor the other way round


@pytest.mark.parametrize("payload", [b"event-only", b"/rid-only", b"event-only/", b"/"])
def test_a_genuine_seal_that_names_no_registration_is_refused(env, payload):
    with pytest.raises(InvalidToken):
        tokens.parse(tokens.seal(payload))


@pytest.mark.parametrize("value", [None, "", ".", "no-dot", "é.é"])
def test_malformed_values_are_invalid_tokens(env, value):
    with pytest.raises(InvalidToken):
        tokens.unseal(value)


def test_an_explicit_key_replaces_the_secret(env):
    token = tokens.sign(EID, "r1", key=b"another key")
    assert tokens.parse(token, key=b"another key") == (EID, "r1")
    with pytest.raises(InvalidToken):
        tokens.parse(token)                     # the configured secret is a different key
    with pytest.raises(InvalidToken):
        tokens.parse(tokens.sign(EID, "r1"), key=b"another key")


def test_the_signature_is_compared_in_constant_time(env, monkeypatch):
    """Timing cannot be measured in a test; that the comparison goes through compare_digest can."""
    compared, real = [], hmac.compare_digest

    def compare_digest(a, b):
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(tokens.hmac, "compare_digest", compare_digest)
    token = tokens.sign(EID, "r1")
    assert tokens.parse(token) == (EID, "r1")
    ((given, expected),) = compared          # one comparison, of the whole 32-byte MAC
    assert given == expected and len(expected) == 32


def test_payloads_of_every_length_round_trip(env):
    """base64 without its padding: every remainder of the length must decode again."""
    for size in range(0, 40):
        payload = bytes(range(size))
        assert tokens.unseal(tokens.seal(payload, b"ctx"), b"ctx") == payload
