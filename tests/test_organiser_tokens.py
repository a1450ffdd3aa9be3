"""API keys from the browser (issue 9, item 5): mint for your own events, shown once, last used, revoke."""
import re
from datetime import datetime, timedelta

import pytest

from conftest import DEMO_EVENT, make_event, person, signup
from organiser_pages import post_form
from test_organiser_events import member, stranger  # noqa: F401  (fixtures)
from test_organisers import ses  # noqa: F401  (a fixture)

EID = DEMO_EVENT["id"]
OTHER_EID = "elders-overleg-2027-01-20"


@pytest.fixture
def elder(client, admin_token, stranger):   # noqa: F811
    """A member of another organisation, which has an event of its own."""
    make_event(client, admin_token, id=OTHER_EID, organisation_id="elders")
    return stranger


def csrf(client, cookie):
    return re.search(r'name="csrf" value="([^"]+)"', tokens_page(client, cookie)).group(1)


def tokens_page(client, cookie, status=200):
    answer = client.http.get("/organiser/tokens", headers={"Cookie": cookie})
    assert answer.status_code == status
    return answer.body.decode()


def mint(client, cookie, label="Excel secretariaat", events=(EID,), expiry="90"):
    fields = {"csrf": csrf(client, cookie), "label": label, "expiry": expiry, **{f"event:{e}": "on" for e in events}}
    return post_form(client, "/organiser/tokens", fields, cookie)


def secret_of(answer) -> str:
    return re.search(r'id="secret" value="(sgn_[\w-]+)"', answer.body.decode()).group(1)


def test_a_minted_key_is_shown_once_and_reads_only_its_events(client, admin_token, member, elder):  # noqa: F811
    signup(client, EID, **person(1))
    answer = mint(client, member)
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    secret = secret_of(answer)
    html = answer.body.decode()
    assert f"Bearer {secret}" in html
    assert f'value="https://signup.test/events/{EID}/registrations?format=csv"' in html
    assert "Geavanceerd" in html and "Authorization" in html
    export = client.http.get(f"/events/{EID}/registrations?format=csv", headers={"Authorization": f"Bearer {secret}"})
    assert export.status_code == 200
    assert "deelnemer1@gemeente.example" in export.body.decode("utf-8-sig")
    assert client.http.get(f"/events/{OTHER_EID}/registrations",
                           headers={"Authorization": f"Bearer {secret}"}).status_code == 403
    assert client.http.put(f"/events/{EID}", body="{}", headers={"Authorization": f"Bearer {secret}",
                                                                 "Content-Type": "application/json"}).status_code == 403
    listing = tokens_page(client, member)
    assert secret not in listing
    assert "Excel secretariaat" in listing and "door marieke@duurzaamdoor.example" in listing
    row = re.search(r"<tr>\s*<th scope=\"row\">Excel secretariaat</th>.*?</tr>", listing, re.S).group(0)
    assert "nog nooit" not in row                                      # it was just used
    assert "Lerende ambtenaren versnellen circulaire economie" in row


def test_the_key_record_names_its_organisation_and_maker(client, member):  # noqa: F811
    from chalicelib import auth
    mint(client, member, expiry="365")
    [record] = [r for r in auth.list_tokens() if r["label"] == "Excel secretariaat"]
    assert (record["organisation"], record["created_by"]) == ("duurzaamdoor", "marieke@duurzaamdoor.example")
    assert (record["scope"], record["events"]) == ("export", [EID])
    made, ends = (datetime.fromisoformat(record[k]) for k in ("created_at", "expires_at"))
    assert ends - made == timedelta(days=365)


