"""What an error answer says to a person: what happened and what to do, per field.

Validation errors carry a message *key* per field; every other error a code. This module turns
them into sentences in the request's language. The sentences are Dutch msgids of the one
catalog (``chalicelib.translations``); ``N_`` only marks them, so ``make messages`` finds them
and tests/test_translations.py checks each has its English.
"""
from chalicelib import translations


def N_(text: str) -> str:
    """Marks a Dutch sentence as a msgid; it is translated where it is shown."""
    return text


# a key for any field (the field's own sentence, below, comes first)
FIELD_MESSAGES = {
    "required": N_("Vul dit veld in."),
    "too_long": N_("Dit is te lang. Maak het korter."),
    "control_chars": N_("Hier staan tekens die niet mogen. Haal ze weg."),
    "web_address": N_("Een naam mag niet op een webadres lijken. Haal het adres weg, of zet een spatie na elke punt."),
    "invalid_email": N_("Vul een e-mailadres in, bijvoorbeeld naam@gemeente.nl."),
    "consent_required": N_("Geef toestemming om je aan te melden."),
    "invalid_choice": N_("Kies een van de mogelijkheden."),
    "invalid_locale": N_("Kies Nederlands of Engels."),
    "invalid": N_("Dit klopt niet. Kijk het na en verbeter het."),
    "invalid_role": N_("Kies een rol."),     # the team page (chalicelib.membership)
    "already_member": N_("Dit adres hoort al bij het team."),
    "not_door": N_("Bijeenkomsten kiezen kan alleen voor iemand met de rol Deur."),
    # a webhook's address and choices (chalicelib.webhooks)
    "webhook_url": N_("Vul een webadres in dat begint met https://, bijvoorbeeld https://example.org/webhook."),
    "webhook_unknown": N_("We vinden dit adres niet op internet. Kijk of je het goed hebt getypt."),
    "webhook_private": N_("Dit adres is niet openbaar op internet. Kies een openbaar adres."),
    "webhook_too_many": N_("Je hebt al 10 webhooks. Haal er eerst een weg."),
    "webhook_events": N_("Kies minstens één bericht."),
    "not_member": N_("Dit adres hoort niet bij het team."),
    "last_beheerder": N_("Het team heeft minstens één beheerder nodig. Maak eerst iemand anders beheerder."),
    "invalid_timezone": N_("Kies een tijdzone."),
    "invalid_datetime": N_("Vul een datum en tijd in, bijvoorbeeld 9-12-2026 13.00 uur."),
    "end_before_start": N_("Het einde moet na het begin liggen. Verbeter de tijden."),
    "closes_before_start": N_("De evaluatie gaat open bij het begin van de bijeenkomst. Laat haar daarna sluiten."),
    "positive_integer": N_("Vul een heel getal in dat groter is dan 0."),
    "boolean": N_("Kies ja of nee."),
    "invalid_domain": N_("Vul domeinen in zoals minienw.nl of *.rijksoverheid.nl, één per regel."),
    "invalid_origin": N_("Vul webadressen in zoals https://www.voorbeeld.nl, één per regel."),
    "unknown_organisation": N_("Deze organisatie bestaat niet. Kies een andere."),
    "unknown_field": N_("Deze kolom bestaat niet. Kies een kolom uit de lijst."),
    "reserved_name": N_("Deze naam is al van een vaste kolom. Kies een andere."),
    # the event editor and the organiser pages
    "invalid_date": N_("Vul een datum in, bijvoorbeeld 9-12-2026."),
    "invalid_time": N_("Vul een tijd in, bijvoorbeeld 13.00."),
    "invalid_event_id": N_("Gebruik alleen letters, cijfers en streepjes (-), zonder spaties. "
                           "Begin met een letter of cijfer."),
    "id_taken": N_("Deze naam is al in gebruik. Kies een andere."),
    "has_signups": N_("Er heeft zich al iemand aangemeld. Daarom blijft de naam in de link zoals hij is."),
    "invalid_field_name": N_("Gebruik kleine letters, cijfers en _. Begin met een letter."),
    "field_name_taken": N_("Deze kolomnaam is al in gebruik. Kies een andere."),
    "options_required": N_("Zet de keuzes onder elkaar, één per regel."),
    "buddies_sent": N_("De groepjes hebben hun e-mail al gekregen. Ze veranderen niet meer."),
    "buddies_none": N_("Er is nog geen groepje van twee of meer mensen."),
    "not_matchable": N_("Maatjesgroepjes maak je alleen op een keuzelijst."),
    "not_shareable": N_("Alleen een antwoord in tekst of uit een keuzelijst kan op de deelnemerslijst."),
    "invalid_url": N_("Vul een webadres in zoals https://www.voorbeeld.nl."),
    "thank_you_url_origin": N_("Dit adres moet op een website staan die het formulier mag gebruiken "
                               "(Websites met het formulier)."),
    "choose_events": N_("Kies minstens één bijeenkomst."),
    "events_of_one_organisation": N_("Kies bijeenkomsten van één organisatie."),
    "invalid_expiry": N_("Kies hoe lang de sleutel geldig is."),
    "expiry_too_long": N_("Een sleutel werkt hooguit een jaar. Kies 30 dagen, 90 dagen of een jaar."),
    "reminder_hours": N_("Vul hele uren in, gescheiden door komma's, zoals 24, 2. Hoogstens drie, elk van 1 tot 720."),
    # the organisation's settings (chalicelib.organisation_settings)
    "https_url": N_("Vul een webadres in dat begint met https://, zoals https://www.gemeente.nl/privacy."),
    "invalid_colour": N_("Vul een kleur in als # met zes tekens, zoals #1d5c3f."),
    "low_contrast": N_("Deze kleur is te licht. Witte tekst is erop slecht te lezen. Kies een donkerdere kleur."),
    "retention_days": N_("Vul een aantal dagen in van 1 tot en met 3650."),
    "logo_type": N_("Kies een PNG- of SVG-bestand."),
    "logo_too_big": N_("Dit bestand is te groot. Kies een logo van hoogstens 200 kB."),
    "logo_unsafe": N_("Dit SVG-bestand bevat scripts of links naar buiten. Kies een ander bestand."),
    "invalid_link": N_("Zet op elke regel een titel en dan een adres dat begint met https://."),
    "invalid_score": N_("Kies een cijfer van 1 tot en met 10."),
    # the programme (chalicelib.programme): its definition, and a signup's choice of sessions
    "duplicate": N_("Deze code komt al voor in het programma. Kies een andere."),
    "too_many_sessions": N_("Een programma heeft hoogstens 40 sessies."),
    "unknown_session": N_("Deze sessie bestaat niet. Kies een sessie uit de lijst."),
    "one_per_round": N_("Kies hoogstens één sessie per ronde."),
    "other_round": N_("Deze sessie hoort bij een andere ronde. Kies een sessie uit deze ronde."),
    "session_full": N_("Deze sessie is vol. Kies een andere sessie."),
    "attendance_full": N_("Hier is geen plek meer. Kies de andere mogelijkheid."),
    "session_in_use": N_("Er zijn deelnemers die een sessie kozen die je weghaalt. Laat die sessie staan."),
}

