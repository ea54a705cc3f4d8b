"""/api/v1 clusters and candidate standards: run, read, edit, re-run, promote."""

import pytest

from feedback_app.services.phases import change_phase
from feedback_app.services.voting import cast_vote
from tests.factories import add_ideas, join, make_session, make_user
from tests.sample_ideas import THEMES


@pytest.fixture
def clustered(api):
    owner = make_user()
    session = make_session(owner, phase="collecting")
    ideas = add_ideas(session, *[text for texts in THEMES.values() for text in texts])
    token = api.token_for(owner)
    response = api.call("POST", f"/api/v1/sessions/{session.id}/clusters", token, json={"k": 3})
    assert response.status_code == 201, response.json
    return session, ideas, token, response.json


def _theme_of(run, idea_id):
    return next(c for c in run["clusters"] if idea_id in c["idea_ids"])


def test_obvious_themes_are_separated_and_well_named(clustered):
    _, ideas, _, run = clustered
    assert run["status"] == "done" and run["backend"] == "nltk" and run["k"] == 3
    by_theme = {name: ideas[i * 5 : i * 5 + 5] for i, name in enumerate(THEMES)}
    for name, members in by_theme.items():
        clusters = {_theme_of(run, idea.public_id)["id"] for idea in members}
        assert len(clusters) == 1, name
        cluster = _theme_of(run, members[0].public_id)
        assert name in (cluster["label"] + " " + " ".join(cluster["keywords"])).lower()
    greet = _theme_of(run, by_theme["greet"][0].public_id)
    assert greet["protocol_stage"] == "greet_listen"


def test_latest_run_is_readable_by_managers_but_not_by_participants(api, clustered):
    session, _, _, run = clustered
    manager = api.token_for(make_user("manager"))
    latest = api.call("GET", f"/api/v1/sessions/{session.id}/clusters", manager)
    assert latest.status_code == 200
    assert latest.json["run_id"] == run["run_id"]
    _, participant = join(session)
    assert (
        api.call("GET", f"/api/v1/sessions/{session.id}/clusters", participant).status_code == 403
    )
    assert (
        api.call("POST", f"/api/v1/sessions/{session.id}/clusters", manager, json={}).status_code
        == 403
    )


def test_run_errors(api):
    owner = make_user()
    token = api.token_for(owner)
    empty = make_session(owner)
    url = f"/api/v1/sessions/{empty.id}/clusters"
    assert api.call("GET", url, token).status_code == 404
    assert api.call("POST", url, token, json={}).status_code == 409
    assert api.call("POST", url, token, json={"k": 0}).status_code == 422
    assert api.call("POST", url, token, json={"k": "three"}).status_code == 422
    assert api.call("POST", url, token, json={"backend": "magic"}).status_code == 422
    assert api.call("POST", "/api/v1/sessions/9999/clusters", token, json={}).status_code == 404


def test_rename_pin_move_and_rerun_keeps_the_edits(api, clustered):
    session, ideas, token, run = clustered
    refund = _theme_of(run, ideas[0].public_id)
    queue = _theme_of(run, ideas[5].public_id)
    renamed = api.call(
        "PATCH",
        f"/api/v1/clusters/{refund['id']}",
        token,
        json={"label": "Refunds without a fuss", "pinned": True},
    )
    assert renamed.status_code == 200
    assert renamed.json["label"] == "Refunds without a fuss" and renamed.json["pinned"]
    stray = ideas[10].public_id  # a greeting idea, moved by hand to sit with the queue ideas
    moved = api.call(
        "POST", f"/api/v1/clusters/{queue['id']}/ideas", token, json={"idea_id": stray}
    )
    assert moved.status_code == 200
    assert stray in _theme_of(moved.json, ideas[5].public_id)["idea_ids"]

    rerun = api.call("POST", f"/api/v1/sessions/{session.id}/clusters", token, json={"k": 3}).json
    kept = _theme_of(rerun, ideas[0].public_id)
    assert kept["label"] == "Refunds without a fuss" and kept["pinned"]
    assert sorted(kept["idea_ids"]) == sorted(refund["idea_ids"])
    assert stray in _theme_of(rerun, ideas[5].public_id)["idea_ids"]
    stale = api.call("PATCH", f"/api/v1/clusters/{queue['id']}", token, json={"label": "Old"})
    assert stale.status_code in (404, 409)


