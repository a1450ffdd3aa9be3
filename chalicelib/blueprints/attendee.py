"""Attendee links from the mails: the registration page, confirm, cancel, the calendar file, and the
one-click stop link of the organiser's messages."""
from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from chalicelib import http
from chalicelib.errors import DomainError
from chalicelib.http.routing import now, routes
from chalicelib.imports import lazy

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import signups
else:
    signups = lazy("chalicelib.signups")

bp = Blueprint(__name__)
route = routes(bp)


@route("/registrations/{token}", methods=["GET"], page=True)
def attendee_page(token):
    return _attendee_answer(token)


@route("/registrations/{token}/confirm", methods=["POST"], content_types=["*/*"], page=True)
def attendee_confirm(token):
    return _attendee_answer(token, signups.confirm, "confirmed")


@route("/registrations/{token}/cancel", methods=["GET"], page=True)
def attendee_cancel_question(token):
    """The second step of "Afmelden": a page that asks before anything changes (its POST cancels)."""
    from chalicelib import pages
    event, registration = signups.open_registration(token)
    return http.html_response(pages.cancel_question(event, registration, token))


@route("/registrations/{token}/cancel", methods=["POST"], content_types=["*/*"], page=True)
def attendee_cancel(token):
    return _attendee_answer(token, signups.cancel, "cancelled")


@route("/registrations/{token}/sessions", methods=["POST"], content_types=["application/x-www-form-urlencoded"],
       page=True)
def attendee_switch(token):
    """Another session in one round (form: ``round``, ``session_<round>``; empty: none), until the
    organiser's ``changes_close_at`` (chalicelib.choices.switch)."""
    from chalicelib import choices
    form = http.read_body(bp.current_request)
    round_id = form.get("round") if isinstance(form.get("round"), str) else ""
    session_id = form.get("session_" + round_id, "")

    def switch(registration, moment, event):
        return choices.switch(event, registration, round_id, session_id if isinstance(session_id, str) else "",
                              moment)
    return _attendee_answer(token, switch, "switched")


@route("/registrations/{token}/calendar.ics", methods=["GET"], page=True)
def attendee_calendar(token):
    from chalicelib import calendar
    event, registration = signups.open_registration(token)
    body = calendar.invite(event, registration)
    return Response(body=body.decode(), status_code=200, headers={
        "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": 'attachment; filename="invite.ics"',
        **http.DOWNLOAD})


@route("/registrations/{token}/answers", methods=["GET"], page=True)
def answers_form(token):
    """"Gegevens wijzigen": the name and the event's questions, as stored (chalicelib.changes)."""
    from chalicelib import changes, pages
    event, registration = signups.open_registration(token)
    try:
        changes.check_open(event, registration, now())
    except DomainError as refused:
        return _refused(event, registration, token, refused)
    return http.html_response(pages.answers(event, registration, token), headers=http.NO_STORE)


@route("/registrations/{token}/answers", methods=["POST"], content_types=[http.FORM, http.JSON], page=True)
def answers_change(token):
    """The form's post (every field), or JSON with the fields to change (the others stay)."""
    from chalicelib import changes, pages
    from chalicelib.errors import ValidationFailed
    request = bp.current_request
    event, registration = signups.open_registration(token)
    data = http.read_body(request)
    try:
        changed = changes.change(event, registration, data, now(), partial=not http.is_form(request))
    except ValidationFailed as failed:
        if http.accepts_json(request):
            raise
        return http.html_response(pages.answers(event, registration, token, values=data, errors=failed.fields), 400,
                                  headers=http.NO_STORE)
    except DomainError as refused:
        if http.accepts_json(request):
            raise
        return _refused(event, registration, token, refused)
    if http.accepts_json(request):
        return http.json_response({"registration_id": changed.id, "event_id": event.id, "name": changed.name,
                                   "answers": changed.answers}, headers=http.NO_STORE)
    return http.html_response(pages.registration(event, changed, token, done="answers",
                                                 position=signups.waitlist_position(changed)), headers=http.NO_STORE)


