"""Domain synonyms: different words staff use for one idea ("money back" and "refund")."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Hard synonyms: the source is keyed as the target, in features, key phrases and stages alike.
# Only words that mean the same in every theme belong here; words that change their sense
# with the theme ("line": a queue, a phone line or the front line; "till": a checkout or
# "until"; "register"; "welcome"; "fix") are soft members of the lexicon's groups instead
# (``lexicon.py``), which add a shared feature without erasing the word.
DEFAULT_SYNONYMS: Mapping[str, str] = MappingProxyType(
    {
        "money back": "refund",
        "reimburse": "refund",
        "reimbursement": "refund",
        "queue": "wait",
        "waiting time": "wait",
        "wait time": "wait",
        "hello": "greet",
        "hi": "greet",
        "say hello": "greet",
        "cashier": "checkout",
        "sorry": "apologize",
        "apology": "apologize",
        "colleague": "staff",
        "employee": "staff",
        "team member": "staff",
        "proof of purchase": "receipt",
        "ring back": "call back",
        "phone back": "call back",
        "swap": "exchange",
        "faulty": "broken",
        "defective": "broken",
        "damaged": "broken",
        "grin": "smile",
    }
)


def merged_synonyms(extra: Mapping[str, str] | None) -> dict[str, str]:
    """Let a session extend or override the defaults without mutating them."""
    merged = dict(DEFAULT_SYNONYMS)
    for source, target in (extra or {}).items():
        merged[source.strip().lower()] = target.strip().lower()
    return merged
