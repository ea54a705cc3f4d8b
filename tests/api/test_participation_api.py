"""POST /api/v1/join: every answer and error."""

from tests.factories import join, level_named, make_session, move_to


def test_join_by_code_returns_a_token_for_that_session(api):
    session = make_session(phase="collecting")
    response = api.client.post("/api/v1/join", json={"code": session.join_code})
    assert response.status_code == 201
    assert response.json["session_id"] == session.id
    assert response.json["session"]["phase"] == "collecting"
    token = response.json["participant_token"]
    ideas = api.call("GET", f"/api/v1/sessions/{session.id}/ideas", token)
    assert ideas.status_code == 200


def test_join_with_a_level(api):
    supervisor = level_named("Supervisor")
    session = make_session(contributing_level_ids=[supervisor.id])
    ok = api.client.post(
        "/api/v1/join", json={"code": session.join_code, "level_id": supervisor.id}
    )
    assert ok.status_code == 201
    refused = api.client.post(
        "/api/v1/join", json={"code": session.join_code, "level_id": level_named("Executive").id}
    )
    assert refused.status_code == 422
    assert "level_id" in refused.json["error"]["fields"]
    assert (
        api.client.post(
            "/api/v1/join", json={"code": session.join_code, "level_id": "2"}
        ).status_code
        == 422
    )


def test_unknown_code_is_404_and_closed_session_is_409(api):
    assert api.client.post("/api/v1/join", json={"code": "ZZZZZZ"}).status_code == 404
    assert api.client.post("/api/v1/join", json={"code": "nonsense-code"}).status_code == 404
    session = move_to(make_session(), "closed")
    closed = api.client.post("/api/v1/join", json={"code": session.join_code})
    assert closed.status_code == 409
    assert closed.json["error"]["code"] == "session_closed"


def test_missing_code_is_422_and_garbage_is_400(api):
    assert api.client.post("/api/v1/join", json={}).status_code == 422
    assert (
        api.client.post("/api/v1/join", data="{", content_type="application/json").status_code
        == 400
    )


def test_each_join_is_a_new_anonymous_participant(api):
    session = make_session()
    first = api.client.post("/api/v1/join", json={"code": session.join_code}).json
    second = api.client.post("/api/v1/join", json={"code": session.join_code}).json
    assert first["participant_token"] != second["participant_token"]
    _, token = join(session)
    assert token not in (first["participant_token"], second["participant_token"])
