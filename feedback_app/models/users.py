"""Staff accounts (participants never have one)."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models.constraints import one_of

ROLES = ("admin", "manager", "facilitator", "shopper")
# Mystery shoppers file visit reports and see nothing else (feedback_app/visits/).
SHOPPER = "shopper"


class User(UserMixin, db.Model):
    """A staff member; email is stored lower-cased so uniqueness ignores case."""

    __tablename__ = "users"
    __table_args__ = (one_of("role", ROLES, name="role_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    # Bumped by logout, password changes and resets: ends every earlier session and token.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Set by an admin's reset: the user can do nothing but choose a new password.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    def get_id(self) -> str:
        """Keep the session epoch in the login cookie, so a bumped epoch ends the session."""
        return f"{self.id}:{self.session_epoch or 0}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def is_shopper(self) -> bool:
        """A mystery shopper: only the visit pages are theirs."""
        return self.role == SHOPPER

    @property
    def sees_all_sessions(self) -> bool:
        """Managers and admins oversee every session; facilitators their own."""
        return self.role in ("admin", "manager")

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
