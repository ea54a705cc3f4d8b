"""Backup and restore: round trips that compare every table row by row, refusals, snapshots,
and participant tokens that still work against the restored database.

SQLite → SQLite always; PostgreSQL → PostgreSQL and SQLite → PostgreSQL on databases of the
test's own (skipped without PostgreSQL unless FEEDBACK_REQUIRE_POSTGRES=1).
"""

import gzip
import json
from contextlib import ExitStack
from datetime import date

from flask_migrate import upgrade
from sqlalchemy import select, text

from feedback_app.database import schema_revisions
from feedback_app.extensions import db
from feedback_app.models import Idea, User
from feedback_app.models.segments import session_segments, standard_segments
from feedback_app.services import (
    accounts,
    ballots,
    clustering,
    comments,
    decisions,
    idea_submissions,
    measurements,
    objectives,
    pairwise,
    privacy,
    segments,
    standard_versions,
    standards,
    visits,
    vocabulary,
    voting,
    word_filter,
)
from feedback_app.services.backup import dump_lines
from tests import factories
from tests.conftest import make_app, reset_database, scratch_postgres_database
from tests.sample_ideas import THEMES

SECRET = "the same secret key on both sides"
SAMPLE = [text for texts in THEMES.values() for text in texts][:12]


def _migrated_app(tmp_path, url: str, name: str):
    folder = tmp_path / name
    folder.mkdir()
    app = make_app(folder, SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=SECRET)
    with app.app_context():
        upgrade()
        db.session.remove()
    return app


def _cli(app, *args: str):
    """Run a flask command as `flask --app wsgi ...` does: inside an app context."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=list(args))
        db.session.remove()
    return result


def _seed(app) -> dict:
    """An organisation with something in every table; return a participant's token and ids."""
    with app.app_context():
        owner = factories.make_user("facilitator", email="owner@example.com")
        admin = factories.make_user("admin", email="boss@example.com")
        accounts.reset_password(owner, admin)  # a forced change and a bumped epoch survive
        vocabulary.add_entry("synonym", "rep", "representative")
        word_filter.add_term("dimwit")
        privacy.set_min_group(7)
        session = factories.make_session(owner, phase="collecting", title="Restored session")
        ideas = factories.add_ideas(session, *SAMPLE)
        run = clustering.run_clustering(session)
        cluster = next(c for c in run.clusters if c.label != "Other")
        candidate = standards.promote_cluster(cluster, session)
        manager = factories.make_user("manager", email="decides@example.com")
        decisions.decide(candidate, "adopted", "Agreed at the review", manager)
        objectives.add_objective(
            candidate,
            manager,
            metric="Time to greet",
            target=10.5,
            unit="seconds",
            measured_by="Mystery shopper",
            owner_team="Front desk",
            review_date=date(2027, 3, 1),
        )
        standard_versions.publish(manager, "First version")  # and the audit trail
        participant, token = factories.join(session, factories.level_named("Supervisor").id)
        factories.move_to(session, "voting")
        voting.cast_vote(ideas[0].id, participant)
        comments.add_comment(ideas[0], participant, "And say when the refund arrives")
        ballots.issue_cards(session, 2)
        in_pairs = factories.make_session(owner, phase="collecting", voting_mode="pairwise")
        first, second = factories.add_ideas(in_pairs, "Offer water", "Offer a seat")
        judge, _ = factories.join(in_pairs)
        factories.move_to(in_pairs, "voting")
        pairwise.record_choice(in_pairs, judge, winner_id=first.id, loser_id=second.id)
        _seed_the_loop(manager, session, candidate, participant)
        found = {"token": token, "session": session.id, "idea": ideas[1].public_id}
        db.session.remove()
    return found


def _seed_the_loop(manager, session, candidate, participant) -> None:
    """Teams, segments and their tags, an idea sent with an idempotency key, a measurement, a
    survey with a response, and a mystery-shopping visit filed through a one-time link."""
    team = factories.make_team("Front desk").team
    participant.team_id = team.id
    db.session.commit()
    segment = segments.create_segment({"name": "Families", "channels": ["in person"]})
    segments.replace_tags(session_segments, session_segments.c.session_id, session.id, [segment.id])
    segments.replace_tags(
        standard_segments, standard_segments.c.standard_id, candidate.id, [segment.id]
    )
    objective = candidate.objectives[0]
    measurements.record_measurement(
        objective, manager, value=12, measured_on=date(2026, 11, 2), source="Spot check"
    )
    survey = factories.make_survey(manager)
    factories.answer_survey(survey, csat=4, steps=("yes",), nps=9, comment="Quick and kind")
    link, _ = visits.issue_link(manager, label="Agency", team_id=team.id)
    item = visits.current_checklist().items[0]
    report = {
        "team_id": team.id,
        "visited_on": "2026-11-03",
        "channel": "phone",
        "scores": {str(item.id): "yes"},
    }
    visits.file_visit(link, report, "backup-visit-1")
    retried = factories.make_session(session.owner, phase="collecting")
    author, _ = factories.join(retried)
    idea_submissions.submit_idea(retried, author, "Say the wait time aloud", "retry-key-1")


