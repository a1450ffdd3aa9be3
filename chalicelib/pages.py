"""HTML pages for visitors and attendees, rendered from templates/pages/."""
from chalicelib import i18n, messages, templating
from chalicelib.config import settings
from chalicelib.models import Event, Registration

COPY = {
    "nl": {"signup": "Aanmelden", "name": "Naam", "email": "E-mailadres", "required": "verplicht",
           "submit": "Aanmelden", "spots_left": "Nog {n} plaatsen beschikbaar.",
           "waitlist": "De bijeenkomst is vol. Meld je aan voor de wachtlijst: je schuift vanzelf door.",
           "full": "De bijeenkomst is vol.", "closed": "De aanmelding voor deze bijeenkomst is gesloten.",
           "errors": "Controleer de gemarkeerde velden.", "when": "Wanneer", "where": "Waar",
           "back": "Terug", "choose": "Kies…", "language": "Taal",
           "thanks_confirmed": "Bedankt, je bent aangemeld!",
           "thanks_waitlisted": "Je staat op de wachtlijst.",
           "thanks_pending": "Bijna klaar: bevestig je aanmelding via de link in je e-mail.",
           "thanks_mail": "Je ontvangt een bevestiging per e-mail.",
           "error_title": "Dat lukte niet"},
    "en": {"signup": "Sign up", "name": "Name", "email": "Email address", "required": "required",
           "submit": "Sign up", "spots_left": "{n} places left.",
           "waitlist": "The event is full. Join the waiting list: you move up automatically.",
           "full": "The event is full.", "closed": "Registration for this event is closed.",
           "errors": "Please check the marked fields.", "when": "When", "where": "Where",
           "back": "Back", "choose": "Choose…", "language": "Language",
           "thanks_confirmed": "Thank you, you are signed up!",
           "thanks_waitlisted": "You are on the waiting list.",
           "thanks_pending": "Almost done: confirm your signup with the link in your email.",
           "thanks_mail": "You will receive a confirmation by email.",
           "error_title": "That did not work"},
}


def form(event: Event, locale: str, now, values: dict = None, errors: dict = None) -> str:
    """The hosted signup form; after a failed post, ``values`` and ``errors`` refill it."""
    return templating.render(
        "pages/form.html.j2", event=event, locale=locale, t=COPY[locale], **_event_context(event, locale),
        open=event.accepts_signups(now), action=f"{settings().public_base_url}/events/{event.id}/signups",
        values=values or {}, errors=messages.field_messages(errors or {}, locale))


def thanks(event: Event, registration: Registration, locale: str) -> str:
    return templating.render("pages/thanks.html.j2", event=event, locale=locale, t=COPY[locale],
                             registration=registration, **_event_context(event, locale))


def error(code: str, locale: str, back_url: str = None) -> str:
    return templating.render("pages/error.html.j2", locale=locale, t=COPY[locale],
                             message=messages.error_message(code, locale), back_url=back_url)


def _event_context(event, locale):
    return {"title": event.text("title", locale), "period": i18n.format_period(event, locale),
            "location": event.text("location", locale), "description": event.text("description", locale)}
