"""How many open event streams one instance holds while people keep joining, adding and voting.

Starts a real server for each design, opens N streams (participants' phones) from a separate
process, and while they are open measures, in the same run:
  * join, add-idea and vote latency (p50/p95) over HTTP;
  * event latency: from an idea's 201 to its `idea.added` frame on every open stream (p50/p95);
  * a phase change: from the facilitator's 200 to the `phase` frame on every stream.
Designs, measured in interleaved blocks (live, baseline, live, baseline ...) so machine noise
hits both:
  live      gunicorn with feedback_app.live.server.LiveWorker (streams on the event loop)
  baseline  gunicorn gthread, 32 threads, a Flask view holding one thread per stream
Both run one worker on SQLite in WAL mode with the in-memory broker, each server on a fresh
database of its own; `--workers 2 --broker redis://…` runs the live instance as `make serve`
does, two worker processes whose events meet in Redis (streams and requests spread over both).

The phones' streams live in a process of their own, as phones are devices of their own: read
on the same event loop as the timed requests, 2,000 streams' frames queued in front of every
response and the client's own parsing was timed as the server's latency. The clock is the
machine's monotonic clock, which both processes share.

    .venv/bin/python benchmarks/sse_capacity.py                  # N = 100, 500, 1000, 2000
    .venv/bin/python benchmarks/sse_capacity.py --streams 2000 --phase-only 5000
    .venv/bin/python benchmarks/sse_capacity.py --streams 2000 --designs live --phase-only \
        --workers 2 --broker redis://127.0.0.1:6379/14

Prints a table; figures only, nothing is asserted.
"""

import argparse
import asyncio
import json
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script

from benchmarks._server import (
    LIVE_WORKER,
    PASSWORD,
    STAFF_EMAIL,
    Gunicorn,
    base_env,
    percentile,
    prepare,
    raise_file_limit,
)

REQUESTS = 200  # of each kind per measurement (--requests); the p95 of 60 is its 3rd-slowest
CONCURRENCY = 8
REQUEST_TIMEOUT = 10.0
OPEN_TIMEOUT = 30.0


class Server(Gunicorn):
    """One server process of a design, on a fresh port."""

    def __init__(self, design: str, env: dict, port: int, workers: int = 1) -> None:
        self.design = design
        if design == "live":
            super().__init__("asgi:app", LIVE_WORKER, env, port, workers=workers)
            self.stream_path = "/api/v1/sessions/{sid}/events"
        else:
            super().__init__(
                "benchmarks.sse_baseline:app", "gthread", env, port, extra=("--threads", "32")
            )
            self.stream_path = "/baseline/sessions/{sid}/events"


class Stream:
    """One phone's event stream on a raw socket: records when each frame arrives."""

    def __init__(self) -> None:
        self.arrivals: dict[str, float] = {}  # "idea:<id>" / "phase:<name>" -> monotonic time
        self.tallies: list[float] = []
        self.opened = asyncio.Event()
        self.failed = False

    async def run(self, host: str, port: int, path: str, token: str | None) -> None:
        try:
            reader, writer = await asyncio.open_connection(host, port)
        except OSError:
            self.failed = True
            self.opened.set()
            return
        auth = f"Authorization: Bearer {token}\r\n" if token else ""
        request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{auth}Accept: text/event-stream\r\n\r\n"
        writer.write(request.encode())
        try:
            await writer.drain()
            status = await reader.readline()
            if b" 200 " not in status:
                self.failed = True
                return
            event = None
            async for line in reader:
                text = line.decode(errors="replace").strip()
                if text.startswith("event:"):
                    event = text[6:].strip()
                elif text.startswith("data:") and event:
                    self._arrived(event, text[5:].strip())
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            self.opened.set()
            writer.close()

    def _arrived(self, event: str, data: str) -> None:
        now = time.monotonic()
        if event == "state":
            self.opened.set()
        elif event == "idea.added":
            self.arrivals[f"idea:{json.loads(data)['id']}"] = now
        elif event == "tally":
            self.tallies.append(now)
        elif event == "phase":
            self.arrivals[f"phase:{json.loads(data)['phase']}"] = now


