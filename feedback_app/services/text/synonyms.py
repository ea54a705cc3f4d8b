"""Domain synonyms: different words staff use for one idea ("money back" and "refund")."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

DEFAULT_SYNONYMS: Mapping[str, str] = MappingProxyType(
    {
        "money back": "refund",
        "reimburse": "refund",
        "reimbursement": "refund",
        "queue": "wait",
        "line": "wait",
        "waiting time": "wait",
        "wait time": "wait",
        "hello": "greet",
        "hi": "greet",
        "welcome": "greet",
        "say hello": "greet",
        "till": "checkout",
        "cashier": "checkout",
        "register": "checkout",
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
        "fix": "repair",
        "grin": "smile",
    }
)


def merged_synonyms(extra: Mapping[str, str] | None) -> dict[str, str]:
    """Let a session extend or override the defaults without mutating them."""
    merged = dict(DEFAULT_SYNONYMS)
    for source, target in (extra or {}).items():
        merged[source.strip().lower()] = target.strip().lower()
    return merged
