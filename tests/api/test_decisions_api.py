"""/api/v1 decisions, objectives, suggestions, published versions and the audit trail."""

import pytest
from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.models import AuditEntry, CandidateStandard, Objective, StandardVersion
from feedback_app.services import standard_versions
from tests.export_readers import pdf_text
from tests.factories import make_candidate, make_user, reload

GREET = [
    "Greet every customer within ten seconds of reaching the counter",
    "Say hello to every customer within 10 seconds",
    "Greet customers at the counter with a smile",
]
OBJECTIVE = {"metric": "Time to greet", "target": 10, "unit": "seconds", "measured_by": "Audit"}


@pytest.fixture
def tokens(api):
    users = {role: make_user(role) for role in ("admin", "manager", "facilitator")}
    return users, {role: api.token_for(user) for role, user in users.items()}


@pytest.fixture
def candidate(app):
    return make_candidate(None, *GREET)


def _error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.json
    if code:
        assert response.json["error"]["code"] == code
    return response.json["error"]


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_admins_decide_with_a_reason(api, tokens, candidate, role):
    users, token = tokens
    url = f"/api/v1/standards/{candidate.id}/decision"
    body = {"decision": "adopted", "reason": "Customers notice it"}
    response = api.call("POST", url, token[role], json=body)
    assert response.status_code == 200
    assert (response.json["status"], response.json["decided_by_id"]) == ("adopted", users[role].id)
    stored = reload(candidate)
    assert (stored.status, stored.decision_reason) == ("adopted", "Customers notice it")
    _error(api.call("POST", url, token[role], json=body), 409, "unchanged")


def test_facilitators_read_but_never_decide_or_publish(api, tokens, candidate):
    _, token = tokens
    base = f"/api/v1/standards/{candidate.id}"
    assert api.call("GET", base, token["facilitator"]).status_code == 403  # not their session
    assert api.call("GET", base, token["manager"]).status_code == 200
    for method, url, body in [
        ("PATCH", base, {"title": "New"}),
        ("POST", f"{base}/decision", {"decision": "adopted", "reason": "x"}),
        ("POST", f"{base}/objectives", OBJECTIVE),
        ("POST", "/api/v1/standard/versions", {"note": "v1"}),
        ("GET", "/api/v1/audit", None),
    ]:
        _error(api.call(method, url, token["facilitator"], json=body), 403, "forbidden")
        _error(api.call(method, url, json=body), 401)
    assert reload(candidate).title != "New"
    assert db.session.scalar(select(StandardVersion)) is None


def test_the_facilitator_of_the_session_reads_its_candidate_and_suggestions(api):
    owner = make_user("facilitator")
    standard = make_candidate(owner, *GREET)
    token = api.token_for(owner)
    assert api.call("GET", f"/api/v1/standards/{standard.id}", token).status_code == 200
    got = api.call("GET", f"/api/v1/standards/{standard.id}/objective-suggestions", token)
    assert got.status_code == 200
    assert [(s["target"], s["unit"]) for s in got.json] == [(10.0, "seconds")]
    assert got.json[0]["metric"].startswith("Time to ")


def test_decision_validation_uses_the_error_envelope(api, tokens, candidate):
    _, token = tokens
    url = f"/api/v1/standards/{candidate.id}/decision"
    error = _error(api.call("POST", url, token["manager"], json={"decision": "yes"}), 422)
    assert set(error["fields"]) == {"decision", "reason"}
    error = _error(
        api.call("POST", url, token["manager"], json={"decision": "parked", "reason": ""}), 422
    )
    assert set(error["fields"]) == {"reason"}
    _error(
        api.call(
            "POST",
            "/api/v1/standards/999/decision",
            token["manager"],
            json={"decision": "parked", "reason": "x"},
        ),
        404,
    )
    assert reload(candidate).status == "candidate"


def test_patch_rewords_and_validates(api, tokens, candidate):
    _, token = tokens
    url = f"/api/v1/standards/{candidate.id}"
    response = api.call(
        "PATCH", url, token["manager"], json={"title": "Greeting", "protocol_stage": "other"}
    )
    assert response.status_code == 200
    assert (reload(candidate).title, reload(candidate).protocol_stage) == ("Greeting", "other")
    error = _error(api.call("PATCH", url, token["manager"], json={"protocol_stage": "x"}), 422)
    assert "protocol_stage" in error["fields"]
    error = _error(api.call("PATCH", url, token["manager"], json={"title": ""}), 422)
    assert "title" in error["fields"]
    _error(api.call("PATCH", url, token["manager"], json={}), 422, "validation_failed")
    _error(api.call("PATCH", url, token["manager"], json={"statement": "x" * 1001}), 422)


