"""The event editor, closing and reopening registration, and the embed page (issue 9, items 3 and 4)."""
import base64
import json
import re
import struct
import zlib
from urllib.parse import urlencode

import pytest

from conftest import DEMO_EVENT, bearer, make_event, person, signup
from organiser_pages import form_fields, post_form
from test_organisers import put_org, ses, sign_in  # noqa: F401  (ses is a fixture)

EID = DEMO_EVENT["id"]
ORG = "duurzaamdoor"
OTHER = "jan@elders.example"

RICH = {    # every field of the definition set, most to something other than its default
    "locales": ["en", "nl"], "timezone": "Europe/London", "capacity": 25, "retention_days": 45,
    "waitlist_enabled": True, "double_opt_in": True, "registration_open": False, "consent_required": True,
    "consent_version": "v7", "starts_at": "2027-03-04T09:30:00", "ends_at": "2027-03-05T16:15:30",
    "registration_closes_at": "2027-03-01T12:00:00",
    "description": {"nl": "Regel één\nRegel twee & <drie>", "en": "Line one\nLine two"},
    "location": {"nl": "Den Haag"}, "practical_info": {"en": "Bring a badge."},
    "fields": [
        {"name": "organisation", "type": "text", "required": True, "label": {"nl": "Organisatie", "en": "Organisation"}},
        {"name": "dieet", "type": "select", "required": False, "label": {"nl": "Dieet"},
         "options": ["Geen wensen", "Vegetarisch", "Halal \"of\" koosjer"]},
        {"name": "foto", "type": "checkbox", "required": False, "label": {"en": "Photos are fine"}},
        {"name": "collega", "type": "email", "required": False, "label": {"nl": "E-mail van een collega"}}],
    "allowed_redirect_origins": ["https://www.duurzaamdoor.example", "http://127.0.0.1:8080"],
    "organiser": {"name": "DuurzaamDoor", "email": "circulair@duurzaamdoor.example", "url": "https://duurzaamdoor.example"},
}


@pytest.fixture
def member(client, admin_token, ses):   # noqa: F811
    """The demo event (owned by the demo organisation) and its member's session cookie."""
    make_event(client, admin_token)
    return sign_in(client, ses)


@pytest.fixture
def stranger(client, admin_token, ses, member):     # noqa: F811
    """A signed-in member of another organisation."""
    assert put_org(client, admin_token, org_id="elders", members=[OTHER], name="Elders").status_code == 201
    return sign_in(client, ses, OTHER)


def definition(client, admin_token, event_id=EID):
    answer = client.http.get(f"/events/{event_id}/definition", headers=bearer(admin_token))
    assert answer.status_code == 200
    return json.loads(answer.body)


def page(client, path, cookie):
    return client.http.get(path, headers={"Cookie": cookie})


def edit_form(client, cookie, event_id=EID):
    answer = page(client, f"/organiser/events/{event_id}/edit", cookie)
    assert answer.status_code == 200
    return form_fields(answer.body.decode())


def new_form(client, cookie, **values):
    fields = form_fields(page(client, f"/organiser/events/new?organisation={ORG}", cookie).body.decode())
    return {**fields, **values}


def messages_beside(html: str) -> dict:
    """input id -> the error message next to it."""
    return dict(re.findall(r'<span class="error" id="([\w-]+)-error">([^<]+)</span>', html))


# ---------------------------------------------------------------- nothing is lost

@pytest.mark.parametrize("overrides", [{}, RICH], ids=["demo", "every-field"])
def test_saving_the_edit_form_unchanged_keeps_the_definition(client, admin_token, member, overrides):
    make_event(client, admin_token, **overrides)
    before = definition(client, admin_token)
    answer = post_form(client, f"/organiser/events/{EID}/edit", edit_form(client, member), member, action="save")
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"https://signup.test/organiser/events/{EID}/edit?done=saved"
    assert definition(client, admin_token) == before


