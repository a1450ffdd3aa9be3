"""Issue 29 item 2 and 4 in the mails and the invite: the chosen sessions with their times and
rooms; the join link in the reminder of a confirmed online attendee only."""

import pytest

from conftest import DEMO_EVENT, DEMO_PROGRAMME


def event_model(**overrides):
    """The demo event with its programme, as a models.Event (nothing stored)."""
    from dataclasses import replace
    from chalicelib import events
    body = {k: v for k, v in {**DEMO_EVENT, **DEMO_PROGRAMME}.items() if k != "id"}
    return replace(events.from_definition(events.validate(DEMO_EVENT["id"], body)), **overrides)

LINK = "https://zoom.example/j/9876543210?pwd=geheim"
CHOSEN = [{"round": "ronde-1", "id": "maatjes", "status": "confirmed"},
          {"round": "ronde-2", "id": "publieke-arena", "status": "waitlisted"}]


def _reg(status="confirmed", locale="nl", **extra):
    from chalicelib.models import Registration
    return Registration(id="001reg", event_id="circulaire-economie-2026-12-09", status=status, name="Fatima",
                        email="fatima@gemeente.example", locale=locale, extra={"sessions": CHOSEN, **extra})


def _render(kind, reg, event=None):
    from chalicelib import emails
    return emails.render(kind, event or event_model(), reg, {"manage_url": "https://signup.test/registrations/x"},
                         {"position": 1} if kind == "waitlisted" else {})


@pytest.mark.parametrize("kind", ["registered", "reminder", "promoted"])
def test_the_mails_name_the_chosen_sessions_with_times_and_rooms(env, kind):
    mail = _render(kind, _reg())
    assert "Jouw programma" in mail.text
    assert "- 14.00 - 14.55 uur: Zoek maatjes: samen leren in kleine clubjes, Zaal 2 (je hebt een plek)" in mail.text
    assert "15.05 - 16.00 uur: Transitie in de publieke arena, Online (je staat op de wachtlijst)" in mail.text
    assert "<li>14.00 - 14.55 uur: Zoek maatjes: samen leren in kleine clubjes, Zaal 2 (je hebt een plek)</li>" \
        in mail.html


def test_in_english_too(env):
    mail = _render("registered", _reg(locale="en"))
    assert "Your programme" in mail.text
    assert "Find buddies: learning together in small groups, Zaal 2 (you have a place)" in mail.text


def test_a_cancellation_mail_lists_no_programme(env):
    assert "Jouw programma" not in _render("cancelled", _reg(status="cancelled")).text


def test_the_invite_describes_the_chosen_sessions(env):
    from chalicelib import calendar
    ics = calendar.invite(event_model(), _reg()).decode().replace("\r\n ", "")
    assert "Jouw programma:" in ics
    assert "- 14.00 - 14.55 uur: Zoek maatjes: samen leren in kleine clubjes\\, Zaal 2 (je hebt een plek)" in ics
    cancelled = calendar.invite(event_model(), _reg(status="cancelled")).decode()
    assert "Jouw programma" not in cancelled


def test_the_join_link_is_in_the_reminder_of_a_confirmed_online_attendee_only(env):
    hybrid = event_model(online={"capacity": 20, "join_url": LINK})
    online = _render("reminder", _reg(attendance="online"), hybrid)
    assert LINK in online.text and "Online meedoen" in online.text and "Je doet mee: Online." in online.text
    for kind, reg in (("reminder", _reg(attendance="onsite")), ("registered", _reg(attendance="online")),
                      ("reminder", _reg(status="waitlisted", attendance="online"))):
        mail = _render(kind, reg, hybrid)
        assert LINK not in mail.text and "geheim" not in mail.html


def test_moving_up_a_sessions_waiting_list_sends_one_mail_naming_the_programme(env):
    from chalicelib import outbox
    before = {"status": "confirmed", "sessions": [{"round": "ronde-1", "id": "maatjes", "status": "waitlisted"}]}
    after = {"status": "confirmed", "sessions": [{"round": "ronde-1", "id": "maatjes", "status": "confirmed"}]}
    assert outbox.session_seat_given(before, after) == ("session_promoted", "session_promoted:maatjes")
    assert outbox.session_seat_given(after, after) is None
    assert outbox.session_seat_given({**before, "status": "waitlisted"}, after) is None   # the event's own promotion
    mail = _render("session_promoted", _reg())
    assert mail.subject.startswith("Plek in je sessie: ")
    assert "Zoek maatjes: samen leren in kleine clubjes, Zaal 2 (je hebt een plek)" in mail.text
