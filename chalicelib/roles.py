"""Who may do what: the one table of roles and capabilities (issue 28).

A member of an organisation has one role there. Every organiser page and API operation asks
for a capability (``access.require``, ``home.member_page``, ``overview.event_page``); this table
says which roles have it, and which Bearer token scope does. Nothing else decides access.

- **beheerder**: everything, including the team and the organisation's settings;
- **organisator**: events, people, downloads, messages and API keys;
- **deur**: the door page, check-in and the attendance list of the events a beheerder chose for
  them on the team page (none chosen: every event of the organisation; ``Member.role_of_event``);
- **meekijker**: the Overzicht of an event and its counts; no personal data, no downloads.
"""
BEHEERDER, ORGANISATOR, DEUR, MEEKIJKER = "beheerder", "organisator", "deur", "meekijker"
ROLES = (BEHEERDER, ORGANISATOR, DEUR, MEEKIJKER)      # the order the team page lists them in
PLAIN_ADDRESS_ROLE = ORGANISATOR    # ``"members": ["a@b"]`` in PUT /organisations (API.md, version 3)
# a member stored before roles existed could do everything, and keeps that
STORED_WITHOUT_ROLE = BEHEERDER

_EVERY_ORGANISER = (BEHEERDER, ORGANISATOR)
# capability: (the roles that have it, the Bearer token scope that has it; None: no token does)
CAPABILITIES = {
    "overview": ((BEHEERDER, ORGANISATOR, MEEKIJKER), "export"),   # an event's Overzicht, its counts (stats)
    "events":   (_EVERY_ORGANISER, "admin"),        # create, edit, copy, close, cancel an event; the embed page
    "people":   (_EVERY_ORGANISER, "admin"),        # the people list, a person's actions, adding a person
    "messages": (_EVERY_ORGANISER, "admin"),        # messages to the attendees
    "download": (_EVERY_ORGANISER, "export"),       # Excel, CSV and JSON of the registrations
    "door":     ((BEHEERDER, ORGANISATOR, DEUR), "admin"),   # the door page, check-in, the attendance list
    "keys":     (_EVERY_ORGANISER, None),           # API keys (a member's key can download)
    "team":     ((BEHEERDER,), None),               # the team page: invite, change roles, remove
    "settings": ((BEHEERDER,), None),               # the organisation's own settings
    "log":      ((BEHEERDER,), None),               # the log: who did what
    "webhooks": ((BEHEERDER,), None),               # webhooks to the organisation's own systems (and the operator's key)
    # the token scopes by name, as code written before roles asks: what an organisator may
    "admin":    (_EVERY_ORGANISER, "admin"),
    "export":   (_EVERY_ORGANISER, "export"),
}


def N_(text: str) -> str:
    """Marks a msgid for the catalog (scripts/messages.py); translated where it is shown."""
    return text


# how the team page and the invitation mail name each role, and what it may do (Dutch msgids)
LABELS = {BEHEERDER: N_("Beheerder"), ORGANISATOR: N_("Organisator"), DEUR: N_("Deur"), MEEKIJKER: N_("Meekijker")}
DESCRIPTIONS = {
    BEHEERDER: N_("Mag alles, ook het team en de instellingen van de organisatie."),
    ORGANISATOR: N_("Maakt en wijzigt bijeenkomsten. Ziet de deelnemers, stuurt berichten en downloadt de lijst."),
    DEUR: N_("Laat mensen inchecken bij de deur en ziet de presentielijst."),
    MEEKIJKER: N_("Ziet het Overzicht en de aantallen. Ziet geen namen en downloadt niets."),
}


def allows(role, capability: str) -> bool:
    """Whether ``role`` (None: not a member) has ``capability``. An unknown capability is a bug (KeyError)."""
    return role in CAPABILITIES[capability][0]


def scope_for(capability: str):
    """The Bearer token scope that has ``capability`` (``admin`` includes ``export``), or None."""
    return CAPABILITIES[capability][1]


def valid(role) -> bool:
    return role in ROLES