def test_the_form_shows_times_in_the_events_zone(client, admin_token, member):
    make_event(client, admin_token, **RICH)
    fields = edit_form(client, member)
    assert (fields["start_date"], fields["start_time"]) == ("2027-03-04", "09:30")
    assert (fields["end_date"], fields["end_time"]) == ("2027-03-05", "16:15:30")
    assert (fields["closes_date"], fields["closes_time"]) == ("2027-03-01", "12:00")
    assert (fields["timezone"], fields["timezone_other"]) == ("other", "Europe/London")   # "Andere tijdzone"
    assert fields["locales"] == "en,nl"
    assert fields["q1_options"] == 'Geen wensen\r\nVegetarisch\r\nHalal "of" koosjer'


def test_a_change_in_the_form_changes_only_that(client, admin_token, member):
    before = definition(client, admin_token)
    fields = edit_form(client, member)
    fields.update(capacity="120", title_en="Circular", start_time="14:00", timezone="Europe/Amsterdam")
    assert post_form(client, f"/organiser/events/{EID}/edit", fields, member).status_code == 303
    after = definition(client, admin_token)
    assert after["capacity"] == 120
    assert after["title"] == {**before["title"], "en": "Circular"}
    assert after["starts_at"] == "2026-12-09T14:00:00+01:00"
    changed = ("capacity", "title", "starts_at")
    assert {k: v for k, v in after.items() if k not in changed} == {k: v for k, v in before.items() if k not in changed}


def test_a_changed_consent_text_gets_a_new_version(client, admin_token, member):
    make_event(client, admin_token, consent_version="v7")
    fields = edit_form(client, member)
    fields["consent_text_nl"] = "Ik ga akkoord."
    post_form(client, f"/organiser/events/{EID}/edit", fields, member)
    stored = definition(client, admin_token)
    assert stored["consent_text"]["nl"] == "Ik ga akkoord."
    assert stored["consent_version"].startswith("sha256:")


# ---------------------------------------------------------------- a new event

def test_a_new_event_gets_an_address_from_title_and_date(client, admin_token, member):
    fields = new_form(client, member, title_nl="Nieuwjaarsbijeenkomst Zuid-Holland!", start_date="2027-01-12",
                      start_time="16:00", end_time="18:30", capacity="40")
    answer = post_form(client, "/organiser/events/new", fields, member, action="save")
    assert answer.status_code == 303
    new_id = "nieuwjaarsbijeenkomst-zuid-holland-2027-01-12"
    assert answer.headers["Location"] == f"https://signup.test/organiser/events/{new_id}/edit?done=created"
    stored = definition(client, admin_token, new_id)
    assert stored["organisation_id"] == ORG
    assert (stored["starts_at"], stored["ends_at"]) == ("2027-01-12T16:00:00+01:00", "2027-01-12T18:30:00+01:00")
    assert (stored["timezone"], stored["capacity"], stored["locales"]) == ("Europe/Amsterdam", 40, ["nl"])
    assert "De bijeenkomst is aangemaakt." in page(client, answer.headers["Location"], member).body.decode()
    again = post_form(client, "/organiser/events/new", fields, member, action="save")
    assert again.headers["Location"] == f"https://signup.test/organiser/events/{new_id}-2/edit?done=created"


def test_a_mistake_on_a_new_event_leaves_the_link_name_open(client, admin_token, member):
    """Issue 22 item 11: without a title the made-up name would be "bijeenkomst"; it must not stick."""
    fields = new_form(client, member, start_date="2027-01-12", capacity="veertig")
    answer = post_form(client, "/organiser/events/new", fields, member)
    assert answer.status_code == 400
    shown = form_fields(answer.body.decode())
    assert shown["id"] == ""
    answer = post_form(client, "/organiser/events/new", {**shown, "title_nl": "Voorjaarsoverleg", "capacity": "40"}, member)
    assert answer.headers["Location"] == "https://signup.test/organiser/events/voorjaarsoverleg-2027-01-12/edit?done=created"


def test_a_typed_link_name_comes_back_as_typed_after_a_mistake(client, admin_token, member):
    fields = new_form(client, member, id="mijn-overleg", title_nl="", start_date="2027-01-12")
    answer = post_form(client, "/organiser/events/new", fields, member)
    assert answer.status_code == 400 and form_fields(answer.body.decode())["id"] == "mijn-overleg"


