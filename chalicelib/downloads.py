"""The organiser's export use case: pick a format, stream rows from the store, audit it."""
from dataclasses import dataclass

from chalicelib import exports, store
from chalicelib.errors import ValidationFailed
from chalicelib.models import STATUSES
from chalicelib.signups import get_event

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@dataclass(frozen=True)
class Download:
    content_type: str
    filename: str
    body: bytes


def parse_statuses(value):
    if not value:
        return None
    statuses = tuple(s.strip() for s in value.split(",") if s.strip())
    if not statuses or any(s not in STATUSES for s in statuses):
        raise ValidationFailed({"status": "invalid"})
    return statuses


def csv_download(event_id: str, *, statuses=None, delimiter=",", lang=None, fields=None) -> Download:
    event = get_event(event_id)
    rows = store.registrations(event_id, statuses=statuses)
    try:
        chunks = exports.csv_chunks(event, rows, delimiter=delimiter, lang=lang, fields=fields)
    except ValueError:
        raise ValidationFailed({"fields": "unknown_field"})
    return Download(CONTENT_TYPES["csv"], exports.filename(event_id, "csv"), b"".join(chunks))
