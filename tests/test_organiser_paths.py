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
