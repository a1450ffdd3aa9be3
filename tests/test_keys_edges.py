"""The API keys page's edges (chalicelib/organiser/keys.py): how long each choice lives, a label of
one character, the notice after revoking, and a key read at the very moment it ends."""
import re
from datetime import datetime, timedelta, timezone

import pytest
from conftest import DEMO_EVENT
from test_organiser_events import member  # noqa: F401  (a fixture)
from test_organiser_tokens import mint, tokens_page
from test_organisers import ses  # noqa: F401  (a fixture)

EID = DEMO_EVENT["id"]
MAKER = "marieke@duurzaamdoor.example"


def record_of(label):
    from chalicelib import auth
    [record] = [r for r in auth.list_tokens() if r.get("label") == label]
    return record


@pytest.mark.parametrize("expiry, days", [("30", 30), ("90", 90), ("365", 365)])
def test_a_key_lives_as_long_as_was_chosen(client, member, expiry, days):  # noqa: F811
    assert mint(client, member, label=f"Sleutel {expiry}", expiry=expiry).status_code == 200
    record = record_of(f"Sleutel {expiry}")
    made, ends = (datetime.fromisoformat(record[k]) for k in ("created_at", "expires_at"))
    assert ends - made == timedelta(days=days)


def test_a_label_of_one_character_will_do(client, member):  # noqa: F811
    assert mint(client, member, label="X").status_code == 200
    assert record_of("X")["events"] == [EID]


def test_after_revoking_the_page_says_the_key_is_off(client, member):  # noqa: F811
    answer = client.http.get("/organiser/tokens?done=revoked", headers={"Cookie": member})
    assert "De sleutel is uitgezet. Wie hem nog gebruikt, krijgt geen gegevens meer." in answer.body.decode()
    assert "De sleutel is uitgezet." not in tokens_page(client, member)


def test_a_key_at_the_moment_it_ends_is_expired(client, member, monkeypatch):  # noqa: F811
    from chalicelib import auth
    from chalicelib.organiser import keys
    end = datetime(2026, 12, 20, 12, 0, tzinfo=timezone.utc)
    auth.mint("export", [EID], expires_at=end, label="Afgelopen", now=end - timedelta(days=30),
              organisation_id="duurzaamdoor", created_by=MAKER)
    monkeypatch.setattr(keys, "now", lambda: end)
    listing = tokens_page(client, member)
    row = re.search(r'<tr>\s*<th scope="row">Afgelopen</th>.*?</tr>', listing, re.S).group(0)
    assert "verlopen" in row and "actief" not in row


def test_the_empty_form_asks_for_a_label_and_offers_ninety_days(client, member):  # noqa: F811
    page = tokens_page(client, member)
    assert re.search(r'<input type="text" id="label" name="label" value=""', page)
    assert re.findall(r'<option value="(\w+)" selected>', page) == ["90"]


def test_a_refused_key_keeps_its_label_and_chosen_time(client, member):  # noqa: F811
    answer = mint(client, member, label="Excel secretariaat", events=(), expiry="30")
    assert answer.status_code == 400
    page = answer.body.decode()
    assert re.search(r'<input type="text" id="label" name="label" value="Excel secretariaat"', page)
    assert re.findall(r'<option value="(\w+)" selected>', page) == ["30"]


MADE = datetime(2026, 12, 1, 11, 0, tzinfo=timezone.utc)       # 12.00 uur in Amsterdam


@pytest.mark.parametrize("lang, until", [("nl", "Geldig tot donderdag 31 december 2026, 12.00 uur."),
                                         ("en", "Valid until Thursday 31 December 2026, 12:00")])
def test_the_new_key_says_until_when_it_works_in_dutch_time(client, member, monkeypatch, lang, until):  # noqa: F811
    from organiser_pages import post_form
    from test_organiser_tokens import csrf
    from chalicelib.organiser import keys
    monkeypatch.setattr(keys, "now", lambda: MADE)
    fields = {"csrf": csrf(client, member), "label": "Excel", "expiry": "30", f"event:{EID}": "on"}
    answer = post_form(client, f"/organiser/tokens?lang={lang}", fields, member)
    assert answer.status_code == 200
    assert until in answer.body.decode()


@pytest.mark.parametrize("lang, title, made", [
    ("nl", DEMO_EVENT["title"]["nl"], "1 dec. 2026, 12.00 uur"),
    ("en", DEMO_EVENT["title"]["en"], "1 Dec 2026, 12:00"),
])
def test_the_list_of_keys_reads_in_the_pages_language_and_dutch_time(client, member, lang, title, made):  # noqa: F811
    from chalicelib import auth
    auth.mint("export", [EID], expires_at=MADE + timedelta(days=90), label="Excel", now=MADE,
              organisation_id="duurzaamdoor", created_by=MAKER)
    listing = client.http.get(f"/organiser/tokens?lang={lang}", headers={"Cookie": member}).body.decode()
    row = re.search(r'<tr>\s*<th scope="row">Excel</th>.*?</tr>', listing, re.S).group(0)
    assert title in row and made in row


def test_events_of_an_organisation_where_the_member_only_watches_are_not_offered(client, admin_token, member):  # noqa: F811
    from chalicelib import store
    from conftest import make_event
    store.organisations.put_organisation("kijk-club", "Kijkclub", [{"email": MAKER, "role": "meekijker"}], MADE)
    make_event(client, admin_token, id="kijkavond-2026-12-15", organisation_id="kijk-club")
    page = tokens_page(client, member)
    assert f'name="event:{EID}"' in page and "kijkavond-2026-12-15" not in page
