import json

import pytest

from conftest import DEMO_EVENT, make_event, person, signup

EID = DEMO_EVENT["id"]


def stored(table):
    """Every registration item in the table (test-side view of the truth)."""
    from chalicelib import store
    return list(store.roster.registrations(EID, consistent=True))


def event_counters():
    from chalicelib import store
    event = store.events.get_event(EID, consistent=True)
    return event.seats_taken, event.waitlist_count


def test_signup_takes_a_seat(client, demo_event, table):
    r = signup(client, EID, **person(1))
    assert r.status_code == 201, r.body
    assert json.loads(r.body) == {"event_id": EID, "status": "confirmed"}
    assert json.loads(client.http.get(f"/events/{EID}").body)["spots_left"] == 79
    [reg] = stored(table)
    assert reg.email == "deelnemer1@gemeente.example" and reg.answers == {"organisation": "Gemeente Utrecht"}
    assert reg.consent_version.startswith("sha256:")
    assert reg.consent_given_at is not None and reg.locale == "nl"


def test_cors_header_on_answers(client, demo_event):
    r = signup(client, EID, **person(1))
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    r = signup(client, EID, name="")
    assert r.status_code == 400 and r.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("name", ["O'Brien", "Zoë Ångström", "李小龙", "José 🎉", "Ünal-Çelik"])
def test_names_with_unusual_characters_are_kept(client, demo_event, table, name):
    r = signup(client, EID, **person(1, name=name))
    assert r.status_code == 201, r.body
    assert stored(table)[0].name == name


@pytest.mark.parametrize("fields, bad", [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"name": "Evil\r\nBcc: victim@example.org"}, "name"),
    ({"name": "Bell\x07"}, "name"),
    ({"name": 42}, "name"),
    ({"name": "\u200b\u200b"}, "name"),
    ({"name": "Bob\u202egnp.exe"}, "name"),
    ({"name": "Zoë\u200bO'Brien"}, "name"),            # zero-width space
    ({"name": "\ufeffZoë"}, "name"),                    # byte order mark
    ({"name": "Zo\u00eb Ångs\u00adtröm"}, "name"),     # soft hyphen
    ({"name": "Zoë\U000e0041"}, "name"),               # a tag character
    ({"organisation": "Gemeente\u200dUtrecht"}, "organisation"),
    ({"email": "zoe\u200b@gemeente.example"}, "email"),
    ({"email": "not-an-address"}, "email"),
    ({"email": "a@b"}, "email"),
    ({"email": "x@example.org\r\nBcc: y@example.org"}, "email"),
    ({"email": ""}, "email"),
    ({"consent": False}, "consent"),
    ({"consent": "nee"}, "consent"),
    ({"organisation": ""}, "organisation"),
    ({"organisation": "line\nbreak"}, "organisation"),
    ({"locale": "de"}, "locale"),
])
def test_validation_names_the_field(client, demo_event, table, fields, bad):
    r = signup(client, EID, **person(1, **fields))
    assert r.status_code == 400, r.body
    body = json.loads(r.body)
    assert body["error"] == "validation_failed" and bad in body["fields"]
    assert body["message"] and body["fields"][bad]
    assert stored(table) == [] and event_counters() == (0, 0)


LINKS = ("secure-paypal-x.com/verify", "paypal-a.com", "info@pay-x.com", "t.co/AbC123", "x.com/login", "j.mp/3xYz",
         "1.com", "evil.co.za", "192.168.10.20/login", "[2001:db8::1]/login", "fe80::1", "A.B.de Vries",
         "Uw account is geblokkeerd, herstel via https://evil.example/login", "Bezoek evil.nl",
         "www.evil.example", "info@evil.example", "EVIL．NL", "bit.ly/herstel", "hxxp://evil.co.uk")


@pytest.mark.parametrize("name", LINKS)
def test_a_name_with_a_web_address_is_refused_in_plain_dutch(client, demo_event, table, name):
    r = signup(client, EID, **person(1, name=name))
    assert r.status_code == 400
    assert json.loads(r.body)["fields"] == {"name": "Een naam mag niet op een webadres lijken. Haal het adres weg, of zet een spatie na elke punt."}
    assert stored(table) == []


