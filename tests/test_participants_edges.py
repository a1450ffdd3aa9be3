"""The edges of the participant list (chalicelib/participants.py) that its readers notice: the
order of the names, the reader marked as themself, the notice after the button, an answer of
only spaces, and who may put their name on it (a person who cancelled may not)."""
import re

from conftest import DEMO_EVENT, person, registration_id
from test_participant_list import QUESTIONS, join, listed, page, post, token  # noqa: F401 (listed is a fixture)

EID = DEMO_EVENT["id"]


def _names(html):
    return re.findall(r"<li><strong>([^<]+)</strong>", html)


def test_the_list_is_in_alphabetical_order_whatever_the_case_of_a_name(listed):
    reader = join(listed, 1, name="Cas Çelik", share_details=True)
    join(listed, 2, name="anne de Vries", share_details=True)
    join(listed, 3, name="Bram van der Berg", share_details=True)
    assert _names(page(listed, reader)[1]) == ["anne de Vries", "Bram van der Berg", "Cas Çelik"]


def test_the_reader_is_marked_as_themself_and_nobody_else_is(listed):
    anne = join(listed, 1, name="Anne de Vries", share_details=True)
    join(listed, 2, name="Bram van der Berg", share_details=True)
    html = page(listed, anne)[1]
    assert re.findall(r"<li><strong>([^<]+)</strong>( \(jij\))?", html) == [
        ("Anne de Vries", " (jij)"), ("Bram van der Berg", "")]


def test_after_the_button_the_page_says_what_happened_and_nothing_for_another_word(listed):
    anne = join(listed, 1)
    answer = post(listed, anne, "on")
    assert answer.headers["Location"].endswith(f"/registrations/{anne}/participants?done=shared")
    assert "Je naam staat nu op de deelnemerslijst." in page(listed, anne, "?done=shared")[1]
    other = page(listed, anne, "?done=verwijderd")[1]
    assert 'class="notice"' not in other


def test_the_button_posts_to_the_readers_own_list(listed):
    anne = join(listed, 1)
    html = page(listed, anne)[1]
    assert f'<form method="post" action="https://signup.test/registrations/{anne}/participants">' in html or \
        re.search(rf'<form method="post" action="[^"]*/registrations/{re.escape(anne)}/participants">', html)
    assert re.search(rf'href="[^"]*/registrations/{re.escape(anne)}">', html)     # back to their own page


def test_an_answer_of_only_spaces_is_not_shown(listed):
    anne = join(listed, 1, share_details=True)
    from conftest import signup
    assert signup(listed, EID, **person(2, functie="   ", share_details=True)).status_code == 201
    html = page(listed, anne)[1]
    assert "Functie: Beleidsadviseur 1" in html
    bram = html[html.index("Deelnemer 2"):]
    assert "Functie" not in bram.split("</li>")[0]


def test_who_cancelled_cannot_put_their_name_on_the_list(listed):
    from chalicelib import signups, store
    anne = join(listed, 1)
    reg = store.roster.get_registration(EID, registration_id(EID, person(1)["email"]))
    signups.cancel(reg)
    assert post(listed, anne, "on").status_code == 404
    assert not store.roster.get_registration(EID, reg.id).extra.get("shared_at")


def test_who_waits_for_a_seat_may_join_but_reads_nobody(listed):
    from chalicelib import store
    for n in (1, 2, 3):
        join(listed, n, share_details=True)
    dirk = join(listed, 4)              # the fourth of three seats: waiting
    assert post(listed, dirk, "on").status_code == 303
    assert store.roster.get_registration(EID, registration_id(EID, person(4)["email"])).extra.get("shared_at")
    html = page(listed, dirk)[1]
    assert _names(html) == [] and "Je ziet de lijst zodra je een plek hebt." in html





def test_the_page_is_titled_with_the_event_in_the_readers_language(listed):
    dutch, english = join(listed, 1), join(listed, 2, locale="en")
    html = page(listed, dutch)[1]
    assert "<h1>Deelnemerslijst: Lerende ambtenaren versnellen circulaire economie</h1>" in html
    html = page(listed, english)[1]
    assert "<h1>Participant list: Learning civil servants speed up the circular economy</h1>" in html


_ = (QUESTIONS, token)


def test_a_button_value_other_than_on_or_off_is_refused_naming_the_button(listed):
    import json
    from urllib.parse import urlencode
    anne = join(listed, 1)
    for path in ("participants", "buddies"):
        answer = listed.http.post(f"/registrations/{anne}/{path}", body=urlencode({"share": "misschien"}),
                                  headers={"Content-Type": "application/x-www-form-urlencoded",
                                           "Accept": "application/json"})
        assert answer.status_code == 400
        assert json.loads(answer.body)["fields"] == {"share": "Dit klopt niet. Kijk het na en verbeter het."}
