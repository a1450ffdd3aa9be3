"""Render a mail kind into a MIME message and send it through SESv2.

Every mail kind is one template, ``templates/email/<kind>.j2``: it extends
``email/layout.j2`` and writes each sentence once, in blocks (``subject``, ``body``, ``action``,
``after``) that the text part and the HTML part are both rendered from
(``templating.render_mail``); the HTML's ``<style>`` block is inlined by css-inline. Headers are built with the ``email`` package only, so user
input can never add a header or a recipient.

Retry design for ``send``: SES throttling, 5xx answers and connection errors are
retried in-process with exponential backoff and full jitter (sleep a random time
in ``[0, min(5 s, 0.2 s * 2**attempt)]``), ``settings().max_send_attempts`` tries
in all, then ``TransientSendError``. The caller (the stream worker) records that
by keeping the mail queued and retrying its batch later. ``SendingPausedException``
means the account is paused for hours, not seconds, so it is a ``TransientSendError``
at once, as are an expired session and a refused permission (``PAUSED_CODES``). Any other SES error (rejected message, unverified sender, bad address,
suspended account, ...) would fail again: ``PermanentSendError`` at once.
"""
import re
import random
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime as rfc2822_date, make_msgid
from typing import Optional
from zoneinfo import ZoneInfo

from chalicelib import aws, i18n, mime, programme, templating
from chalicelib.config import settings
from chalicelib.mime import display_name

KINDS = ("registered", "waitlisted", "pending", "promoted", "cancelled", "reminder", "already_registered",
         "updated", "event_cancelled", "buddies", "follow_up", "follow_up_missed", "session_promoted")
# after the meeting: no calendar invite (the maatjes introduction, chalicelib.buddies; the follow-ups, chalicelib.after)
WITHOUT_INVITE = ("buddies", "follow_up", "follow_up_missed")
# a message from the organiser: ``extra`` gives its ``subject`` and plain-text ``body``
MESSAGE = "message"
# Subject lines stay within this many characters: the essence first, then the title
# shortened at a word (docs/architecture.md, "Templates, and adding a mail").
SUBJECT_LIMIT = 60
# the mails whose opening the organiser may write (issue 28 item 6): kind -> the event setting
# (chalicelib.schema.settings) that holds it; without one, the template's own words
OPENINGS = {"registered": "confirmation_opening", "waitlisted": "waitlist_opening", "reminder": "reminder_opening"}
# who ended a registration (``cancelled_by`` on the item): the cancellation mail says so
CANCELLED_BY = ("attendee", "organiser", "expiry", "event")

TRANSIENT_CODES = {"ThrottlingException", "TooManyRequestsException", "LimitExceededException",
                   "ServiceUnavailable", "InternalFailure", "InternalServerError"}
# not about this message: the account is paused, or our own credentials or permissions
# failed (an expired role session, a policy that was changed); a later try may succeed
PAUSED_CODES = {"SendingPausedException", "ExpiredToken", "ExpiredTokenException", "AccessDenied",
                "AccessDeniedException", "UnrecognizedClientException", "InvalidClientTokenId"}
BACKOFF_BASE, BACKOFF_CAP = 0.2, 5.0
# A service mail's text lines, in characters: quoted-printable breaks a line past 76 bytes (é is 6)
# inside a word; only a link may be longer
NOTICE_WRAP = 60


class SendError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class PermanentSendError(SendError):
    """Sending this message again will fail the same way."""


