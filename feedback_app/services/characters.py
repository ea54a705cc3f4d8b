"""Character rules for text people type: what can be stored, and what counts as visible."""

import unicodedata

from feedback_app import messages

# Zero-width and other format characters render as nothing: an idea made only of them is empty.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
# Direction overrides can make text read differently on screen from what was typed.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# A spreadsheet reads a cell starting with one of these as a formula: exports put a quote
# before such text, and imports take that quote off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def unstorable_problem(value: str) -> str | None:
    """Say why a string cannot be stored (NUL, unpaired surrogate), or None if it can.

    PostgreSQL refuses NUL in text and no database stores a lone UTF-16 surrogate, so both are
    refused at the door with a message instead of failing deep in the driver.
    """
    if "\x00" in value:
        return messages.TEXT_NUL
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        return messages.TEXT_SURROGATE
    return None


def visible_length(value: str) -> int:
    """Count the characters that show on screen (letters, digits, punctuation, symbols)."""
    return sum(1 for ch in value if unicodedata.category(ch) not in _INVISIBLE_CATEGORIES)


def has_control_characters(value: str) -> bool:
    """True when text holds control characters other than a line break, or direction overrides."""
    return any(
        (ch != "\n" and unicodedata.category(ch) == "Cc") or ch in _BIDI_CONTROLS for ch in value
    )
