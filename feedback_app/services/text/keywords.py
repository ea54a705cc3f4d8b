"""Key phrases: RAKE-style candidates scored by group frequency, session IDF and collocations.

A phrase keeps the surface word order in which staff wrote it; short function words
("without", "at the") may sit inside a phrase only where the text has them that way.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from nltk.collocations import BigramCollocationFinder
from nltk.metrics import BigramAssocMeasures

from .tokens import Doc, Segment

MAX_CONTENT_WORDS = 3
# Function words allowed inside a phrase, as one or two words ("at the", "without").
_CONNECTOR_WORDS = "without with at the a an of for to in on from by after before about into"
CONNECTORS = frozenset(_CONNECTOR_WORDS.split())
# Particles that end a phrasal verb ("follow up", "call back") when they follow a content word.
_PARTICLE_WORDS = "up back out in off over down through"
PARTICLES = frozenset(_PARTICLE_WORDS.split())
MAX_CONNECTORS = 2
COLLOCATION_BONUS = 0.3
LENGTH_BONUS = (1.0, 1.3, 1.45)
LONE_PHRASE_PENALTY = 0.5
CUT_PENALTY = 0.3  # phrases that cut a run of words in two read as fragments
MIN_GROUP_FOR_SHARED = 3  # in groups this big, keywords must be shared by two ideas
LR_THRESHOLD = 10.83  # chi-square, p < 0.001


Key = tuple[str, ...]


def segment_phrases(segment: Segment) -> Iterable[tuple[Key, str, bool]]:
    """Yield (key, surface, cut) for each candidate phrase; cut = it splits a run of words."""
    n = len(segment)
    for start in range(n):
        if segment[start].stop or segment[start].weak:
            continue
        cut_left = start > 0 and not segment[start - 1].stop
        content, connectors, end = 0, 0, start
        while end < n and content < MAX_CONTENT_WORDS:
            term = segment[end]
            if term.stop:
                if connectors == 0 and term.surface in PARTICLES:
                    yield _phrase(segment, start, end + 1, cut_left)
                if term.surface not in CONNECTORS or connectors >= MAX_CONNECTORS:
                    break
                connectors += 1
            else:
                content += 1
                connectors = 0
                yield _phrase(segment, start, end + 1, cut_left)
            end += 1


def _phrase(segment: Segment, start: int, end: int, cut_left: bool) -> tuple[Key, str, bool]:
    """Key a window by stems (function words kept as written) and keep its surface."""
    window = segment[start:end]
    key = tuple(t.key if not t.stop else t.surface for t in window)
    cut = cut_left or (end < len(segment) and not segment[end].stop)
    return key, " ".join(t.surface for t in window), cut


@dataclass
class PhraseStats:
    """Counts of a group's phrases: in how many ideas, and how each was written."""

    df: Counter[Key] = field(default_factory=Counter)
    surfaces: dict[Key, Counter[str]] = field(default_factory=dict)
    cuts: Counter[Key] = field(default_factory=Counter)

    def add(self, doc: Doc) -> None:
        """Count each phrase once per idea, and every way it was written."""
        seen: set[Key] = set()
        for segment in doc:
            for key, surface, cut in segment_phrases(segment):
                self.surfaces.setdefault(key, Counter())[surface] += 1
                self.cuts[key] += cut
                seen.add(key)
        self.df.update(seen)

    def surface(self, key: Key) -> str:
        """Pick the most frequent way the group wrote a phrase (first seen on ties)."""
        return self.surfaces[key].most_common(1)[0][0]


def content_keys(key: Key) -> tuple[str, ...]:
    """Drop connector words and particles, leaving the stems that carry meaning."""
    return tuple(part for part in key if part not in CONNECTORS and part not in PARTICLES)


class SessionContext:
    """Session-wide statistics: word IDF and strong collocations."""

    def __init__(self, docs: Sequence[Doc]):
        """Count word document frequencies and collocations over the whole session."""
        self.n_docs = max(1, len(docs))
        self.word_df: Counter[str] = Counter()
        for doc in docs:
            self.word_df.update({t.key for seg in doc for t in seg if not t.stop})
        self.collocations = _collocations(docs)

    def idf(self, word: str) -> float:
        """Weight rare words up; words in every idea count little."""
        return math.log((1 + self.n_docs) / (1 + self.word_df.get(word, 0))) + 1.0


def _collocations(docs: Sequence[Doc]) -> frozenset[tuple[str, str]]:
    """Find content-word pairs that occur together more than chance (likelihood ratio)."""
    sequences = [[t.key for t in seg if not t.stop] for doc in docs for seg in doc]
    finder = BigramCollocationFinder.from_documents(sequences)
    finder.apply_freq_filter(2)
    scored = finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)
    return frozenset(pair for pair, score in scored if score >= LR_THRESHOLD)


def score_phrases(stats: PhraseStats, context: SessionContext, n_docs: int) -> dict[Key, float]:
    """Score phrases: share of ideas using it x mean IDF x length and collocation bonuses."""
    scores = {}
    for key, df in stats.df.items():
        words = content_keys(key)
        if not words:
            continue
        bonus = LENGTH_BONUS[len(words) - 1]
        if any(pair in context.collocations for pair in zip(words, words[1:], strict=False)):
            bonus += COLLOCATION_BONUS
        if len(words) > 1 and df < 2 <= n_docs:
            bonus *= LONE_PHRASE_PENALTY
        bonus *= 1.0 - CUT_PENALTY * stats.cuts[key] / sum(stats.surfaces[key].values())
        mean_idf = sum(context.idf(w) for w in words) / len(words)
        scores[key] = df / n_docs * mean_idf * bonus
    return scores


def rank_phrases(docs: Sequence[Doc], context: SessionContext, top_n: int) -> list[str]:
    """Return a group's top phrases (label first), skipping phrases a better one contains."""
    stats = PhraseStats()
    for doc in docs:
        stats.add(doc)
    scores = score_phrases(stats, context, max(1, len(docs)))
    ranked = sorted(scores, key=lambda k: (-scores[k], -len(k), k))
    if not ranked:
        return []
    chosen = [_expand(ranked[0], stats, scores, len(docs))]
    min_df = 2 if len(docs) >= MIN_GROUP_FOR_SHARED else 1
    for key in ranked:
        if len(chosen) >= top_n:
            break
        if stats.df[key] < min_df:
            continue
        words = set(content_keys(key))
        if any(words <= set(content_keys(c)) for c in chosen):
            continue
        chosen.append(key)
    return [stats.surface(key) for key in chosen]


def _expand(top: Key, stats: PhraseStats, scores: dict[Key, float], n_docs: int) -> Key:
    """Grow a one-word top phrase into the best longer phrase that many ideas share."""
    if len(content_keys(top)) > 1:
        return top
    floor = max(2, math.ceil(0.2 * stats.df[top])) if n_docs > 1 else 1
    longer = [key for key in scores if len(key) > 1 and top[0] in key and stats.df[key] >= floor]
    if not longer:
        return top
    return max(longer, key=lambda k: (stats.df[k], scores[k], -len(k), k))
