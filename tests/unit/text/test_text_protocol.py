"""Protocol stages: where a person would put each theme, from an editable lexicon."""

import pytest

from feedback_app.services.text import (
    DEFAULT_PROTOCOL_LEXICON,
    PROTOCOL_STAGES,
    protocol_stage_for,
)

from .conftest import THEMES


@pytest.mark.parametrize(
    ("theme", "stage"),
    [
        ("greeting", "greet_listen"),
        ("empathy", "questions_empathy"),
        ("refunds", "address_test"),
        ("follow_up", "help_follow_through"),
    ],
)
def test_themes_land_on_the_stage_a_person_would_choose(theme, stage):
    assert protocol_stage_for(THEMES[theme]) == stage


def test_single_ideas_are_tagged():
    assert protocol_stage_for(["Ask open questions to find out what they need"]) == (
        "questions_empathy"
    )
    assert protocol_stage_for(["Play quieter music and keep the shop clean"]) == "other"
    assert protocol_stage_for(["Walk the customer to their car with heavy bags"]) == (
        "help_follow_through"
    )


def test_no_lexicon_match_means_other():
    assert protocol_stage_for(["Purple elephants"]) == "other"
    assert protocol_stage_for([]) == "other"


def test_lexicon_is_stemmed_at_use_and_editable():
    lexicon = {"greet_listen": ["parking"], "other": []}
    assert protocol_stage_for(["More parking spaces"], lexicon=lexicon) == "greet_listen"
    assert protocol_stage_for(["Parked cars"], lexicon=lexicon) == "greet_listen"


def test_unknown_stage_in_lexicon_is_rejected():
    with pytest.raises(ValueError, match="Unknown protocol stages"):
        protocol_stage_for(["x"], lexicon={"smalltalk": ["weather"]})


def test_default_lexicon_covers_every_stage():
    assert set(DEFAULT_PROTOCOL_LEXICON) == set(PROTOCOL_STAGES)
