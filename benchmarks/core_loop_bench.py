"""Throughput of the core loop (join, add idea, vote, rank) through the real request path.

Runs the app in-process (Flask test client, no network) against a fresh SQLite file and,
with --postgres URL, against PostgreSQL too. The baseline, measured in the same run on the
same database, is a bare SQLAlchemy Core INSERT of the same rows: the ratio shows what the
request path (routing, auth, validation, phase checks, JSON) costs on top of the write.

    .venv/bin/python benchmarks/core_loop_bench.py [--participants 300] [--postgres URL]
"""

import argparse
import secrets
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from feedback_app import create_app
from feedback_app.extensions import db
from feedback_app.services import accounts, phases, sessions
from feedback_app.services.levels import list_levels, seed_default_levels

VOTES_PER_PERSON = 5
RANKING_READS = 50
STAFF_EMAIL = "bench@example.com"
STAFF_PASSWORD = "benchmark passphrase"
BARE_INSERT = text(
    "INSERT INTO votes (idea_id, participant_id, value) VALUES (:idea_id, :participant_id, 1)"
)


def build_app(database_url: str, instance: str):
    """An app on an emptied database (the schema made afresh)."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secrets.token_hex(32),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "PASSWORD_HASH_PROFILE": "CHEAPEST",
        },
        instance_path=instance,
    )
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        seed_default_levels()
    return app


def timed(label: str, count: int, action) -> float:
    """Run an action once, print its rate and return it."""
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    print(f"  {label:<34} {count:>6} in {seconds:6.2f} s = {count / seconds:8.0f}/s")
    return count / seconds


def start_session(app) -> tuple[int, str]:
    """A facilitator and a session that collects ideas."""
    with app.app_context():
        user = accounts.create_user(STAFF_EMAIL, STAFF_PASSWORD, "facilitator")
        level_id = list_levels()[0].id
        session = sessions.create_session(
            user, title="Bench", prompt="What should we do?", target_level_id=level_id
        )
        phases.change_phase(session, "collecting")
        return session.id, session.join_code


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def drive_requests(app, client, participants: int) -> tuple[float, list[int]]:
    """Join, add ideas, vote and rank through the API; return the vote rate and idea ids."""
    session_id, code = start_session(app)
    tokens, idea_ids = [], []

    def join_all():
        for _ in range(participants):
            tokens.append(
                client.post("/api/v1/join", json={"code": code}).json["participant_token"]
            )

    def add_all():
        for n, token in enumerate(tokens):
            body = {"text": f"Idea number {n}: greet customers within ten seconds"}
            url = f"/api/v1/sessions/{session_id}/ideas"
            idea_ids.append(client.post(url, json=body, headers=bearer(token)).json["id"])

    def vote_all():
        for n, token in enumerate(tokens):
            for k in range(VOTES_PER_PERSON):
                idea = idea_ids[(n + 1 + k) % len(idea_ids)]
                client.post(f"/api/v1/ideas/{idea}/vote", headers=bearer(token))

    timed("join (POST /join)", participants, join_all)
    timed("add idea (POST .../ideas)", participants, add_all)
    with app.app_context():
        phases.change_phase(sessions.get_session(session_id), "voting")
    vote_rate = timed("vote (POST /ideas/<id>/vote)", participants * VOTES_PER_PERSON, vote_all)
    login = {"email": STAFF_EMAIL, "password": STAFF_PASSWORD}
    staff = client.post("/api/v1/auth/token", json=login).json["token"]
    ranking_url = f"/api/v1/sessions/{session_id}/ranking"
    timed(
        f"ranking of {participants} ideas (GET)",
        RANKING_READS,
        lambda: [client.get(ranking_url, headers=bearer(staff)) for _ in range(RANKING_READS)],
    )
    return vote_rate, idea_ids


def baseline_insert_rate(app, participants: int, idea_ids: list[int]) -> float:
    """The same number of vote rows written by bare INSERTs, one transaction each."""
    rows = [
        {"idea_id": idea_ids[(n + 1 + k) % len(idea_ids)], "participant_id": n + 1}
        for n in range(participants)
        for k in range(VOTES_PER_PERSON, 2 * VOTES_PER_PERSON)
    ]
    with app.app_context():

        def insert_all():
            for row in rows:
                with db.engine.begin() as connection:
                    connection.execute(BARE_INSERT, row)

        rate = timed("baseline: bare INSERT per vote", len(rows), insert_all)
        db.engine.dispose()
    return rate


def run(database_url: str, participants: int) -> None:
    """Measure one database."""
    with tempfile.TemporaryDirectory() as instance:
        app = build_app(database_url, instance)
        print(f"{database_url.split(':')[0]}: {participants} participants")
        vote_rate, idea_ids = drive_requests(app, app.test_client(), participants)
        raw_rate = baseline_insert_rate(app, participants, idea_ids)
        print(f"  request path / bare insert: {raw_rate / vote_rate:.1f}x the time per vote\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--postgres", help="e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'bench.db'}", args.participants)
    if args.postgres:
        run(args.postgres, args.participants)


if __name__ == "__main__":
    main()