def _all_rows(app) -> dict[str, list[tuple]]:
    with app.app_context(), db.engine.connect() as connection:
        rows = {}
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns)
            rows[table.name] = [
                tuple(row) for row in connection.execute(select(table).order_by(*order))
            ]
        db.session.remove()
    return rows


def head_revision(app) -> str:
    """The newest migration: what a backup of a fully migrated database records."""
    with app.app_context():
        head = schema_revisions(app, db.engine)[1]
        db.session.remove()
    return head


def _round_trip(tmp_path, source_url: str, target_url: str) -> None:
    source = _migrated_app(tmp_path, source_url, "source")
    seeded = _seed(source)
    before = _all_rows(source)
    assert all(before[name] for name in before), [n for n, r in before.items() if not r]
    backup = tmp_path / "organisation.jsonl.gz"
    result = _cli(source, "backup", str(backup))
    assert result.exit_code == 0, result.output
    assert f"schema revision {head_revision(source)}" in result.output

    target = _migrated_app(tmp_path, target_url, "target")
    result = _cli(target, "restore", str(backup))
    assert result.exit_code == 0, result.output
    assert _all_rows(target) == before  # every table, row by row

    client = target.test_client()
    bearer = {"Authorization": f"Bearer {seeded['token']}"}
    listed = client.get(f"/api/v1/sessions/{seeded['session']}/ideas", headers=bearer)
    assert listed.status_code == 200
    assert len(listed.json) == len(SAMPLE)
    voted = client.post(f"/api/v1/ideas/{seeded['idea']}/vote", headers=bearer)
    assert voted.status_code == 201
    with target.app_context():
        new_user = factories.make_user(email="after-restore@example.com")  # ids go on
        assert new_user.id == max(row[0] for row in before["users"]) + 1
        assert db.session.scalar(select(User.must_change_password).where(User.id == 1)) is True
        db.session.remove()


def test_sqlite_to_sqlite_round_trip(tmp_path):
    _round_trip(tmp_path, f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}")


def test_postgresql_to_postgresql_round_trip(tmp_path):
    with ExitStack() as stack:
        source = stack.enter_context(scratch_postgres_database("feedback_backup"))
        target = stack.enter_context(scratch_postgres_database("feedback_restore"))
        _round_trip(tmp_path, source, target)


def test_sqlite_to_postgresql_round_trip(tmp_path):
    with scratch_postgres_database("feedback_restore") as target:
        _round_trip(tmp_path, f"sqlite:///{tmp_path / 'a.db'}", target)


def _rewrite(path, change) -> None:
    with gzip.open(path, "rt") as handle:
        lines = [json.loads(line) for line in handle]
    change(lines)
    with gzip.open(path, "wt") as handle:
        handle.writelines(json.dumps(line) + "\n" for line in lines)


def test_restore_refuses_another_revision_a_used_database_and_a_cut_file(tmp_path):
    source = _migrated_app(tmp_path, f"sqlite:///{tmp_path / 'a.db'}", "source")
    _seed(source)
    backup = tmp_path / "b.jsonl.gz"
    assert _cli(source, "backup", str(backup)).exit_code == 0
    before = _all_rows(source)

    refused = _cli(source, "restore", str(backup))
    assert refused.exit_code == 1
    assert "This database already holds data (blocked_terms, customer_segments, org_settings" in (
        refused.output
    )
    replaced = _cli(source, "restore", str(backup), "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert _all_rows(source) == before

    old = tmp_path / "old.jsonl.gz"
    old.write_bytes(backup.read_bytes())
    _rewrite(old, lambda lines: lines[0].update(schema_revision="0003_run_heartbeats"))
    target = _migrated_app(tmp_path, f"sqlite:///{tmp_path / 'c.db'}", "target")
    wrong = _cli(target, "restore", str(old))
    assert wrong.exit_code == 1
    assert "This backup is from schema revision 0003_run_heartbeats" in wrong.output

    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(backup.read_bytes())
    _rewrite(cut, lambda lines: lines.pop())
    assert "cut off" in _cli(target, "restore", str(cut)).output
    assert _all_rows(target)["users"] == []  # nothing half-restored


def test_the_dump_is_one_snapshot_while_the_app_keeps_writing(app):
    """Rows written after the dump began are not in it, even in tables read later."""
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade()
    session = factories.make_session(phase="collecting")
    factories.add_ideas(session, "Written before the backup")
    lines = dump_lines()
    header = next(lines)
    assert header["schema_revision"] == schema_revisions(app, db.engine)[1]
    current = next(lines)
    assert current["table"] == db.metadata.sorted_tables[0].name  # the snapshot is open
    factories.add_ideas(session, "Written during the backup")  # another connection commits
    texts = []
    for line in lines:
        if isinstance(line, dict) and "table" in line:
            current = line
        elif isinstance(line, list) and current["table"] == "ideas":
            texts.append(line[current["columns"].index("text")])
    assert texts == ["Written before the backup"]
    assert (
        db.session.scalar(select(Idea.text).order_by(Idea.id.desc())) == "Written during the backup"
    )
    reset_database()
