"""Tag ideas with the protocol step or service area they mainly concern.

The four steps of the service protocol come first, then named areas that are not a step of
the conversation but are what many staff ideas are about (waiting times, premises and
cleanliness, staff training, customer feedback, refunds and complaints); "other" only when
nothing fits. The lexicon is plain words and short phrases per stage, editable by callers;
it is keyed (lemma, stem, synonyms) at use with the same analyser as the ideas. The
customer-service lexicon's groups vote too, for the area each signals (``lexicon.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from .tokens import Analyzer, Doc, phrase_keys

PROTOCOL_STEPS = (
    "greet_listen",
    "questions_empathy",
    "address_test",
    "help_follow_through",
)
SERVICE_AREAS = (
    "waiting_times",
    "premises_cleanliness",
    "staff_training",
    "customer_feedback",
    "refunds_complaints",
)
PROTOCOL_STAGES = (*PROTOCOL_STEPS, *SERVICE_AREAS, "other")

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
            "open question",
            "repeat back",
        ),
        "address_test": (
            "solve",
            "resolve",
            "solution",
            "issue",
            "problem",
            "replace",
            "repair",
            "test",
            "check",
            "verify",
            "confirm",
            "work",
            "demonstrate",
            "try",
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
        "waiting_times": (
            # "queue" and "waiting time" key to "wait", "cashier" to "checkout".
            "wait",
            "hold",
            "delay",
            "checkout",
            "till",
            "peak",
            "busy period",
        ),
        "premises_cleanliness": (
            "clean",
            "tidy",
            "dirty",
            "litter",
            "rubbish",
            "toilet",
            "music",
            "light",
            "parking",
            "temperature",
            "layout",
            "sign",
            "shelf",
            "entrance",
            "seat",
            "floor",
        ),
        "staff_training": (
            "training",
            "train",
            "coach",
            "induction",
            "shadow",
            "role play",
            "new starter",
            "course",
            "workshop",
            "mentor",
        ),
        "customer_feedback": (
            "feedback",
            "survey",
            "questionnaire",
            "rating",
            "review",
            "satisfaction",
            "mystery shop",
            "suggestion",
        ),
        "refunds_complaints": (
            "refund",
            "return",
            "exchange",
            "receipt",
            "complaint",
            "complain",
            "escalate",
            "goodwill",
        ),
        "other": (
            "policy",
            "staff room",
            "uniform",
            "name badge",
            "name tag",
            "badge",
            "dress code",
            "appearance",
            "rota",
            "schedule",
            "manager",
            "rule",
            "break",
            "shift",
            "stock",
            "budget",
            "target",
            "dashboard",
        ),
    }
)

MAX_LEXICON_WORDS = 3
AREA_HIT = 0.5


def keyed_lexicon(
    analyzer: Analyzer, lexicon: Mapping[str, Sequence[str]] | None
) -> dict[tuple[str, ...], str]:
    """Key each lexicon entry like the ideas are keyed; the first stage listing it wins,
    except that words added to the default lexicon (the admin's) win over its own."""
    source = DEFAULT_PROTOCOL_LEXICON if lexicon is None else lexicon
    unknown = set(source) - set(PROTOCOL_STAGES)
    if unknown:
        raise ValueError(f"Unknown protocol stages in lexicon: {sorted(unknown)}")
    keyed: dict[tuple[str, ...], str] = {}
    added: dict[tuple[str, ...], str] = {}
    for stage in PROTOCOL_STAGES:
        shipped = set(DEFAULT_PROTOCOL_LEXICON.get(stage, ()))
        for entry in source.get(stage, ()):
            keys = _entry_keys(analyzer, entry)
            if keys and len(keys) <= MAX_LEXICON_WORDS:
                (keyed if entry in shipped else added).setdefault(keys, stage)
    return keyed | added


def _entry_keys(analyzer: Analyzer, entry: str) -> tuple[str, ...]:
    """Key an entry, mapping a whole-entry synonym ("hello" -> greet) as ideas would."""
    keys = phrase_keys(analyzer, entry)
    merged = analyzer.synonyms.get(keys)
    return tuple(merged.split(" ")) if merged is not None else keys


def stage_for_docs(
    docs: Sequence[Doc],
    keyed: Mapping[tuple[str, ...], str],
    areas: Sequence[Sequence[str]] = (),
) -> str:
    """Vote per idea for its best-matching stage; ties go to total matches, then protocol order.

    ``areas`` lists, per idea, the stages its lexicon groups signal (half a hit each, so a
    protocol word, the admin's above all, outweighs them).
    """
    votes: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for number, doc in enumerate(docs):
        hits = _doc_hits(doc, keyed)
        for area in areas[number] if number < len(areas) else ():
            if area in PROTOCOL_STAGES:
                hits[area] += AREA_HIT
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
