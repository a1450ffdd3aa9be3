"""The team's edges (chalicelib.membership, issue 26): the mistakes an outsider would make in the
team's rules. The order the team page lists members in, an invitation without a language (Dutch),
a change to someone not on the team, a change that touches another member too, the events chosen
for one door person, how long an invitation and the log's line are kept, the last beheerder."""
import json
from datetime import datetime, timedelta, timezone
from email import message_from_string, policy

import pytest
from conftest import DEMO_EVENT, DEMO_ORG, bearer, make_event
from test_logs import log_lines  # noqa: F401 - the fixture

ORG, EID = DEMO_ORG["id"], DEMO_EVENT["id"]
BEHEERDER = DEMO_ORG["members"][0]["email"]
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)
OTHER = "tweede-bijeenkomst-2026-12-20"


@pytest.fixture
def ses(table):
    from moto.ses.models import ses_backends
    return ses_backends["123456789012"]["eu-west-1"]


def put_team(members, org_id=ORG):
    from chalicelib import store
    store.organisations.put_organisation(org_id, DEMO_ORG["name"], members, NOW)


def stored_team(org_id=ORG):
    from chalicelib import store
    return {m["email"]: (m["role"], m.get("events")) for m in store.organisations.get_organisation(org_id)["members"]}


def refused(call, *args, **kwargs):
    from chalicelib.errors import ValidationFailed
    with pytest.raises(ValidationFailed) as raised:
        call(*args, by=BEHEERDER, now=NOW, **kwargs)
    return raised.value.fields


def items(kind_field, value):
    from chalicelib import aws, store
    found = aws.dynamodb().scan(TableName=aws.table_name())["Items"]
    return [store.table.from_item(i) for i in found if i.get(kind_field, {}).get("S") == value]


def mails_to(ses, address):
    return [message_from_string(m.raw_data, policy=policy.default) for m in ses.sent_messages if address in m.destinations]


# ---------------------------------------------------------------- the team page's order

def test_the_team_is_listed_by_role_then_address(table):
    from chalicelib import membership
    put_team([{"email": "z@x.example", "role": "meekijker"}, {"email": "b@x.example", "role": "beheerder"},
              {"email": "a@x.example", "role": "deur"}, {"email": "c@x.example", "role": "organisator"},
              {"email": "aa@x.example", "role": "beheerder"}])
    assert [m["email"] for m in membership.team(ORG)["members"]] == [
        "aa@x.example", "b@x.example", "c@x.example", "a@x.example", "z@x.example"]


def test_an_unknown_organisation_has_no_team(table):
    from chalicelib import membership
    from chalicelib.errors import NotFound
    with pytest.raises(NotFound):
        membership.team("bestaat-niet")
    with pytest.raises(NotFound):
        membership.invite("bestaat-niet", "kees@x.example", "deur", by=BEHEERDER, now=NOW)


# ---------------------------------------------------------------- inviting

def test_an_invitation_without_a_language_is_in_dutch(table, ses):
    from conftest import send_written
    from chalicelib import membership
    membership.invite(ORG, "kees@x.example", "deur", by=BEHEERDER, now=NOW)
    assert send_written("team_invitation") == [(None, "invitation", "mailed")]
    mail, = mails_to(ses, "kees@x.example")
    assert mail["Subject"] == "Welkom in het team: DuurzaamDoor"
    assert "https://signup.test/organiser Ken je" in " ".join(mail.get_body(("plain",)).get_content().split())


def test_an_english_invitation_links_to_the_english_pages(table, ses):
    from conftest import send_written
    from chalicelib import membership
    membership.invite(ORG, "kees@x.example", "meekijker", by=BEHEERDER, now=NOW, locale="en")
    send_written("team_invitation")
    mail, = mails_to(ses, "kees@x.example")
    assert "https://signup.test/organiser?lang=en" in mail.get_body(("plain",)).get_content()


