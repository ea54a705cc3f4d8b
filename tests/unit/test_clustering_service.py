"""Clustering service: runs over the NLTK pipeline, carried-over edits, background and failures."""

import time

import pytest

from feedback_app.errors import Conflict, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import ClusterRun
from feedback_app.services import clustering, text, vocabulary
from feedback_app.services.cluster_views import board
from feedback_app.services.moderation import set_idea_status
from tests.factories import add_ideas, make_session
from tests.sample_ideas import THEMES

ALL_IDEAS = [idea for texts in THEMES.values() for idea in texts]


@pytest.fixture
def session_with_ideas(app):
    session = make_session(phase="collecting")
    return session, add_ideas(session, *ALL_IDEAS)


def _memberships(run: ClusterRun) -> set[frozenset[int]]:
    return {frozenset(m.idea_id for m in c.members) for c in run.clusters}


def test_the_same_ideas_give_the_same_themes(session_with_ideas):
    session, _ = session_with_ideas
    first = clustering.run_clustering(session, k=3)
    second = clustering.run_clustering(session, k=3)
    assert first.status == second.status == "done"
    assert _memberships(first) == _memberships(second)
    assert [c.label for c in first.clusters] == [c.label for c in second.clusters]


def test_k_is_chosen_automatically_when_not_given(session_with_ideas):
    session, _ = session_with_ideas
    run = clustering.run_clustering(session)
    assert run.requested_k is None
    assert 2 <= run.k <= 6


def test_hidden_ideas_are_not_grouped(session_with_ideas):
    session, ideas = session_with_ideas
    set_idea_status(ideas[0], "hidden")
    run = clustering.run_clustering(session, k=3)
    grouped = {m.idea_id for c in run.clusters for m in c.members}
    assert ideas[0].id not in grouped
    assert run.idea_count == len(ideas) - 1


def test_request_errors(app, session_with_ideas, monkeypatch):
    session, _ = session_with_ideas
    with pytest.raises(Conflict):
        clustering.run_clustering(make_session())
    for k in (0, 61):
        with pytest.raises(ValidationFailed):
            clustering.run_clustering(session, k=k)
    with pytest.raises(ValidationFailed):
        clustering.run_clustering(session, backend="word2vec")
    monkeypatch.setattr(text, "available_backends", lambda: {"nltk": True, "semantic": False})
    with pytest.raises(ValidationFailed) as caught:
        clustering.run_clustering(session, backend="semantic")
    assert "requirements-semantic.txt" in caught.value.message


def test_a_failing_pipeline_marks_the_run_failed_with_the_reason(session_with_ideas, monkeypatch):
    session, _ = session_with_ideas

    def broken(*args, **kwargs):
        raise RuntimeError("stemmer exploded")

    monkeypatch.setattr(text, "cluster_ideas", broken)
    run = clustering.run_clustering(session, k=3)
    assert run.status == "failed"
    assert "stemmer exploded" in run.error
    assert run.clusters == []


def test_large_sessions_are_clustered_in_the_background(app, session_with_ideas):
    session, _ = session_with_ideas
    app.config["CLUSTER_SYNC_LIMIT"] = 5
    run = clustering.run_clustering(session, k=3)
    assert run.status == "running"
    with pytest.raises(Conflict):
        clustering.run_clustering(session, k=3)  # one run at a time
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        db.session.expire_all()
        if db.session.get(ClusterRun, run.id).status != "running":
            break
        time.sleep(0.1)
    finished = db.session.get(ClusterRun, run.id)
    assert finished.status == "done"
    assert finished.progress == 100
    assert len(finished.clusters) >= 3


def test_admin_protocol_words_decide_the_stage(session_with_ideas):
    session, _ = session_with_ideas
    vocabulary.add_entry("protocol", "till", "help_follow_through")
    vocabulary.add_entry("protocol", "queue", "help_follow_through")
    run = clustering.run_clustering(session, k=3)
    columns, _ = board(run)
    queue = next(c for c in columns if any("queue" in card.text for card in c.ideas))
    assert queue.protocol_stage == "help_follow_through"


def test_vocabulary_entries_are_validated(app):
    with pytest.raises(ValidationFailed):
        vocabulary.add_entry("protocol", "till", "checkout")  # not a stage
    with pytest.raises(ValidationFailed):
        vocabulary.add_entry("synonym", "", "refund")
    entry = vocabulary.add_entry("synonym", "  Money  Back ", "refund")
    assert entry.term == "money back"
    with pytest.raises(Conflict):
        vocabulary.add_entry("synonym", "money back", "refund")
    assert vocabulary.extra_synonyms() == {"money back": "refund"}
    vocabulary.delete_entry(entry.id)
    assert vocabulary.extra_synonyms() == {}


def test_near_duplicates_are_offered(app):
    session = make_session(phase="collecting")
    ideas = add_ideas(session, *ALL_IDEAS, "Refund faulty products on the spot, without any forms")
    run = clustering.run_clustering(session, k=3)
    _, pairs = board(run)
    assert (ideas[1].id, ideas[-1].id) in {(p.first.id, p.second.id) for p in pairs}
    assert all(p.similarity >= 0.8 for p in pairs)
