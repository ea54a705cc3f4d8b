"""Facilitators group a session's ideas into themes and promote them to candidate standards."""

from feedback_app.themes.views import bp

__all__ = ["bp"]
