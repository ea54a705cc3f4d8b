"""Optional nltk_data pieces: find them on NLTK's normal search path, never download them.

Detection is cached per search path (``nltk.data.path`` plus ``NLTK_DATA``), so pointing
NLTK somewhere else is picked up at once; ``reset_nltk_data_cache`` clears everything.
"""

from __future__ import annotations

import functools
import os
import warnings

import nltk

_RESOURCES = {
    "wordnet": ("corpora/wordnet", "corpora/wordnet.zip"),
    "punkt": ("tokenizers/punkt_tab", "tokenizers/punkt"),
    "stopwords": ("corpora/stopwords", "corpora/stopwords.zip"),
}


def _search_key() -> tuple[str, ...]:
    """Key caches by where NLTK would look, so a changed path is never served stale."""
    return (os.environ.get("NLTK_DATA", ""), *map(str, nltk.data.path))


@functools.lru_cache(maxsize=8)
def _status_for(_key: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """Look each resource up once per search path; lookups hit the disk."""
    found = []
    for name, candidates in _RESOURCES.items():
        found.append((name, any(_exists(path) for path in candidates)))
    return tuple(found)


def _exists(resource: str) -> bool:
    """Ask NLTK itself, so its own path rules (env var, zip files) apply."""
    try:
        nltk.data.find(resource)
    except LookupError:
        return False
    return True


def nltk_data_status() -> dict[str, bool]:
    """Report which optional nltk_data pieces this process can use."""
    return dict(_status_for(_search_key()))


class ReaderLemmatizer:
    """NLTK's WordNet lemmatiser (shortest lemma of ``_morphy``) over our own reader, so that
    lemmas, synonyms and hypernyms share one loaded WordNet."""

    def __init__(self, reader):
        """Lemmatise with this WordNet reader."""
        self.reader = reader

    def lemmatize(self, word: str, pos: str = "n") -> str:
        """Return the shortest WordNet lemma of a word, or the word when WordNet has none."""
        lemmas = self.reader._morphy(word, pos)
        return min(lemmas, key=len) if lemmas else word


def wordnet_lemmatizer():
    """Return a working WordNet lemmatiser, or None when WordNet is not installed."""
    reader = wordnet_corpus()
    return None if reader is None else ReaderLemmatizer(reader)


@functools.lru_cache(maxsize=8)
def _wordnet_for(_key: tuple[str, ...]):
    """Open a WordNet corpus reader once per search path; it takes about a second. (Not
    NLTK's global lazy one, which stays bound to the first folder it loaded.)"""
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    try:
        with warnings.catch_warnings():  # no Open Multilingual WordNet: English is all we use
            warnings.filterwarnings("ignore", message="The multilingual functions")
            return WordNetCorpusReader(nltk.data.find("corpora/wordnet"), None)
    except (LookupError, OSError):
        return None


def wordnet_corpus():
    """Return NLTK's WordNet reader (synonyms, hypernyms), or None when it is not installed."""
    if not nltk_data_status()["wordnet"]:
        return None
    return _wordnet_for(_search_key())


@functools.lru_cache(maxsize=32)
def _corpus_stopwords(_key: tuple[str, ...], language: str) -> frozenset[str] | None:
    """Read the stopwords corpus once per language and search path."""
    from nltk.corpus.reader import WordListCorpusReader

    try:
        root = nltk.data.find("corpora/stopwords")
        reader = WordListCorpusReader(root, r"(?!README|\.).*")
        if language not in reader.fileids():
            return None
        return frozenset(word.lower() for word in reader.words(language))
    except (LookupError, OSError):
        return None


def corpus_stopwords(language: str) -> frozenset[str] | None:
    """Return NLTK's stop-word list for a language when its corpus is installed."""
    if not nltk_data_status()["stopwords"]:
        return None
    return _corpus_stopwords(_search_key(), language)


def sentence_splitter(language: str):
    """Return punkt's sentence splitter when installed, else None (callers use a regex)."""
    if not nltk_data_status()["punkt"]:
        return None
    try:
        from nltk.tokenize import sent_tokenize

        sent_tokenize("Probe. Probe.", language=language)
    except (LookupError, OSError):
        return None
    return functools.partial(sent_tokenize, language=language)


def reset_nltk_data_cache() -> None:
    """Forget every detection result, e.g. after installing nltk_data or in tests."""
    _status_for.cache_clear()
    _wordnet_for.cache_clear()
    from .concepts import _senses_of  # the one cache that holds a WordNet reader

    _senses_of.cache_clear()
    _corpus_stopwords.cache_clear()
