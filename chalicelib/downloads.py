"""The organiser's export use case: negotiate, stream rows from the store, deliver, audit.

The body is written chunk by chunk into a spooled file (memory up to the inline limit,
then disk), so memory stays flat as rows grow. A body that fits the Lambda response
limit is answered inline; a bigger one goes to the private export bucket and the answer
is a presigned URL. JSON is paged with a signed cursor: the last registration id seen.
Registration ids sort in signup order, so a later signup always lands after the cursor.
"""
import hashlib
import itertools
import json
import re
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional, Union
from zoneinfo import ZoneInfo

from chalicelib import aws, export_jobs, exports, store, tokens
from chalicelib.config import settings
from chalicelib.errors import DomainError, InvalidToken, ValidationFailed
from chalicelib.models import ERASED, LOCALES, STATUSES, ExportJob
from chalicelib.signups import get_event

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX, "json": "application/json"}
ACCEPTED = {"text/csv": "csv", XLSX: "xlsx", "application/json": "json",
            "*/*": "csv", "text/*": "csv", "application/*": "json"}
DELIMITERS = {"comma": ",", "semicolon": ";", ",": ",", ";": ";"}
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
COMMA_LIST = re.compile(r"[a-z][a-z0-9_]*(,[a-z][a-z0-9_]*)*")
URL_SECONDS = export_jobs.URL_SECONDS
# Signed with the attendee-token secret, so a distinct context keeps the two apart.
_CURSOR_CONTEXT = b"export-cursor/v1\x00"


class NotAcceptable(DomainError):
    code = "not_acceptable"


@dataclass(frozen=True)
class Download:
    """What to answer: ``body`` inline, ``location`` (a presigned URL) for a big one, or
    ``job`` for one too big to render in the request (chalicelib.export_jobs)."""
    content_type: str
    filename: str
    rows: int
    body: Union[bytes, str] = b""
    location: Optional[str] = None
    job: Optional[ExportJob] = None


@dataclass(frozen=True)
class Query:
    format: str
    delimiter: str = ","
    fields: Optional[list] = None
    lang: Optional[str] = None
    statuses: Optional[tuple] = None
    since: Optional[datetime] = None
    limit: int = DEFAULT_LIMIT
    cursor: Optional[str] = None
    include_erased: bool = False       # erased people are left out unless asked for
    checked_in: Optional[bool] = None  # True: only those checked in; False: not (no-shows)


def export(event_id: str, params: dict, accept: Optional[str], *, token_id: str, now: datetime) -> Download:
    """The registrations of an event as ``params`` and ``accept`` ask, recorded in the audit trail.

    Raises EventNotFound, NotAcceptable (no format we make), ValidationFailed (a bad
    parameter, an unknown field, or a cursor that is tampered or made for another query).
    """
    event = get_event(event_id)
    query = parse(params, accept, ZoneInfo(event.timezone))
    try:
        columns = exports.columns(event, query.fields)
    except ValueError:
        raise ValidationFailed({"fields": "unknown_field"})
    if export_jobs.needs_job(event, query, len(columns)):
        job = export_jobs.start(event_id, params, accept, token_id=token_id, now=now)
        return Download(CONTENT_TYPES[query.format], filename(event_id, query), 0, job=job)
    limit = settings().export_inline_limit_bytes
    with tempfile.SpooledTemporaryFile(max_size=limit) as out:
        rows, wire_size = _render(event, query, out)
        inline = wire_size <= limit and (query.format != "xlsx" or takes_binary(accept))
        download = _deliver(out, event_id, query, inline=inline, rows=rows)
    store.organisers.put_audit({
        "token_id": token_id, "event_id": event_id, "at": store.table.iso(now), "format": query.format,
        "rows": rows, "fields": query.fields, "status": list(query.statuses or []) or None,
        "since": store.table.iso(query.since), "include_erased": query.include_erased or None,
        "checked_in": query.checked_in, "delivery": "inline" if download.location is None else "s3"}, now, event)
    return download


