"""A live session under load: N people join, add ideas and vote while the projector watches.

Starts the app as in production (gunicorn, the live worker class, --workers of them; a broker
between the workers: a private redis-server for SQLite, LISTEN/NOTIFY on the scratch database
for PostgreSQL), creates a staff user and a session, opens the projector's event stream
(`GET /api/v1/sessions/<id>/events?view=projector`, staff token) and then, over the JSON API
with at most --concurrency requests in flight (asyncio + httpx, all on 127.0.0.1):
  * N participants join while the session collects, each adds --ideas-each ideas;
  * voting opens (upvote mode) and each participant up-votes --votes-each ideas of others.
Measured: throughput and p50/p95/p99 of join, idea and vote; the projector lag, from a vote's
acknowledgement (201, or 200 for a retried vote already stored) to the first `tally` frame on
the projector stream that arrived after it and counts at least as many votes as had been
acknowledged by then (services/voting.py signals `votes`, live/hub.py turns it into `tally`
at most every 0.25 s); and the acknowledged votes missing from the database at the end (read
with SQLAlchemy on the same database: must be 0).

The ceiling, in the same run and interleaved in blocks (app, ceiling, app, ceiling ...):
benchmarks/ceiling_app.py, one INSERT per request on the same database with the app's engine
options, behind gunicorn's uvicorn workers (same count) and a2wsgi, hit with as many requests
as there are votes at the same concurrency. Our vote throughput is printed as a share of it.

--stack (PostgreSQL only) runs the production stack of the README instead: --instances app
instances (gunicorn, live workers, --workers each) behind benchmarks/balancer.py, with a private
redis-server for live events, rate limits and the job queue; the ceiling then runs as the same
number of instances behind a balancer of its own (the same code), so both pay the same hop.

--kill-worker SIGKILLs one app worker a third of the way through the first block's votes;
--cut-database SECONDS (PostgreSQL) cuts the database off for that long at the same point
(every connection to the scratch database is terminated and new ones are refused, then allowed
again). Clients whose vote failed on the connection or got a 502/503 send it again (an up-vote
is idempotent: a repeat answers 200), so every acknowledged vote must still be in the database.

    .venv/bin/python benchmarks/live_load.py                          # N = 1000, SQLite
    .venv/bin/python benchmarks/live_load.py --database postgresql --kill-worker
    .venv/bin/python benchmarks/live_load.py --database postgresql --stack --cut-database 3
    .venv/bin/python benchmarks/live_load.py --participants 200 --blocks 1   # quick

PostgreSQL: a scratch database <--scratch-prefix>_<hex> (feedback_load_<hex>) is created on
postgresql+psycopg://postgres@127.0.0.1:5432 and dropped at the end. Prints figures; nothing is
asserted. When --time-limit runs out, the blocks finished by then are summarised.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script

from benchmarks._server import (
    LIVE_WORKER,
    PASSWORD,
    ROOT,
    STAFF_EMAIL,
    Gunicorn,
    base_env,
    percentile,
    prepare,
    raise_file_limit,
    stored_votes,
)

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
REQUEST_TIMEOUT = 15.0
VOTE_ATTEMPTS = 8  # a vote whose connection failed is sent again, up to this many times
RETRY_AFTER_CAP_S = 1.0  # a 503's Retry-After is honoured up to this many seconds
TALLY_WAIT_S = 2.0  # after the last vote, for the projector's last tally
SECRET_KEY = "bench"
CEILING, CEILING_WORKER = "benchmarks.ceiling_app:asgi_app", "uvicorn_worker.UvicornWorker"


def throughput(count: int, seconds: float) -> float:
    """Requests per second; nan when nothing was timed."""
    return count / seconds if seconds > 0 else float("nan")


def ratio(ours: float, ceiling: float) -> float:
    """Our throughput as a share of the ceiling's; nan when the ceiling is unknown."""
    return ours / ceiling if ceiling > 0 else float("nan")


