"""Spherical k-means, silhouette and near-duplicate search on small hand-made vectors."""

import numpy as np

from feedback_app.services.text.clustering import choose_k, k_candidates, near_duplicates
from feedback_app.services.text.kmeans import silhouette_cosine, spherical_kmeans
from feedback_app.services.text.vectors import lsa, normalize_rows


def _blobs(seed=0):
    """Three tight groups of unit vectors in 6 dimensions."""
    rng = np.random.default_rng(seed)
    centres = np.eye(6)[:3]
    points = np.vstack([c + 0.05 * rng.standard_normal((10, 6)) for c in centres])
    return normalize_rows(points.astype(np.float32))


def test_kmeans_finds_separated_groups_deterministically():
    x = _blobs()
    labels, centroids = spherical_kmeans(x, 3, seed=1)
    assert len({tuple(labels[i : i + 10]) for i in (0, 10, 20)}) == 3
    assert all(len(set(labels[i : i + 10].tolist())) == 1 for i in (0, 10, 20))
    again, _ = spherical_kmeans(x, 3, seed=1)
    assert np.array_equal(labels, again)
    assert np.allclose(np.linalg.norm(centroids, axis=1), 1.0, atol=1e-5)


def test_silhouette_prefers_the_true_number_of_groups():
    x = _blobs()
    assert choose_k(x) == 3
    good, _ = spherical_kmeans(x, 3)
    assert silhouette_cosine(x, good) > 0.8


def test_k_candidates_grow_with_the_session():
    assert k_candidates(1) == [1]
    assert k_candidates(3) == [1] or k_candidates(3) == [2]
    assert max(k_candidates(300)) == 26
    assert len(k_candidates(10_000)) <= 14


def test_near_duplicates_in_blocks_match_a_full_comparison():
    x = _blobs()
    pairs = near_duplicates(x, 0.99, block=7)
    sims = x @ x.T
    expected = {(i, j) for i in range(30) for j in range(i + 1, 30) if round(sims[i, j], 4) >= 0.99}
    assert {(i, j) for i, j, _ in pairs} == expected


def test_lsa_keeps_groups_apart():
    x = _blobs()
    reduced = lsa(np.hstack([x, np.zeros((30, 4), np.float32)]), 3)
    labels, _ = spherical_kmeans(reduced, 3)
    assert all(len(set(labels[i : i + 10].tolist())) == 1 for i in (0, 10, 20))
