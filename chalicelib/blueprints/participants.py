"""The participant list of an attendee (chalicelib.participants), reached from the attendee page, and
the attendee page's maatjes button (chalicelib.buddies)."""
from chalice import Blueprint, Response

from chalicelib import http
from chalicelib.http.routing import now, routes

bp = Blueprint(__name__)
route = routes(bp)


@route("/registrations/{token}/participants", methods=["GET"], page=True)
def participants_page(token):
    from chalicelib import pages, participants, signups
    event, registration = signups.open_registration(token)
    if not participants.offered(event, registration):
        from chalicelib.errors import InvalidToken
        raise InvalidToken("no participant list here")
    done = (bp.current_request.query_params or {}).get("done")
    return http.html_response(participants.page(event, registration, pages.registration_url(token), done),
                              headers=http.NO_STORE)


@route("/registrations/{token}/participants", methods=["POST"], content_types=[http.FORM], page=True)
def participants_share(token):
    """The page's one button: ``share=on`` puts the person on the list, ``share=off`` takes them off."""
    from chalicelib import pages, participants, signups
    event, registration = signups.open_registration(token)
    on = _choice(http.read_form(bp.current_request))
    participants.share(event, registration, now() if on else None)
    return Response(body="", status_code=303, headers={
        "Location": pages.registration_url(token) + "/participants" + ("?done=shared" if on else "?done=unshared"),
        **http.NO_STORE})


@route("/registrations/{token}/buddies", methods=["POST"], content_types=[http.FORM], page=True)
def buddies_join(token):
    """The attendee page's maatjes button: ``share=on`` opts in, ``share=off`` out; the page again."""
    from chalicelib import buddies, pages, signups
    event, registration = signups.open_registration(token)
    on = _choice(http.read_form(bp.current_request))
    registration = buddies.join(event, registration, now() if on else None)
    return http.html_response(pages.registration(event, registration, token, done="buddies_on" if on else "buddies_off",
                                                 position=signups.waitlist_position(registration)))


def _choice(posted: dict) -> bool:
    """The buttons' ``share``: ``on`` or ``off``; anything else is 400 naming it."""
    from chalicelib.errors import ValidationFailed
    if posted.get("share") not in ("on", "off"):
        raise ValidationFailed({"share": "invalid"})
    return posted["share"] == "on"
