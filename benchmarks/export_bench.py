"""Time and peak server memory of the exports of a large session, against the ranking JSON.

Seeds a session of 10,000 ideas and 100,000 votes from 2,000 participants in five levels into a
scratch SQLite database (and, with --postgres URL, a PostgreSQL database too), starts a real
server (gunicorn, one gthread worker, `wsgi:app`) on it, and downloads in interleaved blocks
(baseline, csv, json, xlsx, pdf, baseline, csv ...):
  baseline  GET /api/v1/sessions/<id>/ranking (the plain ranking JSON: the same ranking work)
  csv, json, xlsx, pdf  GET /api/v1/sessions/<id>/export.<format>
For each it prints the median time, the time to the first byte, the size and the worker's peak
resident memory during the download (VmHWM, reset before each request through
/proc/<pid>/clear_refs; Linux only), with ratios to the baseline measured in the same run.

    .venv/bin/python benchmarks/export_bench.py [--ideas 10000] [--votes 100000] [--blocks 3]
                                                [--postgres postgresql+psycopg://user@host/db]

Figures only, nothing is asserted.
"""

import argparse
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from feedback_app import create_app  # noqa: E402
from feedback_app.extensions import db  # noqa: E402
from feedback_app.models import Idea, Participant, Vote  # noqa: E402
from feedback_app.services import accounts, sessions  # noqa: E402
from feedback_app.services.levels import list_levels, seed_default_levels  # noqa: E402

EMAIL, PASSWORD = "bench@example.com", "benchmark passphrase"
PARTICIPANTS = 2000
TARGETS = ("baseline", "csv", "json", "xlsx", "pdf")
PHRASE = (
    "greet customers at the door offer a callback when the queue is long refund without a "
    "receipt follow up the next day smile listen ask questions café résumé naïve"
)
WORDS = PHRASE.split(" ")


def seed(database_url: str, ideas: int, votes: int) -> int:
    """An emptied database with one session in results: its id."""
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "PASSWORD_HASH_PROFILE": "CHEAPEST",
        },
        instance_path=tempfile.mkdtemp(prefix="export-bench-instance-"),
    )
    rng = random.Random(7)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        seed_default_levels()
        user = accounts.create_user(EMAIL, PASSWORD, "manager")
        levels = [level.id for level in list_levels()]
        session = sessions.create_session(
            user, title="Export bench", prompt="What should we do?", target_level_id=levels[0]
        )
        session_id = session.id
        session.phase = "results"
        db.session.commit()
        weights = [40, 30, 20, 7, 3]  # the two smallest levels end up pooled
        participants = [
            {
                "session_id": session_id,
                "token_hash": secrets.token_hex(32),
                "level_id": rng.choices(levels, weights=weights[: len(levels)])[0],
            }
            for _ in range(PARTICIPANTS)
        ]
        db.session.execute(insert(Participant), participants)
        first_participant = db.session.scalar(text("SELECT min(id) FROM participants"))
        now = sessions.utc_now().replace(second=0, microsecond=0)
        rows = [
            {
                "session_id": session_id,
                "participant_id": first_participant + n % PARTICIPANTS,
                "text": f"Idea {n}: " + " ".join(rng.choices(WORDS, k=rng.randint(5, 16))),
                "status": "visible",
                "exposures": 60,
                "created_at": now,
            }
            for n in range(ideas)
        ]
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(Idea), rows[start : start + 5000])
        first_idea = db.session.scalar(text("SELECT min(id) FROM ideas"))
        per_person = votes // PARTICIPANTS
        vote_rows = [
            {"idea_id": first_idea + idea, "participant_id": first_participant + person, "value": 1}
            for person in range(PARTICIPANTS)
            for idea in rng.sample(range(ideas), per_person)
        ]
        for start in range(0, len(vote_rows), 10000):
            db.session.execute(insert(Vote), vote_rows[start : start + 10000])
        db.session.commit()
        db.engine.dispose()
    return session_id