def test_objectives_are_created_with_201_and_validated(api, tokens, candidate):
    _, token = tokens
    url = f"/api/v1/standards/{candidate.id}/objectives"
    body = OBJECTIVE | {"owner_team": "Front desk", "review_date": "2027-03-31", "target": 9.5}
    response = api.call("POST", url, token["manager"], json=body)
    assert response.status_code == 201
    assert response.json["review_date"] == "2027-03-31"
    stored = db.session.get(Objective, response.json["id"])
    assert (stored.target, stored.owner_team, str(stored.review_date)) == (
        9.5,
        "Front desk",
        "2027-03-31",
    )
    bad = {"metric": "", "target": "10", "unit": "s", "measured_by": "x", "review_date": "soon"}
    error = _error(api.call("POST", url, token["manager"], json=bad), 422)
    assert set(error["fields"]) == {"metric", "target", "review_date"}
    error = _error(api.call("POST", url, token["manager"], json=OBJECTIVE | {"target": -1}), 422)
    assert set(error["fields"]) == {"target"}
    error = _error(api.call("POST", url, token["manager"], json=OBJECTIVE | {"target": True}), 422)
    assert set(error["fields"]) == {"target"}
    assert len(reload(candidate).objectives) == 1


def test_publishing_versions_and_reading_them(api, tokens, candidate):
    _, token = tokens
    manager = token["manager"]
    _error(api.call("GET", "/api/v1/standard", manager), 404, "no_version")
    _error(
        api.call("POST", "/api/v1/standard/versions", manager, json={"note": "v1"}),
        409,
        "nothing_adopted",
    )
    api.call(
        "POST",
        f"/api/v1/standards/{candidate.id}/decision",
        manager,
        json={"decision": "adopted", "reason": "Agreed"},
    )
    _error(
        api.call("POST", "/api/v1/standard/versions", manager, json={"note": "v1"}),
        409,
        "objective_missing",
    )
    api.call("POST", f"/api/v1/standards/{candidate.id}/objectives", manager, json=OBJECTIVE)
    _error(api.call("POST", "/api/v1/standard/versions", manager, json={"note": ""}), 422)
    first = api.call("POST", "/api/v1/standard/versions", manager, json={"note": "First"})
    assert first.status_code == 201
    assert first.json["version"] == 1 and first.json["published_at"]
    api.call("PATCH", f"/api/v1/standards/{candidate.id}", manager, json={"title": "Greeting"})
    second = api.call("POST", "/api/v1/standard/versions", manager, json={"note": "Renamed"})
    assert second.json["changes"] == {
        "added": [],
        "removed": [],
        "changed": [{"id": candidate.id, "title": "Greeting", "fields": ["title"]}],
    }
    current = api.call("GET", "/api/v1/standard", token["facilitator"])
    assert current.status_code == 200 and current.json["version"] == 2
    (group,) = current.json["content"]["groups"]
    assert group["items"][0]["objectives"][0]["metric"] == "Time to greet"
    old = api.call("GET", "/api/v1/standard/versions/1", token["facilitator"])
    assert old.json["content"]["groups"][0]["items"][0]["title"] != "Greeting"
    _error(api.call("GET", "/api/v1/standard/versions/3", manager), 404)
    listed = api.call("GET", "/api/v1/standard/versions", manager).json
    assert [v["version"] for v in listed] == [2, 1]
    assert api.call("DELETE", "/api/v1/standard/versions/1", manager).status_code == 405
    assert db.session.scalar(select(StandardVersion.note).where(StandardVersion.number == 1)) == (
        "First"
    )


def test_the_published_standard_needs_a_token_unless_an_admin_opens_it(api, tokens, candidate):
    users, token = tokens
    _error(api.call("GET", "/api/v1/standard"), 401)
    _error(api.call("GET", "/api/v1/standard/versions/1"), 401)
    standard_versions.set_handbook_public(True, users["admin"])
    _error(api.call("GET", "/api/v1/standard"), 404, "no_version")
    _error(api.call("GET", "/api/v1/standard/versions/1"), 404)
    assert api.call("GET", "/api/v1/standard/versions").json == []


def test_audit_trail_pages_for_managers(api, tokens, candidate):
    users, token = tokens
    for title in ("One", "Two", "Three"):
        api.call(
            "PATCH", f"/api/v1/standards/{candidate.id}", token["manager"], json={"title": title}
        )
    page = api.call("GET", "/api/v1/audit?per_page=2", token["admin"])
    assert page.status_code == 200
    assert (page.json["total"], page.json["pages"], len(page.json["entries"])) == (3, 2, 2)
    newest = page.json["entries"][0]
    assert newest["user_id"] == users["manager"].id
    assert newest["user_email"] == users["manager"].email
    assert newest["details"]["changes"]["title"] == {"from": "Two", "to": "Three"}
    second = api.call("GET", "/api/v1/audit?page=2&per_page=2", token["manager"]).json
    assert [e["details"]["changes"]["title"]["to"] for e in second["entries"]] == ["One"]
    _error(api.call("GET", "/api/v1/audit?page=0", token["manager"]), 422)
    assert db.session.query(AuditEntry).count() == 3


