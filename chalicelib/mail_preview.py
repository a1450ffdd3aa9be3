"""The preview of the mails whose opening an organiser writes (issue 28 item 6): the real
templates (chalicelib.emails) rendered for a sample person, with the openings from the editor's
form in place, before they are saved."""
import dataclasses

from chalicelib import emails
from chalicelib.errors import ValidationFailed
from chalicelib.models import CONFIRMED, WAITLISTED, Registration

SAMPLE_POSITION = 3     # the waiting-list mail's sample number


def N_(text: str) -> str:
    """Marks a Dutch msgid for the catalog; translated where it is shown."""
    return text


# how the editor names each mail above its preview (Dutch msgids)
LABELS = {"registered": N_("Bevestiging"), "waitlisted": N_("Wachtlijst"), "reminder": N_("Herinnering")}


@dataclasses.dataclass(frozen=True)
class Preview:
    kind: str
    locale: str
    setting: str            # the definition member that holds this opening
    mail: emails.Rendered


def openings(values: dict) -> dict:
    """``{setting: {locale: text}}`` from the editor's inputs (``confirmation_opening_nl``, ...),
    checked as a definition's are. Raises ValidationFailed naming the input."""
    from chalicelib.schema import inputs, kinds, settings
    body, errors = {}, {}
    for name in emails.OPENINGS.values():
        body[name] = inputs.texts_of({k: values.get(k, "") for k in inputs.inputs_of(settings.by_name(name))}, name)
    out = {}
    for name in emails.OPENINGS.values():
        value = kinds.CLEANERS["opening"](body, settings.by_name(name), out, errors)
        out[name] = {} if value is kinds.OMITTED else value
    if errors:
        raise ValidationFailed({f"{name}_nl": key for name, key in errors.items()})
    return out


def preview(event, values: dict) -> list:
    """Every mail with an opening, in every language of the event, as the form would make it."""
    from chalicelib import outbox, signups
    event = dataclasses.replace(event, **openings(values))
    shown = []
    for kind, setting in emails.OPENINGS.items():
        for locale in event.locales:
            reg = Registration(id="voorbeeld", event_id=event.id, status=WAITLISTED if kind == "waitlisted" else CONFIRMED,
                               name="Voornaam Achternaam", email="deelnemer@example.org", locale=locale)
            extra = {"organisation": outbox.organisation_of(event), "position": SAMPLE_POSITION, "days_before": 1}
            mail = emails.render(kind, event, reg, {"manage_url": signups.manage_url(event.id, reg.id)}, extra)
            shown.append(Preview(kind, locale, setting, mail))
    return shown
