"""The organiser's event pages: dashboard, people list and their actions, messages to attendees,
the door (check-in on a phone), the attendance list, and the check-in link of a QR code.

Every page is server-rendered and works without JavaScript; every action is a form POST
(CSRF-checked by ``member_page``) followed by a redirect. The pages call the use cases the
API calls (``stats``, ``announcements``, ``signups``, ``checkin``); downloads are plain links
to the export endpoint, which the session authorises.
"""
import functools
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode

from chalice import Blueprint

from chalicelib import http, roles
from chalicelib.errors import EventNotFound, MessageCapReached, RegistrationNotFound, ValidationFailed
from chalicelib.http import access
from chalicelib.http.routing import now, routes
from chalicelib.imports import lazy
from chalicelib.models import ACTIVE, ERASED, SEATED
from chalicelib.organiser.home import forbidden, html, locale_of, member_page, redirect

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import announcements, checkin, events, signups, stats, tokens
    from chalicelib.organiser import listing
else:
    announcements = lazy("chalicelib.announcements")
    checkin = lazy("chalicelib.checkin")
    listing = lazy("chalicelib.organiser.listing")
    events = lazy("chalicelib.events")
    signups = lazy("chalicelib.signups")
    stats = lazy("chalicelib.stats")
    tokens = lazy("chalicelib.tokens")

bp = Blueprint(__name__)
route = routes(bp)
EVENT = "/organiser/events/{event_id}"
PERSON = EVENT + "/registrations/{registration_id}"


def event_page(capability: str):
    """``member_page`` for a page of one event that needs ``capability`` (chalicelib.roles): the
    event must belong to one of the member's organisations, or it is the same 404 page as for an
    event that does not exist; a member whose role there lacks the capability gets the 403 page.
    An id that cannot be an event's is that 404 before anything else (signed in or not).
    Sets ``request.event`` and ``request.role``."""
    def decorate(view):
        @functools.wraps(view)
        def checked(event_id, **params):
            if not events.valid_event_id(event_id):
                return html("dashboard/not_found.html.j2", 404)
            return guarded(event_id=event_id, **params)

        @member_page
        def guarded(event_id, **params):
            request = bp.current_request
            role = request.member.role_of_event(event_id)
            if role is None:
                return html("dashboard/not_found.html.j2", 404)
            if not roles.allows(role, capability):
                return forbidden()
            request.role = role
            try:
                request.event = signups.get_event(event_id)
            except EventNotFound:
                return html("dashboard/not_found.html.j2", 404)
            return view(event_id=event_id, **params)
        return checked
    return decorate


def _query(name: str, default: str = "") -> str:
    return ((bp.current_request.query_params or {}).get(name) or default).strip()


def _page(template, status=200, **context):
    request = bp.current_request
    n = _query("n")
    return html(template, status, event=request.event, done=_query("done"), count_n=int(n) if n.isdigit() else 0,
                at=_short_time(request.event, locale_of(request)), **context)


def _short_time(event, locale):
    """``at(moment)``: a stored time (datetime or ISO text) in the event's zone for a table cell,
    "28 nov. 2026, 14.05 uur" (Dutch government style); in English "28 Nov 2026, 2:05 pm"."""
    from chalicelib import i18n
    return lambda moment: i18n.format_short(moment, event.timezone, locale)


# ---------------------------------------------------------------- dashboard

@route(EVENT, methods=["GET"])
@event_page("overview")
def event_dashboard(event_id):
    from chalicelib import i18n
    numbers, locale = stats.of_event(event_id), locale_of(bp.current_request)
    return _page("dashboard/event.html.j2", numbers=numbers, chart=listing.chart(numbers["signups_per_day"]),
                 day=lambda iso, pattern="d MMMM y": i18n.format_day(iso, locale, pattern),
                 messages=announcements.history(event_id), over=listing.is_over(bp.current_request.event, now()),
                 invitation=_invitation_link(bp.current_request, locale), where=_where(locale))


def _where(locale):
    from chalicelib import programme
    return lambda session: programme.where(session, locale)