def test_a_chosen_address_that_is_taken_is_refused(client, admin_token, member):
    fields = new_form(client, member, id=EID, title_nl="Dubbel", start_date="2027-01-12")
    answer = post_form(client, "/organiser/events/new", fields, member)
    assert answer.status_code == 400
    assert messages_beside(answer.body.decode())["id"] == "Deze naam is al in gebruik. Kies een andere."
    assert definition(client, admin_token)["title"] == DEMO_EVENT["title"]


def test_the_link_name_can_change_until_the_first_signup(client, admin_token, member):
    """Issue 22 item 11: a saved event's link name stays editable until somebody signs up; then the
    old link stops and the new one is the event, with everything else as it was."""
    before = definition(client, admin_token)
    fields = edit_form(client, member)
    assert fields["id"] == EID
    answer = post_form(client, f"/organiser/events/{EID}/edit", {**fields, "id": "kringloop-2026"}, member)
    assert answer.headers["Location"] == "https://signup.test/organiser/events/kringloop-2026/edit?done=saved"
    assert client.http.get(f"/events/{EID}").status_code == 404
    assert definition(client, admin_token, "kringloop-2026") == {**before, "id": "kringloop-2026"}
    assert signup(client, "kringloop-2026", **person(1)).status_code == 201
    fields = edit_form(client, member, "kringloop-2026")
    assert "id" not in fields         # somebody signed up: the link name is shown, no longer a field
    answer = post_form(client, "/organiser/events/kringloop-2026/edit", {**fields, "id": "weer-anders"}, member)
    assert client.http.get("/events/weer-anders").status_code == 404
    assert client.http.get("/events/kringloop-2026").status_code == 200


def test_a_link_name_is_not_moved_onto_a_taken_or_bad_name(client, admin_token, member):
    make_event(client, admin_token, id="ander-overleg")
    fields = edit_form(client, member)
    for name, message in (("ander-overleg", "Deze naam is al in gebruik. Kies een andere."),
                          ("met spatie", "Gebruik alleen letters, cijfers en streepjes (-), zonder spaties. "
                                         "Begin met een letter of cijfer.")):
        answer = post_form(client, f"/organiser/events/{EID}/edit", {**fields, "id": name}, member)
        assert answer.status_code == 400
        assert messages_beside(answer.body.decode())["id"] == message
    assert definition(client, admin_token)["title"] == DEMO_EVENT["title"]
    assert definition(client, admin_token, "ander-overleg")["id"] == "ander-overleg"


def test_a_signup_that_lands_before_the_rename_keeps_the_link_name(client, admin_token, member):
    """The counters are checked again when the move commits: a signup between the check and the
    move leaves the event where it is."""
    from datetime import datetime, timezone
    from chalicelib import organising, store
    from chalicelib.errors import ValidationFailed
    body = {k: v for k, v in definition(client, admin_token).items() if k != "id"}
    assert signup(client, EID, **person(1)).status_code == 201
    with pytest.raises(ValidationFailed) as refused:
        organising.rename_event(EID, "te-laat", body, datetime.now(timezone.utc))
    assert refused.value.fields == {"id": "has_signups"}
    assert store.events.rename_event(EID, {**body, "id": "te-laat"}, datetime.now(timezone.utc)) is False
    assert client.http.get("/events/te-laat").status_code == 404
    assert client.http.get(f"/events/{EID}").status_code == 200


def test_someone_who_signed_up_and_cancelled_keeps_a_working_link(client, admin_token, member):
    """Nobody holds a seat any more, but the cancelled person's mail links to the old name."""
    from datetime import datetime, timezone
    from chalicelib import organising, signups, store
    from chalicelib.errors import ValidationFailed
    body = {k: v for k, v in definition(client, admin_token).items() if k != "id"}
    assert signup(client, EID, **person(1)).status_code == 201
    [registration] = store.roster.registrations(EID, consistent=True)
    signups.cancel(registration)
    with pytest.raises(ValidationFailed) as refused:
        organising.rename_event(EID, "kringloop-2026", body, datetime.now(timezone.utc))
    assert refused.value.fields == {"id": "has_signups"}
    assert client.http.get(f"/events/{EID}").status_code == 200


