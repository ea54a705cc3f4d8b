"""The whole core loop over the API, as a script or curl user would drive it."""

from tests.factories import level_named, make_user


def test_session_from_creation_to_ranking(api):
    facilitator = make_user("facilitator")
    staff = api.token_for(facilitator)
    level = level_named("Supervisor")

    created = api.call(
        "POST",
        "/api/v1/sessions",
        staff,
        json={
            "title": "Supervisors",
            "prompt": "How do we handle refunds?",
            "target_level_id": level.id,
        },
    )
    assert created.status_code == 201
    session = created.json
    assert session["phase"] == "draft"
    assert len(session["join_code"]) == 6
    assert session["join_url"].endswith("/j/" + session["join_code"])

    assert (
        api.call(
            "POST", f"/api/v1/sessions/{session['id']}/phase", staff, json={"phase": "collecting"}
        ).status_code
        == 200
    )

    people = []
    for _ in range(3):
        joined = api.call("POST", "/api/v1/join", json={"code": session["join_code"].lower()})
        assert joined.status_code == 201
        assert joined.json["session_id"] == session["id"]
        people.append(joined.json["participant_token"])

    texts = ["Refund without a receipt under £20", "Call customers back within two days", "Smile"]
    idea_ids = []
    for token, text in zip(people, texts, strict=True):
        added = api.call(
            "POST", f"/api/v1/sessions/{session['id']}/ideas", token, json={"text": text}
        )
        assert added.status_code == 201
        assert added.json["text"] == text
        idea_ids.append(added.json["id"])

    assert (
        api.call(
            "POST", f"/api/v1/sessions/{session['id']}/phase", staff, json={"phase": "voting"}
        ).status_code
        == 200
    )
    # Everyone gets a ballot (all three ideas, each now shown three times), votes for the
    # refund idea; one person also for the call-back idea, twice.
    for token in people:
        ballot = api.call("GET", f"/api/v1/sessions/{session['id']}/ballot", token)
        assert sorted(idea["id"] for idea in ballot.json["ideas"]) == sorted(idea_ids)
        assert ballot.json["remaining"] == 0
    for token in people:
        assert api.call("POST", f"/api/v1/ideas/{idea_ids[0]}/vote", token).status_code == 201
    assert api.call("POST", f"/api/v1/ideas/{idea_ids[1]}/vote", people[0]).status_code == 201
    assert api.call("POST", f"/api/v1/ideas/{idea_ids[1]}/vote", people[0]).status_code == 200

    assert (
        api.call(
            "POST", f"/api/v1/sessions/{session['id']}/phase", staff, json={"phase": "results"}
        ).status_code
        == 200
    )
    ranking = api.call("GET", f"/api/v1/sessions/{session['id']}/ranking", staff)
    assert ranking.status_code == 200
    fields = ("idea_id", "text", "votes", "rank", "tied", "exposures")
    assert [tuple(line[name] for name in fields) for line in ranking.json] == [
        (idea_ids[0], texts[0], 3, 1, False, 3),
        (idea_ids[1], texts[1], 1, 2, False, 3),
        (idea_ids[2], texts[2], 0, 3, False, 3),
    ]
    # Scores: the cautious end of the share of viewers who voted (3 of 3, 1 of 3, 0 of 3).
    assert [round(line["score"], 3) for line in ranking.json] == [0.439, 0.061, 0.0]
