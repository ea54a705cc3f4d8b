"""Measure the idea-clustering pipeline on BANKING77 against a scikit-learn baseline.

Prints ARI, NMI, seconds and peak memory for our pipeline and for plain TF-IDF + k-means
(scikit-learn on raw words), with k given (77) and chosen automatically, plus a 10,000-text
timing run and ratios against the baseline. Every row runs on one BLAS thread, twice, each
time in a fresh process: once timed, reporting the ``ru_maxrss`` delta (growth of the peak
resident set, whole process: Python, numpy and libraries), and once under ``tracemalloc``
(peak of Python-tracked allocations, numpy arrays included), whose overhead is not timed.

    python benchmarks/cluster_bench.py [--data DIR] [--backend nltk|semantic|both]
                                       [--methods] [--quick]
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import resource
import sys
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
TEST_FILE = "banking77.csv"
TRAIN_FILE = "banking77_train.csv"
GOALS = {"nltk": 0.30, "semantic": 0.55}


def load(data_dir: Path, name: str) -> tuple[list[str], list[str]]:
    """Read texts and intent labels (never copied into the repo)."""
    with open(data_dir / name, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [row["text"] for row in rows], [row["label"] for row in rows]


def ours(texts, k, backend):
    """Run the product pipeline and flatten its clusters into one label per text."""
    from feedback_app.services.text import cluster_ideas

    result = cluster_ideas(texts, k, backend=backend)
    labels = [-1] * len(texts)
    for number, cluster in enumerate(result.clusters):
        for i in cluster.members:
            labels[i] = number
    return labels, result.k


def baseline(texts, k, _backend):
    """Plain TF-IDF + k-means from scikit-learn; k by silhouette over our range if None."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(stop_words="english").fit_transform(texts)
    if k is None:
        k = _sklearn_choose_k(x)
    return KMeans(k, random_state=0, n_init="auto").fit_predict(x).tolist(), k


def _sklearn_choose_k(x):
    """Choose k as we do (silhouette, cosine, same candidates) but with scikit-learn."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    from feedback_app.services.text.clustering import k_candidates

    rng = np.random.default_rng(0)
    sample = x[np.sort(rng.choice(x.shape[0], min(1500, x.shape[0]), replace=False))]
    scores = {}
    for k in k_candidates(x.shape[0]):
        labels = KMeans(k, random_state=0, n_init="auto").fit_predict(sample)
        scores[k] = silhouette_score(sample, labels, metric="cosine")
    return max(scores, key=scores.get)


def method_variant(texts, k, option):
    """Cluster our own vectors (same features as the pipeline) with another method."""
    import numpy as np

    from feedback_app.services.text import pipeline
    from feedback_app.services.text.clustering import kmeans
    from feedback_app.services.text.tokens import Analyzer

    backend, method = option
    docs = Analyzer().analyse(texts)
    x, _dups = pipeline._vectors(texts, docs, backend, 0)
    if method == "kmeans":
        labels, _centroids = kmeans(x, k, seed=0, n_init=8)
    elif method.startswith("agglomerative"):
        from sklearn.cluster import AgglomerativeClustering

        linkage = method.split("-")[1]
        metric = "euclidean" if linkage == "ward" else "cosine"
        labels = AgglomerativeClustering(k, metric=metric, linkage=linkage).fit_predict(x)
    elif method == "nltk-kmeans":
        import random

        from nltk.cluster import KMeansClusterer, cosine_distance

        active = np.flatnonzero(x.any(axis=1))
        clusterer = KMeansClusterer(k, cosine_distance, repeats=1, rng=random.Random(0))
        labels = np.full(len(texts), -1)
        labels[active] = clusterer.cluster(list(x[active].astype(float)), assign_clusters=True)
    else:
        raise ValueError(method)
    return np.asarray(labels).tolist(), k


METHODS = ("kmeans", "agglomerative-average", "agglomerative-ward", "nltk-kmeans")


RUNNERS = {"ours": ours, "baseline": baseline, "method": method_variant}


def measure(runner: str, file: str, data_dir: str, k, option, trace: bool):
    """Run one row in this (fresh) process on one BLAS thread and return its figures."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
    from threadpoolctl import threadpool_limits

    texts, gold = load(Path(data_dir), file)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    with threadpool_limits(1):
        start = time.perf_counter()
        labels, used_k = RUNNERS[runner](texts, k, option)
        seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "ari": adjusted_rand_score(gold, labels),
        "nmi": normalized_mutual_info_score(gold, labels),
        "seconds": seconds,
        "tracemalloc_mb": peak / 2**20,
        "rss_delta_mb": (rss_after - rss_before) / 1024,
        "k": used_k,
        "other": labels.count(-1) if runner == "ours" else 0,
        "n": len(texts),
    }


