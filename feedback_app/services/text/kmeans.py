"""Spherical k-means (cosine) with k-means++ seeding and several restarts, in numpy."""

from __future__ import annotations

import numpy as np

from .vectors import normalize_rows


def _seed_centroids(x: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Pick spread-out starting centroids (k-means++ on cosine distance)."""
    n = x.shape[0]
    chosen = [int(rng.integers(n))]
    closest = 1.0 - x @ x[chosen[0]]
    for _ in range(1, k):
        weights = np.clip(closest, 0.0, None) ** 2
        total = float(weights.sum())
        idx = int(rng.integers(n)) if total <= 1e-12 else int(rng.choice(n, p=weights / total))
        chosen.append(idx)
        closest = np.minimum(closest, 1.0 - x @ x[idx])
    return x[chosen].copy()


def _run_once(
    x: np.ndarray, k: int, rng: np.random.Generator, max_iter: int
) -> tuple[np.ndarray, np.ndarray, float]:
    """Alternate assignment and centroid update until the labels settle."""
    centroids = _seed_centroids(x, k, rng)
    labels = np.full(x.shape[0], -1)
    for _ in range(max_iter):
        sims = x @ centroids.T
        new_labels = sims.argmax(axis=1)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
        best = sims[np.arange(x.shape[0]), labels]
        onehot = np.zeros((k, x.shape[0]), dtype=x.dtype)
        onehot[labels, np.arange(x.shape[0])] = 1.0
        sums = onehot @ x
        sizes = np.bincount(labels, minlength=k)
        for empty in np.flatnonzero(sizes == 0):
            worst = int(best.argmin())
            sums[empty] = x[worst]
            best[worst] = np.inf
        centroids = normalize_rows(sums)
    sims = x @ centroids.T
    labels = sims.argmax(axis=1)
    score = float(sims[np.arange(x.shape[0]), labels].sum())
    return labels, centroids, score


def spherical_kmeans(
    x: np.ndarray, k: int, *, seed: int = 0, n_init: int = 8, max_iter: int = 60
) -> tuple[np.ndarray, np.ndarray]:
    """Cluster unit rows into k groups, keeping the restart with the best total cosine."""
    rng = np.random.default_rng(seed)
    best = None
    for _ in range(max(1, n_init)):
        labels, centroids, score = _run_once(x, k, rng, max_iter)
        if best is None or score > best[2] + 1e-9:
            best = (labels, centroids, score)
    return best[0], best[1]


def silhouette_cosine(x: np.ndarray, labels: np.ndarray) -> float:
    """Score how well separated a clustering is (mean silhouette, cosine distance)."""
    k = int(labels.max()) + 1 if labels.size else 0
    if k < 2 or k >= x.shape[0]:
        return -1.0
    dist = np.clip(1.0 - x @ x.T, 0.0, 2.0)
    onehot = np.zeros((x.shape[0], k), dtype=x.dtype)
    onehot[np.arange(x.shape[0]), labels] = 1.0
    sizes = onehot.sum(axis=0)
    sums = dist @ onehot
    own = sizes[labels]
    a = sums[np.arange(x.shape[0]), labels] / np.maximum(own - 1, 1)
    means = sums / np.maximum(sizes, 1)
    means[np.arange(x.shape[0]), labels] = np.inf
    means[:, sizes == 0] = np.inf
    b = means.min(axis=1)
    sil = np.where(own > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    return float(sil.mean())
