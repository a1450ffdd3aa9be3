"""The HTTP edge (chalicelib/http) at its edges, as a client sees them: a body exactly at its limit
is read and one byte more is 413 in the visitor's language; a ``+json`` media type is JSON; the
status each refusal answers; which visitor shares a rate limit with which; and how a multipart
upload is read when its parts are odd."""
import json
import re
from urllib.parse import urlencode

import pytest

from conftest import DEMO_EVENT, DEMO_ORG, DEMO_PROGRAMME, bearer, make_event, person, signed_up, signup
from test_organisation_page import ORG, multipart, png
from test_roles import session_of

EID = DEMO_EVENT["id"]
KIB = 1024
JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
TOO_LARGE_NL = "Het formulier is te groot. Maak je antwoorden korter en probeer het opnieuw."
TOO_LARGE_EN = "The form is too large. Make your answers shorter and try again."
UNREADABLE_NL = "We konden het formulier niet lezen. Probeer het opnieuw."


def padded(document, size: int) -> str:
    """``document`` as JSON, padded with trailing spaces (still the same JSON) to ``size`` bytes."""
    text = json.dumps(document)
    assert len(text) <= size
    return text + " " * (size - len(text))


def page_text(answer) -> str:
    """What a person reads on an HTML page: its text without tags, one space between words."""
    return " ".join(re.sub(r"<[^>]+>", " ", answer.body.decode()).split())


def error_of(answer):
    return json.loads(answer.body)["error"]


# ---------------------------------------------------------------- a signup's body: 16 KiB

def test_a_signup_of_exactly_16_kib_comes_in_and_one_byte_more_is_413(client, demo_event):
    at_limit = client.http.post(f"/events/{EID}/signups", body=padded(person(1), 16 * KIB), headers=JSON)
    assert at_limit.status_code == 201, at_limit.body
    over = client.http.post(f"/events/{EID}/signups", body=padded(person(2), 16 * KIB + 1), headers=JSON)
    assert over.status_code == 413
    assert json.loads(over.body) == {"error": "payload_too_large", "message": TOO_LARGE_NL}


def test_a_too_large_signup_is_refused_in_the_visitors_language(client, demo_event):
    over = client.http.post(f"/events/{EID}/signups", body=padded(person(2), 16 * KIB + 1),
                            headers={**JSON, "Accept-Language": "en-GB"})
    assert (over.status_code, json.loads(over.body)["message"]) == (413, TOO_LARGE_EN)


@pytest.mark.parametrize("kind", ["application/vnd.duurzaamdoor.signup+json", "application/ld+json; charset=utf-8"])
def test_a_signup_in_a_json_media_type_of_its_own_is_read_as_json(client, demo_event, kind):
    answer = client.http.post(f"/events/{EID}/signups", body=json.dumps(person(1)), headers={"Content-Type": kind})
    assert answer.status_code == 201, answer.body
    assert json.loads(answer.body) == {"event_id": EID, "status": "confirmed"}


def test_a_form_of_200_fields_is_read_and_one_of_201_is_unreadable(client, demo_event):
    def form_with(n):
        fields = urlencode(person(n, consent="on"))
        extra = n - fields.count("&") - 1
        return fields + "".join(f"&x{i}=1" for i in range(extra))
    read = client.http.post(f"/events/{EID}/signups", body=form_with(200), headers={**FORM, "Accept": "application/json"})
    assert read.status_code == 201, read.body
    unread = client.http.post(f"/events/{EID}/signups", body=form_with(201), headers={**FORM, "Accept": "application/json"})
    assert unread.status_code == 400
    assert json.loads(unread.body) == {"error": "bad_request", "message": UNREADABLE_NL}


# ---------------------------------------------------------------- an event definition: 256 KiB of JSON

