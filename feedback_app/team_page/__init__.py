"""The team page: what is delegated to a team, for its staff, through the team's link."""

from feedback_app.team_page.views import bp

__all__ = ["bp"]
