"""Start real app instances (`flask serve` or gunicorn processes) sharing one database and
broker, and other processes of the stack (the jobs worker) beside them."""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def flask(env: dict, *args: str, stdin: str | None = None) -> str:
    """Run a flask command of the app with this environment; fail with its output."""
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def instance_env(database_url: str, broker_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "DATABASE_"))}
    env.update(
        DATABASE_URL=database_url,
        EVENT_BROKER_URL=broker_url,
        # Shared by this test's instances only: it also names their broker channel, and tests
        # running at the same time on the same Redis must not hear each other's events.
        SECRET_KEY="shared-by-the-instances-" + secrets.token_hex(8),
        PASSWORD_HASH_PROFILE="CHEAPEST",
    )
    return env


def flask_serve(port: int) -> list[str]:
    """One uvicorn process with the live front (`flask serve`, what `make run` starts)."""
    return [sys.executable, "-m", "flask", "--app", "wsgi", "serve", "--port", str(port)]


def gunicorn(port: int, workers: int = 2) -> list[str]:
    """gunicorn as the README's production section runs it: gunicorn.conf.py, live workers."""
    return [
        *(sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"),
        *("--workers", str(workers), "--bind", f"127.0.0.1:{port}", "asgi:app"),
    ]


@contextmanager
def running_instances(env: dict, count: int = 2, command=flask_serve):
    """`count` app processes on free ports; yields their base URLs; stops them at the end."""
    with running_processes(env, [command(free_port()) for _ in range(count)]) as started:
        urls = [f"http://127.0.0.1:{_port_of(instance.command)}" for instance in started]
        for url, instance in zip(urls, started, strict=True):
            _wait_until_up(url, instance)
        yield urls


@contextmanager
def running_processes(env: dict, commands: list[list[str]]):
    """Start each command in the project folder; yields them (_Instance); stops them at the end.

    Output goes to a log file per process, not a pipe: a pipe nobody reads fills up and stalls
    the server. SIGTERM first (gunicorn and the jobs worker stop gracefully), SIGKILL after 15 s.
    """
    started: list[_Instance] = []
    with tempfile.TemporaryDirectory() as logs:
        try:
            for index, command in enumerate(commands):
                log = Path(logs) / f"process-{index}.log"
                with log.open("w") as output:  # the child holds its own copy
                    process = subprocess.Popen(
                        command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
                    )
                started.append(_Instance(log, process, command))
            yield started
        finally:
            for instance in started:
                instance.process.terminate()
            for instance in started:
                try:
                    instance.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    instance.process.kill()
                    instance.process.wait()


class _Instance(NamedTuple):
    log: Path
    process: subprocess.Popen
    command: list[str]


def _port_of(command: list[str]) -> int:
    """The port a command listens on (`--port N` or `--bind host:N`)."""
    for flag, value in zip(command, command[1:], strict=False):
        if flag == "--port":
            return int(value)
        if flag == "--bind":
            return int(value.rpartition(":")[2])
    raise ValueError(f"no port in {command}")


def _wait_until_up(url: str, instance: _Instance) -> None:
    # Generous: on a loaded CI machine importing the app alone can take tens of seconds.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if instance.process.poll() is not None:
            raise AssertionError(f"{url} exited: {instance.log.read_text()}")
        try:
            urllib.request.urlopen(url + "/api/v1/levels", timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not start within 90 s: {instance.log.read_text()}")
