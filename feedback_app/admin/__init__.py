"""Admins manage staff accounts, levels, teams, vocabulary and the word filter."""

from feedback_app.admin import teams, word_filter  # noqa: F401 (registers their routes)
from feedback_app.admin.views import bp

__all__ = ["bp"]
