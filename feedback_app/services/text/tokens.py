"""Turn ideas into normalised terms: words with a surface form, a stemmed key and a stop flag.

An analysed idea is a list of segments (runs of words between punctuation, numbers and
sentence ends); key phrases never cross a segment boundary.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nltk.tokenize import RegexpTokenizer

from .languages import check_language, stemmer_for
from .nltk_data import sentence_splitter, wordnet_lemmatizer
from .normalize import clean_text, correct_word, session_compounds, session_corrections
from .stopwords import (
    NUMBER_VALUES,
    UNIT_WORDS,
    domain_words_for,
    generic_words_for,
    stopwords_for,
)
from .synonyms import merged_synonyms

_TOKENIZER = RegexpTokenizer(r"[^\W\d_]+|\d+(?:[.,:]\d+)*|[.,;:!?()\[\]\"/&+=*…–—-]+")
_WORD = re.compile(r"^[^\W\d_]+$")
_NUMBER = re.compile(r"^\d+$")
MAX_SYNONYM_WORDS = 3


@dataclass(frozen=True, slots=True)
class Term:
    """One word (or merged synonym phrase) as written and as compared."""

    surface: str
    key: str
    stop: bool
    weak: bool = False  # a domain word: allowed inside phrases, never a feature alone
    generic: int = 0  # labels only: GENERIC never starts or ends a phrase, UNIT may end one

    @property
    def number(self) -> bool:
        """Say whether this is a number, kept inside a phrase ("within 10 seconds")."""
        return self.key.isdigit()


GENERIC, UNIT = 1, 2


Segment = list[Term]
Doc = list[Segment]


class Analyzer:
    """Normalise a session's ideas with one language, one synonym map and shared caches."""

    def __init__(self, language: str = "english", synonyms: Mapping[str, str] | None = None):
        """Resolve language resources once per session, not once per idea."""
        self.language = check_language(language)
        self.stemmer = stemmer_for(self.language)
        self.stopwords = stopwords_for(self.language)
        self.lemmatizer = wordnet_lemmatizer() if self.language == "english" else None
        self.splitter = sentence_splitter(self.language)
        self._keys: dict[str, str] = {}
        self.weak_keys = frozenset(self.key(w) for w in domain_words_for(self.language))
        generic = generic_words_for(self.language)
        self.generic_keys = {self.key(w): UNIT if w in UNIT_WORDS else GENERIC for w in generic}
        self.synonyms = self._stem_synonyms(merged_synonyms(synonyms))

    def key(self, word: str) -> str:
        """Map a word to its comparison key: lemma (when WordNet exists), then stem."""
        cached = self._keys.get(word)
        if cached is None:
            cached = word if word in self.stopwords else self.stemmer.stem(self._lemma(word))
            self._keys[word] = cached
        return cached

    def _lemma(self, word: str) -> str:
        """Undo irregular forms ("paid", "children") that stemming alone leaves apart."""
        if self.lemmatizer is None:
            return word
        lemma = self.lemmatizer.lemmatize(word, "v")
        return lemma if lemma != word else self.lemmatizer.lemmatize(word, "n")

    def _stem_synonyms(self, synonyms: Mapping[str, str]) -> dict[tuple[str, ...], str]:
        """Key synonym phrases by their stems, so "queues" matches "queue"."""
        stemmed = {}
        for source, target in synonyms.items():
            source_keys = tuple(self.key(w) for w in _words(clean_text(source, self.language)))
            target_keys = [self.key(w) for w in _words(clean_text(target, self.language))]
            if source_keys and target_keys and len(source_keys) <= MAX_SYNONYM_WORDS:
                stemmed[source_keys] = " ".join(target_keys)
        return stemmed

    def tokenize(self, text: str) -> list[list[str]]:
        """Split one idea into segments of lower-case words."""
        cleaned = clean_text(text, self.language)
        sentences = self.splitter(cleaned) if self.splitter else [cleaned]
        segments: list[list[str]] = []
        for sentence in sentences:
            current: list[str] = []
            for token in _TOKENIZER.tokenize(sentence):
                if _WORD.match(token):
                    corrected = correct_word(token, self.language)
                    current.extend([token] if " " not in corrected else corrected.split())
                elif _NUMBER.match(token) and current:
                    current.append(token)  # a stop term: only ever inside a phrase
                elif current:
                    segments.append(current)
                    current = []
            if current:
                segments.append(current)
        return segments

    def analyse(self, texts: Sequence[str]) -> list[Doc]:
        """Analyse a whole session at once, so typos and compounds are fixed against its own
        vocabulary."""
        tokenized = [self.tokenize(text) for text in texts]
        counts = Counter(word for doc in tokenized for seg in doc for word in seg)
        if self.language == "english":
            bigrams = Counter(
                pair for doc in tokenized for seg in doc for pair in zip(seg, seg[1:], strict=False)
            )
            splits = session_compounds(counts, bigrams)
            tokenized = [[_split(seg, splits) for seg in doc] for doc in tokenized]
            fixes = session_corrections(counts)
        else:
            fixes = {}
        return [[self._terms(seg, fixes) for seg in doc] for doc in tokenized]

    def _terms(self, words: list[str], fixes: Mapping[str, str]) -> Segment:
        """Build a segment's terms (spelling fixed in keys only), merging synonym phrases and
        number words ("twenty four" is keyed 24)."""
        keys = [self.key(correct_word(fixes.get(w, w), self.language)) for w in words]
        keys = [
            str(NUMBER_VALUES[w]) if w in NUMBER_VALUES else k
            for w, k in zip(words, keys, strict=True)
        ]
        terms: Segment = []
        i = 0
        while i < len(words):
            size, value = _number_at(words, i)
            if size:
                terms.append(Term(" ".join(words[i : i + size]), str(value), True))
                i += size
                continue
            for size in range(min(MAX_SYNONYM_WORDS, len(words) - i), 0, -1):
                target = self.synonyms.get(tuple(keys[i : i + size]))
                if target is not None:
                    surface, generic = (
                        " ".join(words[i : i + size]),
                        self.generic_keys.get(target, 0),
                    )
                    terms.append(Term(surface, target, False, generic=generic))
                    i += size
                    break
            else:
                terms.append(self._term(words[i], keys[i]))
                i += 1
        return terms

    def _term(self, word: str, key: str) -> Term:
        """Flag one word: stop word or number, domain word, generic word."""
        stop = key in self.stopwords or word.isdigit()
        return Term(word, key, stop, key in self.weak_keys, self.generic_keys.get(key, 0))


