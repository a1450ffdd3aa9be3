"""Copy-ready ways to put an event's signup form on another site, built from its real fields.

``snippets(event)`` gives the plain HTML form (with ``_redirect``), a ``fetch`` version that
sends ``consent`` only when the box is ticked, an iframe and the link; ``qr(url)`` the QR code
of the hosted form for posters. Labels are in the event's first language, as on the hosted form.
"""
from dataclasses import dataclass

from chalicelib import templating
from chalicelib.config import settings
from chalicelib.models import Event

PLACEHOLDER_SITE = "https://www.jouw-site.nl"


@dataclass(frozen=True)
class Snippets:
    form_url: str
    form_urls: dict         # locale -> the hosted form's address in that language
    html_form: str
    fetch_form: str
    iframe: str
    redirect: str           # the thank-you address the HTML form sends people back to


def snippets(event: Event) -> Snippets:
    from chalicelib.pages import COPY
    base = settings().public_base_url
    locale = event.locales[0]
    form_url = f"{base}/events/{event.id}/form"
    urls = {loc: form_url + ("" if loc == event.locales[0] else f"?lang={loc}") for loc in event.locales}
    site = event.allowed_redirect_origins[0] if event.allowed_redirect_origins else PLACEHOLDER_SITE
    context = dict(event=event, locale=locale, t=COPY[locale], action=f"{base}/events/{event.id}/signups",
                   title=event.text("title", locale), redirect=f"{site}/aanmelden/bedankt",
                   has_site=bool(event.allowed_redirect_origins))
    height = 720 + 90 * len(event.fields) + (140 if event.consent_required else 0)
    iframe = (f'<iframe src="{urls[locale]}" title="{_attr(COPY[locale]["signup"] + ": " + context["title"])}" '
              f'style="width:100%;max-width:42rem;height:{height}px;border:0" loading="lazy"></iframe>')
    return Snippets(form_url=urls[locale], form_urls=urls, iframe=iframe, redirect=context["redirect"],
                    html_form=templating.render("organiser/snippets/form.html.j2", **context).strip() + "\n",
                    fetch_form=templating.render("organiser/snippets/fetch.html.j2", **context).strip() + "\n")


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
