"""Issue 22, organiser items 8-13: the paths an organiser walks between the pages, by clicking."""
import re

import pytest

from conftest import DEMO_EVENT
from test_dashboard import crowd, member, page  # noqa: F401 (fixtures)
from test_logs import log_lines  # noqa: F401 (a fixture)
from test_organisers import ses  # noqa: F401 (a fixture)

EID = DEMO_EVENT["id"]
EVENT_PAGES = ["", "/registrations", "/messages/new", "/door", "/attendance", "/edit", "/embed"]


def hrefs(body):
    return re.findall(r'href="https://signup\.test([^"]+)"', body)


def breadcrumb(body):
    """The breadcrumb's items as (text, path or None for the current page)."""
    nav = re.search(r'<nav class="breadcrumb" aria-label="Je bent hier">(.*?)</nav>', body, re.S)
    assert nav, "no breadcrumb"
    items = re.findall(r'<li>(?:<a href="https://signup\.test([^"]+)">([^<]+)</a>|<span aria-current="page">([^<]+)</span>)</li>',
                       nav.group(1))
    return [(text or current, path or None) for path, text, current in items]


# ---------------------------------------------------------------- 8. reachable by clicking

def test_the_event_list_opens_the_overview(client, crowd, member):  # noqa: F811
    body = client.http.get("/organiser", headers=member).body.decode()
    title = DEMO_EVENT["title"]["nl"]
    assert re.search(rf'<a href="https://signup\.test/organiser/events/{EID}">{re.escape(title)}</a>', body)


def test_the_overview_links_to_edit_embed_door_and_attendance(client, crowd, member):  # noqa: F811
    links = hrefs(page(client, member))
    for path in ("/edit", "/embed", "/door", "/attendance", "/registrations"):
        assert f"/organiser/events/{EID}{path}" in links


@pytest.mark.parametrize("path", EVENT_PAGES)
def test_every_event_page_shows_where_you_are_and_a_way_back(client, crowd, member, path):  # noqa: F811
    trail = breadcrumb(page(client, member, path))
    assert trail[0] == ("Bijeenkomsten", "/organiser")
    assert trail[1][1] in (None, f"/organiser/events/{EID}")
    assert trail[-1][1] is None and len(trail) == (2 if path == "" else 3)


@pytest.mark.parametrize("path, expected", [
    ("/organiser", [("Bijeenkomsten", None)]),
    ("/organiser/tokens", [("Bijeenkomsten", "/organiser"), ("Koppelingen met Excel", None)]),
    ("/organiser/events/new", [("Bijeenkomsten", "/organiser"), ("Nieuwe bijeenkomst", None)]),
])
def test_the_other_pages_show_a_breadcrumb_too(client, crowd, member, path, expected):  # noqa: F811
    answer = client.http.get(path, headers=member)
    assert answer.status_code == 200
    assert breadcrumb(answer.body.decode()) == expected


def test_the_sign_in_page_has_a_breadcrumb(client):
    assert breadcrumb(client.http.get("/organiser").body.decode()) == [("Inloggen", None)]


# ---------------------------------------------------------------- 10. downloads in the organiser's language

def download_links(body):
    return re.findall(r'href="https://signup\.test(/events/[^"]+/registrations\?[^"]+)"[^>]*download', body)


def xlsx_header(client, member, link):
    import io
    from openpyxl import load_workbook
    answer = client.http.get(link.replace("&amp;", "&"), headers={**member, "Accept": "*/*"})
    assert answer.status_code == 200, answer.body[:300]
    return [cell.value for cell in next(load_workbook(io.BytesIO(answer.body)).active.iter_rows(max_row=1))]


@pytest.mark.parametrize("locale, name", [("", "Naam"), ("?lang=en", "Name")])
def test_every_excel_link_gives_the_overviews_labels(client, crowd, member, locale, name):  # noqa: F811
    overview = [link for link in download_links(page(client, member, "", locale)) if "format=xlsx" in link
                and "checked_in" not in link]
    people = [link for link in download_links(page(client, member, "/registrations", locale)) if "format=xlsx" in link]
    events = [link for link in download_links(client.http.get("/organiser" + locale, headers=member).body.decode())
              if "format=xlsx" in link]
    assert overview and people and events
    headers = [xlsx_header(client, member, link) for link in overview + people + events]
    assert all(header == headers[0] for header in headers) and name in headers[0]