def test_an_event_definition_of_exactly_256_kib_is_saved_and_one_byte_more_is_413(client, admin_token, demo_event):
    body = {k: v for k, v in DEMO_EVENT.items() if k != "id"}
    at_limit = client.http.put(f"/events/{EID}", body=padded({**body, "capacity": 77}, 256 * KIB),
                               headers={**bearer(admin_token), **JSON})
    assert at_limit.status_code == 200, at_limit.body
    over = client.http.put(f"/events/{EID}", body=padded({**body, "capacity": 66}, 256 * KIB + 1),
                           headers={**bearer(admin_token), **JSON})
    assert over.status_code == 413 and error_of(over) == "payload_too_large"
    assert json.loads(client.http.get(f"/events/{EID}").body)["capacity"] == 77


def test_a_merge_patch_and_a_body_without_a_type_are_json_and_plain_text_is_not(client, admin_token, demo_event):
    token = bearer(admin_token)
    patched = client.http.patch(f"/events/{EID}", body=json.dumps({"capacity": 41}),
                                headers={**token, "Content-Type": "application/merge-patch+json"})
    assert patched.status_code in (200, 204), patched.body
    assert json.loads(client.http.get(f"/events/{EID}").body)["capacity"] == 41
    untyped = client.http.patch(f"/events/{EID}", body=json.dumps({"capacity": 42}), headers=token)
    assert untyped.status_code in (200, 204), untyped.body
    assert json.loads(client.http.get(f"/events/{EID}").body)["capacity"] == 42
    text = client.http.patch(f"/events/{EID}", body=json.dumps({"capacity": 43}),
                             headers={**token, "Content-Type": "text/plain"})
    assert text.status_code == 415 and error_of(text) == "unsupported_media_type"
    assert json.loads(client.http.get(f"/events/{EID}").body)["capacity"] == 42


@pytest.mark.parametrize("body, named", [('"\\ud800"', "body"), ('{"title": {"nl": "Lerende \\ud800"}}', "title.nl")])
def test_a_lone_surrogate_is_named_by_where_it_stands(client, admin_token, demo_event, body, named):
    answer = client.http.patch(f"/events/{EID}", body=body, headers={**bearer(admin_token), **JSON})
    assert answer.status_code == 400
    assert list(json.loads(answer.body)["fields"]) == [named]


# ---------------------------------------------------------------- an organiser's form: 256 KiB, 1000 fields

@pytest.fixture
def member(client, demo_event):
    """The demo organisation's first member (its beheerder), signed in: ``(cookie, csrf)``."""
    return session_of(DEMO_ORG["members"][0]["email"])


def sign_out(client, member, body):
    cookie, _ = member
    return client.http.post("/organiser/logout", body=body, headers={**FORM, "Cookie": cookie})


def test_an_organisers_form_of_exactly_256_kib_is_read_and_one_byte_more_is_413(client, member):
    start = urlencode({"csrf": member[1]}) + "&notitie="
    over = sign_out(client, member, start + "x" * (256 * KIB + 1 - len(start)))
    assert over.status_code == 413 and "Het formulier is te groot. Maak je antwoorden korter" in page_text(over)
    at_limit = sign_out(client, member, start + "x" * (256 * KIB - len(start)))
    assert at_limit.status_code == 303, at_limit.body


def test_an_organisers_form_of_1000_fields_is_read_and_one_of_1001_is_unreadable(client, member):
    start = urlencode({"csrf": member[1]})
    unread = sign_out(client, member, start + "&x=1" * 1000)
    assert unread.status_code == 400 and "We konden het formulier niet lezen." in page_text(unread)
    read = sign_out(client, member, start + "&x=1" * 999)
    assert read.status_code == 303, read.body


# ---------------------------------------------------------------- a logo upload: 300 KiB, 20 parts

def logo_post(client, member, fields: dict, files: dict, size: int = None, raw: bytes = None):
    cookie, csrf = member
    body, headers = multipart({"csrf": csrf, "organisation": ORG, **fields}, files)
    if raw is not None:
        body = raw
    if size is not None:      # pad the picture's part: PNG readers stop at IEND, but the size counts
        tail = f"--{headers['Content-Type'].split('boundary=')[1]}--\r\n".encode()
        head = body[:-len(tail) - 2]
        body = head + b"\0" * (size - len(body)) + b"\r\n" + tail
    return client.http.post("/organiser/settings/logo", body=body, headers={**headers, "Cookie": cookie})


