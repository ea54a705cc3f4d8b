"""Spectral clustering on the kNN graph: neighbour search, eigenvectors and cluster_qr."""

import numpy as np

from feedback_app.services.text.spectral import knn_graph, spectral_clusters
from feedback_app.services.text.vectors import normalize_rows


def _groups(sizes=(12, 12, 12), dims=8, seed=0):
    """Tight groups of unit vectors around orthogonal directions."""
    rng = np.random.default_rng(seed)
    blocks = [np.eye(dims)[g] + 0.08 * rng.standard_normal((n, dims)) for g, n in enumerate(sizes)]
    return normalize_rows(np.vstack(blocks).astype(np.float32))


def test_knn_graph_includes_self_and_nearest_rows():
    x = _groups()
    graph = knn_graph(x, 5, block=7)
    assert graph.shape == (36, 5)
    assert all(i in graph[i] for i in range(36))
    assert all(set(graph[i]) <= set(range(12 * (i // 12), 12 * (i // 12) + 12)) for i in range(36))


def test_spectral_recovers_groups_and_is_deterministic():
    x = _groups()
    labels = spectral_clusters(x, 3, seed=0)
    assert all(len(set(labels[i : i + 12].tolist())) == 1 for i in (0, 12, 24))
    assert len(set(labels.tolist())) == 3
    assert np.array_equal(labels, spectral_clusters(x, 3, seed=0))


def test_spectral_handles_uneven_groups_and_duplicates():
    x = _groups(sizes=(30, 6, 6))
    x[1:5] = x[0]
    labels = spectral_clusters(x, 3, seed=2)
    assert len(set(labels[:30].tolist())) == 1
    assert len(set(labels[30:36].tolist())) == 1
    assert labels[0] != labels[30] != labels[36]
