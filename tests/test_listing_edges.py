"""The edges of the organiser's people list and attendance list (chalicelib/organiser/listing.py)
that an organiser notices: which status filters the list offers and when, and where a Dutch
name with a prefix is sorted at the door."""
import re
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.organiser import listing
from conftest import DEMO_EVENT, event_model, make_event, person
from test_dashboard import crowd, member, page  # noqa: F401 (crowd and member are fixtures)
from test_organisers import ses  # noqa: F401 (a fixture)

ALL_FILTERS = ["confirmed", "pending", "waitlisted", "cancelled", "expired", "checked_in", "no_show"]


def _offered(body):
    return re.findall(r'<option value="(\w+)"', body)


def test_before_the_event_the_list_filters_on_every_status_but_no_show(client, crowd, member):
    assert _offered(page(client, member, "/registrations")) == ALL_FILTERS[:-1]


@pytest.mark.parametrize("ends_at, offered", [("2099-01-01T00:00:00", ALL_FILTERS[:-1]),     # under way
                                              ("2020-01-10T17:00:00", ALL_FILTERS)])          # over
def test_no_show_is_a_filter_only_once_the_event_is_over(client, admin_token, member, ends_at, offered):
    make_event(client, admin_token, starts_at="2020-01-10T13:00:00", ends_at=ends_at, registration_open=True,
               registration_closes_at=None, retention_days=36500)
    assert _offered(page(client, member, "/registrations")) == offered


@pytest.mark.parametrize("status", ALL_FILTERS[:-1])
def test_every_filter_a_list_offers_filters(client, crowd, member, status):
    """A filter the list offers is one it applies: waitlisted shows Cas alone, the others nobody
    or the two confirmed."""
    listed = re.findall(r'<tr data-registration="\w+">\s*<th scope="row">([^<]+)</th>',
                        page(client, member, "/registrations", f"?status={status}"))
    expected = {"confirmed": ["Anne de Vries", "Bram van der Berg"], "waitlisted": ["Cas Çelik"]}
    assert listed == expected.get(status, [])


def test_an_event_is_over_at_its_end_time_not_a_moment_later():
    event = event_model()
    assert listing.is_over(event, event.ends_at)
    assert not listing.is_over(event, event.ends_at - timedelta(seconds=1))


@pytest.mark.parametrize("prefix", ["van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "'t", "t",
                                    "von", "vd", "v.d.", "la", "le", "du", "da", "di", "del", "des", "'s", "aan",
                                    "bij", "onder", "over", "uit", "uijt", "voor"])
def test_a_dutch_prefix_does_not_count_at_the_door(prefix):
    """"Anna <prefix> Zwart" stands under Z, after "Bert Aalders", on the door and attendance lists."""
    names = [f"Anna {prefix} Zwart", "Bert Aalders"]
    assert sorted(names, key=listing.surname_key) == ["Bert Aalders", f"Anna {prefix} Zwart"]
    assert listing.surname_key(f"Anna {prefix} Zwart")[0] == "zwart"


def _listed(client, member, query):
    return re.findall(r'<tr data-registration="\w+">\s*<th scope="row">([^<]+)</th>',
                      page(client, member, "/registrations", query))


def test_the_checked_in_filter_lists_who_came(client, crowd, member):
    from chalicelib import checkin
    bram = next(reg for reg in crowd if reg.name.startswith("Bram"))
    checkin.check_in(bram.event_id, bram.id, datetime.now(timezone.utc))
    assert _listed(client, member, "?status=checked_in") == ["Bram van der Berg"]


def test_a_no_show_is_a_confirmed_person_who_did_not_come_not_the_waiting_list(client, admin_token, member):
    from chalicelib import signups
    make_event(client, admin_token, starts_at="2020-01-10T13:00:00", ends_at="2020-01-10T17:00:00", capacity=1,
               registration_open=True, registration_closes_at=None, retention_days=36500)
    for n, name in enumerate(["Anne de Vries", "Bram van der Berg"]):
        signups.register(DEMO_EVENT["id"], {**person(n, name=name), "consent": True},
                         now=datetime(2020, 1, 1, tzinfo=timezone.utc))
    assert _listed(client, member, "?status=no_show") == ["Anne de Vries"]


@pytest.mark.parametrize("number", ["0", "9"])
def test_a_page_number_out_of_range_shows_the_nearest_page(client, crowd, member, number):
    assert _listed(client, member, f"?page={number}") == ["Anne de Vries", "Bram van der Berg", "Cas Çelik"]


@pytest.mark.parametrize("name", ["Thi Le", "Anna Du", "Jan Te"])
def test_a_surname_that_is_also_a_prefix_is_still_the_surname(name):
    """"Le" is a surname too (and "de" in "Anna de" is one): it sorts under L, after "Bert Berg"."""
    assert sorted([name, "Bert Berg"], key=listing.surname_key) == ["Bert Berg", name]


def test_the_chart_draws_each_days_bar_to_scale_under_a_round_top():
    drawn = listing.chart([{"date": "2026-11-01", "count": 0}, {"date": "2026-11-02", "count": 5},
                           {"date": "2026-11-03", "count": 10}])
    # 640 x 200 units, the plot 164 high between y 8 and 172, three slots of 200 from x 36
    assert [(b.date, b.count, b.x, b.y, b.height, b.label, b.minor) for b in drawn["bars"]] == [
        ("2026-11-01", 0, 66.0, 172.0, 0.0, True, False), ("2026-11-02", 5, 266.0, 90.0, 82.0, True, True),
        ("2026-11-03", 10, 466.0, 8.0, 164.0, True, False)]
    assert (drawn["width"], drawn["height"], drawn["base"], drawn["left"], drawn["bar_width"], drawn["top_count"]) == (
        640, 200, 172, 36, 140.0, 10)
    assert drawn["ticks"] == [(0, 172.0), (5, 90.0), (10, 8.0)]


def test_a_long_chart_writes_about_eight_dates_and_half_as_many_on_a_phone():
    days = [{"date": f"d{i}", "count": 1} for i in range(40)]
    bars = listing.chart(days)["bars"]
    assert [i for i, b in enumerate(bars) if b.label] == [0, 5, 10, 15, 20, 25, 30, 35]
    assert [i for i, b in enumerate(bars) if b.label and not b.minor] == [0, 10, 20, 30]
    assert listing.chart([{"date": f"d{i}", "count": 1} for i in range(2000)])["bar_width"] == 1


@pytest.mark.parametrize("top, axis", [(0, 2), (1, 2), (2, 2), (3, 4), (4, 4), (5, 10), (10, 10), (11, 20), (20, 20),
                                       (21, 50), (50, 50), (100, 100), (101, 200), (200, 200), (500, 500),
                                       (1000, 1000), (2000, 2000), (5000, 5000), (10_000, 10_000), (12_345, 12_345)])
def test_the_charts_axis_ends_at_a_round_number(top, axis):
    assert listing.chart([{"date": "2026-11-01", "count": top}])["top_count"] == axis


def test_a_chart_of_nine_days_writes_every_second_date():
    bars = listing.chart([{"date": f"d{i}", "count": 1} for i in range(9)])["bars"]
    assert [i for i, b in enumerate(bars) if b.label] == [0, 2, 4, 6, 8]


def test_an_event_without_signups_shows_its_overview_with_an_empty_chart(client, demo_event, member):
    assert listing.chart([])["bars"] == [] and listing.chart([])["top_count"] == 2
    assert "Anne de Vries" not in page(client, member)
