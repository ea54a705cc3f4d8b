"""Numbers with units in what staff wrote ("within 10 seconds", "up to $50", "under five
minutes"): the measurable part of an idea, offered to managers as an objective.

Pure Python over strings. Number words are read as the tokenizer reads them ("twenty four"
is 24), so "ten seconds" and "10 seconds" give the same quantity.
"""

import re
import unicodedata
from dataclasses import dataclass

from .stopwords import NUMBER_VALUES
from .tokens import _number_at

# Written forms of each unit → (the unit's name, its kind).
UNITS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("second", "seconds", "sec", "secs", "s"), ("seconds", "time")),
    **dict.fromkeys(("minute", "minutes", "min", "mins"), ("minutes", "time")),
    **dict.fromkeys(("hour", "hours", "hr", "hrs", "h"), ("hours", "time")),
    **dict.fromkeys(("day", "days"), ("days", "time")),
    **dict.fromkeys(
        ("working day", "working days", "business day", "business days"), ("working days", "time")
    ),
    **dict.fromkeys(("week", "weeks"), ("weeks", "time")),
    **dict.fromkeys(("dollar", "dollars"), ("dollars", "money")),
    **dict.fromkeys(("pound", "pounds"), ("pounds", "money")),
    **dict.fromkeys(("euro", "euros"), ("euros", "money")),
    **dict.fromkeys(("%", "percent", "per cent"), ("percent", "share")),
    **dict.fromkeys(("ring", "rings"), ("rings", "count")),
    **dict.fromkeys(("people", "customers", "persons"), ("people", "count")),
    **dict.fromkeys(("call", "calls"), ("calls", "count")),
}
CURRENCY_SIGNS = {"$": "dollars", "£": "pounds", "€": "euros"}
# Words before a number that say which way the target goes.
UPPER_BOUNDS = ("within", "in under", "under", "less than", "no more than", "at most", "up to")
LOWER_BOUNDS = ("at least", "more than", "over", "longer than", "above")
QUALIFIERS = (*UPPER_BOUNDS, *LOWER_BOUNDS, "in")

_NUMBER_WORD_RUN = re.compile(
    r"\b(?:" + "|".join(sorted(NUMBER_VALUES, key=len, reverse=True)) + r")"
    r"(?:[\s-]+(?:" + "|".join(sorted(NUMBER_VALUES, key=len, reverse=True)) + r"))*\b",
    re.IGNORECASE,
)
_A_UNIT = re.compile(r"\b(?:an?|one)\s+(?=(?:second|minute|hour|day|week)\b)", re.IGNORECASE)
_UNIT_PATTERN = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_QUALIFIER_PATTERN = "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?:\b(?P<qualifier>{_QUALIFIER_PATTERN})\s+)?"
    rf"(?P<sign>[$£€])?\s?(?P<number>\d+(?:[.,]\d+)?)"
    rf"(?:\s?(?P<unit>{_UNIT_PATTERN})(?![\w]))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    """A number with its unit as staff wrote it: 10 seconds "within", 50 dollars "up to"."""

    value: float
    unit: str
    kind: str  # time, money, share or count
    qualifier: str  # within, up to, under …; "" when none was written
    start: int  # where the phrase starts in the text given (after numbers became digits)
    end: int

    @property
    def upper_bound(self) -> bool:
        """True when the number is a most (within, under, up to), not a least."""
        return self.qualifier in UPPER_BOUNDS or self.qualifier in ("", "in")


def _digits(match: re.Match) -> str:
    words = re.split(r"[\s-]+", match.group(0).lower())
    out, start = [], 0
    while start < len(words):
        used, value = _number_at(words, start)
        if used == 0:
            out.append(words[start])
            start += 1
        else:
            out.append(str(value))
            start += used
    return " ".join(out)


def with_digits(text: str, *, articles: bool = True) -> str:
    """Write number words as digits ("within ten seconds" → "within 10 seconds"), and with
    ``articles`` "a" or "an" before a unit of time too ("within a minute" → "within 1 minute")."""
    text = unicodedata.normalize("NFKC", text or "")
    if articles:
        text = _A_UNIT.sub("1 ", text)
    return _NUMBER_WORD_RUN.sub(_digits, text)


def _number(text: str) -> float:
    if "," in text and "." not in text and len(text.split(",")[-1]) != 3:
        text = text.replace(",", ".")  # "2,5" hours
    return float(text.replace(",", ""))


def find_quantities(text: str) -> list[Quantity]:
    """Every number with a unit in the text (a money sign counts as the unit)."""
    found = []
    for match in _QUANTITY.finditer(with_digits(text)):
        sign, unit = match.group("sign"), match.group("unit")
        if sign:
            name, kind = CURRENCY_SIGNS[sign], "money"
        elif unit:
            name, kind = UNITS[unit.lower()]
        else:
            continue  # a bare number says nothing measurable
        qualifier = (match.group("qualifier") or "").lower()
        found.append(Quantity(_number(match.group("number")), name, kind, qualifier, *match.span()))
    return found
