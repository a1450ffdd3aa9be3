"""The copy, add-by-hand and cancel pages' edges (chalicelib/organiser/operations.py): which input
a mistake stands beside, a copy over two days, each notice after adding someone, a reason too long."""
import re

import pytest
from conftest import DEMO_EVENT
from organiser_pages import post_form
from test_organiser_operations import member, ses  # noqa: F401  (fixtures)
from test_organisers import csrf_of

EID = DEMO_EVENT["id"]
COPY = f"/organiser/events/{EID}/copy"


def marked(page):
    """The inputs the page marks as wrong."""
    return set(re.findall(r'<span class="error" id="([\w]+)-error"', page))


def copy(client, member, **values):  # noqa: F811
    fields = {"start_date": "2027-01-14", "start_time": "13:00", "end_date": "", "end_time": "17:00", "id": "", **values}
    return post_form(client, COPY, fields, member, csrf=csrf_of(client, member))


def test_an_end_before_the_start_stands_beside_the_end_date(client, demo_event, member):  # noqa: F811
    answer = copy(client, member, end_time="12:00")
    assert answer.status_code == 400
    assert marked(answer.body.decode()) == {"end_date"}


def test_a_copy_without_a_start_asks_for_its_date(client, demo_event, member):  # noqa: F811
    answer = copy(client, member, start_date="", start_time="")
    assert answer.status_code == 400
    assert "start_date" in marked(answer.body.decode())


def test_a_bad_end_time_marks_only_the_end_time(client, demo_event, member):  # noqa: F811
    answer = copy(client, member, end_time="25:00")
    assert answer.status_code == 400
    assert marked(answer.body.decode()) == {"end_time"}


def test_a_copy_may_end_on_a_later_day(client, demo_event, member):  # noqa: F811
    from chalicelib import store
    answer = copy(client, member, end_date="2027-01-15", id="tweedaags-2027-01-14")
    assert answer.status_code == 303
    copied = store.events.get_definition("tweedaags-2027-01-14")
    assert (copied["starts_at"], copied["ends_at"]) == ("2027-01-14T13:00:00+01:00", "2027-01-15T17:00:00+01:00")


@pytest.mark.parametrize("status, words", [("confirmed", "Bevestigd"), ("pending", None), ("waitlisted", None)])
def test_the_add_page_says_how_the_person_was_added(client, demo_event, member, status, words):  # noqa: F811
    page = client.http.get(f"/organiser/events/{EID}/registrations/new?done=added&status={status}",
                           headers={"Cookie": member}).body.decode()
    notice = re.search(r'<p class="notice" role="status">De deelnemer is aangemeld: (.*?)\. ', page)
    assert notice, status
    if words:
        assert notice.group(1) == words


def test_an_unknown_status_after_adding_says_nothing(client, demo_event, member):  # noqa: F811
    page = client.http.get(f"/organiser/events/{EID}/registrations/new?done=added&status=gehackt",
                           headers={"Cookie": member}).body.decode()
    assert "De deelnemer is aangemeld" not in page


def test_a_cancellation_with_too_long_a_reason_is_refused_on_the_page(client, demo_event, member):  # noqa: F811
    from chalicelib import signups
    answer = post_form(client, f"/organiser/events/{EID}/cancel", {"message": "x" * 501}, member,
                       csrf=csrf_of(client, member))
    assert answer.status_code == 400
    assert 'id="message-error"' in answer.body.decode()
    assert signups.get_event(EID).cancelled_at is None


def test_a_bad_start_time_marks_only_the_start_time(client, demo_event, member):  # noqa: F811
    """A valid start date beside a bad time was also called an invalid date."""
    answer = copy(client, member, start_time="25:00")
    assert answer.status_code == 400
    assert marked(answer.body.decode()) == {"start_time"}


def test_the_add_page_opens_without_an_alert(client, demo_event, member):  # noqa: F811
    page = client.http.get(f"/organiser/events/{EID}/registrations/new", headers={"Cookie": member}).body.decode()
    assert 'role="alert"' not in page and "<title>Fout:" not in page


def test_a_copy_of_an_event_with_only_an_english_title_is_named_after_it(client, admin_token, member):  # noqa: F811
    from conftest import make_event
    from chalicelib import store
    make_event(client, admin_token, title={"en": "Only in English"})
    answer = copy(client, member)
    assert answer.status_code == 303, answer.body
    assert answer.headers["Location"] == "https://signup.test/organiser/events/only-in-english-2027-01-14?done=copied"
    assert store.events.get_definition("only-in-english-2027-01-14")
