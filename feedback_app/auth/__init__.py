"""Staff log in and log out."""

from feedback_app.auth.views import bp

__all__ = ["bp"]
