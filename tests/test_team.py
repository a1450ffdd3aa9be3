"""The team page (issue 28 item 1): a beheerder invites a colleague by address and role (a mail;
the colleague signs in with the usual link and is in), changes roles and removes members (a
question first; never the last beheerder). Roles per membership in PUT/GET /organisations."""
import json
import re
from email import message_from_string, policy
from urllib.parse import urlencode

import pytest
from conftest import DEMO_EVENT, DEMO_ORG, bearer, send_sign_in_links, send_written
from organiser_pages import FORM, form_fields
from test_roles import BEHEERDER, ORG, put_team, session_of

EID = DEMO_EVENT["id"]
COLLEAGUE = "kees@duurzaamdoor.example"


@pytest.fixture
def ses(table):
    from moto.ses.models import ses_backends
    return ses_backends["123456789012"]["eu-west-1"]


@pytest.fixture
def beheerder(client, demo_event):
    """The demo organisation's beheerder, signed in: ``(cookie, csrf)``."""
    return session_of(BEHEERDER)


def team_page(client, cookie, query=""):
    answer = client.http.get("/organiser/team" + query, headers={"Cookie": cookie})
    assert answer.status_code == 200, answer.body
    return answer.body.decode()


def post(client, path, fields, cookie):
    return client.http.post(path, body=urlencode(fields), headers={**FORM, "Cookie": cookie})


def stored_team():
    from chalicelib import store
    return {m["email"]: m["role"] for m in store.organisations.get_organisation(ORG)["members"]}


def invite(client, cookie, address=COLLEAGUE, role="deur", query=""):
    fields = form_fields(team_page(client, cookie), "invite")
    return post(client, "/organiser/team/invite" + query, {**fields, "email": address, "role": role}, cookie)


def mails_to(ses, address):
    return [message_from_string(m.raw_data, policy=policy.default) for m in ses.sent_messages if address in m.destinations]


# ---------------------------------------------------------------- roles in the organisation API

def test_members_with_roles_are_stored_and_returned(client, admin_token):
    members = [{"email": "Anna@DuurzaamDoor.example", "role": "beheerder"}, "bert@duurzaamdoor.example",
               {"email": "cor@duurzaamdoor.example", "role": "meekijker"}]
    put_team(client, admin_token, members)
    got = json.loads(client.http.get(f"/organisations/{ORG}", headers=bearer(admin_token)).body)
    assert got["members"] == [{"email": "anna@duurzaamdoor.example", "role": "beheerder"},
                              {"email": "bert@duurzaamdoor.example", "role": "organisator"},
                              {"email": "cor@duurzaamdoor.example", "role": "meekijker"}]


@pytest.mark.parametrize("member, field", [({"email": "a@b.example", "role": "baas"}, "members[0].role"),
                                           ({"email": "a@b.example"}, "members[0].role"),
                                           ({"role": "deur"}, "members[0]")])
def test_an_unknown_role_is_named(client, admin_token, member, field):
    answer = client.http.put(f"/organisations/{ORG}", body=json.dumps({"name": "X", "members": [member]}),
                             headers={**bearer(admin_token), "Content-Type": "application/json"})
    assert answer.status_code == 400
    assert field in json.loads(answer.body)["fields"]


def test_a_member_stored_before_roles_is_beheerder(client, admin_token, demo_event):
    """Before roles every member could do everything; they keep that, team page included."""
    from chalicelib import aws, store
    db = aws.dynamodb()
    db.put_item(TableName=aws.table_name(), Item=store.table.to_item(
        {"PK": f"ORG#{ORG}", "SK": "META", "name": "DuurzaamDoor", "members": [BEHEERDER]}))
    db.put_item(TableName=aws.table_name(), Item=store.table.to_item(
        {"PK": f"MEMBER#{BEHEERDER}", "SK": f"ORG#{ORG}", "added_at": "2026-11-01T00:00:00.000+00:00"}))
    got = json.loads(client.http.get(f"/organisations/{ORG}", headers=bearer(admin_token)).body)
    assert got["members"] == [{"email": BEHEERDER, "role": "beheerder"}]
    assert "Collega uitnodigen" in team_page(client, session_of(BEHEERDER)[0])


def test_the_demo_organisation_has_a_beheerder():
    assert DEMO_ORG["members"] == [{"email": BEHEERDER, "role": "beheerder"}]


# ---------------------------------------------------------------- the team page

