"""Brokers carry live events between the processes of an installation.

`publish` is called from request threads after a commit; each process's hub subscribes and
receives every message. In memory for the embedded default (one process); Redis pub/sub or
PostgreSQL LISTEN/NOTIFY (EVENT_BROKER_URL) so that a vote handled by one worker or instance
reaches the streams held by another. Delivery is at most once: a stream that may have missed
messages is told to resync, and replays them from the session's event log.

Each installation has a channel of its own (channel_for). Redis pub/sub channels are global to
a Redis server, whatever database number the URL names: on one shared channel, two
installations (or two test runs) heard each other's events, so a wall could show another
company's idea, and a foreign event numbered past a session's own made the hub skip the real
ones as already sent.
"""

import asyncio
import atexit
import json
import logging
import queue
import threading
from collections.abc import Callable

from feedback_app.config import installation_tag

CHANNEL_PREFIX = "feedback_events_"
RESYNC = {"name": "resync", "session_id": None, "seq": None, "audience": "all", "data": {}}
RETRY_AFTER_S = 1.0
SEND_BATCH_MAX = 500  # messages sent in one pipelined round trip to Redis
logger = logging.getLogger(__name__)


def channel_for(secret_key: str) -> str:
    """The channel of an installation: its instances share SECRET_KEY, so they meet there."""
    return CHANNEL_PREFIX + installation_tag(secret_key)  # also a plain PostgreSQL name


class Broker:
    """Fan messages out to this process's subscribers; subclasses add the transport."""

    name = "memory"

    def __init__(self, channel: str = "") -> None:
        self.channel = channel
        self._subscribers: list[Callable[[dict], None]] = []

    def subscribe(self, callback: Callable[[dict], None]) -> Callable[[], None]:
        """Call `callback(message)` for every message; returns the unsubscribe function."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback)

    def deliver(self, message: dict) -> None:
        """Hand a message to every subscriber; one failing subscriber must not stop the rest."""
        for callback in list(self._subscribers):
            try:
                callback(message)
            except Exception:
                logger.exception("live event subscriber failed on %s", message.get("name"))

    def publish(self, message: dict) -> None:
        """Send a message to every process (here: only this one)."""
        self.deliver(message)

    async def run(self) -> None:
        """Receive messages from other processes until cancelled (nothing to do in memory)."""

    def check(self) -> None:
        """Raise if the transport cannot be reached (for the readiness check)."""


class RedisBroker(Broker):
    """Redis pub/sub on one channel: every process receives every session's messages.

    Requests hand their messages to one sending thread per process instead of waiting for
    Redis: a vote's answer no longer waits for a round trip, and messages that queue up
    meanwhile go out together in one pipelined round trip, in the order they were handed.
    """

    name = "redis"

    def __init__(self, url: str, channel: str) -> None:
        import redis

        super().__init__(channel)
        self.url = url
        self._client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self._sender: threading.Thread | None = None
        self._sender_lock = threading.Lock()

    def publish(self, message: dict) -> None:
        self._outbox.put(json.dumps(message))
        if self._sender is None:
            with self._sender_lock:
                if self._sender is None:  # started on first use: after any fork, in its process
                    self._sender = threading.Thread(
                        target=self._send_forever, name="event-publisher", daemon=True
                    )
                    self._sender.start()
                    atexit.register(self.flush, 1.0)

    def _send_forever(self) -> None:
        while True:
            batch = [self._outbox.get()]
            while len(batch) < SEND_BATCH_MAX:
                try:
                    batch.append(self._outbox.get_nowait())
                except queue.Empty:
                    break
            payloads = [item for item in batch if isinstance(item, str)]
            try:
                if payloads:
                    with self._client.pipeline(transaction=False) as pipeline:
                        for payload in payloads:
                            pipeline.publish(self.channel, payload)
                        pipeline.execute()
            except Exception:  # delivery is at most once: streams catch up from the event log
                logger.warning("event broker: %d message(s) lost", len(payloads), exc_info=True)
            for item in batch:
                if isinstance(item, threading.Event):
                    item.set()

    def flush(self, timeout: float = 2.0) -> bool:
        """Wait until every message handed over so far has been sent (tests, shutdown)."""
        done = threading.Event()
        self._outbox.put(done)
        return done.wait(timeout)

    async def run(self) -> None:
        import redis.asyncio

        while True:
            client = redis.asyncio.Redis.from_url(self.url)
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(self.channel)
                    self.deliver(RESYNC)  # anything published while we were away is replayed
                    async for item in pubsub.listen():
                        if item["type"] == "message":
                            self.deliver(json.loads(item["data"]))
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("event broker: Redis unreachable, retrying", exc_info=True)
                await asyncio.sleep(RETRY_AFTER_S)
            finally:
                await client.aclose()

    def check(self) -> None:
        self._client.ping()


class PostgresBroker(Broker):
    """PostgreSQL NOTIFY/LISTEN on one channel (payloads stay far below its 8,000 bytes)."""

    name = "postgresql"

    def __init__(self, url: str, channel: str) -> None:
        super().__init__(channel)
        self.dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
        self._lock = threading.Lock()
        self._connection = None  # one publishing connection per process, reused

    def _connect(self):
        import psycopg

        return psycopg.connect(self.dsn, autocommit=True, connect_timeout=2)

    def publish(self, message: dict) -> None:
        import psycopg

        payload = json.dumps(message)
        with self._lock:
            for attempt in range(2):  # a connection dropped since the last publish: once more
                try:
                    if self._connection is None or self._connection.closed:
                        self._connection = self._connect()
                    self._connection.execute("SELECT pg_notify(%s, %s)", (self.channel, payload))
                    return
                except psycopg.OperationalError:
                    self._connection = None
                    if attempt:
                        raise

    async def run(self) -> None:
        import psycopg

        while True:
            try:
                connection = await psycopg.AsyncConnection.connect(
                    self.dsn, autocommit=True, connect_timeout=2
                )
                async with connection:
                    await connection.execute(f"LISTEN {self.channel}")
                    self.deliver(RESYNC)
                    async for notice in connection.notifies():
                        self.deliver(json.loads(notice.payload))
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("event broker: PostgreSQL unreachable, retrying", exc_info=True)
                await asyncio.sleep(RETRY_AFTER_S)

    def check(self) -> None:
        with self._connect() as connection:
            connection.execute("SELECT 1")


def broker_for(url: str, channel: str) -> Broker:
    """The broker an EVENT_BROKER_URL names (empty for memory, redis:// or postgresql://),
    on the installation's channel."""
    if not url:
        return Broker(channel)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisBroker(url, channel)
    if url.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
        return PostgresBroker(url.replace("postgres://", "postgresql://", 1), channel)
    raise ValueError(f"EVENT_BROKER_URL must be redis:// or postgresql://, not {url!r}")
