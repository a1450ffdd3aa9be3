"""HTML pages for visitors and attendees, rendered from templates/pages/."""
from chalicelib import error_copy, i18n, invitations, programme, templating, translations
from chalicelib.error_copy import N_
from chalicelib.config import settings
from chalicelib.models import Event, Registration
from chalicelib.schema import attributes

# The attendee page's status sentence per status (Dutch msgids; ``_`` fills in {position} and {until}).
STATUS_TEXT = {
    "confirmed": N_("Je bent aangemeld. Tot dan!"),
    "pending": N_("Bevestig je aanmelding om je plek te houden (tot {until})."),
    "waitlisted": N_("Je staat op de wachtlijst: je bent nummer {position}. Komt er een plek voor je vrij, dan krijg je een e-mail."),
    "cancelled": N_("Je bent afgemeld."),
    "expired": N_("Je aanmelding is verlopen omdat hij niet op tijd is bevestigd."),
}
DONE_TEXT = {"confirmed": N_("Je aanmelding is bevestigd."), "cancelled": N_("Je afmelding is verwerkt."),
             "buddies_on": N_("Je doet mee met de maatjes. Na de bijeenkomst krijg je een e-mail met je groepje."),
             "buddies_off": N_("Je doet niet meer mee met de maatjes."),
             "answers": N_("Je gegevens zijn opgeslagen."),
             "switched": N_("Je keuze is veranderd.")}


# What browsers may fill a custom field with, by its name (HTML's autofill tokens).
AUTOCOMPLETE = {"organisation": "organization", "organization": "organization", "organisatie": "organization",
                "job_title": "organization-title", "functie": "organization-title",
                "phone": "tel", "telephone": "tel", "telefoon": "tel"}


def form(event: Event, locale: str, now, values: dict = None, errors: dict = None, alert: str = None) -> str:
    """The hosted signup form; after a failed post, ``values`` and ``errors`` refill it, and
    ``alert`` (an error code) says above it why the post did not go through."""
    messages_by_field = error_copy.field_messages(errors or {}, locale)
    return templating.render(
        "pages/form.html.j2", event=event, locale=locale,
        **_event_context(event, locale),
        open=event.accepts_signups(now), availability=event.availability(now), action=f"{settings().public_base_url}/events/{event.id}/signups",
        values=values or {}, errors=messages_by_field, summary=error_summary(event, locale, messages_by_field),
        autocomplete=_autocomplete(event),
        alert=error_copy.error_message(alert, locale) if alert else "", attributes=attributes.form_fields(),
        invited=invitations.admits(event, (values or {}).get(invitations.FIELD)),
        rounds=programme.rounds_for(event, None, locale), attendance=programme.attendance_for(event, locale))


def error_summary(event: Event, locale: str, errors: dict) -> list:
    """``(field id, label, message)`` per bad field, in the order of the form; a field the
    form does not show comes last, with no id to link to."""
    _ = translations.gettext(locale)
    shown = [("name", _("Naam")), ("email", _("E-mailadres"))]
    shown += [(a.name, _(a.label)) for a in attributes.form_fields()]
    shown += [(f.name, f.label_in(locale)) for f in event.fields]
    shown += [("attendance", _("Hoe doe je mee?"))] if event.online else []
    shown += [(r.field, r.text("title", locale)) for r in event.programme]
    shown += [("sessions", _("Sessies"))] if event.programme else []
    if event.consent_required:
        shown.append(("consent", _("Toestemming")))
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
    return templating.render("pages/thanks.html.j2", event=event, locale=locale, status=status if status in THANKS_STATUSES else "",
                             form_url=form_url(event, locale), **_event_context(event, locale))


def form_url(event: Event, locale: str) -> str:
    """The hosted form in ``locale`` (the event's first language needs no ``?lang``)."""
    url = f"{settings().public_base_url}/events/{event.id}/form"
    return url if locale == event.locales[0] else f"{url}?lang={locale}"


def registration(event: Event, reg: Registration, token: str, *, position: int = None, done: str = None) -> str:
    """The attendee page: event, status, and the actions ("Afmelden" first asks, on its own page)."""
    from chalicelib import buddies, participants
    locale = event.locale_or_default(reg.locale)
    _ = translations.gettext(locale)
    until = i18n.format_datetime(reg.hold_until, event.timezone, locale) if reg.hold_until else ""
    base = registration_url(token)
    lang = "" if locale == "nl" else f"?lang={locale}"      # a refusal (409) answers in the page's language too
    return templating.render(
        "pages/registration.html.j2", event=event, locale=locale, registration=reg,
        status_text=_(STATUS_TEXT[reg.status], position=position, until=until) if reg.status in STATUS_TEXT else reg.status,
        done=_(DONE_TEXT[done]) if done else "", confirm_url=base + "/confirm" + lang, cancel_url=base + "/cancel",
        calendar_url=base + "/calendar.ics", checkin_qr=_checkin_qr(event, reg, locale),
        participant_list=base + "/participants" if participants.offered(event, reg) else None,
        buddies={"url": base + "/buddies", "on": buddies.opted_in(reg)} if buddies.offered(event, reg) else None,
        own=_own_answers(event, reg, base, locale),
        **_programme_context(event, reg, locale, base + "/sessions" + lang),
        **_event_context(event, locale), **_after_links(event, reg))


