"""Managers' view of whether the standard is met: objectives against targets, measurements,
and the next session for a missed target."""

from feedback_app.objectives.views import bp

__all__ = ["bp"]
