"""Facilitators create and run sessions: the console, the projector, phases, moderation."""

from feedback_app.facilitate import (  # noqa: F401 (register routes)
    ballot_cards,
    console,
    follow_up,
    projector,
    views,
)
from feedback_app.facilitate.blueprint import bp

__all__ = ["bp"]
