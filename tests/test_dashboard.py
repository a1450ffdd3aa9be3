"""The organiser's event pages and the endpoints behind them: stats, cancel, the people list."""
import json
import re
from datetime import datetime, timezone
from urllib.parse import urlencode

import pytest

from chalicelib import store
from chalicelib.organiser import listing
from conftest import DEMO_EVENT, bearer, make_event, person, run_email_worker, signup
from test_organisers import FORM, csrf_of, put_org, ses, sign_in  # noqa: F401 (ses is a fixture)

EID = DEMO_EVENT["id"]
PAGES = ["", "/registrations", "/messages/new", "/door", "/attendance"]


def people():
    return list(store.roster.registrations(EID, consistent=True))


@pytest.fixture
def member(client, ses):
    return {"Cookie": sign_in(client, ses)}


@pytest.fixture
def crowd(client, admin_token):
    """Capacity 2: Anne and Bram confirmed, Cas waiting."""
    make_event(client, admin_token, capacity=2)
    for n, (name, org) in enumerate([("Anne de Vries", "Gemeente Utrecht"), ("Bram van der Berg", "Rijkswaterstaat"),
                                     ("Cas Çelik", "Provincie Zeeland")]):
        assert signup(client, EID, **person(n, name=name, organisation=org)).status_code == 201
    return people()


def page(client, member, path="", query=""):
    answer = client.http.get(f"/organiser/events/{EID}{path}{query}", headers=member)
    assert answer.status_code == 200, answer.body[:500]
    assert answer.headers["Cache-Control"] == "no-store"
    return answer.body.decode()


def test_stats_count_by_status_and_day(client, crowd, export_token):
    answer = client.http.get(f"/events/{EID}/stats", headers=bearer(export_token))
    assert answer.status_code == 200
    stats = json.loads(answer.body)
    today = datetime.now(timezone.utc).astimezone(__import__("zoneinfo").ZoneInfo("Europe/Amsterdam")).date()
    assert stats == {"confirmed": 2, "pending": 0, "waitlisted": 1, "cancelled": 0, "expired": 0,
                     "checked_in": 0, "capacity": 2, "signups_per_day": [{"date": today.isoformat(), "count": 3}]}


def test_stats_need_a_token_or_session(client, crowd):
    assert client.http.get(f"/events/{EID}/stats").status_code == 401


def test_days_without_signups_are_zero(client, demo_event):
    from dataclasses import replace
    from chalicelib import signups, stats
    event = signups.get_event(EID)
    regs = [replace(crowd_reg, created_at=datetime(2026, 11, day, 12, tzinfo=timezone.utc))
            for crowd_reg, day in zip([_reg(n) for n in range(3)], (1, 3, 3))]
    assert stats.summarise(event, regs)["signups_per_day"] == [
        {"date": "2026-11-01", "count": 1}, {"date": "2026-11-02", "count": 0}, {"date": "2026-11-03", "count": 2}]


def _reg(n):
    from chalicelib.models import Registration
    return Registration(id=f"r{n}", event_id=EID, status="confirmed", name=f"P {n}", email=f"p{n}@x.example", locale="nl")


def test_dashboard_shows_the_stats_numbers_and_chart(client, crowd, member, export_token):
    body = page(client, member)
    stats = json.loads(client.http.get(f"/events/{EID}/stats", headers=bearer(export_token)).body)
    counts = dict(re.findall(r'data-count="(\w+)"><span class="number">(\d+)</span>', body))
    assert counts == {k: str(stats[k]) for k in ("confirmed", "pending", "waitlisted", "cancelled", "checked_in")}
    bars = re.findall(r'<rect class="bar" data-date="([\d-]+)" data-count="(\d+)"', body)
    rows = re.findall(r'<tr><th scope="row"><time datetime="([\d-]+)">[^<]+</time></th><td>(\d+)</td></tr>', body)
    expected = [(d["date"], str(d["count"])) for d in stats["signups_per_day"]]
    assert bars == expected and rows == expected
    # days as a Dutch reader writes them, not ISO or month first
    assert re.findall(r'<time datetime="[\d-]+">(\d{1,2} [a-z]+ \d{4})</time>', body)
    assert re.findall(r'class="axis">(\d{1,2} [a-z]+)</text>', body)
    assert 'role="img"' in body and "<title id=\"chart-svg-title\">" in body
    for link in ("format=xlsx&amp;lang=nl", "format=csv&amp;delimiter=semicolon&amp;lang=nl", "format=csv&amp;lang=nl\"",
                 "format=json&amp;limit=1000"):
        assert f"/events/{EID}/registrations?{link}" in body


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_in_dutch_and_english(client, crowd, member, path):
    assert "<html lang=\"nl\">" in page(client, member, path)
    assert "<html lang=\"en\">" in page(client, member, path, "?lang=en")


