"""Customer surveys: a short questionnaire built from the standard, answered anonymously on a
phone (or imported from another tool), and the answers it collected."""

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models.constraints import one_of

SURVEY_TITLE_MAX = 120
QUESTION_TEXT_MAX = 200
COMMENT_MAX = 1000
SURVEY_STATUSES = ("draft", "open", "closed")
QUESTION_KINDS = ("csat", "step", "nps")
RESPONSE_SOURCES = ("web", "api", "import")


class Survey(db.Model):
    """A survey shared by a short link: its title, tags and whether it takes answers."""

    __tablename__ = "surveys"
    __table_args__ = (one_of("status", SURVEY_STATUSES, name="status_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The short link's code (/s/<code>), random, never a count that tells how many exist.
    code: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(SURVEY_TITLE_MAX))
    comment_prompt: Mapped[str] = mapped_column(String(QUESTION_TEXT_MAX))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    # The published version of the standard the questions were built from (None: the steps).
    standard_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), nullable=True
    )
    segment_id: Mapped[int | None] = mapped_column(
        ForeignKey("customer_segments.id", ondelete="SET NULL"), nullable=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    questions: Mapped[list["SurveyQuestion"]] = relationship(
        back_populates="survey",
        cascade="all, delete-orphan",
        order_by="SurveyQuestion.position",
    )
    team = relationship("Team")
    segment = relationship("CustomerSegment")

    def __repr__(self) -> str:
        return f"<Survey {self.id} {self.title!r}>"


class SurveyQuestion(db.Model):
    """One question: CSAT (1-5), a protocol step (yes/partly/no) or NPS (0-10)."""

    __tablename__ = "survey_questions"
    __table_args__ = (one_of("kind", QUESTION_KINDS, name="kind_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(String(QUESTION_TEXT_MAX))
    # The protocol step a step question checks (None for CSAT and NPS).
    protocol_stage: Mapped[str | None] = mapped_column(String(30), nullable=True)

    survey: Mapped[Survey] = relationship(back_populates="questions")


class SurveyResponse(db.Model):
    """One respondent's answers. Nothing about the respondent: no address, device, account or
    time of day; the day only, and a keyed hash of a random cookie (one answer per browser).
    """

    __tablename__ = "survey_responses"
    __table_args__ = (
        UniqueConstraint("survey_id", "browser_hash"),
        one_of("source", RESPONSE_SOURCES, name="source_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    answered_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(10))
    browser_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), nullable=True
    )
    segment_id: Mapped[int | None] = mapped_column(
        ForeignKey("customer_segments.id", ondelete="SET NULL"), nullable=True
    )
    comment: Mapped[str | None] = mapped_column(String(COMMENT_MAX), nullable=True)

    answers: Mapped[list["SurveyAnswer"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class SurveyAnswer(db.Model):
    """The value a response gave one question (a step's yes/partly/no is 2/1/0)."""

    __tablename__ = "survey_answers"

    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[int] = mapped_column(Integer)
