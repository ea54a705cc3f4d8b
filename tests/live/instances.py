"""Start real app instances (`flask serve` processes) sharing one database and broker."""

import os
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
        SECRET_KEY="shared-secret-of-the-two-instances",
        PASSWORD_HASH_PROFILE="CHEAPEST",
    )
    return env


@contextmanager
def running_instances(env: dict, count: int = 2):
    """`count` app processes on free ports; yields their base URLs; stops them at the end."""
    processes, urls = [], []
    # Output goes to files, not pipes: a pipe nobody reads fills up and stalls the server.
    with tempfile.TemporaryDirectory() as logs:
        try:
            for index in range(count):
                port = free_port()
                log = Path(logs) / f"instance-{index}.log"
                command = [sys.executable, "-m", "flask", "--app", "wsgi", "serve"]
                with log.open("w") as output:  # the child holds its own copy
                    process = subprocess.Popen(
                        [*command, "--port", str(port)],
                        cwd=ROOT,
                        env=env,
                        stdout=output,
                        stderr=subprocess.STDOUT,
                    )
                processes.append(_Instance(log, process))
                urls.append(f"http://127.0.0.1:{port}")
            for url, instance in zip(urls, processes, strict=True):
                _wait_until_up(url, instance)
            yield urls
        finally:
            for instance in processes:
                instance.process.terminate()
            for instance in processes:
                try:
                    instance.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    instance.process.kill()
                    instance.process.wait()


class _Instance(NamedTuple):
    log: Path
    process: subprocess.Popen


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
