"""The settings page ("Instellingen", issue 28 item 4) and the logo: upload, checks, serving."""
import struct
import zlib
from urllib.parse import urlencode

import pytest
from conftest import DEMO_ORG
from test_roles import ADDRESS, session_of, team  # noqa: F401  (the fixture)

ORG = DEMO_ORG["id"]
BEHEERDER = DEMO_ORG["members"][0]["email"]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def png(width=4, height=2) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def multipart(fields: dict, files: dict):
    boundary = "----grens7MA4YWxkTrZu0gW"
    out = b""
    for name, value in fields.items():
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    for name, (filename, data, kind) in files.items():
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f'Content-Type: {kind}\r\n\r\n').encode() + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode(), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


@pytest.fixture
def beheerder(client):
    return session_of(BEHEERDER)


def form(csrf, **values):
    base = {"csrf": csrf, "organisation": ORG, "name": "DuurzaamDoor",
            "privacy_statement_url": "https://duurzaamdoor.example/privacyverklaring", "sender_name": "DuurzaamDoor",
            "reply_to": "bijeenkomsten@duurzaamdoor.example", "colour": "#1b6b4a", "default_retention_days": "90",
            "default_locale": "nl"}
    return urlencode({**base, **values})


def test_the_menu_leads_a_beheerder_to_the_settings(client, beheerder):
    cookie, _ = beheerder
    events = client.http.get("/organiser", headers={"Cookie": cookie}).body.decode()
    assert "/organiser/settings" in events and ">Instellingen</a>" in events
    page = client.http.get("/organiser/settings", headers={"Cookie": cookie})
    assert page.status_code == 200
    assert "<h1>Instellingen: DuurzaamDoor</h1>" in page.body.decode()


def test_only_a_beheerder_sees_the_settings_in_the_menu(client, team):  # noqa: F811
    for role, address in ADDRESS.items():
        page = client.http.get("/organiser", headers={"Cookie": session_of(address)[0]}).body.decode()
        assert ("/organiser/settings" in page) == (role == "beheerder"), role


def test_saving_stores_the_settings_and_logs_it(client, beheerder):
    from chalicelib import store
    cookie, csrf = beheerder
    answer = client.http.post("/organiser/settings", body=form(csrf), headers={**FORM, "Cookie": cookie})
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("/organiser/settings?organisation=duurzaamdoor&done=saved")
    stored = store.organisations.get_organisation(ORG)
    assert stored["privacy_statement_url"] == "https://duurzaamdoor.example/privacyverklaring"
    assert (stored["colour"], stored["default_retention_days"], stored["reply_to"]) == ("#1b6b4a", 90,
                                                                                       "bijeenkomsten@duurzaamdoor.example")
    assert [m["email"] for m in stored["members"]] == [BEHEERDER]       # the team stays
    page = client.http.get("/organiser/settings?done=saved", headers={"Cookie": cookie}).body.decode()
    assert "De instellingen zijn opgeslagen." in page and 'value="#1b6b4a"' in page
    log = client.http.get("/organiser/log", headers={"Cookie": cookie}).body.decode()
    assert "Instellingen gewijzigd" in log and "privacy_statement_url" in log


@pytest.mark.parametrize("lang, reason, ratio", [
    ("nl", "Deze kleur is te licht.", "Gemeten contrast met wit: 1,51 op 1. Nodig is minstens 4,5 op 1."),
    ("en", "This colour is too light.", "Measured contrast with white: 1.51 to 1. At least 4.5 to 1 is needed."),
])
def test_a_light_colour_is_refused_with_the_reason_and_the_measured_ratio(client, beheerder, lang, reason, ratio):
    from chalicelib import store
    cookie, csrf = beheerder
    answer = client.http.post(f"/organiser/settings?lang={lang}", body=form(csrf, colour="#ffcc00"),
                              headers={**FORM, "Cookie": cookie})
    page = answer.body.decode()
    assert answer.status_code == 400
    assert reason in page and ratio in page
    assert 'value="#ffcc00"' in page
    assert "colour" not in store.organisations.get_organisation(ORG)      # nothing written


def test_a_bad_privacy_address_is_named(client, beheerder):
    cookie, csrf = beheerder
    answer = client.http.post("/organiser/settings", body=form(csrf, privacy_statement_url="http://x.example/p"),
                              headers={**FORM, "Cookie": cookie})
    assert answer.status_code == 400
    assert 'href="#privacy_statement_url"' in answer.body.decode()


def test_another_organisation_is_the_404_page(client, beheerder):
    cookie, csrf = beheerder
    assert client.http.get("/organiser/settings?organisation=elders", headers={"Cookie": cookie}).status_code == 404
    answer = client.http.post("/organiser/settings", body=form(csrf, organisation="elders"), headers={**FORM, "Cookie": cookie})
    assert answer.status_code == 404


# ---------------------------------------------------------------- the logo

def upload(client, cookie, csrf, filename, data, kind):
    body, headers = multipart({"csrf": csrf, "organisation": ORG}, {"logo": (filename, data, kind)})
    return client.http.post("/organiser/settings/logo", body=body, headers={**headers, "Cookie": cookie})


def test_a_png_logo_is_kept_in_the_bucket_and_served_from_our_origin(client, beheerder):
    from chalicelib import store
    cookie, csrf = beheerder
    answer = upload(client, cookie, csrf, "logo.png", png(), "image/png")
    assert answer.status_code == 303, answer.body
    logo = store.organisations.get_organisation(ORG)["logo"]
    assert logo["type"] == "image/png"
    page = client.http.get("/organiser/settings", headers={"Cookie": cookie}).body.decode()
    src = f"https://signup.test/organisations/{ORG}/logo?v={logo['version']}"
    assert f'src="{src}"' in page
    served = client.http.get(f"/organisations/{ORG}/logo?v={logo['version']}", headers={"Accept": "*/*"})
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.body == png()


