"""Flask commands: create-user and demo."""

from pathlib import Path

from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Idea, Participant, User, Vote
from feedback_app.services.accounts import authenticate


def test_create_user_reads_the_password_from_stdin(runner):
    result = runner.invoke(
        args=["create-user", "Lead@Example.com", "--role", "admin", "--password-stdin"],
        input="a long enough passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created admin account lead@example.com" in result.output
    assert authenticate("lead@example.com", "a long enough passphrase").role == "admin"


def test_create_user_asks_twice_and_refuses_a_mismatch(runner):
    result = runner.invoke(
        args=["create-user", "ana@example.com", "--role", "facilitator"],
        input="first passphrase long\nsecond passphrase long\n"
        "first passphrase long\nfirst passphrase long\n",
    )
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output
    assert authenticate("ana@example.com", "first passphrase long") is not None


def test_create_user_refuses_weak_and_duplicate(runner):
    weak = runner.invoke(
        args=["create-user", "a@example.com", "--role", "manager", "--password-stdin"],
        input="abc\n",
    )
    assert weak.exit_code == 1
    assert "at least 10 characters" in weak.output
    ok = ["create-user", "a@example.com", "--role", "manager", "--password-stdin"]
    assert runner.invoke(args=ok, input="a decent passphrase\n").exit_code == 0
    duplicate = runner.invoke(
        args=["create-user", "A@EXAMPLE.COM", "--role", "admin", "--password-stdin"],
        input="another decent passphrase\n",
    )
    assert duplicate.exit_code == 1
    assert "already exists" in duplicate.output
    bad_role = runner.invoke(args=["create-user", "b@example.com", "--role", "owner"])
    assert bad_role.exit_code == 2


def test_create_user_says_why_a_password_is_guessable(runner):
    result = runner.invoke(
        args=["create-user", "c@example.com", "--role", "admin", "--password-stdin"],
        input="Welcome2024\n",
    )
    assert result.exit_code == 1
    assert "This password is too easy to guess. Add another word or two." in result.output
    assert authenticate("c@example.com", "Welcome2024") is None


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_loads_a_realistic_organisation_once(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "facilitator@example.com  password:" in first.output
    sessions = db.session.scalars(select(BrainstormSession)).all()
    assert sorted(s.phase for s in sessions) == ["collecting", "results", "voting"]
    assert len({s.target_level_id for s in sessions}) == 3
    assert _count(Idea) >= 60
    assert _count(Vote) > 0
    counts = (
        _count(User),
        _count(BrainstormSession),
        _count(Idea),
        _count(Vote),
        _count(Participant),
    )

    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert (
        _count(User),
        _count(BrainstormSession),
        _count(Idea),
        _count(Vote),
        _count(Participant),
    ) == counts

    logins = Path(app.instance_path) / "demo_logins.txt"
    email, password = logins.read_text().splitlines()[2].split()
    assert email == "facilitator@example.com"
    assert authenticate(email, password).role == "facilitator"


def test_demo_if_empty_leaves_a_used_database_alone(runner):
    from tests.factories import make_session

    make_session()
    result = runner.invoke(args=["demo", "--if-empty"])
    assert "not loaded" in result.output
    assert _count(BrainstormSession) == 1


def test_jobs_worker_says_what_to_configure_without_a_queue(runner):
    result = runner.invoke(args=["jobs-worker", "--burst"])
    assert result.exit_code == 1
    assert "Set JOB_QUEUE_URL=redis://host:6379/N to use a job queue." in result.output


def test_check_schema_says_when_the_database_cannot_be_reached(tmp_path):
    from tests.conftest import make_app

    app = make_app(
        tmp_path,
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://postgres@127.0.0.1:1/nowhere",
        DATABASE_CONNECT_TIMEOUT=2,
    )
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["check-schema"])
    assert result.exit_code == 4
    assert result.output.startswith("The database cannot be reached: ")