@pytest.mark.parametrize("path", PAGES + ["/registrations/x/cancel"])
def test_another_organisation_gets_the_not_found_page(client, admin_token, crowd, ses, path):
    assert put_org(client, admin_token, org_id="elders", members=["jan@elders.example"]).status_code == 201
    cookie = sign_in(client, ses, "jan@elders.example")
    answer = client.http.get(f"/organiser/events/{EID}{path}", headers={"Cookie": cookie})
    assert answer.status_code == 404
    assert "Anne de Vries" not in answer.body.decode()


def test_without_a_session_the_pages_send_you_to_sign_in(client, crowd):
    answer = client.http.get(f"/organiser/events/{EID}")
    assert answer.status_code == 303 and answer.headers["Location"] == (    # and back here afterwards (issue 22)
        f"https://signup.test/organiser?next=%2Forganiser%2Fevents%2F{EID}")


@pytest.mark.parametrize("query, names", [
    ("", ["Anne de Vries", "Bram van der Berg", "Cas Çelik"]),
    ("?q=celik", ["Cas Çelik"]),                         # accents do not matter
    ("?q=rijkswaterstaat", ["Bram van der Berg"]),       # the organisation
    ("?q=deelnemer0%40", ["Anne de Vries"]),             # the address
    ("?status=waitlisted", ["Cas Çelik"]),
    ("?q=anne&status=waitlisted", []),
])
def test_the_list_searches_and_filters(client, crowd, member, query, names):
    body = page(client, member, "/registrations", query)
    assert re.findall(r'<tr data-registration="\w+">\s*<th scope="row">([^<]+)</th>', body) == names


def test_a_long_address_breaks_after_the_at_sign_first(client, crowd, member):
    body = page(client, member, "/registrations", "?q=anne")
    assert re.findall(r'<td class="address"[^>]*>([^<]*)@<wbr>([^<]*)</td>', body) == [("deelnemer0", "gemeente.example")]


def test_the_list_pages_by_fifty():
    regs = [_reg(n) for n in range(120)]
    assert [(p.number, len(p.items), p.pages) for p in (listing.page_of(regs, n) for n in (1, 3, 9))] == [
        (1, 50, 3), (3, 20, 3), (3, 20, 3)]


@pytest.mark.parametrize("name, key", [
    ("Jan van der Berg", "berg"), ("Anne de Vries", "vries"), ("Zoë O'Brien", "o'brien"), ("Madonna", "madonna"),
    ("Kees van 't Hek", "hek"), ("De Groot", "groot")])
def test_surnames_sort_without_prefixes(name, key):
    assert listing.surname_key(name)[0] == key