def test_the_two_csv_downloads_have_their_own_file_names(client, crowd, member):  # noqa: F811
    links = download_links(page(client, member))
    names = set()
    for link in links:
        answer = client.http.get(link.replace("&amp;", "&"), headers={**member, "Accept": "*/*"})
        names.add(re.search(r'filename="([^"]+)"', answer.headers["Content-Disposition"]).group(1))
    assert f"{EID}-aanmeldingen.csv" in names and f"{EID}-aanmeldingen-excel-nl.csv" in names
    assert f"{EID}-aanmeldingen.xlsx" in names and len(names) >= 4


@pytest.mark.parametrize("query", ["format=csv&lang=nl", "format=csv&delimiter=semicolon&lang=nl", "format=csv&lang=en"])
def test_csv_times_are_read_as_dates_in_the_events_zone(client, crowd, member, query):  # noqa: F811
    import csv
    import io
    from datetime import datetime
    from zoneinfo import ZoneInfo
    answer = client.http.get(f"/events/{EID}/registrations?{query}", headers=member)
    rows = list(csv.reader(io.StringIO(answer.body.decode("utf-8-sig")), delimiter=";" if "semicolon" in query else ","))
    header = rows[0]
    label = "Aangemeld op (Europe/Amsterdam)" if "nl" in query else "Registered at (Europe/Amsterdam)"
    assert label in header
    stored = {reg.email: reg.created_at for reg in crowd}
    from chalicelib import translations
    from chalicelib.schema import attributes
    email = header.index(translations.gettext("nl" if "nl" in query else "en")(attributes.by_name()["email"].label))
    for row in rows[1:]:
        written = row[header.index(label)]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", written)
        expected = stored[row[email]].astimezone(ZoneInfo("Europe/Amsterdam")).replace(microsecond=0, tzinfo=None)
        assert datetime.strptime(written, "%Y-%m-%d %H:%M:%S") == expected


def test_the_apis_default_csv_keeps_machine_names_and_iso_times(client, crowd, export_token):  # noqa: F811
    from conftest import bearer
    answer = client.http.get(f"/events/{EID}/registrations", headers=bearer(export_token))
    header, first = answer.body.decode("utf-8-sig").splitlines()[:2]
    assert header.startswith('"registration_id","status","name","email","locale","created_at"')
    assert re.search(r'"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00"', first)
    assert answer.headers["Content-Disposition"] == f'attachment; filename="{EID}-registrations.csv"'


# ---------------------------------------------------------------- 12. people, attendance, undoing a check-in

QUESTIONS = [{"name": "organisation", "type": "text", "required": True, "label": {"nl": "Organisatie", "en": "Organisation"}},
             {"name": "lunch", "type": "select", "required": False, "label": {"nl": "Lunch", "en": "Lunch"},
              "options": ["Vegetarisch", "Vegan"]},
             {"name": "nieuwsbrief", "type": "checkbox", "required": False,
              "label": {"nl": "Nieuwsbrief", "en": "Newsletter"}}]


def csrf(body):
    return re.search(r'name="csrf" value="([^"]+)"', body).group(1)


def post(client, member, path, **fields):
    from urllib.parse import urlencode
    return client.http.post(path, body=urlencode(fields),
                            headers={**member, "Content-Type": "application/x-www-form-urlencoded"})


def row_of(body, name):
    return re.search(r'<tr data-registration="\w+">\s*<th scope="row">' + re.escape(name) + r'</th>(.*?)</tr>', body, re.S).group(1)


def test_the_people_list_shows_the_organisation_and_the_answers(client, admin_token, member):  # noqa: F811
    from conftest import make_event, person, signup
    make_event(client, admin_token, fields=QUESTIONS)
    assert signup(client, EID, **person(1, name="Anne de Vries", organisation="Gemeente Utrecht", lunch="Vegan",
                                        nieuwsbrief=True)).status_code == 201
    row = row_of(page(client, member, "/registrations"), "Anne de Vries")
    assert "Gemeente Utrecht" in row and "Lunch: Vegan" in row and "Nieuwsbrief: ja" in row
    english = row_of(page(client, member, "/registrations", "?lang=en"), "Anne de Vries")
    assert "Newsletter: yes" in english


def check_in(client, member, reg, back="door", **extra):
    body = page(client, member, "/door")
    return post(client, member, f"/organiser/events/{EID}/registrations/{reg.id}/checkin", csrf=csrf(body), back=back,
                **extra)


