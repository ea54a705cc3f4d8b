"""Password hashing with Argon2 and a strength rule shared by every face."""

from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from feedback_app import messages
from feedback_app.errors import ValidationFailed

PASSWORD_MIN = 10
DEFAULT_PROFILE = "RFC_9106_LOW_MEMORY"
COMMON_PASSWORDS = frozenset(
    {
        "password",
        "password1",
        "password123",
        "1234567890",
        "12345678910",
        "qwertyuiop",
        "letmein123",
        "iloveyou12",
        "administrator",
        "welcome123",
        "changeme123",
        "feedback123",
        "customer123",
    }
)


@cache
def _hasher_for(profile: str) -> PasswordHasher:
    return PasswordHasher.from_parameters(getattr(profiles, profile))


def _hasher() -> PasswordHasher:
    """The configured Argon2id cost profile (tests use a cheap one to stay fast)."""
    return _hasher_for(current_app.config.get("PASSWORD_HASH_PROFILE", DEFAULT_PROFILE))


def hash_password(password: str) -> str:
    """Return an Argon2id hash to store."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Check a password against a stored hash without raising."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash(profile: str) -> str:
    return _hasher_for(profile).hash("not-a-real-password-at-all")


def spend_verification_time(password: str) -> None:
    """Verify against a dummy hash, so unknown emails take as long as wrong passwords."""
    profile = current_app.config.get("PASSWORD_HASH_PROFILE", DEFAULT_PROFILE)
    verify_password(_dummy_hash(profile), password)


def check_password_strength(password: str) -> None:
    """Refuse short, common or single-character passwords."""
    lowered = password.lower()
    weak = (
        len(password) < PASSWORD_MIN
        or lowered in COMMON_PASSWORDS
        or len(set(password)) < 4
        or lowered.isdigit()
    )
    if weak:
        raise ValidationFailed(
            messages.PASSWORD_WEAK.format(min=PASSWORD_MIN),
            fields={"password": messages.PASSWORD_WEAK.format(min=PASSWORD_MIN)},
        )
