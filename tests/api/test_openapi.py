"""The OpenAPI document covers every /api/v1 route, is valid OpenAPI 3.1 and says what can fail.

Whether the shapes it documents are the shapes served is checked by schemathesis
(tests/api/test_schemathesis.py) against a running server.
"""

import re

from openapi_spec_validator import validate

METHODS = {"get", "post", "put", "patch", "delete"}


def _documented_rules(app):
    rules = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                rules.add((path, method.lower()))
    return rules


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_every_api_rule_is_documented_and_nothing_else(app, client):
    document = client.get("/api/openapi.json").json
    documented = {(path, method) for path, method, _ in _operations(document)}
    registered = _documented_rules(app)
    assert registered, "no /api/v1 routes registered"
    assert registered == documented


def test_document_is_valid_openapi_31(client):
    document = client.get("/api/openapi.json").json
    assert document["openapi"].startswith("3.1")
    validate(document)


# The published standard: staff only, unless an admin lets everyone read the handbook.
TOKEN_OPTIONAL = {
    ("get", "/api/v1/standard"),
    ("get", "/api/v1/standard/versions"),
    ("get", "/api/v1/standard/versions/{number}"),
    ("get", "/api/v1/standard/versions/{number}.pdf"),
}


def test_every_operation_documents_what_can_fail(client):
    document = client.get("/api/openapi.json").json
    for path, method, operation in _operations(document):
        where = f"{method.upper()} {path}"
        statuses = set(operation["responses"])
        if operation["security"]:
            if (method, path) in TOKEN_OPTIONAL:
                assert operation["security"] == [{"bearer": []}, {}], where
            else:
                assert operation["security"] == [{"bearer": []}], where
            assert {"401", "403"} <= statuses, where
        if "{" in path:
            assert "404" in statuses, where
        if "requestBody" in operation:
            assert {"400", "413", "422"} <= statuses, where
        for status, response in operation["responses"].items():
            if status.startswith("4"):
                name = response["$ref"].rsplit("/", 1)[-1]
                error = document["components"]["responses"][name]
                schema = error["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, where


def test_only_login_join_levels_and_survey_answers_need_no_token(client):
    document = client.get("/api/openapi.json").json
    public = {(method, path) for path, method, op in _operations(document) if op["security"] == []}
    assert public == {
        ("post", "/api/v1/auth/token"),
        ("post", "/api/v1/join"),
        ("get", "/api/v1/levels"),
        ("post", "/api/v1/surveys/{survey_id}/responses"),
    }


def test_links_chain_producers_to_real_operations(client):
    document = client.get("/api/openapi.json").json
    operation_ids = [op["operationId"] for _, _, op in _operations(document)]
    assert len(operation_ids) == len(set(operation_ids)), "operationIds must be unique"
    targets = set()
    for _, _, operation in _operations(document):
        for response in operation["responses"].values():
            for link in response.get("links", {}).values():
                assert link["operationId"] in operation_ids
                targets.add(link["operationId"])
    # created session → ideas, phase, ranking, clusters; join → participant's calls;
    # idea → vote, edit, merge; clustering run → theme edits.
    assert {
        "list_ideas",
        "change_phase",
        "ranking",
        "run_clusters",
        "add_idea",
        "vote",
        "update_idea",
        "merge_duplicate",
        "update_cluster",
        "move_idea_into_cluster",
        "merge_cluster",
        "split_cluster",
        "promote",
    } <= targets


def test_api_errors_are_json_even_for_unknown_routes_and_methods(client):
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json["error"]["code"] == "not_found"
    wrong_method = client.put("/api/v1/levels")
    assert wrong_method.status_code == 405
    assert wrong_method.json["error"]["code"] == "method_not_allowed"


def test_every_operation_documents_the_database_outage_and_writes_document_429(client):
    document = client.get("/api/openapi.json").json
    for path, method, operation in _operations(document):
        assert "503" in operation["responses"], f"{method.upper()} {path}"
    limited = [
        ("/api/v1/auth/token", "post"),
        ("/api/v1/join", "post"),
        ("/api/v1/sessions/{session_id}/ideas", "post"),
        ("/api/v1/ideas/{idea_id}/vote", "post"),
    ]
    for path, method in limited:
        assert "429" in document["paths"][path][method]["responses"], path
