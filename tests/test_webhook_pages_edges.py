"""The Webhooks page of a beheerder (chalicelib/organiser/webhook_pages.py): what it says after each
button, the form kept after a mistake, an endpoint that is gone, and how much of the log it shows."""
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

import pytest
from conftest import DEMO_ORG
from test_roles import FORM, session_of
from test_webhooks import ORG, added, event, receiver  # noqa: F401 - event, receiver: fixtures

PAGE = f"/organiser/webhooks?organisation={ORG}"


@pytest.fixture
def member():
    return session_of(DEMO_ORG["members"][0]["email"])


def get(client, member, path=PAGE):
    answer = client.http.get(path, headers={"Cookie": member[0]})
    assert answer.status_code == 200, answer.body
    return answer.body.decode()


def post(client, member, path, **fields):
    return client.http.post(path, body=urlencode({"csrf": member[1], "organisation": ORG, **fields}),
                            headers={"Cookie": member[0], **FORM})


def test_the_page_says_what_the_last_button_did_and_nothing_for_another_word(client, event, member):
    assert "Het testbericht staat klaar." in get(client, member, PAGE + "&done=test")
    assert "De webhook is weg. Er gaan geen berichten meer naartoe." in get(client, member, PAGE + "&done=removed")
    other = get(client, member, PAGE + "&done=iets")
    assert "Het testbericht staat klaar." not in other and "De webhook is weg." not in other


def test_a_mistake_keeps_what_was_typed_and_ticked(client, event, member):
    answer = post(client, member, "/organiser/webhooks", url="ftp://hooks.example/in", personal_data="name",
                  **{"event:registration.cancelled": "on"})
    body = answer.body.decode()
    assert answer.status_code == 400 and 'id="url-error"' in body
    assert 'value="ftp://hooks.example/in"' in body
    assert re.search(r'name="event:registration.cancelled" value="on" checked', body)
    assert not re.search(r'name="event:registration.created" value="on" checked', body)
    assert re.search(r'name="personal_data" value="name" checked', body)


def test_a_webhook_that_is_gone_is_not_found_by_any_button(client, event, member):
    for path in ("/organiser/webhooks/test", "/organiser/webhooks/secret", "/organiser/webhooks/remove"):
        assert post(client, member, path, webhook="wh_0000000000000000").status_code == 404, path


def test_a_new_secret_is_shown_once_with_the_old_ones_last_day(client, admin_token, event, receiver, member):
    wid = added(client, admin_token, receiver().url)["webhook_id"]
    answer = post(client, member, "/organiser/webhooks/secret", webhook=wid)
    body = answer.body.decode()
    assert answer.status_code == 200 and 'id="secret" value="whsec_' in body
    assert "De oude code werkt nog 24 uur." in body
    assert "De oude code werkt nog 24 uur." not in get(client, member)


def test_a_new_endpoint_shows_its_secret_without_an_old_one(client, event, receiver, member):
    answer = post(client, member, "/organiser/webhooks", url=receiver().url, personal_data="none",
                  **{"event:registration.created": "on"})
    body = answer.body.decode()
    assert answer.status_code == 201 and 'id="secret" value="whsec_' in body
    assert "De oude code werkt nog" not in body


def test_the_log_shows_the_twenty_newest_deliveries(client, admin_token, event, receiver, member):
    from chalicelib import webhooks
    wid = added(client, admin_token, receiver().url)["webhook_id"]
    start = datetime.now(timezone.utc)
    for n in range(21):
        webhooks.send_test(ORG, wid, start + timedelta(seconds=n))
    assert get(client, member).count('data-type="webhook.test"') == 20


def test_a_beheerder_of_two_organisations_is_offered_the_other_ones_page_and_not_this_one(client, event, member):
    from chalicelib import store
    one = get(client, member)
    assert "Je bent ook beheerder van:" not in one
    store.organisations.put_organisation("groenwijk", "GroenWijk", [{"email": DEMO_ORG["members"][0]["email"],
                                                                    "role": "beheerder"}], datetime.now(timezone.utc))
    two = get(client, member)
    assert "Je bent ook beheerder van:" in two
    assert 'href="https://signup.test/organiser/webhooks?organisation=groenwijk">GroenWijk</a>' in two
    assert f"?organisation={ORG}\">" not in two.split("Je bent ook beheerder van:")[1].split("</p>")[0]


def test_the_log_gives_the_time_of_a_deliverys_last_attempt_and_of_its_queueing_before_any(
        client, admin_token, event, receiver, member):
    from chalicelib import i18n, webhooks
    wid = added(client, admin_token, receiver().url)["webhook_id"]
    queued = datetime.now(timezone.utc).replace(second=0, microsecond=0) - timedelta(hours=3)
    tried = queued + timedelta(minutes=97)
    msg_id = webhooks.send_test(ORG, wid, queued)

    def shown(at):
        return f'<td data-label="Wanneer">{i18n.format_short(at, "Europe/Amsterdam", "nl")}</td>'
    assert shown(queued) in get(client, member)         # not tried yet: when it was queued

    assert webhooks.deliver(wid, msg_id, tried, post=lambda url, headers, body: (503, "")) == "retrying"
    page = get(client, member)
    assert shown(tried) in page and shown(queued) not in page


def test_the_log_names_a_test_message_and_counts_its_attempts_of_the_most(client, admin_token, event, receiver, member):
    from chalicelib import webhooks
    wid = added(client, admin_token, receiver().url)["webhook_id"]
    msg_id = webhooks.send_test(ORG, wid, datetime.now(timezone.utc))
    assert '<td data-label="Pogingen">0 van 6</td>' in get(client, member)
    webhooks.deliver(wid, msg_id, datetime.now(timezone.utc), post=lambda url, headers, body: (503, ""))
    page = get(client, member)
    assert '<th scope="row">Test <span class="code">webhook.test</span></th>' in page
    assert '<td data-label="Pogingen">1 van 6</td>' in page
    assert '<td data-label="Resultaat">Mislukt, komt opnieuw</td>' in page


def test_the_log_gives_its_times_in_the_language_of_the_page(client, admin_token, event, receiver, member):
    from chalicelib import i18n, webhooks
    wid = added(client, admin_token, receiver().url)["webhook_id"]
    at = datetime.now(timezone.utc).replace(second=0, microsecond=0) - timedelta(hours=1)
    webhooks.send_test(ORG, wid, at)
    english = get(client, member, PAGE + "&lang=en")
    assert f'<td data-label="When">{i18n.format_short(at, "Europe/Amsterdam", "en")}</td>' in english
    assert i18n.format_short(at, "Europe/Amsterdam", "en") != i18n.format_short(at, "Europe/Amsterdam", "nl")


def test_a_new_endpoint_carries_no_personal_data_unless_another_choice_is_ticked(client, event, member):
    page = get(client, member)
    assert re.search(r'name="personal_data" value="none" checked', page)
    assert len(re.findall(r'name="personal_data" value="\w+" checked', page)) == 1


def test_an_organisation_where_the_member_is_no_beheerder_is_not_offered(client, event, member):
    from chalicelib import store
    store.organisations.put_organisation("groenwijk", "GroenWijk", [{"email": DEMO_ORG["members"][0]["email"],
                                                                    "role": "organisator"}], datetime.now(timezone.utc))
    page = get(client, member)
    assert "Je bent ook beheerder van:" not in page and "GroenWijk" not in page
