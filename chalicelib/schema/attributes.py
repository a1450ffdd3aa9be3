"""Registration attributes, declared once: one ``Attribute`` per thing a registration records.

From this table derive: the stored item (``store.roster`` writes and reads every attribute),
the export columns and their labels (``exports``), the names a custom field may not take
(``events.RESERVED_FIELDS``), the OpenAPI schema of an exported registration, the people
list and its search (``dashboard``), and what erasure keeps (``store.roster.KEPT_ON_ERASURE``).

A label is a Dutch msgid; its English is in chalicelib/locale/en/LC_MESSAGES/messages.po.
An attribute without a field on ``models.Registration`` lives in ``Registration.extra``.
"""
from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Optional

from chalicelib.translations import N_

TEXT, DATETIME, NUMBER, ANSWERS, CHOICES, HISTORY = "text", "datetime", "number", "answers", "choices", "history"
TYPES = (TEXT, DATETIME, NUMBER, ANSWERS, CHOICES, HISTORY)    # CHOICES: the sessions chosen (chalicelib.programme)


@dataclass(frozen=True)
class Attribute:
    name: str                       # the stored attribute, the export column's machine name, the OpenAPI member
    type: str                       # one of TYPES; ANSWERS is the map of custom-field answers, HISTORY a list of changes
    label: str                      # Dutch msgid (the catalog has the English)
    personal: bool                  # data about the person (AVG): never kept on erasure
    kept_on_erasure: bool = False   # what seat bookkeeping and the audit need after erasure
    column: Optional[int] = None    # position among the export columns; None: not exported
    width: int = 16                 # the least width of its Excel column, in characters
    listed: Optional[int] = None    # position among the people list's columns; None: not shown
    searchable: bool = False        # the people list's search looks in it
    form: bool = False              # an optional text input of the signup form (stored in ``extra``)
    field: Optional[str] = None     # its models.Registration field, when named otherwise
    default: Any = None             # what a registration without it reads

    @property
    def model_field(self) -> str:
        return self.field or self.name

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: unknown type {self.type}")
        if self.personal and self.kept_on_erasure:
            raise ValueError(f"{self.name}: personal data is never kept on erasure")