def test_merged_candidates_are_gone(api, tokens, candidate):
    users, token = tokens
    from feedback_app.services import decisions

    other = make_candidate(None, "Offer water within 5 minutes", "Offer a seat within 5 minutes")
    decisions.merge_candidates(candidate, other, users["manager"])
    _error(
        api.call("GET", f"/api/v1/standards/{other.id}", token["manager"]), 404, "standard_merged"
    )
    got = api.call(
        "GET", f"/api/v1/standards/{candidate.id}/objective-suggestions", token["manager"]
    ).json
    assert sorted((s["target"], s["unit"]) for s in got) == [(5.0, "minutes"), (10.0, "seconds")]
    assert db.session.get(CandidateStandard, other.id).merged_into_id == candidate.id


def _publish_first(api, token, candidate) -> None:
    manager = token["manager"]
    body = {"decision": "adopted", "reason": "Agreed"}
    api.call("POST", f"/api/v1/standards/{candidate.id}/decision", manager, json=body)
    api.call("POST", f"/api/v1/standards/{candidate.id}/objectives", manager, json=OBJECTIVE)
    assert api.call("POST", "/api/v1/standard/versions", manager, json={"note": "First"}).json


def test_a_version_as_pdf_with_its_items_and_change_log(api, tokens, candidate):
    _, token = tokens
    _publish_first(api, token, candidate)
    manager, drafted = token["manager"], candidate.title
    api.call("PATCH", f"/api/v1/standards/{candidate.id}", manager, json={"title": "Prompt hello"})
    api.call("POST", "/api/v1/standard/versions", manager, json={"note": "Renamed"})
    response = api.call("GET", "/api/v1/standard/versions/2.pdf", token["facilitator"])
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="customer-service-standard-v2.pdf"'
    )
    text = pdf_text(response.data)
    assert "Version 2" in text and "Renamed" in text and "Prompt hello" in text
    assert reload(candidate).statement in text and "Time to greet" in text
    assert "Changed: Prompt hello (title)" in text
    first = pdf_text(api.call("GET", "/api/v1/standard/versions/1.pdf", manager).data)
    assert f"Added: {drafted}" in first and "Prompt hello" not in first
    _error(api.call("GET", "/api/v1/standard/versions/3.pdf", manager), 404)


def test_the_version_pdf_needs_a_token_unless_an_admin_opens_the_handbook(api, tokens, candidate):
    users, token = tokens
    _publish_first(api, token, candidate)
    _error(api.call("GET", "/api/v1/standard/versions/1.pdf"), 401)
    standard_versions.set_handbook_public(True, users["admin"])
    public = api.call("GET", "/api/v1/standard/versions/1.pdf")
    assert public.status_code == 200 and "Customer Service Standard" in pdf_text(public.data)
    _error(api.call("GET", "/api/v1/standard/versions/2.pdf"), 404)


def test_openapi_documents_the_version_pdf(client):
    spec = client.get("/api/openapi.json").json
    operation = spec["paths"]["/api/v1/standard/versions/{number}.pdf"]["get"]
    assert list(operation["responses"]["200"]["content"]) == ["application/pdf"]
    assert set(operation["responses"]) >= {"200", "401", "403", "404"}


def test_procedures_are_set_by_patch_and_reach_the_published_standard(api, tokens, candidate):
    _, token = tokens
    manager, url = token["manager"], f"/api/v1/standards/{candidate.id}"
    steps = ["Look up from the till", "Say hello within ten seconds", "Offer help"]
    response = api.call("PATCH", url, manager, json={"procedures": steps})
    assert response.status_code == 200 and response.json["procedures"] == steps
    error = _error(api.call("PATCH", url, manager, json={"procedures": ["x" * 301]}), 422)
    assert "procedures" in error["fields"]
    _error(api.call("PATCH", url, manager, json={"procedures": "Look up"}), 422)
    _publish_first(api, token, candidate)
    (item,) = api.call("GET", "/api/v1/standard", manager).json["content"]["groups"][0]["items"]
    assert item["procedures"] == steps
    text = pdf_text(api.call("GET", "/api/v1/standard/versions/1.pdf", manager).data)
    assert "1. Look up from the till" in text and "3. Offer help" in text
