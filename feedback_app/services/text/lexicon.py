"""The customer-service lexicon: groups of words staff use for one idea ("queue", "on hold").

A group is a soft synonym: ideas that use any of its words share one extra feature, weighted
below the words themselves (``vectors.py``), so paraphrases come closer without two distinct
themes that share a group being forced together. Each group may also name the protocol step
or service area it signals (``protocol.py``). Entries are words or short phrases as staff
write them; they are keyed (lemma, stem) like the ideas at use, so "queues" and "queuing"
match "queue". Admins extend the groups on the Vocabulary page: a synonym whose meaning is a
word of a group joins that group.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class SynonymGroup:
    """Words and phrases that name one thing in service work, and the area they signal."""

    name: str
    words: tuple[str, ...]
    area: str | None = None  # a protocol step or service area, or None when it says nothing


# Written for service work in shops, branches and contact centres. Words that mean different
# things in different themes ("line", "door", "call") are left out or only kept in a phrase
# that settles their sense ("in line", "return call").
# fmt: off
DEFAULT_GROUPS: tuple[SynonymGroup, ...] = (
    SynonymGroup(
        "greeting",
        (
            "greet", "greeting", "hello", "hi", "hiya", "welcome", "good morning",
            "good afternoon", "good evening", "say hello", "say hi", "salute",
        ),
        "greet_listen",
    ),
    SynonymGroup(
        "arrival",
        ("arrive", "arrival", "walk in", "come in", "come through the door", "enter",
         "entrance", "new arrival"),
        "greet_listen",
    ),
    SynonymGroup(
        "listening",
        ("listen", "hear", "interrupt", "attention", "attentive", "let them finish",
         "eye contact", "nod"),
        "greet_listen",
    ),
    SynonymGroup(
        "questions",
        ("ask", "question", "clarify", "open question", "find out what", "probe"),
        "questions_empathy",
    ),
    SynonymGroup(
        "empathy",
        ("empathy", "empathise", "empathize", "sympathise", "sympathize", "understand",
         "frustrating", "frustrated", "upset", "feelings", "in their shoes", "patient",
         "patience", "calm", "reassure"),
        "questions_empathy",
    ),
    SynonymGroup(
        "apology",
        ("sorry", "apologise", "apologize", "apology"),
        "questions_empathy",
    ),
    SynonymGroup(
        "resolution",
        ("solve", "resolve", "resolution", "solution", "fix", "sort out", "repair",
         "put right"),
        "address_test",
    ),
    SynonymGroup(
        "testing",
        ("test", "check it works", "make sure it works", "try it out", "test the solution",
         "does that fix it", "check the fix"),
        "address_test",
    ),
    SynonymGroup(
        "waiting",
        ("wait", "waiting", "queue", "queuing", "on hold", "hold time", "in line",
         "stand in line", "delay", "waiting time", "wait time", "queue busting"),
        "waiting_times",
    ),
    SynonymGroup(
        "checkout",
        ("till", "checkout", "cashier", "register", "cash desk", "self checkout"),
        "waiting_times",
    ),
    SynonymGroup(
        "refund",
        ("refund", "money back", "reimburse", "reimbursement", "repay", "credit the account",
         "return", "returns", "returned goods", "take back", "exchange", "swap",
         "replacement", "receipt", "proof of purchase"),
        "refunds_complaints",
    ),
    SynonymGroup(
        "complaint",
        ("complaint", "complain", "grievance", "escalate", "escalation", "dissatisfied",
         "unhappy customer", "raise a concern"),
        "refunds_complaints",
    ),
    SynonymGroup(
        "follow_up",
        ("follow up", "call back", "ring back", "phone back", "get back to", "get in touch",
         "check in with", "contact again", "return call", "return the call", "keep informed",
         "update them", "callback"),
        "help_follow_through",
    ),
    SynonymGroup(
        "extra_help",
        ("anything else", "further help", "extra help", "additional help", "extra mile",
         "walk them over", "carry", "help further"),
        "help_follow_through",
    ),
    SynonymGroup(
        "thanks",
        ("thank", "thanks", "thank you", "appreciate", "appreciation", "grateful",
         "gratitude"),
        "help_follow_through",
    ),
    SynonymGroup(
        "goodbye",
        ("goodbye", "bye", "farewell", "see you soon", "nice day", "see you"),
        "help_follow_through",
    ),
    SynonymGroup(
        "cleanliness",
        ("clean", "cleaning", "tidy", "tidiness", "neat", "spotless", "dirty", "dirt", "mess",
         "messy", "litter", "rubbish", "trash", "bin", "dust", "mop", "wipe", "sweep",
         "spill", "hygiene", "hygienic"),
        "premises_cleanliness",
    ),
    SynonymGroup(
        "premises",
        ("toilet", "restroom", "washroom", "changing room", "fitting room", "car park",
         "parking", "lighting", "temperature", "aisle", "shop floor", "seating", "layout"),
        "premises_cleanliness",
    ),
    SynonymGroup(
        "training",
        ("train", "training", "coach", "coaching", "induction", "onboarding", "shadow",
         "mentor", "buddy", "course", "workshop", "role play", "refresher", "e learning",
         "learning module", "teach", "upskill", "new starter", "new joiner", "new hire"),
        "staff_training",
    ),
    SynonymGroup(
        "feedback",
        ("feedback", "survey", "questionnaire", "rate us", "rating", "review", "opinion",
         "comment", "suggestion", "suggestion box", "focus group", "satisfaction",
         "net promoter", "nps"),
        "customer_feedback",
    ),
    SynonymGroup(
        "product_knowledge",
        ("product", "product range", "stock", "in stock", "sold out", "availability",
         "available", "feature", "model", "warranty", "guarantee", "accessory",
         "ingredient", "allergen"),
        None,
    ),
    SynonymGroup(
        "presentation",
        ("uniform", "name badge", "badge", "name tag", "dress code", "dress", "appearance",
         "smart", "ironed", "well presented"),
        None,
    ),
    SynonymGroup(
        "phone",
        ("phone", "telephone", "caller", "voicemail", "answer the phone", "pick up the phone"),
        None,
    ),
    SynonymGroup(
        # Kept apart so that "exchange" and "returns" (refunds) and "rate" (feedback) are not
        # read in these phrases.
        "money_matters",
        ("exchange rate", "currency exchange", "foreign currency", "rate of exchange",
         "tax return", "rate of return"),
        None,
    ),
    SynonymGroup(
        "authority",
        ("approve", "sign off", "authority", "authorise", "authorize", "empower",
         "discretion", "without asking a manager", "without a manager"),
        None,
    ),
)
# fmt: on

GROUPS_BY_NAME: Mapping[str, SynonymGroup] = MappingProxyType(
    {group.name: group for group in DEFAULT_GROUPS}
)


def extended_groups(extra: Mapping[str, str] | None) -> list[SynonymGroup]:
    """Add the admin's synonyms: a term joins the group holding the word it means.

    A meaning no group holds starts a group of its own, named after it.
    """
    groups = {group.name: list(group.words) for group in DEFAULT_GROUPS}
    areas = {group.name: group.area for group in DEFAULT_GROUPS}
    home = {word: group.name for group in DEFAULT_GROUPS for word in group.words}
    for term, meaning in (extra or {}).items():
        term, meaning = term.strip().lower(), meaning.strip().lower()
        if not term or not meaning:
            continue
        name = home.get(meaning) or home.get(term)
        if name is None:
            name = meaning
            groups.setdefault(name, [meaning])
            areas.setdefault(name, None)
            home[meaning] = name
        for word in (term, meaning):
            if word not in groups[name]:
                groups[name].append(word)
            home.setdefault(word, name)
    return [SynonymGroup(name, tuple(words), areas[name]) for name, words in groups.items()]
