"""Attendee tokens: an HMAC-signed, URL-safe value that names one registration.

``<payload>.<signature>``: the payload is base64url of ``event_id/registration_id``,
the signature base64url of HMAC-SHA256(secret, payload). Nothing is stored; the
registration id itself is random, so a token cannot be guessed or forged without
the secret. The secret comes from ``TOKEN_SECRET`` locally, or from the SSM
SecureString named by ``TOKEN_SECRET_PARAM`` in AWS, fetched once per container.
"""
import base64
import functools
import hashlib
import hmac

from chalicelib import aws
from chalicelib.config import settings
from chalicelib.errors import InvalidToken


@functools.lru_cache(maxsize=1)
def secret() -> bytes:
    s = settings()
    if s.token_secret:
        return s.token_secret.encode()
    if s.token_secret_param:
        param = aws.ssm().get_parameter(Name=s.token_secret_param, WithDecryption=True)
        return param["Parameter"]["Value"].encode()
    raise RuntimeError("set TOKEN_SECRET or TOKEN_SECRET_PARAM")


def sign(event_id: str, registration_id: str, key: bytes = None) -> str:
    return seal(f"{event_id}/{registration_id}".encode(), key=key)


def parse(token: str, key: bytes = None):
    """``(event_id, registration_id)`` of a genuine token; raises InvalidToken otherwise."""
    return _pair(token, b"", key)


def _pair(token: str, context: bytes, key: bytes):
    try:
        event_id, _, rid = unseal(token, context, key=key, max_length=400).decode().partition("/")
    except UnicodeError:
        raise InvalidToken("malformed")
    if not event_id or not rid:
        raise InvalidToken("malformed")
    return event_id, rid


# A check-in link's token: the same secret, its own context, so it opens nothing but a check-in
# (an attendee token is not a check-in token, nor the other way round).
_CHECKIN_CONTEXT = b"checkin/v1\x00"


def sign_checkin(event_id: str, registration_id: str, key: bytes = None) -> str:
    return seal(f"{event_id}/{registration_id}".encode(), _CHECKIN_CONTEXT, key=key)


def parse_checkin(token: str, key: bytes = None):
    """``(event_id, registration_id)`` of a genuine check-in token; raises InvalidToken otherwise."""
    return _pair(token, _CHECKIN_CONTEXT, key)


def seal(payload: bytes, context: bytes = b"", key: bytes = None) -> str:
    """``payload`` signed: ``base64url(payload).base64url(HMAC(secret, context + that))``.
    A distinct ``context`` per use (export cursors) keeps one use's values invalid in another."""
    encoded = _b64(payload)
    return f"{encoded}.{_b64(_mac(context + encoded.encode(), key or secret()))}"


def unseal(value: str, context: bytes = b"", key: bytes = None, max_length: int = 500) -> bytes:
    """The payload of a genuine sealed value, checked in constant time; raises InvalidToken."""
    try:
        encoded, _, signature = (value or "").partition(".")
        genuine = hmac.compare_digest(_unb64(signature), _mac(context + encoded.encode(), key or secret()))
        if len(value) > max_length or not genuine:
            raise InvalidToken("bad signature")
        return _unb64(encoded)
    except (ValueError, UnicodeError):
        raise InvalidToken("malformed")


def _mac(message: bytes, key: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