# a field's own sentence for a key: (field name, key) -> msgid
FIELD_OWN_MESSAGES = {
    ("name", "required"): N_("Vul je naam in."),
    ("email", "required"): N_("Vul je e-mailadres in, bijvoorbeeld naam@gemeente.nl."),
    ("email", "invalid_email"): N_("Vul je e-mailadres in, bijvoorbeeld naam@gemeente.nl."),
    ("email", "email_domain"): N_("Deze bijeenkomst is alleen voor e-mailadressen van bepaalde organisaties. "
                                  "Gebruik je e-mailadres van het werk."),
}

# code -> (what happened, what to do)
ERROR_MESSAGES = {
    "validation_failed": (N_("Er ontbreekt iets of er klopt iets niet."), N_("Verbeter de gemarkeerde velden.")),
    "event_not_found": (N_("Deze bijeenkomst bestaat niet."), N_("Kijk of het adres klopt.")),
    "registration_not_found": (N_("Deze aanmelding bestaat niet."),
                               N_("Gebruik de link in de nieuwste e-mail over je aanmelding.")),
    "session_full": (N_("Een sessie die je koos is vol."), N_("Kies een andere sessie.")),
    "changes_closed": (N_("Je keuze veranderen kan niet meer."), N_("Neem contact op met de organisator.")),
    "event_full": (N_("De bijeenkomst is vol."), N_("Wil je toch komen? Neem dan contact op met de organisator.")),
    "registration_closed": (N_("Aanmelden voor deze bijeenkomst kan niet meer."),
                            N_("Wil je toch komen? Neem dan contact op met de organisator.")),
    "hold_lapsed": (N_("De tijd om deze aanmelding te bevestigen is voorbij."),
                    N_("Meld je opnieuw aan als je nog wilt komen.")),
    "registration_cancelled": (N_("Deze aanmelding is afgemeld. Je kunt hem niet meer bevestigen."),
                               N_("Meld je opnieuw aan als je toch wilt komen.")),
    "payload_too_large": (N_("Het formulier is te groot."), N_("Maak je antwoorden korter en probeer het opnieuw.")),
    "unsupported_media_type": (N_("Het formulier kwam aan in een vorm die we niet kennen."), N_("Probeer het opnieuw.")),
    "bad_request": (N_("We konden het formulier niet lezen."), N_("Probeer het opnieuw.")),
    "rate_limited": (N_("Er komen nu veel aanmeldingen tegelijk binnen."),
                     N_("Wacht een minuut en probeer het opnieuw.")),
    "unauthorized": (N_("Je bent niet ingelogd."), N_("Log in en probeer het opnieuw.")),
    "invitation_required": (N_("Voor deze bijeenkomst heb je een uitnodiging nodig."),
                            N_("Gebruik de link uit je uitnodiging. Heb je geen uitnodiging? Neem dan contact op met de organisator.")),
    "forbidden": (N_("Je hebt hier geen toegang."), N_("Denk je dat dit niet klopt? Neem dan contact op met de organisator.")),
    "not_found": (N_("Deze pagina bestaat niet."), N_("Kijk of het adres klopt.")),
    "invalid_token": (N_("Deze link werkt niet meer."),
                      N_("Gebruik de link in de nieuwste e-mail die je van ons kreeg.")),
    "method_not_allowed": (N_("Dat kan hier niet."), N_("Ga terug en probeer het opnieuw.")),
    "conflict": (N_("Het is even erg druk."), N_("Probeer het over een paar seconden opnieuw.")),
    "service_unavailable": (N_("Er ging bij ons iets mis."), N_("Probeer het over een minuut opnieuw.")),
    # API Gateway's own answer when the function took longer than its 29 s (.chalice/resources.json)
    "gateway_timeout": (N_("Dat duurde te lang. Misschien is het toch gelukt."),
                        N_("Kijk over een minuut in je mailbox, of probeer het opnieuw.")),
    "not_acceptable": (N_("Deze pagina kunnen we niet zo laten zien."), N_("Open de pagina in je browser.")),
    "already_registered": (N_("Dit e-mailadres is al aangemeld voor deze bijeenkomst."),
                           N_("Kijk in je mailbox voor de bevestiging.")),
    "event_exists": (N_("Er is al een bijeenkomst met deze naam."), N_("Kies een andere naam.")),
    "not_seated": (N_("Deze aanmelding heeft geen plek: afgemeld, verlopen of op de wachtlijst."),
                   N_("Inchecken kan daarom niet.")),
    # the per-event daily cap on organiser messages (the event setting messages_per_day)
    "messages_per_day": (N_("Vandaag zijn al genoeg berichten voor deze bijeenkomst verstuurd. Het maximum is {n} per dag."),
                         N_("Morgen kun je weer een bericht sturen.")),
    "evaluation_closed": (N_("De evaluatie is gesloten."), N_("Je kunt je antwoorden niet meer veranderen.")),
    # an attendee's own answers (chalicelib.changes)
    "answers_closed": (N_("Je gegevens wijzigen kan niet meer. De organisator heeft dat gesloten."),
                       N_("Moet er toch iets veranderen? Neem dan contact op met de organisator.")),
    "not_changeable": (N_("Deze aanmelding is afgemeld of verlopen. Je gegevens wijzigen kan niet meer."),
                       N_("Meld je opnieuw aan als je toch wilt komen.")),
}


