"""The OpenAPI 3.1 description of the HTTP API (served at ``GET /openapi.json``).

Written by hand from the contract in docs/api.md, one module per audience like the
blueprints (public, attendee, organiser) and the schemas they share. tests/test_openapi.py
checks that its paths and methods are exactly the app's routes, that every operation and
answer is described, and that it is valid OpenAPI 3.1; tests/test_schemathesis.py checks
the app against it.
"""
from chalicelib.openapi import (attendee, dashboard, ending, export_links, operations, organiser, organiser_editor,
                                organiser_pages, public, schemas, webhooks)


def spec() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Signup service", "version": "2.0", "description": (
            "Event signups: public form and JSON endpoints, attendee links, organiser exports. "
            "Every JSON error body is `{\"error\": code, \"message\": sentence}` (plus `fields` for "
            "`validation_failed`), in the request's locale (`?lang=`, then `Accept-Language`, then Dutch). "
            "Unknown paths answer 404 `not_found` and unsupported methods 405 `method_not_allowed` "
            "(deployed, API Gateway answers both as 404 `not_found`).")},
        "servers": [{"url": "/"}],
        "paths": _with_head(_merged(public.PATHS, attendee.PATHS, organiser.PATHS, organiser_pages.PATHS,
                                    organiser_editor.PATHS, export_links.PATHS, dashboard.PATHS,
                                    operations.PATHS, ending.PATHS, webhooks.PATHS)),
        "components": {
            "securitySchemes": {"organiser": {"type": "http", "scheme": "bearer",
                                              "description": "Organiser token minted by the CLI."}},
            "schemas": schemas.all_schemas(),
        },
    }


def _merged(*path_tables) -> dict:
    """One path item per path: ``GET /events/{id}`` is public, ``PUT`` the organiser's."""
    paths = {}
    for table in path_tables:
        for path, item in table.items():
            paths.setdefault(path, {}).update(item)
    return paths


def _with_head(paths: dict) -> dict:
    """Every GET has its HEAD (RFC 9110 9.3.2): the same status and headers, no body."""
    for item in paths.values():
        if "get" in item and "head" not in item:
            get = item["get"]
            item["head"] = {
                **{k: v for k, v in get.items() if k not in ("operationId", "responses", "summary", "description")},
                "summary": f"{get['summary']} (headers only)",
                "description": "What `GET` answers, without the body.",
                "responses": {status: {k: v for k, v in answer.items() if k != "content"}
                              for status, answer in get["responses"].items()},
            }
            if "operationId" in get:
                item["head"]["operationId"] = get["operationId"] + "_head"
    return paths
