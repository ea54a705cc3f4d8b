"""Staff accounts: creation, login, passwords, roles, sessions and API tokens.

Every web session and API token carries the account's session epoch; logging out, changing
the password and an admin's reset bump it, so every earlier cookie and token stops working.
"""

import secrets

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select

from feedback_app import messages
from feedback_app.errors import Conflict, Forbidden, Unauthorized, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import ROLES, User
from feedback_app.services.login_throttle import (
    check_login_allowed,
    record_login_failure,
    record_login_success,
)
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
    check_password_strength(password, (email,))
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


def log_in(email: str, password: str, address: str) -> User:
    """Check the login throttle, then the password; only failures count, a success resets."""
    check_login_allowed(email, address)
    user = authenticate(email, password)
    if user is None:
        record_login_failure(email, address)
        raise Unauthorized(messages.LOGIN_FAILED, code="invalid_credentials")
    record_login_success(email, address)
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


def end_sessions(user: User) -> None:
    """Sign the user out everywhere: every earlier cookie and API token stops working."""
    user.session_epoch = (user.session_epoch or 0) + 1
    db.session.commit()


def _store_password(user: User, password: str, *, temporary: bool) -> None:
    user.password_hash = hash_password(password)
    user.must_change_password = temporary
    user.session_epoch = (user.session_epoch or 0) + 1


def set_password(user: User, password: str) -> None:
    """Replace a user's password; earlier sessions and API tokens stop working."""
    check_password_strength(password, (user.email,))
    _store_password(user, password, temporary=False)
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    """The user's own change: prove the current password, choose a strong, different one."""
    if not verify_password(user.password_hash, current or ""):
        text = messages.PASSWORD_CURRENT_WRONG
        raise ValidationFailed(text, fields={"current_password": text})
    if new == current:
        text = messages.PASSWORD_UNCHANGED
        raise ValidationFailed(text, fields={"password": text})
    set_password(user, new)


def reset_password(user: User, admin: User) -> str:
    """Give the user a temporary password that must be changed at the next login; return it."""
    if user.id == admin.id:
        raise Conflict(messages.PASSWORD_RESET_SELF)
    temporary = "-".join(secrets.token_urlsafe(4) for _ in range(3))
    _store_password(user, temporary, temporary=True)
    db.session.commit()
    return temporary


def session_id(user: User) -> str:
    """The id Flask-Login keeps in the cookie: the user and the epoch it was issued in."""
    return f"{user.id}:{user.session_epoch or 0}"


def user_for_session_id(value: str) -> User | None:
    """The active user a cookie's id names, if its epoch is still the current one."""
    user_id, _, epoch = (value or "").partition(":")
    if not (user_id.isdigit() and epoch.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or (user.session_epoch or 0) != int(epoch):
        return None
    return user


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def issue_api_token(user: User) -> str:
    """Sign a bearer token that expires and dies with a logout or a password change."""
    if user.must_change_password:
        raise Forbidden(messages.PASSWORD_CHANGE_REQUIRED, code="password_change_required")
    return _serializer().dumps({"u": user.id, "e": user.session_epoch or 0})


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
    if user is None or not user.active or user.must_change_password:
        return None
    return user if payload.get("e") == (user.session_epoch or 0) else None
