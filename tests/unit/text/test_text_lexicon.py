"""The customer-service lexicon: paraphrases come closer, distinct themes stay apart."""

import numpy as np
import pytest

from feedback_app.services.text import DEFAULT_GROUPS, PROTOCOL_STAGES, cluster_ideas
from feedback_app.services.text.concepts import ConceptIndex
from feedback_app.services.text.lexicon import extended_groups
from feedback_app.services.text.pipeline import LEXICON_WEIGHT, AnalysedSession
from feedback_app.services.text.tokens import Analyzer

PARAPHRASES = [
    "Say hello to people as they walk in",
    "Welcome shoppers when they arrive",
    "Empty the bins before they overflow",
    "Keep the queue short",
    "Nobody should stand in line for long",
    "Cut the time on hold",
]
# A session as it came in when "Let agents refund up to $50" was grouped with greetings: the
# refund ideas say it in different words, and the greetings come first.
AGENTS_SESSION = [
    "Greet customers at the door with a smile",
    "Say hello to customers when they come in",
    "Greet every customer within ten seconds",
    "A friendly greeting for customers at the door",
    "Smile and greet customers as they arrive",
    "Open another till when the queue is long",
    "Keep the queue short at lunchtime",
    "Tell customers how long the queue will take",
    "Call for help when the queue reaches the door",
    "Let agents refund up to $50",
    "Give money back without a receipt",
    "Make returns easy, no forms",
    "Take items back within 30 days",
]


def _similarities(texts, **options):
    """Cosine similarities of the pipeline's feature rows."""
    x = AnalysedSession.of(texts, **options).features().toarray()
    return np.round(x @ x.T, 3)


def test_every_group_has_words_and_a_known_area():
    assert len({group.name for group in DEFAULT_GROUPS}) == len(DEFAULT_GROUPS)
    for group in DEFAULT_GROUPS:
        assert group.words
        assert group.area is None or group.area in PROTOCOL_STAGES


def test_paraphrases_share_a_group_and_come_closer_than_without_it():
    session = AnalysedSession.of(PARAPHRASES)
    assert session.found == [
        ["greeting", "arrival"],
        ["greeting", "arrival"],
        ["cleanliness"],
        ["waiting"],
        ["waiting"],
        ["waiting"],
    ]
    with_lexicon = _similarities(PARAPHRASES)
    without = _similarities(PARAPHRASES, lexicon=False)
    assert without[0, 1] == without[3, 4] == without[4, 5] == 0.0
    assert with_lexicon[0, 1] == with_lexicon[3, 4] == with_lexicon[4, 5] == pytest.approx(0.138)


def test_the_lexicon_weighs_less_than_the_words():
    """Two ideas sharing only a group are less alike than two sharing their only word."""
    shared_group = _similarities(["Keep the queue short", "Cut the time on hold"])[0, 1]
    shared_word = _similarities(["Keep the queue short", "Queue at the entrance"])[0, 1]
    assert LEXICON_WEIGHT < 1
    assert 0 < shared_group < shared_word


def test_phrases_settle_the_sense_of_a_word():
    session = AnalysedSession.of(
        [
            "Check the exchange rate daily",
            "Allow an exchange without a receipt",
            "Tax returns are due",
            "Return the call within a day",
        ]
    )
    assert session.found == [
        ["money_matters"],
        ["refund", "refund"],
        ["money_matters"],
        ["follow_up"],
    ]


def test_admin_synonyms_join_the_group_of_the_word_they_mean():
    groups = {group.name: group for group in extended_groups({"tannoy": "queue", "kiosk": "booth"})}
    assert "tannoy" in groups["waiting"].words
    assert groups["booth"].words == ("booth", "kiosk")
    assert groups["booth"].area is None
    analyzer = Analyzer(synonyms={"concierge": "greet"})
    index = ConceptIndex.for_session(analyzer, {"concierge": "greet"})
    (doc,) = analyzer.analyse(["The concierge meets guests at the lift"])
    assert index.find(doc) == ["greeting"]


def test_disabled_lexicon_finds_nothing():
    analyzer = Analyzer()
    index = ConceptIndex.for_session(analyzer, None, enabled=False)
    (doc,) = analyzer.analyse(["Say hello and keep the queue short"])
    assert index.find(doc) == []


@pytest.mark.parametrize("k", [3, None])
def test_a_refund_worded_its_own_way_joins_the_refunds_not_the_greetings(k):
    result = cluster_ideas(AGENTS_SESSION, k)
    agents = next(c for c in result.clusters if 9 in c.members)
    assert set(agents.members) & {10, 11}
    assert not set(agents.members) & {0, 1, 2, 3, 4}


def test_distinct_themes_that_share_an_area_stay_apart():
    ideas = [
        "Refund faulty goods on the spot",
        "Give a refund without a receipt",
        "Refunds within two weeks, no questions",
        "Log every complaint in one place",
        "Escalate an angry complaint to the duty manager",
        "Reply to written complaints within two days",
    ]
    result = cluster_ideas(ideas, k=2)
    assert {c.members for c in result.clusters} == {(0, 1, 2), (3, 4, 5)}
    assert {c.protocol_stage for c in result.clusters} == {"refunds_complaints"}