def test_the_attendance_list_marks_who_checked_in(client, crowd, member):  # noqa: F811
    anne = next(reg for reg in crowd if reg.name == "Anne de Vries")
    assert check_in(client, member, anne).status_code == 303
    body = page(client, member, "/attendance")
    marked = dict(re.findall(r'<th scope="row">([^<]+)</th><td>[^<]*</td>\s*<td class="arrived">([^<]*)</td>', body))
    assert marked["Anne de Vries"].startswith("✓ ") and marked["Bram van der Berg"] == ""


def test_the_door_search_clears_after_a_check_in_and_names_who(client, crowd, member):  # noqa: F811
    anne = next(reg for reg in crowd if reg.name == "Anne de Vries")
    answer = check_in(client, member, anne, q="anne")
    assert "q=" not in answer.headers["Location"]
    body = client.http.get(answer.headers["Location"].replace("https://signup.test", ""), headers=member).body.decode()
    assert re.search(r'<input type="search" id="q" name="q" value=""', body)
    assert "Anne de Vries is ingecheckt." in body and "Bram van der Berg" in body


def test_a_check_in_can_be_undone_at_the_door(client, crowd, member, log_lines):  # noqa: F811
    from chalicelib import store
    anne = next(reg for reg in crowd if reg.name == "Anne de Vries")
    check_in(client, member, anne)
    body = page(client, member, "/door")
    undo = f"/organiser/events/{EID}/registrations/{anne.id}/checkin/undo"
    assert f'action="https://signup.test{undo}"' in body
    assert post(client, member, undo, back="door").status_code == 403             # no CSRF token
    answer = post(client, member, undo, csrf=csrf(body), back="door")
    assert answer.status_code == 303 and "done=checkin_undone" in answer.headers["Location"]
    assert store.roster.get_registration(EID, anne.id).checked_in_at is None
    assert "Het inchecken is ongedaan gemaakt." in page(client, member, "/door", "?done=checkin_undone")
    import json as _json
    undone = [_json.loads(line) for line in log_lines if '"checkin.undone"' in line]
    assert len(undone) == 1 and undone[0]["registration_id"] == anne.id and undone[0]["caller_id"]


def test_the_qr_check_in_page_can_undo_and_comes_back(client, crowd, member):  # noqa: F811
    from chalicelib import store, tokens
    anne = next(reg for reg in crowd if reg.name == "Anne de Vries")
    token = tokens.sign_checkin(EID, anne.id)
    body = client.http.get(f"/checkin/{token}", headers=member).body.decode()
    client.http.post(f"/checkin/{token}", body=f"csrf={csrf(body)}",
                     headers={**member, "Content-Type": "application/x-www-form-urlencoded"})
    body = client.http.get(f"/checkin/{token}", headers=member).body.decode()
    assert "Inchecken ongedaan maken" in body
    answer = post(client, member, f"/organiser/events/{EID}/registrations/{anne.id}/checkin/undo", csrf=csrf(body),
                  back="checkin", token=token)
    assert answer.headers["Location"] == f"https://signup.test/checkin/{token}?done=checkin_undone"
    assert store.roster.get_registration(EID, anne.id).checked_in_at is None
    # a token of someone else does not steer the way back
    bram = next(reg for reg in crowd if reg.name == "Bram van der Berg")
    answer = post(client, member, f"/organiser/events/{EID}/registrations/{anne.id}/checkin/undo", csrf=csrf(body),
                  back="checkin", token=tokens.sign_checkin(EID, bram.id))
    assert "/checkin/" not in answer.headers["Location"]


def test_the_api_undoes_a_check_in_with_delete(client, crowd, admin_token, export_token):  # noqa: F811
    import json as _json
    from datetime import datetime, timezone
    from chalicelib import checkin, store, tokens
    from conftest import bearer
    anne = next(reg for reg in crowd if reg.name == "Anne de Vries")
    checkin.check_in(EID, anne.id, datetime.now(timezone.utc))
    token = tokens.sign_checkin(EID, anne.id)
    assert client.http.delete(f"/checkin/{token}").status_code == 401
    assert client.http.delete(f"/checkin/{token}", headers=bearer(export_token)).status_code == 403
    answer = client.http.delete(f"/checkin/{token}", headers=bearer(admin_token))
    assert answer.status_code == 200 and _json.loads(answer.body) == {"status": "not_checked_in", "checked_in_at": None}
    assert store.roster.get_registration(EID, anne.id).checked_in_at is None
    assert client.http.delete(f"/checkin/{token}", headers=bearer(admin_token)).status_code == 200   # again: harmless
    assert client.http.delete(f"/checkin/{token[:-2]}xx", headers=bearer(admin_token)).status_code == 404


# ---------------------------------------------------------------- 13. signing in and out, the header, the mail