def test_a_renamed_event_keeps_its_daily_mail_and_its_follow_up(client, admin_token, member):
    from datetime import datetime, timezone
    from chalicelib import after, digest, organising, signups
    body = {k: v for k, v in definition(client, admin_token).items() if k != "id"}
    now = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
    organising.rename_event(EID, "kringloop-2026", body, now)
    assert signup(client, "kringloop-2026", **person(1)).status_code == 201
    event = signups.get_event("kringloop-2026")
    assert digest.request_due(digest.next_due(event, now)) == 1             # the organiser's daily mail
    assert after.request_due(after.follow_up_at(event)) == 1                # the thank-you the morning after


def test_the_editor_saves_an_event_only_as_new_when_the_id_is_free(client, admin_token, member):
    from datetime import datetime, timezone
    from chalicelib import organising
    from chalicelib.errors import ValidationFailed
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    with pytest.raises(ValidationFailed) as refused:
        organising.save_event(EID, {**body, "capacity": 1}, datetime.now(timezone.utc), only_new=True)
    assert refused.value.fields == {"id": "id_taken"}
    assert definition(client, admin_token)["capacity"] == DEMO_EVENT["capacity"]


def test_every_mistake_is_named_beside_its_field_and_in_the_summary(client, admin_token, member):
    fields = new_form(client, member, id="met spatie", start_date="2027-02-30", end_time="", capacity="veel",
                      timezone="Mars/Olympus", consent_required="on", organiser_email="geen adres",
                      allowed_redirect_origins="www.zonder-schema.nl", questions="1", q0_type="select",
                      q0_label_nl="Dieet", q0_options="\r\n")
    answer = post_form(client, "/organiser/events/new", fields, member)
    assert answer.status_code == 400
    html = answer.body.decode()
    assert messages_beside(html) == {
        "id": "Gebruik alleen letters, cijfers en streepjes (-), zonder spaties. Begin met een letter of cijfer.",
        "title_nl": "Vul dit veld in.",
        "start_date": "Vul een datum in, bijvoorbeeld 9-12-2026.",
        "end_date": "Vul dit veld in.",
        "capacity": "Vul een heel getal in dat groter is dan 0.",
        "timezone": "Kies een tijdzone.",
        "consent_text_nl": "Vul dit veld in.",
        "organiser_email": "Vul een e-mailadres in, bijvoorbeeld naam@gemeente.nl.",
        "allowed_redirect_origins": "Vul webadressen in zoals https://www.voorbeeld.nl, één per regel.",
        "q0_options": "Zet de keuzes onder elkaar, één per regel.",
    }
    assert 'aria-invalid="true" aria-describedby="capacity-error capacity-hint"' in html
    summary = re.search(r'<div class="alert error-summary".*?</div>', html, re.S).group(0)
    assert re.findall(r'href="#([\w-]+)"', summary) == list(messages_beside(html))
    assert "Er zijn 10 dingen om te verbeteren" in summary
    assert 'value="met spatie"' in html and 'value="veel"' in html       # what was typed stays


def test_a_bad_time_is_named_beside_a_bad_date_and_neither_is_echoed(client, member):
    """A date input cannot show 2027-02-30 (browsers empty it; the validator refuses the page)."""
    fields = new_form(client, member, start_date="2027-02-30", start_time="25:61")
    answer = post_form(client, "/organiser/events/new", fields, member)
    html = answer.body.decode()
    assert answer.status_code == 400
    assert {k: v for k, v in messages_beside(html).items() if k.startswith("start")} == {
        "start_date": "Vul een datum in, bijvoorbeeld 9-12-2026.", "start_time": "Vul een tijd in, bijvoorbeeld 13.00."}
    assert 'id="start_date" name="start_date" value=""' in html
    assert 'id="start_time" name="start_time" value=""' in html


def test_messages_never_use_jargon():
    from chalicelib import error_copy, translations
    for texts in ([*error_copy.FIELD_MESSAGES.values()], *error_copy.ERROR_MESSAGES.values()):
        for text in texts:
            for words in (text, translations.gettext("en")(text)):
                assert not any(jargon in words for jargon in ("IANA", "ISO 8601", "KiB", "true of false")), words


# ---------------------------------------------------------------- questions without JavaScript

