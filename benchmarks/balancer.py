"""A tiny round-robin TCP load balancer: a local stand-in for a real one (nginx, HAProxy, a
cloud load balancer), used by tests/live/test_stack.py and benchmarks/live_load.py.

Each new client connection goes to the next backend in turn and stays there (HTTP keep-alive
requests and an event stream ride on it); a backend that refuses the connection is skipped for
this connection. It works on bytes (layer 4): it adds no X-Forwarded-For, so the app behind it
keeps TRUSTED_PROXIES=0 and sees the balancer's address as the client's. It listens on
127.0.0.1 only. Not for production.

    .venv/bin/python benchmarks/balancer.py --port 8000 127.0.0.1:8001 127.0.0.1:8002
"""

import argparse
import asyncio
import contextlib
import itertools
import threading
from collections.abc import Iterator

CHUNK = 65536


class Balancer:
    """Round-robin over `backends` ("host:port"), listening on 127.0.0.1:`port` (0: any free)."""

    def __init__(self, backends: list[str], port: int = 0) -> None:
        if not backends:
            raise ValueError("give at least one backend host:port")
        self.backends = [_address(backend) for backend in backends]
        self.port = port
        self.picks: list[int] = []  # the backend index of each connection, in order
        self._turn = itertools.cycle(range(len(self.backends)))
        self._server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        """Listen; `port` is the actual port afterwards."""
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port, backlog=1024)
        self.port = self._server.sockets[0].getsockname()[1]

    async def serve_forever(self, started: threading.Event | None = None) -> None:
        """Listen and serve until cancelled; `started` is set once the port is known."""
        await self.start()
        if started is not None:
            started.set()
        async with self._server:
            await self._server.serve_forever()

    async def _serve(self, client_reader, client_writer) -> None:
        upstream = await self._connect()
        if upstream is None:
            client_writer.close()
            return
        reader, writer = upstream
        pumps = [
            asyncio.ensure_future(_pump(client_reader, writer)),
            asyncio.ensure_future(_pump(reader, client_writer)),
        ]
        # HTTP needs no half-open connections: when either side hangs up, hang up the other.
        await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        for pump in pumps:
            pump.cancel()
        for side in (writer, client_writer):
            side.close()

    async def _connect(self):
        """A connection to the next backend that accepts one, or None when none does."""
        for _ in self.backends:
            index = next(self._turn)
            try:
                connection = await asyncio.open_connection(*self.backends[index])
            except OSError:
                continue
            self.picks.append(index)
            return connection
        return None


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Copy bytes one way until that side ends or fails."""
    with contextlib.suppress(OSError):
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()


def _address(backend: str) -> tuple[str, int]:
    host, _, port = backend.rpartition(":")
    return host or "127.0.0.1", int(port)


@contextlib.contextmanager
def balancer_thread(backends: list[str]) -> Iterator[Balancer]:
    """Run a balancer on a free port in a background thread until the block ends."""
    balancer = Balancer(backends)
    started = threading.Event()
    running = {}

    async def run() -> None:
        running["loop"], running["task"] = asyncio.get_running_loop(), asyncio.current_task()
        await balancer.serve_forever(started)

    def thread_main() -> None:
        with contextlib.suppress(asyncio.CancelledError):
            asyncio.run(run())  # cancels the connections still open when it ends

    thread = threading.Thread(target=thread_main, name="balancer", daemon=True)
    thread.start()
    if not started.wait(10):
        raise RuntimeError("the balancer did not start")
    try:
        yield balancer
    finally:
        running["loop"].call_soon_threadsafe(running["task"].cancel)
        thread.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description="A tiny round-robin TCP balancer (local only).")
    parser.add_argument("--port", type=int, default=8000, help="listen on 127.0.0.1:PORT")
    parser.add_argument("backends", nargs="+", help="host:port of each app instance")
    options = parser.parse_args()
    balancer = Balancer(options.backends, options.port)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(balancer.serve_forever())


if __name__ == "__main__":
    main()