@route("/unsubscribe/{token}", methods=["GET"], page=True)
def unsubscribe_page(token):
    from chalicelib import unsubscribe
    event, registration = unsubscribe.open_link(token)
    return http.html_response(unsubscribe.page(event, registration, token, done=False), headers=http.NO_STORE)


@route("/unsubscribe/{token}", methods=["POST"], content_types=["*/*"], page=True)
def unsubscribe_now(token):
    """RFC 8058: a mail client's one-click POST (body ``List-Unsubscribe=One-Click``) or the page's button."""
    from chalicelib import unsubscribe
    event, registration = unsubscribe.stop(token, now())
    return http.html_response(unsubscribe.page(event, registration, token, done=True), headers=http.NO_STORE)


# after the meeting (chalicelib.after): the evaluation, the proof of attendance and its public check

@route("/evaluation/{token}", methods=["GET"], page=True)
def evaluation_form(token):
    from chalicelib import after
    event, registration, answer = after.open_evaluation(token)
    return http.html_response(after.evaluation_page(event, registration, answer, token, now()), headers=http.NO_STORE)


@route("/evaluation/{token}", methods=["POST"], content_types=["application/x-www-form-urlencoded"], page=True)
def evaluation_answer(token):
    from chalicelib import after
    from chalicelib.errors import ValidationFailed
    event, registration, answer = after.open_evaluation(token)
    form = http.read_form(bp.current_request, max_bytes=64 * 1024, max_fields=50)
    try:
        answer = after.save_answer(event, registration, form, now())
    except ValidationFailed as failed:
        return http.html_response(after.evaluation_page(event, registration, answer, token, now(), values=form,
                                                        errors=failed.fields),
                                  400, headers=http.NO_STORE)
    except after.EvaluationClosed:
        return http.html_response(after.evaluation_page(event, registration, answer, token, now()), 409,
                                  headers=http.NO_STORE)
    return http.html_response(after.evaluation_page(event, registration, answer, token, now(), saved=True),
                              headers=http.NO_STORE)


@route("/proof/{token}", methods=["GET"], page=True)
def proof_page(token):
    from chalicelib import after
    event, registration = after.open_proof(token)
    return http.html_response(after.proof_page(event, registration, token), headers=http.NO_STORE)


@route("/proof/{token}/pdf", methods=["GET"], page=True)
def proof_pdf(token):
    from chalicelib import after
    event, registration = after.open_proof(token)
    return Response(body=after.proof_pdf(event, registration), status_code=200, headers={
        "Content-Type": "application/pdf", "Content-Disposition": 'attachment; filename="bewijs-van-deelname.pdf"',
        **http.DOWNLOAD, **http.NO_STORE})


@route("/verify/{token}", methods=["GET"], page=True)
def proof_verify(token):
    """Public: whoever holds the link (printed on the proof) sees whether it is genuine."""
    from chalicelib import after
    body, status = after.verify_page(token, http.request_locale(bp.current_request, ("nl", "en")))
    return http.html_response(body, status, headers=http.NO_STORE)


def _attendee_answer(token, action=None, done=None):
    from chalicelib import pages
    event, registration = signups.open_registration(token)
    if action:
        try:
            registration = action(registration, now(), event=event)
        except DomainError as refused:
            if http.accepts_json(bp.current_request):
                raise
            return _refused(event, registration, token, refused)
    if http.accepts_json(bp.current_request):
        answer = {"registration_id": registration.id, "event_id": event.id, "status": registration.status}
        chosen = (registration.extra or {}).get("sessions") or []
        if chosen:
            answer["sessions"] = [{"id": c["id"], "status": c["status"]} for c in chosen]
        return http.json_response(answer, headers=http.NO_STORE)
    return http.html_response(pages.registration(event, registration, token, done=done,
                                                 position=signups.waitlist_position(registration)))


def _refused(event, registration, token, refused):
    """A page that says why, with the way back to the attendee page."""
    from chalicelib import pages
    return http.html_response(pages.error(refused.message_key, event.locale_or_default(registration.locale),
                                          pages.registration_url(token), back_to="registration"),
                              http.status_of(refused), http.error_headers(refused))
