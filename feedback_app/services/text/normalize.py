"""Clean staff writing before tokenising: case, apostrophes, contractions and common typos."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

_CONTRACTIONS = (
    (re.compile(r"\bwon't\b"), "will not"),
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
    return _HYPHEN_IN_WORD.sub(" ", text)


def correct_word(word: str, language: str = "english") -> str:
    """Fix a known misspelling; other words pass unchanged."""
    if language != "english":
        return word
    return COMMON_TYPOS.get(word, word)


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
