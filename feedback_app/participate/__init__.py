"""Front-line staff join by code, add ideas and vote: no account, no trace."""

from feedback_app.participate import comments, voting  # noqa: F401 (routes on bp)
from feedback_app.participate.views import bp

__all__ = ["bp"]
