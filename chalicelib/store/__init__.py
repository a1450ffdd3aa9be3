"""Everything that knows DynamoDB item shapes and keys. Callers get model objects.

One table, keys ``PK``/``SK``:

============================  ==================  ============================================
PK                            SK                  item
============================  ==================  ============================================
``EVENT#<event>``             ``META``            definition (JSON) + ``seats_taken``, ``waitlist_count``
``EVENT#<event>``             ``REG#<rid>``       a registration; rids sort in signup order
``EVENT#<event>``             ``EMAIL#<addr>``    uniqueness marker for (event, normalised address);
                                                  ``attempt_at`` stamps each signup attempt (a repeat's mail)
``EVENT#<event>``             ``JOB#<id>``        an export job (state, query, the file's S3 key)
``TOKENS``                    ``TOKEN#<sha256>``  an organiser token (hash only)
``AUDIT``                     ``EXPORT#<time>#…`` an export audit record
``RATE#<kind>#<hmac>``        ``<window end>``    rate-limit counter (client, mailbox, event)
``SUPPRESS#<hmac>``           ``SUPPRESS``        bounced/complained address (HMAC, expires)
``ORG#`` ``MEMBER#`` ``LOGIN#`` ``SESSION#`` ``LIMIT#``  see ``organisations``
``EVENT#`` ``MESSAGE#`` ``SEND#``, ``PACE#ses``   see ``announcements`` (messages to attendees)
============================  ==================  ============================================

Indexes: ``by_email`` (``email_norm``, ``SK``) for bounces and erasure by address;
``by_due`` (``due_kind``, ``due_at``), sparse, for expiring holds and reminders;
``by_organisation`` (``organisation_id``), sparse, the events of an organisation.
TTL attribute: ``expires_at``. DynamoDB (and the emulator) delete expired items
late, so every read here ignores items whose ``expires_at`` has passed.

Modules: ``table`` (definition, value conversion), ``writes`` (request builders, transactions),
``events``, ``roster`` (registration items and reads), ``seats`` (seat transactions),
``schedule`` (TTLs, reminders), ``counters`` (rate limits, attempt stamps), ``mails`` (mail bookkeeping, suppression list),
``organisers`` (tokens, export audit), ``jobs`` (export jobs),
``announcements`` (messages to attendees, the send pacer). Callers use ``store.<name>``; inside the package, modules
call each other through the module (``writes.transact``), so that is where a test patches.
"""

from .table import create_table, from_item, iso, live, table_definition, to_item, values
from .writes import TransactionFailed, delete, put, transact, update
from .events import META, event_key, events_of_organisation, get_definition, get_event, put_event
from .roster import (
    REG_PREFIX, check_in, due, first_waitlisted, get_registration, marker_key, new_registration_id, normalise, reg_key,
    registration_by_email, registration_item, registration_keys_by_email, registration_pages, registrations,
    to_registration, waitlist_position)
from .seats import Rejected, confirm, insert_registration, promote, release
from .schedule import request_reminder, reschedule, mark_resend
from .counters import count, count_attempt, repeated_registration
from .mails import (
    claim_mail, is_suppressed, mail_state, record_mail, release_mail_claim, set_email_status, suppress)
from .organisers import get_token, list_audit, list_tokens, put_audit, put_token, touch_token, update_token
from .announcements import (
    claim_delivery, delivery_state, get_message, messages_of, put_deliveries, put_message, record_delivery,
    release_delivery, take_send_slot)
from .organisations import (
    consume_login, delete_session, get_organisation, get_session, is_member, login_exists, organisations_of,
    put_login, put_login_request, put_organisation, put_session, take_login_request, within_limit)
from .jobs import JOB_HOURS, JOB_PREFIX, claim_job, fail_job, finish_job, get_job, put_job, to_job

__all__ = [
    "create_table", "from_item", "iso", "live", "table_definition", "to_item", "values", "TransactionFailed",
    "delete", "put", "transact", "update", "META", "event_key", "get_event", "put_event", "REG_PREFIX", "due",
    "first_waitlisted", "get_registration", "marker_key", "new_registration_id", "normalise", "reg_key",
    "registration_by_email", "registration_item", "registration_keys_by_email", "registration_pages",
    "registrations", "to_registration", "waitlist_position", "Rejected", "confirm", "insert_registration",
    "promote", "release", "count", "count_attempt", "repeated_registration", "request_reminder", "reschedule", "claim_mail", "is_suppressed",
    "mail_state", "record_mail", "release_mail_claim", "set_email_status", "suppress", "get_token",
    "list_audit", "list_tokens", "put_audit", "put_token", "touch_token", "update_token",
    "events_of_organisation", "get_definition", "consume_login", "delete_session", "get_organisation", "get_session",
    "is_member", "login_exists", "organisations_of", "put_login", "put_login_request", "take_login_request", "put_organisation", "put_session", "within_limit",
    "JOB_HOURS", "JOB_PREFIX", "claim_job", "fail_job", "finish_job", "get_job", "put_job", "to_job",
    "mark_resend", "check_in", "claim_delivery", "delivery_state", "get_message", "messages_of", "put_deliveries", "put_message",
    "record_delivery", "release_delivery", "take_send_slot",
]