def test_merge_split_and_their_errors(api, clustered):
    _, ideas, token, run = clustered
    refund, queue = _theme_of(run, ideas[0].public_id), _theme_of(run, ideas[5].public_id)
    merged = api.call(
        "POST", f"/api/v1/clusters/{refund['id']}/merge", token, json={"cluster_id": queue["id"]}
    )
    assert merged.status_code == 200
    assert len(_theme_of(merged.json, ideas[0].public_id)["idea_ids"]) == 10
    assert queue["id"] not in [c["id"] for c in merged.json["clusters"]]
    split = api.call(
        "POST",
        f"/api/v1/clusters/{refund['id']}/split",
        token,
        json={"idea_ids": [idea.public_id for idea in ideas[5:10]]},
    )
    assert split.status_code == 201
    assert sorted(split.json["idea_ids"]) == sorted(idea.public_id for idea in ideas[5:10])
    assert "queue" in (split.json["label"] + " ".join(split.json["keywords"])).lower()
    bad = api.call("POST", f"/api/v1/clusters/{refund['id']}/split", token, json={"idea_ids": []})
    assert bad.status_code == 422
    same = api.call(
        "POST", f"/api/v1/clusters/{refund['id']}/merge", token, json={"cluster_id": refund["id"]}
    )
    assert same.status_code == 422
    assert (
        api.call("PATCH", f"/api/v1/clusters/{refund['id']}", token, json={"label": ""}).status_code
        == 422
    )
    assert (
        api.call(
            "POST", f"/api/v1/clusters/{refund['id']}/ideas", token, json={"idea_id": 999999}
        ).status_code
        == 422
    )
    assert (
        api.call("PATCH", "/api/v1/clusters/999999", token, json={"label": "x"}).status_code == 404
    )
    stranger = api.token_for(make_user())
    assert (
        api.call(
            "PATCH", f"/api/v1/clusters/{refund['id']}", stranger, json={"label": "x"}
        ).status_code
        == 403
    )


def test_promote_to_candidate_standard_scored_by_votes(api, clustered):
    session, ideas, token, run = clustered
    change_phase(session, "voting")
    voters = [join(session)[0] for _ in range(3)]
    for voter in voters:
        cast_vote(ideas[10].id, voter)  # a greeting idea
    cast_vote(ideas[0].id, voters[0])  # a refund idea
    greet, refund = _theme_of(run, ideas[10].public_id), _theme_of(run, ideas[0].public_id)
    promoted = api.call("POST", f"/api/v1/clusters/{refund['id']}/promote", token)
    assert promoted.status_code == 201
    # One supporter is fewer than k = 5: the count is withheld (k-anonymity).
    assert promoted.json["votes"] == 1 and promoted.json["supporters"] is None
    assert sorted(promoted.json["idea_ids"]) == sorted(refund["idea_ids"])
    assert promoted.json["title"][0].isupper()
    # Drafted like a policy from the theme's most representative idea, not from key phrases.
    statement = refund["representative_text"].rstrip(".")
    assert promoted.json["statement"] == f"Staff {statement[0].lower()}{statement[1:]}."
    again = api.call("POST", f"/api/v1/clusters/{refund['id']}/promote", token)
    assert again.status_code == 409
    assert again.json["error"]["code"] == "promoted_already"
    api.call("POST", f"/api/v1/clusters/{greet['id']}/promote", token)
    listed = api.call("GET", f"/api/v1/sessions/{session.id}/standards", token).json
    assert [s["protocol_stage"] for s in listed][0] == "greet_listen"
    assert [s["score"] for s in listed] == [3, 1]


def test_merging_duplicate_ideas_keeps_one_vote_per_person(api):
    owner = make_user()
    session = make_session(owner, phase="collecting")
    keep, duplicate = add_ideas(session, "Greet every customer", "Greet each customer")
    change_phase(session, "voting")
    both, only_duplicate = join(session)[0], join(session)[0]
    for voter in (both, only_duplicate):
        cast_vote(duplicate.id, voter)
    cast_vote(keep.id, both)
    token = api.token_for(owner)
    merged = api.call(
        "POST",
        f"/api/v1/ideas/{duplicate.public_id}/merge",
        token,
        json={"into_idea_id": keep.public_id},
    )
    assert merged.status_code == 200
    ideas = api.call("GET", f"/api/v1/sessions/{session.id}/ideas", token).json
    assert [(i["id"], i["status"], i["votes"]) for i in ideas] == [
        (keep.public_id, "visible", 2),
        (duplicate.public_id, "hidden", 0),
    ]
    again = api.call(
        "POST",
        f"/api/v1/ideas/{keep.public_id}/merge",
        token,
        json={"into_idea_id": keep.public_id},
    )
    assert again.status_code == 422


