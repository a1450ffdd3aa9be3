"""The organiser's list of events (chalicelib/organising.py ``overview``), as the dashboard shows it:
the events of an organisation come in the order they start, soonest first, whatever order they
were made in and however long each one lasts."""
from conftest import make_event
from test_roles import BEHEERDER, session_of

# Made in this order on purpose: not the order they start in. The first starts earliest and ends
# last (a two-day conference), so an order by end would put it at the bottom.
EVENTS = [
    ("tweedaags-congres-2027-01-10", "Tweedaags congres", "2027-01-10T09:00:00", "2027-01-11T17:00:00"),
    ("lunchlezing-2027-01-11", "Lunchlezing", "2027-01-11T12:00:00", "2027-01-11T13:00:00"),
    ("nieuwjaarsborrel-2027-01-10", "Nieuwjaarsborrel", "2027-01-10T16:00:00", "2027-01-10T18:00:00"),
]


def test_the_dashboard_lists_an_organisations_events_soonest_start_first(client, admin_token):
    for event_id, title, starts, ends in reversed(EVENTS):
        make_event(client, admin_token, id=event_id, title={"nl": title, "en": title},
                   starts_at=starts, ends_at=ends)
    cookie, _ = session_of(BEHEERDER)
    page = client.http.get("/organiser", headers={"Cookie": cookie}).body.decode()
    shown = sorted((page.index(title), title) for _, title, _, _ in EVENTS)
    assert [title for _, title in shown] == ["Tweedaags congres", "Nieuwjaarsborrel", "Lunchlezing"]
