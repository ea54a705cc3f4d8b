"""Session languages: which Snowball stemmer and which stop words a session uses."""

from __future__ import annotations

import functools

from nltk.stem.snowball import SnowballStemmer

SUPPORTED_LANGUAGES: tuple[str, ...] = tuple(
    lang for lang in SnowballStemmer.languages if lang != "porter"
)


def check_language(language: str) -> str:
    """Fail early with a clear message instead of deep inside NLTK."""
    lang = (language or "").strip().lower()
    if lang not in SUPPORTED_LANGUAGES:
        supported = ", ".join(SUPPORTED_LANGUAGES)
        raise ValueError(f"Unsupported language {language!r}; choose one of: {supported}")
    return lang


@functools.lru_cache(maxsize=len(SUPPORTED_LANGUAGES))
def stemmer_for(language: str) -> SnowballStemmer:
    """Share one stemmer per language; building one reloads its rules."""
    return SnowballStemmer(check_language(language))
