"""Near-duplicates that survive spelling variants: compounds, hyphens, numbers, contractions."""

from collections import Counter

import pytest

from feedback_app.services.text import cluster_ideas
from feedback_app.services.text.normalize import clean_text, session_compounds
from feedback_app.services.text.tokens import Analyzer, _number_at

from .conftest import IDEAS


def _pairs(ideas):
    """The near-duplicate pairs (i, j) of a session padded with unrelated ideas."""
    result = cluster_ideas([*ideas, *IDEAS])
    return {(i, j): s for i, j, s in result.near_duplicates if j < len(ideas)}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Offer a callback when we can't solve it straight away",
            "Offer a call back when we can't solve it straight away",
        ),
        ("Offer a call-back when we can't solve it", "Offer a callback when we cannot solve it"),
        ("Send an e-mail the next day", "Send an email the next day"),
        ("Answer within ten seconds", "Answer within 10 seconds"),
        ("Refunds up to twenty four pounds", "Refunds up to 24 pounds"),
        ("Refund anything under £20 on the spot", "Refund anything under 20 pounds on the spot"),
        ("Don't make people wait", "Do not make people wait"),
        ("Dont make people wait", "Don’t make people wait"),
        ("Send a follow-up survey", "Send a followup survey"),
    ],
)
def test_spelling_variants_are_offered_for_merging(first, second):
    assert _pairs([first, second]) == {(0, 1): 1.0}


def test_different_ideas_are_not_offered():
    pairs = _pairs(["Offer a callback when we cannot solve it", "Offer a coffee while they wait"])
    assert pairs == {}


def test_compounds_split_where_the_session_writes_them_apart():
    words = Counter({"callback": 1, "call": 3, "back": 3, "together": 1, "to": 5})
    bigrams = Counter({("call", "back"): 2, ("to", "the"): 4})
    assert session_compounds(words, bigrams) == {"callback": "call back"}


def test_known_compounds_and_currencies_are_normalised_when_alone():
    (doc,) = Analyzer().analyse(["Offer a callback for £5"])
    assert [t.surface for t in doc[0]] == ["offer", "a", "call", "back", "for", "5", "pounds"]
    assert clean_text("Refund $50 or €40") == "refund 50 dollars or 40 euros"


@pytest.mark.parametrize(
    ("words", "read"),
    [
        (["twenty", "four", "hours"], (2, 24)),
        (["two", "hundred"], (2, 200)),
        (["five", "six"], (1, 5)),
        (["ten"], (1, 10)),
        (["hours"], (0, 0)),
    ],
)
def test_number_words_read_as_numbers(words, read):
    assert _number_at(words, 0) == read


def test_number_words_are_keyed_as_digits():
    (doc,) = Analyzer().analyse(["Greet within ten seconds or twenty four hours"])
    keys = [(t.surface, t.key, t.stop) for t in doc[0]]
    assert ("ten", "10", True) in keys
    assert ("twenty four", "24", True) in keys