class Server:
    """gunicorn with one gthread worker on the database, on a free port."""

    def __init__(self, database_url: str, port: int, log: Path) -> None:
        self.url = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench",
            "EVENT_BROKER_URL": "",
            "LOGIN_RATE_LIMIT": "10000 per minute",
            "PYTHONPATH": str(ROOT),
        }
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--worker-class",
                "gthread",
                "--workers",
                "1",
                "--threads",
                "4",
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "300",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,
        )
        for _ in range(600):
            try:
                if httpx.get(self.url + "/api/v1/levels").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError(f"server did not start; see {log}")
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        self.worker = int(children.read_text().split()[0])

    def reset_peak(self) -> int:
        """Reset the worker's peak RSS to its current RSS; return that, in kB."""
        Path(f"/proc/{self.worker}/clear_refs").write_text("5")
        return self._status("VmRSS")

    def peak(self) -> int:
        return self._status("VmHWM")

    def _status(self, name: str) -> int:
        for line in Path(f"/proc/{self.worker}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
        raise RuntimeError(name)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def download(server: Server, client: httpx.Client, path: str, token: str) -> dict:
    """One download, streamed: total time, first byte, size, and the worker's memory."""
    before = server.reset_peak()
    start = time.perf_counter()
    first = None
    size = 0
    headers = {"Authorization": f"Bearer {token}"}
    with client.stream("GET", server.url + path, headers=headers) as response:
        response.raise_for_status()
        for chunk in response.iter_raw():
            first = first or time.perf_counter() - start
            size += len(chunk)
    seconds = time.perf_counter() - start
    return {
        "s": seconds,
        "ttfb": first or seconds,
        "bytes": size,
        "before": before,
        "peak": server.peak(),
    }


def measure(label: str, database_url: str, options) -> None:
    started = time.perf_counter()
    session_id = seed(database_url, options.ideas, options.votes)
    print(
        f"\n{label}: seeded {options.ideas} ideas, {options.votes} votes "
        f"in {time.perf_counter() - started:.1f} s"
    )
    work = Path(tempfile.mkdtemp(prefix="export-bench-"))
    server = Server(database_url, 18600 + random.randrange(300), work / "server.log")
    try:
        with httpx.Client(timeout=300) as client:
            login = {"email": EMAIL, "password": PASSWORD}
            token = client.post(server.url + "/api/v1/auth/token", json=login).json()["token"]
            paths = {"baseline": f"/api/v1/sessions/{session_id}/ranking"}
            for export_format in TARGETS[1:]:
                paths[export_format] = f"/api/v1/sessions/{session_id}/export.{export_format}"
            download(server, client, paths["baseline"], token)  # warm up
            results = {target: [] for target in TARGETS}
            for _ in range(options.blocks):  # interleaved, so machine noise hits all alike
                for target in TARGETS:
                    results[target].append(download(server, client, paths[target], token))
    finally:
        server.stop()
    report(results)


def report(results: dict) -> None:
    def summary(rows):
        return {
            "s": statistics.median(r["s"] for r in rows),
            "ttfb": statistics.median(r["ttfb"] for r in rows),
            "bytes": rows[-1]["bytes"],
            "peak": max(r["peak"] for r in rows) / 1024,
            "growth": max(r["peak"] - r["before"] for r in rows) / 1024,
        }

    base = summary(results["baseline"])
    print(
        "| download | median s | x baseline | first byte s | size MB | peak RSS MB "
        "| growth MB | x baseline |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for target, rows in results.items():
        row = summary(rows)
        print(
            f"| {target} | {row['s']:.2f} | {row['s'] / base['s']:.2f} | {row['ttfb']:.2f} "
            f"| {row['bytes'] / 1e6:.2f} | {row['peak']:.0f} | {row['growth']:.0f} "
            f"| {row['growth'] / max(base['growth'], 1):.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--votes", type=int, default=100_000)
    parser.add_argument("--blocks", type=int, default=3)
    parser.add_argument("--postgres", help="an empty PostgreSQL database URL to use as well")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="export-bench-db-"))
    measure("SQLite", f"sqlite:///{work / 'bench.db'}", options)
    if options.postgres:
        measure("PostgreSQL", options.postgres, options)


if __name__ == "__main__":
    main()