def _invitation_link(request, locale) -> str:
    """The invitation link of an invitation-only event, for a role that manages events; else ""."""
    from chalicelib import invitations
    if not request.event.invitation_only or not roles.allows(request.role, "events"):
        return ""
    return invitations.link(request.event, request.event.locale_or_default(locale))


@route(EVENT + "/registrations", methods=["GET"])
@event_page("people")
def people_list(event_id):
    query, status = _query("q")[:200], _query("status")
    status = status if status in listing.FILTERS else ""
    session = _session()
    found = [reg for reg in listing.people(event_id) if listing.matches(reg, query, status, session)]
    number = int(_query("page", "1")) if _query("page", "1").isdigit() else 1
    return _page("dashboard/people.html.j2", page=listing.page_of(found, number), q=query, chosen=status,
                 filters=listing.FILTERS, over=listing.is_over(bp.current_request.event, now()),
                 paging=lambda n: _list_url(event_id, query, status, n, session), columns=listing.columns(),
                 shown=listing.shown, session=session, status_in=_status_in())


def _session() -> str:
    """The ``session`` filter, when it names a session of the event's programme; else ""."""
    wanted = _query("session")
    return wanted if listing.session_of(bp.current_request.event, wanted) else ""


def _status_in():
    from chalicelib import programme
    return programme.status_in


def _list_url(event_id, query, status, number, session=""):
    params = {k: v for k, v in (("q", query), ("status", status), ("session", session),
                                ("page", number if number > 1 else "")) if v}
    locale = http.request_locale(bp.current_request)
    lang = {} if locale == "nl" else {"lang": locale}
    return f"/organiser/events/{event_id}/registrations" + ("?" + urlencode({**params, **lang}) if params or lang else "")


def _person(event_id, registration_id):
    from chalicelib import store
    reg = store.roster.get_registration(event_id, registration_id) if len(registration_id) < 64 else None
    if reg is None or reg.status == ERASED:
        raise RegistrationNotFound(registration_id)
    return reg


def _back(event_id, done, registration_id=""):
    """Back to the page the action came from: the list with its search; the door with an empty
    search (the next person is someone else) and who was just checked in; or a QR code's check-in
    page, when the posted token is that person's."""
    body = http.read_body(bp.current_request)
    where = body.get("back", "")
    if where == "door":
        session = {"session": body["session"]} if body.get("session") else {}      # the door of one session stays so
        return redirect(f"/organiser/events/{event_id}/door?" + urlencode({"done": done, "who": registration_id,
                                                                           **session}), bp.current_request)
    if where == "checkin" and _checkin_token_of(body.get("token", "")) == (event_id, registration_id):
        return redirect(f"/checkin/{body['token']}?done={done}", bp.current_request)
    return redirect(f"/organiser/events/{event_id}/registrations?" + urlencode(
        {"q": body.get("q", ""), "status": body.get("status", ""), "done": done}), bp.current_request)


@route(PERSON, methods=["GET"])
@event_page("people")
def person_page(event_id, registration_id):
    """One person: what they answered, and what they changed themselves and when (chalicelib.changes)."""
    from chalicelib import changes
    event, locale = bp.current_request.event, locale_of(bp.current_request)
    person = _person(event_id, registration_id)
    return _page("dashboard/person.html.j2", person=person, history=changes.history(person),
                 field_label=lambda name: changes.field_label(event, name, locale))


@route(PERSON + "/resend", methods=["POST"], content_types=[http.FORM])
@event_page("people")
def resend(event_id, registration_id):
    reg = _person(event_id, registration_id)
    sent = reg.status in ACTIVE and signups.request_resend(reg, now(), interval_seconds=60)
    return _back(event_id, "resent" if sent else "resend_waiting")


@route(PERSON + "/cancel", methods=["GET"])
@event_page("people")
def cancel_form(event_id, registration_id):
    return _page("dashboard/cancel.html.j2", person=_person(event_id, registration_id))


@route(PERSON + "/cancel", methods=["POST"], content_types=[http.FORM])
@event_page("people")
def cancel(event_id, registration_id):
    signups.cancel_by_id(event_id, registration_id, now(), caller_id=bp.current_request.member.id)
    return _back(event_id, "cancelled")