def isolated(runner, file, data_dir, k, option):
    """Measure a row twice in fresh processes: timed and RSS, then under tracemalloc."""
    context = multiprocessing.get_context("spawn")
    runs = []
    for trace in (False, True):
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            runs.append(pool.submit(measure, runner, file, str(data_dir), k, option, trace))
            runs[-1] = runs[-1].result()
    timed, traced = runs
    timed["tracemalloc_mb"] = traced["tracemalloc_mb"]
    return timed


def print_row(name: str, row: dict) -> None:
    """Print one table row."""
    print(
        f"| {name:<44} | {row['n']:>6} | {row['k']:>4} | {row['ari']:.3f} | {row['nmi']:.3f} "
        f"| {row['seconds']:>7.2f} | {row['tracemalloc_mb']:>8.1f} | {row['rss_delta_mb']:>8.1f} |",
        flush=True,
    )


def main(argv=None) -> int:
    """Run the benchmark rows asked for and print the table and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--backend", choices=("nltk", "semantic", "both"), default="nltk")
    parser.add_argument("--methods", action="store_true", help="compare clustering methods")
    parser.add_argument("--quick", action="store_true", help="skip auto-k and 10k rows")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    backends = ["nltk", "semantic"] if args.backend == "both" else [args.backend]
    header = f"| {'run':<44} |      n |    k |  ARI  |  NMI  | seconds "
    print(header + "| tm_peak MB | rss_delta MB |")
    print("|" + "---|" * 8)
    rows = {}
    for name, runner, file, k, option in _plan(backends, args):
        rows[name] = isolated(runner, file, args.data, k, option)
        print_row(name, rows[name])
    _print_ratios(rows, backends)
    return 0


def _plan(backends, args):
    """List the rows to run: (name, runner, file, k, option)."""
    plan = [("baseline tfidf+kmeans k=77", "baseline", TEST_FILE, 77, None)]
    if not args.quick:
        plan.append(("baseline tfidf+kmeans k=auto", "baseline", TEST_FILE, None, None))
    for backend in backends:
        plan.append((f"ours {backend} k=77", "ours", TEST_FILE, 77, backend))
        if not args.quick:
            plan.append((f"ours {backend} k=auto", "ours", TEST_FILE, None, backend))
    if args.methods:
        for backend in backends:
            for method in METHODS[:1] if backend == "semantic" else METHODS:
                name = f"{backend} vectors + {method} k=77"
                plan.append((name, "method", TEST_FILE, 77, (backend, method)))
    if not args.quick:
        plan.append(("baseline 10k k=auto", "baseline", TRAIN_FILE, None, None))
        plan.append(("ours nltk 10k k=auto", "ours", TRAIN_FILE, None, "nltk"))
    return plan


def _print_ratios(rows, backends):
    """Compare each of our rows with the baseline row of the same data and k."""
    print()
    for name, row in rows.items():
        if not name.startswith("ours"):
            continue
        suffix = name.split()[-1]
        base_name = next(
            (
                b
                for b in rows
                if b.startswith("baseline")
                and b.endswith(suffix)
                and ("10k" in b) == ("10k" in name)
            ),
            None,
        )
        if base_name is None:
            continue
        base = rows[base_name]
        backend = name.split()[1]
        goal = GOALS.get(backend)
        print(
            f"{name}: ARI x{row['ari'] / max(base['ari'], 1e-9):.2f}, "
            f"time x{row['seconds'] / max(base['seconds'], 1e-9):.2f}, "
            f"tracemalloc x{row['tracemalloc_mb'] / max(base['tracemalloc_mb'], 1e-9):.2f} "
            f"vs {base_name}" + (f"; goal ARI >= {goal}" if goal and "10k" not in name else "")
        )


if __name__ == "__main__":
    raise SystemExit(main())
