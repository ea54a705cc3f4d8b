"""The customer-segment register, for managers and admins."""

from feedback_app.segments.views import bp

__all__ = ["bp"]