def test_cancel_on_their_behalf_needs_a_confirmation_then_moves_the_list(client, crowd, member, ses):
    anne, cas = crowd[0], crowd[2]
    confirm = page(client, member, f"/registrations/{anne.id}/cancel")
    assert "Anne de Vries afmelden?" in confirm and "wachtlijst" in confirm
    assert store.roster.get_registration(EID, anne.id).status == "confirmed"       # the GET changed nothing
    answer = client.http.post(f"/organiser/events/{EID}/registrations/{anne.id}/cancel",
                              body=urlencode({"csrf": csrf_of(client, member["Cookie"])}), headers={**FORM, **member})
    assert answer.status_code == 303
    assert store.roster.get_registration(EID, anne.id).status == "cancelled"
    assert store.roster.get_registration(EID, cas.id).status == "confirmed"
    run_email_worker(client)
    subjects = {(m.destinations[0], m.raw_data.split("Subject: ")[1].split("\r\n")[0])
                for m in ses.sent_messages if "deelnemer" in m.destinations[0]}
    assert any(to == anne.email and subject.startswith("Afgemeld: ") for to, subject in subjects)
    assert store.roster.get_registration(EID, anne.id).cancelled_by == "organiser"     # the mail says who


@pytest.mark.parametrize("waitlist", [True, False])
def test_a_cancel_mentions_the_waiting_list_only_on_an_event_that_has_one(client, admin_token, member, waitlist):
    """Issue 24 item 2: the question and the notice are true for the event they are about."""
    make_event(client, admin_token, capacity=2, waitlist_enabled=waitlist)
    assert signup(client, EID, **person(1, name="Anne de Vries")).status_code == 201
    (anne,) = people()
    confirm = page(client, member, f"/registrations/{anne.id}/cancel")
    notice = page(client, member, "/registrations", "?done=cancelled")
    assert ("wachtlijst" in confirm) is waitlist
    assert "De deelnemer is afgemeld en krijgt daarover een e-mail." in notice
    assert ("Staat er iemand op de wachtlijst" in notice) is waitlist


def test_the_cancel_api(client, crowd, admin_token, export_token):
    anne, cas = crowd[0], crowd[2]
    url = f"/events/{EID}/registrations/{anne.id}/cancel"
    assert client.http.post(url, headers=bearer(export_token)).status_code == 403
    answer = client.http.post(url, headers=bearer(admin_token))
    assert answer.status_code == 200
    assert json.loads(answer.body) == {"registration_id": anne.id, "event_id": EID, "status": "cancelled"}
    assert client.http.post(url, headers=bearer(admin_token)).status_code == 200        # again: harmless
    assert store.roster.get_registration(EID, cas.id).status == "confirmed"
    assert client.http.post(f"/events/{EID}/registrations/nobody/cancel", headers=bearer(admin_token)).status_code == 404
    audit = [r for r in store.organisers.list_audit(EID) if r.get("action") == "cancel"]
    assert [r["registration_id"] for r in audit] == [anne.id]


def test_erase_explains_the_avg_then_forgets(client, crowd, member):
    anne = crowd[0]
    confirm = page(client, member, f"/registrations/{anne.id}/erase")
    assert "AVG" in confirm and "voorgoed" in confirm
    answer = client.http.post(f"/organiser/events/{EID}/registrations/{anne.id}/erase",
                              body=urlencode({"csrf": csrf_of(client, member["Cookie"])}), headers={**FORM, **member})
    assert answer.status_code == 303
    gone = store.roster.get_registration(EID, anne.id)
    assert (gone.status, gone.name, gone.email) == ("erased", "", "")
    assert "Anne de Vries" not in page(client, member, "/registrations")


def test_an_action_without_csrf_is_403(client, crowd, member):
    anne = crowd[0]
    answer = client.http.post(f"/organiser/events/{EID}/registrations/{anne.id}/erase", body="", headers={**FORM, **member})
    assert answer.status_code == 403
    assert store.roster.get_registration(EID, anne.id).status == "confirmed"


def test_resend_asks_the_worker_once_a_minute(client, crowd, member):
    anne = crowd[0]
    csrf = csrf_of(client, member["Cookie"])
    url = f"/organiser/events/{EID}/registrations/{anne.id}/resend"
    first = client.http.post(url, body=urlencode({"csrf": csrf}), headers={**FORM, **member})
    second = client.http.post(url, body=urlencode({"csrf": csrf}), headers={**FORM, **member})
    assert "done=resent" in first.headers["Location"]
    assert "done=resend_waiting" in second.headers["Location"]


