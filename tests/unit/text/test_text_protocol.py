"""Protocol stages: where a person would put each theme (a step of the protocol or a named
area, "other" only when nothing fits), from an editable lexicon."""

import pytest

from feedback_app.messages import PROTOCOL_STAGE_LABELS
from feedback_app.services.text import (
    DEFAULT_PROTOCOL_LEXICON,
    PROTOCOL_STAGES,
    PROTOCOL_STEPS,
    SERVICE_AREAS,
    protocol_stage_for,
)

from .conftest import THEMES


@pytest.mark.parametrize(
    ("theme", "stage"),
    [
        ("greeting", "greet_listen"),
        ("empathy", "questions_empathy"),
        ("refunds", "refunds_complaints"),
        ("queues", "waiting_times"),
        ("follow_up", "help_follow_through"),
    ],
)
def test_themes_land_on_the_stage_a_person_would_choose(theme, stage):
    assert protocol_stage_for(THEMES[theme]) == stage


def test_single_ideas_are_tagged():
    assert protocol_stage_for(["Ask open questions to find out what they need"]) == (
        "questions_empathy"
    )
    assert protocol_stage_for(["Play quieter music and keep the shop clean"]) == (
        "premises_cleanliness"
    )
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


@pytest.mark.parametrize(
    ("ideas", "stage"),
    [
        (
            ["Open another till when the queue is long", "Cut the time people spend on hold"],
            "waiting_times",
        ),
        (["Keep the shop floor spotless", "Check the toilets every hour"], "premises_cleanliness"),
        (
            ["New starters should shadow a colleague", "Run a refresher course every year"],
            "staff_training",
        ),
        (
            ["Send a short survey after every visit", "Read the online reviews weekly"],
            "customer_feedback",
        ),
        (
            ["Log every complaint in one system", "Escalate to a manager quickly"],
            "refunds_complaints",
        ),
        (
            ["Give money back without a receipt", "Allow exchanges within 60 days"],
            "refunds_complaints",
        ),
        (
            ["Thank every customer at the end", "Say goodbye and invite them back"],
            "help_follow_through",
        ),
        (["Wear the uniform properly", "Everyone should have a name badge on"], "other"),
    ],
)
def test_service_areas_beyond_the_four_steps(ideas, stage):
    assert protocol_stage_for(ideas) == stage


def test_every_stage_has_a_label_for_people():
    assert list(PROTOCOL_STAGE_LABELS) == list(PROTOCOL_STAGES)
    assert PROTOCOL_STAGES[:4] == PROTOCOL_STEPS
    assert PROTOCOL_STAGES[4:-1] == SERVICE_AREAS


def test_admin_words_win_over_the_shipped_ones():
    lexicon = {stage: list(words) for stage, words in DEFAULT_PROTOCOL_LEXICON.items()}
    lexicon["help_follow_through"] = [*lexicon["help_follow_through"], "queue"]
    assert protocol_stage_for(["Keep the queue short"]) == "waiting_times"
    assert protocol_stage_for(["Keep the queue short"], lexicon=lexicon) == "help_follow_through"