def test_a_name_with_a_mark_that_shows_nothing_is_refused(client, demo_event, table):
    r = signup(client, EID, **person(1, name="paypal\u034f.com"))
    assert r.status_code == 400
    assert json.loads(r.body)["fields"] == {"name": "Hier staan tekens die niet mogen. Haal ze weg."}
    assert stored(table) == []


@pytest.mark.parametrize("name", ["J.M. de Vries", "St. Jansdal", "dr. ir. A.B. Çelik", "Zoë van 't Hof",
                                  "Ngũgĩ wa Thiong'o", "J.A. de Vries", "mr.drs. K. Jansen", "J.Th. de Vries",
                                  "Jan-Willem 2.0"])
def test_initials_and_titles_are_not_web_addresses(client, demo_event, name):
    assert signup(client, EID, **person(1, name=name)).status_code == 201


def test_validation_messages_in_english(client, demo_event):
    r = signup(client, EID, **person(1, email="nope", locale="en"))      # the body's locale comes first
    r_en = client.http.post(f"/events/{EID}/signups?lang=en", body=json.dumps(person(1, email="nope")),
                            headers={"Content-Type": "application/json"})
    r_nl = signup(client, EID, **person(1, email="nope"))                  # nothing asked: the event's first
    assert json.loads(r_en.body)["fields"]["email"] == "Enter your email address, for example name@example.org."
    assert json.loads(r.body)["fields"]["email"] == "Enter your email address, for example name@example.org."
    assert json.loads(r_nl.body)["fields"]["email"] == "Vul je e-mailadres in, bijvoorbeeld naam@gemeente.nl."


@pytest.mark.parametrize("value", [True, "true", "on", "1"])
def test_truthy_consent_values(client, demo_event, value):
    assert signup(client, EID, **person(1, consent=value)).status_code == 201


def test_duplicate_address_is_caught_normalised_and_answered_like_a_new_one(client, demo_event, table):
    first = signup(client, EID, **person(1, email="Tessa@Example.org"))
    r = signup(client, EID, **person(2, email="  tessa@example.ORG "))
    assert (r.status_code, json.loads(r.body)) == (first.status_code, json.loads(first.body))
    assert len(stored(table)) == 1 and event_counters() == (1, 0)


def test_full_event_puts_signups_on_the_waiting_list(client, admin_token, table):
    make_event(client, admin_token, capacity=2)
    statuses = [json.loads(signup(client, EID, **person(i)).body)["status"] for i in range(4)]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert event_counters() == (2, 2)
    assert json.loads(client.http.get(f"/events/{EID}").body)["spots_left"] == 0


def test_full_event_without_waiting_list_is_409(client, admin_token, table):
    make_event(client, admin_token, capacity=1, waitlist_enabled=False)
    assert signup(client, EID, **person(1)).status_code == 201
    r = signup(client, EID, **person(2))
    assert r.status_code == 409 and json.loads(r.body)["error"] == "event_full"
    assert len(stored(table)) == 1


def test_closed_event_is_409(client, admin_token, table):
    make_event(client, admin_token, registration_open=False)
    r = signup(client, EID, **person(1))
    assert r.status_code == 409 and json.loads(r.body)["error"] == "registration_closed"
    make_event(client, admin_token, registration_closes_at="2020-01-01T00:00:00")
    r = signup(client, EID, **person(1))
    assert r.status_code == 409 and json.loads(r.body)["error"] == "registration_closed"
    assert stored(table) == []


def test_unknown_event_is_404(client, table):
    r = signup(client, "no-such-event", **person(1))
    assert r.status_code == 404 and json.loads(r.body)["error"] == "event_not_found"


def test_body_over_16_kib_is_413(client, demo_event, table):
    r = signup(client, EID, **person(1, organisation="x" * (16 * 1024)))
    assert r.status_code == 413 and json.loads(r.body)["error"] == "payload_too_large"


@pytest.mark.parametrize("content_type", ["text/plain", "multipart/form-data; boundary=x", "application/xml"])
def test_other_content_types_are_415(client, demo_event, content_type):
    r = client.http.post(f"/events/{EID}/signups", body="name=x", headers={"Content-Type": content_type})
    assert r.status_code == 415 and json.loads(r.body)["error"] == "unsupported_media_type"


