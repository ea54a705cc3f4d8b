"""Application factory: create_app() and the register_* helpers it calls."""

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from feedback_app import config
from feedback_app.extensions import csrf, db, limiter, login_manager, migrate
from feedback_app.web import converters
from feedback_app.web.request import SafeJsonRequest

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then the test mapping."""
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.request_class = SafeJsonRequest
    converters.init_app(app)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config.defaults(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.load_or_create_secret_key(app.instance_path)
    if not app.config.get("JOB_QUEUE_NAME"):
        app.config["JOB_QUEUE_NAME"] = "feedback_jobs_" + config.installation_tag(
            app.config["SECRET_KEY"]
        )
    flask_default = Flask.default_config["PERMANENT_SESSION_LIFETIME"]
    if app.config["PERMANENT_SESSION_LIFETIME"] == flask_default:  # not set by the deployment
        app.config["PERMANENT_SESSION_LIFETIME"] = config.cookie_lifetime(app.config)
    if "SQLALCHEMY_ENGINE_OPTIONS" not in app.config:
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = config.engine_options(app.config)

    # Nothing here touches the database: a worker that starts while the database is down
    # serves 503s and recovers by itself. `flask --app wsgi check-schema` runs before serving.
    register_proxies(app)
    register_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_staff_sessions(app)
    register_commands(app)
    register_template_helpers(app)
    log_text_backends(app)
    return app


def register_proxies(app: Flask) -> None:
    """Believe X-Forwarded-For/-Proto from exactly TRUSTED_PROXIES reverse proxies (default 0)."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def register_logging(app: Flask) -> None:
    """Keep client addresses and user agents out of the development server's request log."""
    from feedback_app.web.request_logs import init_app

    init_app(app)


def register_extensions(app: Flask) -> None:
    """Bind the bare extension objects and create the live-event broker."""
    from feedback_app import database  # noqa: F401  (registers the SQLite pragmas)
    from feedback_app.live.broker import broker_for, channel_for
    from feedback_app.services import health, login_throttle
    from feedback_app.services.accounts import user_for_session_id
    from feedback_app.services.events import BROKER_KEY

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        return user_for_session_id(user_id)

    channel = channel_for(app.config["SECRET_KEY"])  # this installation's, no one else's
    app.extensions[BROKER_KEY] = broker_for(app.config["EVENT_BROKER_URL"], channel)
    login_throttle.init_app(app)
    health.init_app(app)
    health.register_check(  # the broker in use: Redis pub/sub or PostgreSQL NOTIFY
        app,
        "event_broker",
        lambda app: app.extensions[BROKER_KEY].check(),
        applies=lambda config: bool(config.get("EVENT_BROKER_URL")),
    )


def register_blueprints(app: Flask) -> None:
    """Import the blueprint packages here, so no module imports the app."""
    from feedback_app import (
        admin,
        api,
        auth,
        decisions,
        facilitate,
        health,
        objectives,
        participate,
        results,
        segments,
        surveys,
        team_page,
        themes,
        visits,
        workspace,
    )

    for package in (
        auth,
        facilitate,
        participate,
        results,
        workspace,
        admin,
        themes,
        decisions,
        objectives,
        segments,
        team_page,
        visits,
        surveys,
        health,
    ):
        app.register_blueprint(package.bp)
    limiter.exempt(health.bp)
    api.init_app(app)


def register_error_handlers(app: Flask) -> None:
    """Map domain errors and HTTP errors to JSON for the API and pages for people."""
    from feedback_app.web import error_pages

    error_pages.init_app(app)


def register_security_headers(app: Flask) -> None:
    """Send the CSP and the other security headers with every response."""
    from feedback_app.web import http_headers

    http_headers.init_app(app)


def register_staff_sessions(app: Flask) -> None:
    """Log idle staff out and put a forced password change before everything else."""
    from feedback_app.web import staff_sessions

    staff_sessions.init_app(app)


def register_commands(app: Flask) -> None:
    """Add the flask commands (create-user, demo …)."""
    from feedback_app.cli import init_app

    init_app(app)


def register_template_helpers(app: Flask) -> None:
    """Expose labels and helpers that templates need, without logic in templates."""
    from feedback_app.web.presenters import init_app

    init_app(app)


def log_text_backends(app: Flask) -> None:
    """Say at start-up which clustering methods and optional NLTK data this machine has."""
    from feedback_app.services.text import available_backends, nltk_data_status

    backends = ", ".join(
        f"{name}={'yes' if ok else 'no'}" for name, ok in available_backends().items()
    )
    data = ", ".join(f"{name}={'yes' if ok else 'no'}" for name, ok in nltk_data_status().items())
    app.logger.info("idea grouping backends: %s; optional nltk_data: %s", backends, data)
