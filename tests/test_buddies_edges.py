"""The edges of maatjes (chalicelib.buddies, chalicelib.store.buddies): the sizes the organiser
chooses from, moves that cannot be made, groups of one, who may still join, and introductions read
when they go (a grouping past its time, one gone while sending, someone who left since)."""
import re
from urllib.parse import urlencode

import pytest
from conftest import DEMO_EVENT, make_event, person, run_email_worker
from organiser_pages import FORM
from test_buddies import buddy_event, join, member, organiser_post, page, sent_mails  # noqa: F401 - fixtures

EID = DEMO_EVENT["id"]


def grouping_item():
    from chalicelib import aws, store
    return aws.dynamodb().get_item(TableName=aws.table_name(), Key=store.buddies.key(EID),
                                   ConsistentRead=True).get("Item")


def test_a_grouping_past_its_time_is_not_shown_or_changed(buddy_event, member):  # noqa: F811
    """Kept as long as the registrations (expires_at): after that, before DynamoDB's TTL sweeps
    the item, the page shows no groups and nobody can be moved in them."""
    from chalicelib import aws, store
    rids = [join(buddy_event, n, "Noord") for n in range(4)]
    organiser_post(buddy_event, member, "make", mode="similar", size="3-4")
    assert 'class="group"' in page(buddy_event, member)
    aws.dynamodb().update_item(TableName=aws.table_name(), Key=store.buddies.key(EID),
                               UpdateExpression="SET expires_at = :past", ExpressionAttributeValues={":past": {"N": "1"}})
    assert 'class="group"' not in page(buddy_event, member)
    moved = organiser_post(buddy_event, member, "move", registration=rids[0], group="new")
    assert moved.status_code == 400 and 'id="group-error"' in moved.body.decode()
    assert organiser_post(buddy_event, member, "send").status_code == 400


def test_a_grouping_removed_while_sending_sends_nothing_and_leaves_nothing(buddy_event, member, monkeypatch):  # noqa: F811
    """The event's items deleted (the event removed) between reading the groups and stamping them
    sent: nobody is introduced, and no half grouping is written back."""
    from chalicelib import aws, store
    for n in range(4):
        join(buddy_event, n, "Noord")
    organiser_post(buddy_event, member, "make", mode="similar", size="3-4")
    stamp = store.buddies.mark_sent

    def removed_first(event_id, sent_at):
        aws.dynamodb().delete_item(TableName=aws.table_name(), Key=store.buddies.key(event_id))
        return stamp(event_id, sent_at)
    monkeypatch.setattr(store.buddies, "mark_sent", removed_first)
    assert organiser_post(buddy_event, member, "send").status_code == 400
    run_email_worker(buddy_event)
    assert [m for m in sent_mails() if m["Subject"].startswith("Je maatjes:")] == []
    assert grouping_item() is None



# ---------------------------------------------------------------- the organiser's choices and moves

def groups_on(html):
    """The groups the Maatjes page shows, each as the names in it."""
    found = re.findall(r'<li class="group" id="group-\d+">(.*?)</li>\s*</ul>', html, re.S)
    return [re.findall(r"<strong>(.*?)</strong>", g) for g in found]


def test_the_page_offers_groups_of_two_to_six_people(buddy_event, member):  # noqa: F811
    html = page(buddy_event, member)
    offered = re.findall(r'<option value="(\d-\d)"[^>]*>(.*?)</option>', html)
    assert offered == [("3-4", "3 of 4 mensen"), ("2-3", "2 of 3 mensen"), ("4-5", "4 of 5 mensen"),
                       ("5-6", "5 of 6 mensen")]


def test_ten_people_are_split_as_the_chosen_size_asks_and_can_be_regrouped_until_sent(buddy_event, member):  # noqa: F811
    """Before the introductions go the organiser may make the groups again, in another size."""
    for n in range(10):
        join(buddy_event, n, "Noord")
    for size, sizes in (("3-4", [4, 3, 3]), ("2-3", [3, 3, 2, 2]), ("4-5", [5, 5]), ("5-6", [5, 5])):
        answer = organiser_post(buddy_event, member, "make", mode="similar", size=size)
        assert answer.status_code == 303, (size, answer.body[:300])
        assert [len(g) for g in groups_on(page(buddy_event, member))] == sizes, size


