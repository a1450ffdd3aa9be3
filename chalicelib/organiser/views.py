"""Organiser pages: render a template under templates/organiser/ with what every page needs."""
from chalicelib import error_copy, i18n, roles, templating, translations


def page(template: str, request, locale: str, **context) -> str:
    """Render ``organiser/<template>`` with gettext for ``locale``, the CSRF token, the member and
    what their role allows: ``can(capability)`` on the page's event (``request.role``),
    ``can_anywhere(capability)`` in any of their organisations, ``allows(role, capability)``."""
    from chalicelib.config import settings
    member, role = getattr(request, "member", None), getattr(request, "role", None)
    return templating.render(
        f"organiser/{template}", locale=locale, _=translations.gettext(locale),
        n_=translations.ngettext(locale), base=settings().public_base_url,
        csrf=getattr(request, "csrf", ""), member=member, allows=roles.allows,
        can=lambda capability: roles.allows(role, capability),
        can_anywhere=lambda capability: bool(member and member.organisations(capability)),
        lang_query="" if locale == "nl" else f"?lang={locale}",     # Dutch is the organiser pages' default
        field_message=lambda key, field="": error_copy.field_message(key, locale, field),
        when=lambda event: i18n.format_period(event, locale), **context)