def projector_lags(
    acks: list[tuple[float, int]], tallies: list[tuple[float, int]]
) -> tuple[list[float], int]:
    """Lag from each acknowledgement to the first tally that arrived after it and covers it.

    `acks`: (time, votes acknowledged so far, this one included); `tallies`: (arrival time,
    votes cast it shows). Returns the lags and how many acknowledgements no tally covered.
    """
    lags, j = [], 0
    ordered = sorted(tallies)
    for at, count in sorted(acks):
        while j < len(ordered) and (ordered[j][0] < at or ordered[j][1] < count):
            j += 1
        if j == len(ordered):
            return lags, len(acks) - len(lags)
        lags.append(ordered[j][0] - at)
    return lags, 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Projector:
    """The projector's event stream on a raw socket: when each tally arrives, and its total.

    Reconnects when the stream ends (its worker may be the one killed).
    """

    def __init__(self, port: int, path: str, token: str) -> None:
        self.port, self.path, self.token = port, path, token
        self.tallies: list[tuple[float, int]] = []
        self.ready = asyncio.Event()
        self.connections = 0

    async def run(self) -> None:
        while True:
            await self._once()
            await asyncio.sleep(0.2)

    async def _once(self) -> None:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        except OSError:
            return
        self.connections += 1
        request = (
            f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {self.token}\r\nAccept: text/event-stream\r\n\r\n"
        )
        try:
            writer.write(request.encode())
            await writer.drain()
            if b" 200 " not in await reader.readline():
                return
            event = None
            async for line in reader:
                line = line.decode(errors="replace").strip()
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event in ("state", "tally"):
                    votes = json.loads(line[5:]).get("votes_cast")
                    if votes is not None:
                        self.tallies.append((time.monotonic(), votes))
                    self.ready.set()
        except (OSError, ValueError):
            pass
        finally:
            writer.close()


@dataclass
class Block:
    """What one block measured."""

    kind: str
    seconds: dict = field(default_factory=dict)  # step -> wall time of the step
    latencies: dict = field(default_factory=dict)  # step -> [seconds]
    counts: dict = field(default_factory=dict)  # step -> requests that succeeded
    notes: dict = field(default_factory=dict)


async def send(client: httpx.AsyncClient, method: str, url: str, attempts: int = 1, **kwargs):
    """One request, sent again on a failed or timed-out connection or a 502/503, `attempts` times.

    Returns (seconds over all attempts, the last response or None, why each earlier attempt
    failed or, with no response, the last one too: status codes and exception names).
    """
    started = time.monotonic()
    response, failures = None, []
    for attempt in range(attempts):
        try:
            response = await client.request(method, url, **kwargs)
            if response.status_code not in (502, 503):
                break
            failures.append(str(response.status_code))
        except httpx.TransportError as error:
            response = None
            failures.append(type(error).__name__)
        if attempt < attempts - 1:
            await asyncio.sleep(max(0.1 * (attempt + 1), retry_after(response)))
    return time.monotonic() - started, response, failures


def retry_after(response) -> float:
    """What a 503 asks the client to wait (capped), 0 for anything else."""
    if response is None or response.status_code != 503:
        return 0.0
    try:
        return min(float(response.headers.get("Retry-After", 0)), RETRY_AFTER_CAP_S)
    except ValueError:
        return 0.0


def tally_failure(block: "Block", step: str, response, failures: list[str]) -> None:
    """Count why a request of a step was not answered as hoped."""
    reason = str(response.status_code) if response is not None else failures[-1]
    counts = block.notes.setdefault(f"{step} failures", {})
    counts[reason] = counts.get(reason, 0) + 1


async def run_steps(gate, step: str, block: Block, calls) -> None:
    """Run the calls of one step at bounded concurrency and time the step."""

    async def bounded(call):
        async with gate:
            await call()

    started = time.monotonic()
    try:
        await asyncio.gather(*(bounded(call) for call in calls))
    finally:  # also when cut short by --time-limit: the rate of what was done
        block.seconds[step] = time.monotonic() - started


