"""API keys from the browser: a member mints export tokens for their organisation's events
(shown once, on the answer page), sees when each was last used, and revokes them.

Tokens are the same as the CLI's (chalicelib.auth, stored as hashes); a member's token also
records its organisation and maker: every member of that organisation with the ``keys``
capability sees and may revoke it, and it stops when its maker leaves the team or loses the
right to download (chalicelib.auth). A key lives a year at most: there is no "never".
"""
from datetime import timedelta
from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib import http
from chalicelib.http.routing import now, routes
from chalicelib.imports import lazy
from chalicelib.organiser.home import html, member_page, redirect

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import auth, organising
else:
    auth, organising = lazy("chalicelib.auth"), lazy("chalicelib.organising")

bp = Blueprint(__name__)
route = routes(bp)
EXPIRY_DAYS = {"30": 30, "90": 90, "365": 365}     # at most auth.MAX_DAYS
MAX_LABEL = 100


def _request():
    return bp.current_request


@route("/organiser/tokens", methods=["GET"])
@member_page(capability="keys")
def tokens_page():
    done = (_request().query_params or {}).get("done")
    return _page(notice="revoked" if done == "revoked" else None)


@route("/organiser/tokens", methods=["POST"], content_types=[http.FORM])
@member_page(capability="keys")
def mint_token():
    """Mint an export token for the chosen events; the answer page shows it this once."""
    posted = http.read_form(_request())
    organisations = organising.overview(_request().member.email, "keys")
    owner = {e.id: org["id"] for org in organisations for e in org["events"]}
    chosen = [key[len("event:"):] for key in posted if key.startswith("event:")]
    label, expiry = posted.get("label", "").strip(), posted.get("expiry", "")
    errors = {}
    if not 0 < len(label) <= MAX_LABEL:
        errors["label"] = "required" if not label else "too_long"
    if not chosen or any(event_id not in owner for event_id in chosen):
        errors["events"] = "choose_events"
    elif len({owner[event_id] for event_id in chosen}) > 1:
        errors["events"] = "events_of_one_organisation"
    if expiry not in EXPIRY_DAYS:
        errors["expiry"] = "expiry_too_long" if expiry == "never" else "invalid_expiry"
    if errors:
        return _page(errors=errors, label=label, chosen=chosen, expiry=expiry, status=400)
    moment = now()
    expires_at = moment + timedelta(days=EXPIRY_DAYS[expiry])
    token_id, secret = auth.mint("export", chosen, expires_at=expires_at, label=label, now=moment,
                                 organisation_id=owner[chosen[0]], created_by=_request().member.email)
    events = [e for org in organisations for e in org["events"] if e.id in chosen]
    return html("token_minted.html.j2", label=label, secret=secret, events=events, token_id=token_id,
                expires_at=expires_at, moment_of=_formatter())


@route("/organiser/tokens/{token_id}/revoke", methods=["POST"], content_types=[http.FORM])
@member_page(capability="keys")
def revoke_token(token_id):
    if not auth.revoke(token_id, now(), organisation_ids=_request().member.organisations("keys")):
        return html("not_found.html.j2", 404)
    return redirect("/organiser/tokens?done=revoked", _request())


def _state(record, moment) -> str:
    """``revoked``, ``expired``, ``stopped`` (its maker left the team or may no longer download) or ``active``."""
    if record.get("revoked_at"):
        return "revoked"
    if auth.end_of(record) <= moment:
        return "expired"
    return "active" if auth.live(record, moment) else "stopped"


def _formatter():
    """A moment as people read it, in Dutch time: "woensdag 9 december 2026, 13.00 uur"."""
    from chalicelib import i18n
    from chalicelib.organiser.home import locale_of
    locale = locale_of(_request())
    return lambda moment: i18n.format_datetime(moment, "Europe/Amsterdam", locale)


def _page(*, errors=None, label="", chosen=(), expiry="90", status=200, notice=None):
    from chalicelib.organiser.home import locale_of
    organisations = organising.overview(_request().member.email, "keys")
    locale = locale_of(_request())
    titles = {e.id: e.text("title", locale) for org in organisations for e in org["events"]}
    from chalicelib import i18n
    tokens = auth.tokens_of([org["id"] for org in organisations])
    return html("tokens.html.j2", status, organisations=organisations, tokens=tokens, titles=titles,
                moment=lambda iso: i18n.format_short(iso, "Europe/Amsterdam", locale),     # a table cell
                state=lambda record: _state(record, now()), end=auth.end_of, errors=errors or {}, label=label,
                chosen=list(chosen), expiry=expiry, notice=notice)