def test_question_buttons_rerender_without_saving(client, admin_token, member):
    make_event(client, admin_token, fields=DEMO_EVENT["fields"][:1])      # one question: Organisatie
    before = definition(client, admin_token)
    fields = edit_form(client, member)
    added = post_form(client, f"/organiser/events/{EID}/edit", fields, member, action="add_field")
    assert added.status_code == 200
    fields = form_fields(added.body.decode())
    assert fields["questions"] == "2" and fields["q1_label_nl"] == "" and fields["q1_type"] == "text"
    assert re.search(r'<input type="text" id="q1_label_nl"[^>]* autofocus', added.body.decode())   # the reload lands there
    fields.update(q1_label_nl="Lunch", q1_type="select", q1_options="Ja\r\nNee", q1_required="on")
    moved = post_form(client, f"/organiser/events/{EID}/edit", fields, member, action="move_up:1")
    fields = form_fields(moved.body.decode())
    assert (fields["q0_label_nl"], fields["q1_label_nl"]) == ("Lunch", "Organisatie")
    assert definition(client, admin_token) == before                     # nothing saved yet
    assert post_form(client, f"/organiser/events/{EID}/edit", fields, member, action="save").status_code == 303
    stored = definition(client, admin_token)["fields"]
    assert stored[0] == {"name": "lunch", "type": "select", "required": True, "label": {"nl": "Lunch"},
                         "options": ["Ja", "Nee"]}
    assert stored[1] == before["fields"][0]
    removed = post_form(client, f"/organiser/events/{EID}/edit", edit_form(client, member), member,
                        action="remove_field:0")
    fields = form_fields(removed.body.decode())
    assert (fields["questions"], fields["q0_name"]) == ("1", "organisation")


def test_enter_in_a_text_box_saves(client, member):
    html = page(client, f"/organiser/events/{EID}/edit", member).body.decode()
    form = html[html.index('<form id="event-form"'):]
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert 'name="action" value="save"' in first_button


# ---------------------------------------------------------------- close and reopen

def test_closing_and_reopening_registration(client, admin_token, member):
    csrf = edit_form(client, member)["csrf"]
    closed = post_form(client, f"/organiser/events/{EID}/registration", {"csrf": csrf, "open": "no"}, member)
    assert closed.headers["Location"] == f"https://signup.test/organiser/events/{EID}/edit?done=closed"
    assert json.loads(client.http.get(f"/events/{EID}").body)["registration_open"] is False
    assert "De aanmelding is gesloten." in page(client, closed.headers["Location"], member).body.decode()
    reopened = post_form(client, f"/organiser/events/{EID}/registration",
                         {"csrf": csrf, "open": "yes", "next": f"/organiser/events/{EID}"}, member)
    assert reopened.headers["Location"] == f"https://signup.test/organiser/events/{EID}?done=opened"
    assert json.loads(client.http.get(f"/events/{EID}").body)["registration_open"] is True


def test_closing_goes_back_only_to_our_pages(client, member):
    csrf = edit_form(client, member)["csrf"]
    for back in ("https://evil.example/x", "//evil.example", "/organiser/../x?y"):
        answer = post_form(client, f"/organiser/events/{EID}/registration", {"csrf": csrf, "open": "no", "next": back},
                           member)
        assert (back, answer.headers["Location"]) == (back, f"https://signup.test/organiser/events/{EID}/edit?done=closed")


def test_a_bad_open_value_is_400(client, member):
    csrf = edit_form(client, member)["csrf"]
    answer = post_form(client, f"/organiser/events/{EID}/registration", {"csrf": csrf, "open": "misschien"}, member)
    assert answer.status_code == 400


# ---------------------------------------------------------------- the embed page

