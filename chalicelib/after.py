"""After the meeting: the follow-up mail, the evaluation and the proof of attendance (issue 30).

**Follow-up.** Every save of an event (``schedule``) puts its follow-up in the ``by_due`` index
at ``follow_up_at`` (default: ``FOLLOW_UP_HOUR`` o'clock in the event's zone, the day after the
end). ``request_due`` (the reminders' schedule) stamps ``follow_up_requested_at`` once on each
confirmed registration of a due event and takes the event out of the index; the stamp is the
mail worker's cue (``outbox.follow_up_requested``): ``follow_up`` for someone who checked in,
``follow_up_missed`` for the others, each claimed and sent once. Cancelled and erased people
are not confirmed, so they get nothing; a rerun stamps nobody twice.

**Evaluation.** A personal link (``tokens.sign_evaluation``, only in the ``follow_up`` mail)
opens a form for a confirmed registration that checked in (who was not there cannot judge the
meeting; the response rate counts the checked-in people): a score 1-10, two open questions and the organiser's own. One answer per person,
changeable until ``evaluation_closes`` (default ``EVALUATION_DAYS`` after the end). The answer is
stored without name or address (store.after); the organiser sees a name only when the person
ticked ``show_name``, read from the registration at that moment (and only to a role that may see
the people: a meekijker sees the answers without names). Erasing the person deletes the
answer (``signups.erase``: the whole answer, not only its link to them, as open answers may name
them); it expires with the event's data.

**Proof of attendance.** For a checked-in registration of an event with ``proof_of_attendance``
on: a page and a PDF (chalicelib.proof) with a verification link (``tokens.sign_verify``) that
opens a public page saying it is genuine (name, event, date), nothing more.
"""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from chalicelib import store, tokens
from chalicelib.config import settings
from chalicelib.errors import DomainError, InvalidToken, ValidationFailed
from chalicelib.models import CONFIRMED, ERASED

FOLLOW_UP_HOUR = 9
EVALUATION_DAYS = 14
SCORES = range(1, 11)
MAX_ANSWER = 2000
OPEN_QUESTIONS = ("most_useful", "could_be_better")


def follow_up_at(event) -> datetime:
    """When the event's follow-up mail goes out."""
    if event.follow_up_at:
        return event.follow_up_at
    zone = ZoneInfo(event.timezone)
    day = event.ends_at.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(day, time(FOLLOW_UP_HOUR), zone)


def evaluation_closes(event) -> datetime:
    return event.evaluation_closes_at or event.ends_at + timedelta(days=EVALUATION_DAYS)


def schedule(event, now: datetime) -> None:
    """Put the event's follow-up at its moment (moved when the organiser moves it; once it ran, never again)."""
    if not event.cancelled_at:
        store.after.schedule_follow_up(event.id, follow_up_at(event))


def request_due(now: datetime) -> int:
    """Stamp each confirmed registration of every due event once; the mail worker sends. Returns how many."""
    from chalicelib import signups
    from chalicelib.errors import EventNotFound
    stamped = 0
    for event_id in list(store.after.due_follow_ups(now)):
        try:
            event = signups.get_event(event_id)
        except EventNotFound:
            store.after.follow_up_done(event_id, now)
            continue
        if follow_up_at(event) > now:           # moved later meanwhile
            store.after.schedule_follow_up(event_id, follow_up_at(event))
            continue
        if not event.cancelled_at:
            for reg in list(store.roster.registrations(event_id, statuses=(CONFIRMED,), consistent=True)):
                stamped += store.after.request_follow_up(event_id, reg.id, now)
        store.after.follow_up_done(event_id, now)
    return stamped


def kind_for(registration: dict) -> str:
    """The follow-up variant a stored registration gets: thanks, or "sorry you missed it"."""
    return "follow_up" if registration.get("checked_in_at") else "follow_up_missed"


def links(event, reg) -> dict:
    """The follow-up mail's own links: the evaluation, and the proof for a checked-in person."""
    out = {"evaluation_url": evaluation_url(event.id, reg.id)}
    if has_proof(event, reg):
        out["proof_url"] = proof_url(event.id, reg.id)
    return out


# ---------------------------------------------------------------- evaluation

def evaluation_url(event_id: str, rid: str) -> str:
    return f"{settings().public_base_url}/evaluation/{tokens.sign_evaluation(event_id, rid)}"


