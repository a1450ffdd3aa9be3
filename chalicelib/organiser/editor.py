"""Organiser pages for one event: the editor (new and edit), closing and reopening registration,
and the embed page (snippets, QR code, the site's address).

The editor turns the posted form into a definition body (chalicelib.organiser.event_form) and saves it
with ``organising.save_event``, the same use case as ``PUT /events/{id}``. The question buttons
(add, remove, move) post the form and get it back unsaved, so they work without JavaScript.
An event of another organisation, or none, is a 404 page: nothing tells whether it exists.
"""
import base64
import hashlib
import pathlib
from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib import http
from chalicelib.errors import ValidationFailed
from chalicelib.http.routing import now, routes
from chalicelib.imports import lazy
from chalicelib.organiser.home import html, member_page, redirect
from chalicelib.organiser.overview import event_page

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import events, organising, signups
    from chalicelib.organiser import embed, event_form
else:
    embed, event_form, events = lazy("chalicelib.organiser.embed"), lazy("chalicelib.organiser.event_form"), lazy("chalicelib.events")
    organising, signups = lazy("chalicelib.organising"), lazy("chalicelib.signups")

bp = Blueprint(__name__)
route = routes(bp)
COPY_SCRIPT = pathlib.Path(__file__).resolve().parents[2].joinpath("templates", "static", "copy.js").read_text("utf-8")
# the page's CSP allows this one inline script by its hash, and no other
COPY_SCRIPT_SRC = "'sha256-" + base64.b64encode(hashlib.sha256(COPY_SCRIPT.encode()).digest()).decode() + "'"
NOTICES = ("created", "saved", "closed", "opened", "origin_added", "origin_known")


def _request():
    return bp.current_request


def _own(event_id: str):
    """The stored definition of the event (``event_page`` checked it is the member's to edit)."""
    return organising.definition(event_id)


def _not_found():
    return html("not_found.html.j2", 404)


def _notice():
    notice = (_request().query_params or {}).get("done")
    return notice if notice in NOTICES else None


# ---------------------------------------------------------------- the editor

@route("/organiser/events/new", methods=["GET"])
@member_page(capability="events")
def new_event():
    organisations = _request().member.organisations("events")
    wanted = (_request().query_params or {}).get("organisation") or (
        organisations[0] if len(organisations) == 1 else None)
    if wanted not in organisations:
        return _not_found()
    organisation = organising.organisation(wanted)
    # the organisation's defaults (its settings page), the organiser's name and address filled in, to change if need be
    defaults = {"retention_days": organisation.get("default_retention_days"),
                "locales": [organisation["default_locale"]] if organisation.get("default_locale") else None}
    values = event_form.new_values(wanted, {k: v for k, v in defaults.items() if v})
    values.update(organiser_name=organisation["name"], organiser_email=_request().member.email)
    return _editor(values)


def _posted():
    """The editor's form; the time zone is Amsterdam, or the one chosen under "Andere tijdzone"."""
    posted = http.read_form(_request())
    if posted.get("timezone") == "other":
        posted = {**posted, "timezone": posted.get("timezone_other", "")}
    return posted


@route("/organiser/events/new", methods=["POST"], content_types=[http.FORM])
@member_page(capability="events")
def create_event():
    posted = _posted()
    values = event_form.read(posted)
    if values["organisation"] not in _request().member.organisations("events"):
        return _not_found()
    if posted.get("action", "save") != "save":
        return _editor(event_form.act(values, posted["action"]), action=posted["action"])
    body, errors = event_form.body_of(values)
    typed = values["id"].strip()
    values["id"] = typed or _free_id(event_form.suggested_id(values))
    if not events.valid_event_id(values["id"]):
        errors["id"] = "invalid_event_id"
    elif organising.event_exists(values["id"]):
        errors["id"] = "id_taken"
    return _save(values, body, errors, new=True, typed_id=typed)


@route("/organiser/events/{event_id}/edit", methods=["GET"])
@event_page("events")
def edit_event(event_id):
    stored = _own(event_id)
    return _editor(event_form.values_of(stored), stored=stored, notice=_notice())


@route("/organiser/events/{event_id}/edit", methods=["POST"], content_types=[http.FORM])
@event_page("events")
def update_event(event_id):
    stored = _own(event_id)
    posted = _posted()
    values = {**event_form.read(posted), "organisation": stored.get("organisation_id") or ""}
    values["id"] = values["id"].strip() or event_id     # a link name may change until the first signup
    if posted.get("action") == "preview_mails":     # the real mails with the openings as typed; nothing is saved
        from chalicelib import events, mail_preview
        try:
            previews = mail_preview.preview(events.from_definition(stored), values)
        except ValidationFailed as failed:
            return _editor(values, stored=stored, errors=failed.fields, status=400)
        return _editor(values, stored=stored, previews=previews)
    if posted.get("action", "save") != "save":
        return _editor(event_form.act(values, posted["action"]), stored=stored, action=posted["action"])
    body, errors = event_form.body_of(values, stored)
    if values["id"] != event_id and not errors:
        try:
            organising.rename_event(event_id, values["id"], body, now(), caller=_request().member)
            return redirect(f"/organiser/events/{values['id']}/edit?done=saved", _request())
        except ValidationFailed as failed:
            errors = event_form.input_errors(failed.fields)
            return _editor(values, stored=stored, errors=errors, status=400)
    return _save(values, body, errors, stored=stored)


