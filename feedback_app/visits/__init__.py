"""Mystery shopping: shoppers file visit reports on a phone, managers see the scores."""

from feedback_app.visits.views import bp

__all__ = ["bp"]
