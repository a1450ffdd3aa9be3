"""Check-in at the door: the link's own token, who sees what, the stamp, the QR code."""
import json
import re
from datetime import datetime, timezone
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest

from chalicelib import checkin, store, tokens
from conftest import DEMO_EVENT, bearer, person, signup
from test_logs import log_lines  # noqa: F401 - the fixture
from test_organisers import FORM, MEMBER, csrf_of, put_org, ses, sign_in  # noqa: F401 (ses is a fixture)

EID = DEMO_EVENT["id"]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def people():
    return list(store.roster.registrations(EID, consistent=True))


@pytest.fixture
def seated(client, demo_event):
    assert signup(client, EID, **person(1, name="Anne de Vries", organisation="Gemeente Utrecht")).status_code == 201
    return people()[0]


def path(reg):
    return "/checkin/" + tokens.sign_checkin(reg.event_id, reg.id)


def test_the_link_is_the_check_in_url(seated):
    assert checkin.checkin_url(EID, seated.id) == "https://signup.test" + path(seated)


def test_a_member_sees_name_status_and_one_button(client, seated, ses):
    cookie = sign_in(client, ses)
    page = client.http.get(path(seated), headers={"Cookie": cookie})
    body = page.body.decode()
    assert page.status_code == 200
    assert "Anne de Vries" in body and "Gemeente Utrecht" in body
    assert body.count('type="submit" class="big"') == 1
    assert page.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("signed_in_elsewhere", [False, True])
def test_anyone_else_sees_no_personal_data(client, admin_token, seated, ses, signed_in_elsewhere):
    headers = {}
    if signed_in_elsewhere:
        assert put_org(client, admin_token, org_id="elders", members=["jan@elders.example"]).status_code == 201
        headers = {"Cookie": sign_in(client, ses, "jan@elders.example")}
    page = client.http.get(path(seated), headers=headers)
    body = page.body.decode()
    assert page.status_code == 200
    for personal in ("Anne de Vries", "Gemeente Utrecht", seated.email, seated.id):
        assert personal not in body
    assert "Inloggen voor organisatoren" in body


def test_a_session_checks_in_once_and_the_export_carries_the_time(client, seated, ses, export_token):
    cookie = sign_in(client, ses)
    csrf = csrf_of(client, cookie)
    first = client.http.post(path(seated), body=urlencode({"csrf": csrf}), headers={**FORM, "Cookie": cookie})
    assert first.status_code == 303
    assert first.headers["Location"] == "https://signup.test" + path(seated) + "?done=checked_in"
    stamped = store.roster.get_registration(EID, seated.id).checked_in_at
    again = client.http.post(path(seated), body=urlencode({"csrf": csrf}),
                             headers={**FORM, "Cookie": cookie, "Accept": "application/json"})
    assert json.loads(again.body) == {"status": "checked_in", "checked_in_at": stamped.isoformat()}
    export = json.loads(client.http.get(f"/events/{EID}/registrations?format=json", headers=bearer(export_token)).body)
    assert export["items"][0]["checked_in_at"] == stamped.astimezone(AMSTERDAM).isoformat(timespec="seconds")
    # the page says when, in the event's zone: "9 dec. 2026, 14.05 uur" (government style), "9 Dec 2026, 2:05 pm"
    from chalicelib import i18n
    dutch = client.http.get(path(seated), headers={"Cookie": cookie}).body.decode()
    english = client.http.get(path(seated) + "?lang=en", headers={"Cookie": cookie}).body.decode()
    assert f"Ingecheckt om {i18n.format_short(stamped, AMSTERDAM, 'nl')}" in dutch
    assert f"Checked in at {i18n.format_short(stamped, AMSTERDAM, 'en')}" in english     # Babel's English (issue 22)
    assert not re.search(r"Ingecheckt om \d+-\d+-\d{4}", dutch)        # no "28-11-2026" (issue 24 item 7)


def test_a_session_post_without_csrf_is_403(client, seated, ses):
    cookie = sign_in(client, ses)
    answer = client.http.post(path(seated), body="", headers={**FORM, "Cookie": cookie, "Accept": "application/json"})
    assert answer.status_code == 403
    assert store.roster.get_registration(EID, seated.id).checked_in_at is None


def test_bearer_admin_checks_in_with_json(client, seated, admin_token, export_token):
    answer = client.http.post(path(seated), headers={**bearer(admin_token), "Accept": "application/json"})
    assert answer.status_code == 200
    body = json.loads(answer.body)
    assert body["status"] == "checked_in"
    assert datetime.fromisoformat(body["checked_in_at"]) <= datetime.now(timezone.utc)
    assert client.http.post(path(seated), headers={**bearer(export_token), "Accept": "application/json"}).status_code == 403
    assert client.http.post(path(seated), headers={"Accept": "application/json"}).status_code == 401


@pytest.mark.parametrize("token", ["x" * 30, "abc.def"])
def test_a_tampered_link_is_404(client, seated, token):
    answer = client.http.get("/checkin/" + token)
    assert answer.status_code == 404
    assert answer.headers["Content-Type"].startswith("text/html")


def test_an_attendee_token_is_not_a_check_in_token(client, seated, admin_token):
    attendee_token = tokens.sign(EID, seated.id)
    assert client.http.get("/checkin/" + attendee_token).status_code == 404
    assert client.http.post("/checkin/" + attendee_token,
                            headers={**bearer(admin_token), "Accept": "application/json"}).status_code == 404
    assert client.http.get("/registrations/" + tokens.sign_checkin(EID, seated.id)).status_code == 404