@route(PERSON + "/erase", methods=["GET"])
@event_page("people")
def erase_form(event_id, registration_id):
    return _page("dashboard/erase.html.j2", person=_person(event_id, registration_id))


@route(PERSON + "/erase", methods=["POST"], content_types=[http.FORM])
@event_page("people")
def erase(event_id, registration_id):
    _person(event_id, registration_id)
    signups.erase_by_id(event_id, registration_id, now(), caller_id=bp.current_request.member.id)
    return _back(event_id, "erased")


def _checkin_token_of(token):
    from chalicelib.errors import InvalidToken
    try:
        return tokens.parse_checkin(token)
    except InvalidToken:
        return None


@route(PERSON + "/checkin", methods=["POST"], content_types=[http.FORM])
@event_page("door")
def check_in(event_id, registration_id):
    checkin.check_in(event_id, _person(event_id, registration_id).id, now())
    return _back(event_id, "checked_in", registration_id)


@route(PERSON + "/checkin/undo", methods=["POST"], content_types=[http.FORM])
@event_page("door")
def undo_check_in(event_id, registration_id):
    checkin.undo_check_in(event_id, _person(event_id, registration_id).id, caller_id=bp.current_request.member.id)
    return _back(event_id, "checkin_undone", registration_id)


# ---------------------------------------------------------------- messages to attendees

def _message_form():
    """The compose form's fields; ``to`` may be repeated (one checkbox per status)."""
    raw = bp.current_request.raw_body.decode("utf-8", "replace")
    if len(raw) > http.MAX_BODY * 2:
        raise http.HttpError("payload_too_large")
    try:
        fields = parse_qs(raw, keep_blank_values=True, max_num_fields=20)
    except ValueError:      # more fields than the form has: the poster's error, not ours
        raise http.HttpError("bad_request") from None
    return {"subject": (fields.get("subject") or [""])[0], "body": (fields.get("body") or [""])[0],
            "to": fields.get("to", []), "session": (fields.get("session") or [""])[0]}


@route(EVENT + "/messages/new", methods=["GET"])
@event_page("messages")
def compose(event_id):
    return _page("dashboard/compose.html.j2", values={"subject": "", "body": "", "to": ["confirmed"],
                                                      "session": _session()}, errors={})


@route(EVENT + "/messages/preview", methods=["POST"], content_types=[http.FORM])
@event_page("messages")
def preview(event_id):
    values = _message_form()
    try:
        message = announcements.clean(values, bp.current_request.event)
    except ValidationFailed as error:
        return _page("dashboard/compose.html.j2", 400, values=values, errors=error.fields)
    people = announcements.recipients(event_id, message["to"], message["session"])
    sample = announcements.preview(bp.current_request.event, message, people[0] if people else None)
    return _page("dashboard/preview.html.j2", message=message, recipients=len(people), sample=sample,
                 chosen_session=listing.session_of(bp.current_request.event, message["session"]))


@route(EVENT + "/messages", methods=["POST"], content_types=[http.FORM])
@event_page("messages")
def send(event_id):
    values = _message_form()
    if "edit" in parse_qs(bp.current_request.raw_body.decode("utf-8", "replace")):
        return _page("dashboard/compose.html.j2", values=values, errors={})
    try:
        queued = announcements.send(event_id, values, caller_id=bp.current_request.member.id, now=now())
    except ValidationFailed as error:
        return _page("dashboard/compose.html.j2", 400, values=values, errors=error.fields)
    except MessageCapReached as error:
        from chalicelib import error_copy
        answer = _page("dashboard/compose.html.j2", 429, values=values, errors={}, refused=error_copy.error_message(
            error.message_key, locale_of(bp.current_request), **error.values))
        answer.headers["Retry-After"] = str(error.retry_after)
        return answer
    return redirect(f"/organiser/events/{event_id}?" + urlencode({"done": "sent", "n": queued["recipients"]}),
                    bp.current_request)


# ---------------------------------------------------------------- the evaluation (chalicelib.after)