@pytest.mark.parametrize("body", ["{", "[1, 2]", '"text"', "\xff\xfe", "null", '[' * 1500 + ']' * 1500,
                                  '{"name": ' * 1500])
def test_malformed_json_is_400(client, demo_event, body):
    assert len(body.encode()) <= 16 * 1024
    r = client.http.post(f"/events/{EID}/signups", body=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and json.loads(r.body)["error"] == "bad_request"


def test_json_with_charset_is_accepted(client, demo_event):
    r = client.http.post(f"/events/{EID}/signups", body=json.dumps(person(1)),
                         headers={"Content-Type": "application/json; charset=utf-8"})
    assert r.status_code == 201


def test_form_post_gets_a_thank_you_page(client, demo_event, table):
    r = signup(client, EID, form=True, accept_json=False, **person(1, consent="on"))
    assert r.status_code == 303
    assert r.headers["Location"] == f"https://signup.test/events/{EID}/thanks?lang=nl&status=confirmed"
    thanks = client.http.get(f"/events/{EID}/thanks?lang=nl&status=confirmed")
    assert thanks.headers["Content-Type"].startswith("text/html")
    assert "<h1>Je aanmelding is ontvangen</h1>" in thanks.body.decode()
    assert len(stored(table)) == 1


def test_form_post_with_accept_json_gets_json(client, demo_event):
    r = signup(client, EID, form=True, accept_json=True, **person(1, consent="on"))
    assert r.status_code == 201 and json.loads(r.body)["status"] == "confirmed"


def test_form_post_redirects_to_an_allowed_origin(client, demo_event):
    target = "https://www.duurzaamdoor.example/aanmelden/bedankt?ref=nieuws"
    r = signup(client, EID, form=True, accept_json=False, **person(1, consent="on", _redirect=target))
    assert r.status_code == 303
    assert r.headers["Location"] == target + "&status=confirmed"


def test_form_post_error_shows_the_form_again_with_values(client, demo_event, table):
    r = signup(client, EID, form=True, accept_json=False,
               **person(1, name="Zoë <b>O'Brien</b>", email="wrong", consent="on"))
    assert r.status_code == 400 and r.headers["Content-Type"].startswith("text/html")
    page = r.body.decode()
    assert "Vul je e-mailadres in, bijvoorbeeld naam@gemeente.nl." in page
    assert 'value="wrong"' in page
    assert "Zoë &lt;b&gt;O&#39;Brien&lt;/b&gt;" in page
    assert stored(table) == []


def test_form_post_other_errors_are_readable_pages(client, admin_token):
    make_event(client, admin_token, capacity=1, waitlist_enabled=False)
    signup(client, EID, **person(1))
    r = signup(client, EID, form=True, accept_json=False, **person(2, consent="on"))
    assert r.status_code == 409 and "De bijeenkomst is vol." in r.body.decode()


def test_honeypot_looks_like_success_and_stores_nothing(client, demo_event, table):
    r = signup(client, EID, **person(1, _gotcha="http://spam.example"))
    assert r.status_code == 201 and json.loads(r.body)["status"] == "confirmed"
    assert stored(table) == [] and event_counters() == (0, 0)


def test_undeclared_fields_are_ignored(client, demo_event, table):
    assert signup(client, EID, **person(1, shoe_size="44", is_admin=True)).status_code == 201
    assert stored(table)[0].answers == {"organisation": "Gemeente Utrecht"}


def test_rate_limit_is_429_with_retry_after(client, demo_event, env):
    from chalicelib import config
    env.setenv("RATE_LIMIT_PER_MINUTE", "2")
    config.settings.cache_clear()
    answers = [signup(client, EID, **person(i)) for i in range(3)]
    assert [a.status_code for a in answers[:2]] == [201, 201]
    assert answers[2].status_code == 429
    assert 0 < int(answers[2].headers["Retry-After"]) <= 60
    assert json.loads(answers[2].body)["error"] == "rate_limited"


def test_signup_is_one_read_and_two_dynamodb_writes(client, demo_event, env):
    """The signup path reads the address's marker, then writes twice: the limits (client,
    mailbox, event share), then the signup transaction; the event may come from the cache. A
    repeat does the same, with the marker's attempt stamp in the limits (its mail goes from
    there); a newcomer's limits leave the event's partition key alone (docs/scaling.md)."""
    from chalicelib import aws, config
    env.setenv("EVENT_CACHE_SECONDS", "60")
    config.settings.cache_clear()
    signup(client, EID, **person(0))  # warms the event cache
    calls, limits_items = [], []

    def record(model, params, **kw):
        calls.append(model.name)
        if model.name == "TransactWriteItems" and len(calls) == 2:
            limits_items.append(str(params["body"]))     # the request as sent
    aws.dynamodb().meta.events.register("before-call.dynamodb", record)
    assert signup(client, EID, **person(1)).status_code == 201
    assert calls == ["GetItem", "TransactWriteItems", "TransactWriteItems"]
    assert f"EVENT#{EID}" not in limits_items[0]
    calls.clear()
    assert signup(client, EID, **person(1)).status_code == 201
    assert calls == ["GetItem", "TransactWriteItems", "TransactWriteItems"]
    assert f"EVENT#{EID}" in limits_items[1]


def test_an_address_registered_between_the_read_and_the_signup_is_stamped_as_a_repeat(client, demo_event, table,
                                                                                        monkeypatch):
    """A twin request registered the address after this one read its marker: the signup
    transaction finds it, and the marker is stamped then, so the repeat's mail still goes."""
    from datetime import datetime, timedelta, timezone

    from chalicelib import aws, signups, store
    now = datetime.now(timezone.utc)
    first = signups.register(EID, dict(person(1)), now=now)
    monkeypatch.setattr(store.roster, "registered", lambda *a: False)
    signups.register(EID, dict(person(1)), now=now + timedelta(minutes=5))
    key = store.roster.marker_key(EID, store.roster.normalise(person(1)["email"]))
    marker = aws.dynamodb().get_item(TableName=aws.table_name(), Key=key, ConsistentRead=True)["Item"]
    assert marker["registration_id"] == {"S": first.id}
    assert marker["attempt_at"] == {"S": store.table.iso(now + timedelta(minutes=5))}
    assert [r.id for r in stored(table)] == [first.id]


SIGNUP_IN_A_FRESH_PROCESS = """
import json, os, sys
os.environ.update(json.loads(sys.argv[1]))
from moto import mock_aws
with mock_aws():
    from chalice.test import Client
    import app
    from chalicelib import auth, aws, events, signups, store
    store.table.create_table(os.environ["TABLE_NAME"])
    event = json.loads(sys.argv[2])
    signups.apply_event(events.validate(event.pop("id"), event))
    before = set(sys.modules)
    with Client(app.app) as client:
        answer = client.http.post("/events/" + sys.argv[3] + "/signups", headers={"Content-Type": "application/json"},
                                  body=json.dumps({"name": "Zoë", "email": "zoe@example.org", "consent": True,
                                                   "organisation": "Gemeente"}))
    print(json.dumps({"status": answer.status_code, "loaded": sorted(set(sys.modules) - before)}))
"""


def _in_a_fresh_process(script, *args):
    """Run ``script`` in a new interpreter with the test settings (its first argument) and the
    repository on the path; the JSON its last line prints, and its stderr."""
    import os
    import subprocess
    import sys
    from conftest import ROOT, TEST_ENV
    out = subprocess.run([sys.executable, "-c", script, json.dumps(TEST_ENV), *args], capture_output=True,
                         text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(out.stdout.strip().splitlines()[-1]), out.stderr


CLIENTS_IN_A_FRESH_PROCESS = """
import json, os, sys
os.environ.update(json.loads(sys.argv[1]))
import app
from chalicelib import aws, faults
from chalicelib.store import table
made = {name: type(getattr(aws, name)()).__name__ for name in ("dynamodb", "sesv2", "ssm")}
item = table.from_item(table.to_item({"n": 1, "s": "x", "m": {"l": [True, None]}}))
is_failure = faults.is_dependency_failure(RuntimeError())
before_s3 = "boto3" in sys.modules
s3 = aws.s3()
print(json.dumps({"made": made, "item": item, "is_failure": is_failure, "boto3": before_s3,
                  "s3_transfers": hasattr(s3, "upload_fileobj")}))
"""


def test_the_api_makes_its_clients_and_items_without_importing_boto3():
    """boto3's import and session cost a cold start ~25 ms CPU (benchmarks/RESULTS.md): the API,
    the worker, the schedules and the SNS handler use botocore's clients and the table's own
    codec; only S3's client, for the export worker's transfers, is made through boto3."""
    result, stderr = _in_a_fresh_process(CLIENTS_IN_A_FRESH_PROCESS)
    assert result == {
        "made": {"dynamodb": "DynamoDB", "sesv2": "SESV2", "ssm": "SSM"},
        "item": {"n": 1, "s": "x", "m": {"l": [True, None]}}, "is_failure": False, "boto3": False,
        "s3_transfers": True}, stderr


GARBAGE_AFTER_IMPORT = """
import gc, json, os, sys
os.environ.update(json.loads(sys.argv[1]))
collections = []
def watch(phase, info):
    if phase == "start":
        collections.append(info["generation"])
gc.callbacks.append(watch)
import importlib
importlib.import_module(sys.argv[2])
gc.callbacks.remove(watch)
frozen, enabled, young_every = gc.get_freeze_count(), gc.isenabled(), gc.get_threshold()[0]
gc.unfreeze()
print(json.dumps({"collections": collections, "frozen": frozen, "enabled": enabled, "young_every": young_every,
                  "garbage_in_frozen": gc.collect()}))
"""


def handler_modules() -> set:
    """The module of every Lambda function's ``Handler``, as `chalice package` writes it into the
    template (tests/test_package.py checks the packaged sam.json names these and no others)."""
    import app
    handlers = ["app.app"] + [f.handler_string for f in (*app.app.event_sources, *app.app.pure_lambda_functions)]
    return {handler.rpartition(".")[0] for handler in handlers}


def test_every_function_is_one_of_the_handler_modules():
    assert handler_modules() == {"app", "chalicelib.blueprints.workers"}


@pytest.mark.parametrize("module", sorted(handler_modules()))
def test_importing_a_handler_module_collects_once_and_freezes_what_it_keeps(module):
    """Each handler module imports with the collector off (chalicelib.startup): what an import
    makes lives as long as the process (modules, routes, templates), so collections during it
    only cost the cold start (a full one was ~15 ms CPU, benchmarks/RESULTS.md). One full
    collection at its end frees the little garbage it made; the rest is frozen, so that no later
    collection walks it again, and nothing frozen could have been freed. Young collections then
    run less often than Python's default (every 700 allocations): the worker's first mail imports
    its libraries after the freeze. The workers' functions import their own module, not app.py."""
    result, stderr = _in_a_fresh_process(GARBAGE_AFTER_IMPORT, module)
    # one full collection, at the end; before the collector is off, the import system (reading the
    # module and chalicelib.startup) may make a young one or two
    *young, full = result["collections"]
    assert full == 2 and set(young) <= {0} and len(young) <= 2, result
    assert result["frozen"] > 10_000, result
    assert result["garbage_in_frozen"] == 0, result
    assert result["enabled"] is True
    assert result["young_every"] == 20_000


def test_the_cold_start_benchmark_imports_each_function_as_the_template_names_it():
    from benchmarks import coldstart
    import app
    handlers = {"app.app"} | {f.handler_string for f in app.app.event_sources}
    assert set(coldstart.HANDLERS.values()) <= handlers


def test_signup_path_loads_no_heavy_library(env):
    """A JSON signup renders nothing: no templates, Babel, icalendar, openpyxl or css-inline.
    (moto itself imports Jinja2, so our gate to it, chalicelib.templating, is what is watched.)"""
    result, stderr = _in_a_fresh_process(SIGNUP_IN_A_FRESH_PROCESS, json.dumps(DEMO_EVENT), EID)
    assert result["status"] == 201, stderr
    heavy = ("chalicelib.templating", "chalicelib.pages", "chalicelib.emails", "chalicelib.exports",
             "babel", "icalendar", "openpyxl", "css_inline")
    assert [m for m in result["loaded"] if m.split(".")[0] in heavy or m in heavy] == []
