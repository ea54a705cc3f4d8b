"""Labels and small helpers for templates, so templates hold no logic of their own."""

from flask import Flask

from feedback_app.messages import (
    MEASURED_FROM_LABELS,
    OBJECTIVE_DIRECTION_LABELS,
    PROTOCOL_STAGE_LABELS,
)
from feedback_app.services.live import timer_state
from feedback_app.services.ranking import SCORE_EXPLAINED

PHASE_LABELS = {
    "draft": "Draft",
    "collecting": "Collecting ideas",
    "voting": "Voting",
    "results": "Results",
    "closed": "Closed",
}
PHASE_HINTS = {
    "draft": "Not open yet. Participants can join and wait.",
    "collecting": "Participants add, edit and withdraw ideas.",
    "voting": "Participants vote on each other's ideas.",
    "results": "Voting is over; the ranking is final.",
    "closed": "The session is closed; nobody can join.",
}
PHASE_ORDER = ("draft", "collecting", "voting", "results", "closed")
IDEA_STATUS_LABELS = {
    "visible": "Visible",
    "hidden": "Hidden",
    "pending": "Waiting for approval",
    "off_topic": "Off topic",
}
# Rows cloned by the live scripts carry this id in their URLs until they get their own.
PLACEHOLDER_ID = "placeholder-id-0"  # shaped like a public id, so url_for takes it
ROLE_LABELS = {
    "admin": "Admin",
    "manager": "Manager",
    "facilitator": "Facilitator",
    "shopper": "Mystery shopper",
}
VOTING_MODE_LABELS = {
    "upvote": "Up-votes: one vote for each idea people would sign up to",
    "dots": "Dots: a small budget of dots to spread over the best ideas",
    "stars": "Stars: rate each idea from 1 to 5",
    "pairwise": "Pairs: choose the better of two ideas, again and again",
}
VOTE_NOUNS = {
    "upvote": ("vote", "votes"),
    "dots": ("dot", "dots"),
    "stars": ("rating", "ratings"),
    "pairwise": ("win", "wins"),
}


def count_of(mode: str, count: int) -> str:
    """'1 vote', '7 dots', '12 ratings', '5 wins': what `votes` counts in this mode."""
    singular, plural = VOTE_NOUNS.get(mode, VOTE_NOUNS["upvote"])
    return f"{count} {singular if count == 1 else plural}"


def score_text(mode: str, score: float) -> str:
    """A score as people read it: stars as '4.2 ★', shares and chances as percentages."""
    return f"{score:.1f} ★" if mode == "stars" else percent(score)


def percent(value: float | None) -> str:
    """A share as a whole percentage ('42 %'), or a dash when there is none."""
    return "–" if value is None else f"{round(100 * value)} %"


def phase_move_label(current: str, target: str) -> str:
    """Name a phase move the way a facilitator thinks of it."""
    forward = PHASE_ORDER.index(target) > PHASE_ORDER.index(current)
    verbs = {
        "collecting": "Start collecting ideas" if forward else "Reopen idea collection",
        "voting": "Open voting" if forward else "Reopen voting",
        "results": "Show results" if forward else "Reopen results",
        "closed": "Close session",
    }
    return verbs.get(target, target)


def init_app(app: Flask) -> None:
    """Register the labels as template globals."""
    app.jinja_env.globals.update(
        PHASE_LABELS=PHASE_LABELS,
        PHASE_HINTS=PHASE_HINTS,
        ROLE_LABELS=ROLE_LABELS,
        IDEA_STATUS_LABELS=IDEA_STATUS_LABELS,
        PLACEHOLDER_ID=PLACEHOLDER_ID,
        PROTOCOL_STAGE_LABELS=PROTOCOL_STAGE_LABELS,
        OBJECTIVE_DIRECTION_LABELS=OBJECTIVE_DIRECTION_LABELS,
        MEASURED_FROM_LABELS=MEASURED_FROM_LABELS,
        phase_move_label=phase_move_label,
        VOTING_MODE_LABELS=VOTING_MODE_LABELS,
        SCORE_EXPLAINED=SCORE_EXPLAINED,
        VOTE_NOUNS=VOTE_NOUNS,
        count_of=count_of,
        score_text=score_text,
        percent=percent,
        timer_state=timer_state,
    )
