"""Migrations: the first migration builds exactly the models' schema, and the app checks it."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from feedback_app.database import schema_revisions
from feedback_app.extensions import db
from feedback_app.models.levels import DEFAULT_LEVELS
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


def test_app_refuses_to_start_on_an_old_schema(app, tmp_path, capsys):
    _empty_database()
    with pytest.raises(SystemExit) as caught:
        make_app(tmp_path, TESTING=False)
    assert caught.value.code == 3
    assert "flask --app wsgi db upgrade" in capsys.readouterr().err
    upgrade()
    assert make_app(tmp_path, TESTING=False).name == "feedback_app"