def open_evaluation(token: str):
    """``(event, registration, answer or None)``; raises InvalidToken (tampered, not confirmed, erased)."""
    from chalicelib import signups
    event_id, rid = tokens.parse_evaluation(token)
    reg = store.roster.get_registration(event_id, rid)
    if reg is None or reg.status != CONFIRMED or not reg.checked_in_at:
        raise InvalidToken("no such registration")
    return signups.get_event(event_id), reg, store.after.get_evaluation(event_id, rid)


def is_open(event, now: datetime) -> bool:
    """From the start of the event until it closes."""
    return event.starts_at <= now < evaluation_closes(event)


def clean_answer(event, form: dict) -> dict:
    """The stored answer from the form's fields; raises ValidationFailed naming each bad field."""
    errors, out = {}, {}
    score = (form.get("score") or "").strip()
    if not score.isdigit() or int(score) not in SCORES:
        errors["score"] = "invalid_score"
    else:
        out["score"] = int(score)
    for key in OPEN_QUESTIONS:
        out[key] = _text(form.get(key), key, errors)
    out["answers"] = [_text(form.get(f"q{i}"), f"q{i}", errors) for i, _ in enumerate(event.evaluation_questions)]
    out["show_name"] = form.get("show_name") in ("on", "true", "1")
    if errors:
        raise ValidationFailed(errors)
    return out


def _text(value, key, errors) -> str:
    value = (value or "").replace("\r\n", "\n").strip() if isinstance(value, str) or value is None else None
    if value is None or len(value) > MAX_ANSWER:
        errors[key] = "too_long" if value else "invalid"
        return ""
    return value


def save_answer(event, reg, form: dict, now: datetime) -> dict:
    """Store (or change) the person's answer while the evaluation is open; raises ValidationFailed
    or EvaluationClosed."""
    if not is_open(event, now):
        raise EvaluationClosed(reg.id)
    answer = clean_answer(event, form)
    retention = event.retention_days or settings().retention_days
    expires_at = int((max(event.ends_at, evaluation_closes(event)) + timedelta(days=retention)).timestamp())
    store.after.put_evaluation(event.id, reg.id, answer, now, expires_at)
    return answer


def results(event) -> dict:
    """The organiser's view: response rate, average, distribution over 1-10, the answers (names
    only where the person allowed it)."""
    answers = store.after.evaluations(event.id)
    invited = sum(1 for reg in store.roster.registrations(event.id, statuses=(CONFIRMED,), consistent=True)
                  if reg.checked_in_at)
    scores = [a["score"] for a in answers if "score" in a]
    names = {}
    for a in answers:
        if a.get("show_name"):
            reg = store.roster.get_registration(event.id, a["registration_id"])
            names[a["registration_id"]] = reg.name if reg and reg.status != ERASED else ""
    return {
        "invited": invited, "responses": len(answers),
        "rate": round(100 * len(answers) / invited) if invited else 0,
        "average": round(sum(scores) / len(scores), 1) if scores else None,
        "distribution": [sum(1 for s in scores if s == score) for score in SCORES],
        "answers": [{**a, "name": names.get(a["registration_id"], "")} for a in answers],
        "questions": list(event.evaluation_questions),
    }


class EvaluationClosed(DomainError):
    code = "evaluation_closed"


# ---------------------------------------------------------------- proof of attendance

def has_proof(event, reg) -> bool:
    return bool(event.proof_of_attendance and reg.status == CONFIRMED and reg.checked_in_at)


def proof_url(event_id: str, rid: str) -> str:
    return f"{settings().public_base_url}/proof/{tokens.sign_proof(event_id, rid)}"


def verify_url(event_id: str, rid: str) -> str:
    return f"{settings().public_base_url}/verify/{tokens.sign_verify(event_id, rid)}"


def open_proof(token: str, parse=tokens.parse_proof):
    """``(event, registration)`` of a proof (or, with ``parse=tokens.parse_verify``, a verification
    link). Raises InvalidToken: tampered, erased, not checked in, or the event gives no proofs."""
    from chalicelib import signups
    from chalicelib.errors import EventNotFound
    event_id, rid = parse(token)
    reg = store.roster.get_registration(event_id, rid)
    try:
        event = signups.get_event(event_id)
    except EventNotFound:
        raise InvalidToken("no such event")
    if reg is None or not has_proof(event, reg):
        raise InvalidToken("no proof")
    return event, reg