def test_the_team_page_lists_members_and_their_roles(client, admin_token, beheerder):
    put_team(client, admin_token, [{"email": BEHEERDER, "role": "beheerder"}, {"email": COLLEAGUE, "role": "meekijker"}])
    page = team_page(client, beheerder[0])
    assert "Je team: DuurzaamDoor" in page
    row = page[page.index(COLLEAGUE):]
    assert re.search(r'<option value="meekijker" selected>Meekijker</option>', row[:2000])
    assert "Ziet het Overzicht en de aantallen." in page       # what each role may do, beside the choice


def test_the_team_page_in_english(client, beheerder):
    page = team_page(client, beheerder[0], "?lang=en")
    assert "Your team: DuurzaamDoor" in page
    assert "Administrator" in page and "Viewer" in page


def test_an_invited_colleague_gets_a_mail_signs_in_and_is_in_with_their_role(client, beheerder, ses):
    answer = invite(client, beheerder[0], role="deur")
    assert answer.status_code == 303
    assert answer.headers["Location"] == "https://signup.test/organiser/team?organisation=duurzaamdoor&done=invited"
    assert stored_team()[COLLEAGUE] == "deur"
    assert send_written("team_invitation") == [(None, "invitation", "mailed")]
    mail, = mails_to(ses, COLLEAGUE)
    assert mail["Subject"] == "Welkom in het team: DuurzaamDoor"
    text = " ".join(mail.get_body(("plain",)).get_content().split())       # lines are wrapped at 60
    assert f"{BEHEERDER} heeft je toegevoegd aan het team van DuurzaamDoor." in text
    assert "Je rol is: Deur." in text
    assert "https://signup.test/organiser Ken je" in text
    assert "Je rol is: Deur." in mail.get_body(("html",)).get_content()
    # the usual sign-in
    assert client.http.post("/organiser/login", body=urlencode({"email": COLLEAGUE}), headers=FORM).status_code == 200
    send_sign_in_links()
    link = re.search(r"https://signup\.test(/organiser/login/[\w-]+)",
                     mails_to(ses, COLLEAGUE)[-1].get_body(("plain",)).get_content()).group(1)
    cookie = client.http.post(link, body="", headers=FORM).headers["Set-Cookie"].split(";")[0]
    assert client.http.get(f"/organiser/events/{EID}/door", headers={"Cookie": cookie}).status_code == 200
    assert client.http.get(f"/organiser/events/{EID}", headers={"Cookie": cookie}).status_code == 403


def test_an_invitation_from_the_english_page_is_in_english(client, beheerder, ses):
    assert invite(client, beheerder[0], role="meekijker", query="?lang=en").status_code == 303
    send_written("team_invitation")
    mail, = mails_to(ses, COLLEAGUE)
    assert mail["Subject"] == "Welcome to the team: DuurzaamDoor"
    assert "Your role: Viewer." in mail.get_body(("plain",)).get_content()


def test_an_invitation_is_mailed_once(client, beheerder, ses):
    invite(client, beheerder[0])
    send_written("team_invitation")
    assert send_written("team_invitation") == [(None, "invitation", "duplicate")]
    assert len(mails_to(ses, COLLEAGUE)) == 1


@pytest.mark.parametrize("address, role, field, says", [
    ("geen adres", "deur", "email", "Vul een e-mailadres in"),
    (COLLEAGUE, "baas", "role", "Kies een rol."),
    (BEHEERDER, "deur", "email", "Dit adres hoort al bij het team."),
])
def test_a_wrong_invitation_is_named_and_changes_nothing(client, beheerder, address, role, field, says):
    answer = invite(client, beheerder[0], address=address, role=role)
    assert answer.status_code == 400
    page = answer.body.decode()
    assert f'id="{field}-error"' in page
    assert says in page
    assert stored_team() == {BEHEERDER: "beheerder"}


def test_a_beheerder_changes_a_role(client, admin_token, beheerder):
    put_team(client, admin_token, [{"email": BEHEERDER, "role": "beheerder"}, {"email": COLLEAGUE, "role": "deur"}])
    answer = post(client, "/organiser/team/role", {"csrf": beheerder[1], "organisation": ORG, "email": COLLEAGUE,
                                                   "role": "organisator"}, beheerder[0])
    assert answer.status_code == 303
    assert stored_team()[COLLEAGUE] == "organisator"
    assert "De rol is gewijzigd." in client.http.get(answer.headers["Location"].removeprefix("https://signup.test"),
                                                     headers={"Cookie": beheerder[0]}).body.decode()