def parse(params: dict, accept: Optional[str], zone: ZoneInfo) -> Query:
    """The export parameters of a query string. Raises NotAcceptable, ValidationFailed.

    A parameter that is given must be valid, an empty one included (``?status=`` is 400,
    not "no filter"): the OpenAPI description states exactly these forms.
    """
    if "lang" in params and params["lang"] not in LOCALES:
        raise ValidationFailed({"lang": "invalid_locale"})
    if params.get("delimiter", "comma") not in DELIMITERS:
        raise ValidationFailed({"delimiter": "invalid"})
    return Query(format=negotiate(params.get("format"), accept),
                 delimiter=DELIMITERS[params.get("delimiter", "comma")], fields=_names(params.get("fields")),
                 lang=params.get("lang"), statuses=parse_statuses(params.get("status")),
                 since=_since(params.get("since"), zone), limit=_limit(params.get("limit")),
                 cursor=params.get("cursor"), include_erased=_flag(params, "include_erased") or False,
                 checked_in=_flag(params, "checked_in"))


def _flag(params, name):
    """``1``/``yes``/``true`` -> True, ``0``/``no``/``false`` -> False, absent -> None."""
    value = (params.get(name) or "").strip().lower()
    if not value:
        return None
    if value in ("1", "yes", "true", "ja"):
        return True
    if value in ("0", "no", "false", "nee"):
        return False
    raise ValidationFailed({name: "boolean"})


def _names(value):
    """``fields``: column names, comma-separated, in order; None (all columns) when absent."""
    if value is None:
        return None
    if not COMMA_LIST.fullmatch(value):
        raise ValidationFailed({"fields": "unknown_field"})
    return value.split(",")


def takes_binary(accept: Optional[str]) -> bool:
    """Whether API Gateway (and Chalice) will hand this client a binary body: only when its
    Accept header names the type or */*. Other clients get an XLSX by redirect to S3."""
    return bool(accept) and ("*/*" in accept or CONTENT_TYPES["xlsx"] in accept)


def negotiate(fmt: Optional[str], accept: Optional[str]) -> str:
    """``?format=`` if given, else the best format the Accept header allows (csv for none)."""
    if fmt is not None:
        if fmt not in exports.FORMATS:
            raise NotAcceptable(fmt)
        return fmt
    if not accept:
        return "csv"
    ranked = []
    for position, part in enumerate(accept.lower().split(",")):
        media, *options = [p.strip() for p in part.split(";")]
        quality = next((_float(o[2:]) for o in options if o.startswith("q=")), 1.0)
        if quality > 0 and media in ACCEPTED:
            ranked.append((-quality, "*" in media, position, ACCEPTED[media]))
    if not ranked:
        raise NotAcceptable(accept)
    return min(ranked)[-1]


def parse_statuses(value):
    """``status``: statuses, comma-separated; None (every status) when absent."""
    if value is None:
        return None
    statuses = tuple(value.split(","))
    if any(s not in STATUSES for s in statuses):
        raise ValidationFailed({"status": "invalid"})
    return statuses


def _float(text):
    try:
        return float(text)
    except ValueError:
        return 0.0


def _since(value, zone):
    if value is None:
        return None
    # A "+01:00" offset arrives as " 01:00" when the client did not encode the "+".
    for candidate in (value, value.replace(" ", "+")):
        try:
            moment = datetime.fromisoformat(candidate)
            return moment if moment.tzinfo else moment.replace(tzinfo=zone)
        except ValueError:
            continue
    raise ValidationFailed({"since": "invalid_datetime"})


def _limit(value):
    if value is None:
        return DEFAULT_LIMIT
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_LIMIT:
        raise ValidationFailed({"limit": "invalid"})
    return int(value)


def job_query(event_id: str, params: dict, accept: Optional[str]):
    """``(event, query)`` of a stored export job, parsed as the request was."""
    event = get_event(event_id)
    return event, parse(params, accept, ZoneInfo(event.timezone))


def render(event, query, out) -> int:
    """Write a CSV or XLSX export to the binary file ``out``; returns the rows written."""
    return _render(event, query, out)[0]


# ---------------------------------------------------------------- rendering

