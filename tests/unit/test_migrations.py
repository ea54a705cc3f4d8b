"""Migrations: the first migration builds exactly the models' schema, and the app checks it."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from feedback_app.database import schema_revisions
from feedback_app.extensions import db
from feedback_app.models.levels import DEFAULT_LEVELS
from feedback_app.models.public_ids import looks_like_public_id
from tests.conftest import make_app


def _empty_database():
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def test_upgrade_builds_the_models_schema_and_seeds_levels(app):
    _empty_database()
    upgrade()
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        names = [
            row[0] for row in connection.execute(text("SELECT name FROM levels ORDER BY position"))
        ]
    assert diff == []
    assert names == list(DEFAULT_LEVELS)
    current, head = schema_revisions(app, db.engine)
    assert current == head is not None


def test_downgrade_removes_everything(app):
    _empty_database()
    upgrade()
    downgrade(revision="base")
    with db.engine.connect() as connection:
        tables = set(db.inspect(connection).get_table_names()) - {"alembic_version"}
    assert tables == set()


def test_check_schema_command_refuses_an_old_schema_but_workers_still_start(app, tmp_path):
    _empty_database()
    worker = make_app(tmp_path, TESTING=False)  # as gunicorn builds it: it must not exit
    ready = worker.test_client().get("/readyz")
    assert ready.status_code == 503
    assert ready.json["failed"] == ["schema"]
    result = app.test_cli_runner().invoke(args=["check-schema"])
    assert result.exit_code == 3
    assert "Run:  flask --app wsgi db upgrade" in result.output
    upgrade()
    result = app.test_cli_runner().invoke(args=["check-schema"])
    assert result.exit_code == 0, result.output
    assert f"up to date ({schema_revisions(app, db.engine)[1]})" in result.output
    assert worker.test_client().get("/readyz").json["status"] == "ready"


def _add_run(connection, run_id: int, session_id: int, status: str, *, beat: bool) -> None:
    """Insert a run as the old schema (beat=False) or the new one (with a heartbeat) takes it."""
    columns = (
        "id, session_id, backend, k, idea_count, status, progress, near_duplicates, created_at"
    )
    values = ":id, :session, 'nltk', 0, 3, :status, 5, '[]', '2026-11-26 09:00:00'"
    if beat:
        columns, values = columns + ", heartbeat_at", values + ", '2026-11-26 09:00:00'"
    connection.execute(
        text(f"INSERT INTO cluster_runs ({columns}) VALUES ({values})"),
        {"id": run_id, "session": session_id, "status": status},
    )


def test_upgrade_gives_old_runs_a_heartbeat_and_leaves_one_running_per_session(app):
    _empty_database()
    upgrade(revision="0002_clusters")
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, email, password_hash, role, active, created_at)"
                " VALUES (1, 'f@example.com', 'x', 'facilitator', true, '2026-11-26 08:00:00')"
            )
        )
        for session_id, code in ((1, "AAAAAA"), (2, "BBBBBB")):
            connection.execute(
                text(
                    "INSERT INTO brainstorm_sessions (id, title, prompt, target_level_id,"
                    " voting_mode, phase, join_code, owner_id, results_public, language,"
                    " created_at) VALUES (:id, 't', 'p', 1, 'upvote', 'collecting', :code, 1,"
                    " false, 'english', '2026-11-26 08:00:00')"
                ),
                {"id": session_id, "code": code},
            )
        for run_id, session_id, status in ((1, 1, "running"), (2, 1, "running"), (3, 2, "done")):
            _add_run(connection, run_id, session_id, status, beat=False)
    upgrade()
    with db.engine.begin() as connection:
        rows = connection.execute(
            text("SELECT id, status, error, heartbeat_at, started_at FROM cluster_runs ORDER BY id")
        ).all()
    assert [(row.id, row.status, row.error) for row in rows] == [
        (
            1,
            "failed",
            "The grouping stopped because the server running it restarted. Run it again.",
        ),
        (2, "running", None),
        (3, "done", None),
    ]
    assert {str(row.heartbeat_at)[:19] for row in rows} == {"2026-11-26 09:00:00"}
    assert {row.started_at for row in rows} == {None}
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        _add_run(
            connection, 4, 1, "running", beat=True
        )  # the index allows one running run per session
    with db.engine.begin() as connection:
        _add_run(connection, 5, 2, "running", beat=True)


def test_rebuilding_tables_on_sqlite_keeps_every_child_row(app):
    """Batch mode copies and drops tables on SQLite: foreign keys must not cascade the drop."""
    from feedback_app.services import clustering
    from feedback_app.services.voting import cast_vote
    from tests.factories import add_ideas, join, make_session, move_to
    from tests.sample_ideas import THEMES

    _empty_database()
    upgrade()
    session = make_session(phase="collecting")
    ideas = add_ideas(session, *THEMES["refund"], *THEMES["greet"])
    clustering.run_clustering(session, k=2)
    move_to(session, "voting")
    cast_vote(ideas[0].id, join(session)[0])
    survivors = ["brainstorm_sessions", "ideas", "votes", "participants", "cluster_runs"]
    survivors += ["clusters", "cluster_members", "session_contributing_levels"]

    def counts():
        db.session.remove()
        with db.engine.connect() as connection:
            return {
                table: connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar()
                for table in survivors
            }

    before = counts()
    assert min(before.values()) > 0
    downgrade(revision="0003_run_heartbeats")
    upgrade()
    assert counts() == before


def test_upgrade_gives_every_existing_idea_comment_and_participant_its_own_public_id(app):
    """Rows written before 0011 get distinct random public ids; new rows get theirs too."""
    _empty_database()
    upgrade(revision="0010_teams_segments")
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, email, password_hash, role, active, created_at)"
                " VALUES (1, 'f@example.com', 'x', 'facilitator', true, '2026-11-26 08:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO brainstorm_sessions (id, title, prompt, target_level_id,"
                " voting_mode, phase, join_code, owner_id, results_public, language,"
                " created_at) VALUES (1, 't', 'p', 1, 'upvote', 'collecting', 'AAAAAA', 1,"
                " false, 'english', '2026-11-26 08:00:00')"
            )
        )
        for n in range(1, 1203):  # more than two batches of the backfill
            connection.execute(
                text("INSERT INTO participants (id, session_id, token_hash) VALUES (:n, 1, :h)"),
                {"n": n, "h": f"{n:064x}"},
            )
        for n in range(1, 31):
            connection.execute(
                text(
                    "INSERT INTO ideas (id, session_id, participant_id, text, status,"
                    " created_at) VALUES (:n, 1, :n, :t, 'visible', '2026-11-26 08:00:00')"
                ),
                {"n": n, "t": f"Idea {n}"},
            )
            connection.execute(
                text(
                    "INSERT INTO comments (id, idea_id, participant_id, text, status,"
                    " created_at) VALUES (:n, :n, :n, 'A comment', 'visible',"
                    " '2026-11-26 08:00:00')"
                ),
                {"n": n},
            )
    upgrade()
    with db.engine.connect() as connection:
        for table, rows in (("participants", 1202), ("ideas", 30), ("comments", 30)):
            ids = connection.execute(text(f"SELECT public_id FROM {table}")).scalars().all()
            assert len(ids) == len(set(ids)) == rows, table
            assert all(looks_like_public_id(value) for value in ids), table
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE ideas SET public_id = (SELECT public_id FROM ideas WHERE id = 2)"
                " WHERE id = 1"
            )
        )
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(text("UPDATE comments SET public_id = NULL WHERE id = 1"))


def test_survey_sources_come_with_0016_and_fall_back_to_manual_without_it(app):
    """The widened check takes the survey sources; going back, their objectives keep the
    values entered by hand, and the narrow check refuses the survey sources again."""
    from feedback_app.services import decisions, objectives
    from tests.factories import make_candidate, make_user

    _empty_database()
    upgrade()
    manager = make_user("manager")
    standard = make_candidate(None, "Greet every customer", "Say hello to every customer")
    decisions.decide(standard, "adopted", "Agreed", manager)
    for source, unit in (("survey_nps", "points"), ("mystery_shopping", "percent")):
        objectives.add_objective(
            standard,
            manager,
            metric=source,
            target=50,
            unit=unit,
            measured_by="x",
            measured_from=source,
        )
    db.session.remove()
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(text("UPDATE objectives SET measured_from = 'survey_mood'"))
    downgrade(revision="0015_measurements")
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT metric, measured_from FROM objectives")).all()
    assert sorted(rows) == [("mystery_shopping", "mystery_shopping"), ("survey_nps", "manual")]
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(text("UPDATE objectives SET measured_from = 'survey_csat'"))
    upgrade()
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE objectives SET measured_from = 'survey_step'"))