def test_embed_snippets_use_the_events_real_fields(client, admin_token, member):
    make_event(client, admin_token, **{k: RICH[k] for k in ("fields", "allowed_redirect_origins")})
    html = page(client, f"/organiser/events/{EID}/embed", member).body.decode()
    snippet = _unescape(re.search(r'<textarea id="html-code"[^>]*>(.*?)</textarea>', html, re.S).group(1))
    assert f'action="https://signup.test/events/{EID}/signups"' in snippet
    assert 'name="_redirect"' not in snippet         # no page of their own named: our thank-you page
    assert '<label for="organisation">Organisatie (verplicht)</label>' in snippet
    assert re.findall(r"<option>([^<]*)</option>", snippet) == ["Geen wensen", "Vegetarisch", "Halal &#34;of&#34; koosjer"]
    assert '<input id="foto" name="foto" type="checkbox" value="on">' in snippet
    assert '<input id="consent" name="consent" type="checkbox" value="on" required>' in snippet
    assert 'name="_gotcha"' in snippet
    script = _unescape(re.search(r'<textarea id="fetch-code"[^>]*>(.*?)</textarea>', html, re.S).group(1))
    assert "delete data.consent;" in script
    assert "if (form.elements.consent && form.elements.consent.checked) data.consent = true;" in script
    assert "consent: true" not in script
    iframe = _unescape(re.search(r'<textarea id="iframe-code"[^>]*>(.*?)</textarea>', html, re.S).group(1))
    assert iframe.startswith(f'<iframe id="aanmelden-{EID}" src="https://signup.test/events/{EID}/form" title="Aanmelden: ')


def test_the_qr_code_reads_as_the_forms_address(client, member):
    html = page(client, f"/organiser/events/{EID}/embed", member).body.decode()
    uri = re.search(r'href="(data:image/png;base64,[^"]+)" download="([^"]+)"', html)
    assert uri.group(2) == f"{EID}-qr.png"
    assert _read_qr(base64.b64decode(uri.group(1).split(",", 1)[1])) == f"https://signup.test/events/{EID}/form"
    assert re.search(r'<svg role="img" aria-label="[^"]+"', html)


def test_adding_the_organisers_site(client, admin_token, member):
    csrf = edit_form(client, member)["csrf"]
    answer = post_form(client, f"/organiser/events/{EID}/origins",
                       {"csrf": csrf, "site": "https://www.Gemeente.nl/agenda/bijeenkomst?x=1"}, member)
    assert answer.headers["Location"] == f"https://signup.test/organiser/events/{EID}/embed?done=origin_added"
    origins = definition(client, admin_token)["allowed_redirect_origins"]
    assert origins == DEMO_EVENT["allowed_redirect_origins"] + ["https://www.gemeente.nl"]
    again = post_form(client, f"/organiser/events/{EID}/origins", {"csrf": csrf, "site": "https://www.gemeente.nl"}, member)
    assert again.headers["Location"].endswith("?done=origin_known")
    assert definition(client, admin_token)["allowed_redirect_origins"] == origins


def test_an_unforeseen_refusal_of_an_organiser_form_is_a_page_that_leads_back(client, member, monkeypatch):
    """An organiser's form that the use case refuses gets an error page with a way back to the
    organiser's page, not the visitors' signup form."""
    from chalicelib import organising
    from chalicelib.errors import ValidationFailed

    def refuse(*args, **kwargs):
        raise ValidationFailed({"consent_version": "invalid"})
    monkeypatch.setattr(organising, "patch_event", refuse)
    embed_page = f"https://signup.test/organiser/events/{EID}/embed"
    answer = client.http.post(f"/organiser/events/{EID}/origins", body=urlencode(
        {"csrf": edit_form(client, member)["csrf"], "site": "https://www.gemeente.nl"}), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": member, "Referer": embed_page})
    page = answer.body.decode()
    assert answer.status_code == 400
    assert 'name="email"' not in page           # not the signup form
    assert f'href="{embed_page}"' in page


def test_adding_a_site_to_an_event_without_consent_text(client, admin_token, member):
    make_event(client, admin_token, consent_required=False, consent_text={})     # as the editor makes one
    assert definition(client, admin_token)["consent_version"] == ""
    csrf = edit_form(client, member)["csrf"]
    answer = post_form(client, f"/organiser/events/{EID}/origins", {"csrf": csrf, "site": "https://www.gemeente.nl"}, member)
    assert answer.headers["Location"].endswith("?done=origin_added")
    assert definition(client, admin_token)["allowed_redirect_origins"][-1] == "https://www.gemeente.nl"


def test_a_site_that_is_not_an_address_is_named(client, admin_token, member):
    csrf = edit_form(client, member)["csrf"]
    answer = post_form(client, f"/organiser/events/{EID}/origins", {"csrf": csrf, "site": "gemeente"}, member)
    assert answer.status_code == 400
    assert messages_beside(answer.body.decode())["site"] == "Vul een webadres in zoals https://www.voorbeeld.nl."
    assert definition(client, admin_token)["allowed_redirect_origins"] == DEMO_EVENT["allowed_redirect_origins"]


# ---------------------------------------------------------------- who may

PAGES = [f"/organiser/events/{EID}/edit", f"/organiser/events/{EID}/embed", f"/organiser/events/new?organisation={ORG}"]
POSTS = [(f"/organiser/events/{EID}/edit", {"action": "save"}), (f"/organiser/events/{EID}/registration", {"open": "no"}),
         (f"/organiser/events/{EID}/origins", {"site": "https://evil.example"}),
         ("/organiser/events/new", {"organisation": ORG, "title_nl": "Nieuw", "start_date": "2027-01-01",
                                    "start_time": "10:00", "end_time": "11:00", "action": "save"})]


def test_a_member_of_another_organisation_sees_and_changes_nothing(client, admin_token, stranger):
    before = definition(client, admin_token)
    for path in PAGES:
        answer = page(client, path, stranger)
        assert (path, answer.status_code) == (path, 404)
        assert "Lerende ambtenaren" not in answer.body.decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page(client, "/organiser", stranger).body.decode()).group(1)
    for path, fields in POSTS:
        assert (path, post_form(client, path, fields, stranger, csrf=csrf).status_code) == (path, 404)
    assert definition(client, admin_token) == before


