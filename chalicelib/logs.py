"""Structured logs: one JSON line per record, with the request and event ids, no personal data.

``log("signup.created", event_id=..., email=..., name=...)``: values under keys that
hold personal data (email, name, to, ...) are masked before they are written.
"""
import json
import logging
import sys
import time

PERSONAL = {"email", "name", "to", "address", "recipient", "recipients", "email_norm"}
_context = {}
LOGGER = "signups.events"  # not "signups": Chalice sets that logger to ERROR
_logger = logging.getLogger(LOGGER)
if not _logger.handlers:
    _handler = logging.StreamHandler(sys.stdout)
    _handler.setFormatter(logging.Formatter("%(message)s"))
    _logger.addHandler(_handler)
    _logger.setLevel(logging.INFO)
    _logger.propagate = False


def bind(**fields) -> None:
    """Set fields (request_id, event_id) carried by every record until the next bind."""
    _context.clear()
    _context.update({k: v for k, v in fields.items() if v is not None})


def log(message: str, level: int = logging.INFO, **fields) -> None:
    record = {"ts": round(time.time(), 3), "level": logging.getLevelName(level), "msg": message,
              **_context, **{k: mask(k, v) for k, v in fields.items()}}
    _logger.log(level, json.dumps(record, ensure_ascii=False, default=str))


def mask(key: str, value):
    if key not in PERSONAL or value in (None, ""):
        return value
    if isinstance(value, (list, tuple)):
        return [mask(key, v) for v in value]
    text = str(value)
    if "@" in text:
        local, _, domain = text.rpartition("@")
        return f"{local[:1]}***@{domain[:1]}***"
    return f"{text[:1]}***"


def metric(name: str, value: int = 1) -> None:
    """Count ``name`` in CloudWatch (namespace ``Signups``) through the Embedded Metric Format:
    a log line Lambda's log pipeline turns into a metric, so no API call and no extra latency.
    .chalice/resources.json alarms on these."""
    _logger.info(json.dumps({"_aws": {"Timestamp": int(time.time() * 1000), "CloudWatchMetrics": [
        {"Namespace": "Signups", "Dimensions": [[]], "Metrics": [{"Name": name, "Unit": "Count"}]}]},
        name: value, **{k: v for k, v in _context.items() if k == "request_id"}}))