def test_an_upload_of_exactly_300_kib_is_read_and_one_byte_more_is_413(client, member):
    logo = {"logo": ("logo.png", png(), "image/png")}
    read = logo_post(client, member, {}, logo, size=300 * KIB)
    assert read.status_code == 400 and "Dit bestand is te groot." in page_text(read)     # the logo, not the post
    over = logo_post(client, member, {}, logo, size=300 * KIB + 1)
    assert over.status_code == 413 and "Het formulier is te groot. Maak je antwoorden korter" in page_text(over)


def test_an_upload_of_20_parts_is_read_and_one_of_21_is_unreadable(client, member):
    logo = {"logo": ("logo.png", png(), "image/png")}
    read = logo_post(client, member, {f"x{i}": "1" for i in range(17)}, logo)
    assert read.status_code == 303, read.body
    unread = logo_post(client, member, {f"x{i}": "1" for i in range(18)}, logo)
    assert unread.status_code == 400 and "We konden het formulier niet lezen." in page_text(unread)


def test_an_upload_without_parts_is_unreadable_not_a_forged_form(client, member):
    boundary = "----leeg"
    cookie, _ = member
    answer = client.http.post("/organiser/settings/logo", body=f"--{boundary}--\r\n".encode(),
                              headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": cookie})
    assert answer.status_code == 400 and "We konden het formulier niet lezen." in page_text(answer)


def hand_made_logo_post(client, cookie, boundary, fields, before=b""):
    """The logo form written out by hand: ``before`` (parts as they are), then ``fields``
    (name, value) as text parts in that order, then the picture."""
    body = before + b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{n}"\r\n\r\n{v}\r\n'.encode()
                             for n, v in fields)
    body += (f'--{boundary}\r\nContent-Disposition: form-data; name="logo"; filename="logo.png"\r\n'
             "Content-Type: image/png\r\n\r\n").encode() + png() + f"\r\n--{boundary}--\r\n".encode()
    return client.http.post("/organiser/settings/logo", body=body,
                            headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": cookie})


def test_the_first_of_a_repeated_field_counts(client, member):
    from chalicelib import store
    cookie, csrf = member
    answer = hand_made_logo_post(client, cookie, "----twee", [("csrf", csrf), ("csrf", "vervalst"),
                                                             ("organisation", ORG), ("organisation", "elders")])
    assert answer.status_code == 303, answer.body
    assert store.organisations.get_organisation(ORG)["logo"]["type"] == "image/png"


def test_a_part_without_a_name_is_passed_over_whatever_it_holds(client, member):
    from chalicelib import store
    cookie, csrf = member
    boundary = "----naamloos"
    nameless = (f'--{boundary}\r\nContent-Disposition: form-data\r\n\r\n').encode() + b"\xff\xfe niet te lezen\r\n"
    answer = hand_made_logo_post(client, cookie, boundary, [("csrf", csrf), ("organisation", ORG)], before=nameless)
    assert answer.status_code == 303, answer.body
    assert store.organisations.get_organisation(ORG)["logo"]["type"] == "image/png"


def test_a_field_holding_parts_of_its_own_is_read_as_empty_not_a_failure(client, member):
    cookie, csrf = member
    outer, inner = "----buiten", "----binnen"
    nested = (f'--{outer}\r\nContent-Disposition: form-data; name="bijlagen"\r\n'
              f"Content-Type: multipart/mixed; boundary={inner}\r\n\r\n"
              f"--{inner}\r\nContent-Type: text/plain\r\n\r\neen\r\n--{inner}--\r\n\r\n").encode()
    answer = hand_made_logo_post(client, cookie, outer, [("csrf", csrf), ("organisation", ORG)], before=nested)
    assert answer.status_code == 303, answer.body


# ---------------------------------------------------------------- the status each refusal answers

def test_without_a_token_an_organiser_endpoint_is_401_and_says_how_to_sign_in(client, demo_event, export_token):
    answer = client.http.get(f"/events/{EID}/registrations")
    assert (answer.status_code, error_of(answer)) == (401, "unauthorized")
    assert answer.headers["WWW-Authenticate"] == 'Bearer realm="organiser"'
    refused = client.http.delete(f"/events/{EID}/registrations/onbekend", headers=bearer(export_token))
    assert (refused.status_code, error_of(refused)) == (403, "forbidden")
    assert "WWW-Authenticate" not in refused.headers


def test_an_unknown_registration_is_404_and_a_method_the_path_lacks_is_405(client, demo_event, admin_token):
    gone = client.http.delete(f"/events/{EID}/registrations/onbekend", headers=bearer(admin_token))
    assert (gone.status_code, error_of(gone)) == (404, "registration_not_found")
    wrong = client.http.delete(f"/events/{EID}/signups")
    assert (wrong.status_code, error_of(wrong)) == (405, "method_not_allowed")


def test_an_export_in_a_format_we_do_not_make_is_406(client, demo_event, export_token):
    answer = client.http.get(f"/events/{EID}/registrations?format=pdf", headers=bearer(export_token))
    assert (answer.status_code, error_of(answer)) == (406, "not_acceptable")


def test_an_invitation_only_event_refuses_a_signup_without_the_code_with_403(client, admin_token):
    make_event(client, admin_token, invitation_only=True)
    answer = signup(client, EID, **person(1))
    assert (answer.status_code, error_of(answer)) == (403, "invitation_required")


def test_an_address_added_twice_and_a_copy_onto_a_taken_id_are_409(client, admin_token, demo_event):
    token = {**bearer(admin_token), **JSON}
    assert signup(client, EID, **person(1)).status_code == 201
    twice = client.http.post(f"/events/{EID}/registrations", body=json.dumps(person(1)), headers=token)
    assert (twice.status_code, error_of(twice)) == (409, "already_registered")
    copy = client.http.post(f"/events/{EID}/copy", body=json.dumps(
        {"id": EID, "starts_at": "2027-03-04T10:00", "ends_at": "2027-03-04T12:00"}), headers=token)
    assert (copy.status_code, error_of(copy)) == (409, "event_exists")


def test_a_cancelled_registration_at_the_door_is_409_not_seated(client, admin_token, demo_event):
    from chalicelib import signups, store, tokens
    rid = signed_up(client, EID, **person(1))
    signups.cancel(store.roster.get_registration(EID, rid))
    answer = client.http.post("/checkin/" + tokens.sign_checkin(EID, rid),
                              headers={**bearer(admin_token), "Accept": "application/json"})
    assert (answer.status_code, error_of(answer)) == (409, "not_seated")


def _programme(bouw_capacity=1):
    rounds = json.loads(json.dumps(DEMO_PROGRAMME["programme"]["rounds"]))
    rounds[0]["sessions"][2].update(capacity=bouw_capacity, waitlist_enabled=False)
    return {"rounds": rounds}


def test_a_full_session_without_a_waiting_list_is_409_session_full(client, admin_token):
    make_event(client, admin_token, programme=_programme())
    assert signup(client, EID, **person(1, sessions=["bouw"])).status_code == 201
    answer = signup(client, EID, **person(2, sessions=["bouw"]))
    assert (answer.status_code, error_of(answer)) == (409, "session_full")


def test_after_the_deadline_changing_choices_or_answers_is_409(client, admin_token):
    from chalicelib import signups, store, tokens
    make_event(client, admin_token, programme=_programme(), changes_close_at="2026-01-01T12:00:00+01:00")
    rid = signed_up(client, EID, **person(1, sessions=["maatjes"]))
    page = "/registrations/" + tokens.sign(EID, rid)
    asks_json = {"Accept": "application/json"}
    switched = client.http.post(page + "/sessions", body=urlencode({"round": "ronde-1", "session_ronde-1": "bouw"}),
                                headers={**FORM, **asks_json})
    assert (switched.status_code, error_of(switched)) == (409, "changes_closed")
    answers = client.http.post(page + "/answers", body=json.dumps({"organisation": "Provincie Utrecht"}),
                               headers={**JSON, **asks_json})
    assert (answers.status_code, error_of(answers)) == (409, "answers_closed")
    signups.cancel(store.roster.get_registration(EID, rid))
    cancelled = client.http.post(page + "/answers", body=json.dumps({"organisation": "Provincie Utrecht"}),
                                 headers={**JSON, **asks_json})
    assert (cancelled.status_code, error_of(cancelled)) == (409, "not_changeable")


def test_a_signup_dynamodb_keeps_cancelling_is_503_try_again_in_a_second(client, demo_event, monkeypatch):
    from test_writes_edges import busy
    busy(monkeypatch, reasons=["TransactionConflict", "None"])
    answer = signup(client, EID, **person(1))
    assert (answer.status_code, error_of(answer)) == (503, "conflict")
    assert answer.headers["Retry-After"] == "1"


def test_without_the_token_secret_a_link_is_503_try_again_in_a_minute(client, demo_event, env):
    from chalicelib import tokens
    from test_tokens import use_secret
    link = tokens.sign(EID, signed_up(client, EID, **person(1)))
    use_secret(env, "")
    answer = client.http.get(f"/registrations/{link}", headers={"Accept": "application/json"})
    assert (answer.status_code, error_of(answer)) == (503, "service_unavailable")
    assert answer.headers["Retry-After"] == "60"


# ---------------------------------------------------------------- how an answer is written

def test_a_json_answer_carries_its_words_as_written_not_escaped(client, admin_token):
    make_event(client, admin_token, programme=_programme())
    answer = signup(client, EID, **person(1, sessions=["maatjes", "bouw"]))
    assert answer.status_code == 400
    assert "Kies hoogstens één sessie per ronde.".encode() in answer.body     # curl shows it as it reads


def test_a_client_naming_json_among_other_types_gets_json_when_we_fail(client, demo_event, monkeypatch):
    from chalicelib import signups

    def down(*_args, **_kwargs):
        raise RuntimeError("a bug")
    monkeypatch.setattr(signups, "get_event", down)
    both = client.http.get(f"/events/{EID}", headers={"Accept": "text/html,application/json;q=0.9"})
    assert both.status_code == 503 and both.headers["Content-Type"] == "application/json"
    browser = client.http.get(f"/events/{EID}", headers={"Accept": "text/html,application/xhtml+xml"})
    assert browser.status_code == 503 and browser.headers["Content-Type"].startswith("text/html")


def test_a_browser_in_british_english_is_answered_in_english(client, demo_event):
    answer = client.http.get("/events/onbekend", headers={"Accept": "application/json", "Accept-Language": "en-GB"})
    assert answer.status_code == 404
    assert json.loads(answer.body)["message"].startswith("This event does not exist")


# ---------------------------------------------------------------- who shares a rate limit

@pytest.fixture
def two_a_minute(env):
    from chalicelib import config
    env.setenv("RATE_LIMIT_PER_MINUTE", "2")
    config.settings.cache_clear()


@pytest.fixture
def source(monkeypatch):
    """``source["ip"]``: where the requests come from; None: API Gateway named no source address."""
    from chalice import local
    where = {"ip": "127.0.0.1"}

    def create(self, *args, **kwargs):
        event = real(self, *args, **kwargs)
        if where["ip"] is None:
            del event["requestContext"]["identity"]
        else:
            event["requestContext"]["identity"]["sourceIp"] = where["ip"]
        return event
    real = local.LambdaEventConverter.create_lambda_event
    monkeypatch.setattr(local.LambdaEventConverter, "create_lambda_event", create)
    return where


def test_one_visitors_rate_limit_is_not_anothers(client, demo_event, two_a_minute, source):
    source["ip"] = "198.51.100.7"
    statuses = [signup(client, EID, **person(n)).status_code for n in range(1, 4)]
    assert statuses[0] == 201 and statuses[-1] == 429
    limited = signup(client, EID, **person(4))
    assert re.fullmatch(r"Er komen nu veel aanmeldingen tegelijk binnen\. Wacht \d+ seconden? en probeer het opnieuw\.",
                        json.loads(limited.body)["message"])
    source["ip"] = "203.0.113.9"
    assert signup(client, EID, **person(5)).status_code == 201


def test_visitors_without_a_known_address_share_one_limit(client, demo_event, two_a_minute, source):
    source["ip"] = None
    statuses = [signup(client, EID, **person(n)).status_code for n in range(1, 4)]
    assert statuses[0] == 201 and statuses[-1] == 429


# ---------------------------------------------------------------- a body we cannot read

@pytest.mark.parametrize("body, kind", [
    (b"{", "application/json"), (b"[1, 2]", "application/json"), (b"null", "application/json"),
    (b'{"name": "Jos\xe9"}', "application/json"), (b"name=Jos%E9&email=x%40example.org\xff", FORM["Content-Type"]),
])
def test_a_body_that_is_no_json_object_or_no_utf_8_is_400(client, demo_event, body, kind):
    answer = client.http.post(f"/events/{EID}/signups", body=body, headers={"Content-Type": kind, "Accept": "application/json"})
    assert (answer.status_code, error_of(answer)) == (400, "bad_request")


@pytest.mark.parametrize("kind", ["text/plain", "application/xml", "multipart/form-data; boundary=x"])
def test_a_signup_in_another_type_is_415(client, demo_event, kind):
    answer = client.http.post(f"/events/{EID}/signups", body=json.dumps(person(1)), headers={"Content-Type": kind})
    assert (answer.status_code, error_of(answer)) == (415, "unsupported_media_type")


# ---------------------------------------------------------------- a script posting an organiser's form

def test_a_script_posting_an_unreadable_organiser_form_hears_why_in_json(client, member):
    cookie, csrf = member
    asks_json = {"Cookie": cookie, "Accept": "application/json"}
    unread = [client.http.post("/organiser/logout", body=b"csrf=" + csrf.encode() + b"&notitie=\xff",
                               headers={**FORM, **asks_json}),
              client.http.post("/organiser/logout", body=urlencode({"csrf": csrf}) + "&x=1" * 1000,
                               headers={**FORM, **asks_json})]
    boundary = "----script"
    upload = {"Content-Type": f"multipart/form-data; boundary={boundary}", **asks_json}
    not_text = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n').encode() + b"\xff\xfe\r\n"
    unread += [client.http.post("/organiser/settings/logo", body=f"--{boundary}--\r\n".encode(), headers=upload),
               client.http.post("/organiser/settings/logo", body=not_text + f"--{boundary}--\r\n".encode(),
                                headers=upload)]
    for answer in unread:
        assert answer.status_code == 400 and json.loads(answer.body) == {"error": "bad_request", "message": UNREADABLE_NL}
    over = client.http.post("/organiser/logout", body=urlencode({"csrf": csrf}) + "&x=" + "1" * (256 * KIB),
                            headers={**FORM, **asks_json})
    assert over.status_code == 413 and json.loads(over.body) == {"error": "payload_too_large", "message": TOO_LARGE_NL}


def test_an_upload_whose_type_names_a_character_outside_latin_1_is_unreadable_not_a_failure(client, member):
    cookie, _ = member
    boundary = "----grens€"
    answer = client.http.post("/organiser/settings/logo", body=f"--{boundary}--\r\n".encode(),
                              headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": cookie,
                                       "Accept": "application/json"})
    assert answer.status_code == 400 and error_of(answer) == "bad_request"
