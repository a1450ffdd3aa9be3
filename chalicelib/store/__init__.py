"""Everything that knows DynamoDB item shapes and keys. Callers get model objects.

One table, keys ``PK``/``SK``:

============================  ==================  ============================================
PK                            SK                  item
============================  ==================  ============================================
``EVENT#<event>``             ``META``            definition (JSON) + ``seats_taken`` (+ ``waitlist_count``, from before the shards)
``WAITLIST#<event>#<k>``      ``COUNT``           ``n``: waiting people counted on shard ``k``: their id's hash, or their ``shard`` (``events``)
``SEATS#<event>#<k>``         ``COUNT``           a large event's seat pool ``k``: ``taken``, its share ``cap`` (``pools``)
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
``EVENT#<event>``             ``BUDDIES``         see ``buddies`` (the maatjes grouping)
``ORG#<org>`` ``WEBHOOK#<wid>``               see ``webhooks`` (endpoints, their deliveries)
``EVENT#<event>``             ``FOLLOW_UP``,      see ``after`` (the follow-up mail's schedule,
                              ``EVAL#<rid>``      evaluation answers)
============================  ==================  ============================================

Indexes: ``by_email`` (``email_norm``, ``SK``) for bounces and erasure by address;
``by_due`` (``due_kind``, ``due_at``), sparse, for expiring holds and reminders;
``by_organisation`` (``organisation_id``), sparse, the events of an organisation.
``SESSION#<event>#<session>``/``COUNT``: a programme session's seats and waiting list (``sessions``).
TTL attribute: ``expires_at``. DynamoDB (and the emulator) delete expired items
late, so every read here ignores items whose ``expires_at`` has passed.

Modules: ``table`` (definition, value conversion), ``writes`` (request builders, transactions),
``events``, ``roster`` (registration items and reads), ``seats`` (seat transactions),
``schedule`` (TTLs, reminders), ``counters`` (rate limits, attempt stamps), ``mails`` (mail
bookkeeping, suppression list), ``organisers`` (tokens, export audit), ``organisations``
(members, sign-in, sessions), ``jobs`` (export jobs), ``announcements`` (messages to attendees,
the send pacer), ``digests`` (the organiser's daily mail), ``buddies`` (the maatjes grouping), ``sessions`` (the
programme's seat counters), ``pools`` (a large event's seat pools).

Callers name the module: ``store.seats.insert_registration(...)``, which an editor follows and
grep finds (``def insert_registration`` in store/seats.py); a test patches it there. A module is
imported when it is first named (PEP 562), so a cold start loads only the modules its first
request needs: a page view needs ``events``, not the other twelve.
"""
import importlib
from typing import TYPE_CHECKING

MODULES = ("after", "announcements", "buddies", "counters", "digests", "events", "jobs", "mails", "organisations",
           "organisers", "pools", "roster", "schedule", "seats", "sessions", "table", "webhooks", "writes")
__all__ = list(MODULES)

if TYPE_CHECKING:   # for editors and type checkers; at run time each module loads when first named
    from chalicelib.store import (after, announcements, buddies, counters, digests, events, jobs, mails,  # noqa: F401
                                  organisations, organisers, pools, roster, schedule, seats, sessions, table,
                                  webhooks, writes)


def __getattr__(name):
    """``store.<module>``: the module, imported now if it was not yet."""
    if name not in MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return importlib.import_module(f"{__name__}.{name}")