def test_revoking_ends_the_key(client, member):  # noqa: F811
    secret = secret_of(mint(client, member))
    token_id = re.search(r'/organiser/tokens/(tok_\w+)/revoke', tokens_page(client, member)).group(1)
    answer = post_form(client, f"/organiser/tokens/{token_id}/revoke", {"csrf": csrf(client, member)}, member)
    assert answer.headers["Location"] == "https://signup.test/organiser/tokens?done=revoked"
    assert client.http.get(f"/events/{EID}/registrations", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    listing = tokens_page(client, member)
    assert "uitgezet" in listing and f"/organiser/tokens/{token_id}/revoke" not in listing


def test_another_organisation_neither_sees_nor_revokes_the_key(client, member, elder):  # noqa: F811
    secret = secret_of(mint(client, member))
    token_id = re.search(r'/organiser/tokens/(tok_\w+)/revoke', tokens_page(client, member)).group(1)
    assert "Excel secretariaat" not in tokens_page(client, elder)
    answer = post_form(client, f"/organiser/tokens/{token_id}/revoke", {"csrf": csrf(client, elder)}, elder)
    assert answer.status_code == 404
    assert client.http.get(f"/events/{EID}/registrations", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_cli_tokens_are_not_listed(client, member, admin_token, export_token):  # noqa: F811
    listing = tokens_page(client, member)
    assert "test admin" not in listing and "test export" not in listing


@pytest.mark.parametrize("events,label,expiry,field,message", [
    ((), "Excel", "90", "events", "Kies minstens één bijeenkomst."),
    ((OTHER_EID,), "Excel", "90", "events", "Kies minstens één bijeenkomst."),
    ((EID,), "", "90", "label", "Vul dit veld in."),
    ((EID,), "x" * 101, "90", "label", "Dit is te lang. Maak het korter."),
    ((EID,), "Excel", "1000", "expiry", "Kies hoe lang de sleutel geldig is."),
    ((EID,), "Excel", "never", "expiry", "Een sleutel werkt hooguit een jaar. Kies 30 dagen, 90 dagen of een jaar."),
])
def test_a_bad_request_names_the_field_and_mints_nothing(client, member, elder, events, label, expiry, field,  # noqa: F811
                                                       message):
    from chalicelib import auth
    answer = mint(client, member, label=label, events=events, expiry=expiry)
    assert answer.status_code == 400
    assert f'<span class="error" id="{field}-error">{message}</span>' in answer.body.decode()
    assert [r for r in auth.list_tokens() if r.get("organisation")] == []


def test_posts_without_csrf_are_403(client, member):  # noqa: F811
    from chalicelib import auth
    assert post_form(client, "/organiser/tokens", {"label": "x", "expiry": "90", f"event:{EID}": "on"},
                     member).status_code == 403
    assert [r for r in auth.list_tokens() if r.get("organisation")] == []
    mint(client, member)
    token_id = re.search(r'/organiser/tokens/(tok_\w+)/revoke', tokens_page(client, member)).group(1)
    assert post_form(client, f"/organiser/tokens/{token_id}/revoke", {}, member).status_code == 403
    assert "uitgezet" not in tokens_page(client, member)


def test_without_a_session_the_page_sends_you_to_sign_in(client, member):  # noqa: F811
    answer = client.http.get("/organiser/tokens")
    # and back to the keys after signing in (issue 22)
    assert (answer.status_code, answer.headers["Location"]) == (303, "https://signup.test/organiser?next=%2Forganiser%2Ftokens")


def test_the_form_offers_no_key_for_ever(client, member):  # noqa: F811
    page = tokens_page(client, member)
    assert re.findall(r'<option value="(\w+)"', page) == ["30", "90", "365"]


# ---------------------------------------------------------------- a key belongs to its maker's membership (issue 25 item 4)

COLLEAGUE = "olaf@duurzaamdoor.example"


@pytest.fixture
def colleague(client, admin_token, member):  # noqa: F811
    """A second organisator of the demo organisation, signed in: ``(cookie, csrf)``."""
    from test_roles import put_team, session_of
    put_team(client, admin_token, [{"email": "marieke@duurzaamdoor.example", "role": "beheerder"},
                                   {"email": COLLEAGUE, "role": "organisator"}])
    return session_of(COLLEAGUE)[0]


def test_every_member_sees_who_made_each_key_and_can_revoke_it(client, member, colleague):  # noqa: F811
    secret = secret_of(mint(client, colleague, label="Lijst van Olaf"))
    assert client.http.get(f"/events/{EID}/registrations", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    listing = tokens_page(client, member)                  # marieke did not make it
    row = re.search(r"<tr>\s*<th scope=\"row\">Lijst van Olaf</th>.*?</tr>", listing, re.S).group(0)
    assert f"door {COLLEAGUE}" in row                       # who made it
    assert "nog nooit" not in row                           # when it was last used
    token_id = re.search(r'/organiser/tokens/(tok_\w+)/revoke', row).group(1)
    answer = post_form(client, f"/organiser/tokens/{token_id}/revoke", {"csrf": csrf(client, member)}, member)
    assert answer.status_code == 303
    assert client.http.get(f"/events/{EID}/registrations", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_a_key_stops_when_its_maker_is_removed_and_the_page_says_so(client, admin_token, member, colleague):  # noqa: F811
    from test_roles import put_team
    secret = secret_of(mint(client, colleague, label="Lijst van Olaf"))
    put_team(client, admin_token, [{"email": "marieke@duurzaamdoor.example", "role": "beheerder"}])
    assert client.http.get(f"/events/{EID}/registrations", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    row = re.search(r"<tr>\s*<th scope=\"row\">Lijst van Olaf</th>.*?</tr>", tokens_page(client, member), re.S).group(0)
    assert "werkt niet meer" in row


def test_a_key_stops_when_its_event_moves_to_another_organisation(client, admin_token, member, elder):  # noqa: F811
    from conftest import bearer
    signup(client, EID, **person(1))
    secret = secret_of(mint(client, member))
    export = f"/events/{EID}/registrations?format=csv"
    assert client.http.get(export, headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    moved = client.http.patch(f"/events/{EID}", body='{"organisation_id": "elders"}',
                              headers={**bearer(admin_token), "Content-Type": "application/merge-patch+json"})
    assert moved.status_code == 200, moved.body
    answer = client.http.get(export, headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 403
    assert "deelnemer1" not in answer.body.decode()
    assert client.http.get(f"/events/{EID}/stats", headers={"Authorization": f"Bearer {secret}"}).status_code == 403
    assert "Excel secretariaat" in tokens_page(client, member)       # its own organisation still sees and revokes it