def test_a_post_without_csrf_token_is_403_and_changes_nothing(client, admin_token, member):
    before = definition(client, admin_token)
    for path, fields in POSTS:
        assert (path, post_form(client, path, fields, member).status_code) == (path, 403)
        assert (path, post_form(client, path, fields, member, csrf="vervalst").status_code) == (path, 403)
    assert definition(client, admin_token) == before
    assert store_has_no_event("nieuw-2027-01-01")


def test_without_a_session_pages_send_you_to_sign_in(client, member):
    for path in PAGES:
        answer = client.http.get(path)
        # the sign-in page, and back here afterwards (issue 22)
        assert (path, answer.status_code, answer.headers["Location"]) == (
            path, 303, "https://signup.test/organiser?" + urlencode({"next": path}))


def store_has_no_event(event_id):
    from chalicelib import store
    return store.events.get_definition(event_id) is None


def test_an_unknown_event_is_404(client, member):
    assert page(client, "/organiser/events/bestaat-niet/edit", member).status_code == 404
    assert page(client, "/organiser/events/..%2Fx/embed", member).status_code == 404


def test_a_body_that_is_not_a_form_is_415(client, member):
    answer = client.http.post(f"/organiser/events/{EID}/edit", body="{}",
                              headers={"Content-Type": "application/json", "Cookie": member})
    assert answer.status_code == 415


def test_english_pages(client, member):
    html = page(client, f"/organiser/events/{EID}/edit?lang=en", member).body.decode()
    assert '<html lang="en">' in html and "Title (Dutch)" in html and "Time zone" in html
    assert f'action="https://signup.test/organiser/events/{EID}/edit?lang=en"' in html


# ---------------------------------------------------------------- helpers

def _unescape(text: str) -> str:
    import html
    return html.unescape(text)


def _read_qr(png: bytes) -> str:
    """Decode the 1-bit grayscale PNG segno writes, and read it with zxing-cpp."""
    import zxingcpp
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(png):
        (length,), kind = struct.unpack(">I", png[pos:pos + 4]), png[pos + 4:pos + 8]
        chunks[kind] = chunks.get(kind, b"") + png[pos + 8:pos + 8 + length]
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (1, 0)
    raw, stride, pixels = zlib.decompress(chunks[b"IDAT"]), (width + 7) // 8, bytearray()
    previous = bytes(stride)
    for y in range(height):
        kind, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        assert kind in (0, 1, 2)                    # none, Sub, Up: what segno writes
        for i in range(stride):
            row[i] = (row[i] + (row[i - 1] if kind == 1 and i else 0) + (previous[i] if kind == 2 else 0)) & 0xFF
        previous = bytes(row)
        pixels += bytes(255 if row[x // 8] >> (7 - x % 8) & 1 else 0 for x in range(width))
    image = memoryview(bytes(pixels)).cast("B", (height, width))
    [code] = zxingcpp.read_barcodes(image)
    return code.text