def cookie_value(answer, name):
    cookies = answer.headers.get("Set-Cookie", "")      # a list when the answer sets more than one
    found = re.search(rf"(?:^|, ){name}=([^;]*)", ", ".join(cookies) if isinstance(cookies, list) else cookies)
    return found and found.group(1)


def sign_in_to(client, ses, wanted):  # noqa: F811
    """Ask for ``wanted`` signed out, sign in through the mail in the same browser; the last answer."""
    from test_organisers import MEMBER, login_link
    asked = client.http.get(wanted)
    assert asked.status_code == 303
    login_page = asked.headers["Location"].replace("https://signup.test", "")
    body = client.http.get(login_page).body.decode()
    hidden = re.search(r'name="next" value="([^"]*)"', body)
    fields = {"email": MEMBER, **({"next": hidden.group(1).replace("&amp;", "&")} if hidden else {})}
    from urllib.parse import urlencode
    sent = client.http.post("/organiser/login", body=urlencode(fields), headers={"Content-Type": "application/x-www-form-urlencoded"})
    kept = cookie_value(sent, "next")
    jar = {"Cookie": f"next={kept}"} if kept else {}
    path = login_link(ses, MEMBER)
    confirm = client.http.get(path, headers=jar).body.decode()
    hidden = re.search(r'name="next" value="([^"]*)"', confirm)
    body = urlencode({"next": hidden.group(1).replace("&amp;", "&")}) if hidden else ""
    return client.http.post(path, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})


@pytest.mark.parametrize("wanted", [f"/organiser/events/{EID}/door", f"/organiser/events/{EID}/registrations?q=anne",
                                    "/organiser/tokens"])
def test_after_signing_in_you_return_to_the_page_you_asked_for(client, demo_event, ses, wanted):  # noqa: F811
    answer = sign_in_to(client, ses, wanted)
    assert answer.status_code == 303 and answer.headers["Location"] == "https://signup.test" + wanted


def test_the_qr_code_page_signs_in_and_comes_back(client, crowd, ses):  # noqa: F811
    from chalicelib import tokens
    token = tokens.sign_checkin(EID, crowd[0].id)
    body = client.http.get(f"/checkin/{token}").body.decode()
    assert f'href="https://signup.test/organiser?next=%2Fcheckin%2F{token}"' in body


@pytest.mark.parametrize("hostile", ["https://evil.example/organiser", "//evil.example/organiser", "/\\evil.example",
                                     "/organiser/../../evil", "javascript:alert(1)", "/organiser\r\nLocation: //evil",
                                     "/organiser/%2F%2Fevil.example", "/events/x/registrations", "/organiser@evil.example"])
