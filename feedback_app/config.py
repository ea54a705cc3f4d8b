"""Configuration defaults; environment variables and instance/config.py override them."""

import os
import secrets
from pathlib import Path

SECRET_KEY_FILE = "secret_key"
SQLITE_FILE = "feedback.db"


def defaults(instance_path: str) -> dict:
    """Return the default settings, read from the environment where set."""
    database_url = (
        os.environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / SQLITE_FILE}"
    )
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", ""),
        "API_TOKEN_MAX_AGE": int(os.environ.get("API_TOKEN_MAX_AGE", 12 * 3600)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 256 * 1024,
        "CHECK_SCHEMA_ON_START": True,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Failed-login guard per email address, so a whole office behind one NAT is not
        # locked out by one person; plus a generous per-address ceiling.
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per 5 minutes"),
        "LOGIN_RATE_LIMIT_PER_ADDRESS": os.environ.get(
            "LOGIN_RATE_LIMIT_PER_ADDRESS", "100 per minute"
        ),
        # Live events between processes: empty (one process), redis://… or postgresql://…
        "EVENT_BROKER_URL": os.environ.get("EVENT_BROKER_URL", ""),
        # Threads serving ordinary requests in each ASGI process (streams need none).
        "WEB_THREADS": int(os.environ.get("WEB_THREADS", 32)),
        # Sessions with more visible ideas than this are clustered in a background thread.
        "CLUSTER_SYNC_LIMIT": int(os.environ.get("CLUSTER_SYNC_LIMIT", 3000)),
        # A running grouping whose heartbeat is older than this many seconds is given up as dead
        # (its worker restarted), so the facilitator can run it again at once.
        "CLUSTER_RUN_STALE_AFTER": int(os.environ.get("CLUSTER_RUN_STALE_AFTER", 120)),
        # redis://host:6379/N: big groupings (and the semantic method) go to an RQ queue that
        # `flask --app wsgi jobs-worker` works through, instead of a thread in the web worker.
        "JOB_QUEUE_URL": os.environ.get("JOB_QUEUE_URL", ""),
        "JOB_QUEUE_NAME": os.environ.get("JOB_QUEUE_NAME", "feedback"),
        "PASSWORD_HASH_PROFILE": os.environ.get("PASSWORD_HASH_PROFILE", "RFC_9106_LOW_MEMORY"),
    }


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for plain postgres:// URLs, as hosting providers hand them out."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_or_create_secret_key(instance_path: str) -> str:
    """Read the instance secret key, generating one (mode 0600) on first start."""
    path = Path(instance_path) / SECRET_KEY_FILE
    if path.exists():
        key = path.read_text().strip()
        if key:
            return key
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key
