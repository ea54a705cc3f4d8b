"""The hub of one process: it holds the open streams and feeds them from the broker.

Runs on the ASGI server's event loop, so an open stream costs a queue, not a thread. Logged
events go straight to the streams allowed to see them; vote and join signals are coalesced
per session (at most one tally every TALLY_EVERY_S) and turned into fresh totals read from
the database, so a burst of a thousand votes costs a few queries, not a thousand messages.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from feedback_app.live import sse
from feedback_app.live.broker import Broker
from feedback_app.services import events, live

TALLY_EVERY_S = 0.25
QUEUE_MAX = 500  # a stream this far behind is closed; its page reconnects and replays
TICK_EVERY_S = 1.0
CLOSE = object()
logger = logging.getLogger(__name__)

RunInApp = Callable[..., Awaitable]


@dataclass(eq=False)
class Listener:
    """One open stream: its audience, the last logged event it has, and its frames to send."""

    session_id: int
    audience: str
    seq: int
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(QUEUE_MAX))

    def offer(self, item) -> None:
        """Queue a (seq, frame) pair, or close a stream that cannot keep up."""
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            self.close()

    def close(self) -> None:
        """End the stream (the browser reconnects with Last-Event-ID and replays)."""
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(CLOSE)


@dataclass(eq=False)
class Channel:
    """The open streams of one session and its pending, coalesced signals."""

    listeners: set = field(default_factory=set)
    dirty_ideas: set = field(default_factory=set)
    participants_dirty: bool = False
    flush_scheduled: bool = False


class Hub:
    """Fan-out from the broker to this process's streams, plus the phase-timer ticker."""

    def __init__(self, broker: Broker, run_in_app: RunInApp, tick: Callable | None = None):
        self.broker = broker
        self.run_in_app = run_in_app
        self.tick = tick
        self.channels: dict[int, Channel] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self._tasks: list[asyncio.Task] = []
        self._unsubscribe = None

    async def start(self) -> None:
        """Subscribe to the broker and start its receiver (and the ticker)."""
        self.loop = asyncio.get_running_loop()
        self._unsubscribe = self.broker.subscribe(self._from_any_thread)
        self._tasks.append(asyncio.create_task(self.broker.run(), name="event-broker"))
        if self.tick is not None:
            self._tasks.append(asyncio.create_task(self._ticker(), name="phase-timers"))

    def close_streams(self) -> None:
        """End every open stream cleanly (at shutdown, or when messages may have been lost)."""
        for channel in self.channels.values():
            for listener in list(channel.listeners):
                listener.close()

    async def stop(self) -> None:
        """Close every stream cleanly and stop the background tasks."""
        self.close_streams()
        if self._unsubscribe:
            self._unsubscribe()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()

    def listen(self, session_id: int, audience: str, seq: int) -> Listener:
        """Open a stream on a session for an audience, having seen events up to `seq`."""
        listener = Listener(session_id, audience, seq)
        self.channels.setdefault(session_id, Channel()).listeners.add(listener)
        return listener

    def leave(self, listener: Listener) -> None:
        """Forget a closed stream."""
        channel = self.channels.get(listener.session_id)
        if channel is not None:
            channel.listeners.discard(listener)
            if not channel.listeners and not channel.flush_scheduled:
                del self.channels[listener.session_id]

    def stream_count(self) -> int:
        """How many streams this process holds open."""
        return sum(len(channel.listeners) for channel in self.channels.values())

    def _from_any_thread(self, message: dict) -> None:
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.dispatch, message)

    def dispatch(self, message: dict) -> None:
        """Route one broker message to the streams that may see it."""
        if message["name"] == "resync":  # messages may have been lost: everyone replays
            self.close_streams()
            return
        channel = self.channels.get(message["session_id"])
        if channel is None:
            return
        if message["name"] == events.VOTES:
            channel.dirty_ideas.update(message["data"].get("idea_ids", ()))
            self._schedule_flush(message["session_id"], channel)
        elif message["name"] == events.PARTICIPANTS:
            channel.participants_dirty = True
            self._schedule_flush(message["session_id"], channel)
        else:
            self._send(channel, message)

    def _send(self, channel: Channel, message: dict) -> None:
        seq = message["seq"]
        for listener in list(channel.listeners):
            if not live.may_see(message["audience"], listener.audience):
                continue
            if seq is not None:
                if seq <= listener.seq:
                    continue  # already replayed
                listener.seq = seq
            listener.offer((seq, sse.frame(message["name"], message["data"], listener.seq)))

    def _schedule_flush(self, session_id: int, channel: Channel) -> None:
        if not channel.flush_scheduled:
            channel.flush_scheduled = True
            self.loop.call_later(
                TALLY_EVERY_S, lambda: asyncio.ensure_future(self._flush(session_id))
            )

    async def _flush(self, session_id: int) -> None:
        channel = self.channels.get(session_id)
        if channel is None:
            return
        ideas, channel.dirty_ideas = sorted(channel.dirty_ideas), set()
        participants, channel.participants_dirty = channel.participants_dirty, False
        try:
            if participants:
                total = await self.run_in_app(live.participant_total, session_id)
                self._send_each(channel, "participants", lambda audience: {"count": total})
            if ideas:
                totals = await self.run_in_app(live.tally, session_id, ideas)
                self._send_each(channel, "tally", lambda audience: live.tally_for(audience, totals))
        except Exception:
            logger.exception("live totals of session %s failed", session_id)
        finally:
            channel.flush_scheduled = False
            if not channel.listeners:
                self.channels.pop(session_id, None)
            elif channel.dirty_ideas or channel.participants_dirty:
                self._schedule_flush(session_id, channel)

    def _send_each(self, channel: Channel, name: str, data_for) -> None:
        for listener in list(channel.listeners):
            data = data_for(listener.audience)
            if data is not None:
                listener.offer((None, sse.frame(name, data, listener.seq)))

    async def _ticker(self) -> None:
        """Move on the sessions whose phase timer ran out, even with no browser open."""
        while True:
            await asyncio.sleep(TICK_EVERY_S)
            try:
                await self.run_in_app(self.tick)
            except Exception:
                logger.exception("phase timer tick failed")
