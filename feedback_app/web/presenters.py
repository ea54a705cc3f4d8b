"""Labels and small helpers for templates, so templates hold no logic of their own."""

from flask import Flask

from feedback_app.messages import PROTOCOL_STAGE_LABELS
from feedback_app.services.live import timer_state

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
PLACEHOLDER_ID = 2147483647
ROLE_LABELS = {"admin": "Admin", "manager": "Manager", "facilitator": "Facilitator"}


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
        phase_move_label=phase_move_label,
        timer_state=timer_state,
    )
