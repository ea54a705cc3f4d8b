"""Clustering ideas into themes: separation, labels, fixed groups, Other and edge cases."""

import itertools

import pytest

from feedback_app.services.text import (
    K_MAX,
    PROTOCOL_STAGES,
    Cluster,
    ClusteringResult,
    cluster_ideas,
)

from .conftest import IDEAS, THEME_OF, THEMES


def _theme_of_members(cluster):
    """Return the set of hand-made themes a cluster's members come from."""
    return {THEME_OF[i] for i in cluster.members}


def _assert_valid(result, n):
    """Check the contract every result must meet, whatever the input."""
    assert isinstance(result, ClusteringResult)
    members = sorted(i for c in result.clusters for i in c.members)
    assert members == list(range(n))
    assert result.k == sum(1 for c in result.clusters if not c.is_other)
    assert sum(1 for c in result.clusters if c.is_other) <= 1
    for cluster in result.clusters:
        assert isinstance(cluster, Cluster)
        assert cluster.protocol_stage in PROTOCOL_STAGES
        assert cluster.label
        assert cluster.members == tuple(sorted(cluster.members))
        if cluster.is_other:
            assert cluster.label == "Other"
    for i, j, similarity in result.near_duplicates:
        assert 0 <= i < j < n
        assert 0.0 <= similarity <= 1.0


def test_obvious_themes_separate_with_k_given():
    result = cluster_ideas(IDEAS, k=5)
    _assert_valid(result, len(IDEAS))
    themes = [c for c in result.clusters if not c.is_other]
    assert len(themes) == 5
    assert all(len(_theme_of_members(c)) == 1 for c in themes)
    assert {next(iter(_theme_of_members(c))) for c in themes} == set(THEMES)


def test_automatic_k_never_mixes_themes():
    result = cluster_ideas(IDEAS)
    _assert_valid(result, len(IDEAS))
    assert 4 <= result.k <= 8
    assert all(len(_theme_of_members(c)) == 1 for c in result.clusters if not c.is_other)


def test_labels_and_keywords_use_the_themes_words():
    result = cluster_ideas(IDEAS, k=5)
    by_theme = {next(iter(_theme_of_members(c))): c for c in result.clusters if not c.is_other}
    assert {theme: c.label for theme, c in by_theme.items()} == {
        "greeting": "Warm greeting at the door",
        "refunds": "Allowing refunds without a receipt",
        "queues": "Opening extra tills",
        "empathy": "Showing empathy and apologising",
        "follow_up": "Following up on complaints",
    }
    assert "queue" in by_theme["queues"].keywords
    assert "follow up" in by_theme["follow_up"].keywords


def test_each_theme_names_its_most_representative_idea():
    result = cluster_ideas(IDEAS, k=5)
    by_theme = {next(iter(_theme_of_members(c))): c for c in result.clusters if not c.is_other}
    assert {theme: IDEAS[c.representative] for theme, c in by_theme.items()} == {
        "greeting": "Greet regulars by name at the door",
        "refunds": "Don't make customers fight for a refund without receipt",
        "queues": "Nobody should wait in a long queue, open more tills",
        "empathy": "Stay calm, listen and apologise before explaining anything",
        "follow_up": "Follow up on every complaint with a call within two days",
    }


def test_clusters_carry_protocol_stages():
    result = cluster_ideas(IDEAS, k=5)
    stage = {next(iter(_theme_of_members(c))): c.protocol_stage for c in result.clusters}
    assert stage["greeting"] == "greet_listen"
    assert stage["empathy"] == "questions_empathy"
    assert stage["refunds"] == "refunds_complaints"
    assert stage["queues"] == "waiting_times"
    assert stage["follow_up"] == "help_follow_through"


def test_same_input_same_output_and_seed_is_used():
    first = cluster_ideas(IDEAS, seed=3)
    assert cluster_ideas(IDEAS, seed=3) == first
    assert cluster_ideas(list(IDEAS), seed=3) == first