async def app_block(app, options, database_url: str, fault: bool, block: Block) -> None:
    """One session, start to votes, with the projector connected, measured into `block`.

    Cut short (--time-limit), what was done so far is still checked and noted.
    """
    sid, projector, watching = None, None, None
    tokens: list[str] = []
    ideas: list[tuple[object, int]] = []  # (idea id as the API gives it, author index)
    texts: dict[object, str] = {}  # idea id -> its text, to find its votes in the database
    plan: list[tuple[int, object]] = []
    acked: set[tuple[int, object]] = set()
    acks: list[tuple[float, int]] = []
    retried: dict[str, int] = {}  # why a vote was sent again
    tries = {"fault": None}
    api = app.url + "/api/v1"
    limits = httpx.Limits(
        max_connections=options.concurrency, max_keepalive_connections=options.concurrency
    )
    try:
        async with httpx.AsyncClient(limits=limits, timeout=REQUEST_TIMEOUT) as client:
            login = {"email": STAFF_EMAIL, "password": PASSWORD}
            token = (await client.post(api + "/auth/token", json=login)).json()["token"]
            staff = {"Authorization": f"Bearer {token}"}
            session = (
                await client.post(
                    api + "/sessions",
                    headers=staff,
                    json={"title": "Load", "prompt": "What now?", "target_level_id": 5},
                )
            ).json()
            sid, code = session["id"], session["join_code"]
            phase_url = f"{api}/sessions/{sid}/phase"
            await client.post(phase_url, headers=staff, json={"phase": "collecting"})
            projector = Projector(app.port, f"/api/v1/sessions/{sid}/events?view=projector", token)
            watching = asyncio.create_task(projector.run())
            await asyncio.wait_for(projector.ready.wait(), 30)
            gate = asyncio.Semaphore(options.concurrency)

            async def join():
                took, response, failures = await send(
                    client, "POST", api + "/join", json={"code": code}
                )
                if response is not None and response.status_code == 201:
                    block.latencies["join"].append(took)
                    tokens.append(response.json()["participant_token"])
                else:
                    tally_failure(block, "join", response, failures)

            await run_steps(gate, "join", block, [join] * options.participants)

            def idea_call(author: int, n: int):
                async def add():
                    took, response, failures = await send(
                        client,
                        "POST",
                        f"{api}/sessions/{sid}/ideas",
                        headers={"Authorization": f"Bearer {tokens[author]}"},
                        json={"text": f"Load idea {n} from participant {author}"},
                    )
                    if response is not None and response.status_code == 201:
                        block.latencies["idea"].append(took)
                        ideas.append((response.json()["id"], author))
                        texts[response.json()["id"]] = response.json()["text"]
                    else:
                        tally_failure(block, "idea", response, failures)

                return add

            calls = [idea_call(a, n) for a in range(len(tokens)) for n in range(options.ideas_each)]
            await run_steps(gate, "idea", block, calls)
            await client.post(phase_url, headers=staff, json={"phase": "voting"})

            rng = random.Random(sid)
            for voter in range(len(tokens)):
                others = [idea for idea, author in ideas if author != voter]
                chosen = rng.sample(others, min(options.votes_each, len(others)))
                plan += [(voter, idea) for idea in chosen]
            rng.shuffle(plan)

            def vote_call(voter: int, idea: int):
                async def vote():
                    took, response, failures = await send(
                        client,
                        "POST",
                        f"{api}/ideas/{idea}/vote",
                        attempts=VOTE_ATTEMPTS,
                        headers={"Authorization": f"Bearer {tokens[voter]}"},
                    )
                    for reason in failures if response is not None else failures[:-1]:
                        retried[reason] = retried.get(reason, 0) + 1
                    if response is not None and response.status_code in (200, 201):
                        block.latencies["vote"].append(took)
                        acked.add((voter, idea))
                        acks.append((time.monotonic(), len(acked)))
                    else:
                        tally_failure(block, "vote", response, failures)
                    if fault and tries["fault"] is None and len(acked) >= len(plan) // 3:
                        tries["fault"] = "started"
                        tries["fault"] = await inject_fault(app, options, database_url)

                return vote

            await run_steps(gate, "vote", block, [vote_call(v, i) for v, i in plan])
            await asyncio.sleep(TALLY_WAIT_S)
            watching.cancel()
            await asyncio.gather(watching, return_exceptions=True)
    finally:
        if watching is not None:
            watching.cancel()
            await asyncio.gather(watching, return_exceptions=True)
        if projector is not None:  # the session exists: check what was acknowledged so far
            lags, uncovered = projector_lags(acks, projector.tallies)
            acked_texts = {(voter, texts[idea]) for voter, idea in acked}
            missing, stored = await asyncio.to_thread(
                missing_votes, database_url, sid, tokens, acked_texts
            )
            block.latencies["lag"] = lags
            block.counts = {step: len(values) for step, values in block.latencies.items()}
            block.notes |= {
                "joined": len(tokens),
                "ideas": len(ideas),
                "planned votes": len(plan),
                "acknowledged votes": len(acked),
                "votes in database": stored,
                "acknowledged votes missing from database": missing,
                "vote attempts sent again, why": retried,
                "fault": tries["fault"],
                "projector connections": projector.connections,
                "acknowledgements no tally covered": uncovered,
                "last tally shows": projector.tallies[-1][1] if projector.tallies else None,
            }


