"""HTML pages for visitors and attendees, rendered from templates/pages/."""
from chalicelib import i18n, messages, templating, translations
from chalicelib.config import settings
from chalicelib.models import Event, Registration
from chalicelib.schema import attributes

COPY = {
    "nl": {"signup": "Aanmelden", "name": "Naam", "email": "E-mailadres", "required": "verplicht",
           "submit": "Aanmelden",
           "waitlist": "De bijeenkomst is vol. Meld je aan voor de wachtlijst: je schuift vanzelf door.",
           "full": "De bijeenkomst is vol.", "closed": "De aanmelding voor deze bijeenkomst is gesloten.",
           "errors": "Controleer deze velden:", "when": "Wanneer", "where": "Waar",
           "back": "Terug", "choose": "Kies…", "language": "Taal",
           "your_registration": "Je aanmelding", "status": "Status", "confirm": "Aanmelding bevestigen",
           "cancel": "Afmelden", "calendar": "Zet in je agenda (.ics)",
           "status_confirmed": "Je bent aangemeld. Tot dan!",
           "status_pending": "Bevestig je aanmelding om je plek te houden (tot {until}).",
           "status_waitlisted": "Je staat op de wachtlijst, op plek {position}. Komt er een plek vrij, dan schuif je vanzelf door en krijg je bericht.",
           "status_cancelled": "Je bent afgemeld.", "status_expired": "Je aanmelding is verlopen omdat hij niet op tijd is bevestigd.",
           "cancel_hint": "Kun je niet komen? Meld je af, dan komt je plek vrij voor iemand anders.",
           "cancel_hint_waitlist": "Kun je niet komen? Meld je af, dan gaat je plek naar iemand op de wachtlijst.",
           "cancel_hint_waitlisted": "Wil je niet meer op de wachtlijst staan? Meld je af.",
           "consent": "Toestemming",
           "done_confirmed": "Je aanmelding is bevestigd.", "done_cancelled": "Je afmelding is verwerkt."},
    "en": {"signup": "Sign up", "name": "Name", "email": "Email address", "required": "required",
           "submit": "Sign up",
           "waitlist": "The event is full. Join the waiting list: you move up automatically.",
           "full": "The event is full.", "closed": "Registration for this event is closed.",
           "errors": "Please check these fields:", "when": "When", "where": "Where",
           "back": "Back", "choose": "Choose…", "language": "Language",
           "your_registration": "Your registration", "status": "Status", "confirm": "Confirm registration",
           "cancel": "Cancel registration", "calendar": "Add to your calendar (.ics)",
           "status_confirmed": "You are signed up. See you there!",
           "status_pending": "Confirm your registration to keep your place (until {until}).",
           "status_waitlisted": "You are on the waiting list, at position {position}. When a place frees up you move up automatically and we let you know.",
           "status_cancelled": "Your registration is cancelled.", "status_expired": "Your registration expired because it was not confirmed in time.",
           "cancel_hint": "Can't make it? Cancel, and your place is freed for someone else.",
           "cancel_hint_waitlist": "Can't make it? Cancel, and your place goes to someone on the waiting list.",
           "cancel_hint_waitlisted": "No longer want to be on the waiting list? Cancel.",
           "consent": "Consent",
           "done_confirmed": "Your registration is confirmed.", "done_cancelled": "Your cancellation is done."},
}


# What browsers may fill a custom field with, by its name (HTML's autofill tokens).
AUTOCOMPLETE = {"organisation": "organization", "organization": "organization", "organisatie": "organization",
                "job_title": "organization-title", "functie": "organization-title",
                "phone": "tel", "telephone": "tel", "telefoon": "tel"}


def form(event: Event, locale: str, now, values: dict = None, errors: dict = None, alert: str = None) -> str:
    """The hosted signup form; after a failed post, ``values`` and ``errors`` refill it, and
    ``alert`` (an error code) says above it why the post did not go through."""
    messages_by_field = messages.field_messages(errors or {}, locale)
    return templating.render(
        "pages/form.html.j2", event=event, locale=locale, t=COPY[locale], _=translations.gettext(locale),
        **_event_context(event, locale),
        open=event.accepts_signups(now), action=f"{settings().public_base_url}/events/{event.id}/signups",
        values=values or {}, errors=messages_by_field, summary=error_summary(event, locale, messages_by_field),
        autocomplete={f.name: AUTOCOMPLETE[f.name.lower()] for f in event.fields if f.name.lower() in AUTOCOMPLETE},
        alert=messages.error_message(alert, locale) if alert else "", attributes=attributes.form_fields())


