"""Facilitators create and run sessions: join code, QR, phases, moderation."""

from feedback_app.facilitate.views import bp

__all__ = ["bp"]
