import json
import re

from openapi_spec_validator import validate


def _spec(client):
    response = client.http.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.body)


def test_spec_is_valid_openapi_3_1(client):
    spec = _spec(client)
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_spec_describes_exactly_the_routes(client):
    from app import app
    served = {(path, method.lower()) for path, methods in app.routes.items()
              for method in methods if method != "OPTIONS"}
    described = {(path, method) for path, item in _spec(client)["paths"].items() for method in item}
    assert described == served


def test_organiser_endpoints_need_the_bearer_scheme(client):
    from app import app
    spec = _spec(client)
    assert spec["components"]["securitySchemes"]["organiser"] == {
        "type": "http", "scheme": "bearer", "description": "Organiser token minted by the CLI."}
    for path, methods in app.routes.items():
        for method, entry in methods.items():
            secured = "security" in spec["paths"][path][method.lower()]
            organiser = entry.view_function.__module__ == "chalicelib.blueprints.organiser_api"
            assert secured == organiser, (path, method)


def test_every_operation_and_answer_is_described(client):
    spec = _spec(client)
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            assert operation.get("summary") and operation.get("description"), (path, method)
            assert operation["responses"], (path, method)
            for status, answer in operation["responses"].items():
                assert answer.get("description"), (path, method, status)
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == set(re.findall(r"{(\w+)}", path)), (path, method)


def test_every_error_code_is_named_in_the_description(client):
    from chalicelib import http
    text = json.dumps(_spec(client))
    assert [code for code in http.STATUS if f"`{code}`" not in text] == []


def test_the_export_parameters_are_the_ones_the_export_reads(client):
    from dataclasses import fields

    from chalicelib import downloads
    operation = _spec(client)["paths"]["/events/{event_id}/registrations"]["get"]
    query = {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "query"}
    read = {"status" if f.name == "statuses" else f.name for f in fields(downloads.Query)}
    assert set(query) == read
    assert (query["limit"]["minimum"], query["limit"]["maximum"]) == (1, downloads.MAX_LIMIT)
    assert query["format"]["enum"] == list(downloads.exports.FORMATS)


def test_limits_of_the_signup_are_the_ones_the_form_checks(client):
    from chalicelib import forms, http
    schemas = _spec(client)["components"]["schemas"]
    name = schemas["Signup"]["properties"]["name"]
    assert (name["minLength"], name["maxLength"]) == (1, forms.MAX_NAME)
    operation = _spec(client)["paths"]["/events/{event_id}/signups"]["post"]
    assert set(operation["requestBody"]["content"]) == {http.JSON, http.FORM}
    # every member but spots_left, which only an event with public_spots "exact" shows (API.md, version 3),
    # and the limits only a closed event shows (issue 28 item 7), and the programme and online part only an
    # event with them shows (issue 29)
    assert set(schemas["Event"]["required"]) == set(schemas["Event"]["properties"]) - {
        "spots_left", "allowed_email_domains", "invitation_only", "programme", "online"}
    assert set(schemas["EventDefinition"]["required"]) == {"title", "starts_at", "ends_at", "timezone"}
