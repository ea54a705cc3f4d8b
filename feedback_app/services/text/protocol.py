"""Tag ideas with the customer-service protocol stage they mainly concern.

The lexicon is plain words and short phrases per stage, editable by callers; it is keyed
(lemma, stem, synonyms) at use with the same analyser as the ideas.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from .tokens import Analyzer, Doc, phrase_keys

PROTOCOL_STAGES = (
    "greet_listen",
    "questions_empathy",
    "address_test",
    "help_follow_through",
    "other",
)

DEFAULT_PROTOCOL_LEXICON: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "greet_listen": (
            "greet",
            "hello",
            "welcome",
            "smile",
            "door",
            "eye contact",
            "listen",
            "attention",
            "acknowledge",
            "name",
            "arrive",
            "enter",
            "wave",
            "friendly",
            "warm",
            "interrupt",
            "notice",
            "approach",
            "first impression",
            "come in",
        ),
        "questions_empathy": (
            "ask",
            "question",
            "clarify",
            "understand",
            "empathy",
            "empathize",
            "sympathize",
            "apologize",
            "feel",
            "frustrated",
            "patient",
            "calm",
            "concern",
            "reassure",
            "tone",
            "upset",
            "angry",
            "complaint",
            "open question",
            "repeat back",
        ),
        "address_test": (
            "solve",
            "resolve",
            "solution",
            "issue",
            "problem",
            "refund",
            "replace",
            "exchange",
            "repair",
            "test",
            "check",
            "verify",
            "confirm",
            "work",
            "demonstrate",
            "try",
            "receipt",
            "return",
            "broken",
            "option",
            "offer",
        ),
        "help_follow_through": (
            "follow up",
            "call back",
            "email",
            "anything else",
            "additional",
            "extra help",
            "further",
            "later",
            "feedback",
            "survey",
            "thank",
            "goodbye",
            "carry",
            "loyalty",
            "remind",
            "next visit",
            "update",
            "promise",
            "walk",
            "car",
        ),
        "other": (
            "policy",
            "training",
            "train",
            "staff room",
            "music",
            "clean",
            "light",
            "parking",
            "uniform",
            "rota",
            "schedule",
            "manager",
            "rule",
            "layout",
            "sign",
            "temperature",
            "break",
            "shift",
            "stock",
            "shelf",
            "toilet",
            "budget",
            # Queues and waiting times are run by rota, tills and signs, not by the
            # conversation: "queue", "line" and "waiting time" key to "wait", "till" to checkout.
            "wait",
            "checkout",
            "peak",
        ),
    }
)

MAX_LEXICON_WORDS = 3


def keyed_lexicon(
    analyzer: Analyzer, lexicon: Mapping[str, Sequence[str]] | None
) -> dict[tuple[str, ...], str]:
    """Key each lexicon entry like the ideas are keyed; the first stage listing it wins."""
    source = DEFAULT_PROTOCOL_LEXICON if lexicon is None else lexicon
    unknown = set(source) - set(PROTOCOL_STAGES)
    if unknown:
        raise ValueError(f"Unknown protocol stages in lexicon: {sorted(unknown)}")
    keyed: dict[tuple[str, ...], str] = {}
    for stage in PROTOCOL_STAGES:
        for entry in source.get(stage, ()):
            keys = _entry_keys(analyzer, entry)
            if keys and len(keys) <= MAX_LEXICON_WORDS:
                keyed.setdefault(keys, stage)
    return keyed


def _entry_keys(analyzer: Analyzer, entry: str) -> tuple[str, ...]:
    """Key an entry, mapping a whole-entry synonym ("hello" -> greet) as ideas would."""
    keys = phrase_keys(analyzer, entry)
    merged = analyzer.synonyms.get(keys)
    return (merged,) if merged is not None else keys


def stage_for_docs(docs: Sequence[Doc], keyed: Mapping[tuple[str, ...], str]) -> str:
    """Vote per idea for its best-matching stage; ties go to total matches, then protocol order."""
    votes: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for doc in docs:
        hits = _doc_hits(doc, keyed)
        totals.update(hits)
        if hits:
            top = max(hits.values())
            best = [stage for stage in PROTOCOL_STAGES if hits.get(stage) == top]
            votes[max(best, key=lambda s: (totals[s], -PROTOCOL_STAGES.index(s)))] += 1
    if not votes:
        return "other"
    return max(
        PROTOCOL_STAGES,
        key=lambda s: (votes[s], totals[s], -PROTOCOL_STAGES.index(s)),
    )


def _doc_hits(doc: Doc, keyed: Mapping[tuple[str, ...], str]) -> Counter[str]:
    """Count lexicon matches in one idea; a phrase match counts once per word it spans."""
    hits: Counter[str] = Counter()
    for segment in doc:
        keys = [part for term in segment for part in term.key.split(" ")]
        for size in range(1, MAX_LEXICON_WORDS + 1):
            for start in range(len(keys) - size + 1):
                stage = keyed.get(tuple(keys[start : start + size]))
                if stage is not None:
                    hits[stage] += size
    return hits
