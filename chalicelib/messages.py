"""User-facing copy for error answers, in Dutch and English.

Validation errors carry a message *key* per field; this module turns keys into
sentences in the request's locale.
"""
from chalicelib.models import localized

FIELD_MESSAGES = {
    "required": {"nl": "Dit veld is verplicht.", "en": "This field is required."},
    "too_long": {"nl": "Dit veld is te lang.", "en": "This field is too long."},
    "control_chars": {"nl": "Dit veld bevat ongeldige tekens.",
                      "en": "This field contains characters that are not allowed."},
    "web_address": {"nl": "Een naam mag geen webadres of domeinnaam bevatten.",
                    "en": "A name may not contain a web address or domain name."},
    "invalid_email": {"nl": "Vul een geldig e-mailadres in.", "en": "Enter a valid email address."},
    "consent_required": {"nl": "Geef toestemming om je aan te melden.",
                         "en": "Give your consent to sign up."},
    "invalid_choice": {"nl": "Kies een van de opties.", "en": "Choose one of the options."},
    "invalid_locale": {"nl": "Deze taal wordt niet ondersteund.", "en": "This language is not supported."},
    "invalid": {"nl": "Deze waarde is ongeldig.", "en": "This value is not valid."},
    "invalid_timezone": {"nl": "Kies een tijdzone.", "en": "Choose a time zone."},
    "invalid_datetime": {"nl": "Vul een geldige datum en tijd in.", "en": "Enter a valid date and time."},
    "end_before_start": {"nl": "Het einde moet na het begin liggen.", "en": "The end must be after the start."},
    "positive_integer": {"nl": "Vul een heel getal groter dan 0 in.", "en": "Enter a whole number above 0."},
    "boolean": {"nl": "Moet true of false zijn.", "en": "Must be true or false."},
    "invalid_origin": {"nl": "Vul webadressen in zoals https://www.voorbeeld.nl, één per regel.",
                       "en": "Enter web addresses such as https://www.example.org, one per line."},
    "unknown_organisation": {"nl": "Deze organisatie bestaat niet.", "en": "This organisation does not exist."},
    "unknown_field": {"nl": "Onbekende kolom.", "en": "Unknown column."},
    "reserved_name": {"nl": "Deze naam is al van een vaste kolom; kies een andere.",
                      "en": "This name belongs to a standard column; choose another."},
    # the event editor and the organiser pages
    "invalid_date": {"nl": "Vul een datum in, bijvoorbeeld 9-12-2026.", "en": "Enter a date, for example 9/12/2026."},
    "invalid_time": {"nl": "Vul een tijd in, bijvoorbeeld 13:00.", "en": "Enter a time, for example 13:00."},
    "invalid_event_id": {"nl": "Gebruik alleen letters, cijfers en streepjes (-), zonder spaties; begin met een letter of cijfer.",
                         "en": "Use only letters, digits and hyphens (-), without spaces; start with a letter or digit."},
    "id_taken": {"nl": "Deze naam is al in gebruik. Kies een andere.", "en": "This name is already in use. Choose another."},
    "has_signups": {"nl": "Er heeft zich al iemand aangemeld. Daarom blijft de naam in de link zoals hij is.",
                    "en": "Someone has already signed up, so the name in the link stays as it is."},
    "invalid_field_name": {"nl": "Gebruik kleine letters, cijfers en _, en begin met een letter.",
                           "en": "Use lower-case letters, digits and _, starting with a letter."},
    "field_name_taken": {"nl": "Deze kolomnaam is al in gebruik. Kies een andere.",
                         "en": "This column name is already in use. Choose another."},
    "options_required": {"nl": "Zet de keuzes onder elkaar, één per regel.", "en": "Enter the choices, one per line."},
    "invalid_url": {"nl": "Vul een webadres in zoals https://www.voorbeeld.nl.",
                    "en": "Enter a web address such as https://www.example.org."},
    "thank_you_url_origin": {"nl": "Dit adres moet op een website staan die het formulier mag gebruiken "
                                   "(Websites met het formulier).",
                             "en": "This address must be on a website that may use the form "
                                   "(Websites with the form)."},
    "choose_events": {"nl": "Kies minstens één bijeenkomst.", "en": "Choose at least one event."},
    "events_of_one_organisation": {"nl": "Kies bijeenkomsten van één organisatie.",
                                   "en": "Choose events of one organisation."},
    "invalid_expiry": {"nl": "Kies hoe lang de sleutel geldig is.", "en": "Choose how long the key is valid."},
}