async def inject_fault(app, options, database_url: str) -> str:
    """Kill a worker or cut the database off, as the options say; what was done."""
    if options.kill_worker:
        return f"SIGKILL worker {kill_one_worker(app)}"
    started = time.monotonic()
    await asyncio.to_thread(set_database_reachable, database_url, False)
    await asyncio.sleep(options.cut_database)
    await asyncio.to_thread(set_database_reachable, database_url, True)
    return f"database cut for {time.monotonic() - started:.1f} s"


def kill_one_worker(app) -> int | None:
    """SIGKILL one worker of the app (gunicorn's master starts another)."""
    workers = app.worker_pids()
    if not workers:
        return None
    victim = random.choice(workers)
    os.kill(victim, signal.SIGKILL)
    return victim


def set_database_reachable(database_url: str, reachable: bool) -> None:
    """Refuse new connections to the scratch database and end the open ones, or allow again."""
    name = database_url.rsplit("/", 1)[1]
    engine = create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {reachable}'))
        if not reachable:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
    engine.dispose()


def missing_votes(database_url: str, sid, tokens: list[str], acked) -> tuple[int, int]:
    """Acknowledged (participant index, idea text) votes with no row in the database; the rows.

    Ideas are matched by their text (unique in a block), not by id: ids are whatever the API
    gives, and need not be the database's key.
    """
    stored = stored_votes(database_url, SECRET_KEY, sid, tokens)  # the servers' key
    return len(set(acked) - stored), len(stored)


async def ceiling_block(ceiling: Gunicorn, options, count: int) -> Block:
    """As many bare INSERT requests as the app block had votes, at the same concurrency."""
    block = Block("ceiling", latencies={"insert": []})
    limits = httpx.Limits(
        max_connections=options.concurrency, max_keepalive_connections=options.concurrency
    )
    failed = 0
    async with httpx.AsyncClient(limits=limits, timeout=REQUEST_TIMEOUT) as client:

        def insert_call(n: int):
            async def insert():
                nonlocal failed
                took, response, _ = await send(client, "POST", f"{ceiling.url}/insert/{n}")
                if response is not None and response.status_code == 201:
                    block.latencies["insert"].append(took)
                else:
                    failed += 1

            return insert

        gate = asyncio.Semaphore(options.concurrency)
        await run_steps(gate, "insert", block, [insert_call(n) for n in range(count)])
    block.counts = {"insert": len(block.latencies["insert"])}
    block.notes = {"failed": failed}
    return block


async def run_blocks(app, ceiling, options, database_url: str, blocks: list) -> None:
    """App block, ceiling block, app block ... appended to `blocks` as each one ends."""
    await asyncio.gather(app.wait_until_up(), ceiling.wait_until_up("/up"))
    fault = options.kill_worker or options.cut_database > 0
    for index in range(options.blocks):
        ours = Block("app", latencies={"join": [], "idea": [], "vote": []})
        blocks.append(ours)  # before it runs: a block cut short is still summarised
        await app_block(app, options, database_url, fault and index == 0, ours)
        print_block(ours)
        if fault and index == 0:
            await app.wait_until_up()  # the replacement worker, the database back
        theirs = await ceiling_block(ceiling, options, ours.notes["planned votes"])
        print_block(theirs)
        blocks.append(theirs)


