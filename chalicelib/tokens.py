"""Attendee tokens: an HMAC-signed, URL-safe value that names one registration.

``<kid>.<payload>.<signature>``: the payload is base64url of ``event_id/registration_id``,
the signature base64url of HMAC-SHA256(key ``kid``, ``kid.payload``). Nothing is stored;
the registration id itself is random, so a token cannot be guessed or forged without
the secret. Only the canonical encoding verifies (no padding, no stray characters, no
other spelling of the same bytes), so one registration has one link per key.

The secret comes from ``TOKEN_SECRET`` locally, or from the SSM SecureString named by
``TOKEN_SECRET_PARAM`` in AWS, fetched once per container. It holds one or more keys,
``kid:secret`` separated by spaces or commas, the signing key first; a value without a
``kid:`` is key ``0``. To rotate, put the new key first and keep the old one after it while
its links must keep working. Links made before key ids (``<payload>.<signature>``) verify
with key ``0``. Without a usable secret every use raises SecretUnavailable (a 503) and a
``secret.unavailable`` line is logged at CRITICAL: alarm on it.
"""
import base64
import binascii
import functools
import hashlib
import hmac
import logging
import re

from chalicelib import aws
from chalicelib.config import settings
from chalicelib.errors import InvalidToken, SecretUnavailable
from chalicelib.logs import log

LEGACY_KID = "0"
_KID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


@functools.lru_cache(maxsize=1)
def keys() -> tuple:
    """``((kid, key), ...)``, the signing key first. Raises SecretUnavailable (not cached,
    so a container retries the fetch on the next use)."""
    try:
        return _parse_keys(_secret_value())
    except SecretUnavailable as error:
        log("secret.unavailable", logging.CRITICAL, reason=str(error))
        raise


def _secret_value() -> str:
    s = settings()
    if s.token_secret:
        return s.token_secret
    if s.token_secret_param:
        from botocore.exceptions import BotoCoreError, ClientError
        try:
            param = aws.ssm().get_parameter(Name=s.token_secret_param, WithDecryption=True)
        except (BotoCoreError, ClientError) as error:
            raise SecretUnavailable(f"{s.token_secret_param}: {type(error).__name__}") from error
        return param["Parameter"]["Value"]
    raise SecretUnavailable("neither TOKEN_SECRET nor TOKEN_SECRET_PARAM is set")


def _parse_keys(value: str) -> tuple:
    parsed = []
    for part in re.split(r"[\s,]+", value.strip()):
        kid, sep, key = part.partition(":")
        kid, key = (kid, key) if sep else (LEGACY_KID, part)
        if not _KID.match(kid) or len(key) < 16 or kid in dict(parsed):
            raise SecretUnavailable("the token secret is malformed (kid:secret, at least 16 characters each)")
        parsed.append((kid, key.encode()))
    if not parsed:
        raise SecretUnavailable("the token secret is empty")
    return tuple(parsed)


def check() -> bool:
    """Cold start: load the secret now, so a missing one is logged (and alarms) before the
    first request needs it. Never raises: the requests that need it answer 503."""
    try:
        keys()
        return True
    except SecretUnavailable:
        return False


def derived(purpose: bytes, kid: str = None) -> bytes:
    """A key for one purpose (rate-limit keys, the suppression list), from key ``kid`` or
    the signing key: a leaked derived key reveals neither the secret nor other purposes."""
    key = dict(keys())[kid] if kid else keys()[0][1]
    return _mac(b"derive:" + purpose, key)


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


# A one-click unsubscribe link's token (List-Unsubscribe, RFC 8058): its own context, so it can
# do nothing but turn off the organiser's messages to one registration.
_UNSUBSCRIBE_CONTEXT = b"unsubscribe/v1\x00"


def sign_unsubscribe(event_id: str, registration_id: str, key: bytes = None) -> str:
    return seal(f"{event_id}/{registration_id}".encode(), _UNSUBSCRIBE_CONTEXT, key=key)


def parse_unsubscribe(token: str, key: bytes = None):
    """``(event_id, registration_id)`` of a genuine unsubscribe token; raises InvalidToken otherwise."""
    return _pair(token, _UNSUBSCRIBE_CONTEXT, key)


# After the meeting (chalicelib.after): the evaluation form, the proof of attendance (personal),
# and its verification link (public, printed on the proof): each its own context.
_EVALUATION_CONTEXT = b"evaluation/v1\x00"
_PROOF_CONTEXT = b"proof/v1\x00"
_VERIFY_CONTEXT = b"verify/v1\x00"


def sign_evaluation(event_id: str, registration_id: str, key: bytes = None) -> str:
    return seal(f"{event_id}/{registration_id}".encode(), _EVALUATION_CONTEXT, key=key)


def parse_evaluation(token: str, key: bytes = None):
    return _pair(token, _EVALUATION_CONTEXT, key)


def sign_proof(event_id: str, registration_id: str, key: bytes = None) -> str:
    return seal(f"{event_id}/{registration_id}".encode(), _PROOF_CONTEXT, key=key)


def parse_proof(token: str, key: bytes = None):
    return _pair(token, _PROOF_CONTEXT, key)


def sign_verify(event_id: str, registration_id: str, key: bytes = None) -> str:
    return seal(f"{event_id}/{registration_id}".encode(), _VERIFY_CONTEXT, key=key)


def parse_verify(token: str, key: bytes = None):
    return _pair(token, _VERIFY_CONTEXT, key)


def seal(payload: bytes, context: bytes = b"", key: bytes = None) -> str:
    """``payload`` signed: ``kid.base64url(payload).base64url(HMAC(key, context + kid.payload))``.
    A distinct ``context`` per use (export cursors) keeps one use's values invalid in another.
    ``key`` (tests) signs with that key under kid ``0``."""
    kid, secret = (LEGACY_KID, key) if key else keys()[0]
    signed = f"{kid}.{_b64(payload)}"
    return f"{signed}.{_b64(_mac(context + signed.encode(), secret))}"


def unseal(value: str, context: bytes = b"", key: bytes = None, max_length: int = 500) -> bytes:
    """The payload of a genuine sealed value, checked in constant time; raises InvalidToken.
    Raises SecretUnavailable when there is no secret to check it with."""
    if not isinstance(value, str) or len(value) > max_length:
        raise InvalidToken("malformed")
    parts = value.split(".")
    if len(parts) == 2:                      # a link from before key ids
        parts, signed = [LEGACY_KID] + parts, parts[0]
    elif len(parts) == 3:
        signed = f"{parts[0]}.{parts[1]}"
    else:
        raise InvalidToken("malformed")
    kid, encoded, signature = parts
    secret = key if key else dict(keys()).get(kid)
    if secret is None or (key and kid != LEGACY_KID):
        raise InvalidToken("unknown key")
    payload, mac = _unb64(encoded), _unb64(signature)
    if not hmac.compare_digest(mac, _mac(context + signed.encode(), secret)):
        raise InvalidToken("bad signature")
    return payload


def _mac(message: bytes, key: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    """Strict base64url: the one spelling ``_b64`` makes of some bytes, nothing else."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise InvalidToken("malformed")
    if _b64(raw) != text:
        raise InvalidToken("not canonical")
    return raw