ERROR_MESSAGES = {
    "validation_failed": {"nl": "Controleer de gemarkeerde velden.", "en": "Please check the marked fields."},
    "event_not_found": {"nl": "Deze bijeenkomst bestaat niet.", "en": "This event does not exist."},
    "registration_not_found": {"nl": "Deze aanmelding bestaat niet.", "en": "This registration does not exist."},
    "event_full": {"nl": "De bijeenkomst is vol.", "en": "The event is full."},
    "registration_closed": {"nl": "De aanmelding is gesloten.", "en": "Registration is closed."},
    "hold_lapsed": {"nl": "De tijd om deze aanmelding te bevestigen is verstreken. "
                          "Meld je opnieuw aan als je nog wilt komen.",
                    "en": "The time to confirm this registration has run out. "
                          "Sign up again if you would still like to come."},
    "registration_cancelled": {"nl": "Deze aanmelding is geannuleerd en kan niet meer worden bevestigd. "
                                     "Meld je opnieuw aan als je toch wilt komen.",
                               "en": "This registration was cancelled and can no longer be confirmed. "
                                     "Sign up again if you would like to come after all."},
    "payload_too_large": {"nl": "Het formulier is te groot (maximaal 16 KiB).",
                          "en": "The form is too large (at most 16 KiB)."},
    "unsupported_media_type": {"nl": "Stuur JSON of een formulier.", "en": "Send JSON or a form."},
    "bad_request": {"nl": "Het verzoek kon niet worden gelezen.", "en": "The request could not be read."},
    "rate_limited": {"nl": "Te veel aanmeldingen, probeer het zo opnieuw.",
                     "en": "Too many signups, please try again shortly."},
    "unauthorized": {"nl": "Inloggen vereist.", "en": "Authentication required."},
    "forbidden": {"nl": "Geen toegang.", "en": "Access denied."},
    "not_found": {"nl": "Niet gevonden.", "en": "Not found."},
    "invalid_token": {"nl": "Deze link is ongeldig of verlopen.", "en": "This link is invalid or has expired."},
    "method_not_allowed": {"nl": "Deze methode wordt hier niet ondersteund.",
                           "en": "This method is not supported here."},
    "conflict": {"nl": "Het is even erg druk. Probeer het zo opnieuw.",
                 "en": "It is very busy right now. Please try again in a moment."},
    "service_unavailable": {"nl": "Er ging bij ons iets mis; probeer het over een minuut opnieuw.",
                            "en": "Something went wrong on our side; please try again in a minute."},
    # API Gateway's own answer when the function took longer than its 29 s (.chalice/resources.json)
    "gateway_timeout": {"nl": "Dat duurde te lang. Misschien is het gelukt: kijk over een minuut in je mailbox, "
                              "of probeer het opnieuw.",
                        "en": "That took too long. It may have worked: check your mailbox in a minute, "
                              "or try again."},
    "not_acceptable": {"nl": "Dit formaat wordt niet ondersteund.", "en": "This format is not supported."},
    "already_registered": {"nl": "Dit e-mailadres is al aangemeld voor deze bijeenkomst.",
                           "en": "This email address is already registered for this event."},
    "event_exists": {"nl": "Er is al een bijeenkomst met deze naam. Kies een andere.",
                     "en": "There is already an event with this name. Choose another."},
    "not_seated": {"nl": "Deze aanmelding heeft geen plaats (afgemeld, verlopen of op de wachtlijst) en kan niet "
                         "inchecken.",
                   "en": "This registration holds no seat (cancelled, expired or waiting) and cannot check in."},
}


def field_message(key: str, locale: str) -> str:
    return localized(FIELD_MESSAGES.get(key, FIELD_MESSAGES["invalid"]), locale)


def error_message(code: str, locale: str) -> str:
    return localized(ERROR_MESSAGES.get(code, ERROR_MESSAGES["bad_request"]), locale)


def field_messages(fields: dict, locale: str) -> dict:
    return {name: field_message(key, locale) for name, key in fields.items()}
