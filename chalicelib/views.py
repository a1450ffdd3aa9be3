"""Organiser pages: render a template under templates/organiser/ with what every page needs."""
from chalicelib import i18n, messages, templating, translations


def page(template: str, request, locale: str, **context) -> str:
    """Render ``organiser/<template>`` with gettext for ``locale``, the CSRF token, the member."""
    from chalicelib.config import settings
    return templating.render(
        f"organiser/{template}", locale=locale, _=translations.gettext(locale),
        n_=translations.ngettext(locale), base=settings().public_base_url,
        csrf=getattr(request, "csrf", ""), member=getattr(request, "member", None),
        lang_query="?lang=en" if locale == "en" else "",
        field_message=lambda key: messages.field_message(key, locale),
        when=lambda event: i18n.format_period(event, locale), **context)
