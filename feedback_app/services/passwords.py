"""Password hashing with Argon2 and a strength rule (zxcvbn) shared by every face."""

import re
from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from zxcvbn import zxcvbn

from feedback_app import messages
from feedback_app.errors import ValidationFailed

PASSWORD_MIN = 10
# zxcvbn's score 3 means at least about 10^8 guesses: far out of reach of a throttled online
# guesser (see services/login_throttle.py), and a password people can still remember.
PASSWORD_MIN_SCORE = 3
# zxcvbn's matching grows quickly with length; what follows the first 100 characters
# only makes a password stronger, so it is left out of the estimate.
ESTIMATE_PREFIX = 100
# Words of this product that make a password easier to guess here.
PRODUCT_WORDS = ("feedback", "feedback_app", "brainstorm", "standard", "service", "customer")
DEFAULT_PROFILE = "RFC_9106_LOW_MEMORY"


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


def password_problem(password: str, user_inputs: tuple[str, ...] = ()) -> str | None:
    """Say why a password is too weak (zxcvbn's warning and suggestion), or None if it is fine."""
    if len(password) < PASSWORD_MIN or len(set(password)) < 4:
        return messages.PASSWORD_WEAK.format(min=PASSWORD_MIN)
    words = [*PRODUCT_WORDS, *(part for text in user_inputs for part in _input_words(text))]
    estimate = zxcvbn(password[:ESTIMATE_PREFIX], user_inputs=words)
    if estimate["score"] >= PASSWORD_MIN_SCORE:
        return None
    feedback = estimate["feedback"]
    reasons = [feedback.get("warning") or "", *(feedback.get("suggestions") or [])[:1]]
    why = " ".join(reason for reason in reasons if reason) or messages.PASSWORD_LONGER
    return f"{messages.PASSWORD_TOO_GUESSABLE} {why}"


def _input_words(text: str) -> list[str]:
    """An email, its name and its parts count as guessable words for its owner."""
    text = text.lower()
    parts = [part for part in re.split(r"[^a-z0-9]+", text) if len(part) >= 3]
    return [text, text.split("@")[0], *parts]


def check_password_strength(password: str, user_inputs: tuple[str, ...] = ()) -> None:
    """Refuse a short or guessable password, saying why on the password field."""
    problem = password_problem(password, user_inputs)
    if problem:
        raise ValidationFailed(problem, fields={"password": problem})
