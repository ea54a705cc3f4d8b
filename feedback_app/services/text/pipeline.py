"""The public pipeline: cluster a session's ideas into labelled, protocol-tagged themes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.preprocessing import normalize

from .concepts import ConceptIndex, wordnet_senses
from .grouping import K_MAX, OTHER, cluster_vectors, near_duplicates
from .keywords import SessionContext, rank_phrases
from .labels import LabelMaker
from .protocol import keyed_lexicon, stage_for_docs
from .results import Cluster, ClusteringResult, GroupDescription
from .semantic import embed, require_semantic, semantic_available
from .tokens import Analyzer, Doc
from .vectors import duplicates_matrix, feature_matrix, lsa

BACKENDS = ("nltk", "semantic")
LSA_DIMS = 100
DUPLICATE_SIMILARITY = {"nltk": 0.8, "semantic": 0.9}
LABEL_PHRASES = 5
OTHER_LABEL = "Other"
# Weights of the extra feature blocks against the words' own (rows of each block are unit
# length). Mean ARI over seeds 0-3, lexicon weight 0 / 0.4 / 0.5 / 0.6: BANKING77 k=77
# 0.358 / 0.358 / 0.350 / 0.343; paraphrase set k=12 0.124 / 0.573 / 0.585 / 0.590. 0.4 helps
# paraphrases most without costing BANKING77 anything. WordNet (when installed), with the
# lexicon at 0.4, paraphrase set k=12 / auto, 3 seeds: weight 0.3 0.527 / 0.439, 0.5
# 0.555 / 0.479, 0.8 0.535 / 0.419; BANKING77 k=77 at 0.5: 0.353.
LEXICON_WEIGHT = 0.4
WORDNET_WEIGHT = 0.5


@dataclass
class AnalysedSession:
    """A session's ideas analysed once: terms, lexicon groups, stage lexicon, statistics."""

    texts: list[str]
    analyzer: Analyzer
    docs: list[Doc]
    concepts: ConceptIndex
    found: list[list[str]]  # lexicon groups mentioned by each idea
    stages: dict[tuple[str, ...], str]
    context: SessionContext

    @classmethod
    def of(
        cls,
        texts: Sequence[str],
        *,
        language: str = "english",
        synonyms: Mapping[str, str] | None = None,
        lexicon: bool = True,
        protocol_lexicon: Mapping[str, Sequence[str]] | None = None,
    ) -> AnalysedSession:
        """Analyse every idea of the session with one analyser and one lexicon."""
        texts = list(texts)
        analyzer = Analyzer(language, synonyms)
        docs = analyzer.analyse(texts)
        concepts = ConceptIndex.for_session(analyzer, synonyms, enabled=lexicon)
        found = [concepts.find(doc) for doc in docs]
        stages = keyed_lexicon(analyzer, protocol_lexicon)
        return cls(texts, analyzer, docs, concepts, found, stages, SessionContext(docs))

    def features(self) -> np.ndarray:
        """TF-IDF of words, lexicon groups and WordNet senses, weighted, rows unit length."""
        extras = [(self.found, LEXICON_WEIGHT)]
        senses = [wordnet_senses(doc) for doc in self.docs]
        if any(senses):
            extras.append((senses, WORDNET_WEIGHT))
        return feature_matrix(self.docs, extras)

    def label_maker(self) -> LabelMaker:
        """A label maker for this session's themes (labels stay distinct between its calls)."""
        return LabelMaker.for_session(
            self.context, self.concepts, self.found, self.texts, self.analyzer.language
        )

    def stage(self, members: Sequence[int]) -> str:
        """The protocol step or area a group of ideas mainly concerns."""
        areas = [[self.concepts.area(name) for name in self.found[i]] for i in members]
        return stage_for_docs([self.docs[i] for i in members], self.stages, areas)

    def keywords(self, members: Sequence[int], label: str = "") -> tuple[str, ...]:
        """A group's key phrases, best first, leaving out the label itself."""
        phrases = rank_phrases([self.docs[i] for i in members], self.context, LABEL_PHRASES + 1)
        return tuple(p for p in phrases if p != label.lower())[:LABEL_PHRASES]


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
    lexicon: bool = True,
    protocol_lexicon: Mapping[str, Sequence[str]] | None = None,
    taken_labels: Sequence[str] = (),
) -> ClusteringResult:
    """Group ideas into themes; k counts all themes, including the facilitator's fixed groups.

    No new label repeats one of ``taken_labels`` (names the facilitator gave pinned themes).
    ``lexicon=False`` leaves the customer-service lexicon out of the features (benchmarks).
    """
    if backend not in BACKENDS:
        raise ValueError(f"Unknown backend {backend!r}; choose one of {BACKENDS}")
    if backend == "semantic":
        require_semantic()
    if k is not None and not 1 <= k <= K_MAX:
        raise ValueError(f"k must be a number of themes from 1 to {K_MAX}, or None to choose it")
    session = AnalysedSession.of(
        texts,
        language=language,
        synonyms=synonyms,
        lexicon=lexicon,
        protocol_lexicon=protocol_lexicon,
    )
    fixed = _check_fixed_groups(fixed_groups, len(session.texts))
    vectors, embedded = _vectors(session, backend, seed)
    pinned = {i for group in fixed for i in group}
    free = np.array([i for i in range(len(session.texts)) if i not in pinned], dtype=int)
    free_k = None if k is None else max(1, k - len(fixed))
    labels = cluster_vectors(vectors[free], free_k, seed) if free.size else np.array([], int)
    groups = [list(group) for group in fixed] + _themes(free, labels)
    others = sorted(free[labels == OTHER].tolist()) if free.size else []
    clusters = _describe(session, vectors, groups, others, taken_labels)
    pairs = _near_duplicates(session, embedded)
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
    session: AnalysedSession, backend: str, seed: int
) -> tuple[np.ndarray, np.ndarray | None]:
    """Return the vectors to cluster (rows unit length or zero), and the sentence embeddings
    when the semantic backend made them."""
    if backend == "semantic":
        embedded = embed(session.texts)
        if len(session.texts) > 2:
            centred = embedded - embedded.mean(axis=0)
            if float(np.abs(centred).max()) > 1e-4:  # all-identical ideas cannot be centred
                return normalize(centred), embedded  # centring: +0.01-0.02 ARI, measured
        return embedded, embedded
    matrix = session.features()
    vectors = lsa(matrix, LSA_DIMS, seed) if matrix.shape[0] > LSA_DIMS else matrix.toarray()
    return vectors, None


