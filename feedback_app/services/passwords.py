"""Password hashing with Argon2 and a strength rule shared by every face."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from feedback_app import messages
from feedback_app.errors import ValidationFailed

PASSWORD_MIN = 10
_hasher = PasswordHasher()
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


def hash_password(password: str) -> str:
    """Return an Argon2id hash to store."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Check a password against a stored hash without raising."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


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