def _render(event, query, out):
    """Write the body to ``out``; returns (rows, size as the Lambda response carries it)."""
    if query.format == "json":
        page, next_rid = _json_page(event, query)
        cursor = _sign_cursor(event.id, query, next_rid) if next_rid else None
        body = json.dumps(exports.json_page(event, page, cursor, query.fields), ensure_ascii=False)
        out.write(body.encode("utf-8"))
        return len(page), len(json.dumps(body))
    rows = Counted(_matching(event.id, query))
    if query.format == "xlsx":
        exports.xlsx_write(event, rows, out, lang=query.lang, fields=query.fields)
        return rows.count, -(-out.tell() // 3) * 4          # base64
    wire = 2            # the Lambda JSON-escapes the body: its quotes, then each chunk's characters escaped
    for chunk in exports.csv_chunks(event, rows, delimiter=query.delimiter, lang=query.lang,
                                    fields=query.fields):
        out.write(chunk)
        wire += len(json.dumps(chunk.decode("utf-8"))) - 2
    return rows.count, wire


# Items are ~400 bytes: 1,000 per Query page stays under DynamoDB's 1 MB page and halves the
# round trips of the default 500.
PAGE_SIZE = 1000


def _matching(event_id, query, start_after=None, consistent=False, page_size=PAGE_SIZE):
    rows = store.roster.registrations(event_id, statuses=query.statuses, start_after=start_after,
                               consistent=consistent, page_size=page_size)
    return (r for r in rows if _wanted(r, query))


def _wanted(reg, query) -> bool:
    if reg.status == ERASED and not query.include_erased and ERASED not in (query.statuses or ()):
        return False
    if query.checked_in is not None and (reg.checked_in_at is not None) != query.checked_in:
        return False
    return query.since is None or _changed_at(reg) >= query.since


def _changed_at(registration):
    return registration.updated_at or registration.created_at or datetime.min.replace(tzinfo=timezone.utc)


def _json_page(event, query):
    """Up to ``limit`` rows after the cursor, and the id to resume after (None at the end)."""
    after = _open_cursor(query.cursor, event.id, query) if query.cursor else None
    rows = list(itertools.islice(_matching(event.id, query, after, consistent=True,
                                           page_size=query.limit + 1), query.limit + 1))
    page = rows[:query.limit]
    return page, page[-1].id if len(rows) > query.limit else None


class Counted:
    """Rows passed through, counted as they go (the iterable is read once, lazily)."""

    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


# ---------------------------------------------------------------- delivery

def filename(event_id: str, query) -> str:
    """The attachment's name for ``query``: its format, language and list separator."""
    return exports.filename(event_id, query.format, query.lang, query.delimiter)


def _deliver(out, event_id, query, *, inline, rows):
    fmt = query.format
    name, content_type = filename(event_id, query), CONTENT_TYPES[fmt]
    out.seek(0)
    if inline:
        body = out.read()
        return Download(content_type, name, rows, body=body if fmt == "xlsx" else body.decode("utf-8"))
    return Download(content_type, name, rows, location=_upload(out, event_id, name, content_type))


MULTIPART_THRESHOLD = 8 * 1024 * 1024     # s3transfer's default; a test lowers it


def _upload(out, event_id, name, content_type):
    """Put the body in the export bucket (SSE, expired by the bucket's lifecycle rule); a GET URL."""
    from boto3.s3.transfer import TransferConfig
    bucket, key = settings().export_bucket, f"exports/{event_id}/{uuid.uuid4()}/{name}"
    if not bucket:
        raise RuntimeError("EXPORT_BUCKET is not set")
    disposition = f'attachment; filename="{name}"'
    # Two parts in flight at most: the upload buffers whole parts in memory. If a part or the
    # completion fails, s3transfer aborts the multipart upload and raises: no object, no link.
    config = TransferConfig(max_concurrency=2, multipart_threshold=MULTIPART_THRESHOLD)
    aws.s3().upload_fileobj(out, bucket, key, Config=config, ExtraArgs={
        "ContentType": content_type, "ContentDisposition": disposition, "ServerSideEncryption": "AES256"})
    return aws.s3().generate_presigned_url("get_object", ExpiresIn=URL_SECONDS, Params={
        "Bucket": bucket, "Key": key, "ResponseContentDisposition": disposition})


# ---------------------------------------------------------------- cursors

def _sign_cursor(event_id, query, last_rid):
    return tokens.seal(json.dumps([event_id, _binding(query), last_rid]).encode(), _CURSOR_CONTEXT)


def _open_cursor(cursor, event_id, query):
    """The registration id a cursor resumes after. Raises ValidationFailed unless genuine and ours."""
    try:
        cursor_event, binding, rid = json.loads(tokens.unseal(cursor, _CURSOR_CONTEXT))
    except (InvalidToken, ValueError, TypeError):
        raise ValidationFailed({"cursor": "invalid"})
    if cursor_event != event_id or binding != _binding(query) or not isinstance(rid, str):
        raise ValidationFailed({"cursor": "invalid"})
    return rid


def _binding(query):
    """A digest of what the rows depend on: a cursor only resumes the query it was made for."""
    key = [query.fields, query.statuses, store.table.iso(query.since), query.include_erased, query.checked_in]
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()[:16]
