"""Group idea vectors into themes: choose k, run spherical k-means, set misfits aside.

Labels are cluster numbers 0..k-1; ``OTHER`` (-1) marks ideas that fit no theme.
"""

from __future__ import annotations

import math

import numpy as np

from .kmeans import silhouette_cosine, spherical_kmeans
from .spectral import spectral_clusters
from .vectors import normalize_rows

OTHER = -1
MIN_THEME_SIZE = 2
OTHER_SIMILARITY = 0.15  # cosine to the theme centroid below which an idea fits nowhere
SILHOUETTE_SAMPLE = 1500
MAX_K_CANDIDATES = 14
KMEANS_RESTARTS = 8
# Above this many ideas, spherical k-means (half the restarts) replaces spectral clustering,
# to keep 10,000 ideas under 10 s on one core.
LARGE_SESSION = 5000


def k_candidates(n: int) -> list[int]:
    """List the numbers of themes worth trying for n ideas (about 2 .. 1.5 sqrt(n))."""
    high = min(n - 1, max(2, round(1.5 * math.sqrt(n))))
    if high < 2:
        return [1]
    if high - 1 <= MAX_K_CANDIDATES:
        return list(range(2, high + 1))
    grid = np.geomspace(2, high, MAX_K_CANDIDATES)
    return sorted({int(round(v)) for v in grid})


def choose_k(x: np.ndarray, seed: int = 0) -> int:
    """Pick k by the best mean silhouette (cosine) on a fixed random sample."""
    candidates = k_candidates(x.shape[0])
    if len(candidates) == 1:
        return candidates[0]
    rng = np.random.default_rng(seed)
    if x.shape[0] > SILHOUETTE_SAMPLE:
        x = x[np.sort(rng.choice(x.shape[0], SILHOUETTE_SAMPLE, replace=False))]
    best_k, best_score = candidates[0], -np.inf
    for k in candidates:
        labels, _centroids = spherical_kmeans(x, k, seed=seed, n_init=2, max_iter=30)
        score = silhouette_cosine(x, labels)
        if score > best_score + 1e-9:
            best_k, best_score = k, score
    return best_k


def distinct_rows(x: np.ndarray) -> int:
    """Count distinct non-zero rows, the most themes the data can really hold."""
    nonzero = x[x.any(axis=1)]
    if nonzero.shape[0] == 0:
        return 0
    return int(np.unique(np.round(nonzero, 5), axis=0).shape[0])


def cluster_vectors(x: np.ndarray, k: int | None, seed: int = 0) -> np.ndarray:
    """Label each row with a theme number, or OTHER when it fits no theme."""
    labels = np.full(x.shape[0], OTHER)
    active = np.flatnonzero(x.any(axis=1))
    if active.size == 0:
        return labels
    xa = x[active]
    limit = max(1, distinct_rows(xa))
    k = min(choose_k(xa, seed) if k is None else k, limit)
    if k <= 1:
        labels[active] = 0
        return labels
    assigned, centroids = _partition(xa, k, seed)
    fit = (xa * centroids[assigned]).sum(axis=1)
    assigned = np.where(fit < OTHER_SIMILARITY, OTHER, assigned)
    labels[active] = assigned
    return _drop_small_themes(labels)


def _partition(x: np.ndarray, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Split rows into k groups: spectral up to LARGE_SESSION rows, k-means beyond (speed)."""
    if x.shape[0] > LARGE_SESSION:
        return spherical_kmeans(x, k, seed=seed, n_init=KMEANS_RESTARTS // 2)
    if x.shape[0] <= k + 1:
        return spherical_kmeans(x, k, seed=seed, n_init=KMEANS_RESTARTS)
    labels = spectral_clusters(x, k, seed=seed)
    sums = np.zeros((int(labels.max()) + 1, x.shape[1]), dtype=x.dtype)
    np.add.at(sums, labels, x)
    return labels, normalize_rows(sums)


def _drop_small_themes(labels: np.ndarray) -> np.ndarray:
    """Send themes too small to stand alone to OTHER and renumber the rest 0..k-1."""
    result = np.full(labels.shape, OTHER)
    next_id = 0
    for theme in sorted(set(labels.tolist()) - {OTHER}):
        members = labels == theme
        if members.sum() >= MIN_THEME_SIZE:
            result[members] = next_id
            next_id += 1
    return result


def near_duplicates(
    x: np.ndarray, threshold: float, max_pairs: int = 500, block: int = 256
) -> list[tuple[int, int, float]]:
    """Find pairs of ideas similar enough to offer merging (i < j, most similar first)."""
    n = x.shape[0]
    found_i, found_j, found_sim = [], [], []
    for start in range(0, n, block):
        sims = np.round(x[start : start + block] @ x[start:].T, 4)
        upper = np.arange(sims.shape[1])[None, :] > np.arange(sims.shape[0])[:, None]
        rows, cols = np.nonzero((sims >= threshold) & upper)
        values = sims[rows, cols]
        keep = np.lexsort((cols, rows, -values))[:max_pairs]
        found_i.append(rows[keep] + start)
        found_j.append(cols[keep] + start)
        found_sim.append(values[keep])
    if not found_i:
        return []
    i_all, j_all = np.concatenate(found_i), np.concatenate(found_j)
    sim_all = np.concatenate(found_sim)
    order = np.lexsort((j_all, i_all, -sim_all))[:max_pairs]
    return [(int(i_all[o]), int(j_all[o]), min(1.0, float(sim_all[o]))) for o in order.tolist()]
