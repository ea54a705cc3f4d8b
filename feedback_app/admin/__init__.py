"""Admins manage staff accounts, levels, vocabulary and the word filter."""

from feedback_app.admin import word_filter  # noqa: F401 (registers its routes)
from feedback_app.admin.views import bp

__all__ = ["bp"]
