"""Application factory: create_app() and the register_* helpers it calls."""

import os
from pathlib import Path

import click
from flask import Flask

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

    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_commands(app)
    register_template_helpers(app)
    log_text_backends(app)
    if _should_check_schema(app):
        from feedback_app.database import exit_if_schema_behind

        with app.app_context():
            exit_if_schema_behind(app, db.engine)
    return app


def _should_check_schema(app: Flask) -> bool:
    """Check when serving (gunicorn, flask run), not while running maintenance commands."""
    if app.testing or not app.config["CHECK_SCHEMA_ON_START"]:
        return False
    context = click.get_current_context(silent=True)
    return context is None or context.info_name == "run"


def register_extensions(app: Flask) -> None:
    """Bind the bare extension objects and create the live-event broker."""
    from feedback_app import database  # noqa: F401  (registers the SQLite pragmas)
    from feedback_app.live.broker import broker_for
    from feedback_app.models import User
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
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None

    app.extensions[BROKER_KEY] = broker_for(app.config["EVENT_BROKER_URL"])


def register_blueprints(app: Flask) -> None:
    """Import the blueprint packages here, so no module imports the app."""
    from feedback_app import admin, api, auth, facilitate, participate, results, themes

    for package in (auth, facilitate, participate, results, admin, themes):
        app.register_blueprint(package.bp)
    api.init_app(app)


def register_error_handlers(app: Flask) -> None:
    """Map domain errors and HTTP errors to JSON for the API and pages for people."""
    from feedback_app.web import error_pages

    error_pages.init_app(app)


def register_security_headers(app: Flask) -> None:
    """Send the CSP and the other security headers with every response."""
    from feedback_app.web import http_headers

    http_headers.init_app(app)


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
