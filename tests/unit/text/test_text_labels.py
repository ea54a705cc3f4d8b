"""Theme labels a facilitator can put on a column header: specific, phrased as staff wrote them."""

import re

import pytest

from feedback_app.services.demo_content import DEMO_SESSIONS
from feedback_app.services.text import cluster_ideas, extract_keywords
from feedback_app.services.text.keywords import ENDING_PARTICLES
from feedback_app.services.text.stopwords import (
    ENGLISH_DOMAIN,
    ENGLISH_GENERIC,
    ENGLISH_STOPWORDS,
    UNIT_WORDS,
)
from tests.sample_ideas import THEMES

API_IDEAS = [idea for ideas in THEMES.values() for idea in ideas]
SESSIONS = {title: list(ideas) for title, *_, ideas in DEMO_SESSIONS}
RUNS = {**{title: (ideas, None) for title, ideas in SESSIONS.items()}, "api": (API_IDEAS, 3)}
BLAND = ENGLISH_GENERIC | ENGLISH_STOPWORDS | ENGLISH_DOMAIN


def _normal(text: str) -> str:
    """Lower-case, words only, single spaces: how a label is compared with its ideas."""
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


@pytest.fixture(scope="module")
def runs():
    """Cluster each demo session (k chosen) and the API's three themes (k=3) once."""
    return {name: (ideas, cluster_ideas(ideas, k)) for name, (ideas, k) in RUNS.items()}


def _themes(result):
    return [cluster for cluster in result.clusters if not cluster.is_other]


def _label_of(ideas, result, idea):
    return next(c.label for c in result.clusters if ideas.index(idea) in c.members)


@pytest.mark.parametrize("name", list(RUNS))
def test_no_label_or_keyword_is_a_generic_word(runs, name):
    _, result = runs[name]
    for cluster in _themes(result):
        assert cluster.label not in BLAND, cluster
        assert not BLAND.intersection(cluster.keywords), cluster


@pytest.mark.parametrize("name", list(RUNS))
def test_phrases_neither_start_nor_end_on_a_bland_word(runs, name):
    _, result = runs[name]
    for cluster in _themes(result):
        for phrase in (cluster.label, *cluster.keywords):
            words = phrase.split()
            assert words[0] not in BLAND, phrase
            # "follow up", "within 10 seconds", "angry customers" end well; "someone" does not.
            last_ok = words[-1] in ENDING_PARTICLES | UNIT_WORDS | ENGLISH_DOMAIN
            assert words[-1] not in BLAND or (last_ok and len(words) > 1), phrase


@pytest.mark.parametrize("name", list(SESSIONS))
def test_most_demo_labels_are_phrases(runs, name):
    _, result = runs[name]
    labels = [cluster.label for cluster in _themes(result)]
    assert sum(" " in label for label in labels) * 2 >= len(labels), labels


@pytest.mark.parametrize("name", list(RUNS))
def test_labels_and_keywords_occur_in_a_member_idea(runs, name):
    ideas, result = runs[name]
    for cluster in result.clusters:
        members = [_normal(ideas[i]) for i in cluster.members]
        for phrase in cluster.keywords + (() if cluster.is_other else (cluster.label,)):
            assert any(f" {_normal(phrase)} " in f" {m} " for m in members), (phrase, members)


@pytest.mark.parametrize("name", list(RUNS))
def test_labels_are_distinct_and_other_stays_other(runs, name):
    _, result = runs[name]
    labels = [cluster.label for cluster in _themes(result)]
    assert len(set(labels)) == len(labels)
    assert all(c.label == "Other" for c in result.clusters if c.is_other)


def test_obvious_api_themes_are_named_after_their_subject(runs):
    ideas, result = runs["api"]
    expected = {"refund": ("refund",), "queue": ("queue", "wait"), "greet": ("greet", "hello")}
    for theme, words in expected.items():
        label = _label_of(ideas, result, THEMES[theme][0])
        assert any(word in label for word in words), (theme, label)


@pytest.mark.parametrize(
    ("start", "words"),
    [
        ("Give a refund without a receipt", ("refund",)),
        ("Say hello within 10 seconds", ("greet", "hello")),
        ("Queue busting", ("queue", "wait")),
        ("Follow up with customers who left", ("follow up",)),
    ],
)
def test_obvious_demo_themes_are_named_after_their_subject(runs, start, words):
    title, idea = next(
        (t, i) for t, ideas in SESSIONS.items() for i in ideas if i.startswith(start)
    )
    ideas, result = runs[title]
    label = _label_of(ideas, result, idea)
    assert any(word in label for word in words), label


def test_a_lone_idea_is_named_by_its_subject_not_a_fragment():
    keywords = extract_keywords("Mystery shop each branch twice a quarter using the same checklist")
    assert keywords[0] == "mystery shop"
    assert not {"quarter using", "branch twice", "twice a quarter using"}.intersection(keywords)


def test_shared_phrases_rank_above_one_idea_phrases():
    group = [
        "Greet people at the door with a smile",
        "Greet people warmly when they come in",
        "Use the loyalty card number to greet regulars by name",
    ]
    keywords = extract_keywords(group, top_n=3)
    assert keywords[0] == "greet people"
    assert "loyalty card number" not in keywords


@pytest.mark.parametrize(
    "idea",
    [
        "Set one measurable target per protocol step, e.g. [greet within 10 seconds]",
        "Don't pass people between departments, [walk them over] yourself",
        "[Call back complaint customers] within 2 working days",
        "Say [sorry for the wait] even when it's not our fault",
    ],
)
def test_phrases_keep_numbers_objects_and_particles_as_written(idea):
    phrase = re.search(r"\[(.+)\]", idea).group(1).lower()
    assert phrase in extract_keywords(idea.replace("[", "").replace("]", ""), top_n=8)


def test_generic_words_never_stand_alone():
    keywords = extract_keywords(
        ["Keep someone on the till even when it is long", "Someone should always keep it tidy"]
    )
    assert not ENGLISH_GENERIC.intersection(keywords)
    assert "till" in keywords
