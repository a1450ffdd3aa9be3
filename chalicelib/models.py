"""Event and Registration: plain values, no storage or HTTP in them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
PENDING = "pending"
CANCELLED = "cancelled"
EXPIRED = "expired"
ERASED = "erased"

SEATED = (CONFIRMED, PENDING)          # statuses that hold a seat
ACTIVE = (CONFIRMED, PENDING, WAITLISTED)  # statuses that block a second signup
STATUSES = (CONFIRMED, WAITLISTED, PENDING, CANCELLED, EXPIRED, ERASED)

LOCALES = ("nl", "en")
FIELD_TYPES = ("text", "email", "select", "checkbox")

# email_status values
QUEUED, SENT, FAILED, BOUNCED, COMPLAINED, SUPPRESSED = (
    "queued", "sent", "failed", "bounced", "complained", "suppressed")


@dataclass(frozen=True)
class CustomField:
    name: str
    type: str
    required: bool
    label: dict                   # locale -> text
    options: tuple = ()           # for "select": allowed values
    shared: bool = False          # the answer stands on the participant list (chalicelib.participants)
    match: bool = False           # maatjes are grouped on this answer (chalicelib.buddies)

    def label_in(self, locale: str) -> str:
        return localized(self.label, locale) or self.name


@dataclass(frozen=True)
class Event:
    """A meeting as the code reads it. Made only by chalicelib.events.from_definition, which
    passes every field without a default: a setting's default is its Setting's."""
    id: str
    title: dict                   # locale -> text
    description: dict
    location: dict
    starts_at: datetime           # aware, in the event's zone
    ends_at: datetime
    timezone: str
    capacity: Optional[int]
    waitlist_enabled: bool
    registration_open: bool
    registration_closes_at: Optional[datetime]
    consent_required: bool
    consent_text: dict            # locale -> text
    consent_version: str
    locales: tuple
    fields: tuple                 # of CustomField
    allowed_redirect_origins: tuple
    double_opt_in: bool
    organiser: dict               # {"name": ..., "email": ...}
    retention_days: Optional[int]
    practical_info: dict          # locale -> text, shown in every attendee mail
    organisation_id: Optional[str]
    thank_you_url: Optional[str]  # the organiser's own thank-you page, for the plain-form snippet
    digest: bool                  # the organiser's daily mail about signups (chalicelib.digest)
    public_spots: str             # "exact": the public view shows ``spots_left``; "bands": only ``availability``
    messages_per_day: Optional[int]   # the organiser's messages a day (None: the setting's default)
    allowed_email_domains: tuple  # empty: anyone; else the mail domains a signup's address must be at
    invitation_only: bool         # signups only through the invitation link (chalicelib.invitations)
    participant_list: bool        # who agrees sees the others who agreed (chalicelib.participants)
    buddies: bool                 # after the meeting, who opted in is grouped with a few others (chalicelib.buddies)
    seats_taken: int              # live: seats held, as read with the definition
    waitlist_count: int           # live: people waiting, as read with the definition
    confirmation_opening: dict    # locale -> the organiser's opening of the mail
    waitlist_opening: dict
    reminder_opening: dict
    reminder_hours_before: Optional[tuple]   # None: the service's REMINDER_HOURS
    follow_up_at: Optional[datetime]   # the follow-up mail (chalicelib.after); None: the next morning
    materials: tuple              # of {"title", "url"}, in the follow-up mails
    proof_of_attendance: bool     # checked-in attendees get a proof of attendance
    evaluation_closes_at: Optional[datetime]   # None: EVALUATION_DAYS after the end
    evaluation_questions: tuple   # the organiser's own open questions
    programme: tuple              # of programme.Round: the rounds of parallel sessions (chalicelib.programme)
    attendance: tuple             # a hybrid event's onsite and online counters (programme.Session), else empty
    online: Optional[dict]        # hybrid: {"capacity", "join_url"}; the link is never public
    changes_close_at: Optional[datetime]   # until then people change their choices; None: the start
    # filled in from the stored item after the definition (chalicelib.store.events)
    pools: tuple = ()             # of store.pools.Pool: a large event's seats, counted on its pools; () on the event item
    waitlist_epoch: int = 0       # its waiting-list shards' epoch (store.pools: when the pools' mark was last cleared)
    waitlist_shards: tuple = ()   # each waiting-list shard's count as read (store.events.waitlist_keys' order)
    cancelled_at: Optional[datetime] = None   # the organiser cancelled the whole event (signups.cancel_event)
    cancel_message: str = ""      # the organiser's short reason, shown in the cancellation mail
    archived_at: Optional[datetime] = None    # out of the organiser's list, data kept (chalicelib.archiving)

    @property
    def changes_close(self) -> datetime:
        """Until when an attendee may change their session choices (and answers): ``changes_close_at``,
        else the start of the meeting."""
        return self.changes_close_at or self.starts_at

    def changes_open(self, now: datetime) -> bool:
        return not self.cancelled_at and now < self.changes_close

    @property
    def spots_left(self) -> Optional[int]:
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)

    @property
    def seat_for_newcomer(self) -> bool:
        """A seat is free and nobody is waiting for it (waiting people go first)."""
        return self.spots_left != 0 and self.waitlist_count == 0

    def availability(self, now: datetime) -> str:
        """What the public may know of the seats (API.md, version 3): ``open``, ``few_left``
        (at most ``few_left_at(capacity)`` seats left), ``waitlist``, ``full`` or ``closed``."""
        if not self.accepts_signups(now):
            return "closed"
        # a hybrid event: a seat in one part is free for the next to come while people wait for the other
        if not self.seat_for_newcomer and not (self.spots_left != 0 and any(s.has_seat for s in self.attendance)):
            return "waitlist" if self.waitlist_enabled else "full"
        if self.capacity is not None and self.spots_left <= few_left_at(self.capacity):
            return "few_left"
        return "open"

    def accepts_signups(self, now: datetime) -> bool:
        if not self.registration_open or self.cancelled_at:
            return False
        return self.registration_closes_at is None or now < self.registration_closes_at

    def admits_email(self, email: str) -> bool:
        """Whether a signup with ``email`` may come in: anyone when ``allowed_email_domains`` is
        empty; else its domain is one of them, or (an entry ``*.example.nl``) is example.nl or
        ends in ``.example.nl``. Decided by the address alone, never by who is registered."""
        if not self.allowed_email_domains:
            return True
        domain = email.rpartition("@")[2].strip().lower()
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            return False
        for allowed in self.allowed_email_domains:
            base = allowed.removeprefix("*.")
            if domain == base or (allowed.startswith("*.") and domain.endswith("." + base)):
                return True
        return False

    def locale_or_default(self, locale: Optional[str]) -> str:
        return locale if locale in self.locales else self.locales[0]

    def text(self, attr: str, locale: str) -> str:
        return localized(getattr(self, attr), locale)


@dataclass(frozen=True)
class Registration:
    id: str
    event_id: str
    status: str
    name: str
    email: str
    locale: str
    answers: dict = field(default_factory=dict)
    consent_given_at: Optional[datetime] = None
    consent_version: Optional[str] = None
    created_at: Optional[datetime] = None
    updated_at: Optional[datetime] = None
    hold_until: Optional[datetime] = None
    email_status: Optional[str] = None
    email_error: Optional[str] = None
    expires_at: Optional[int] = None   # epoch seconds (DynamoDB TTL)
    sequence: int = 0                  # status changes so far: the invite's SEQUENCE (RFC 5545 3.8.7.4)
    checked_in_at: Optional[datetime] = None   # first check-in at the door
    consent_source: Optional[str] = None       # "organiser": added by hand, consent given to the organiser
    cancelled_by: Optional[str] = None         # who ended it: attendee, organiser, expiry or event (all cancelled)
    messages_off_at: Optional[datetime] = None  # when the person turned off the organiser's messages
    pool: Optional[int] = None         # the seat pool its seat is counted on (chalicelib.store.pools), if any
    shard: Optional[int] = None        # the waiting-list shard it was counted on, if it chose one (store.events)
    extra: dict = field(default_factory=dict)  # declared attributes without a field here (chalicelib.schema.attributes)


def few_left_at(capacity: int) -> int:
    """The most seats left that the public band calls ``few_left``: a tenth of the capacity, at
    least 3. A band, not a count, so that one signup rarely changes what the public sees."""
    return max(3, capacity // 10)


def localized(texts: dict, locale: str) -> str:
    """The text in ``locale``, else Dutch, else any: copy is never missing."""
    if not texts:
        return ""
    return texts.get(locale) or texts.get("nl") or next(iter(texts.values()))


@dataclass(frozen=True)
class ExportJob:
    """An export too big for one answer, written to S3 by the export worker."""
    id: str
    event_id: str
    state: str                    # queued, running, done, failed
    query: dict                   # the export parameters, as the query string gave them
    token_id: str
    created_at: datetime
    rows: int = 0
    size: int = 0
    object_key: Optional[str] = None
    error: Optional[str] = None
