"""Webhooks (issue 28 item 9): an organisation's own systems hear what happens to registrations.

A beheerder registers an endpoint (an https address), the events it gets (``EVENT_TYPES``) and
how much personal data a payload carries (``PERSONAL_DATA``). Deliveries go through the outbox
like the mails: the email worker reads a registration's stream record, ``events_of`` names what
happened, and ``queue_for_record`` writes one delivery item per endpoint that asked for it (no
read on the signup path; the worker reads the organisation's endpoints once a minute per
container). The delivery item's INSERT is the next stream record: ``deliver`` signs it as the
Standard Webhooks specification says and POSTs it. A 2xx answer is ``delivered``; anything else,
or no answer within ``TIMEOUT_SECONDS``, is retried after ``RETRY_AFTER`` (the expire_holds
schedule stamps due retries, every five minutes), and after ``MAX_ATTEMPTS`` it is ``failed``.

The signing secret is never stored: it is an HMAC of a random salt under a key derived from the
service's token secret (``tokens.derived``), so a copy of the table alone cannot sign. An address
that is not public on the internet (private, loopback, link-local, reserved, multicast,
unspecified; IPv4 inside IPv6 too) is refused when it is registered and again at every send (the
name may resolve elsewhere by then); the connection goes to the address that was checked.
"""
import base64
import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import secrets
import socket
import ssl
import threading
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from chalicelib import store
from chalicelib.config import settings
from chalicelib.errors import NotFound, ValidationFailed
from chalicelib.logs import log
from chalicelib.models import CANCELLED, CONFIRMED, ERASED, EXPIRED, PENDING, WAITLISTED
from chalicelib.translations import N_

# machine name -> how the pages name it (Dutch msgid)
EVENT_TYPES = {
    "registration.created": N_("Nieuwe aanmelding"),
    "registration.confirmed": N_("Aanmelding bevestigd"),
    "registration.waitlisted": N_("Op de wachtlijst"),
    "registration.promoted": N_("Van de wachtlijst naar een plek"),
    "registration.cancelled": N_("Afgemeld"),
    "registration.checked_in": N_("Ingecheckt"),
    "registration.erased": N_("Gegevens gewist"),
}
TEST_EVENT = "webhook.test"
TEST_LABEL = N_("Test")
# how much of the person a payload carries; each level adds to the one before
PERSONAL_DATA = {
    "none": N_("Geen: alleen nummers, status en bijeenkomst"),
    "name": N_("De naam"),
    "contact": N_("Naam en e-mailadres"),
    "answers": N_("Naam, e-mailadres en de antwoorden op je vragen"),
}
_CARRIED = {"none": (), "name": ("name",), "contact": ("name", "email"), "answers": ("name", "email", "answers")}
STATES = {
    "queued": N_("In de wachtrij"), "sending": N_("Wordt verstuurd"),
    "retrying": N_("Mislukt, komt opnieuw"), "delivered": N_("Bezorgd"), "failed": N_("Mislukt"),
}
MAX_ENDPOINTS = 10
MAX_URL = 500
TIMEOUT_SECONDS = 5
RETRY_AFTER = (60, 300, 1800, 7200, 28800)    # seconds after attempt 1, 2, ...: then it is failed
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
BATCH_SECONDS = 30      # of the email worker's 120 s per batch, at most this on webhooks (then the retry job)
SLOW_SECONDS = 2        # an endpoint slower than this, or failing, gets no more attempts in the same batch
LEASE_SECONDS = 120     # a claim older than the email worker's timeout belongs to a worker that is gone
ROTATION_HOURS = 24     # after a new secret, the old one signs too for this long
ENDPOINT_CACHE_SECONDS = 60
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
ACTIVE = (CONFIRMED, WAITLISTED, PENDING)


# ---------------------------------------------------------------- the secret and the signature

def _new_secret(now: datetime) -> dict:
    from chalicelib import tokens
    return {"salt": secrets.token_urlsafe(24), "kid": tokens.keys()[0][0], "at": store.table.iso(now)}


def _key_of(stored: dict) -> bytes:
    """The 32 signing bytes of a stored ``{"salt", "kid"}``."""
    from chalicelib import tokens
    return hmac.new(tokens.derived(b"webhook", stored["kid"]), stored["salt"].encode(), hashlib.sha256).digest()