class PhoneStream(asyncio.Protocol):
    """One phone's stream in the phones' process: the arrival time of each idea and phase.

    A bare protocol rather than a stream reader and a task per phone, so that 2,000 phones
    cost the shared CPU as little as can be.
    """

    def __init__(self, request: bytes, opened: asyncio.Event, arrivals: dict) -> None:
        self.request, self.opened, self.arrivals = request, opened, arrivals
        self.buffer, self.event, self.ok = b"", None, None

    def connection_made(self, transport) -> None:
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        lines = (self.buffer + data).split(b"\n")
        self.buffer = lines.pop()
        for line in lines:
            if self.ok is None:
                self.ok = b" 200 " in line
                if not self.ok:
                    self.opened.set()
            elif line.startswith(b"event:"):
                self.event = line[6:].strip().decode()
            elif line.startswith(b"data:") and self.event:
                self._arrived(self.event, line[5:], now)

    def _arrived(self, event: str, data: bytes, now: float) -> None:
        if event == "state":
            self.opened.set()
        elif event == "idea.added":
            self.arrivals[f"idea:{json.loads(data)['id']}"] = now
        elif event == "phase":
            self.arrivals[f"phase:{json.loads(data)['phase']}"] = now

    def connection_lost(self, exc) -> None:
        self.opened.set()


def phones_process(port: int, path: str, token: str, count: int, pipe) -> None:
    """Open `count` streams, say how many opened, and send back their arrivals when told."""
    asyncio.run(_phones(port, path, token, count, pipe))


async def _phones(port: int, path: str, token: str, count: int, pipe) -> None:
    loop = asyncio.get_running_loop()
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        "Accept: text/event-stream\r\n\r\n"
    ).encode()
    phones, transports = [], []
    for index in range(count):
        phone = PhoneStream(request, asyncio.Event(), {})
        try:
            transport, _ = await loop.create_connection(lambda p=phone: p, "127.0.0.1", port)
        except OSError:
            continue
        phones.append(phone)
        transports.append(transport)
        if index % 100 == 99:
            await asyncio.sleep(0.05)
    waits = [asyncio.create_task(phone.opened.wait()) for phone in phones]
    if waits:
        await asyncio.wait(waits, timeout=OPEN_TIMEOUT)
    for wait in waits:
        wait.cancel()
    held = [phone for phone in phones if phone.opened.is_set() and phone.ok]
    pipe.send(len(held))
    await loop.run_in_executor(None, pipe.recv)  # the measurement is over
    pipe.send([phone.arrivals for phone in held])
    for transport in transports:
        transport.close()


