"""Labels and small helpers for templates, so templates hold no logic of their own."""

from flask import Flask

from feedback_app.messages import PROTOCOL_STAGE_LABELS

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
        PROTOCOL_STAGE_LABELS=PROTOCOL_STAGE_LABELS,
        phase_move_label=phase_move_label,
    )
