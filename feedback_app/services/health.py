"""Readiness: a small registry of named checks of what the app needs in order to serve.

Each check has a name, a probe that raises when the thing is not ready, and a rule saying
whether it applies to this configuration (Redis checks only when their URL is set). Another
part of the app adds or replaces one with `register_check(app, name, probe, applies=...)`
from its init_app; /readyz reports every check by name only (ok, failed or skipped).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask import Flask, current_app
from redis import Redis
from sqlalchemy import text

from feedback_app.extensions import db

EXTENSION_KEY = "feedback_readiness_checks"
PROBE_TIMEOUT_S = 2  # a readiness probe must answer before the load balancer gives up


def _always(_config: Mapping) -> bool:
    return True


@dataclass(frozen=True)
class ReadinessCheck:
    """One named thing the app needs; `requires` names checks that must pass first."""

    name: str
    probe: Callable[[Flask], None]
    applies: Callable[[Mapping], bool] = _always
    requires: tuple[str, ...] = field(default_factory=tuple)


def _database(_app: Flask) -> None:
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def _schema(app: Flask) -> None:
    from feedback_app.database import schema_problem

    problem = schema_problem(app, db.engine)
    if problem:
        raise RuntimeError(problem)


def _redis_at(setting: str) -> Callable[[Flask], None]:
    """A probe that pings the Redis whose URL is in the setting."""

    def probe(app: Flask) -> None:
        client = Redis.from_url(
            app.config[setting],
            socket_connect_timeout=PROBE_TIMEOUT_S,
            socket_timeout=PROBE_TIMEOUT_S,
        )
        try:
            client.ping()
        finally:
            client.close()

    return probe


def _rate_limits(app: Flask) -> None:
    from limits.storage import storage_from_string

    from feedback_app.services.login_throttle import storage_options

    uri = app.config["RATELIMIT_STORAGE_URI"]
    if not storage_from_string(uri, **storage_options(uri)).check():
        raise RuntimeError("rate-limit storage does not answer")


def _shared_rate_limits(config: Mapping) -> bool:
    return not config.get("RATELIMIT_STORAGE_URI", "memory://").startswith("memory")


DEFAULT_CHECKS = (
    ReadinessCheck("database", _database),
    ReadinessCheck("schema", _schema, requires=("database",)),
    ReadinessCheck("rate_limits", _rate_limits, applies=_shared_rate_limits),
    ReadinessCheck(
        "job_queue", _redis_at("JOB_QUEUE_URL"), applies=lambda c: bool(c.get("JOB_QUEUE_URL"))
    ),
    # The live-events broker (another part of the app) may replace this probe with its own.
    ReadinessCheck(
        "event_broker",
        _redis_at("EVENT_BROKER_URL"),
        applies=lambda c: bool(c.get("EVENT_BROKER_URL")),
    ),
)


def init_app(app: Flask) -> None:
    """Start the app's registry with the default checks."""
    app.extensions[EXTENSION_KEY] = {check.name: check for check in DEFAULT_CHECKS}


def register_check(
    app: Flask,
    name: str,
    probe: Callable[[Flask], None],
    applies: Callable[[Mapping], bool] = _always,
    requires: tuple[str, ...] = (),
) -> None:
    """Add a readiness check, or replace the one with the same name."""
    app.extensions[EXTENSION_KEY][name] = ReadinessCheck(name, probe, applies, requires)


def readiness() -> dict[str, str]:
    """Run every check: name → "ok", "failed" or "skipped" (never why: no data leaves)."""
    app = current_app._get_current_object()
    results: dict[str, str] = {}
    for check in app.extensions[EXTENSION_KEY].values():
        if not check.applies(app.config):
            results[check.name] = "skipped"
            continue
        if any(results.get(name) != "ok" for name in check.requires):
            results[check.name] = "failed"  # cannot be ready when what it needs is not
            continue
        try:
            check.probe(app)
        except Exception as error:  # any failure means "not ready"; the log says which
            app.logger.warning("readiness check %s failed: %s", check.name, type(error).__name__)
            results[check.name] = "failed"
        else:
            results[check.name] = "ok"
    return results
