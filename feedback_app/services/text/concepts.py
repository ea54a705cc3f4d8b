"""Meanings beyond the words: lexicon groups and WordNet senses found in analysed ideas.

Both give each idea extra features that paraphrases share ("say hello" and "welcome" both
carry the greeting group; "queue" and "line" share a WordNet hypernym). They are weighted
below the words in the vectors (``vectors.py``) and also tell protocol areas apart.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

from .lexicon import DEFAULT_GROUPS, SynonymGroup, extended_groups
from .nltk_data import wordnet_corpus
from .tokens import Analyzer, Doc, Segment, phrase_keys

MAX_GROUP_WORDS = 4
# WordNet: the first senses of a word (WordNet orders them by frequency) and two levels of
# their hypernyms. More senses bring in rare meanings ("train" the vehicle, "coach" the bus).
# On the paraphrase set without the lexicon (mean ARI, 3 seeds, k=12 / auto): no WordNet
# 0.124 / 0.128; 1 sense, 1 level 0.147 / 0.149; 2 senses, 1 level 0.141 / 0.197; 2 senses,
# 2 levels 0.166 / 0.185; with derivational forms 0.148 / 0.169: all close, 2 levels kept.
WORDNET_SENSES = 2
# Hypernyms this close to the root say nothing ("act", "abstraction", "entity").
MIN_HYPERNYM_DEPTH = 4


class ConceptIndex:
    """Find lexicon groups in ideas, keyed exactly like the ideas' own words."""

    def __init__(self, analyzer: Analyzer, groups: Sequence[SynonymGroup] | None = DEFAULT_GROUPS):
        """Key every word of every group once per session."""
        self.groups = {group.name: group for group in groups or ()}
        self.keyed: dict[tuple[str, ...], str] = {}
        for group in groups or ():
            for entry in group.words:
                keys = _entry_keys(analyzer, entry)
                if keys and len(keys) <= MAX_GROUP_WORDS:
                    self.keyed.setdefault(keys, group.name)

    @classmethod
    def for_session(
        cls, analyzer: Analyzer, extra: Mapping[str, str] | None, *, enabled: bool = True
    ) -> ConceptIndex:
        """The shipped groups, extended by the admin's synonyms (or none at all if disabled)."""
        return cls(analyzer, extended_groups(extra) if enabled else ())

    def find(self, doc: Doc) -> list[str]:
        """Name the groups one idea mentions, once per mention, longest phrase first."""
        return [name for segment in doc for _start, _end, name in self.spans(segment)]

    def spans(self, segment: Segment) -> list[tuple[int, int, str]]:
        """Find group phrases in a segment: (first term, term after the last, group)."""
        if not self.keyed:
            return []
        keys: list[str] = []
        owner: list[int] = []  # the term each key belongs to (merged synonyms have several)
        for number, term in enumerate(segment):
            parts = term.key.split(" ")
            keys.extend(parts)
            owner.extend([number] * len(parts))
        found = []
        start = 0
        while start < len(keys):
            for size in range(min(MAX_GROUP_WORDS, len(keys) - start), 0, -1):
                name = self.keyed.get(tuple(keys[start : start + size]))
                if name is not None:
                    found.append((owner[start], owner[start + size - 1] + 1, name))
                    start += size
                    break
            else:
                start += 1
        return found

    def area(self, name: str) -> str | None:
        """The protocol step or service area a group signals, if any."""
        group = self.groups.get(name)
        return group.area if group else None


def _entry_keys(analyzer: Analyzer, entry: str) -> tuple[str, ...]:
    """Key an entry as ideas are keyed, merged synonym phrases included ("money back")."""
    keys = phrase_keys(analyzer, entry)
    merged = analyzer.synonyms.get(keys)
    return tuple(merged.split(" ")) if merged is not None else keys


def wordnet_senses(doc: Doc) -> list[str]:
    """List the WordNet senses and hypernyms of an idea's content words (empty without data)."""
    wordnet = wordnet_corpus()
    if wordnet is None:
        return []
    senses: list[str] = []
    for segment in doc:
        for term in segment:
            if not (term.stop or term.weak):
                for word in term.surface.split(" "):  # merged synonyms: "say hello"
                    senses.extend(_senses_of(wordnet, word))
    return senses


@functools.lru_cache(maxsize=20_000)
def _senses_of(wordnet, word: str) -> tuple[str, ...]:
    """Look a word up once per WordNet reader: its first senses and their hypernyms."""
    features: list[str] = []
    for synset in wordnet.synsets(word)[:WORDNET_SENSES]:
        features.append(synset.name())
        parents = _specific(synset.hypernyms())
        grandparents = _specific(g for parent in parents for g in parent.hypernyms())
        features.extend(s.name() for s in parents + grandparents)
    return tuple(dict.fromkeys(features))


def _specific(synsets) -> list:
    """Keep the hypernyms far enough from WordNet's root to say something."""
    return [s for s in synsets if s.min_depth() >= MIN_HYPERNYM_DEPTH]
