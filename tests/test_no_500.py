"""Nothing a client sends makes the public endpoints answer 500."""
import json

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import DEMO_EVENT

EID = DEMO_EVENT["id"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=300))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3), max_leaves=8)
bodies = st.dictionaries(st.sampled_from(["name", "email", "consent", "locale", "organisation", "_redirect",
                                          "_gotcha"]) | st.text(max_size=12), values, max_size=8)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(body=bodies)
def test_any_json_body(client, demo_event, body):
    r = client.http.post(f"/events/{EID}/signups", body=json.dumps(body), headers={"Content-Type": "application/json"})
    assert r.status_code < 500, r.body


@SETTINGS
@given(raw=st.binary(max_size=400), content_type=st.sampled_from(
    ["application/json", "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=latin-1",
     "text/plain", "", "application/json; charset=utf-8"]))
def test_any_raw_body(client, demo_event, raw, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    r = client.http.post(f"/events/{EID}/signups", body=raw, headers=headers)
    assert r.status_code < 500, r.body


@SETTINGS
@given(path=st.text(alphabet=st.characters(codec="ascii", exclude_characters="/?#%"), min_size=1, max_size=40),
       lang=st.text(max_size=5))
def test_any_event_id_and_lang(client, demo_event, path, lang):
    from urllib.parse import quote
    for url in (f"/events/{quote(path)}", f"/events/{quote(path)}/form?lang={quote(lang)}"):
        assert client.http.get(url).status_code < 500


EVENT_KEYS = ["title", "description", "location", "starts_at", "ends_at", "timezone", "capacity", "waitlist_enabled",
              "registration_open", "registration_closes_at", "consent_required", "consent_text", "consent_version",
              "locales", "fields", "allowed_redirect_origins", "double_opt_in", "organiser", "retention_days"]


@SETTINGS
@given(overrides=st.dictionaries(st.sampled_from(EVENT_KEYS), values, max_size=4))
def test_any_event_body(client, admin_token, overrides):
    body = {**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, **overrides}
    r = client.http.put(f"/events/{EID}", body=json.dumps(body),
                        headers={"Authorization": f"Bearer {admin_token}", "Content-Type": "application/json"})
    assert r.status_code < 500, r.body


@SETTINGS
@given(redirect=st.text(max_size=60) | st.sampled_from(["http://[abc", "https://[::1", "//x", "http://:80"]))
def test_any_redirect(client, demo_event, redirect):
    r = client.http.post(f"/events/{EID}/signups", body=json.dumps({"name": "A", "email": "a@example.org",
                         "consent": True, "organisation": "X", "_redirect": redirect}),
                         headers={"Content-Type": "application/json"})
    assert r.status_code < 500, r.body


@SETTINGS
@given(params=st.dictionaries(st.sampled_from(["format", "fields", "lang", "status", "since", "delimiter",
                                               "limit", "cursor"]),
                            st.sampled_from(["csv", "xlsx", "json", "semicolon", "nl", "confirmed,waitlisted", "10",
                                             "0", "\u00b2", "2026-11-01T09:00:00+01:00", "name,email"])
                            | st.text(max_size=20), max_size=4),
       accept=st.sampled_from([None, "*/*", "application/json", "text/csv", "image/png", "application/*;q=0"]))
def test_any_export_query(client, demo_event, export_token, params, accept):
    from urllib.parse import urlencode
    headers = {"Authorization": f"Bearer {export_token}", **({"Accept": accept} if accept else {})}
    r = client.http.get(f"/events/{EID}/registrations?{urlencode(params)}", headers=headers)
    assert r.status_code < 500, r.body
