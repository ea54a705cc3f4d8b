"""Clustering service: runs over the NLTK pipeline, carried-over edits, stable labels,
background and failures."""

import time

import pytest

from feedback_app.errors import Conflict, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import ClusterRun, Idea, IdeaCluster
from feedback_app.services import clustering, clustering_edits, text, vocabulary
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
    for k in (0, clustering.K_MAX + 1):
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


# Stable labels: a name the facilitator wrote or accepted never changes by itself.


@pytest.fixture
def grouped(session_with_ideas):
    """The 15 sample ideas grouped into their three themes."""
    session, ideas = session_with_ideas
    run = clustering.run_clustering(session, k=3)
    themes = {name: _cluster_holding(run, ideas[i * 5]) for i, name in enumerate(THEMES)}
    return session, ideas, themes


def _cluster_holding(run, idea) -> IdeaCluster:
    return next(c for c in run.clusters if idea.id in {m.idea_id for m in c.members})


def _stored(cluster: IdeaCluster) -> IdeaCluster:
    """Read a theme back from the database, not from the session's identity map."""
    db.session.expire_all()
    return db.session.get(IdeaCluster, cluster.id)


def test_runs_store_sentence_case_labels_and_a_representative_member(grouped):
    _session, ideas, themes = grouped
    stored = {name: _stored(cluster) for name, cluster in themes.items()}
    assert {name: c.label for name, c in stored.items()} == {
        "refund": "Refund without receipt",
        "queue": "Expected queue waiting time",
        "greet": "Smiling and greeting people",
    }
    for cluster in stored.values():
        assert cluster.representative_idea_id in {m.idea_id for m in cluster.members}
        assert (cluster.label_edited, cluster.suggested_label) == (False, None)
    assert db.session.get(Idea, stored["greet"].representative_idea_id).text == (
        "Greet customers warmly even when you are busy"
    )


def test_moving_ideas_into_an_unnamed_theme_suggests_a_label_instead_of_renaming(grouped):
    session, ideas, themes = grouped
    queue = themes["queue"]
    for idea in ideas[10:14]:  # four greetings join the queue theme
        clustering_edits.move_idea(_stored(queue), idea.id, session)
    stored = _stored(queue)
    assert stored.label == "Expected queue waiting time"
    assert stored.suggested_label == "Wait in the queue"
    assert stored.label_edited is False


def test_an_accepted_suggestion_stays_through_later_moves(grouped):
    session, ideas, themes = grouped
    queue = themes["queue"]
    for idea in ideas[10:14]:
        clustering_edits.move_idea(_stored(queue), idea.id, session)
    clustering_edits.accept_suggested_label(_stored(queue))
    accepted = _stored(queue)
    assert (accepted.label, accepted.label_edited, accepted.suggested_label) == (
        "Wait in the queue",
        True,
        None,
    )
    for idea in ideas[10:14]:
        clustering_edits.move_idea(_stored(themes["greet"]), idea.id, session)
    after = _stored(queue)
    assert (after.label, after.suggested_label) == ("Wait in the queue", None)


def test_a_renamed_theme_keeps_its_name_whatever_moves(grouped):
    session, ideas, themes = grouped
    clustering_edits.rename_cluster(_stored(themes["refund"]), "Complaint call")
    for idea in (*ideas[5:9], *ideas[10:12]):
        clustering_edits.move_idea(_stored(themes["refund"]), idea.id, session)
    clustering_edits.move_idea(_stored(themes["greet"]), ideas[0].id, session)
    stored = _stored(themes["refund"])
    assert (stored.label, stored.label_edited, stored.suggested_label) == (
        "Complaint call",
        True,
        None,
    )


def test_keeping_the_current_name_drops_the_suggestion_for_good(grouped):
    session, ideas, themes = grouped
    queue = themes["queue"]
    for idea in ideas[10:14]:
        clustering_edits.move_idea(_stored(queue), idea.id, session)
    clustering_edits.keep_label(_stored(queue))
    clustering_edits.move_idea(_stored(queue), ideas[14].id, session)
    stored = _stored(queue)
    assert (stored.label, stored.label_edited, stored.suggested_label) == (
        "Expected queue waiting time",
        True,
        None,
    )


def test_accepting_without_a_suggestion_is_refused(grouped):
    _session, _ideas, themes = grouped
    with pytest.raises(Conflict):
        clustering_edits.accept_suggested_label(_stored(themes["refund"]))
    assert _stored(themes["refund"]).label == "Refund without receipt"


def test_the_representative_idea_follows_the_members(grouped):
    session, ideas, themes = grouped
    greet = _stored(themes["greet"])
    representative = greet.representative_idea_id
    clustering_edits.move_idea(_stored(themes["queue"]), representative, session)
    stored = _stored(themes["greet"])
    assert stored.representative_idea_id != representative
    assert stored.representative_idea_id in {m.idea_id for m in stored.members}


def test_a_split_off_theme_is_named_at_once(grouped):
    session, ideas, themes = grouped
    new = clustering_edits.split_cluster(
        _stored(themes["greet"]), [ideas[10].id, ideas[13].id], session
    )
    stored = _stored(new)
    assert stored.label == "Door with a smile"
    assert stored.suggested_label is None
    assert stored.representative_idea_id in {ideas[10].id, ideas[13].id}


def test_a_rerun_keeps_the_names_of_pinned_themes(grouped):
    session, ideas, themes = grouped
    clustering_edits.rename_cluster(_stored(themes["refund"]), "Money back, no fuss")
    clustering_edits.set_pinned(_stored(themes["refund"]), True)
    clustering_edits.set_pinned(_stored(themes["queue"]), True)
    rerun = clustering.run_clustering(session, k=3)
    refund, queue = _cluster_holding(rerun, ideas[0]), _cluster_holding(rerun, ideas[5])
    assert (refund.label, refund.label_edited, refund.pinned) == ("Money back, no fuss", True, True)
    assert (queue.label, queue.suggested_label) == ("Expected queue waiting time", None)