def test_twelve_people_in_groups_of_four_or_five_and_twenty_in_groups_of_five_or_six(buddy_event, member):  # noqa: F811
    """The largest size decides how many groups there are: twelve make three of four, not two of
    six; twenty make four of five, not three of six or seven."""
    for n in range(12):
        join(buddy_event, n, "Noord")
    organiser_post(buddy_event, member, "make", mode="similar", size="4-5")
    assert [len(g) for g in groups_on(page(buddy_event, member))] == [4, 4, 4]
    for n in range(12, 20):
        join(buddy_event, n, "Noord")
    organiser_post(buddy_event, member, "make", mode="similar", size="5-6")
    assert [len(g) for g in groups_on(page(buddy_event, member))] == [5, 5, 5, 5]


@pytest.mark.parametrize("group", ["0", "3", "-1", "twee", ""])
def test_a_move_to_a_group_that_is_not_there_is_refused_and_nobody_moves(buddy_event, member, group):  # noqa: F811
    rids = [join(buddy_event, n, "Noord") for n in range(7)]
    organiser_post(buddy_event, member, "make", mode="similar", size="3-4")
    before = groups_on(page(buddy_event, member))
    assert len(before) == 2
    answer = organiser_post(buddy_event, member, "move", registration=rids[0], group=group)
    assert answer.status_code == 400
    assert 'id="group-error">Dit klopt niet. Kijk het na en verbeter het.</p>' in answer.body.decode()
    assert groups_on(page(buddy_event, member)) == before


def test_a_person_moved_into_the_first_group_leaves_no_empty_group_behind(buddy_event, member):  # noqa: F811
    rids = [join(buddy_event, n, "Noord") for n in range(7)]
    organiser_post(buddy_event, member, "make", mode="similar", size="3-4")
    last = groups_on(page(buddy_event, member))[1][-1]
    rid = rids[int(last.split()[-1])]
    assert organiser_post(buddy_event, member, "move", registration=rid, group="new").status_code == 303
    assert [len(g) for g in groups_on(page(buddy_event, member))] == [4, 2, 1]
    assert organiser_post(buddy_event, member, "move", registration=rid, group="1").status_code == 303
    groups = groups_on(page(buddy_event, member))
    assert [len(g) for g in groups] == [5, 2] and groups[0][-1] == last


def test_someone_who_did_not_opt_in_cannot_be_moved_into_a_group(buddy_event, member):  # noqa: F811
    for n in range(7):
        join(buddy_event, n, "Noord")
    outsider = join(buddy_event, 8, "Noord", opt_in=False)
    organiser_post(buddy_event, member, "make", mode="similar", size="3-4")
    answer = organiser_post(buddy_event, member, "move", registration=outsider, group="1")
    assert answer.status_code == 400 and 'id="group-error"' in answer.body.decode()
    assert "Deelnemer 8" not in page(buddy_event, member)