def shown_secret(key: bytes) -> str:
    """The secret as the receiver's library takes it: ``whsec_`` and base64."""
    return "whsec_" + base64.b64encode(key).decode()


def sign(key: bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    """One Standard Webhooks signature: ``v1,`` and the base64 HMAC-SHA256 of ``id.timestamp.body``."""
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def signature_header(endpoint: dict, msg_id: str, timestamp: int, body: bytes, now: datetime) -> str:
    """The ``webhook-signature`` header: the current secret's signature, and while a rotation is
    fresh the previous one's too (space separated), so a receiver can switch without a gap."""
    keys = [_key_of(endpoint["secret"])]
    previous = endpoint.get("previous_secret") or {}
    if previous.get("until") and previous["until"] > store.table.iso(now):
        keys.append(_key_of(previous))
    return " ".join(sign(key, msg_id, timestamp, body) for key in keys)


# ---------------------------------------------------------------- which addresses may receive

def public_address(text: str) -> bool:
    """Whether an address is on the public internet (or, when ``WEBHOOK_ALLOW_LOCAL`` is set for
    make dev and the tests, loopback)."""
    ip = ipaddress.ip_address(text.split("%", 1)[0])
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo and ip.teredo[1]) or (
            ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None)
        if embedded:
            ip = embedded
    if ip.is_loopback and settings().webhook_allow_local:
        return True
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
                                 or ip.is_multicast or ip.is_unspecified)


