"""Configuration defaults; environment variables and instance/config.py override them."""

import hashlib
import hmac
import os
import secrets
from datetime import timedelta
from pathlib import Path

SECRET_KEY_FILE = "secret_key"
SQLITE_FILE = "feedback.db"
# Our own connect arguments (taken out in feedback_app.database before psycopg sees the rest):
# how long the client waits for any answer, a little longer than the server's statement bound,
# and how long the pool's ping of an idle connection may take (the connect timeout).
READ_TIMEOUT_ARG = "feedback_read_timeout"
PING_TIMEOUT_ARG = "feedback_ping_timeout"
READ_MARGIN_S = 2.0


def installation_tag(secret_key: str) -> str:
    """A short name of this installation, the same in all its instances (they share SECRET_KEY,
    each must read the others' cookies) and no one else's: it keeps installations apart where
    they share a Redis server (event channel, job queue). Lower-case hex, a keyed digest that
    tells nothing of the key."""
    digest = hmac.new(secret_key.encode(), b"feedback_app installation", hashlib.sha256)
    return digest.hexdigest()[:20]


def defaults(instance_path: str) -> dict:
    """Return the default settings, read from the environment where set."""
    database_url = (
        os.environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / SQLITE_FILE}"
    )
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        # Seconds; SQLALCHEMY_ENGINE_OPTIONS is built from these by engine_options() once the
        # database URL is final (pool and timeouts for PostgreSQL, pre-ping for every engine).
        "DATABASE_CONNECT_TIMEOUT": _number("DATABASE_CONNECT_TIMEOUT", 5),
        "DATABASE_STATEMENT_TIMEOUT": _number("DATABASE_STATEMENT_TIMEOUT", 15),
        "DATABASE_POOL_SIZE": int(_number("DATABASE_POOL_SIZE", 5)),
        "DATABASE_MAX_OVERFLOW": int(_number("DATABASE_MAX_OVERFLOW", 10)),
        "DATABASE_POOL_TIMEOUT": _number("DATABASE_POOL_TIMEOUT", 10),
        "DATABASE_POOL_RECYCLE": int(_number("DATABASE_POOL_RECYCLE", 1800)),
        # Retry-After (seconds) on the 503 answered while the database is unreachable.
        "DATABASE_RETRY_AFTER": int(_number("DATABASE_RETRY_AFTER", 5)),
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are believed.
        "TRUSTED_PROXIES": int(_number("TRUSTED_PROXIES", 0)),
        # Staff are logged out after this many seconds without a request.
        "STAFF_IDLE_TIMEOUT": int(_number("STAFF_IDLE_TIMEOUT", 30 * 60)),
        # A participant's place in a session is forgotten by this browser this many hours after
        # their last visit to it (shared phones and kiosks); see cookie_lifetime().
        "PARTICIPANT_COOKIE_HOURS": _number("PARTICIPANT_COOKIE_HOURS", 12),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", ""),
        "API_TOKEN_MAX_AGE": int(os.environ.get("API_TOKEN_MAX_AGE", 12 * 3600)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 256 * 1024,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # No X-RateLimit-* headers: they cost two more reads of the store on every limited
        # request (a vote, an idea). A refused request still says when to retry (Retry-After).
        "RATELIMIT_HEADERS_ENABLED": False,
        # A rate-limit store that is down must not take the site down (readiness reports it).
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Failed logins only (a success resets them): per account from one client address
        # first, so nobody elsewhere can lock the real user out; then a per-account ceiling
        # above which each attempt waits a doubling delay (at most LOGIN_MAX_DELAY seconds);
        # and a generous ceiling per client address.
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per 5 minutes"),
        "LOGIN_ACCOUNT_SLOWDOWN": os.environ.get("LOGIN_ACCOUNT_SLOWDOWN", "30 per hour"),
        "LOGIN_MAX_DELAY": int(_number("LOGIN_MAX_DELAY", 60)),
        "LOGIN_RATE_LIMIT_PER_ADDRESS": os.environ.get(
            "LOGIN_RATE_LIMIT_PER_ADDRESS", "200 per 10 minutes"
        ),
        # Live events between processes: empty (one process), redis://… or postgresql://…
        "EVENT_BROKER_URL": os.environ.get("EVENT_BROKER_URL", ""),
        # Threads serving ordinary requests in each ASGI process (streams need none).
        "WEB_THREADS": int(os.environ.get("WEB_THREADS", 32)),
        # Joins per client address: generous, so a room of 1,000 behind one office NAT fits.
        "JOIN_RATE_LIMIT_PER_ADDRESS": os.environ.get(
            "JOIN_RATE_LIMIT_PER_ADDRESS", "2000 per 10 minutes"
        ),
        # Survey answers per client address (a keyed hash): a shop's Wi-Fi full of customers
        # fits; a script posting answers in a loop does not.
        "SURVEY_RATE_LIMIT_PER_ADDRESS": os.environ.get(
            "SURVEY_RATE_LIMIT_PER_ADDRESS", "200 per 10 minutes"
        ),
        # Ideas and votes per participant (their token, never their address).
        "PARTICIPANT_RATE_LIMIT": os.environ.get("PARTICIPANT_RATE_LIMIT", "30 per minute"),
        # Sessions with more visible ideas than this are clustered in a background thread.
        "CLUSTER_SYNC_LIMIT": int(os.environ.get("CLUSTER_SYNC_LIMIT", 3000)),
        # A running grouping whose heartbeat is older than this many seconds is given up as dead
        # (its worker restarted), so the facilitator can run it again at once.
        "CLUSTER_RUN_STALE_AFTER": int(os.environ.get("CLUSTER_RUN_STALE_AFTER", 120)),
        # redis://host:6379/N: big groupings (and the semantic method) go to an RQ queue that
        # `flask --app wsgi jobs-worker` works through, instead of a thread in the web worker.
        "JOB_QUEUE_URL": os.environ.get("JOB_QUEUE_URL", ""),
        # Empty: a queue of this installation's own (installation_tag), so that installations
        # sharing a Redis never work off each other's jobs against their own database.
        "JOB_QUEUE_NAME": os.environ.get("JOB_QUEUE_NAME", ""),
        "PASSWORD_HASH_PROFILE": os.environ.get("PASSWORD_HASH_PROFILE", "RFC_9106_LOW_MEMORY"),
    }


