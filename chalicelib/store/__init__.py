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
``EVENT#<event>``             ``DIGEST[#<day>]``  see ``digests`` (the organiser's daily mail)
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
``announcements`` (messages to attendees, the send pacer), ``digests`` (the organiser's daily mail). Callers use ``store.<name>``; inside the package, modules
call each other through the module (``writes.transact``), so that is where a test patches.

A module is imported when one of its names is first used (PEP 562), so a cold start loads
only the modules its first request needs: a page view needs ``events``, not the other nine.
"""
import importlib


EXPORTS = {
    "table": ("create_table", "from_item", "iso", "live", "table_definition", "to_item", "values"),
    "writes": ("TransactionFailed", "delete", "put", "transact", "update"),
    "events": ("META", "event_key", "events_of_organisation", "get_definition", "get_event", "has_registrations",
               "put_event", "rename_event"),
    "roster": ("REG_PREFIX", "check_in", "due", "first_waitlisted", "get_registration", "marker_key",
               "new_registration_id", "normalise", "reg_key", "registration_by_email", "registration_item",
               "registration_keys_by_email", "registration_pages", "registrations", "to_registration",
               "undo_check_in", "waitlist_position"),
    "seats": ("Rejected", "confirm", "insert_registration", "promote", "release"),
    "schedule": ("request_reminder", "reschedule", "mark_resend", "stop_messages"),
    "counters": ("count", "count_attempt", "repeated_registration"),
    "mails": ("claim_mail", "is_suppressed", "mail_state", "record_mail", "release_mail_claim", "set_email_status",
              "suppress"),
    "organisers": ("get_token", "list_audit", "list_tokens", "put_audit", "put_token", "touch_token", "update_token"),
    "announcements": ("claim_delivery", "delivery_state", "get_message", "messages_of", "put_deliveries",
                      "put_message", "record_delivery", "release_delivery", "take_send_slot"),
    "organisations": ("consume_login", "delete_session", "get_organisation", "get_session", "is_member",
                      "login_exists", "organisations_of", "put_login", "put_login_request", "put_organisation",
                      "put_session", "take_login_request", "within_limit"),
    "digests": ("advance_digest_schedule", "claim_digest", "digest_state", "due_digests", "ensure_digest_schedule",
                "get_digest", "get_digest_schedule", "put_digest", "record_digest", "release_digest"),
    "jobs": ("JOB_HOURS", "JOB_PREFIX", "claim_job", "fail_job", "finish_job", "get_job", "put_job", "to_job"),
}
_MODULE_OF = {name: module for module, names in EXPORTS.items() for name in names}
__all__ = sorted(_MODULE_OF)


def __getattr__(name):
    """``store.<name>``: the name from its module, imported now if it was not yet."""
    if name in EXPORTS:
        return importlib.import_module(f"{__name__}.{name}")
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
    globals()[name] = value     # later uses skip this function, as a from-import would
    return value


def __dir__():
    return sorted({*globals(), *_MODULE_OF})