def test_semantic_backend_groups_paraphrases_through_the_api(api, semantic):
    owner = make_user()
    session = make_session(owner, phase="collecting")
    ideas = add_ideas(session, *[text for texts in THEMES.values() for text in texts])
    token = api.token_for(owner)
    backends = api.call("GET", "/api/v1/clustering/backends", token).json
    assert backends["backends"] == {"nltk": True, "semantic": True}
    response = api.call(
        "POST",
        f"/api/v1/sessions/{session.id}/clusters",
        token,
        json={"k": 3, "backend": "semantic"},
    )
    assert response.status_code == 201
    run = response.json
    assert run["backend"] == "semantic"
    for first in (0, 5, 10):
        theme = _theme_of(run, ideas[first].public_id)
        assert {idea.public_id for idea in ideas[first : first + 5]} <= set(theme["idea_ids"])


def test_themes_carry_their_representative_idea_and_label_state(clustered):
    _, ideas, _, run = clustered
    greet = _theme_of(run, ideas[10].public_id)
    texts = {idea.public_id: idea.text for idea in ideas}
    assert greet["label"] == "Smiling and greeting people"
    assert greet["representative_idea_id"] in greet["idea_ids"]
    assert greet["representative_text"] == texts[greet["representative_idea_id"]]
    assert (greet["label_edited"], greet["suggested_label"]) == (False, None)
    assert {c["label"] for c in run["clusters"]} == {
        "Refund without receipt",
        "Expected queue waiting time",
        "Smiling and greeting people",
    }


def test_moves_suggest_a_label_that_the_api_can_accept(api, clustered):
    session, ideas, token, run = clustered
    queue = _theme_of(run, ideas[5].public_id)
    for idea in ideas[10:14]:
        moved = api.call(
            "POST", f"/api/v1/clusters/{queue['id']}/ideas", token, json={"idea_id": idea.public_id}
        )
        assert moved.status_code == 200
    after = _theme_of(moved.json, ideas[5].public_id)
    assert (after["label"], after["suggested_label"]) == (
        "Expected queue waiting time",
        "Wait in the queue",
    )
    latest = api.call("GET", f"/api/v1/sessions/{session.id}/clusters", token).json
    assert _theme_of(latest, ideas[5].public_id)["label"] == "Expected queue waiting time"  # stored
    accepted = api.call(
        "PATCH", f"/api/v1/clusters/{queue['id']}", token, json={"accept_suggested_label": True}
    )
    assert accepted.status_code == 200
    assert (accepted.json["label"], accepted.json["label_edited"]) == ("Wait in the queue", True)
    assert accepted.json["suggested_label"] is None
    again = api.call(
        "PATCH", f"/api/v1/clusters/{queue['id']}", token, json={"accept_suggested_label": True}
    )
    assert again.status_code == 409
    assert again.json["error"]["code"] == "no_suggested_label"
    back = api.call(
        "POST",
        f"/api/v1/clusters/{_theme_of(run, ideas[10].public_id)['id']}/ideas",
        token,
        json={"idea_id": ideas[10].public_id},
    )
    latest = api.call("GET", f"/api/v1/sessions/{session.id}/clusters", token).json
    assert back.status_code == 200
    assert _theme_of(latest, ideas[5].public_id)["label"] == "Wait in the queue"
    assert _theme_of(latest, ideas[5].public_id)["suggested_label"] is None


def test_a_named_theme_keeps_its_name_through_moves(api, clustered):
    session, ideas, token, run = clustered
    refund = _theme_of(run, ideas[0].public_id)
    api.call("PATCH", f"/api/v1/clusters/{refund['id']}", token, json={"label": "Complaint call"})
    for idea in ideas[5:9]:
        api.call(
            "POST",
            f"/api/v1/clusters/{refund['id']}/ideas",
            token,
            json={"idea_id": idea.public_id},
        )
    latest = api.call("GET", f"/api/v1/sessions/{session.id}/clusters", token).json
    theme = _theme_of(latest, ideas[0].public_id)
    assert (theme["label"], theme["label_edited"], theme["suggested_label"]) == (
        "Complaint call",
        True,
        None,
    )


def test_keep_label_drops_the_suggestion(api, clustered):
    session, ideas, token, run = clustered
    queue = _theme_of(run, ideas[5].public_id)
    for idea in ideas[10:14]:
        api.call(
            "POST", f"/api/v1/clusters/{queue['id']}/ideas", token, json={"idea_id": idea.public_id}
        )
    kept = api.call("PATCH", f"/api/v1/clusters/{queue['id']}", token, json={"keep_label": True})
    assert kept.status_code == 200
    assert (kept.json["label"], kept.json["label_edited"], kept.json["suggested_label"]) == (
        "Expected queue waiting time",
        True,
        None,
    )


def test_k_above_the_one_limit_is_refused(api, clustered):
    session, _, token, _ = clustered
    url = f"/api/v1/sessions/{session.id}/clusters"
    refused = api.call("POST", url, token, json={"k": 101})
    assert refused.status_code == 422
    assert refused.json["error"]["fields"]["k"] == "The number of themes must be from 1 to 100."
