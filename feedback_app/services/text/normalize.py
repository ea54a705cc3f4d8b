"""Clean staff writing before tokenising: case, apostrophes, contractions and common typos."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

_CONTRACTIONS = (
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcannot\b"), "can not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"\bain't\b"), "is not"),
    (re.compile(r"\blet's\b"), "let us"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'s\b"), ""),
)

# Deliberately small: misspellings that staff notes really contain, checked by hand.
COMMON_TYPOS: dict[str, str] = {
    "recieve": "receive",
    "recieved": "received",
    "reciept": "receipt",
    "reciepts": "receipts",
    "receit": "receipt",
    "custmer": "customer",
    "customr": "customer",
    "costumer": "customer",
    "costumers": "customers",
    "cusomer": "customer",
    "sevice": "service",
    "servise": "service",
    "thier": "their",
    "becuase": "because",
    "definately": "definitely",
    "accomodate": "accommodate",
    "untill": "until",
    "adress": "address",
    "apologise": "apologize",
    "apologised": "apologized",
    "apologising": "apologizing",
    "recognise": "recognize",
    "emphatise": "empathize",
    "empathise": "empathize",
    "sympathise": "sympathize",
    "realise": "realize",
    "prioritise": "prioritize",
    "personalise": "personalize",
    "tommorow": "tomorrow",
    "tomorow": "tomorrow",
    "acknowlege": "acknowledge",
    "greeet": "greet",
    "followup": "follow up",
    "wont": "will not",
    "dont": "do not",
    "cant": "can not",
    "didnt": "did not",
    "doesnt": "does not",
    "isnt": "is not",
}

# Compounds staff write as one word, two words or hyphenated: keyed as two words, like the
# hyphenated form ("call-back" is split at the hyphen). Words written joined and apart in one
# session are also split by ``session_compounds``.
COMPOUNDS: dict[str, str] = {
    "callback": "call back",
    "callbacks": "call backs",
    "checkin": "check in",
    "login": "log in",
    "signup": "sign up",
    "walkin": "walk in",
    "handover": "hand over",
    "carpark": "car park",
}

_CURRENCY = (
    (re.compile(r"£\s?(\d+(?:[.,]\d+)*)"), r"\1 pounds"),
    (re.compile(r"\$\s?(\d+(?:[.,]\d+)*)"), r"\1 dollars"),
    (re.compile(r"€\s?(\d+(?:[.,]\d+)*)"), r"\1 euros"),
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_HYPHEN_IN_WORD = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
_JOINED_WORDS = re.compile(r"\b(e-mail|check-out|log-in|sign-in)")


def clean_text(text: str, language: str = "english") -> str:
    """Fold case and Unicode variants so the same word always looks the same."""
    text = unicodedata.normalize("NFKC", text or "").translate(_APOSTROPHES).lower()
    if language == "english":
        for pattern, replacement in _CONTRACTIONS:
            text = pattern.sub(replacement, text)
        text = _JOINED_WORDS.sub(lambda match: match.group(1).replace("-", ""), text)
        for pattern, replacement in _CURRENCY:
            text = pattern.sub(replacement, text)
    return _HYPHEN_IN_WORD.sub(" ", text)


def correct_word(word: str, language: str = "english") -> str:
    """Fix a known misspelling or split a known compound; other words pass unchanged."""
    if language != "english":
        return word
    return COMMON_TYPOS.get(word) or COMPOUNDS.get(word, word)


def _edits1(word: str) -> Iterable[str]:
    """Yield every string one deletion, swap, replacement or insertion away."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for left, right in splits:
        if right:
            yield left + right[1:]
        if len(right) > 1:
            yield left + right[1] + right[0] + right[2:]
        for char in letters:
            if right:
                yield left + char + right[1:]
            yield left + char + right


def session_corrections(
    counts: Counter[str], *, min_length: int = 5, rare: int = 1, ratio: int = 5
) -> dict[str, str]:
    """Map rare words to a frequent word one edit away in the same session's vocabulary.

    Only words seen ``rare`` times or fewer, of ``min_length`` letters or more, are mapped,
    and only to a word seen at least ``ratio`` times as often: "recieve" next to many
    "receive" is a typo; "card" next to "cart" is not touched.
    """
    corrections: dict[str, str] = {}
    for word, count in counts.items():
        if count > rare or len(word) < min_length or not word.isalpha():
            continue
        best, best_count = None, count * ratio - 1
        for candidate in set(_edits1(word)):
            candidate_count = counts.get(candidate, 0)
            if candidate_count > best_count or (
                candidate_count == best_count and best is not None and candidate < best
            ):
                best, best_count = candidate, candidate_count
        if best is not None:
            corrections[word] = best
    return corrections


def session_compounds(
    words: Counter[str], bigrams: Counter[tuple[str, str]], *, min_part: int = 2
) -> dict[str, str]:
    """Split words that the same session also writes as two words ("callback", "call back").

    Only a split into two parts the session really wrote next to each other counts, so
    "together" stays whole unless someone wrote "to gether".
    """
    splits: dict[str, str] = {}
    for word in words:
        if len(word) < 2 * min_part + 1 or not word.isalpha():
            continue
        for cut in range(min_part, len(word) - min_part + 1):
            if bigrams.get((word[:cut], word[cut:])):
                splits[word] = f"{word[:cut]} {word[cut:]}"
                break
    return splits
