"""Every per-event setting, declared once (as pretix's settings registry declares its settings).

One ``Setting`` per setting: its kind (the type), default, bounds, whether the API requires it,
the editor's widget and fieldset, a label and a help text (Dutch msgids; the English is in
chalicelib/locale/en/LC_MESSAGES/messages.po) and its description in the API document.
Derived from ``SETTINGS``, read at call time: the validation of a definition (chalicelib.events,
by kind in chalicelib.schema.kinds), the editor's inputs (chalicelib.schema.inputs and the
``setting`` macro of templates/organiser/macros.html.j2),
``GET``/``PUT``/``PATCH`` of a definition, and the OpenAPI ``EventDefinition`` (``json_schema``).

The event's content (title, texts, start and end, questions, organiser) is not a setting: it is
validated in chalicelib.events.
"""
from dataclasses import dataclass
from typing import Any, Optional

from chalicelib.models import LOCALES

MAX_COUNT = 10_000_000


def N_(text: str) -> str:
    """Marks a Dutch msgid for extraction; it is translated where it is shown."""
    return text


@dataclass(frozen=True)
class Setting:
    name: str                       # the member of the definition (and of docs/api.md)
    kind: str                       # one of KINDS: how it is validated and described
    default: Any = None             # what an absent (or, by PATCH, removed) value means
    required: bool = False          # the API refuses a definition without it
    required_if: str = ""           # ... or without it while this boolean setting is true
    minimum: Optional[int] = None   # for a count
    maximum: Optional[int] = None
    widget: Optional[str] = None    # the editor's input (WIDGETS); None: only in the API
    group: Optional[str] = None     # the editor's fieldset (chalicelib.organiser.event_form.GROUPS)
    label: str = ""                 # Dutch msgid
    help: str = ""                  # Dutch msgid; ``{days}`` is the service's default retention
    time_label: str = ""            # a moment's second input (the time)
    time_help: str = ""
    choices: tuple = ()             # a choice widget's (value, Dutch msgid) pairs
    input: str = ""                 # the editor's input name, when not ``name`` (a moment's prefix)
    description: str = ""           # English, for the API document

    @property
    def form_name(self) -> str:
        return self.input or self.name


# kind -> the JSON schema of its values (descriptions and bounds are added per setting)
KINDS = {
    "boolean": {"type": "boolean"},
    "count": {"type": ["integer", "null"]},
    "texts": {"oneOf": [{"type": "string", "maxLength": 20000},
                        {"type": "object", "additionalProperties": False, "properties": {
                            loc: {"type": "string", "maxLength": 20000} for loc in LOCALES}}]},
    "moment": {"type": ["string", "null"]},
    "locales": {"type": "array", "items": {"type": "string", "enum": list(LOCALES)}, "minItems": 1,
                "uniqueItems": True},
    "zone": {"type": "string"},
    "origins": {"type": "array", "items": {"type": "string", "format": "uri",
                                           "description": "`https://host[:port]` (`http:` only for `localhost` and `127.0.0.1`), nothing more."}},
    "url": {"type": ["string", "null"], "format": "uri", "maxLength": 2000},
    "version": {"type": ["string", "null"], "maxLength": 64},
    "choice": {"type": "string"},       # one of the setting's ``choices``
    "domains": {"type": "array", "maxItems": 50, "items": {
        "type": "string", "maxLength": 255,
        "description": "A mail domain such as `minienw.nl` (that domain only), or `*.rijksoverheid.nl` "
                       "(that domain and every subdomain of it)."}},
    # the opening of a mail: plain text per language, no control characters but line ends
    "opening": {"oneOf": [{"type": "string", "maxLength": 1000},
                          {"type": "object", "additionalProperties": False, "properties": {
                              loc: {"type": "string", "maxLength": 1000} for loc in LOCALES}}]},
    "hours": {"type": "array", "maxItems": 3, "uniqueItems": True,
              "items": {"type": "integer", "minimum": 1, "maximum": 720}},
    "links": {"type": "array", "maxItems": 10, "items": {
        "type": "object", "additionalProperties": False, "required": ["title", "url"], "properties": {
            "title": {"type": "string", "minLength": 1, "maxLength": 200},
            "url": {"type": "string", "format": "uri", "maxLength": 2000}}}},
    "lines": {"type": "array", "maxItems": 5, "items": {"type": "string", "minLength": 1, "maxLength": 300}},
}
WIDGETS = ("checkbox", "number", "texts", "moment", "choice", "zone", "origins", "url", "domains", "hours", "links", "lines")