def test_a_cancelled_registration_cannot_check_in(client, seated, admin_token):
    from chalicelib import signups
    signups.cancel(seated)
    answer = client.http.post(path(seated), headers={**bearer(admin_token), "Accept": "application/json"})
    assert answer.status_code == 409
    assert json.loads(answer.body)["error"] == "not_seated"


def test_an_erased_registration_has_no_link(client, seated, admin_token):
    client.http.delete(f"/events/{EID}/registrations/{seated.id}", headers=bearer(admin_token))
    assert client.http.get(path(seated)).status_code == 404


def test_the_qr_code_reads_back_as_the_link(seated):
    from qr import read_qr
    url = checkin.checkin_url(EID, seated.id)
    assert read_qr(checkin.qr_png(url)) == [url]


def test_the_confirmation_mail_carries_the_link_and_its_qr_code(client, seated):
    from email import message_from_string, policy
    from moto.ses.models import ses_backends
    from conftest import run_email_worker
    from qr import read_qr
    run_email_worker(client)
    [raw] = [m.raw_data for m in ses_backends["123456789012"]["eu-west-1"].sent_messages]
    mail = message_from_string(raw, policy=policy.default)
    url = checkin.checkin_url(EID, seated.id)
    assert url in mail.get_body(("plain",)).get_content()
    related = mail.get_body(("related",))
    [image] = [part for part in related.iter_parts() if part.get_content_type() == "image/png"]
    html = related.get_body(("html",)).get_content()
    assert f'src="cid:{image["Content-ID"][1:-1]}"' in html
    assert read_qr(image.get_content()) == [url]
    assert image.get_filename() == "inchecken.png"
    assert [a.get_filename() for a in mail.iter_attachments()] == ["invite.ics"]


def test_an_english_mail_names_its_qr_code_in_english(client, demo_event):
    from email import message_from_string, policy
    from moto.ses.models import ses_backends
    from conftest import run_email_worker
    assert signup(client, EID, **person(2, organisation="Gemeente Utrecht", locale="en")).status_code == 201
    run_email_worker(client)
    [raw] = [m.raw_data for m in ses_backends["123456789012"]["eu-west-1"].sent_messages]
    mail = message_from_string(raw, policy=policy.default)
    [image] = [part for part in mail.get_body(("related",)).iter_parts() if part.get_content_type() == "image/png"]
    assert image.get_filename() == "check-in.png"


def test_the_attendee_page_shows_the_qr_code_of_a_seat(client, seated):
    page = client.http.get("/registrations/" + tokens.sign(EID, seated.id)).body.decode()
    assert '<svg role="img"' in page and "QR-code om in te checken bij de deur" in page


def test_a_check_in_is_logged_once(seated, log_lines):  # noqa: F811
    at = datetime(2026, 12, 9, 8, 55, tzinfo=timezone.utc)
    checkin.check_in(EID, seated.id, at)
    checkin.check_in(EID, seated.id, at)
    done = [json.loads(line) for line in log_lines if '"checkin.done"' in line]
    assert len(done) == 1 and done[0]["registration_id"] == seated.id


def test_check_in_stamps_once_and_refuses_what_holds_no_seat(seated):
    """The use case without HTTP: a second check-in keeps the first time; an unknown or erased
    registration is not found; a cancelled one is not seated; an erased one has no link."""
    from chalicelib import signups
    from chalicelib.errors import InvalidToken, RegistrationNotFound
    first, later = datetime(2026, 12, 9, 8, 55, tzinfo=timezone.utc), datetime(2026, 12, 9, 9, 30, tzinfo=timezone.utc)
    assert checkin.check_in(EID, seated.id, first).checked_in_at == first
    assert checkin.check_in(EID, seated.id, later).checked_in_at == first
    event, reg = checkin.open_link(tokens.sign_checkin(EID, seated.id))
    assert (event.id, reg.id) == (EID, seated.id)
    with pytest.raises(RegistrationNotFound):
        checkin.check_in(EID, "onbekend", first)
    with pytest.raises(InvalidToken):
        checkin.open_link(tokens.sign_checkin(EID, "onbekend"))
    signups.erase(store.roster.get_registration(EID, seated.id))
    with pytest.raises(RegistrationNotFound):
        checkin.check_in(EID, seated.id, later)
    with pytest.raises(InvalidToken):
        checkin.open_link(tokens.sign_checkin(EID, seated.id))


def test_a_cancelled_seat_is_not_seated_unless_it_was_checked_in_before(client, demo_event):
    from chalicelib import signups
    at = datetime(2026, 12, 9, 8, 55, tzinfo=timezone.utc)
    for n in (1, 2):
        assert signup(client, EID, **person(n)).status_code == 201
    early, late = people()
    checkin.check_in(EID, early.id, at)
    signups.cancel(store.roster.get_registration(EID, early.id))
    signups.cancel(store.roster.get_registration(EID, late.id))
    assert checkin.check_in(EID, early.id, at).checked_in_at == at       # the door saw them; the stamp stays
    with pytest.raises(checkin.NotSeated):
        checkin.check_in(EID, late.id, at)


def test_the_qr_code_is_an_image_with_a_name_and_a_quiet_zone(seated):
    import segno
    url = checkin.checkin_url(EID, seated.id)
    svg = checkin.qr_svg(url, "Inchecklink")
    assert svg.startswith('<svg role="img" ') and svg.count('role="img"') == 1 and "<title>Inchecklink</title>" in svg
    size = segno.make(url, error="m").symbol_size(scale=5, border=4)        # 5 px a module, 4 modules of quiet zone
    assert f'width="{size[0]}" height="{size[1]}"' in svg
    png = checkin.qr_png(url)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width == segno.make(url, error="m").symbol_size(scale=6, border=4)[0]