def test_an_invitation_to_someone_removed_before_it_went_is_not_mailed(table, ses):
    from conftest import send_written
    from chalicelib import membership
    put_team(DEMO_ORG["members"] + [{"email": "bert@x.example", "role": "beheerder"}])
    membership.invite(ORG, "kees@x.example", "deur", by=BEHEERDER, now=NOW)
    membership.remove(ORG, "kees@x.example", by=BEHEERDER, now=NOW)
    assert send_written("team_invitation") == [(None, "invitation", "not_member")]
    assert mails_to(ses, "kees@x.example") == []


def test_an_invitation_is_kept_a_day_and_the_log_line_with_it(table):
    from chalicelib import membership
    from chalicelib.membership import INVITATION_TTL, TEAM_LOG_KEPT
    assert INVITATION_TTL >= timedelta(hours=1) and TEAM_LOG_KEPT > timedelta(days=1)
    membership.invite(ORG, "Kees@X.example ", "deur", by=BEHEERDER, now=NOW)
    invitation, = items("type", "team_invitation")
    assert invitation["expires_at"] == int((NOW + INVITATION_TTL).timestamp())
    assert (invitation["email"], invitation["role"], invitation["locale"]) == ("kees@x.example", "deur", "nl")
    line, = items("action", "team_invite")
    assert line["member"] == "kees@x.example" and line["role"] == "deur"
    assert line["expires_at"] == int((NOW + TEAM_LOG_KEPT).timestamp())


@pytest.mark.parametrize("address", [None, 42, "", "geen adres"])
def test_an_invitation_without_an_address_is_named(table, address):
    from chalicelib import membership
    assert refused(membership.invite, ORG, address, "deur") == {"email": "invalid_email"}
    assert refused(membership.invite, ORG, address, "baas") == {"email": "invalid_email", "role": "invalid_role"}
    assert stored_team() == {BEHEERDER: ("beheerder", None)}
    assert items("type", "team_invitation") == []


def test_an_address_already_on_the_team_is_named_whatever_its_case(table):
    from chalicelib import membership
    put_team(DEMO_ORG["members"] + [{"email": "kees@x.example", "role": "deur"}])
    assert refused(membership.invite, ORG, " KEES@x.example", "organisator") == {"email": "already_member"}
    assert stored_team()["kees@x.example"] == ("deur", None)


def test_an_invitation_adds_to_the_team(table):
    from chalicelib import membership
    put_team(DEMO_ORG["members"] + [{"email": "kees@x.example", "role": "deur"}])
    assert membership.invite(ORG, "mila@x.example", "meekijker", by=BEHEERDER, now=NOW) == {
        "email": "mila@x.example", "role": "meekijker"}
    assert stored_team() == {BEHEERDER: ("beheerder", None), "kees@x.example": ("deur", None),
                             "mila@x.example": ("meekijker", None)}


def test_a_team_takes_members_up_to_its_limit(table):
    from chalicelib import membership
    from chalicelib.organising import MAX_MEMBERS
    put_team(DEMO_ORG["members"] + [{"email": f"m{i}@x.example", "role": "deur"} for i in range(MAX_MEMBERS - 2)])
    membership.invite(ORG, "last@x.example", "deur", by=BEHEERDER, now=NOW)
    assert len(stored_team()) == MAX_MEMBERS
    assert refused(membership.invite, ORG, "one-more@x.example", "deur") == {"members": "too_long"}
    assert len(stored_team()) == MAX_MEMBERS


# ---------------------------------------------------------------- changing a role, removing

def test_a_change_to_someone_not_on_the_team_is_named(table):
    from chalicelib import membership
    assert refused(membership.change_role, ORG, "vreemd@x.example", "deur") == {"email": "not_member"}
    assert refused(membership.remove, ORG, "vreemd@x.example") == {"email": "not_member"}
    assert refused(membership.choose_events, ORG, "vreemd@x.example", []) == {"email": "not_member"}
    assert stored_team() == {BEHEERDER: ("beheerder", None)}
    assert items("action", "team_role") == items("action", "team_remove") == []