def _split(words: list[str], splits: Mapping[str, str]) -> list[str]:
    """Write a session's joined compounds as two words ("callback" -> "call back")."""
    if not splits:
        return words
    return [part for word in words for part in splits.get(word, word).split(" ")]


def _number_at(words: list[str], start: int) -> tuple[int, int]:
    """Read number words from ``start`` ("twenty four", "two hundred"): (words used, value)."""
    total, current, used = 0, 0, 0
    for word in words[start:]:
        value = NUMBER_VALUES.get(word)
        if value is None:
            break
        if value >= 100:
            current = max(current, 1) * value
            if value >= 1000:
                total, current = total + current, 0
        elif (current % 100 >= 20 and value < 10) or current % 100 == 0:
            current += value
        else:
            break  # "five six" is two numbers, not one
        used += 1
    return used, total + current


def _words(text: str) -> list[str]:
    """Return the plain words of a short phrase (synonym entries, lexicon entries)."""
    return [token for token in _TOKENIZER.tokenize(text) if _WORD.match(token)]


def phrase_keys(analyzer: Analyzer, phrase: str) -> tuple[str, ...]:
    """Key a lexicon or synonym phrase exactly as ideas are keyed."""
    return tuple(analyzer.key(word) for word in _words(clean_text(phrase, analyzer.language)))