# ---------------------------------------------------------------- the attendee's pages

def evaluation_page(event, reg, answer, token: str, now: datetime, *, values: dict = None, errors: dict = None,
                    saved: bool = False) -> str:
    from chalicelib import error_copy, i18n, templating
    locale = event.locale_or_default(reg.locale)
    values = values if values is not None else _answer_values(answer)
    messages = {key: error_copy.field_message(code, locale, key) for key, code in (errors or {}).items()}
    return templating.render(
        "pages/evaluation.html.j2", event=event, locale=locale, title=event.text("title", locale),
        open=is_open(event, now), saved=saved, answered=answer is not None, values=values, errors=messages,
        questions=event.evaluation_questions, action=evaluation_url(event.id, reg.id),
        closes=i18n.format_datetime(evaluation_closes(event), event.timezone, locale))


def _answer_values(answer) -> dict:
    if not answer:
        return {}
    values = {key: answer.get(key, "") for key in OPEN_QUESTIONS}
    values.update({f"q{i}": text for i, text in enumerate(answer.get("answers") or [])})
    values["score"] = answer.get("score", "")
    values["show_name"] = bool(answer.get("show_name"))
    return values


def organisation_name(event) -> str:
    found = store.organisations.get_organisation(event.organisation_id) if event.organisation_id else None
    return (found or {}).get("name", "")


def proof_page(event, reg, token: str) -> str:
    from chalicelib import proof, templating
    locale = event.locale_or_default(reg.locale)
    return templating.render(
        "pages/proof.html.j2", event=event, locale=locale, title=event.text("title", locale),
        facts=proof.facts(event, reg, organisation_name(event), locale),
        pdf_url=f"{settings().public_base_url}/proof/{token}/pdf", verify_url=verify_url(event.id, reg.id))


def proof_pdf(event, reg) -> bytes:
    from chalicelib import proof
    locale = event.locale_or_default(reg.locale)
    return proof.pdf(event, reg, organisation_name(event), verify_url(event.id, reg.id), locale)


def verify_page(token: str, locale: str) -> tuple:
    """``(html, status)``: genuine (200, name, event, date) or not (404), nothing else."""
    from chalicelib import i18n, templating
    try:
        event, reg = open_proof(token, tokens.parse_verify)
    except InvalidToken:
        return templating.render("pages/verify.html.j2", locale=locale, genuine=False), 404
    locale = event.locale_or_default(reg.locale)
    return templating.render("pages/verify.html.j2", locale=locale, genuine=True, person=reg.name,
                             title=event.text("title", locale), period=i18n.format_period(event, locale)), 200


# ---------------------------------------------------------------- the organiser's results

def score_chart(results: dict) -> dict:
    """The signups chart's geometry (chalicelib.organiser.listing.chart) for the scores 1-10."""
    from chalicelib.organiser import listing
    return listing.chart([{"date": str(score), "count": count}
                          for score, count in zip(SCORES, results["distribution"])])


def results_xlsx(event, results: dict, locale: str) -> bytes:
    """The answers as an Excel file, written as every download is (exports.table_xlsx: a bold frozen
    header with a filter, typed cells, text that Excel would run as a formula kept as text): a row
    per answer, names only where the person allowed it."""
    from chalicelib import exports, translations
    _ = translations.gettext(locale)

    def own(i):
        return lambda answer: (list(answer.get("answers") or [])[i:i + 1] or [""])[0]

    def text(key, label):
        return exports.Column(key, label, "text", lambda answer: answer.get(key, ""), width=30)
    cols = [exports.Column("score", _("Cijfer"), "text", lambda answer: answer.get("score"), width=10),
            text("most_useful", _("Wat was het nuttigst?")), text("could_be_better", _("Wat kan beter?")),
            *[exports.Column(f"q{i}", question, "text", own(i), width=30)
              for i, question in enumerate(results["questions"])],
            text("name", _("Naam")),
            exports.Column("updated_at", _("Ingevuld op"), "datetime",
                           lambda answer: datetime.fromisoformat(answer["updated_at"]) if answer.get("updated_at") else None)]
    return exports.table_xlsx(cols, results["answers"], zone=event.timezone, lang=locale, sheet=_("Evaluatie"))
