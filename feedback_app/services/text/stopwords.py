"""Stop words per session language: NLTK's corpus when installed, else lists we can ship.

English ships here (the classic NLTK list, so both paths agree); other languages come from
the ``stop-words`` package when it is installed; as a last resort a language has none.
"""

from __future__ import annotations

import functools

from .nltk_data import corpus_stopwords

_ENGLISH_WORDS = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against
    between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more
    most other some such no nor not only own same so than too very s t can will just don
    should now d ll m o re ve y ain aren couldn didn doesn hadn hasn haven isn ma mightn
    mustn needn shan shouldn wasn weren won wouldn
"""
ENGLISH_STOPWORDS = frozenset(_ENGLISH_WORDS.split())

# Filler that staff writing repeats without meaning; kept apart so the list above stays NLTK's.
_FILLER_WORDS = """
    could would might must shall may also always every everyone etc really get gets got ensure
    without let another need needs please make
"""
# Words nearly every idea in this product contains: they may sit inside a phrase ("angry
# customers") but are never a feature or a phrase on their own.
_DOMAIN_WORDS = "customer customers client clients shopper shoppers people person"
ENGLISH_DOMAIN = frozenset(_DOMAIN_WORDS.split())
ENGLISH_FILLER = frozenset(_FILLER_WORDS.split())
# Words staff writing is full of that say nothing about a theme: they may sit inside a key
# phrase ("greet within 10 seconds", "sorry for the wait") but never start or end one, and
# are never a label alone. Labels only: features and clustering do not see this list.
_GENERIC_WORDS = """
    someone somebody something anyone anybody anything everybody everything nobody nothing
    keep keeps kept instead even long longer say says said tell tells told give gives gave
    given make makes made get go goes going went take takes took put puts let lets need want
    wants every always never time times way ways thing things lot lots really just also still
    first sure actually use uses used using come comes came see sees saw know knows look
    looks think thinks try start starts stop stops set good great better best well right able
    whole full bit new old yet within per via etc eg e g us average staff team back
    once twice often usually sometimes ever roughly rather much many less
    add adds added work works worked else later soon sooner
    today yesterday tomorrow seconds second minutes minute hours hour days day weeks week
    months month year years one two three four five six seven eight nine ten twenty thirty
    fifty hundred
"""
# Number words read like digits inside a phrase ("within ten seconds"), and are keyed as
# digits, so "ten" and "10" are the same word to near-duplicates.
_NUMBER_WORDS = """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty
"""
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
NUMBER_VALUES = {word: value for value, word in enumerate(_NUMBER_WORDS.split())} | _TENS
NUMBER_VALUES |= {"ninety": 90, "hundred": 100, "thousand": 1000}
NUMBER_WORDS = frozenset(NUMBER_VALUES)
# Generic words that may still end a phrase after a number or a specific word ("within 10
# seconds", "handling time").
_UNIT_WORDS = """
    seconds second minutes minute hours hour days day weeks week months month time times
"""
ENGLISH_GENERIC = frozenset(_GENERIC_WORDS.split())
UNIT_WORDS = frozenset(_UNIT_WORDS.split())


@functools.lru_cache(maxsize=32)
def _package_stopwords(language: str) -> frozenset[str]:
    """Read the optional ``stop-words`` package once per language."""
    try:
        from stop_words import StopWordError, get_stop_words
    except ImportError:
        return frozenset()
    try:
        return frozenset(word.lower() for word in get_stop_words(language))
    except StopWordError:
        return frozenset()


def stopwords_for(language: str) -> frozenset[str]:
    """Return the stop words used to split phrases and drop features in this language."""
    corpus = corpus_stopwords(language)
    if language == "english":
        return (corpus or ENGLISH_STOPWORDS) | ENGLISH_FILLER
    if corpus is not None:
        return corpus
    return _package_stopwords(language)


def domain_words_for(language: str) -> frozenset[str]:
    """Return words too common in customer-service ideas to tell themes apart."""
    return ENGLISH_DOMAIN if language == "english" else frozenset()


def generic_words_for(language: str) -> frozenset[str]:
    """Return words that may sit inside a key phrase but never start, end or make a label."""
    return ENGLISH_GENERIC if language == "english" else frozenset()