def _programme_context(event, reg, locale, switch_url) -> dict:
    """The attendee page's programme (chalicelib.programme): the choices, the switch forms until the
    deadline, how the person takes part, and (confirmed online) the join link."""
    from datetime import datetime, timezone
    from chalicelib import programme
    _ = translations.gettext(locale)
    how = programme.attendance(reg)
    open_now = event.changes_open(datetime.now(timezone.utc))
    return {"rounds": programme.rounds_for(event, reg, locale), "switch_url": switch_url,
            "changes_until": i18n.format_datetime(event.changes_close, event.timezone, locale) if open_now else "",
            "attendance_text": _(programme.ATTENDANCE_TEXT[how]) if how else "",
            "join_url": programme.join_url(event, reg)}


def _own_answers(event, reg, base, locale) -> dict:
    """The person's answers as the attendee page shows them, and until when they may change them."""
    from datetime import datetime, timezone
    from chalicelib import changes
    if reg.status not in ("confirmed", "pending", "waitlisted"):
        return {}
    shown = [(f.label_in(locale), reg.answers.get(f.name)) for f in event.fields if f.type != "checkbox"]
    return {"answers": [(label, value) for label, value in shown if value],
            "open": changes.is_open(event, reg, datetime.now(timezone.utc)), "url": base + "/answers",
            "until": i18n.format_datetime(changes.closes_at(event), event.timezone, locale)}


def answers(event: Event, reg: Registration, token: str, *, values: dict = None, errors: dict = None) -> str:
    """"Gegevens wijzigen": the name and the event's questions, filled in as stored (chalicelib.changes);
    after a refused post, ``values`` and ``errors`` (message keys) refill it."""
    from chalicelib import changes
    locale = event.locale_or_default(reg.locale)
    messages_by_field = error_copy.field_messages(errors or {}, locale)
    return templating.render(
        "pages/answers.html.j2", event=event, locale=locale, registration=reg,
        values=changes.current(event, reg) if values is None else values, errors=messages_by_field,
        summary=error_summary(event, locale, messages_by_field), action=registration_url(token) + "/answers",
        back_url=registration_url(token), autocomplete=_autocomplete(event),
        until=i18n.format_datetime(changes.closes_at(event), event.timezone, locale), **_event_context(event, locale))


def _autocomplete(event) -> dict:
    return {f.name: AUTOCOMPLETE[f.name.lower()] for f in event.fields if f.name.lower() in AUTOCOMPLETE}


def _after_links(event, reg) -> dict:
    """After the meeting (chalicelib.after): the proof and the evaluation, for who checked in."""
    from datetime import datetime, timezone
    from chalicelib import after
    out = {"proof_url": after.proof_url(event.id, reg.id) if after.has_proof(event, reg) else ""}
    open_now = reg.status == "confirmed" and reg.checked_in_at and after.is_open(event, datetime.now(timezone.utc))
    out["evaluation_url"] = after.evaluation_url(event.id, reg.id) if open_now else ""
    return out


def registration_url(token: str) -> str:
    return f"{settings().public_base_url}/registrations/{token}"


def cancel_question(event: Event, reg: Registration, token: str) -> str:
    """"Afmelden?": the step between the attendee page's button and the cancel itself."""
    locale = event.locale_or_default(reg.locale)
    return templating.render(
        "pages/cancel.html.j2", event=event, locale=locale,
        registration=reg, cancel_url=f"{registration_url(token)}/cancel?lang={locale}",
        back_url=registration_url(token), **_event_context(event, locale))


def _checkin_qr(event, reg, locale):
    """The inline SVG QR code of a seated registration's check-in link, else ""."""
    from markupsafe import Markup
    from chalicelib import checkin
    if reg.status not in ("confirmed", "pending"):
        return ""
    _ = translations.gettext(locale)
    title = _("QR-code om in te checken bij de deur")
    return Markup(checkin.qr_svg(checkin.checkin_url(event.id, reg.id), title))  # nosec B704  # segno builds the SVG and escapes the title; the URL is only encoded as modules


def error(code: str, locale: str, back_url: str = None, *, back_to: str = "form", retry_after: int = None) -> str:
    """An error page: what happened, what to do, and a link back. ``back_url`` (the form's page,
    or the attendee page) is linked only if it is http(s); ``back_to`` names it ("form" or
    "registration"); ``retry_after`` (seconds) says how long to wait (429, 503)."""
    if not (back_url or "").startswith(("https://", "http://")):
        back_url = None
    return templating.render("pages/error.html.j2", locale=locale, code=code, retry_after=retry_after,
                             message=error_copy.what_happened(code, locale), todo=error_copy.what_to_do(code, locale),
                             wait=error_copy.wait(retry_after, locale) if retry_after else "",
                             back_url=back_url, back_to=back_to)


def _event_context(event, locale):
    """The event's texts, and ``house``: its organisation's name, logo, colour and privacy
    statement (chalicelib.organisation_settings.face), which the page's header and footer show."""
    from chalicelib import organisation_settings
    return {"title": event.text("title", locale), "period": i18n.format_period(event, locale),
            "location": event.text("location", locale), "description": event.text("description", locale),
            "house": organisation_settings.face(event.organisation_id)}