def test_a_role_change_touches_that_member_only_and_is_logged(table):
    from chalicelib import membership
    put_team(DEMO_ORG["members"] + [{"email": "kees@x.example", "role": "deur"},
                                    {"email": "mila@x.example", "role": "meekijker"}])
    membership.change_role(ORG, "kees@x.example", "organisator", by=BEHEERDER, now=NOW)
    assert stored_team() == {BEHEERDER: ("beheerder", None), "kees@x.example": ("organisator", None),
                             "mila@x.example": ("meekijker", None)}
    line, = items("action", "team_role")
    assert (line["member"], line["role"]) == ("kees@x.example", "organisator")
    assert line["expires_at"] == int((NOW + membership.TEAM_LOG_KEPT).timestamp())


def test_removing_takes_that_member_off_only_and_is_logged(table):
    from chalicelib import membership
    put_team(DEMO_ORG["members"] + [{"email": "kees@x.example", "role": "organisator"},
                                    {"email": "mila@x.example", "role": "organisator"}])
    membership.remove(ORG, "mila@x.example", by=BEHEERDER, now=NOW)     # the last one who is not beheerder next
    membership.remove(ORG, "kees@x.example", by=BEHEERDER, now=NOW)
    assert stored_team() == {BEHEERDER: ("beheerder", None)}
    assert {line["member"] for line in items("action", "team_remove")} == {"kees@x.example", "mila@x.example"}
    assert all(line["expires_at"] == int((NOW + membership.TEAM_LOG_KEPT).timestamp())
               for line in items("action", "team_remove"))


def test_a_team_the_operator_left_without_a_beheerder_can_still_change(table):
    """The last-beheerder rule keeps a team from losing its beheerder; a team that had none (the
    operator's PUT /organisations allows that) is not stuck."""
    from chalicelib import membership
    put_team([{"email": "kees@x.example", "role": "organisator"}, {"email": "mila@x.example", "role": "deur"}])
    membership.change_role(ORG, "mila@x.example", "meekijker", by="operator", now=NOW)
    membership.remove(ORG, "mila@x.example", by="operator", now=NOW)
    assert stored_team() == {"kees@x.example": ("organisator", None)}


def test_one_of_two_beheerders_may_step_down_but_not_the_second(table):
    from chalicelib import membership
    put_team(DEMO_ORG["members"] + [{"email": "bert@x.example", "role": "beheerder"}])
    membership.change_role(ORG, "bert@x.example", "organisator", by=BEHEERDER, now=NOW)
    assert refused(membership.change_role, ORG, BEHEERDER, "meekijker") == {"role": "last_beheerder"}
    assert refused(membership.remove, ORG, BEHEERDER) == {"email": "last_beheerder"}
    assert stored_team()[BEHEERDER] == ("beheerder", None)


# ---------------------------------------------------------------- the events chosen for a door person

@pytest.fixture
def two_events(client, admin_token, demo_event):
    make_event(client, admin_token, id=OTHER)
    put_team(DEMO_ORG["members"] + [{"email": "dirk@x.example", "role": "deur"},
                                    {"email": "daan@x.example", "role": "deur"},
                                    {"email": "olaf@x.example", "role": "organisator"}])


def door_of(event_id, address):
    from chalicelib.organising import Member
    return Member(address, "sessie").role_of_event(event_id)


def test_events_chosen_for_one_door_person_leave_the_other_at_every_door(two_events):
    from chalicelib import membership
    membership.choose_events(ORG, "dirk@x.example", [EID], by=BEHEERDER, now=NOW)
    assert door_of(OTHER, "dirk@x.example") is None
    assert door_of(OTHER, "daan@x.example") == "deur" and door_of(EID, "daan@x.example") == "deur"
    assert stored_team()["daan@x.example"] == ("deur", None)
    assert stored_team()["olaf@x.example"] == ("organisator", None)
    line, = items("action", "team_events")
    assert line["events"] == [EID]
    assert line["expires_at"] == int((NOW + membership.TEAM_LOG_KEPT).timestamp())


