"""The editor's preview of the mails with an opening (chalicelib.mail_preview): each mail as a sample
person in each of the event's languages would get it, with the openings as typed, nothing saved."""
import html
import re
from urllib.parse import urlencode

from conftest import DEMO_EVENT, DEMO_ORG, make_event
from test_mail_openings import BEHEERDER, EID, editor_form
from test_roles import session_of

SECTION = re.compile(r'<h3 id="preview-\d+">(.*?)</h3>.*?<pre class="mail-text">(.*?)</pre>', re.S)
PRIVACY = "https://duurzaamdoor.example/privacy"


def previews(client, cookie, fields) -> dict:
    """{heading: the mail's text} of the preview the editor answers with."""
    answer = client.http.post(f"/organiser/events/{EID}/edit", body=urlencode(fields),
                              headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 200, answer.body.decode()[:2000]
    return {html.unescape(h): html.unescape(text) for h, text in SECTION.findall(answer.body.decode())}


def test_each_mail_is_previewed_in_each_language_for_a_sample_person_with_a_working_footer(client, admin_token):
    from chalicelib import aws, signups
    make_event(client, admin_token)
    aws.dynamodb().update_item(
        TableName=aws.table_name(), Key={"PK": {"S": f"ORG#{DEMO_ORG['id']}"}, "SK": {"S": "META"}},
        UpdateExpression="SET privacy_statement_url = :u", ExpressionAttributeValues={":u": {"S": PRIVACY}})
    cookie, csrf = session_of(BEHEERDER)
    _, fields = editor_form(client, cookie)
    fields.update(csrf=csrf, action="preview_mails", confirmation_opening_nl="Fijn dat je komt!",
                  confirmation_opening_en="Great that you are coming!")
    shown = previews(client, cookie, fields)
    assert list(shown) == [f"{mail} ({language})" for mail in ("Bevestiging", "Wachtlijst", "Herinnering")
                           for language in ("Nederlands", "Engels")]
    dutch, english = shown["Bevestiging (Nederlands)"], shown["Bevestiging (Engels)"]
    assert dutch.startswith("Beste Voornaam Achternaam,\n\nFijn dat je komt!\n")
    assert "Great that you are coming!" in english and "Fijn dat je komt!" not in english
    assert "Fijn dat je komt!" not in shown["Wachtlijst (Nederlands)"]
    link = signups.manage_url(EID, "voorbeeld")     # the sample's attendee page, as a real mail links it
    for text in shown.values():
        assert link in text
    assert "Meld je dan af op je aanmeldpagina" in dutch          # a signed-up person's footer
    assert PRIVACY in dutch and PRIVACY in english                 # the organisation's privacy statement
    assert DEMO_EVENT["title"]["en"] in english


def test_an_opening_left_out_of_the_post_previews_like_an_empty_one(client, admin_token):
    make_event(client, admin_token)
    cookie, csrf = session_of(BEHEERDER)
    _, fields = editor_form(client, cookie)
    fields.update(csrf=csrf, action="preview_mails")
    empty = previews(client, cookie, {**fields, "reminder_opening_nl": "", "reminder_opening_en": ""})
    left_out = previews(client, cookie, {k: v for k, v in fields.items() if not k.startswith("reminder_opening")})
    assert left_out == empty
