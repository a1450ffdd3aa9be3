"""Issue 22, organiser items 8-13: the paths an organiser walks between the pages, by clicking."""
import re

import pytest

from conftest import DEMO_EVENT
from test_dashboard import crowd, member, page  # noqa: F401 (fixtures)
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
    ("/organiser/tokens", [("Bijeenkomsten", "/organiser"), ("API-sleutels", None)]),
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
    email = header.index("E-mail" if "nl" in query else "Email")
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