def test_an_svg_logo_is_served_with_a_csp_that_runs_nothing(client, beheerder):
    cookie, csrf = beheerder
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"><script>alert(2)</script>'
           b'<rect width="10" height="10" fill="#1b6b4a"/></svg>')
    assert upload(client, cookie, csrf, "logo.svg", svg, "image/svg+xml").status_code == 303
    served = client.http.get(f"/organisations/{ORG}/logo")
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/svg+xml"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src" not in served.headers["Content-Security-Policy"]
    assert "default-src 'none'" in served.headers["Content-Security-Policy"]
    body = served.body.decode() if isinstance(served.body, bytes) else served.body
    assert "<rect" in body and "script" not in body and "onload" not in body


@pytest.mark.parametrize("filename, data, kind, says", [
    ("groot.png", png() + b"\0" * (200 * 1024), "image/png", "Dit bestand is te groot."),
    ("nep.png", b"\x89PNG\r\n\x1a\n" + b"niet echt", "image/png", "Kies een PNG- of SVG-bestand."),
    ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 100, "image/jpeg", "Kies een PNG- of SVG-bestand."),
    ("lach.svg", b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
     "image/svg+xml", "Dit SVG-bestand bevat scripts of links naar buiten."),
    ("html.svg", b"<html><script>alert(1)</script></html>", "image/svg+xml", "Kies een PNG- of SVG-bestand."),
])
def test_a_refused_logo_is_named_and_nothing_changes(client, beheerder, filename, data, kind, says):
    from chalicelib import store
    cookie, csrf = beheerder
    answer = upload(client, cookie, csrf, filename, data, kind)
    assert answer.status_code == 400
    assert says in answer.body.decode()
    assert "logo" not in store.organisations.get_organisation(ORG)
    assert client.http.get(f"/organisations/{ORG}/logo").status_code == 404


def test_an_upload_without_the_csrf_token_is_refused(client, beheerder):
    cookie, _ = beheerder
    body, headers = multipart({"organisation": ORG}, {"logo": ("logo.png", png(), "image/png")})
    assert client.http.post("/organiser/settings/logo", body=body, headers={**headers, "Cookie": cookie}).status_code == 403


def test_the_logo_can_be_removed(client, beheerder):
    from chalicelib import store
    cookie, csrf = beheerder
    upload(client, cookie, csrf, "logo.png", png(), "image/png")
    answer = client.http.post("/organiser/settings/logo", body=urlencode({"csrf": csrf, "organisation": ORG, "remove": "on"}),
                              headers={**FORM, "Cookie": cookie})
    assert answer.status_code == 303
    assert "logo" not in store.organisations.get_organisation(ORG)
    assert client.http.get(f"/organisations/{ORG}/logo").status_code == 404


# ---------------------------------------------------------------- the SVG sanitiser, with hostile files

HOSTILE = {
    "script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="4"/></svg>',
    "script in another namespace": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(1)</h:script></svg>',
    "handler": b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4" onclick="alert(1)" ONMOUSEOVER="x()"/></svg>',
    "foreignObject": b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></foreignObject></svg>',
    "javascript link": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                       b'<a xlink:href="javascript:alert(1)"><circle r="4"/></a></svg>',
    "outside use": b'<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/sprite.svg#x"/></svg>',
    "outside image": b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/track.png"/></svg>',
    "style import": b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css);</style></svg>',
    "style url": b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(https://evil.example/x)" fill="url(https://evil.example/y)"/></svg>',
    "animate": b'<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onload" to="alert(1)"/>'
               b'<animate attributeName="href" values="javascript:alert(1)"/></svg>',
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_the_sanitiser_keeps_nothing_that_runs_or_loads(name):
    from chalicelib import logos
    clean = logos.sanitise_svg(HOSTILE[name]).decode()
    for bad in ("script", "onclick", "onmouseover", "foreignObject", "iframe", "javascript", "evil.example", "@import",
                "<image", "<set", "<animate", "<a "):
        assert bad.lower() not in clean.lower(), (name, bad, clean)
    assert clean.count("<svg") == 1


def test_a_file_nested_deeper_than_any_logo_is_refused():
    from chalicelib import errors, logos
    deep = b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 5000 + b"</g>" * 5000 + b"</svg>"
    with pytest.raises(errors.ValidationFailed) as refused:
        logos.sanitise_svg(deep)
    assert refused.value.fields == {"logo": "logo_type"}


def test_the_sanitiser_keeps_a_drawing_and_its_own_references():
    from chalicelib import logos
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 20 10">'
           b'<title>DuurzaamDoor</title><defs><linearGradient id="g"><stop offset="0" stop-color="#1b6b4a"/></linearGradient>'
           b'<circle id="c" r="3"/></defs><rect width="20" height="10" fill="url(#g)"/><use xlink:href="#c" x="5"/>'
           b'<text x="1" y="9" font-size="4">D&amp;D</text></svg>')
    clean = logos.sanitise_svg(svg).decode()
    for kept in ('viewBox="0 0 20 10"', "<title>DuurzaamDoor</title>", 'fill="url(#g)"', 'href="#c"', "D&amp;D",
                 'stop-color="#1b6b4a"'):
        assert kept in clean, (kept, clean)