def _save(values, body, errors, *, new=False, stored=None, typed_id=""):
    """Save the body, then 303 to the edit page; or the form again with every message (400).
    A new event's form comes back with the link name as typed: one made from a title that is
    still missing ("bijeenkomst") would otherwise stick."""
    event_id = values["id"]
    if not errors:
        try:
            organising.save_event(event_id, body, now(), caller=_request().member, only_new=new)
            return redirect(f"/organiser/events/{event_id}/edit?done={'created' if new else 'saved'}", _request())
        except ValidationFailed as failed:
            errors = event_form.input_errors(failed.fields)
    else:
        from chalicelib import events
        try:
            events.validate(event_id if events.valid_event_id(event_id) else "x", body)
        except ValidationFailed as failed:
            errors = event_form.merge_errors(errors, failed.fields)
    return _editor({**values, "id": typed_id} if new else values, stored=stored, errors=errors, status=400)


def _free_id(suggested: str) -> str:
    """``suggested``, or ``suggested-2``, ``-3``... when it is taken."""
    candidate, n = suggested, 2
    while organising.event_exists(candidate) and n < 100:
        candidate, n = f"{suggested}-{n}", n + 1
    return candidate


def _mail_labels():
    from chalicelib import mail_preview
    return mail_preview.LABELS


def _editor(values, *, stored=None, errors=None, status=200, notice=None, action=None, previews=()):
    from chalicelib.config import settings
    from chalicelib.schema import inputs
    return html("event_form.html.j2", status, values=event_form.as_shown(values), new=stored is None, stored=stored,
                errors=event_form.in_page_order(errors or {}),
                other_zones=[zone for zone in event_form.zones(values["timezone"]) if zone != event_form.DEFAULT_ZONE],
                notice=notice, max_questions=event_form.MAX_QUESTIONS,
                focus=event_form.focus_after(action, values) if action else None,
                default_retention=settings().retention_days, default_reminder_hours=f"{settings().reminder_hours:g}",
                settings_in=inputs.settings_in, setting_labels=inputs.setting_labels(),
                people_to_tell=organising.people_to_tell(stored["id"]) if stored else 0,
                renamable=stored is not None and not organising.has_signups(stored["id"]), previews=previews,
                mail_labels=_mail_labels())


# ---------------------------------------------------------------- open and close registration

@route("/organiser/events/{event_id}/registration", methods=["POST"], content_types=[http.FORM])
@event_page("events")
def set_registration(event_id):
    """Close (``open=no``) or reopen (``open=yes``) registration; back to ``next`` (one of our pages)."""
    posted = http.read_form(_request())
    if posted.get("open") not in ("yes", "no"):
        raise ValidationFailed({"open": "invalid"})
    is_open = posted["open"] == "yes"
    organising.patch_event(event_id, {"registration_open": is_open}, now(), caller=_request().member)
    back = posted.get("next", "")
    if not (back.startswith("/organiser/") and "//" not in back and "\\" not in back and "?" not in back):
        back = f"/organiser/events/{event_id}/edit"
    return redirect(f"{back}?done={'opened' if is_open else 'closed'}", _request())


# ---------------------------------------------------------------- the embed page

@route("/organiser/events/{event_id}/embed", methods=["GET"])
@event_page("events")
def embed_page(event_id):
    return _embed(event_id, notice=_notice())


@route("/organiser/events/{event_id}/origins", methods=["POST"], content_types=[http.FORM])
@event_page("events")
def add_origin(event_id):
    """Add the organiser's site (any address on it) to ``allowed_redirect_origins``."""
    stored = _own(event_id)
    site = http.read_form(_request()).get("site", "").strip()
    origin = event_form.origin_of(site)
    if origin is None:
        return _embed(event_id, site=site, errors={"site": "invalid_url"}, status=400)
    known = origin in stored["allowed_redirect_origins"]
    if not known:
        organising.patch_event(event_id, {"allowed_redirect_origins": stored["allowed_redirect_origins"] + [origin]},
                               now(), caller=_request().member)
    return redirect(f"/organiser/events/{event_id}/embed?done={'origin_known' if known else 'origin_added'}",
                    _request())


def _embed(event_id, *, site="", errors=None, status=200, notice=None):
    from chalicelib import translations
    from chalicelib.organiser.home import locale_of
    event = signups.get_event(event_id)
    snippets = embed.snippets(event)
    locale = locale_of(_request())
    title = event.text("title", locale)
    _ = translations.gettext(locale)
    trail = [(_("Bijeenkomsten"), "/organiser"), (event.text("title", locale), f"/organiser/events/{event_id}"),
             (_("Op je website"), None)]
    answer = html("embed.html.j2", status, event=event, snippets=snippets, site=site, errors=errors or {},
                  notice=notice, qr=embed.qr(snippets.form_url, title), trail=trail, copy_script=COPY_SCRIPT)
    policy = answer.headers["Content-Security-Policy"]     # one script-src: a second one would be ignored
    answer.headers["Content-Security-Policy"] = policy.replace("script-src ", f"script-src {COPY_SCRIPT_SRC} ", 1)
    return answer