def test_no_other_place_is_followed_after_signing_in(client, demo_event, ses, hostile):  # noqa: F811
    from urllib.parse import urlencode
    from test_organisers import MEMBER, login_link
    body = client.http.get("/organiser?" + urlencode({"next": hostile})).body.decode()
    assert 'name="next"' not in body
    client.http.post("/organiser/login", body=urlencode({"email": MEMBER, "next": hostile}),
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    path = login_link(ses, MEMBER)
    from urllib.parse import quote
    confirm = client.http.get(path, headers={"Cookie": f"next={quote(hostile, safe='')}"}).body.decode()
    assert 'name="next"' not in confirm
    answer = client.http.post(path, body=urlencode({"next": hostile}), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.headers["Location"] == "https://signup.test/organiser"


def test_signing_out_says_so(client, crowd, member):  # noqa: F811
    body = client.http.get("/organiser", headers=member).body.decode()
    answer = post(client, member, "/organiser/logout", csrf=csrf(body))
    assert answer.status_code == 303
    page_after = client.http.get(answer.headers["Location"].replace("https://signup.test", "")).body.decode()
    assert '<p class="notice" role="status">Je bent uitgelogd.</p>' in page_after
    assert "Je bent uitgelogd." not in client.http.get("/organiser").body.decode()


def test_the_header_names_the_product_not_signing_up(client):
    body = client.http.get("/organiser").body.decode()
    assert "Aanmelden" not in body and "Bijeenkomsten beheren" in body
    assert "Manage events" in client.http.get("/organiser?lang=en").body.decode()


def test_the_sign_in_mail_breaks_no_word(client, demo_event, ses):  # noqa: F811
    """Quoted-printable breaks a line longer than 76 characters with a soft break ("=" at the end),
    inside a word where it falls; only the link may be that long."""
    from urllib.parse import urlencode
    from test_organisers import MEMBER, login_link
    for lang in ("", "?lang=en"):
        client.http.post("/organiser/login" + lang, body=urlencode({"email": MEMBER}),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        link = login_link(ses, MEMBER)
        raw = [m.raw_data for m in ses.sent_messages if MEMBER in m.destinations][-1]
        text_part = raw.split('Content-Type: text/plain; charset="utf-8"')[1].split("--=")[0]
        lines, logical = text_part.replace("\r\n", "\n").split("\n"), []
        for line in lines:
            if logical and logical[-1].endswith("="):
                logical[-1] = logical[-1][:-1] + line
            else:
                logical.append(line)
        soft = [line for line in logical if line not in lines]
        assert all(link in line for line in soft), soft
        from email import message_from_string, policy
        html = message_from_string(raw, policy=policy.default).get_body(("html",)).get_content()
        assert "break-all" not in html      # (the raw text after the HTML part holds other parts: parse, don't split)


def test_the_compose_page_shows_the_greeting_that_is_added(client, crowd, member):  # noqa: F811
    body = page(client, member, "/messages/new")
    hint = re.search(r'<span class="hint" id="body-hint">([^<]+)</span>', body).group(1)
    assert "„Beste [naam],”" in hint and "zonder aanhef" in hint
    assert 'aria-describedby="body-hint"' in body
    # and it is the greeting the mail really starts with
    from urllib.parse import urlencode
    answer = client.http.post(f"/organiser/events/{EID}/messages/preview",
                              body=urlencode({"csrf": csrf(body), "subject": "Zaal", "body": "Andere zaal.", "to": "confirmed"}),
                              headers={**member, "Content-Type": "application/x-www-form-urlencoded"})
    assert re.search(r'<pre class="mail-text">Beste (Anne de Vries|Bram van der Berg),', answer.body.decode())
    assert "“Dear [name],”" in page(client, member, "/messages/new", "?lang=en")


# ---------------------------------------------------------------- 13. the editor: organiser filled in, a short zone list

def new_event_page(client, member, query=""):  # noqa: F811
    answer = client.http.get(f"/organiser/events/new?organisation=duurzaamdoor{query}", headers=member)
    assert answer.status_code == 200
    return answer.body.decode()


def test_a_new_event_has_the_organisers_name_and_address(client, demo_event, member):  # noqa: F811
    from organiser_pages import form_fields
    from test_organisers import MEMBER
    fields = form_fields(new_event_page(client, member))
    assert (fields["organiser_name"], fields["organiser_email"]) == ("DuurzaamDoor", MEMBER)


def test_the_time_zone_is_amsterdam_or_another_chosen_behind_a_choice(client, demo_event, member):  # noqa: F811
    from organiser_pages import form_fields, post_form
    body = new_event_page(client, member)
    radios = re.findall(r'<input type="radio" id="[\w-]+" name="timezone" value="([^"]+)"', body)
    assert radios == ["Europe/Amsterdam", "other"]
    assert re.search(r'<label for="timezone" class="choice">Nederland \(Amsterdam\)</label>', body)
    assert re.search(r'<label for="timezone-other" class="choice">Andere tijdzone</label>', body)
    assert body.index("Nederland (Amsterdam)") < body.index("Africa/Abidjan")
    fields = form_fields(body)
    assert fields["timezone"] == "Europe/Amsterdam"
    answer = post_form(client, "/organiser/events/new", {**fields, "title_nl": "Overleg Londen", "start_date": "2027-03-04",
                                                          "timezone": "other", "timezone_other": "Europe/London"},
                       member["Cookie"])
    assert answer.status_code == 303, answer.body[:500]
    from chalicelib import organising
    assert organising.definition("overleg-londen-2027-03-04")["timezone"] == "Europe/London"


def test_the_english_editor_shows_the_english_title(client, admin_token, member):  # noqa: F811
    from conftest import make_event
    make_event(client, admin_token, title={"nl": "Overleg", "en": "Meeting"})
    body = client.http.get(f"/organiser/events/{EID}/edit?lang=en", headers=member).body.decode()
    assert "<h1>Edit: Meeting</h1>" in body


def test_the_bare_address_leads_to_the_start_page(client, table):
    """Someone who types only the domain lands on the organiser's start page, not a 404."""
    for path, location in (("/", "https://signup.test/organiser"), ("/?lang=en", "https://signup.test/organiser?lang=en")):
        answer = client.http.get(path, headers={"Accept": "text/html"})
        assert (answer.status_code, answer.headers["Location"]) == (303, location)
