"""Managers decide on candidate standards and publish the Customer Service Standard."""

from feedback_app.decisions.views import bp

__all__ = ["bp"]
