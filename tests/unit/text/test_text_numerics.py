"""Our wrappers around scikit-learn: features, k-means, spectral clustering, k, near-duplicates."""

import math

import numpy as np
import pytest
from scipy import sparse
from sklearn.metrics.pairwise import cosine_distances
from sklearn.preprocessing import normalize

from feedback_app.services.text.grouping import (
    K_MAX,
    choose_k,
    k_candidates,
    kmeans,
    near_duplicates,
    silhouette,
    spectral,
)
from feedback_app.services.text.tokens import Analyzer
from feedback_app.services.text.vectors import content_keys, lsa, tfidf_matrix


def _groups(sizes=(10, 10, 10), dims=6, noise=0.05, seed=0):
    """Tight groups of unit vectors around orthogonal directions, group after group."""
    rng = np.random.default_rng(seed)
    blocks = [np.eye(dims)[g] + noise * rng.standard_normal((n, dims)) for g, n in enumerate(sizes)]
    return normalize(np.vstack(blocks).astype(np.float32))


def _partition(labels):
    """Return a labelling as a set of member sets, whatever the cluster numbers."""
    return {frozenset(np.flatnonzero(labels == label).tolist()) for label in set(labels.tolist())}


def _blocks(*sizes):
    """Return the partition of consecutive blocks of these sizes."""
    starts = np.cumsum((0, *sizes))
    return {frozenset(range(a, b)) for a, b in zip(starts[:-1], starts[1:], strict=True)}


def test_tfidf_uses_our_keys_sublinear_tf_smooth_idf_and_min_df_2():
    texts = ["refund refund receipt", "refund door", *[f"queue {w}" for w in "abcdefgh"]]
    docs = Analyzer().analyse(texts)
    assert content_keys(docs[0]) == ["refund", "refund", "receipt"]
    matrix = tfidf_matrix(docs)
    # "receipt", "door" and the letters occur once: min df 2 keeps "refund" and "queue".
    assert matrix.shape == (10, 2)
    assert matrix[0].toarray().ravel().tolist() == pytest.approx([1.0, 0.0], abs=1e-6)
    idf_refund = math.log(11 / 3) + 1
    unnormalised = (1 + math.log(2)) * idf_refund
    full = tfidf_matrix(docs, min_df=1, max_features=None)
    weights = full[0].toarray().ravel()
    assert sorted(weights[weights > 0]) == pytest.approx(
        sorted(
            w / math.hypot(unnormalised, math.log(11 / 2) + 1)
            for w in (unnormalised, 1 + math.log(11 / 2))
        )
    )


def test_tfidf_of_ideas_with_nothing_to_compare_has_no_columns():
    only_stop = Analyzer().analyse(["the", "and the", "of"])
    assert tfidf_matrix(only_stop).shape == (3, 0)
    nothing_shared = Analyzer().analyse([f"word{c} {c}{c}{c}" for c in "abcdefghijkl"])
    assert tfidf_matrix(nothing_shared).shape == (12, 0)


def test_kmeans_finds_separated_groups_exactly_and_repeatably():
    x = _groups()
    labels, centroids = kmeans(x, 3, seed=1)
    assert _partition(labels) == _blocks(10, 10, 10)
    again, same_centroids = kmeans(x, 3, seed=1)
    assert np.array_equal(labels, again)
    assert np.array_equal(centroids, same_centroids)
    assert np.allclose(np.linalg.norm(centroids, axis=1), 1.0, atol=1e-5)
    # Each centroid points at its group's direction.
    assert (centroids @ np.eye(6)[:3].T).max(axis=0).min() > 0.99


def test_silhouette_prefers_the_true_number_of_groups():
    x = _groups()
    assert choose_k(x) == 3
    distances = cosine_distances(x)
    true_groups = np.repeat([0, 1, 2], 10)
    assert silhouette(distances, true_groups) > 0.8
    assert silhouette(distances, np.zeros(30, int)) == -1.0  # one group: undefined


@pytest.mark.filterwarnings("error")
def test_choose_k_never_tries_more_groups_than_distinct_ideas():
    x = np.repeat(np.eye(4, dtype=np.float32)[:3], 10, axis=0)  # 30 ideas, 3 distinct
    assert choose_k(x) == 3


def test_k_candidates_grow_with_the_session():
    assert k_candidates(1) == [1]
    assert k_candidates(3) == [2]
    assert k_candidates(10) == [2, 3, 4, 5]
    assert max(k_candidates(300)) == 26
    assert k_candidates(3_080) == [2, 3, 4, 5, 6, 8, 11, 15, 20, 26, 35, 47, 62, 83]
    assert k_candidates(10_000) == [2, 3, 4, 5, 7, 9, 12, 16, 22, 30, 41, 55, 74, 100]
    assert max(k_candidates(10_000)) == K_MAX  # the automatic choice never exceeds the limit


def test_spectral_recovers_groups_and_is_deterministic():
    x = _groups(sizes=(12, 12, 12), dims=8, noise=0.08)
    labels = spectral(x, 3, seed=0)
    assert _partition(labels) == _blocks(12, 12, 12)
    assert sorted(set(labels.tolist())) == [0, 1, 2]
    assert np.array_equal(labels, spectral(x, 3, seed=0))


def test_spectral_handles_uneven_groups_and_duplicates():
    x = _groups(sizes=(30, 6, 6), dims=8, noise=0.08)
    x[1:5] = x[0]
    labels = spectral(x, 3, seed=2)
    assert _partition(labels) == _blocks(30, 6, 6)


def test_near_duplicates_match_a_full_comparison_dense_or_sparse():
    x = _groups()
    pairs = near_duplicates(x, 0.99)
    sims = np.round(x @ x.T, 4)
    expected = [(i, j) for i in range(30) for j in range(i + 1, 30) if sims[i, j] >= 0.99]
    expected.sort(key=lambda p: (-sims[p], p))
    assert expected  # the groups are tight enough to have near-duplicates
    assert [(i, j) for i, j, _ in pairs] == expected
    assert [s for _, _, s in pairs] == pytest.approx([min(1.0, sims[p]) for p in expected])
    from_sparse = near_duplicates(sparse.csr_matrix(x), 0.99)
    assert [(i, j) for i, j, _ in from_sparse] == expected
    assert [s for _, _, s in from_sparse] == pytest.approx([s for _, _, s in pairs])


def test_near_duplicates_round_to_four_decimals_and_keep_the_most_similar():
    angle = math.acos(0.79996)  # rounds up to the 0.8 threshold
    below = math.acos(0.79994)  # rounds down: not a near-duplicate
    x = np.array(
        [[1, 0, 0], [math.cos(angle), math.sin(angle), 0], [math.cos(below), 0, math.sin(below)]]
    )
    assert near_duplicates(x, 0.8) == [(0, 1, 0.8)]
    same = np.ones((4, 2)) / math.sqrt(2)
    assert near_duplicates(same, 0.8, max_pairs=2) == [(0, 1, 1.0), (0, 2, 1.0)]
    assert near_duplicates(np.zeros((3, 4)), 0.8) == []


def test_lsa_keeps_groups_apart():
    x = _groups()
    padded = sparse.csr_matrix(np.hstack([x, np.zeros((30, 4), np.float32)]))
    reduced = lsa(padded, 3)
    assert reduced.shape == (30, 3)
    assert np.allclose(np.linalg.norm(reduced, axis=1), 1.0, atol=1e-5)
    labels, _ = kmeans(reduced, 3)
    assert _partition(labels) == _blocks(10, 10, 10)
    assert np.array_equal(reduced, lsa(padded, 3))