class TransientSendError(SendError):
    """SES could not take the message now; a later resend may succeed."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render(kind: str, event, registration, links: dict, extra: Optional[dict] = None) -> Rendered:
    """Subject, text and HTML of one mail kind in the registration's locale.

    ``links`` must hold ``manage_url`` (the attendee page), and may hold ``checkin_url`` (a
    seated registration's check-in link: the text part carries it, the HTML part its QR code); ``confirm_url``
    defaults to it (pending mails).
    ``extra`` may give ``position`` (waitlisted), ``hold_until`` (pending, a datetime;
    defaults to ``registration.hold_until``), ``organisation`` (``{"name",
    "privacy_statement_url"}``, for the footer) and ``moved_from`` (updated: the event's
    ``starts_at``, ``ends_at`` and ``location`` before the change). A message's
    ``links`` also hold ``unsubscribe_url`` (its one-click stop link, as in
    ``List-Unsubscribe``).
    """
    import css_inline  # deferred: only the mail worker renders

    if kind not in KINDS + (MESSAGE,):
        raise ValueError(f"unknown mail kind {kind!r}")
    context = _context(event, registration, links, extra or {})
    # only in the mail's own language: an English mail gets our English, not the organiser's Dutch
    context["opening"] = (getattr(event, OPENINGS[kind]) or {}).get(context["locale"], "") if kind in OPENINGS else ""
    # the join link of an online meeting: in the reminder, to a confirmed online attendee only
    context["join_url"] = programme.join_url(event, registration) if kind == "reminder" else ""
    essence = templating.render_block(f"email/{kind}.j2", "subject", **context)
    subject = subject_line(essence, extra["subject"] if kind == MESSAGE else context["title"])
    text, html = templating.render_mail(f"email/{kind}.j2", subject=subject, **context)
    return Rendered(subject, text, css_inline.inline(html, load_remote_stylesheets=False))


def subject_line(essence: str, topic: str, limit: int = SUBJECT_LIMIT) -> str:
    """``essence`` then ``topic`` on one line of at most ``limit`` characters: a topic
    that does not fit is cut after its last whole word that does, and ends in "…"."""
    essence, topic = " ".join(essence.split()), " ".join(topic.split())
    head = f"{essence} " if essence and topic else essence
    if len(head) + len(topic) <= limit:
        return head + topic
    room = max(limit - len(head) - 1, 1)      # one character for the "…"
    words = topic[:room + 1].rsplit(" ", 1)[0] if " " in topic[:room + 1] else topic[:room]
    return head + words.rstrip(" ,.;:-–") + "…"


def _context(event, registration, links, extra) -> dict:
    from chalicelib import translations

    locale = event.locale_or_default(registration.locale)
    links = {"confirm_url": links["manage_url"], **links}
    hold_until = extra.get("hold_until", registration.hold_until)
    organisation = extra.get("organisation") or {}
    privacy = organisation.get("privacy_statement_url") or ""
    moved_from = extra.get("moved_from") or {}
    return {
        "_": translations.gettext(locale), "_h": _html_gettext(locale), "extra": extra, "event": event, "registration": registration,
        "locale": locale, "links": links,
        "title": event.text("title", locale), "location": event.text("location", locale),
        "practical_info": event.text("practical_info", locale),
        "period": i18n.format_period(event, locale),
        "organiser_name": event.organiser.get("name", ""),
        "organiser_email": event.organiser.get("email", ""),
        "organisation_name": organisation.get("name", ""),
        "privacy_url": privacy if privacy.startswith("https://") else "",
        "kept_until": _kept_until(event, registration, locale),
        "position": extra.get("position"),
        "hold_until": hold_until and i18n.format_datetime(hold_until, event.timezone, locale),
        "hold_day": hold_until and i18n.format_day(
            hold_until.astimezone(ZoneInfo(event.timezone)).date().isoformat(), locale, "d MMMM"),
        "changes": _changes(event, moved_from, locale),
        "cancel_message": event.cancel_message,
        "sessions": programme.mail_lines(event, registration, locale),
    }


def days_before(event, now: datetime) -> int:
    """Calendar days from ``now`` to the event's start, in the event's zone (0: today)."""
    zone = ZoneInfo(event.timezone)
    return (event.starts_at.astimezone(zone).date() - now.astimezone(zone).date()).days


def _html_gettext(locale: str):
    """``_h(text, **values)`` for a sentence with a link in it (built in the template): in the HTML
    part the catalog sentence is markup in which each value is escaped unless it is markup
    itself; in the text part it is ``_``."""
    from jinja2 import pass_eval_context
    from markupsafe import escape

    from chalicelib import translations
    plain = translations.gettext(locale)

    @pass_eval_context
    def _h(eval_context, text: str, **values):
        if not eval_context.autoescape:
            return plain(text, **values)
        sentence = escape(plain(text))      # Markup: its format() escapes each value that is not markup
        return sentence.format(**values) if values else sentence
    return _h


def _kept_until(event, registration, locale) -> str:
    """The day the registration's data is deleted (its TTL, from the event's retention), or ""."""
    if not registration.expires_at:
        return ""
    day = datetime.fromtimestamp(registration.expires_at, timezone.utc).astimezone(ZoneInfo(event.timezone))
    return i18n.format_day(day.date().isoformat(), locale)


def _changes(event, moved_from: dict, locale: str) -> list:
    """``[(what, before, now)]`` for an update mail: the period and the place, where they changed."""
    from dataclasses import replace

    from chalicelib.models import localized
    changes = []
    if moved_from.get("starts_at") or moved_from.get("ends_at"):
        before = replace(event, starts_at=datetime.fromisoformat(moved_from.get("starts_at") or event.starts_at.isoformat()),
                         ends_at=datetime.fromisoformat(moved_from.get("ends_at") or event.ends_at.isoformat()))
        if i18n.format_period(before, locale) != i18n.format_period(event, locale):
            changes.append(("Wanneer", i18n.format_period(before, locale), i18n.format_period(event, locale)))
    if "location" in moved_from:
        before = localized(moved_from["location"] or {}, locale)
        if before != event.text("location", locale):
            changes.append(("Waar", before, event.text("location", locale)))
    return changes


def build_message(kind: str, event, registration, links: dict, sender: str,
                  extra: Optional[dict] = None, *, now: Optional[datetime] = None,
                  invite: bool = True) -> EmailMessage:
    """multipart/mixed: alternative(text, html) and invite.ics, whose METHOD and STATUS follow
    the registration (REQUEST while active, CANCEL once ended; one UID, so calendars update one entry).
    A message from the organiser (``invite=False``) carries no invite.

    ``sender`` is the bare verified address. Its display name is the organisation's
    ``sender_name`` (``extra["organisation"]``), else the event organiser's name; the Reply-To
    is the organisation's ``reply_to``, else the event organiser's address. Raises
    PermanentSendError if the recipient address cannot be put in a header (it holds CR/LF or
    is malformed).
    """
    from chalicelib import calendar

    if links.get("checkin_url"):    # the QR code of the check-in link, inline in the HTML part
        links = {**links, "checkin_cid": make_msgid(domain=sender.rpartition("@")[2])[1:-1]}
    rendered = render(kind, event, registration, links, extra)
    msg = mime.Mail()
    msg["Subject"] = rendered.subject
    organisation = (extra or {}).get("organisation") or {}
    name = display_name(organisation.get("sender_name") or event.organiser.get("name", ""))
    msg["From"] = Address(name, addr_spec=sender)
    msg["To"] = _recipient(registration)
    reply_to = organisation.get("reply_to") or event.organiser.get("email")
    if reply_to:
        msg["Reply-To"] = Address(name, addr_spec=reply_to)
    msg["Date"] = rfc2822_date(now or datetime.now(timezone.utc))
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Registration-Id"] = registration.id
    if links.get("unsubscribe_url"):
        add_list_unsubscribe(msg, links["unsubscribe_url"])
    msg.set_content(rendered.text)
    msg.add_alternative(rendered.html, subtype="html")
    if links.get("checkin_cid"):
        from chalicelib import checkin, translations
        _ = translations.gettext(event.locale_or_default(registration.locale))
        html_part = msg.get_payload()[1]
        html_part.add_related(checkin.qr_png(links["checkin_url"]), "image", "png",
                              cid=f"<{links['checkin_cid']}>", filename=_("inchecken.png"), disposition="inline")
    if invite and kind not in WITHOUT_INVITE:
        ics = calendar.invite(event, registration, now=now)
        msg.add_attachment(ics, maintype="text", subtype="calendar", filename="invite.ics",
                           params={"method": calendar.method(registration), "charset": "utf-8"})
    return msg


def add_list_unsubscribe(msg, url: str) -> None:
    """RFC 8058 one-click unsubscribe: an https URL that a POST of ``List-Unsubscribe=One-Click``
    answers (RFC 2369's angle brackets around it). ``url`` is built in code from the
    configured base URL and a signed token, never from what a person typed; it is checked
    anyway, so that nothing can end the header early. RFC 8058 asks for https: on a plain-http
    base URL (``make dev``) the mail carries the link in its footer only."""
    if re.search(r"[\s<>,\x00-\x1f\x7f]", url):
        raise ValueError(f"not a one-click unsubscribe URL: {url!r}")
    if not url.startswith("https://"):
        return
    msg["List-Unsubscribe"] = f"<{url}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"


def _recipient(registration) -> Address:
    try:
        return Address(display_name(registration.name), addr_spec=registration.email)
    except (ValueError, IndexError) as error:
        raise PermanentSendError(f"invalid recipient address: {error}") from error


def send(message: EmailMessage, *, sleep=time.sleep) -> str:
    """Send through SESv2 as raw MIME; returns the SES message id.

    Raises PermanentSendError at once for errors a retry cannot fix, and
    TransientSendError when the last attempt failed (see the module docstring).
    """
    from botocore.exceptions import ClientError, ConnectionError, HTTPClientError

    request = _request(message)
    attempts = max(settings().max_send_attempts, 1)
    for attempt in range(attempts):
        try:
            return aws.sesv2().send_email(**request)["MessageId"]
        except ClientError as error:
            reason = _reason(error)
            if error.response.get("Error", {}).get("Code") in PAUSED_CODES:
                raise TransientSendError(reason) from error
            if not _is_transient(error):
                raise PermanentSendError(reason) from error
        except (ConnectionError, HTTPClientError) as error:
            reason = f"{type(error).__name__}: {error}"
        if attempt + 1 < attempts:
            sleep(random.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * 2 ** attempt)))  # nosec B311  # backoff jitter, not a secret
    raise TransientSendError(f"gave up after {attempts} attempts: {reason}")


def _request(message: EmailMessage) -> dict:
    request = {
        "FromEmailAddress": message["From"].addresses[0].addr_spec,
        "Destination": {"ToAddresses": [a.addr_spec for a in message["To"].addresses]},
        "Content": {"Raw": {"Data": message.as_bytes()}},
    }
    if settings().ses_configuration_set:
        request["ConfigurationSetName"] = settings().ses_configuration_set
    return request


def _is_transient(error) -> bool:
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
    return error.response.get("Error", {}).get("Code") in TRANSIENT_CODES or status >= 500


def _reason(error) -> str:
    details = error.response.get("Error", {})
    return f"{details.get('Code', 'Unknown')}: {details.get('Message', '')}".strip()


def build_notice(kind: str, to: str, locale: str, context: dict, *, now: Optional[datetime] = None) -> EmailMessage:
    """A service mail to an organiser (``templates/email/notice/<kind>.j2``): no event, no invite.

    ``context`` is passed to the templates as it is; links are built by the caller. Its ``title``
    (an event's) follows the subject's essence, cut to fit as an attendee mail's is.
    """
    import css_inline  # deferred: only mail paths render

    sender = settings().sender_email
    context = {**context, "locale": locale, "site_url": settings().public_base_url, "wrap": NOTICE_WRAP}
    essence = templating.render_block(f"email/notice/{kind}.j2", "subject", **context)
    subject = subject_line(essence, context.get("title", ""))
    text, html = templating.render_mail(f"email/notice/{kind}.j2", subject=subject, **context)
    msg = mime.Mail()
    msg["Subject"] = subject
    msg["From"] = Address(addr_spec=sender)
    msg["To"] = Address(addr_spec=to)
    msg["Date"] = rfc2822_date(now or datetime.now(timezone.utc))
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text)
    msg.add_alternative(css_inline.inline(html, load_remote_stylesheets=False), subtype="html")
    return msg
