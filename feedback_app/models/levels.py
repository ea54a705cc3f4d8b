"""Management levels of the organisation, in order from the top."""

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from feedback_app.extensions import db

DEFAULT_LEVELS = (
    "Executive",
    "Senior management",
    "Middle management",
    "Supervisor",
    "Front-line staff",
)
LEVEL_NAME_MAX = 80


class Level(db.Model):
    """A level such as "Supervisor"; retired levels stay for history but are not offered."""

    __tablename__ = "levels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(LEVEL_NAME_MAX), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self) -> str:
        return f"<Level {self.id} {self.name!r}>"