def test_the_last_beheerder_cannot_lower_their_role(client, beheerder):
    answer = post(client, "/organiser/team/role", {"csrf": beheerder[1], "organisation": ORG, "email": BEHEERDER,
                                                   "role": "organisator"}, beheerder[0])
    assert answer.status_code == 400
    assert "Het team heeft minstens één beheerder nodig." in answer.body.decode()
    assert stored_team() == {BEHEERDER: "beheerder"}


def test_a_beheerder_who_gives_up_beheer_goes_to_their_events(client, admin_token, beheerder):
    put_team(client, admin_token, [{"email": BEHEERDER, "role": "beheerder"}, {"email": COLLEAGUE, "role": "beheerder"}])
    answer = post(client, "/organiser/team/role", {"csrf": beheerder[1], "organisation": ORG, "email": BEHEERDER,
                                                   "role": "organisator"}, beheerder[0])
    assert answer.headers["Location"] == "https://signup.test/organiser"
    assert client.http.get("/organiser/team", headers={"Cookie": beheerder[0]}).status_code == 403


def test_removing_asks_first_then_ends_the_colleagues_access(client, admin_token, beheerder):
    put_team(client, admin_token, [{"email": BEHEERDER, "role": "beheerder"}, {"email": COLLEAGUE, "role": "organisator"}])
    colleague = session_of(COLLEAGUE)[0]
    assert client.http.get(f"/organiser/events/{EID}", headers={"Cookie": colleague}).status_code == 200
    page = team_page(client, beheerder[0])
    link = re.search(r'href="https://signup\.test(/organiser/team/remove\?[^"]+)"', page[page.index(COLLEAGUE):]).group(1)
    question = client.http.get(link.replace("&amp;", "&"), headers={"Cookie": beheerder[0]})
    assert question.status_code == 200
    assert f"{COLLEAGUE} uit het team halen?" in question.body.decode()
    assert stored_team()[COLLEAGUE] == "organisator"       # asking changes nothing
    answer = post(client, "/organiser/team/remove", form_fields(question.body.decode(), "remove"), beheerder[0])
    assert answer.status_code == 303
    assert COLLEAGUE not in stored_team()
    assert client.http.get(f"/organiser/events/{EID}", headers={"Cookie": colleague}).status_code == 404


def test_the_last_beheerder_cannot_be_removed(client, beheerder):
    answer = post(client, "/organiser/team/remove", {"csrf": beheerder[1], "organisation": ORG, "email": BEHEERDER},
                  beheerder[0])
    assert answer.status_code == 400
    assert "Het team heeft minstens één beheerder nodig." in answer.body.decode()
    assert stored_team() == {BEHEERDER: "beheerder"}


def test_a_team_change_without_csrf_is_refused(client, admin_token, beheerder):
    put_team(client, admin_token, [{"email": BEHEERDER, "role": "beheerder"}, {"email": COLLEAGUE, "role": "deur"}])
    answer = post(client, "/organiser/team/remove", {"organisation": ORG, "email": COLLEAGUE}, beheerder[0])
    assert answer.status_code == 403
    assert COLLEAGUE in stored_team()


def test_a_beheerder_of_one_organisation_cannot_change_another(client, admin_token, beheerder):
    client.http.put("/organisations/elders", body=json.dumps({"name": "Elders", "members": [
        {"email": COLLEAGUE, "role": "beheerder"}]}), headers={**bearer(admin_token), "Content-Type": "application/json"})
    answer = post(client, "/organiser/team/invite", {"csrf": beheerder[1], "organisation": "elders",
                                                     "email": "x@elders.example", "role": "beheerder"}, beheerder[0])
    assert answer.status_code == 404
    from chalicelib import store
    assert [m["email"] for m in store.organisations.get_organisation("elders")["members"]] == [COLLEAGUE]


def test_a_change_reads_again_when_another_came_first(table):
    """Two beheerders at once: the second write sees the first, so neither change is lost."""
    from datetime import datetime, timezone
    from chalicelib import store
    now = datetime.now(timezone.utc)
    calls = []

    def add_after_a_rival(members):
        calls.append(1)
        if len(calls) == 1:     # a rival's change lands between our read and our write
            store.organisations.change_members(ORG, lambda m: m + [{"email": "rival@x.example", "role": "deur"}], now)
        return members + [{"email": "wij@x.example", "role": "deur"}]
    store.organisations.change_members(ORG, add_after_a_rival, now)
    assert len(calls) == 2
    assert set(stored_team()) == {BEHEERDER, "rival@x.example", "wij@x.example"}