SETTINGS = (
    Setting("locales", "locales", default=("nl",), widget="choice", group="about", label=N_("Talen"),
            help=N_("De talen van het formulier en de e-mails. De eerste is de standaardtaal."),
            choices=(("nl", N_("Nederlands")), ("nl,en", N_("Nederlands en Engels")),
                     ("en,nl", N_("Engels en Nederlands")), ("en", N_("Engels"))),
            description="The first is the default."),
    Setting("timezone", "zone", required=True, widget="zone", group="when", label=N_("Tijdzone"),
            help=N_("De datums en tijden hierboven gelden in deze tijdzone."),
            description="An IANA zone, e.g. `Europe/Amsterdam` (the names the server's zone data has)."),
    Setting("capacity", "count", minimum=1, maximum=MAX_COUNT, widget="number", group="signup",
            label=N_("Aantal plekken"), help=N_("Leeg laten: geen maximum."),
            description="`null` or absent: no limit."),
    Setting("waitlist_enabled", "boolean", default=False, widget="checkbox", group="signup",
            label=N_("Wachtlijst als alle plekken bezet zijn"),
            help=N_("Meldt iemand zich af, dan schuift de eerste op de wachtlijst vanzelf door en krijgt bericht.")),
    Setting("double_opt_in", "boolean", default=False, widget="checkbox", group="signup",
            label=N_("Deelnemers bevestigen hun aanmelding via een link in de e-mail")),
    Setting("public_spots", "choice", default="bands", widget="choice", group="signup",
            label=N_("Vrije plekken op het formulier"),
            help=N_("Een precies aantal laat zien of een aanmelding een plek kost. Iemand kan dan het e-mailadres "
                    "van een ander invullen en zo zien of die al is aangemeld. Globaal (plekken vrij, bijna vol, "
                    "vol) laat dat niet zien."),
            choices=(("bands", N_("Globaal: plekken vrij, bijna vol of vol")),
                     ("exact", N_("Precies: het aantal vrije plekken"))),
            description="`bands` (the default): the public view shows `availability` only; `exact`: also "
                        "`spots_left`, which tells anyone whether a signup took a seat."),
    Setting("registration_open", "boolean", default=True, widget="checkbox", group="signup",
            label=N_("De aanmelding is open")),
    Setting("registration_closes_at", "moment", widget="moment", group="signup", input="closes",
            label=N_("Aanmelding sluit op (datum)"), help=N_("Leeg laten: geen sluitingsdatum."),
            time_label=N_("Aanmelding sluit om (tijd)"), time_help=N_("Leeg laten: 23:59."),
            description="ISO 8601."),
    Setting("changes_close_at", "moment", widget="moment", group="signup", input="changes_close",
            label=N_("Keuzes wijzigen kan tot (datum)"),
            help=N_("Tot dan kunnen deelnemers op hun eigen pagina een andere sessie kiezen. Leeg laten: tot het begin."),
            time_label=N_("Keuzes wijzigen kan tot (tijd)"), time_help=N_("Leeg laten: 23:59."),
            description="ISO 8601. Until then an attendee may switch sessions (and change their answers) on their "
                        "page; absent: until `starts_at`."),
    Setting("allowed_email_domains", "domains", default=(), widget="domains", group="signup",
            label=N_("Alleen voor e-mailadressen van"),
            help=N_("Eén domein per regel, zoals minienw.nl. Met *.rijksoverheid.nl mogen ook adressen van "
                    "subdomeinen, zoals naam@minbzk.rijksoverheid.nl. Leeg laten: iedereen kan zich aanmelden."),
            description="Empty or absent: anyone may sign up. Otherwise a signup's `email` must be at one of "
                        "these domains (compared case-insensitively; an entry `*.example.nl` also admits every "
                        "subdomain of `example.nl`); any other address is `400 validation_failed` naming `email` "
                        "(`email_domain`), whether or not it is registered."),
    Setting("invitation_only", "boolean", default=False, widget="checkbox", group="signup",
            label=N_("Alleen aanmelden met de uitnodigingslink"),
            help=N_("Je vindt de link in het Overzicht. Stuur hem naar de mensen die je uitnodigt. "
                    "Zonder de link kan niemand zich aanmelden."),
            description="Signups only through the invitation link (the hosted form with `?invite=`, shown on the "
                        "event's Overzicht): a signup must carry its code as `_invite`, else `403 "
                        "invitation_required`, whatever the address."),
    Setting("consent_required", "boolean", default=False, widget="checkbox", group="privacy",
            label=N_("Deelnemers moeten toestemming geven (een vinkje in het formulier)")),
    Setting("consent_text", "texts", required_if="consent_required", widget="texts", group="privacy", label=N_("Toestemmingstekst"),
            help=N_("De tekst naast het vinkje. Verplicht als je om toestemming vraagt.")),
    Setting("consent_version", "version",
            description="Absent, `null` or empty: the default, a hash of the consent text."),
    Setting("participant_list", "boolean", default=False, widget="checkbox", group="privacy",
            label=N_("Deelnemerslijst: deelnemers kunnen elkaar vinden"),
            help=N_("Het formulier vraagt dan of iemand op de deelnemerslijst wil. Wie ja zegt, ziet de anderen "
                    "die ja zeiden: hun naam en de antwoorden die je deelt. Kies bij een vraag of je het antwoord "
                    "deelt."),
            description="Offer the participant list: a signup may say `share_details` (truthy); who did sees the "
                        "others who did (their name and the answers to questions marked `shared`), from their "
                        "attendee page."),
    Setting("buddies", "boolean", default=False, widget="checkbox", group="privacy",
            label=N_("Maatjes: na de bijeenkomst samen verder leren in kleine groepjes"),
            help=N_("Het formulier vraagt dan of iemand mee wil doen. Na de bijeenkomst maak je groepjes van 3 of 4. "
                    "Elk groepje krijgt één e-mail met elkaars naam en e-mailadres. Kies bij een keuzelijst of je "
                    "daarop groepjes maakt."),
            description="Offer maatjes: a signup may say `buddies` (truthy); after the meeting the organiser groups "
                        "who did (on the answers to questions marked `match`) and each group gets one introduction."),
    Setting("retention_days", "count", minimum=1, maximum=MAX_COUNT, widget="number", group="privacy",
            label=N_("Bewaartermijn"),
            help=N_("Aantal dagen na de bijeenkomst dat we de gegevens van deelnemers bewaren. "
                    "Leeg laten: {days} dagen.")),
    Setting("allowed_redirect_origins", "origins", default=(), widget="origins", group="website",
            label=N_("Websites met het formulier"),
            help=N_("Eén adres per regel, zoals https://www.gemeente.nl. Na het aanmelden sturen we mensen "
                    "alleen naar deze websites terug.")),
    Setting("thank_you_url", "url", widget="url", group="website", label=N_("Eigen bedankpagina"),
            help=N_("Mag leeg blijven: dan zien mensen na het aanmelden onze bedankpagina. Je kunt ook het adres "
                    "van een pagina op je eigen website invullen, zoals https://www.gemeente.nl/bedankt. Dan sturen "
                    "we mensen van je eigen HTML-formulier daarheen. De website moet hierboven staan."),
            description="Optional: the organiser's own thank-you page (https; http only for localhost), on one "
                        "of `allowed_redirect_origins`. The embed page's HTML form then sends people there "
                        "(`_redirect`); without it, to our thank-you page."),
    Setting("messages_per_day", "count", default=10, minimum=1, maximum=50,
            description="At most this many organiser messages (`POST /events/{id}/messages`, the message form) "
                        "a day (UTC) for this event; one more is `429 rate_limited`, with `Retry-After` until "
                        "midnight UTC. Absent or `null`: 10. At most 50, so a stolen organiser account cannot "
                        "mail the attendees without end."),
    # the words of the mails (issue 28 item 6): the opening of three mails, and when reminders go
    Setting("confirmation_opening", "opening", widget="texts", group="mails",
            label=N_("Begin van de bevestigingsmail"),
            help=N_("Leeg laten: onze eigen tekst. Gewone tekst, hoogstens 1000 tekens. De links, de praktische "
                    "informatie en de agenda-uitnodiging komen er altijd onder."),
            description="Optional: the opening paragraph(s) of the confirmation mail (`registered`), "
                        "plain text per language, at most 1000 characters, no control characters but line ends. "
                        "Absent: the service's own words. The links, practical information and the invite stay."),
    Setting("waitlist_opening", "opening", widget="texts", group="mails",
            label=N_("Begin van de wachtlijstmail"), help=N_("Leeg laten: onze eigen tekst. Het nummer op de wachtlijst blijft staan."),
            description="Optional: the opening of the waiting-list mail (`waitlisted`), as `confirmation_opening`."),
    Setting("reminder_opening", "opening", widget="texts", group="mails",
            label=N_("Begin van de herinnering"), help=N_("Leeg laten: onze eigen tekst."),
            description="Optional: the opening of the reminder mail (`reminder`), as `confirmation_opening`."),
    Setting("reminder_hours_before", "hours", widget="hours", group="mails",
            label=N_("Herinneringen (uren voor het begin)"),
            help=N_("Bijvoorbeeld 24, 2 voor een herinnering een dag en twee uur van tevoren. Hoogstens drie. "
                    "Leeg laten: {hours} uur van tevoren."),
            description="Optional: when confirmed attendees get a reminder, in whole hours before `starts_at` "
                        "(1 to 720, at most three, e.g. `[24, 2]`); `[]`: no reminders. Absent: the service's "
                        "`REMINDER_HOURS` (24)."),
    Setting("digest", "boolean", default=True, widget="checkbox", group="organiser",
            label=N_("Stuur elke dag een mail over nieuwe aanmeldingen naar dit e-mailadres"),
            help=N_("Alleen op dagen dat er iets veranderde, zolang de aanmelding open is."),
            description="A daily mail to `organiser.email` about new signups and cancellations, "
                        "while registration is open, on days with a change."),
    # after the meeting (chalicelib.after): the follow-up mail, the evaluation, the proof of attendance
    Setting("follow_up_at", "moment", widget="moment", group="after", input="follow_up",
            label=N_("Bedankmail versturen op (datum)"),
            help=N_("Leeg laten: de ochtend na de bijeenkomst om 9:00."),
            time_label=N_("Bedankmail versturen om (tijd)"), time_help=N_("Leeg laten: 9:00."),
            description="ISO 8601. When the follow-up mail goes out; absent: 09:00 (event's zone) the day after "
                        "`ends_at`. Checked-in attendees get `follow_up`, confirmed ones who did not check in "
                        "`follow_up_missed`, each once."),
    Setting("materials", "links", default=(), widget="links", group="after", label=N_("Materiaal"),
            help=N_("Eén link per regel: eerst de titel, dan het adres. Bijvoorbeeld: Dia's https://www.gemeente.nl/dias.pdf"),
            description="Up to 10 links `{\"title\", \"url\"}` (https) sent in both follow-up mails."),
    Setting("proof_of_attendance", "boolean", default=False, widget="checkbox", group="after",
            label=N_("Deelnemers krijgen een bewijs van deelname"),
            help=N_("Alleen wie is ingecheckt. De link staat in de bedankmail en op hun eigen pagina."),
            description="Checked-in attendees get a proof of attendance (a page and a PDF with a verification link)."),
    Setting("evaluation_closes_at", "moment", widget="moment", group="after", input="evaluation_closes",
            label=N_("Evaluatie sluit op (datum)"), help=N_("Leeg laten: 14 dagen na de bijeenkomst."),
            time_label=N_("Evaluatie sluit om (tijd)"), time_help=N_("Leeg laten: 23:59."),
            description="ISO 8601, after `starts_at` (the evaluation opens then; else 400 `closes_before_start`). "
                        "Until then an attendee may answer and change the evaluation; absent: 14 days after `ends_at`."),
    Setting("evaluation_questions", "lines", default=(), widget="lines", group="after",
            label=N_("Eigen vragen in de evaluatie"),
            help=N_("Eén open vraag per regel, hoogstens 5. De evaluatie vraagt altijd al om een cijfer, "
                    "wat het nuttigst was en wat beter kan."),
            description="Up to 5 open questions (plain text, at most 300 characters each) asked after the "
                        "built-in score (1-10), `most_useful` and `could_be_better`."),
)


def by_name(name: str) -> Setting:
    return next(s for s in SETTINGS if s.name == name)


def in_group(group: str) -> list:
    """The settings the editor shows in fieldset ``group``, in declared order."""
    return [s for s in SETTINGS if s.widget and s.group == group]


def json_schema(setting: Setting, zones=()) -> dict:
    """The setting's member of the OpenAPI ``EventDefinition``."""
    schema = dict(KINDS[setting.kind])
    if setting.kind == "zone":
        schema["enum"] = sorted(zones)
    if setting.kind == "choice":
        schema["enum"] = [value for value, _ in setting.choices]
    if setting.minimum is not None:
        schema["minimum"] = setting.minimum
    if setting.maximum is not None:
        schema["maximum"] = setting.maximum
    if setting.default not in (None, ()):
        schema["default"] = list(setting.default) if isinstance(setting.default, tuple) else setting.default
    if setting.description:
        schema["description"] = setting.description
    return schema