def field_message(key: str, locale: str, field: str = "") -> str:
    """The sentence for ``field`` (its own, else the key's) in ``locale``."""
    msgid = FIELD_OWN_MESSAGES.get((field, key)) or FIELD_MESSAGES.get(key, FIELD_MESSAGES["invalid"])
    return translations.gettext(locale)(msgid)


def field_messages(fields: dict, locale: str) -> dict:
    return {name: field_message(key, locale, name) for name, key in fields.items()}


def what_happened(code: str, locale: str, **values) -> str:
    return translations.gettext(locale)(ERROR_MESSAGES.get(code, ERROR_MESSAGES["bad_request"])[0], **values)


def what_to_do(code: str, locale: str, retry_after: int = None) -> str:
    """What to do next; with ``retry_after`` (seconds, from Retry-After), how long to wait."""
    if retry_after:
        return wait(retry_after, locale)
    return translations.gettext(locale)(ERROR_MESSAGES.get(code, ERROR_MESSAGES["bad_request"])[1])


def error_message(code: str, locale: str, retry_after: int = None, **values) -> str:
    """What happened and what to do, e.g. "Er komen nu veel aanmeldingen tegelijk binnen. Wacht
    een minuut en probeer het opnieuw." (an unknown code reads as ``bad_request``); ``values``
    fill what happened ("{n} berichten")."""
    return f"{what_happened(code, locale, **values)} {what_to_do(code, locale, retry_after)}"


def wait(seconds: int, locale: str) -> str:
    """"Wacht 30 seconden en probeer het opnieuw."; from two minutes on, in minutes."""
    _, n_ = translations.gettext(locale), translations.ngettext(locale)
    if seconds < 120:
        return n_("Wacht {n} seconde en probeer het opnieuw.", "Wacht {n} seconden en probeer het opnieuw.", seconds)
    return _("Wacht {n} minuten en probeer het opnieuw.", n=(seconds + 59) // 60)
