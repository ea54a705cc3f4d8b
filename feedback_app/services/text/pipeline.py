"""The public pipeline: cluster a session's ideas into labelled, protocol-tagged themes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.preprocessing import normalize

from .clustering import OTHER, cluster_vectors, near_duplicates
from .keywords import SessionContext, rank_phrases
from .protocol import keyed_lexicon, stage_for_docs
from .results import Cluster, ClusteringResult
from .semantic import embed, require_semantic, semantic_available
from .tokens import Analyzer, Doc
from .vectors import lsa, tfidf_matrix

BACKENDS = ("nltk", "semantic")
LSA_DIMS = 100
DUPLICATE_SIMILARITY = {"nltk": 0.8, "semantic": 0.9}
LABEL_PHRASES = 5
OTHER_LABEL = "Other"
UNTITLED_LABEL = "Untitled theme"


def available_backends() -> dict[str, bool]:
    """Say which backends this installation can run, without importing torch."""
    return {"nltk": True, "semantic": semantic_available()}


def cluster_ideas(
    texts: Sequence[str],
    k: int | None = None,
    *,
    language: str = "english",
    synonyms: Mapping[str, str] | None = None,
    backend: str = "nltk",
    fixed_groups: Sequence[Sequence[int]] = (),
    seed: int = 0,
) -> ClusteringResult:
    """Group ideas into themes; k counts all themes, including the facilitator's fixed groups."""
    if backend not in BACKENDS:
        raise ValueError(f"Unknown backend {backend!r}; choose one of {BACKENDS}")
    if backend == "semantic":
        require_semantic()
    if k is not None and k < 1:
        raise ValueError("k must be a positive number of themes, or None to choose it")
    texts = list(texts)
    fixed = _check_fixed_groups(fixed_groups, len(texts))
    analyzer = Analyzer(language, synonyms)
    docs = analyzer.analyse(texts)
    vectors, duplicates_space = _vectors(texts, docs, backend, seed)
    pinned = {i for group in fixed for i in group}
    free = np.array([i for i in range(len(texts)) if i not in pinned], dtype=int)
    free_k = None if k is None else max(1, k - len(fixed))
    labels = cluster_vectors(vectors[free], free_k, seed) if free.size else np.array([], int)
    groups = [list(group) for group in fixed] + _themes(free, labels)
    others = sorted(free[labels == OTHER].tolist()) if free.size else []
    clusters = _describe(docs, groups, others, analyzer)
    pairs = near_duplicates(duplicates_space, DUPLICATE_SIMILARITY[backend])
    themes = sum(1 for cluster in clusters if not cluster.is_other)
    return ClusteringResult(tuple(clusters), tuple(pairs), themes, backend)


def _check_fixed_groups(groups: Sequence[Sequence[int]], n: int) -> list[tuple[int, ...]]:
    """Reject pinned groups that point outside the session or overlap."""
    seen: set[int] = set()
    checked = []
    for group in groups:
        members = tuple(sorted({int(i) for i in group}))
        if not members:
            continue
        if members[0] < 0 or members[-1] >= n:
            raise ValueError(f"fixed group {list(group)} refers to ideas outside 0..{n - 1}")
        if seen.intersection(members):
            raise ValueError("an idea cannot be pinned to two fixed groups")
        seen.update(members)
        checked.append(members)
    return checked


def _vectors(
    texts: list[str], docs: list[Doc], backend: str, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return (vectors to cluster, vectors to compare for near-duplicates)."""
    if backend == "semantic":
        embedded = embed(texts)
        if len(texts) > 2:
            centred = embedded - embedded.mean(axis=0)
            if float(np.abs(centred).max()) > 1e-4:  # all-identical ideas cannot be centred
                return normalize(centred), embedded  # centring: +0.01-0.02 ARI, measured
        return embedded, embedded
    tfidf = tfidf_matrix(docs)
    vectors = lsa(tfidf, LSA_DIMS, seed) if tfidf.shape[0] > LSA_DIMS else tfidf.toarray()
    # Near-duplicates compare every key, even those seen once, so that a rare extra word
    # lowers the similarity of two otherwise identical ideas.
    return vectors, tfidf_matrix(docs, min_df=1, max_features=None)


def _themes(free: np.ndarray, labels: np.ndarray) -> list[list[int]]:
    """Turn theme numbers back into lists of idea indices."""
    if not free.size:
        return []
    return [sorted(free[labels == t].tolist()) for t in range(int(labels.max()) + 1)]


def _describe(
    docs: list[Doc], groups: list[list[int]], others: list[int], analyzer: Analyzer
) -> list[Cluster]:
    """Label each group with distinct phrases and a stage; biggest themes first, Other last."""
    context = SessionContext(docs)
    lexicon = keyed_lexicon(analyzer, None)
    ordered = sorted((g for g in groups if g), key=lambda g: (-len(g), g[0]))
    used: set[str] = set()
    clusters = []
    for members in ordered:
        phrases = rank_phrases([docs[i] for i in members], context, LABEL_PHRASES + 3)
        label = next((p for p in phrases if p not in used), None)
        label = label or (f"{phrases[0]} ({len(used) + 1})" if phrases else UNTITLED_LABEL)
        used.add(label)
        stage = stage_for_docs([docs[i] for i in members], lexicon)
        keywords = tuple(phrases[:LABEL_PHRASES])
        clusters.append(Cluster(label, keywords, stage, tuple(members)))
    if others:
        keywords = tuple(rank_phrases([docs[i] for i in others], context, LABEL_PHRASES))
        clusters.append(Cluster(OTHER_LABEL, keywords, "other", tuple(others), is_other=True))
    return clusters


def extract_keywords(
    text_or_texts: str | Sequence[str],
    *,
    context: Sequence[str] | None = None,
    language: str = "english",
    synonyms: Mapping[str, str] | None = None,
    top_n: int = 5,
) -> list[str]:
    """Return the key phrases of one idea or of a group, weighed against the session."""
    group = [text_or_texts] if isinstance(text_or_texts, str) else list(text_or_texts)
    session = list(context) if context is not None else group
    analyzer = Analyzer(language, synonyms)
    docs = analyzer.analyse(session + group)
    return rank_phrases(docs[len(session) :], SessionContext(docs[: len(session)]), top_n)


def protocol_stage_for(
    texts: Sequence[str],
    language: str = "english",
    lexicon: Mapping[str, Sequence[str]] | None = None,
    synonyms: Mapping[str, str] | None = None,
) -> str:
    """Name the protocol stage a group of ideas mainly concerns ("other" when none fits)."""
    if isinstance(texts, str):
        texts = [texts]
    analyzer = Analyzer(language, synonyms)
    return stage_for_docs(analyzer.analyse(list(texts)), keyed_lexicon(analyzer, lexicon))
