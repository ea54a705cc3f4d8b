"""Group idea vectors into themes (scikit-learn): choose k, cluster, set misfits aside.

This is the numeric half of the text pipeline; ``services/clustering.py`` is the service that
runs it on a session and stores the themes. Theme numbers are 0..k-1; ``OTHER`` (-1) marks
ideas that fit no theme. Rows are unit length (or zero), so k-means' Euclidean distances
follow cosine similarity.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
from sklearn import config_context
from sklearn.cluster import KMeans, SpectralClustering
from sklearn.metrics import silhouette_score
from sklearn.metrics.pairwise import cosine_distances
from sklearn.neighbors import NearestNeighbors, kneighbors_graph
from sklearn.preprocessing import normalize

OTHER = -1
# The most themes a grouping may have, asked for or chosen automatically (the API, the board
# form and the README say so). A board of more columns than this cannot be read; BANKING77's
# 77 intents fit, and the automatic choice on 3,000 ideas (up to 1.5 sqrt(n) = 83) is capped.
K_MAX = 100
MIN_THEME_SIZE = 2
OTHER_SIMILARITY = 0.15  # cosine to the theme centroid below which an idea fits nowhere
SILHOUETTE_SAMPLE = 1500
MAX_K_CANDIDATES = 14
KMEANS_RESTARTS = 8
# Above this many ideas, k-means replaces spectral clustering, to keep 10,000 ideas under
# 10 s on one core. One run of scikit-learn's greedy k-means++ is enough there: on the
# 10,003 BANKING77 texts (k=108, seeds 0-2) mean ARI 0.288 in 0.3 s for 1 run, 0.287 in
# 1.4 s for 4 runs, and 0.281 in 0.6 s for the 4 spherical k-means restarts it replaced.
LARGE_SESSION = 5000
LARGE_SESSION_RESTARTS = 1
# Neighbours that share no feature at all are not neighbours: without this, an idea with
# words of its own was tied to whichever ideas came first (the greetings, usually), which is
# how "Let agents refund up to $50" landed in a greeting theme.
UNRELATED = 1e-6
MAX_NEIGHBOURS = 15  # of the spectral kNN graph: about n / 10, between 4 and 15
MIN_NEIGHBOURS = 4
DISCONNECTED_GRAPH = "Graph is not fully connected"  # well-separated themes do that: fine
# Memory for one block of cosine distances in the neighbour searches. Near-duplicates of the
# 10,003 BANKING77 texts: scikit-learn's default (1 GB) 2.7-4.4 s and a 1,050 MB peak;
# 64 MB 1.2-1.3 s, 92 MB; 32 MB 1.0-1.4 s, 48 MB; 16 MB 1.1-1.5 s, 26 MB.
WORKING_MEMORY_MB = 32


def k_candidates(n: int) -> list[int]:
    """List the numbers of themes worth trying for n ideas (2 .. 1.5 sqrt(n), at most K_MAX)."""
    high = min(n - 1, K_MAX, max(2, round(1.5 * math.sqrt(n))))
    if high < 2:
        return [1]
    if high - 1 <= MAX_K_CANDIDATES:
        return list(range(2, high + 1))
    grid = np.geomspace(2, high, MAX_K_CANDIDATES)
    return sorted({int(round(v)) for v in grid})


def choose_k(x: np.ndarray, seed: int = 0) -> int:
    """Pick k by the best mean silhouette (cosine) on a fixed random sample."""
    candidates = k_candidates(x.shape[0])
    rng = np.random.default_rng(seed)
    if x.shape[0] > SILHOUETTE_SAMPLE:
        x = x[np.sort(rng.choice(x.shape[0], SILHOUETTE_SAMPLE, replace=False))]
    limit = distinct_rows(x)  # more groups than distinct ideas cannot be told apart
    candidates = [k for k in candidates if k <= limit] or [1]
    if len(candidates) == 1:
        return candidates[0]
    distances = cosine_distances(x)  # once, not once per candidate
    best_k, best_score = candidates[0], -np.inf
    for k in candidates:
        labels, _centroids = kmeans(x, k, seed=seed, n_init=2, max_iter=30)
        score = silhouette(distances, labels)
        if score > best_score + 1e-9:
            best_k, best_score = k, score
    return best_k


def silhouette(distances: np.ndarray, labels: np.ndarray) -> float:
    """Score how well separated a clustering is (mean silhouette); -1 when undefined."""
    groups = np.unique(labels).size
    if groups < 2 or groups >= distances.shape[0]:
        return -1.0
    return float(silhouette_score(distances, labels, metric="precomputed"))


def kmeans(
    x: np.ndarray, k: int, *, seed: int = 0, n_init: int = KMEANS_RESTARTS, max_iter: int = 60
) -> tuple[np.ndarray, np.ndarray]:
    """Cluster unit rows into k groups; return labels and unit-length centroids."""
    model = KMeans(k, n_init=n_init, max_iter=max_iter, random_state=seed).fit(x)
    return model.labels_, normalize(model.cluster_centers_).astype(x.dtype)


def spectral(x: np.ndarray, k: int, *, seed: int = 0) -> np.ndarray:
    """Cluster unit rows into at most k groups via their kNN graph's spectrum (cluster_qr)."""
    neighbours = min(x.shape[0], MAX_NEIGHBOURS, max(MIN_NEIGHBOURS, x.shape[0] // 10))
    # Cosine rather than the equivalent Euclidean: the same graph as the numpy version it
    # replaced, ties between unrelated ideas included (Euclidean broke those ties differently
    # for half the ideas of the demo sessions, and their themes changed).
    with config_context(working_memory=WORKING_MEMORY_MB):
        knn = kneighbors_graph(x, neighbours, metric="cosine", include_self=True, mode="distance")
    knn.data = (knn.data < 1.0 - UNRELATED).astype(knn.dtype)
    knn.eliminate_zeros()
    knn.setdiag(1.0)
    model = SpectralClustering(
        k, affinity="precomputed", assign_labels="cluster_qr", random_state=seed
    )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=DISCONNECTED_GRAPH, category=UserWarning)
        labels = model.fit_predict(0.5 * (knn + knn.T))
    return np.unique(labels, return_inverse=True)[1].reshape(-1)


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
        return kmeans(x, k, seed=seed, n_init=LARGE_SESSION_RESTARTS)
    if x.shape[0] <= k + 1:
        return kmeans(x, k, seed=seed)
    labels = spectral(x, k, seed=seed)
    sums = np.zeros((int(labels.max()) + 1, x.shape[1]), dtype=x.dtype)
    np.add.at(sums, labels, x)
    return labels, normalize(sums)


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


def near_duplicates(x, threshold: float, max_pairs: int = 500) -> list[tuple[int, int, float]]:
    """Find pairs of ideas similar enough to offer merging (i < j, most similar first).

    Similarities are compared rounded to 4 decimals, so the search radius reaches half a
    unit of the 4th decimal beyond the threshold. ``x`` may be dense or sparse.
    """
    if x.shape[0] < 2 or x.shape[1] == 0:
        return []
    search = NearestNeighbors(radius=1.0 - threshold + 5e-5, metric="cosine", algorithm="brute")
    with config_context(working_memory=WORKING_MEMORY_MB):
        distances, neighbours = search.fit(x).radius_neighbors()
    counts = np.fromiter((len(row) for row in neighbours), dtype=np.int64, count=x.shape[0])
    if not counts.sum():
        return []
    i_all = np.repeat(np.arange(x.shape[0]), counts)
    j_all = np.concatenate(neighbours).astype(np.int64)
    sim_all = np.round(1.0 - np.concatenate(distances), 4)
    keep = (i_all < j_all) & (sim_all >= threshold)
    i_all, j_all, sim_all = i_all[keep], j_all[keep], sim_all[keep]
    order = np.lexsort((j_all, i_all, -sim_all))[:max_pairs]
    return [(int(i_all[o]), int(j_all[o]), min(1.0, float(sim_all[o]))) for o in order.tolist()]