ATTRIBUTES = (
    Attribute("registration_id", TEXT, N_("Aanmeldnummer"), personal=False, kept_on_erasure=True, column=1,
              width=28, field="id"),
    Attribute("event_id", TEXT, N_("Bijeenkomst"), personal=False, kept_on_erasure=True),
    Attribute("status", TEXT, N_("Status"), personal=False, kept_on_erasure=True, column=2, width=22, listed=5),
    Attribute("name", TEXT, N_("Naam"), personal=True, column=3, width=32, listed=1, searchable=True, default=""),
    Attribute("email", TEXT, N_("E-mailadres"), personal=True, column=4, width=40, listed=2, searchable=True,
              default=""),
    Attribute("locale", TEXT, N_("Taal"), personal=True, column=5, default="nl"),
    Attribute("answers", ANSWERS, N_("Antwoorden"), personal=True, listed=4, searchable=True, default={}),
    Attribute("consent_given_at", DATETIME, N_("Toestemming gegeven op"), personal=True, column=9),
    Attribute("consent_version", TEXT, N_("Versie toestemmingstekst"), personal=False, column=10, width=20),
    Attribute("consent_source", TEXT, N_("Toestemming gegeven via"), personal=False, column=12),
    Attribute("created_at", DATETIME, N_("Aangemeld op"), personal=False, kept_on_erasure=True, column=6, listed=6),
    Attribute("updated_at", DATETIME, N_("Gewijzigd op"), personal=False, kept_on_erasure=True, column=7),
    Attribute("hold_until", DATETIME, N_("Plek vast tot"), personal=False),
    Attribute("email_status", TEXT, N_("E-mailstatus"), personal=False, column=8, width=24),
    Attribute("email_error", TEXT, N_("E-mailfout"), personal=False),
    Attribute("expires_at", NUMBER, N_("Bewaard tot"), personal=False, kept_on_erasure=True),
    Attribute("sequence", NUMBER, N_("Aantal wijzigingen"), personal=False, kept_on_erasure=True, default=0),
    Attribute("checked_in_at", DATETIME, N_("Ingecheckt om"), personal=True, column=11),
    Attribute("cancelled_by", TEXT, N_("Afgemeld door"), personal=False),
    Attribute("messages_off_at", DATETIME, N_("Berichten uit sinds"), personal=True),
    Attribute("shared_at", DATETIME, N_("Op de deelnemerslijst sinds"), personal=True, column=13),
    Attribute("buddy_at", DATETIME, N_("Wil maatjes sinds"), personal=True, column=14),
    Attribute("buddy_sent_at", DATETIME, N_("Maatjes voorgesteld op"), personal=False),
    # the programme (chalicelib.programme): [{"round", "id", "status"}], and onsite or online; exported
    # as one column per round and an ``attendance`` column on a hybrid event (chalicelib.exports)
    Attribute("sessions", CHOICES, N_("Sessies"), personal=True, default=[]),
    Attribute("attendance", TEXT, N_("Deelname"), personal=True),
    # what the attendee changed on their own page (chalicelib.changes): {at, by, field, old, new} each
    Attribute("changes", HISTORY, N_("Wijzigingen"), personal=True),
    # the seat pool a seated registration's seat is counted on (chalicelib.store.pools): it goes back there
    Attribute("pool", NUMBER, N_("Plekkendeel"), personal=False),
    # the waiting-list shard a join to an event with seat pools is counted on (store.events.pick_shard)
    Attribute("shard", NUMBER, N_("Wachtlijstdeel"), personal=False),
)


def by_name() -> dict:
    return {attribute.name: attribute for attribute in ATTRIBUTES}


def exported() -> list:
    """The export columns' attributes, in column order."""
    return sorted((a for a in ATTRIBUTES if a.column is not None), key=lambda a: a.column)


def listed() -> list:
    """The people list's attributes, in column order."""
    return sorted((a for a in ATTRIBUTES if a.listed is not None), key=lambda a: a.listed)


def form_fields() -> list:
    """The signup form's inputs that are attributes of their own (not answers to custom fields)."""
    return [a for a in ATTRIBUTES if a.form]


def searchable() -> list:
    return [a for a in ATTRIBUTES if a.searchable]


def kept_on_erasure() -> tuple:
    return tuple(a.name for a in ATTRIBUTES if a.kept_on_erasure)


def reserved_names() -> set:
    """Every attribute's name: a custom field of that name would shadow it in an export."""
    return {a.name for a in ATTRIBUTES}


def value(registration, attribute: Attribute):
    """The attribute's value on a ``models.Registration`` (its field, else ``extra``)."""
    return reader(attribute)(registration)


def reader(attribute: Attribute):
    """A function of a ``models.Registration`` to the attribute's value (its field, else ``extra``)."""
    from chalicelib.models import Registration
    if attribute.model_field in Registration.__dataclass_fields__:
        return attrgetter(attribute.model_field)
    return lambda registration: (registration.extra or {}).get(attribute.name, attribute.default)


def openapi_schema() -> dict:
    """The JSON schema of one exported registration: a member per export column, then one per
    custom field (any name that is not an attribute's)."""
    kinds = {TEXT: {"type": ["string", "null"]}, DATETIME: {"type": ["string", "null"], "format": "date-time"},
             NUMBER: {"type": ["integer", "null"]}}
    return {"type": "object", "additionalProperties": True,
            "description": "One registration: the chosen `fields`, by default every column below in this order, "
                           "then one member per custom field.",
            "properties": {a.name: {**kinds[a.type], "title": a.label} for a in exported()}}