class Balanced:
    """`count` gunicorn instances of one target behind benchmarks/balancer.py (a process)."""

    def __init__(self, target: str, worker_class: str, env: dict, count: int, workers: int):
        self.instances = [
            Gunicorn(target, worker_class, env, free_port(), workers=workers) for _ in range(count)
        ]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        backends = [f"127.0.0.1:{instance.port}" for instance in self.instances]
        self.balancer = subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks" / "balancer.py"), "--port", str(self.port)]
            + backends,
            cwd=ROOT,
            preexec_fn=raise_file_limit,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    async def wait_until_up(self, path: str = "/api/v1/levels", seconds: float = 60) -> None:
        """Every instance up, then the balancer (a path answered through it)."""
        await asyncio.gather(*(one.wait_until_up(path, seconds) for one in self.instances))
        async with httpx.AsyncClient() as client:
            for _ in range(int(seconds * 10)):
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(self.url + path)).status_code == 200:
                        return
                await asyncio.sleep(0.1)
        raise RuntimeError(f"balancer on port {self.port} did not answer")

    def worker_pids(self) -> list[int]:
        return [pid for instance in self.instances for pid in instance.worker_pids()]

    def stop(self) -> None:
        self.balancer.terminate()
        self.balancer.wait(timeout=10)
        for instance in self.instances:
            instance.stop()


class ScratchDatabase:
    """A SQLite file in a temporary folder, or a PostgreSQL database made for this run."""

    def __init__(self, kind: str, work: Path, prefix: str = "feedback_load") -> None:
        self.kind = kind
        if kind == "sqlite":
            self.url = f"sqlite:///{work / 'load.db'}"
        else:
            self.name = f"{prefix}_{secrets.token_hex(4)}"
            self.url = f"{POSTGRES_SERVER}/{self.name}"
            self._admin(f'CREATE DATABASE "{self.name}"')

    def _admin(self, statement: str) -> None:
        engine = create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(statement))
        engine.dispose()

    def drop(self) -> None:
        if self.kind == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def create_ceiling_table(database_url: str) -> None:
    """Create the ceiling's scratch table (importing ceiling_app reads DATABASE_URL: not here)."""
    from benchmarks.ceiling_app import metadata

    engine = create_engine(database_url)
    metadata.create_all(engine)
    engine.dispose()


