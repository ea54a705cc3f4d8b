"""Admin extensions of the text pipeline's vocabulary: synonyms and protocol-stage words."""

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from feedback_app.extensions import db
from feedback_app.models.constraints import one_of

VOCABULARY_KINDS = ("synonym", "protocol")


class VocabularyEntry(db.Model):
    """A synonym (term → canonical word) or a protocol word (term → stage)."""

    __tablename__ = "vocabulary_entries"
    __table_args__ = (
        UniqueConstraint("kind", "term", name="uq_vocabulary_entries_kind_term"),
        one_of("kind", VOCABULARY_KINDS, name="kind_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    term: Mapped[str] = mapped_column(String(80))
    value: Mapped[str] = mapped_column(String(80))
