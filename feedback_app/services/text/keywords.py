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

from .tokens import UNIT, Doc, Segment, Term

MAX_CONTENT_WORDS = 3
MAX_PHRASE_WORDS = 5
# Function words allowed inside a phrase, as one or two words ("at the", "without").
_CONNECTOR_WORDS = "without with at the a an of for to in on from by after before about into"
CONNECTORS = frozenset(_CONNECTOR_WORDS.split())
# Particles that end a phrasal verb ("follow up", "call back") when they follow a content word;
# "in" and "through" only ever sit inside a phrase ("wait in the queue"), they are too often
# prepositions to end one.
_PARTICLE_WORDS = "up back out in off over down through"
PARTICLES = frozenset(_PARTICLE_WORDS.split())
ENDING_PARTICLES = PARTICLES - {"in", "through"}
# Objects that may sit between a verb and its particle ("walk them over", "ring them back").
_PRONOUN_WORDS = "them it us him her"
PRONOUNS = frozenset(_PRONOUN_WORDS.split())
_DETERMINER_WORDS = "a an the every each"
DETERMINERS = frozenset(_DETERMINER_WORDS.split())
MAX_CONNECTORS = 2
COLLOCATION_BONUS = 0.3
LENGTH_BONUS = (1.0, 1.3, 1.45)
LONE_PHRASE_PENALTY = 0.5
CUT_PENALTY = 0.3  # phrases that cut a run of words in two read as fragments
EARLY_WORDS = 4  # staff name the theme first: "Mystery shop each branch ..."
EARLY_BONUS = 0.25
EXPAND_SHARE = 3  # a longer label must be used by a third of the ideas using its word
MIN_GROUP_FOR_SHARED = 3  # in groups this big, keywords must be shared by two ideas
LR_THRESHOLD = 10.83  # chi-square, p < 0.001


Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One phrase as found in a segment."""

    key: Key  # stems, function words as written
    surface: str
    core: Key  # the stems that say what the phrase is about (no generic or domain words)
    cut: bool  # it splits a run of content words in two
    start: int  # index of its first word in the segment


def segment_phrases(segment: Segment) -> Iterable[Candidate]:
    """Yield each candidate phrase: it starts and ends on a specific word, or a particle."""
    for start, first in enumerate(segment):
        if first.stop or first.weak or first.generic or first.surface in PARTICLES:
            continue
        noun_start = start > 0 and segment[start - 1].surface in DETERMINERS
        content, connectors = 0, 0
        for end in range(start, min(len(segment), start + MAX_PHRASE_WORDS)):
            term = segment[end]
            if not (term.stop or (end > start and term.surface in PARTICLES)):
                content += 1
                if content > MAX_CONTENT_WORDS:
                    break
                connectors = 0
                if _can_end(segment, end):
                    yield _phrase(segment, start, end + 1)
                continue
            if noun_start and connectors == 0 and term.surface in DETERMINERS:
                break  # "(give the) team a script": a noun, then another object
            if _ends_phrasal_verb(segment, end, connectors):
                yield _phrase(segment, start, end + 1)
            if not _connects(segment, end) or connectors >= MAX_CONNECTORS:
                break
            connectors += 1


def _can_end(segment: Segment, end: int) -> bool:
    """End on a specific word, a domain word after one ("angry customers"), or a unit after
    a number or a specific word ("10 seconds", "handling time")."""
    term = segment[end]
    if not (term.generic or term.weak):
        return True
    if end == 0 or (term.generic and term.generic != UNIT):
        return False
    before = segment[end - 1]
    specific = not (before.stop or before.generic or before.weak)
    return specific or (term.generic == UNIT and before.number)


def _ends_phrasal_verb(segment: Segment, end: int, connectors: int) -> bool:
    """A particle ends a phrase after a word or a word and its object ("walk them over"),
    unless a preposition follows it ("refunds up to £50")."""
    if segment[end].surface not in ENDING_PARTICLES:
        return False
    if end + 1 < len(segment) and segment[end + 1].surface == "to":
        return False
    return connectors == 0 or (connectors == 1 and segment[end - 1].surface in PRONOUNS)


def _connects(segment: Segment, at: int) -> bool:
    """Say whether a function word or number may sit inside a phrase; an object pronoun
    only between a verb and its particle."""
    term = segment[at]
    if term.surface in PRONOUNS:
        return at + 1 < len(segment) and segment[at + 1].surface in PARTICLES
    return term.number or term.surface in CONNECTORS or term.surface in PARTICLES


def _specific(term: Term) -> bool:
    """Say whether a word carries meaning of its own (a phrase should not split it off)."""
    return not (term.stop or term.generic)


def _phrase(segment: Segment, start: int, end: int) -> Candidate:
    """Key a window by stems (function words kept as written) and keep its surface."""
    window = segment[start:end]
    key = tuple(t.key if not t.stop else t.surface for t in window)
    core = tuple(
        t.key
        for i, t in enumerate(window)
        if not (t.stop or t.weak or t.generic) or (t.generic == UNIT and window[i - 1].number)
    )
    cut = (start > 0 and _specific(segment[start - 1])) or (
        end < len(segment) and _specific(segment[end])
    )
    return Candidate(key, " ".join(t.surface for t in window), core, cut, start)


@dataclass
class PhraseStats:
    """Counts of a group's phrases: in how many ideas, how each was written, and where."""

    df: Counter[Key] = field(default_factory=Counter)
    surfaces: dict[Key, Counter[str]] = field(default_factory=dict)
    cuts: Counter[Key] = field(default_factory=Counter)
    early: Counter[Key] = field(default_factory=Counter)
    cores: dict[Key, Key] = field(default_factory=dict)

    def add(self, doc: Doc) -> None:
        """Count each phrase once per idea, every way it was written, and early uses."""
        seen: set[Key] = set()
        offset = 0
        for segment in doc:
            for found in segment_phrases(segment):
                self.surfaces.setdefault(found.key, Counter())[found.surface] += 1
                self.cuts[found.key] += found.cut
                self.early[found.key] += offset + found.start < EARLY_WORDS
                self.cores[found.key] = found.core
                seen.add(found.key)
            offset += len(segment)
        self.df.update(seen)

    def surface(self, key: Key) -> str:
        """Pick the most frequent way the group wrote a phrase (first seen on ties)."""
        return self.surfaces[key].most_common(1)[0][0]

    def uses(self, key: Key) -> int:
        """Count every occurrence of a phrase in the group."""
        return sum(self.surfaces[key].values())


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
    """Score phrases: share of ideas using it x mean IDF x length, collocation, place."""
    scores = {}
    for key, df in stats.df.items():
        words = stats.cores[key]
        if not words:
            continue
        bonus = LENGTH_BONUS[min(len(words), len(LENGTH_BONUS)) - 1]
        if any(pair in context.collocations for pair in zip(words, words[1:], strict=False)):
            bonus += COLLOCATION_BONUS
        if len(words) > 1 and df < 2 <= n_docs:
            bonus *= LONE_PHRASE_PENALTY
        bonus *= 1.0 - CUT_PENALTY * stats.cuts[key] / stats.uses(key)
        bonus *= 1.0 + EARLY_BONUS * stats.early[key] / stats.uses(key)
        mean_idf = sum(context.idf(w) for w in words) / len(words)
        scores[key] = df / n_docs * mean_idf * bonus
    return scores