class Phones:
    """The phones' process, seen from the measuring one."""

    def __init__(self, port: int, path: str, token: str, count: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipe, child_end = context.Pipe()
        self.process = context.Process(
            target=phones_process, args=(port, path, token, count, child_end), daemon=True
        )
        self.process.start()

    async def opened(self) -> int:
        return await asyncio.get_running_loop().run_in_executor(None, self.pipe.recv)

    async def arrivals(self) -> list[dict]:
        self.pipe.send("done")
        arrivals = await asyncio.get_running_loop().run_in_executor(None, self.pipe.recv)
        self.process.join(timeout=30)
        return arrivals


async def timed(client: httpx.AsyncClient, method: str, url: str, **kwargs):
    started = time.monotonic()
    try:
        response = await client.request(method, url, timeout=REQUEST_TIMEOUT, **kwargs)
        return time.monotonic() - started, response
    except httpx.HTTPError:
        return REQUEST_TIMEOUT, None


async def measure(
    server: Server, streams: int, measure_requests: bool = True, requests: int = REQUESTS
) -> dict:
    api = server.url + "/api/v1"
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=64)) as client:
        token = (
            await client.post(
                api + "/auth/token", json={"email": STAFF_EMAIL, "password": PASSWORD}
            )
        ).json()["token"]
        staff = {"Authorization": f"Bearer {token}"}
        session = (
            await client.post(
                api + "/sessions",
                headers=staff,
                json={"title": "Bench", "prompt": "What now?", "target_level_id": 5},
            )
        ).json()
        sid, code = session["id"], session["join_code"]
        await client.post(
            f"{api}/sessions/{sid}/phase", headers=staff, json={"phase": "collecting"}
        )
        phone = (await client.post(api + "/join", json={"code": code})).json()["participant_token"]

        path = server.stream_path.format(sid=sid)
        phones = Phones(server.port, path, phone, streams)
        result = {"open": await phones.opened()}
        tasks = []
        console = Stream()
        tasks.append(asyncio.create_task(console.run("127.0.0.1", server.port, path, token)))
        await asyncio.wait([asyncio.create_task(console.opened.wait())], timeout=OPEN_TIMEOUT)

        if measure_requests:
            joins, adds, votes, acked = [], [], [], {}
            gate = asyncio.Semaphore(CONCURRENCY)
            tokens, join_answers = [], {}

            async def one_join():
                async with gate:
                    took, response = await timed(client, "POST", api + "/join", json={"code": code})
                    joins.append(took)
                    status = "timeout" if response is None else response.status_code
                    join_answers[status] = join_answers.get(status, 0) + 1
                    if status == 201:
                        tokens.append(response.json()["participant_token"])

            await asyncio.gather(*(one_join() for _ in range(requests)))
            if not tokens:  # nobody could join: every later request would time out too
                print(f"  nobody could join: {join_answers}", flush=True)
                result.update(join_p50=percentile(joins, 0.5), join_p95=percentile(joins, 0.95))
                await phones.arrivals()
                await cancel(tasks)
                return result | {
                    "phase_p50": float("nan"),
                    "phase_p95": float("nan"),
                    "phase_max": float("nan"),
                    "phase_missing": result["open"],
                }

            async def one_idea(n: int, who: str):
                async with gate:
                    took, response = await timed(
                        client,
                        "POST",
                        f"{api}/sessions/{sid}/ideas",
                        headers={"Authorization": f"Bearer {who}"},
                        json={"text": f"Benchmark idea number {n}"},
                    )
                    adds.append(took)
                    if response is not None and response.status_code == 201:
                        acked[response.json()["id"]] = time.monotonic()

            await asyncio.gather(*(one_idea(n, tokens[n % len(tokens)]) for n in range(requests)))
            await asyncio.sleep(1.5)
            await client.post(
                f"{api}/sessions/{sid}/phase", headers=staff, json={"phase": "voting"}
            )
            ideas = list(acked)

            vote_acks = []

            async def one_vote(n: int):
                async with gate:
                    took, response = await timed(
                        client,
                        "POST",
                        f"{api}/ideas/{ideas[n % len(ideas)]}/vote",
                        headers={"Authorization": f"Bearer {tokens[n % len(tokens)]}"},
                    )
                    votes.append(took)
                    if response is not None and response.status_code == 201:
                        vote_acks.append(time.monotonic())

            await asyncio.gather(*(one_vote(n) for n in range(requests)))
            await asyncio.sleep(1.0)
            tallies = sorted(console.tallies)
            tally_lags = [
                max(0.0, next((t for t in tallies if t >= at - 0.05), float("nan")) - at)
                for at in vote_acks
            ]
            result.update(
                acked=acked,
                join_p50=percentile(joins, 0.5),
                join_p95=percentile(joins, 0.95),
                idea_p50=percentile(adds, 0.5),
                idea_p95=percentile(adds, 0.95),
                vote_p50=percentile(votes, 0.5),
                vote_p95=percentile(votes, 0.95),
                tally_p95=percentile([lag for lag in tally_lags if lag == lag], 0.95),
            )
            target = "results"
        else:
            target = "voting"

        started = time.monotonic()
        await client.post(f"{api}/sessions/{sid}/phase", headers=staff, json={"phase": target})
        await asyncio.sleep(3 if streams < 3000 else 6)
        arrivals = await phones.arrivals()
        phase_lags = [
            seen[f"phase:{target}"] - started for seen in arrivals if f"phase:{target}" in seen
        ]
        result.update(
            phase_p50=percentile(phase_lags, 0.5),
            phase_p95=percentile(phase_lags, 0.95),
            phase_max=max(phase_lags, default=float("nan")),
            phase_missing=len(arrivals) - len(phase_lags),
        )
        acked = result.pop("acked", {})
        if acked:
            lags = [
                max(0.0, seen[f"idea:{idea}"] - at)  # may come before the 201 is read
                for idea, at in acked.items()
                for seen in arrivals
                if f"idea:{idea}" in seen
            ]
            result.update(
                event_p50=percentile(lags, 0.5),
                event_p95=percentile(lags, 0.95),
                events_missing=sum(
                    1 for idea in acked for seen in arrivals if f"idea:{idea}" not in seen
                ),
            )
        await cancel(tasks)
    return result


