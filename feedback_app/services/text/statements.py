"""Draft wording of a standard from one staff idea: "Greet every customer within ten seconds"
becomes "Staff greet every customer within 10 seconds."

Pure Python over strings: a few rules about how staff write ideas (mostly imperatives, some
noun phrases, some "we should …"), never a guess about meaning.
"""

import re

from .quantities import with_digits

# Openings that already name who acts, or ask for permission: → "Staff …" / "Staff may …".
_OPENINGS = (
    (re.compile(r"^(?:let|allow)\s+(?:staff|employees|the team|us)\s+(?:to\s+)?", re.I), "may "),
    (
        re.compile(
            r"^(?:staff|we|employees|the team|everyone|all staff)\s+"
            r"(?:should|must|need to|needs to|have to|has to|will|shall|could)\s+(?:always\s+)?",
            re.I,
        ),
        "",
    ),
    (re.compile(r"^(?:staff|we|employees|the team|all staff)\s+", re.I), ""),
    (re.compile(r"^(?:please|always)\s+", re.I), "always "),
)
# A first word like these starts a noun phrase, not an instruction.
_NOUN_PHRASE_START = frozenset(
    [
        "a",
        "an",
        "the",
        "every",
        "each",
        "all",
        "more",
        "better",
        "no",
        "some",
        "our",
        "any",
        "one",
        "free",
        "quick",
        "fast",
        "friendly",
        "clear",
        "faster",
        "money",
        "extra",
    ]
)
_TRAILING = re.compile(r"[\s.!;:,]+$")


def standard_statement(idea: str) -> str:
    """A sentence like a policy ("Staff … .") from an idea written as staff write them."""
    text = _TRAILING.sub("", with_digits(" ".join((idea or "").split()), articles=False))
    if not text:
        return ""
    for pattern, lead in _OPENINGS:
        rest = pattern.sub("", text, count=1)
        if rest != text:
            return _sentence(lead + rest)
    first = text.split(" ", 1)[0].lower()
    if first in _NOUN_PHRASE_START:
        return _sentence("provide " + text[:1].lower() + text[1:])
    return _sentence(text)


def _sentence(predicate: str) -> str:
    if predicate[:1].isupper() and not predicate[1:2].isupper():
        predicate = predicate[:1].lower() + predicate[1:]
    return f"Staff {predicate}."