def test_one_moved_to_a_new_group_is_alone_gets_no_mail_and_the_log_counts_the_real_groups(buddy_event, member):  # noqa: F811
    """A group of one is shown with a hint and gets no introduction; the log says how many groups
    were introduced."""
    rids = [join(buddy_event, n, "Noord") for n in range(7)]
    organiser_post(buddy_event, member, "make", mode="similar", size="3-4")
    assert organiser_post(buddy_event, member, "move", registration=rids[0], group="new").status_code == 303
    html = page(buddy_event, member)
    assert [len(g) for g in groups_on(html)] == [3, 3, 1] and groups_on(html)[2] == ["Deelnemer 0"]
    assert html.count("Een groepje van één krijgt geen e-mail. Verplaats deze deelnemer.") == 1
    assert organiser_post(buddy_event, member, "send").status_code == 303
    run_email_worker(buddy_event)
    intros = [m["To"].addresses[0].addr_spec for m in sent_mails() if m["Subject"].startswith("Je maatjes:")]
    assert sorted(intros) == sorted(person(n)["email"] for n in range(1, 7))
    late = organiser_post(buddy_event, member, "move", registration=rids[0], group="1")
    assert late.status_code == 400
    assert "De groepjes hebben hun e-mail al gekregen. Ze veranderen niet meer." in late.body.decode()
    again = organiser_post(buddy_event, member, "send")
    assert again.status_code == 400
    assert "De groepjes hebben hun e-mail al gekregen. Ze veranderen niet meer." in again.body.decode()
    remade = organiser_post(buddy_event, member, "make", mode="similar", size="3-4")     # from a page open since
    assert remade.status_code == 400
    assert "De groepjes hebben hun e-mail al gekregen. Ze veranderen niet meer." in remade.body.decode()
    assert [len(g) for g in groups_on(page(buddy_event, member))] == [3, 3, 1]
    log = buddy_event.http.get("/organiser/log", headers={"Cookie": member[0]}).body.decode()
    (line,) = re.findall(r'<tr data-action="buddies">(.*?)</tr>', log, re.S)
    assert "Maatjes voorgesteld" in line and "2 groepjes" in line


def test_without_a_group_of_two_nothing_is_sent_and_the_page_says_why(buddy_event, member):  # noqa: F811
    join(buddy_event, 1, "Noord")
    organiser_post(buddy_event, member, "make", mode="similar", size="3-4")
    assert [len(g) for g in groups_on(page(buddy_event, member))] == [1]
    answer = organiser_post(buddy_event, member, "send")
    assert answer.status_code == 400
    assert "Er is nog geen groepje van twee of meer mensen." in answer.body.decode()
    run_email_worker(buddy_event)
    assert [m for m in sent_mails() if m["Subject"].startswith("Je maatjes:")] == []
    assert "De groepjes kregen hun e-mail op" not in page(buddy_event, member)


# ---------------------------------------------------------------- the attendee's choice

def test_the_attendee_page_offers_maatjes_only_where_the_event_does(client, admin_token):
    from chalicelib import tokens
    from test_buddies import QUESTIONS
    make_event(client, admin_token, buddies=False, fields=QUESTIONS)
    token = tokens.sign(EID, join(client, 1, "Oost", opt_in=False))
    assert "Ik doe mee" not in client.http.get(f"/registrations/{token}", headers={"Accept": "text/html"}).body.decode()
    answer = client.http.post(f"/registrations/{token}/buddies", body=urlencode({"share": "on"}), headers=FORM)
    assert answer.status_code == 404


def test_who_cancelled_cannot_join_the_maatjes_any_more(buddy_event):  # noqa: F811
    from chalicelib import tokens
    token = tokens.sign(EID, join(buddy_event, 1, "Oost", opt_in=False))
    assert 'id="buddies-title"' in buddy_event.http.get(f"/registrations/{token}", headers={"Accept": "text/html"}).body.decode()
    assert buddy_event.http.post(f"/registrations/{token}/cancel").status_code == 200
    html = buddy_event.http.get(f"/registrations/{token}", headers={"Accept": "text/html"}).body.decode()
    assert 'id="buddies-title"' not in html and "Ik doe mee" not in html
    answer = buddy_event.http.post(f"/registrations/{token}/buddies", body=urlencode({"share": "on"}), headers=FORM)
    assert answer.status_code == 404


# ---------------------------------------------------------------- the introduction, read when it goes

def intros_by_address():
    return {m["To"].addresses[0].addr_spec: m.get_body(("plain",)).get_content()
            for m in sent_mails() if m["Subject"].startswith("Je maatjes:")}


def assert_the_third_is_left_out_when_they_go_before_the_mails(buddy_event, member, leave):
    """Three people in one group, the introductions sent; ``leave(registration id)`` takes the third
    away before the mail worker runs: the other two are introduced to each other, without the third."""
    rids = [join(buddy_event, n, "Noord") for n in range(3)]
    organiser_post(buddy_event, member, "make", mode="similar", size="3-4")
    assert organiser_post(buddy_event, member, "send").status_code == 303
    leave(rids[2])
    run_email_worker(buddy_event)
    intros = intros_by_address()
    for n in (0, 1):
        assert person(1 - n)["email"] in intros[person(n)["email"]]
        assert person(2)["email"] not in intros[person(n)["email"]]


