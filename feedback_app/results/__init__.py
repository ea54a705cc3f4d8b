"""Staff read the ranked results of a session."""

from feedback_app.results.views import bp

__all__ = ["bp"]
