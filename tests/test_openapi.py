import json

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