async def cancel(tasks) -> None:
    """Hang up every stream."""
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, nargs="*", default=[100, 500, 1000, 2000])
    parser.add_argument(
        "--phase-only",
        type=int,
        nargs="*",
        default=[5000],
        help="stream counts for which only a phase change is measured (live only)",
    )
    parser.add_argument("--designs", nargs="*", default=["live", "baseline"])
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="live workers (processes) of the one instance; more than 1 needs --broker",
    )
    parser.add_argument(
        "--broker", default="", help="EVENT_BROKER_URL of the live servers (e.g. redis://...)"
    )
    parser.add_argument(
        "--requests", type=int, default=REQUESTS, help="joins, ideas and votes per measurement"
    )
    options = parser.parse_args()
    if options.workers > 1 and not options.broker:
        parser.error("--workers above 1 needs --broker: events must reach the other workers")
    raise_file_limit()
    work = Path(tempfile.mkdtemp(prefix="sse-capacity-"))

    def fresh_database(name: str) -> dict:
        """Each server gets a database of its own: no run inherits another's rows or damage."""
        env = base_env(f"sqlite:///{work / name}.db", EVENT_BROKER_URL=options.broker)
        prepare(env)
        return env

    rows = []
    port = 18000
    for streams in options.streams:
        for design in options.designs:  # interleaved: each N measured for both, back to back
            port += 1
            server = Server(
                design, fresh_database(f"{design}-{streams}-{port}"), port, options.workers
            )
            try:
                await server.wait_until_up()
                row = await measure(server, streams, requests=options.requests)
            except Exception as error:  # a design that cannot hold N streams says so in the table
                row = {"open": 0, "error": type(error).__name__}
            finally:
                server.stop()
            rows.append((design, streams, row))
            print_row(design, streams, row)
    for streams in options.phase_only:
        port += 1
        server = Server("live", fresh_database(f"live-{streams}-phase"), port, options.workers)
        try:
            await server.wait_until_up()
            row = await measure(server, streams, measure_requests=False)
        finally:
            server.stop()
        rows.append(("live", streams, row))
        print_row("live", streams, row)
    print_ratios(rows)


def ms(value) -> str:
    return "—" if value is None or value != value else f"{1000 * value:,.0f}"


def print_row(design: str, streams: int, row: dict) -> None:
    if "error" in row:
        print(f"{design:8} N={streams:5}  failed: {row['error']}", flush=True)
        return
    print(
        f"{design:8} N={streams:5} open={row['open']:5}  "
        f"join p50/p95 {ms(row.get('join_p50'))}/{ms(row.get('join_p95'))} ms  "
        f"idea {ms(row.get('idea_p50'))}/{ms(row.get('idea_p95'))}  "
        f"vote {ms(row.get('vote_p50'))}/{ms(row.get('vote_p95'))}  "
        f"event {ms(row.get('event_p50'))}/{ms(row.get('event_p95'))} "
        f"(missing {row.get('events_missing', '—')})  tally p95 {ms(row.get('tally_p95'))}  "
        f"phase p50/p95/max {ms(row['phase_p50'])}/{ms(row['phase_p95'])}/{ms(row['phase_max'])} "
        f"(missing {row['phase_missing']})",
        flush=True,
    )


def print_ratios(rows) -> None:
    """Baseline against live at each N: streams held, and join p95 (votes need a join first)."""
    by = {(design, streams): row for design, streams, row in rows}
    print("\nbaseline / live, same N, same run:")
    for (design, streams), row in sorted(by.items()):
        other = by.get(("baseline", streams))
        if design != "live" or not other or "error" in other or "join_p95" not in row:
            continue
        print(
            f"  N={streams}: streams held {other['open']} / {row['open']}, "
            f"join p95 {ms(other.get('join_p95'))} / {ms(row['join_p95'])} ms "
            f"({other.get('join_p95', float('nan')) / row['join_p95']:.0f}x)"
        )


if __name__ == "__main__":
    asyncio.run(main())
