"""SQLAlchemy models, one module per aggregate; importing this package registers them all."""

from feedback_app.models.ideas import Idea, IdeaStatus, Vote
from feedback_app.models.levels import Level
from feedback_app.models.participants import Participant
from feedback_app.models.sessions import PHASES, VOTING_MODES, BrainstormSession
from feedback_app.models.users import ROLES, User

__all__ = [
    "PHASES",
    "ROLES",
    "VOTING_MODES",
    "BrainstormSession",
    "Idea",
    "IdeaStatus",
    "Level",
    "Participant",
    "User",
    "Vote",
]