def start_redis(work: Path) -> tuple[subprocess.Popen, str]:
    """A private redis-server for the SQLite run's broker (no other process shares it)."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return process, f"redis://127.0.0.1:{port}/0"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument(
        "--stack",
        action="store_true",
        help="PostgreSQL + Redis (events, rate limits, jobs), --instances behind a balancer",
    )
    parser.add_argument("--instances", type=int, default=2, help="app instances with --stack")
    parser.add_argument("--kill-worker", action="store_true")
    parser.add_argument(
        "--cut-database", type=float, default=0, help="seconds without the database (PostgreSQL)"
    )
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight")
    parser.add_argument("--ideas-each", type=int, default=1)
    parser.add_argument("--votes-each", type=int, default=3)
    parser.add_argument("--blocks", type=int, default=2, help="app blocks (each + a ceiling)")
    parser.add_argument("--time-limit", type=float, default=900, help="seconds for all blocks")
    parser.add_argument("--scratch-prefix", default="feedback_load", help="PostgreSQL database")
    options = parser.parse_args()
    if options.database != "postgresql" and (options.stack or options.cut_database):
        parser.error("--stack and --cut-database need --database postgresql")
    if options.kill_worker and options.cut_database:
        parser.error("one fault at a time: --kill-worker or --cut-database")
    raise_file_limit()
    work = Path(tempfile.mkdtemp(prefix="live-load-"))
    scratch = ScratchDatabase(options.database, work, options.scratch_prefix)
    redis = None
    try:
        broker_url, stores = "", {}
        if options.stack:
            redis, broker_url = start_redis(work)
            stores = {"RATELIMIT_STORAGE_URI": broker_url, "JOB_QUEUE_URL": broker_url}
        elif options.workers > 1:
            if options.database == "sqlite":
                redis, broker_url = start_redis(work)
            else:
                broker_url = scratch.url  # LISTEN/NOTIFY, scoped to the scratch database
        env = base_env(
            scratch.url,
            EVENT_BROKER_URL=broker_url,
            JOIN_RATE_LIMIT_PER_ADDRESS="1000000 per minute",  # every client is 127.0.0.1
            PARTICIPANT_RATE_LIMIT="1000000 per minute",
            **stores,
        )
        prepare(env)
        create_ceiling_table(scratch.url)
        if options.stack:
            app = Balanced("asgi:app", LIVE_WORKER, env, options.instances, options.workers)
            ceiling = Balanced(CEILING, CEILING_WORKER, env, options.instances, options.workers)
        else:
            app = Gunicorn("asgi:app", LIVE_WORKER, env, free_port(), workers=options.workers)
            ceiling = Gunicorn(CEILING, CEILING_WORKER, env, free_port(), workers=options.workers)
        broker_label = broker_url.split(":")[0].split("+")[0] or "memory"
        print(
            f"live_load: N={options.participants} database={options.database} "
            f"instances={options.instances if options.stack else 1} "
            f"workers={options.workers} concurrency={options.concurrency} "
            f"broker={broker_label} rate limits and jobs={'redis' if stores else 'memory/none'} "
            f"kill_worker={options.kill_worker} cut_database={options.cut_database} "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        blocks: list[Block] = []
        try:
            asyncio.run(
                asyncio.wait_for(
                    run_blocks(app, ceiling, options, scratch.url, blocks), options.time_limit
                )
            )
        except TimeoutError:
            print(f"time limit of {options.time_limit:.0f} s reached: what was done by then")
            if blocks:
                print_block(blocks[-1])
        finally:
            app.stop()
            ceiling.stop()
        print_summary(blocks)
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
        if options.cut_database:
            set_database_reachable(scratch.url, True)  # whatever happened, so it can be dropped
        scratch.drop()
        shutil.rmtree(work, ignore_errors=True)


def ms(value: float) -> str:
    return "—" if value != value else f"{1000 * value:,.0f}"


def print_block(block: Block) -> None:
    parts = []
    for step, values in block.latencies.items():
        rate = throughput(len(values), block.seconds.get(step, 0))
        rate_text = "" if step == "lag" else f"{rate:,.0f}/s "
        parts.append(
            f"{step} {rate_text}p50/p95/p99 {ms(percentile(values, 0.5))}/"
            f"{ms(percentile(values, 0.95))}/{ms(percentile(values, 0.99))} ms"
        )
    print(f"[{block.kind}] " + "; ".join(parts), flush=True)
    print(f"    {block.notes}", flush=True)


def print_summary(blocks: list[Block]) -> None:
    """Pooled over the blocks: latencies together, throughput as requests over summed time."""
    print("\nstep       throughput   p50 ms   p95 ms   p99 ms   (pooled over blocks)")
    rates = {}
    for kind, step in (("app", "join"), ("app", "idea"), ("app", "vote"), ("ceiling", "insert")):
        chosen = [b for b in blocks if b.kind == kind]
        values = [v for b in chosen for v in b.latencies[step]]
        rates[step] = throughput(len(values), sum(b.seconds.get(step, 0) for b in chosen))
        print(
            f"{step:10} {rates[step]:8,.0f}/s {ms(percentile(values, 0.5)):>8} "
            f"{ms(percentile(values, 0.95)):>8} {ms(percentile(values, 0.99)):>8}"
        )
    lags = [v for b in blocks if b.kind == "app" for v in b.latencies.get("lag", [])]
    print(
        f"{'projector lag':14}        {ms(percentile(lags, 0.5)):>8} "
        f"{ms(percentile(lags, 0.95)):>8} {ms(percentile(lags, 0.99)):>8}"
    )
    missing = sum(
        b.notes.get("acknowledged votes missing from database", 0)
        for b in blocks
        if b.kind == "app"
    )
    share = ratio(rates["vote"], rates["insert"])
    print(f"vote throughput / ceiling insert throughput: {share:.2f}")
    app_blocks = [b for b in blocks if b.kind == "app"]
    acknowledged = sum(b.notes.get("acknowledged votes", 0) for b in app_blocks)
    planned = sum(b.notes.get("planned votes", 0) for b in app_blocks)
    failed = {
        step: sum(sum(b.notes.get(f"{step} failures", {}).values()) for b in app_blocks)
        for step in ("join", "idea", "vote")
    }
    print(f"votes acknowledged: {acknowledged} of {planned} planned; not answered: {failed}")
    print(f"acknowledged votes missing from the database: {missing}")


if __name__ == "__main__":
    main()
