"""Facilitators create and run sessions: the console, the projector, phases, moderation."""

from feedback_app.facilitate import console, projector, views  # noqa: F401 (register routes)
from feedback_app.facilitate.blueprint import bp

__all__ = ["bp"]
