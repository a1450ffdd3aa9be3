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
