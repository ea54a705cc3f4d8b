"""The optional semantic backend (all-MiniLM-L6-v2); skipped when it is not installed.

Set FEEDBACK_REQUIRE_SEMANTIC=1 to make a missing backend fail these tests instead.
"""

import pytest

from feedback_app.services.text import available_backends, cluster_ideas
from feedback_app.services.text import semantic as semantic_module

from .conftest import IDEAS, THEME_OF


def test_available_backends_reports_both():
    backends = available_backends()
    assert backends["nltk"] is True
    assert isinstance(backends["semantic"], bool)


def test_missing_backend_raises_a_clear_error(monkeypatch):
    monkeypatch.setattr(semantic_module.importlib.util, "find_spec", lambda name: None)
    assert available_backends()["semantic"] is False
    with pytest.raises(ValueError, match="requirements-semantic.txt"):
        cluster_ideas(IDEAS, backend="semantic")


def test_detection_does_not_import_torch():
    import sys

    if "torch" in sys.modules:
        pytest.skip("torch was already imported by another test in this process")
    available_backends()
    assert "torch" not in sys.modules


def test_semantic_clusters_paraphrases(semantic):
    ideas = [
        "A warm hello at the door",
        "Greet people as they come in",
        "Welcome shoppers when they arrive",
        "Give money back without a receipt",
        "Refund purchases even if the receipt is lost",
        "Reimburse customers who lost their proof of purchase",
    ]
    result = cluster_ideas(ideas, k=2, backend="semantic")
    assert result.backend == "semantic"
    assert {c.members for c in result.clusters if not c.is_other} == {(0, 1, 2), (3, 4, 5)}
    assert all(c.label and c.protocol_stage for c in result.clusters)


def test_semantic_separates_hand_made_themes_and_is_deterministic(semantic):
    result = cluster_ideas(IDEAS, k=5, backend="semantic")
    pure = [len({THEME_OF[i] for i in c.members}) == 1 for c in result.clusters if not c.is_other]
    assert sum(pure) >= 4
    assert cluster_ideas(IDEAS, k=5, backend="semantic") == result


def test_semantic_edge_cases(semantic):
    assert cluster_ideas([], backend="semantic").clusters == ()
    one = cluster_ideas(["Greet people at the door"], backend="semantic")
    assert one.k == 1 and one.clusters[0].members == (0,)
    same = cluster_ideas(["Smile at customers"] * 4, k=3, backend="semantic")
    assert same.k == 1 and same.clusters[0].members == (0, 1, 2, 3)
    assert len(same.near_duplicates) == 6
    big_k = cluster_ideas(IDEAS[:5], k=40, backend="semantic", fixed_groups=[[0, 1]])
    assert sorted(i for c in big_k.clusters for i in c.members) == [0, 1, 2, 3, 4]