def test_the_chosen_events_are_returned_in_order(client, admin_token, two_events):
    from chalicelib import membership
    membership.choose_events(ORG, "dirk@x.example", [OTHER, EID, OTHER], by=BEHEERDER, now=NOW)
    got = json.loads(client.http.get(f"/organisations/{ORG}", headers=bearer(admin_token)).body)
    assert {"email": "dirk@x.example", "role": "deur", "events": sorted([EID, OTHER])} in got["members"]


@pytest.mark.parametrize("event_ids", [None, "", EID, [EID, "geen-bijeenkomst"]])
def test_events_that_are_not_a_list_of_its_own_are_refused(two_events, event_ids):
    from chalicelib import membership
    assert refused(membership.choose_events, ORG, "dirk@x.example", event_ids) == {"events": "choose_events"}
    assert stored_team()["dirk@x.example"] == ("deur", None)


def test_a_door_person_given_the_door_again_keeps_their_events(two_events):
    from chalicelib import membership
    membership.choose_events(ORG, "dirk@x.example", [EID], by=BEHEERDER, now=NOW)
    membership.change_role(ORG, "dirk@x.example", "deur", by=BEHEERDER, now=NOW)
    assert stored_team()["dirk@x.example"] == ("deur", [EID])
    assert door_of(OTHER, "dirk@x.example") is None
    membership.change_role(ORG, "olaf@x.example", "deur", by=BEHEERDER, now=NOW)     # none chosen: every door
    membership.change_role(ORG, "daan@x.example", "deur", by=BEHEERDER, now=NOW)
    assert stored_team()["olaf@x.example"] == stored_team()["daan@x.example"] == ("deur", None)
    assert door_of(OTHER, "olaf@x.example") == "deur"


def test_another_role_leaves_no_chosen_events_behind(two_events):
    from chalicelib import membership
    membership.choose_events(ORG, "dirk@x.example", [EID], by=BEHEERDER, now=NOW)
    membership.change_role(ORG, "dirk@x.example", "organisator", by=BEHEERDER, now=NOW)
    assert stored_team()["dirk@x.example"] == ("organisator", None)
    assert door_of(OTHER, "dirk@x.example") == "organisator"


# ---------------------------------------------------------------- what the operator and the log page see

def stored_meta():
    from chalicelib import aws, store
    key = {"PK": {"S": f"ORG#{ORG}"}, "SK": {"S": "META"}}
    return store.table.from_item(aws.dynamodb().get_item(TableName=aws.table_name(), Key=key)["Item"])


def test_each_team_change_is_logged_and_written_in_the_log_with_who_and_when(table, log_lines):  # noqa: F811
    from chalicelib import membership, store
    put_team(DEMO_ORG["members"] + [{"email": "kees@x.example", "role": "deur"}])
    membership.change_role(ORG, "kees@x.example", "meekijker", by=BEHEERDER, now=NOW)
    assert stored_meta()["updated_at"] == store.table.iso(NOW)
    membership.change_role(ORG, "kees@x.example", "deur", by=BEHEERDER, now=NOW + timedelta(minutes=1))
    membership.choose_events(ORG, "kees@x.example", [], by=BEHEERDER, now=NOW + timedelta(minutes=2))
    assert stored_meta()["updated_at"] == store.table.iso(NOW + timedelta(minutes=2))
    membership.remove(ORG, "kees@x.example", by=BEHEERDER, now=NOW + timedelta(minutes=3))
    assert stored_meta()["updated_at"] == store.table.iso(NOW + timedelta(minutes=3))
    written = [json.loads(line) for line in log_lines]
    assert [{k: v for k, v in line.items() if k not in ("ts", "level", "request_id", "event_id")} for line in written] == [
        {"msg": "team.role_changed", "organisation_id": ORG, "role": "meekijker", "by": BEHEERDER},
        {"msg": "team.role_changed", "organisation_id": ORG, "role": "deur", "by": BEHEERDER},
        {"msg": "team.events_chosen", "organisation_id": ORG, "events": 0, "by": BEHEERDER},
        {"msg": "team.removed", "organisation_id": ORG, "by": BEHEERDER}]
    for action, minute in (("team_events", 2), ("team_remove", 3)):
        line, = items("action", action)
        assert (line["token_id"], line["organisation"], line["member"], line["at"]) == (
            f"member:{BEHEERDER}", ORG, "kees@x.example", store.table.iso(NOW + timedelta(minutes=minute)))
    assert [line["action"] for line in store.organisers.list_audit()] == [      # the log page: newest first
        "team_remove", "team_events", "team_role", "team_role"]
    assert {(line["token_id"], line["organisation"], line["at"]) for line in items("action", "team_role")} == {
        (f"member:{BEHEERDER}", ORG, store.table.iso(NOW + timedelta(minutes=m))) for m in (0, 1)}