def rank_phrases(docs: Sequence[Doc], context: SessionContext, top_n: int) -> list[str]:
    """Return a group's top phrases (label first): shared ones first, none inside a better one."""
    stats = PhraseStats()
    for doc in docs:
        stats.add(doc)
    scores = score_phrases(stats, context, max(1, len(docs)))
    ranked = sorted(scores, key=lambda k: (-min(stats.df[k], 2), -scores[k], -len(k), k))
    if not ranked:
        return []
    chosen = [_expand(ranked[0], stats, scores, len(docs))]
    min_df = 2 if len(docs) >= MIN_GROUP_FOR_SHARED else 1
    for key in ranked:
        if len(chosen) >= top_n:
            break
        if stats.df[key] < min_df:
            continue
        words = set(stats.cores[key])
        if any(words <= set(stats.cores[c]) for c in chosen):
            continue
        chosen.append(key)
    return [stats.surface(key) for key in chosen]


def _expand(top: Key, stats: PhraseStats, scores: dict[Key, float], n_docs: int) -> Key:
    """Grow a one-word top phrase into the longer phrase around it that most ideas share."""
    if len(stats.cores[top]) > 1:
        return top
    floor = max(1, math.ceil(stats.df[top] / EXPAND_SHARE))
    longer = [
        key
        for key in scores
        if len(key) > 1 and top[0] in stats.cores[key] and stats.df[key] >= floor
    ]
    if n_docs > 1:
        shared = {key[0] for key in stats.df if len(key) == 1 and stats.df[key] >= 2}
        longer = [k for k in longer if stats.df[k] > 1 or _reads_whole(stats, k, shared)]
    if not longer:
        return top
    return max(longer, key=lambda k: (stats.df[k], scores[k], -len(k), k))


def _reads_whole(stats: PhraseStats, key: Key, shared: set[str]) -> bool:
    """Say whether a one-idea phrase may name a group: not a fragment, and either where its
    idea names its subject (the first words) or made only of words the group shares."""
    if stats.cuts[key]:
        return False
    return bool(stats.early[key]) or all(word in shared for word in stats.cores[key])
