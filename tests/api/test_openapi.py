"""The OpenAPI document covers every /api/v1 route and is valid OpenAPI 3.1."""

import re

from openapi_spec_validator import validate


def _documented_rules(app):
    rules = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                rules.add((path, method.lower()))
    return rules


def test_every_api_rule_is_documented_and_nothing_else(app, client):
    document = client.get("/api/openapi.json").json
    documented = {
        (path, method)
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    registered = _documented_rules(app)
    assert registered, "no /api/v1 routes registered"
    assert registered == documented


def test_document_is_valid_openapi_31(client):
    document = client.get("/api/openapi.json").json
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_api_errors_are_json_even_for_unknown_routes_and_methods(client):
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json["error"]["code"] == "not_found"
    wrong_method = client.put("/api/v1/levels")
    assert wrong_method.status_code == 405
    assert wrong_method.json["error"]["code"] == "method_not_allowed"
