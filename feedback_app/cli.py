"""Flask commands: create-user, demo, jobs-worker, check-schema, backup and restore."""

import sys

import click
from flask import Flask

from feedback_app.database import OUTAGE_ERRORS
from feedback_app.errors import DomainError
from feedback_app.models import ROLES


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the account may do.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(email: str, role: str, password_stdin: bool) -> None:
    """Create a staff account (asks for the password twice unless --password-stdin)."""
    from feedback_app.services.accounts import create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, password, role)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Created {user.role} account {user.email}.")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only load when the database has no sessions.")
def demo_command(if_empty: bool) -> None:
    """Load a realistic demo organisation (idempotent)."""
    from flask import current_app

    from feedback_app.services.demo import load_demo

    report = load_demo(current_app.instance_path, only_if_empty=if_empty)
    click.echo(report.summary())


@click.command("jobs-worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def jobs_worker_command(burst: bool) -> None:
    """Run queued background jobs (big groupings …) from JOB_QUEUE_URL until stopped."""
    from feedback_app.services import jobs

    if not jobs.queue_configured():
        raise click.ClickException("Set JOB_QUEUE_URL=redis://host:6379/N to use a job queue.")
    jobs.work(burst=burst)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="0.0.0.0: the local network.")
@click.option("--port", default=5000, show_default=True, type=int)
def serve_command(host: str, port: int) -> None:
    """Serve the app with live streams (uvicorn, one process); phones join on the LAN address."""
    from flask import current_app

    from feedback_app.live.asgi import LiveApp
    from feedback_app.live.server import lan_address, serve

    app = current_app._get_current_object()
    if host == "0.0.0.0" and not app.config.get("PUBLIC_BASE_URL"):
        address = lan_address()
        if address:  # join links and QR codes must point where phones in the room can go
            app.config["PUBLIC_BASE_URL"] = f"http://{address}:{port}"
            click.echo(f"  Phones join at {app.config['PUBLIC_BASE_URL']}/join")
    serve(LiveApp(app), host, port)


@click.command("check-schema")
def check_schema_command() -> None:
    """Before serving: exit 3 if the schema is behind the code, 4 if the database is down."""
    from flask import current_app

    from feedback_app.database import DATABASE_UNREACHABLE, SCHEMA_BEHIND, schema_revisions
    from feedback_app.extensions import db

    try:
        current, head = schema_revisions(current_app, db.engine)
    except OUTAGE_ERRORS as error:
        cause = getattr(error, "orig", None) or error
        click.echo(DATABASE_UNREACHABLE.format(error=str(cause).strip()), err=True)
        raise SystemExit(4) from None
    if current != head:
        click.echo(SCHEMA_BEHIND.format(current=current or "empty", head=head), err=True)
        raise SystemExit(3)
    click.echo(f"The database schema is up to date ({head}).")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
def backup_command(file: str) -> None:
    """Write a consistent backup of every table to FILE (gzip JSON lines)."""
    from feedback_app.services.backup import write_backup

    try:
        report = write_backup(file)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Backed up {report.summary()} to {file}")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--replace", is_flag=True, help="Overwrite a database that already holds data.")
def restore_command(file: str, replace: bool) -> None:
    """Restore FILE into this (migrated) database, in one transaction."""
    from feedback_app.services.backup import restore_backup

    try:
        report = restore_backup(file, replace=replace)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Restored {report.summary()}")


def init_app(app: Flask) -> None:
    """Register the commands on the app."""
    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(serve_command)
    app.cli.add_command(jobs_worker_command)
    app.cli.add_command(check_schema_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