def test_the_door_checks_in_and_counts(client, crowd, member):
    bram = crowd[1]
    door = page(client, member, "/door")
    assert "0</strong> van 2 ingecheckt" in door
    assert "Cas Çelik" not in door                          # waiting, no seat
    answer = client.http.post(f"/organiser/events/{EID}/registrations/{bram.id}/checkin",
                              body=urlencode({"csrf": csrf_of(client, member["Cookie"]), "back": "door", "q": "bram"}),
                              headers={**FORM, **member})
    # the search is cleared for the next person (issue 22)
    assert answer.headers["Location"] == f"https://signup.test/organiser/events/{EID}/door?done=checked_in&who={bram.id}"
    door = page(client, member, "/door", "?q=bram")
    assert "1</strong> van 2 ingecheckt" in door and "✓ ingecheckt" in door
    assert "Anne de Vries" not in door


def test_the_attendance_list_is_by_surname_with_a_signature_column(client, crowd, member):
    body = page(client, member, "/attendance")
    assert re.findall(r'<th scope="row">([^<]+)</th>', body) == ["Bram van der Berg", "Anne de Vries"]
    assert "Handtekening" in body and "@media print" in client.http.get("/assets/site.css").body.decode()


def test_no_shows_after_the_event(client, admin_token, member):
    make_event(client, admin_token, starts_at="2020-01-10T13:00:00", ends_at="2020-01-10T17:00:00",
               registration_open=True, registration_closes_at=None, retention_days=36500)
    from chalicelib import checkin, signups
    for n in range(2):
        signups.register(EID, {**person(n), "consent": True}, now=datetime(2020, 1, 1, tzinfo=timezone.utc))
    came = people()[0]
    checkin.check_in(EID, came.id, datetime(2020, 1, 10, 13, tzinfo=timezone.utc))
    body = page(client, member)
    assert re.search(r'data-count="no_show"><span class="number">1</span>', body)
    assert "status=confirmed&amp;checked_in=no" in body
    listed = page(client, member, "/registrations", "?status=no_show")
    assert re.findall(r'<tr data-registration="(\w+)">', listed) == [people()[1].id]


@pytest.mark.parametrize("origin, status", [("null", 303), ("https://signup.test", 303), ("https://evil.example", 403)])
def test_a_form_post_from_our_no_referrer_pages_passes_the_origin_check(client, crowd, member, origin, status):
    """Pages send Referrer-Policy: no-referrer, so a browser's form POST says ``Origin: null``."""
    answer = client.http.post(f"/organiser/events/{EID}/registrations/{crowd[0].id}/checkin",
                              body=urlencode({"csrf": csrf_of(client, member["Cookie"])}),
                              headers={**FORM, **member, "Origin": origin})
    assert answer.status_code == status


@pytest.mark.parametrize("locale, pattern, written", [
    ("nl", "d MMMM y", "9 december 2026"), ("nl", "d MMM", "9 dec"), ("en", "d MMMM y", "9 December 2026"),
    ("en", "d MMM", "9 Dec")])
def test_chart_days_are_written_as_people_read_them(locale, pattern, written):
    from chalicelib import i18n
    assert i18n.format_day("2026-12-09", locale, pattern) == written


def test_table_dates_read_as_the_government_writes_them(client, crowd, member):
    """Issue 24 item 7: "9 dec. 2026, 13.00 uur" in tables, never "05-12-2026" (read as May 12)."""
    listing = page(client, member, "/registrations")
    assert re.search(r"<td[^>]*>\d{1,2} [a-z]{3,4}\.? 20\d\d, \d{1,2}\.\d\d uur</td>", listing)
    assert not re.search(r"\d\d-\d\d-20\d\d", listing)
    english = page(client, member, "/registrations", "?lang=en")
    assert re.search(r"<td[^>]*>\d{1,2} [A-Z][a-z]{2,3} 20\d\d, \d{1,2}:\d\d [ap]m</td>", english)
