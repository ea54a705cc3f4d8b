"""Staff accounts: creation, login, roles and API tokens."""

import hashlib

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select

from feedback_app import messages
from feedback_app.errors import Conflict, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import ROLES, User
from feedback_app.services.passwords import (
    check_password_strength,
    hash_password,
    spend_verification_time,
    verify_password,
)

TOKEN_SALT = "feedback_app.api-token"


def normalise_email(email: str) -> str:
    """Validate an email address and return its canonical lower-case form."""
    try:
        checked = validate_email((email or "").strip(), check_deliverability=False)
    except EmailNotValidError:
        raise ValidationFailed(
            messages.EMAIL_INVALID, fields={"email": messages.EMAIL_INVALID}
        ) from None
    return checked.normalized.lower()


def check_role(role: str) -> str:
    """Refuse a role the product does not know."""
    if role not in ROLES:
        text = messages.ROLE_UNKNOWN.format(roles=", ".join(ROLES))
        raise ValidationFailed(text, fields={"role": text})
    return role


def find_user_by_email(email: str) -> User | None:
    """Look a user up by email, ignoring case."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(email: str, password: str, role: str) -> User:
    """Create an active staff account after checking every rule."""
    email = normalise_email(email)
    check_role(role)
    check_password_strength(password)
    if find_user_by_email(email) is not None:
        raise Conflict(messages.EMAIL_TAKEN, fields={"email": messages.EMAIL_TAKEN})
    user = User(email=email, password_hash=hash_password(password), role=role, active=True)
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with these credentials, or None."""
    user = find_user_by_email(email or "")
    if user is None:
        spend_verification_time(password or "")
        return None
    if not verify_password(user.password_hash, password or "") or not user.active:
        return None
    return user


def list_users() -> list[User]:
    """Every staff account, admins first."""
    order = {role: index for index, role in enumerate(ROLES)}
    users = db.session.scalars(select(User).order_by(User.email)).all()
    return sorted(users, key=lambda user: order[user.role])


def _active_admin_count() -> int:
    query = select(func.count(User.id)).where(User.role == "admin", User.active.is_(True))
    return db.session.scalar(query)


def update_user(user: User, *, role: str | None = None, active: bool | None = None) -> User:
    """Change a user's role or active flag, never leaving the product without an admin."""
    new_role = check_role(role) if role is not None else user.role
    new_active = user.active if active is None else active
    loses_admin = user.role == "admin" and user.active and (new_role != "admin" or not new_active)
    if loses_admin and _active_admin_count() <= 1:
        raise Conflict(messages.LAST_ADMIN)
    user.role = new_role
    user.active = new_active
    db.session.commit()
    return user


def set_password(user: User, password: str) -> None:
    """Replace a user's password; API tokens issued before stop working."""
    check_password_strength(password)
    user.password_hash = hash_password(password)
    db.session.commit()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def _password_fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def issue_api_token(user: User) -> str:
    """Sign a bearer token that expires and dies with a password change."""
    return _serializer().dumps({"u": user.id, "p": _password_fingerprint(user)})


def user_for_api_token(token: str) -> User | None:
    """Return the active user a bearer token belongs to, or None."""
    max_age = current_app.config["API_TOKEN_MAX_AGE"]
    try:
        payload = _serializer().loads(token, max_age=max_age)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    user = db.session.get(User, payload["u"])
    if user is None or not user.active or payload.get("p") != _password_fingerprint(user):
        return None
    return user
