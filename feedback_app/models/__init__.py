"""SQLAlchemy models, one module per aggregate; importing this package registers them all."""

from feedback_app.models.audit import AuditEntry
from feedback_app.models.clusters import ClusterMember, ClusterRun, IdeaCluster
from feedback_app.models.events import SessionEvent, SessionEventCounter
from feedback_app.models.ideas import (
    Comment,
    Idea,
    IdeaStatus,
    IdeaSubmission,
    PairChoice,
    Vote,
)
from feedback_app.models.levels import Level
from feedback_app.models.measurements import Measurement
from feedback_app.models.moderation import BlockedTerm
from feedback_app.models.participants import BallotCard, Participant
from feedback_app.models.segments import CHANNELS, CustomerSegment
from feedback_app.models.sessions import PHASES, VOTING_MODES, BrainstormSession
from feedback_app.models.settings import OrgSetting
from feedback_app.models.standards import CandidateStandard, Objective, StandardVersion
from feedback_app.models.surveys import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from feedback_app.models.teams import Team
from feedback_app.models.users import ROLES, User
from feedback_app.models.visits import (
    ChecklistItem,
    Visit,
    VisitAnswer,
    VisitChecklist,
    VisitLink,
)
from feedback_app.models.vocabulary import VOCABULARY_KINDS, VocabularyEntry

__all__ = [
    "CHANNELS",
    "PHASES",
    "ROLES",
    "VOCABULARY_KINDS",
    "VOTING_MODES",
    "AuditEntry",
    "BallotCard",
    "BlockedTerm",
    "BrainstormSession",
    "CandidateStandard",
    "ChecklistItem",
    "ClusterMember",
    "Comment",
    "ClusterRun",
    "CustomerSegment",
    "IdeaCluster",
    "Idea",
    "IdeaStatus",
    "IdeaSubmission",
    "Level",
    "Measurement",
    "Objective",
    "OrgSetting",
    "PairChoice",
    "Participant",
    "SessionEvent",
    "SessionEventCounter",
    "StandardVersion",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
    "Team",
    "User",
    "Visit",
    "VisitAnswer",
    "VisitChecklist",
    "VisitLink",
    "Vote",
    "VocabularyEntry",
]