def test_a_role_change_to_an_unknown_role_or_events_for_another_role_name_their_field(table):
    from chalicelib import membership
    put_team(DEMO_ORG["members"] + [{"email": "kees@x.example", "role": "organisator"}])
    assert refused(membership.change_role, ORG, "kees@x.example", "baas") == {"role": "invalid_role"}
    assert refused(membership.choose_events, ORG, "kees@x.example", []) == {"email": "not_door"}


def test_the_invitation_mail_is_dated_when_the_worker_sends_it_and_logged(table, log_lines):  # noqa: F811
    from email.utils import parsedate_to_datetime
    from chalicelib import membership
    put_team(DEMO_ORG["members"] + [{"email": "kees@x.example", "role": "deur"}])
    item = {"organisation": ORG, "email": "kees@x.example", "organisation_name": "DuurzaamDoor", "role": "deur",
            "invited_by": BEHEERDER, "locale": "nl"}
    built = []
    assert membership.mail_invitation(item, NOW, lambda build: (built.append(build()) or "sent", None)) == "mailed"
    assert parsedate_to_datetime(built[0]["Date"]) == NOW
    assert membership.mail_invitation({**item, "email": "weg@x.example"}, NOW, built.append) == "not_member"
    assert len(built) == 1
    written = [json.loads(line) for line in log_lines]
    assert [{k: v for k, v in line.items() if k not in ("ts", "level", "request_id", "event_id")} for line in written] == [
        {"msg": "team.invitation_mailed", "organisation_id": ORG, "outcome": "sent"},
        {"msg": "team.invitation_dropped", "organisation_id": ORG}]


def test_an_invitation_is_logged_with_its_role_and_who_sent_it(table, log_lines):  # noqa: F811
    from chalicelib import membership
    membership.invite(ORG, "kees@x.example", "meekijker", by=BEHEERDER, now=NOW)
    assert stored_meta()["updated_at"] == "2026-12-01T09:30:00.000+00:00"
    written = [json.loads(line) for line in log_lines]
    assert [{k: v for k, v in line.items() if k not in ("ts", "level", "request_id", "event_id")} for line in written] == [
        {"msg": "team.invited", "organisation_id": ORG, "role": "meekijker", "by": BEHEERDER}]
    line, = items("action", "team_invite")
    assert (line["token_id"], line["organisation"], line["at"]) == (f"member:{BEHEERDER}", ORG, "2026-12-01T09:30:00.000+00:00")
    invitation, = items("type", "team_invitation")
    assert (invitation["organisation"], invitation["organisation_name"], invitation["invited_by"]) == (
        ORG, "DuurzaamDoor", BEHEERDER)


def test_two_invitations_made_before_the_mail_worker_runs_are_both_mailed(table, ses):
    from conftest import send_written
    from chalicelib import membership
    membership.invite(ORG, "kees@x.example", "deur", by=BEHEERDER, now=NOW)
    membership.invite(ORG, "mila@x.example", "meekijker", by=BEHEERDER, now=NOW)
    assert len(items("type", "team_invitation")) == 2
    send_written("team_invitation")
    assert len(mails_to(ses, "kees@x.example")) == len(mails_to(ses, "mila@x.example")) == 1