def error_summary(event: Event, locale: str, errors: dict) -> list:
    """``(field id, label, message)`` per bad field, in the order of the form; a field the
    form does not show comes last, with no id to link to."""
    t = COPY[locale]
    shown = [("name", t["name"]), ("email", t["email"])]
    shown += [(a.name, translations.gettext(locale)(a.label)) for a in attributes.form_fields()]
    shown += [(f.name, f.label_in(locale)) for f in event.fields]
    if event.consent_required:
        shown.append(("consent", t["consent"]))
    summary = [(name, label, errors[name]) for name, label in shown if name in errors]
    ids = {name for name, _ in shown}
    return summary + [(None, name, message) for name, message in errors.items() if name not in ids]


THANKS_STATUSES = ("confirmed", "waitlisted", "pending")


def thanks_url(event: Event, locale: str) -> str:
    """Our thank-you page for a form post (``status`` is added by ``redirects.with_status``)."""
    return f"{settings().public_base_url}/events/{event.id}/thanks?lang={locale}"


def thanks(event: Event, status: str, locale: str) -> str:
    """The thank-you page after a signup. ``status`` is what a newcomer would get, and a repeat
    signup sees the same page, so every sentence must be true for both (API.md, version 2)."""
    return templating.render("pages/thanks.html.j2", event=event, locale=locale, t=COPY[locale],
                             _=translations.gettext(locale), status=status if status in THANKS_STATUSES else "",
                             form_url=form_url(event, locale), **_event_context(event, locale))


def form_url(event: Event, locale: str) -> str:
    """The hosted form in ``locale`` (the event's first language needs no ``?lang``)."""
    url = f"{settings().public_base_url}/events/{event.id}/form"
    return url if locale == event.locales[0] else f"{url}?lang={locale}"


def registration(event: Event, reg: Registration, token: str, *, position: int = None, done: str = None) -> str:
    """The attendee page: event, status, and the actions ("Afmelden" first asks, on its own page)."""
    locale = event.locale_or_default(reg.locale)
    t = COPY[locale]
    until = i18n.format_datetime(reg.hold_until, event.timezone, locale) if reg.hold_until else ""
    base = registration_url(token)
    lang = "?lang=en" if locale == "en" else ""     # a refusal (409) answers in the page's language too
    return templating.render(
        "pages/registration.html.j2", event=event, locale=locale, t=t, registration=reg,
        status_text=t.get("status_" + reg.status, reg.status).format(position=position, until=until),
        done=t["done_" + done] if done else "", confirm_url=base + "/confirm" + lang, cancel_url=base + "/cancel",
        calendar_url=base + "/calendar.ics", checkin_qr=_checkin_qr(event, reg, locale), **_event_context(event, locale))


def registration_url(token: str) -> str:
    return f"{settings().public_base_url}/registrations/{token}"


def cancel_question(event: Event, reg: Registration, token: str) -> str:
    """"Afmelden?": the step between the attendee page's button and the cancel itself."""
    locale = event.locale_or_default(reg.locale)
    return templating.render(
        "pages/cancel.html.j2", event=event, locale=locale, t=COPY[locale], _=translations.gettext(locale),
        registration=reg, cancel_url=f"{registration_url(token)}/cancel?lang={locale}",
        back_url=registration_url(token), **_event_context(event, locale))


def _checkin_qr(event, reg, locale):
    """The inline SVG QR code of a seated registration's check-in link, else ""."""
    from markupsafe import Markup
    from chalicelib import checkin
    if reg.status not in ("confirmed", "pending"):
        return ""
    title = "QR code to check in at the door" if locale == "en" else "QR-code om in te checken bij de deur"
    return Markup(checkin.qr_svg(checkin.checkin_url(event.id, reg.id), title))  # nosec B704  # segno builds the SVG and escapes the title; the URL is only encoded as modules


def error(code: str, locale: str, back_url: str = None, *, back_to: str = "form", retry_after: int = None) -> str:
    """An error page: what happened, what to do, and a link back. ``back_url`` (the form's page,
    or the attendee page) is linked only if it is http(s); ``back_to`` names it ("form" or
    "registration"); ``retry_after`` (seconds) says how long to wait (429, 503)."""
    if not (back_url or "").startswith(("https://", "http://")):
        back_url = None
    return templating.render("pages/error.html.j2", locale=locale, t=COPY[locale], _=translations.gettext(locale),
                             n_=translations.ngettext(locale), code=code, retry_after=retry_after,
                             message=messages.error_message(code, locale), back_url=back_url,
                             back_to=back_to)


def _event_context(event, locale):
    return {"title": event.text("title", locale), "period": i18n.format_period(event, locale),
            "location": event.text("location", locale), "description": event.text("description", locale)}