def test_who_cancels_after_the_sending_is_not_named_in_the_others_introductions(buddy_event, member):  # noqa: F811
    from chalicelib import tokens

    def cancel(rid):
        assert buddy_event.http.post(f"/registrations/{tokens.sign(EID, rid)}/cancel").status_code == 200
    assert_the_third_is_left_out_when_they_go_before_the_mails(buddy_event, member, cancel)


def test_a_member_whose_record_is_gone_is_left_out_and_the_others_still_get_their_introduction(buddy_event, member):  # noqa: F811
    from chalicelib import aws, store

    def delete(rid):
        aws.dynamodb().delete_item(TableName=aws.table_name(), Key=store.roster.reg_key(EID, rid))
    assert_the_third_is_left_out_when_they_go_before_the_mails(buddy_event, member, delete)


def test_a_grouping_past_its_time_when_the_mails_go_names_nobody(buddy_event, member):  # noqa: F811
    """The introductions are read when they go: a grouping past its time by then discloses no one,
    and the mail worker does not stumble on it."""
    from chalicelib import aws, store
    for n in range(3):
        join(buddy_event, n, "Noord")
    organiser_post(buddy_event, member, "make", mode="similar", size="3-4")
    assert organiser_post(buddy_event, member, "send").status_code == 303
    aws.dynamodb().update_item(TableName=aws.table_name(), Key=store.buddies.key(EID),
                               UpdateExpression="SET expires_at = :past", ExpressionAttributeValues={":past": {"N": "1"}})
    run_email_worker(buddy_event)
    intros = intros_by_address()
    assert sorted(intros) == sorted(person(n)["email"] for n in range(3))
    for text in intros.values():
        assert "@gemeente.example" not in text.split("Dit is je groepje:")[1].split("Stuur elkaar")[0]


def test_the_introduction_names_the_others_answers_in_the_readers_language(buddy_event, member):  # noqa: F811
    join(buddy_event, 0, "Noord", locale="en")
    join(buddy_event, 1, "Noord")
    organiser_post(buddy_event, member, "make", mode="similar", size="2-3")
    assert organiser_post(buddy_event, member, "send").status_code == 303
    run_email_worker(buddy_event)
    intros = {m["To"].addresses[0].addr_spec: m.get_body(("plain",)).get_content() for m in sent_mails()
              if m["Subject"].startswith(("Je maatjes:", "Your buddies:"))}
    assert "Organisation: Gemeente Utrecht" in intros[person(0)["email"]]
    assert "Organisatie: Gemeente Utrecht" in intros[person(1)["email"]]


def test_the_log_says_who_introduced_how_many_groups_and_when(buddy_event, member):  # noqa: F811
    """A group of two is a group that gets its introduction; a download made afterwards is above it
    (the log is newest first)."""
    from test_roles import BEHEERDER
    join(buddy_event, 0, "Noord")
    join(buddy_event, 1, "Noord")
    organiser_post(buddy_event, member, "make", mode="similar", size="2-3")
    assert organiser_post(buddy_event, member, "send").status_code == 303
    assert buddy_event.http.get(f"/events/{EID}/registrations", headers={"Cookie": member[0]}).status_code == 200
    log = buddy_event.http.get("/organiser/log", headers={"Cookie": member[0]}).body.decode()
    lines = re.findall(r'<tr data-action="(\w+)">(.*?)</tr>', log, re.S)
    assert [action for action, _ in lines] == ["export", "buddies"]
    line = lines[1][1]
    assert BEHEERDER in line and "Maatjes voorgesteld" in line and "1 groepje" in line
    when = re.search(r'<td data-label="Wanneer">(.*?)</td>', line).group(1)
    assert re.fullmatch(r"\d{1,2} \w+\.? \d{4}, \d{1,2}\.\d{2} uur", when), when