def _near_duplicates(
    session: AnalysedSession, embedded: np.ndarray | None
) -> list[tuple[int, int, float]]:
    """Pairs worded alike once spelling variants are undone ("call-back", "callback", "call
    back"; "ten", "10"); with the semantic backend, also pairs whose meanings nearly match."""
    pairs = near_duplicates(duplicates_matrix(session.docs), DUPLICATE_SIMILARITY["nltk"])
    if embedded is not None:
        found = {(i, j): s for i, j, s in pairs}
        for i, j, similarity in near_duplicates(embedded, DUPLICATE_SIMILARITY["semantic"]):
            found[(i, j)] = max(similarity, found.get((i, j), 0.0))
        pairs = sorted(
            ((i, j, s) for (i, j), s in found.items()), key=lambda p: (-p[2], p[0], p[1])
        )
    return pairs


def _themes(free: np.ndarray, labels: np.ndarray) -> list[list[int]]:
    """Turn theme numbers back into lists of idea indices."""
    if not free.size:
        return []
    return [sorted(free[labels == t].tolist()) for t in range(int(labels.max()) + 1)]


def representative(vectors, members: Sequence[int]) -> int | None:
    """The member closest (cosine) to the group's centre: the idea that best sums it up."""
    if not members:
        return None
    rows = vectors[list(members)]
    rows = rows.toarray() if hasattr(rows, "toarray") else np.asarray(rows)
    centre = rows.sum(axis=0)
    if not np.any(centre):
        return members[0]
    scores = rows @ centre
    return members[int(np.argmax(scores))]  # ties: the first idea


def _describe(
    session: AnalysedSession,
    vectors: np.ndarray,
    groups: list[list[int]],
    others: list[int],
    taken_labels: Sequence[str] = (),
) -> list[Cluster]:
    """Label each group with distinct phrases and a stage; biggest themes first, Other last."""
    maker = session.label_maker()
    maker.used.update(label.lower() for label in taken_labels)
    ordered = sorted((g for g in groups if g), key=lambda g: (-len(g), g[0]))
    clusters = []
    for members in ordered:
        label = maker.label([session.docs[i] for i in members])
        clusters.append(
            Cluster(
                label,
                session.keywords(members, label),
                session.stage(members),
                tuple(members),
                representative=representative(vectors, members),
            )
        )
    if others:
        clusters.append(
            Cluster(
                OTHER_LABEL,
                session.keywords(others),
                "other",
                tuple(others),
                is_other=True,
                representative=representative(vectors, others),
            )
        )
    return clusters


def describe_group(
    texts: Sequence[str],
    members: Sequence[int],
    *,
    language: str = "english",
    synonyms: Mapping[str, str] | None = None,
    protocol_lexicon: Mapping[str, Sequence[str]] | None = None,
    taken_labels: Sequence[str] = (),
) -> GroupDescription:
    """Describe some of a session's ideas as a theme, e.g. after the facilitator moved one.

    ``texts`` are all the session's ideas (the statistics come from them); the label is
    never one of ``taken_labels`` (the session's other themes).
    """
    members = sorted(set(members))
    session = AnalysedSession.of(
        texts, language=language, synonyms=synonyms, protocol_lexicon=protocol_lexicon
    )
    maker = session.label_maker()
    maker.used.update(label.lower() for label in taken_labels)
    label = maker.label([session.docs[i] for i in members])
    return GroupDescription(
        label,
        session.keywords(members, label),
        session.stage(members),
        representative(session.features(), members),
    )


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
    """Name the protocol step or area a group of ideas mainly concerns ("other" if none)."""
    if isinstance(texts, str):
        texts = [texts]
    session = AnalysedSession.of(
        texts, language=language, synonyms=synonyms, protocol_lexicon=lexicon
    )
    return session.stage(range(len(session.texts)))