def test_fixed_groups_come_back_exactly_and_the_rest_is_clustered():
    moved = [0, 6, 12]  # a greeting, a refund and a queue idea pinned together by hand
    result = cluster_ideas(IDEAS, k=6, fixed_groups=[moved, [1, 2]])
    _assert_valid(result, len(IDEAS))
    member_sets = [set(c.members) for c in result.clusters]
    assert set(moved) in member_sets
    assert {1, 2} in member_sets
    others = [c for c in result.clusters if set(c.members) not in ({0, 6, 12}, {1, 2})]
    assert all(not set(c.members) & {0, 1, 2, 6, 12} for c in others)


def test_bad_fixed_groups_are_rejected():
    with pytest.raises(ValueError, match="outside"):
        cluster_ideas(IDEAS, fixed_groups=[[0, 99]])
    with pytest.raises(ValueError, match="two fixed groups"):
        cluster_ideas(IDEAS, fixed_groups=[[0, 1], [1, 2]])


def test_misfits_go_to_other_not_into_a_theme():
    ideas = [*IDEAS, "Purple elephants dance quietly", "Tax returns overdue yesterday"]
    result = cluster_ideas(ideas, k=5)
    _assert_valid(result, len(ideas))
    other = [c for c in result.clusters if c.is_other]
    assert other and {30, 31} <= set(other[0].members)
    assert other[0].protocol_stage == "other"


def test_near_duplicates_are_offered_for_merging():
    ideas = [
        *IDEAS,
        "Greet every customer at the door with a smile!",
        "greet EVERY customer at the door with a smile",
    ]
    result = cluster_ideas(ideas, k=5)
    pairs = {(i, j) for i, j, _ in result.near_duplicates}
    assert {(0, 30), (0, 31), (30, 31)} <= pairs
    assert all(similarity >= 0.8 for _, _, similarity in result.near_duplicates)
    similarity = {(i, j): s for i, j, s in result.near_duplicates}
    assert similarity[(0, 30)] == pytest.approx(1.0)


def test_no_ideas():
    result = cluster_ideas([])
    assert result == ClusteringResult(clusters=(), near_duplicates=(), k=0, backend="nltk")


def test_one_idea_is_one_theme():
    result = cluster_ideas(["Greet every customer at the door"])
    _assert_valid(result, 1)
    assert result.k == 1
    assert result.clusters[0].members == (0,)
    assert result.clusters[0].label == "Greeting customers at the door"
    assert result.clusters[0].representative == 0


def test_identical_ideas_form_one_theme_and_are_all_duplicates():
    ideas = ["Smile at customers"] * 5
    result = cluster_ideas(ideas, k=3)
    _assert_valid(result, 5)
    assert result.k == 1
    assert {(i, j) for i, j, _ in result.near_duplicates} == set(
        itertools.combinations(range(5), 2)
    )


def test_stop_word_only_ideas_go_to_other():
    ideas = ["it is what it is", "and so on", *IDEAS[:6]]
    result = cluster_ideas(ideas)
    _assert_valid(result, len(ideas))
    other = next(c for c in result.clusters if c.is_other)
    assert {0, 1} <= set(other.members)
    only_stop = cluster_ideas(["the", "and the", "of"])
    _assert_valid(only_stop, 3)
    assert only_stop.k == 0


def test_k_larger_than_the_number_of_ideas():
    result = cluster_ideas(IDEAS[:4], k=50)
    _assert_valid(result, 4)
    assert result.k <= 4


def test_invalid_arguments_are_rejected():
    with pytest.raises(ValueError, match="backend"):
        cluster_ideas(IDEAS, backend="magic")
    with pytest.raises(ValueError, match="k must"):
        cluster_ideas(IDEAS, k=0)
    with pytest.raises(ValueError, match="from 1 to 100"):
        cluster_ideas(IDEAS, k=K_MAX + 1)
    with pytest.raises(ValueError, match="Unsupported language"):
        cluster_ideas(IDEAS, language="klingon")


def test_custom_synonyms_bring_paraphrases_together():
    ideas = [
        "Use the tannoy to announce offers",
        "Make a loudspeaker announcement for offers",
        "Tannoy offers every hour",
        "Loudspeaker offers at lunchtime",
        "Greet people at the door",
        "Greet people at the door warmly",
        "Greet everybody at the door",
    ]
    result = cluster_ideas(ideas, k=2, synonyms={"loudspeaker": "tannoy"})
    member_sets = {c.members for c in result.clusters if not c.is_other}
    assert (0, 1, 2, 3) in member_sets
