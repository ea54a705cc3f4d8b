"""Organisation-wide settings an admin changes at run time (one row per setting)."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from feedback_app.extensions import db


class OrgSetting(db.Model):
    """A named setting and its value as text; the service that owns it parses and checks it."""

    __tablename__ = "org_settings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))

    def __repr__(self) -> str:
        return f"<OrgSetting {self.name}={self.value!r}>"