def addresses(host: str, port: int, resolve=None) -> list:
    """The host's addresses, every one public; raises ValidationFailed (``url``) otherwise."""
    try:
        found = (resolve or socket.getaddrinfo)(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise ValidationFailed({"url": "webhook_unknown"}) from None
    ips = list(dict.fromkeys(info[4][0] for info in found))
    if not ips:
        raise ValidationFailed({"url": "webhook_unknown"})
    if not all(public_address(ip) for ip in ips):
        raise ValidationFailed({"url": "webhook_private"})
    return ips


def check_url(url, resolve=None) -> str:
    """A receivable address, as given; raises ValidationFailed naming ``url``."""
    if not isinstance(url, str) or not url.strip():
        raise ValidationFailed({"url": "required"})
    url = url.strip()
    if len(url) > MAX_URL:
        raise ValidationFailed({"url": "too_long"})
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationFailed({"url": "webhook_url"}) from None
    schemes = ("https", "http") if settings().webhook_allow_local else ("https",)
    if parts.scheme not in schemes or not parts.hostname or parts.username or parts.password or parts.fragment \
            or any(c.isspace() or ord(c) < 32 for c in url):
        raise ValidationFailed({"url": "webhook_url"})
    addresses(parts.hostname, port or (443 if parts.scheme == "https" else 80), resolve)
    return url


# ---------------------------------------------------------------- endpoints (the page and the API)

def _choices(body: dict) -> tuple:
    events, personal = body.get("events"), body.get("personal_data", "none")
    errors = {}
    if not isinstance(events, list) or not events or not all(isinstance(e, str) and e in EVENT_TYPES for e in events):
        errors["events"] = "webhook_events"
    if personal not in PERSONAL_DATA:
        errors["personal_data"] = "invalid_choice"
    return errors, [e for e in EVENT_TYPES if e in (events or [])], personal


def create(org_id: str, body, *, by: str, now: datetime, resolve=None) -> tuple:
    """Register an endpoint: ``(endpoint, secret)``; the secret is shown this once."""
    if not isinstance(body, dict):
        raise ValidationFailed({"url": "required"})
    errors, events, personal = _choices(body)
    try:
        url = check_url(body.get("url"), resolve)
    except ValidationFailed as failed:
        errors = {**failed.fields, **errors}
    if not errors and len(store.webhooks.endpoints(org_id, consistent=True)) >= MAX_ENDPOINTS:
        errors["url"] = "webhook_too_many"
    if errors:
        raise ValidationFailed(errors)
    endpoint = {"webhook_id": "wh_" + secrets.token_hex(8), "url": url, "events": events, "personal_data": personal,
                "created_at": store.table.iso(now), "created_by": by, "secret": _new_secret(now)}
    store.webhooks.put_endpoint(org_id, endpoint)
    _audit(org_id, "webhook_added", by, now, url=url)
    forget(org_id)
    return view(endpoint), shown_secret(_key_of(endpoint["secret"]))


def view(endpoint: dict) -> dict:
    """An endpoint as the API shows it (never the secret)."""
    return {name: endpoint.get(name) for name in ("webhook_id", "url", "events", "personal_data", "created_at")}


def endpoints(org_id: str) -> list:
    return store.webhooks.endpoints(org_id, consistent=True)


def endpoint(org_id: str, wid) -> dict:
    found = store.webhooks.get_endpoint(org_id, wid) if isinstance(wid, str) and len(wid) <= 40 else None
    if found is None:
        raise NotFound(wid)
    return found


def remove(org_id: str, wid: str, *, by: str, now: datetime) -> None:
    found = endpoint(org_id, wid)
    store.webhooks.delete_endpoint(org_id, wid)
    store.webhooks.delete_deliveries(wid)
    _audit(org_id, "webhook_removed", by, now, url=found["url"])
    forget(org_id)


def rotate(org_id: str, wid: str, *, by: str, now: datetime) -> str:
    """A new secret, shown this once; the old one keeps signing for ROTATION_HOURS."""
    found = endpoint(org_id, wid)
    fresh = _new_secret(now)
    previous = {**found["secret"], "until": store.table.iso(now + timedelta(hours=ROTATION_HOURS))}
    if not store.webhooks.set_secret(org_id, wid, fresh, previous):
        raise NotFound(wid)
    _audit(org_id, "webhook_secret", by, now, url=found["url"])
    return shown_secret(_key_of(fresh))


def send_test(org_id: str, wid: str, now: datetime) -> str:
    """Queue a ``webhook.test`` delivery (through the outbox, as any other): its id."""
    endpoint(org_id, wid)
    msg_id = _msg_id(now.timestamp(), secrets.token_hex(8))
    body = _body(TEST_EVENT, now, {"organisation_id": org_id, "webhook_id": wid})
    store.webhooks.queue_delivery({"webhook_id": wid, "msg_id": msg_id, "organisation": org_id,
                                   "event_type": TEST_EVENT, "body": body}, now)
    return msg_id


def deliveries(org_id: str, wid: str, limit: int = 50) -> list:
    endpoint(org_id, wid)
    return store.webhooks.deliveries(wid, limit)


def _audit(org_id, action, by, now, url) -> None:
    """The log page's line (chalicelib.activity): a settings change, by ``by`` (a caller id)."""
    from chalicelib.activity import KEPT_WITHOUT_EVENT
    store.organisers.put_audit({"token_id": by, "organisation": org_id, "at": store.table.iso(now),
                                "action": "settings", "changed": [f"{action}: {url}"],
                                "expires_at": int((now + KEPT_WITHOUT_EVENT).timestamp())}, now)


# ---------------------------------------------------------------- what happened: the stream's records

def events_of(old, new) -> list:
    """The webhook events one change of a registration item is (``old`` None: it is new)."""
    before, after = (old or {}).get("status"), new.get("status")
    found = ["registration.created"] if old is None else []
    if after != before:
        if after == CONFIRMED:
            found.append("registration.confirmed")
        elif after == WAITLISTED:
            found.append("registration.waitlisted")
        if before == WAITLISTED and after in (CONFIRMED, PENDING):
            found.append("registration.promoted")
        if after in (CANCELLED, EXPIRED) and before in ACTIVE:
            found.append("registration.cancelled")
        if after == ERASED:
            found.append("registration.erased")
    if new.get("checked_in_at") and new.get("checked_in_at") != (old or {}).get("checked_in_at") and after != ERASED:
        found.append("registration.checked_in")
    return found


def payload_data(event_type: str, item: dict, personal_data: str) -> dict:
    """What a payload says about the registration: ids, status, check-in, and no more of the person
    than ``personal_data`` chose; an erasure says ids only."""
    data = {"event_id": item["PK"].partition("#")[2], "registration_id": item["SK"][len("REG#"):],
            "status": item.get("status")}
    if event_type == "registration.erased":
        return data
    data["checked_in_at"] = item.get("checked_in_at")
    for name in _CARRIED.get(personal_data, ()):
        data[name] = item.get(name) if name != "answers" else (item.get("answers") or {})
    return data


def _msg_id(made: float, unique: str) -> str:
    """``msg_``, the milliseconds of when it happened (hex, so that ids sort in time: the log reads
    the newest first) and 16 characters that make it unique (a hash of the change: a record
    delivered twice makes the same id)."""
    return f"msg_{int(made * 1000):012x}{unique[:16]}"


def _body(event_type: str, now: datetime, data: dict) -> str:
    return json.dumps({"type": event_type, "timestamp": now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                       "data": data}, ensure_ascii=False, separators=(",", ":"))


_endpoints = {}     # organisation id -> (monotonic deadline, its endpoints)
_organisation_of = {}   # event id -> (monotonic deadline, its organisation id)


def forget(org_id: str = None) -> None:
    """Drop this container's cached endpoints (all, or one organisation's)."""
    if org_id is None:
        _endpoints.clear()
        _organisation_of.clear()
    else:
        _endpoints.pop(org_id, None)


def _cached(cache: dict, key, read):
    hit = cache.get(key)
    if hit and hit[0] > time.monotonic():
        return hit[1]
    value = read()
    cache[key] = (time.monotonic() + ENDPOINT_CACHE_SECONDS, value)
    return value


def queue_for_record(record: dict, now: datetime) -> list:
    """Queue a delivery per endpoint that asked for what this stream record is; their
    ``(registration id, event type, "queued")``. Anything but a registration's change: []."""
    change = record.get("dynamodb", {})
    image = change.get("NewImage")
    if not image or image.get("type", {}).get("S") != "registration":
        return []
    new = store.table.from_item(image)
    old = store.table.from_item(change["OldImage"]) if record.get("eventName") == "MODIFY" and "OldImage" in change \
        else None
    happened = events_of(old, new)
    if not happened:
        return []
    event_id, rid = new["PK"].partition("#")[2], new["SK"][len("REG#"):]
    org_id = _cached(_organisation_of, event_id, lambda: _organisation(event_id))
    hooks = _cached(_endpoints, org_id, lambda: store.webhooks.endpoints(org_id)) if org_id else []
    queued = []
    stamp = change.get("SequenceNumber") or new.get("updated_at") or ""
    made = float(change.get("ApproximateCreationDateTime") or now.timestamp())
    for event_type in happened:
        for hook in hooks:
            if event_type not in hook.get("events", ()):
                continue
            digest = hashlib.sha256(f"{hook['webhook_id']}|{event_type}|{event_id}|{rid}|{stamp}".encode()).hexdigest()
            msg_id = _msg_id(made, digest)
            body = _body(event_type, now, payload_data(event_type, new, hook.get("personal_data", "none")))
            if store.webhooks.queue_delivery({"webhook_id": hook["webhook_id"], "msg_id": msg_id, "organisation": org_id,
                                              "event_type": event_type, "body": body}, now):
                queued.append((rid, event_type, "queued"))
    return queued


def _organisation(event_id: str):
    from chalicelib import signups
    from chalicelib.errors import EventNotFound
    try:
        return signups.get_event(event_id, cached=True).organisation_id
    except EventNotFound:
        return None


# ---------------------------------------------------------------- sending

def is_delivery_record(record: dict) -> bool:
    """A delivery to send: its INSERT, or a MODIFY that stamped ``retry_at`` (``retry_due``)."""
    change = record.get("dynamodb", {})
    new = change.get("NewImage") or {}
    if new.get("type", {}).get("S") != "webhook_delivery":
        return False
    if record.get("eventName") == "INSERT":
        return True
    return record.get("eventName") == "MODIFY" and "retry_at" in new \
        and new["retry_at"] != (change.get("OldImage") or {}).get("retry_at")


class Budget:
    """The time one batch of the email worker may spend on webhooks, so that a slow or silent
    receiver never holds up the attendees' mails: past ``seconds``, or for an endpoint that was
    slow or silent in this batch already, a delivery is left for the retry job (``deferred``)."""

    def __init__(self, seconds: float = None, clock=time.monotonic):
        self.clock, self.until, self.slow = clock, clock() + (BATCH_SECONDS if seconds is None else seconds), set()

    def allows(self, wid: str) -> bool:
        return wid not in self.slow and self.clock() < self.until


def deliver_record(record: dict, now: datetime, post=None, budget: Budget = None) -> tuple:
    new = store.table.from_item(record["dynamodb"]["NewImage"])
    retry_at = new.get("retry_at") if record.get("eventName") == "MODIFY" else None
    return None, new.get("event_type"), deliver(new["webhook_id"], new["msg_id"], now, post, retry_at, budget)


def deliver(wid: str, msg_id: str, now: datetime, post=None, retry_at: str = None, budget: Budget = None) -> str:
    """One attempt of one delivery: ``delivered``, ``retrying``, ``failed``, ``deferred`` (left for
    the retry job: ``budget`` is spent), or ``duplicate`` (delivered, failed or being sent already,
    or a record seen before)."""
    budget = budget or Budget()
    if not budget.allows(wid):
        return "deferred" if store.webhooks.defer(wid, msg_id, now) else "duplicate"
    claimed = store.webhooks.claim_delivery(wid, msg_id, now, LEASE_SECONDS, retry_at)
    if claimed is None:
        return "duplicate"
    hook = store.webhooks.get_endpoint(claimed["organisation"], wid)
    attempts = int(claimed.get("attempts", 0)) + 1
    if hook is None or not claimed.get("body"):
        outcome = {"state": "failed", "error": "endpoint removed"}
    else:
        body = claimed["body"].encode()
        timestamp = int(now.timestamp())
        try:
            signature = signature_header(hook, msg_id, timestamp, body, now)
        except KeyError:        # the token-secret key it was made under is retired (docs/operations.md)
            signature = None
        headers = {"Content-Type": "application/json", "User-Agent": "signups-webhooks/1",
                   "webhook-id": msg_id, "webhook-timestamp": str(timestamp), "webhook-signature": signature}
        started = budget.clock()
        code, error = (post or post_once)(hook["url"], headers, body) if signature else (0, "secret retired")
        if not 200 <= code < 300 or budget.clock() - started > SLOW_SECONDS:
            budget.slow.add(wid)
        if not signature:
            outcome = {"state": "failed", "error": "secret retired: make a new secret"}
        elif 200 <= code < 300:
            outcome = {"state": "delivered", "status_code": code}
        else:
            outcome = {"state": "retrying" if attempts < MAX_ATTEMPTS else "failed", "status_code": code,
                       "error": error or f"HTTP {code}"}
    again = now + timedelta(seconds=RETRY_AFTER[attempts - 1]) if outcome["state"] == "retrying" else None
    store.webhooks.record_attempt(wid, msg_id, outcome, now, again)
    log(f"webhook.{outcome['state']}", logging.INFO if outcome["state"] == "delivered" else logging.WARNING,
        organisation=claimed["organisation"], webhook_id=wid, msg_id=msg_id, event_type=claimed.get("event_type"),
        attempt=attempts, status_code=outcome.get("status_code", 0), reason=outcome.get("error", ""))
    return outcome["state"]


def retry_due(now: datetime) -> int:
    """Stamp every delivery whose retry is due (the expire_holds schedule): the worker sends it."""
    return sum(store.webhooks.request_retry(wid, msg_id, now) for wid, msg_id in list(store.webhooks.due(now)))


class _PinnedHTTP(http.client.HTTPConnection):
    """A connection to the address that was checked, whatever the name resolves to meanwhile."""

    def __init__(self, host, port, ip, timeout):
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self):
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, ip, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._ip = ip

    def connect(self):
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post_once(url: str, headers: dict, body: bytes, resolve=None) -> tuple:
    """POST ``body`` once, following no redirect, within TIMEOUT_SECONDS in all (a receiver that
    answers a byte at a time is cut off too): ``(status code, error)``; 0 when there was no
    answer (refused address, no connection, timeout)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        ip = addresses(parts.hostname, port, resolve)[0]
    except ValidationFailed as refused:
        return 0, f"address refused: {refused.fields['url']}"
    kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = kind(parts.hostname, port, ip, TIMEOUT_SECONDS)
    answered = []

    def exchange():
        try:
            connection.request("POST", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), body, headers)
            answer = connection.getresponse()
            answer.read(4096)
            answered.append((answer.status, "" if 200 <= answer.status < 300 else f"HTTP {answer.status}"))
        except TimeoutError:
            answered.append((0, "timeout"))
        except (OSError, http.client.HTTPException) as error:
            answered.append((0, type(error).__name__))

    worker = threading.Thread(target=exchange, daemon=True)
    worker.start()
    worker.join(TIMEOUT_SECONDS)
    connection.close()      # ends a receiver that is still talking: its thread's read fails
    return answered[0] if answered else (0, "timeout")
