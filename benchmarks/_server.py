"""What the server benchmarks share: a real gunicorn on a fresh port, a prepared database.

Used by sse_capacity.py and live_load.py. Benchmark use only.
"""

import asyncio
import os
import resource
import subprocess
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
STAFF_EMAIL = "bench@example.com"
PASSWORD = "correct horse battery staple"
LIVE_WORKER = "feedback_app.live.server.LiveWorker"


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank, upper); nan when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def raise_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def prepare(env: dict) -> None:
    """Bring the schema up to date and create the staff account the benchmarks log in with."""
    for args in (
        ["db", "upgrade"],
        ["create-user", STAFF_EMAIL, "--role", "facilitator", "--password-stdin"],
    ):
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=ROOT,
            env=env,
            input=PASSWORD + "\n",
            text=True,
            capture_output=True,
            check=True,
            timeout=120,
        )


class Gunicorn:
    """One gunicorn master serving `target` with `worker_class` on 127.0.0.1:`port`."""

    def __init__(
        self,
        target: str,
        worker_class: str,
        env: dict,
        port: int,
        *,
        workers: int = 1,
        extra: tuple[str, ...] = (),
    ) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--worker-class",
            worker_class,
            *extra,
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
            target,
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            preexec_fn=raise_file_limit,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    async def wait_until_up(self, path: str = "/api/v1/levels", seconds: float = 60) -> None:
        async with httpx.AsyncClient() as client:
            for _ in range(int(seconds * 10)):
                try:
                    if (await client.get(self.url + path)).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError(f"server on port {self.port} did not start")

    def worker_pids(self) -> list[int]:
        """The master's children (Linux): the workers, to kill one on purpose."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def stored_votes(database_url: str, secret_key: str, session_id, tokens: list[str]) -> set:
    """(index of the voter's token in `tokens`, idea text) of each vote stored in a session.

    Voters are found by the keyed hash of their token (`secret_key`: the servers' key), ideas
    by their text: ids are whatever the API gives, and need not be the database's keys.
    """
    from flask import Flask
    from sqlalchemy import create_engine, text

    from feedback_app.services.participation import hash_token

    keyed = Flask(__name__)
    keyed.config["SECRET_KEY"] = secret_key
    with keyed.app_context():
        voter_of = {hash_token(token): index for index, token in enumerate(tokens)}
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT p.token_hash, i.text FROM votes v"
                    " JOIN participants p ON p.id = v.participant_id"
                    " JOIN ideas i ON i.id = v.idea_id WHERE p.session_id = :sid"
                ),
                {"sid": session_id},
            ).all()
    finally:
        engine.dispose()
    return {(voter_of.get(token_hash), idea_text) for token_hash, idea_text in rows}


def base_env(database_url: str, **overrides: str) -> dict:
    """The environment the servers run in: cheap password hashes, limits out of the way."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench",
        "PASSWORD_HASH_PROFILE": "CHEAPEST",
        "EVENT_BROKER_URL": "",
        "WEB_THREADS": "32",
        "LOGIN_RATE_LIMIT": "10000 per minute",
        "PYTHONPATH": str(ROOT),
        **overrides,
    }
