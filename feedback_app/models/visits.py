"""Mystery shopping: checklists snapshotted from a published standard, one-time links for
external shoppers, and the visit reports with a scored answer per checklist item."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models.constraints import one_of

# How an item is scored: yes / partly / no, or 1 to 5 (the manager chooses per checklist).
SCALES = ("yes_partly_no", "one_to_five")
DEFAULT_SCALE = "yes_partly_no"
VISIT_CHANNELS = ("in person", "phone", "chat", "e-mail")
ITEM_TEXT_MAX = 1000  # a procedure step (300) or, for an item without steps, its statement
VISIT_NOTES_MAX = 2000
ANSWER_NOTE_MAX = 500
LINK_LABEL_MAX = 120
IDEMPOTENCY_KEY_MAX = 64


class VisitChecklist(db.Model):
    """A checklist generated from one published version of the standard; its items are a
    snapshot, so a later version never changes the reports filed against this one."""

    __tablename__ = "visit_checklists"
    __table_args__ = (one_of("scale", SCALES, name="scale_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    standard_version_id: Mapped[int] = mapped_column(ForeignKey("standard_versions.id"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    scale: Mapped[str] = mapped_column(String(20), default=DEFAULT_SCALE)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    items: Mapped[list["ChecklistItem"]] = relationship(
        back_populates="checklist", cascade="all, delete-orphan", order_by="ChecklistItem.position"
    )


class ChecklistItem(db.Model):
    """One procedure step of an adopted standard, with its protocol stage and its scale."""

    __tablename__ = "checklist_items"
    __table_args__ = (one_of("scale", SCALES, name="scale_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checklist_id: Mapped[int] = mapped_column(
        ForeignKey("visit_checklists.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    standard_id: Mapped[int] = mapped_column(Integer)  # the item's id in the version's snapshot
    standard_title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(String(ITEM_TEXT_MAX))
    protocol_stage: Mapped[str] = mapped_column(String(30))
    stage_label: Mapped[str] = mapped_column(String(60))
    scale: Mapped[str] = mapped_column(String(20))

    checklist: Mapped[VisitChecklist] = relationship(back_populates="items")


class VisitLink(db.Model):
    """A one-time link for an external shopper: only a keyed hash of its token is kept; it
    is good for one report until it expires."""

    __tablename__ = "visit_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(LINK_LABEL_MAX), default="", server_default="")
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), nullable=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    team = relationship("Team")


class Visit(db.Model):
    """A visit report: which team or location, when, through which channel, by whom (a
    shopper's account or a one-time link), and a scored answer per checklist item.

    ``idempotency_key`` is unique, so a form or API call sent twice files one report, even when
    both copies arrive at once; ``link_id`` is unique, so a link files one report at most.
    """

    __tablename__ = "visits"
    __table_args__ = (one_of("channel", VISIT_CHANNELS, name="channel_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checklist_id: Mapped[int] = mapped_column(ForeignKey("visit_checklists.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    visited_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(String(VISIT_NOTES_MAX), default="", server_default="")
    shopper_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    link_id: Mapped[int | None] = mapped_column(
        ForeignKey("visit_links.id", ondelete="SET NULL"), nullable=True, unique=True
    )
    idempotency_key: Mapped[str] = mapped_column(String(IDEMPOTENCY_KEY_MAX), unique=True)
    request_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    answers: Mapped[list["VisitAnswer"]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="VisitAnswer.item_id"
    )
    team = relationship("Team")
    checklist = relationship(VisitChecklist)


class VisitAnswer(db.Model):
    """The answer to one checklist item: the value given on the item's scale, its score
    from 0 to 1 (yes 1, partly 0.5, no 0; 1 to 5 as 0 to 1) and an optional note."""

    __tablename__ = "visit_answers"

    visit_id: Mapped[int] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_items.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[str] = mapped_column(String(10))
    score: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(String(ANSWER_NOTE_MAX), default="", server_default="")

    visit: Mapped[Visit] = relationship(back_populates="answers")
    item: Mapped[ChecklistItem] = relationship()