def _number(name: str, default: float) -> float:
    """A number from the environment (seconds, sizes), or the default when unset."""
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def cookie_lifetime(config) -> timedelta:
    """How long the signed cookie lives after the last request (unless set explicitly).

    Only participant entries make the cookie outlive the browser; they last
    PARTICIPANT_COOKIE_HOURS (each entry also expires by itself, see participate/tokens.py).
    Staff keep their own rule, the idle timeout, which is never cut short by this.
    """
    hours = timedelta(hours=config["PARTICIPANT_COOKIE_HOURS"])
    return max(hours, timedelta(seconds=config["STAFF_IDLE_TIMEOUT"]))


def engine_options(config) -> dict:
    """SQLAlchemy engine options for the configured database (unless set explicitly).

    Every engine pings a pooled connection before reuse, so a database that restarted is
    reconnected to. PostgreSQL also gets a bounded pool and timeouts: connecting gives up after
    DATABASE_CONNECT_TIMEOUT, the server cancels statements after DATABASE_STATEMENT_TIMEOUT,
    and feedback_app.database stops waiting for a server that never answers a little later
    (and for the ping of a pooled connection after DATABASE_CONNECT_TIMEOUT).
    """
    options = {"pool_pre_ping": True}
    if not is_postgresql(config["SQLALCHEMY_DATABASE_URI"]):
        return options  # SQLite: WAL and a busy timeout are set per connection (database.py)
    statement_s = config["DATABASE_STATEMENT_TIMEOUT"]
    connect_s = max(2, round(config["DATABASE_CONNECT_TIMEOUT"]))
    options.update(
        pool_size=config["DATABASE_POOL_SIZE"],
        max_overflow=config["DATABASE_MAX_OVERFLOW"],
        pool_timeout=config["DATABASE_POOL_TIMEOUT"],
        pool_recycle=config["DATABASE_POOL_RECYCLE"],
        connect_args={
            "connect_timeout": connect_s,
            "options": f"-c statement_timeout={int(statement_s * 1000)}",
            READ_TIMEOUT_ARG: statement_s + READ_MARGIN_S,
            PING_TIMEOUT_ARG: connect_s,
        },
    )
    return options


def is_postgresql(url: str) -> bool:
    """Whether a database URL names PostgreSQL."""
    return url.startswith(("postgresql", "postgres:"))


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