@route(EVENT + "/evaluation", methods=["GET"])
@event_page("overview")
def evaluation(event_id):
    from chalicelib import after, i18n
    event, locale = bp.current_request.event, locale_of(bp.current_request)
    results = after.results(event)
    from babel.numbers import format_decimal
    average = format_decimal(results["average"], "0.0", locale=locale) if results["average"] is not None else "–"
    return _page("dashboard/evaluation.html.j2", results=results, chart=after.score_chart(results), average=average,
                 closes=i18n.format_datetime(after.evaluation_closes(event), event.timezone, locale))


@route(EVENT + "/evaluation/download", methods=["GET"])
@event_page("download")
def evaluation_download(event_id):
    """The answers as an Excel file; the download is in the audit trail, as every download of names."""
    from chalice import Response
    from chalicelib import after, store
    request = bp.current_request
    event, locale = request.event, locale_of(request)
    results = after.results(event)
    store.organisers.put_audit({"token_id": request.member.id, "event_id": event_id, "at": store.table.iso(now()),
                                "action": "evaluation_download", "rows": len(results["answers"])}, now(), event)
    return Response(body=after.results_xlsx(event, results, locale), status_code=200, headers={
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": f'attachment; filename="{event_id}-evaluatie.xlsx"', **http.DOWNLOAD})


# ---------------------------------------------------------------- the door and the attendance list

@route(EVENT + "/door", methods=["GET"])
@event_page("door")
def door(event_id):
    session = _session()
    everyone = listing.seated(event_id, session)
    query = _query("q")[:200]
    shown = [reg for reg in everyone if listing.matches(reg, query)] if query else everyone
    last = next((reg for reg in everyone if reg.id == _query("who")), None)
    return _page("dashboard/door.html.j2", people=shown, q=query, total=len(everyone), last=last,
                 checked_in=sum(reg.checked_in_at is not None for reg in everyone), session=session,
                 chosen_session=listing.session_of(bp.current_request.event, session))


@route(EVENT + "/attendance", methods=["GET"])
@event_page("door")
def attendance(event_id):
    session = _session()
    return _page("dashboard/attendance.html.j2", people=listing.seated(event_id, session), session=session,
                 chosen_session=listing.session_of(bp.current_request.event, session))


# ---------------------------------------------------------------- the check-in link (QR code)

@route("/checkin/{checkin_token}", methods=["GET"])
def checkin_page(checkin_token):
    request = bp.current_request
    token = checkin_token
    event, reg = checkin.open_link(token)
    member = access.signed_in(request)
    role = member.role_of_event(event.id) if member else None
    if not roles.allows(role, "door"):
        return html("dashboard/checkin_closed.html.j2", token=token)
    request.member, request.csrf, request.role = member, access.csrf_for(request), role
    return html("dashboard/checkin.html.j2", event=event, person=reg, token=token, done=_query("done"),
                seated=reg.status in SEATED, at=_short_time(event, locale_of(bp.current_request)))


@route("/checkin/{checkin_token}", methods=["POST"], content_types=["*/*"])
def checkin_action(checkin_token):
    request, token = bp.current_request, checkin_token
    event_id, rid = tokens.parse_checkin(token)        # InvalidToken: the 404 page
    access.require(request, "door", event_id)
    reg = checkin.check_in(event_id, rid, now())
    if http.accepts_json(request):
        return http.json_response({"status": "checked_in", "checked_in_at": reg.checked_in_at.isoformat()},
                                  headers={"Cache-Control": "no-store"})
    return redirect(f"/checkin/{token}?done=checked_in", request)


@route("/checkin/{checkin_token}", methods=["DELETE"])
def checkin_undo(checkin_token):
    """Undo a check-in (Bearer ``admin``, or a session with the ``X-CSRF-Token`` header)."""
    request = bp.current_request
    event_id, rid = tokens.parse_checkin(checkin_token)        # InvalidToken: 404
    caller = access.require(request, "door", event_id)
    checkin.undo_check_in(event_id, rid, caller_id=caller.id)
    return http.json_response({"status": "not_checked_in", "checked_in_at": None}, headers={"Cache-Control": "no-store"})
