"""Copy-ready ways to put an event's signup form on another site, built from its real fields.

``snippets(event)`` gives the plain HTML form (with ``_redirect`` only when the organiser named a
thank-you page of their own, and a link to the organisation's privacy statement when it has
one), a ``fetch`` version that sends ``consent`` only when the box is
ticked, an iframe that takes the height its form reports, and the link; ``qr(url)`` the QR code
of the hosted form for posters. Labels are in the event's first language, as on the hosted form.
"""
from dataclasses import dataclass

from chalicelib import templating, translations
from chalicelib.config import settings
from chalicelib.models import Event


@dataclass(frozen=True)
class Snippets:
    form_url: str
    form_urls: dict         # locale -> the hosted form's address in that language
    html_form: str
    fetch_form: str
    iframe: str
    redirect: str           # the organiser's own thank-you page the HTML form sends people to, or ""


def snippets(event: Event) -> Snippets:
    from chalicelib import redirects
    base = settings().public_base_url
    locale = event.locales[0]
    form_url = f"{base}/events/{event.id}/form"
    urls = {loc: form_url + ("" if loc == event.locales[0] else f"?lang={loc}") for loc in event.locales}
    # without a thank-you page of their own, people see ours: a _redirect to a page nobody made is a dead end
    redirect = redirects.target(event.allowed_redirect_origins, event.thank_you_url) or ""
    from chalicelib import organisation_settings
    house = organisation_settings.face(event.organisation_id)     # its privacy statement goes under the fields
    from chalicelib import programme
    context = dict(event=event, locale=locale, house=house, programme=programme,
                   action=f"{base}/events/{event.id}/signups", title=event.text("title", locale), redirect=redirect)
    _ = translations.gettext(locale)
    iframe = templating.render("organiser/snippets/iframe.html.j2", src=urls[locale], frame_id=f"aanmelden-{event.id}",
                               frame_title=_("Aanmelden") + ": " + context["title"],
                               height=fallback_height(event), origin=redirects.origin(base))
    return Snippets(form_url=urls[locale], form_urls=urls, iframe=iframe.strip() + "\n", redirect=redirect,
                    html_form=templating.render("organiser/snippets/form.html.j2", **context).strip() + "\n",
                    fetch_form=templating.render("organiser/snippets/fetch.html.j2", **context).strip() + "\n")


def fallback_height(event: Event) -> int:
    """The iframe's height on a page without script: the hosted form fits in it on a 320 px wide
    screen, where a line holds about 26 characters (18 in the title). Measured in Chromium;
    tests/test_browser_embed.py checks it for a short and a long event."""
    locale = event.locales[0]

    def lines(text, per_line=26):
        return -(-len(text or "") // per_line)
    texts = 38 * lines(event.text("title", locale), 18) + 24 * sum(
        lines(event.text(key, locale)) for key in ("description", "location"))
    consent = 40 + 24 * lines(event.text("consent_text", locale)) if event.consent_required else 0
    questions = sum(100 + 24 * lines(f.label_in(locale)) for f in event.fields)
    house = 120 if event.organisation_id else 0     # its name or logo above the form, its privacy statement below
    share = 40 + 24 * lines(templating.render("pages/share_question.j2", event=event, locale=locale)) \
        if event.participant_list else 0
    from chalicelib import programme     # per round a legend and "no session", per session its title and about line
    sessions = sum(90 + sum(16 + 24 * (lines(o["title"]) + lines(f'{o["where"]}, {o["host"]}: {o["band_text"]}. '
                                                                 f'{o["description"]}')) for o in r["options"])
                   for r in programme.rounds_for(event, None, locale)) + (150 if event.online else 0)
    return 600 + texts + consent + questions + house + share + sessions


@dataclass(frozen=True)
class QrCode:
    svg: str                # inline <svg> markup, with a title
    png_data_uri: str       # a large PNG for posters, to download


def qr(url: str, title: str) -> QrCode:
    """The QR code of ``url``: an inline SVG to show and a PNG (about 10 cm at 300 dpi) to download."""
    import segno
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=5, omitsize=True, title=title).replace("<svg ", '<svg role="img" aria-label="' + _attr(title) + '" ', 1)
    return QrCode(svg=svg, png_data_uri=code.png_data_uri(scale=30, border=4))


def _attr(text: str) -> str:
    from markupsafe import escape
    return str(escape(text))
