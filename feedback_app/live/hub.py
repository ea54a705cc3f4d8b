"""The hub of one process: it holds the open streams and feeds them from the broker.

Runs on the ASGI server's event loop, so an open stream costs a little memory, not a thread.
Logged events go to the streams allowed to see them, in the order they were numbered; vote and
join signals are coalesced per session (at most one tally every TALLY_EVERY_S) and turned
into fresh totals read from the database, so a burst of a thousand votes costs a few queries,
not a thousand messages.

Writing is what costs with thousands of streams: one wake-up and one socket write per stream.
So a session's streams are written at most once every FAN_OUT_EVERY_S, each with everything
that came meanwhile: a quiet session's event goes out at once, and a burst of ideas costs one
write per stream, not one per idea per stream.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from feedback_app.live import sse
from feedback_app.live.broker import Broker
from feedback_app.services import events, live

TALLY_EVERY_S = 0.25
FAN_OUT_EVERY_S = 0.1  # a session's streams are written at most this often
GAP_WAIT_S = 0.25  # how long a later event waits for an earlier one before the log is read
PENDING_MAX = 500  # frames a stream may have unwritten; further behind, it is closed and replays
TICK_EVERY_S = 1.0
KEEPALIVE_S = 15.0  # a comment on every open stream, so that proxies keep idle ones open
KEEPALIVE = sse.KEEPALIVE.encode()
logger = logging.getLogger(__name__)

RunInApp = Callable[..., Awaitable]
PayloadFor = Callable[[str], dict | None]  # audience -> what it sees of an event, or None


@dataclass(eq=False)
class Listener:
    """One open stream: its audience, the last logged event it has, and its frames to write."""

    session_id: int
    audience: str
    seq: int
    pending: list = field(default_factory=list)  # (seq or None, encoded frame), in order
    closed: bool = False
    waiter: asyncio.Future | None = None

    def offer(self, frames: list[tuple[int | None, bytes]]) -> None:
        """Queue frames to write, or close a stream that cannot keep up."""
        if self.closed or not frames:
            return
        if len(self.pending) + len(frames) > PENDING_MAX:
            self.close()
            return
        self.pending.extend(frames)
        self._wake()

    def close(self) -> None:
        """End the stream (the browser reconnects with Last-Event-ID and replays)."""
        self.closed = True
        self.pending.clear()
        self._wake()

    async def frames(self) -> list[tuple[int | None, bytes]] | None:
        """Wait for frames to write: all that are queued, or None once the stream is closed."""
        while not self.pending and not self.closed:
            self.waiter = asyncio.get_running_loop().create_future()
            await self.waiter
        if self.closed:
            return None
        frames, self.pending = self.pending, []
        return frames

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)


@dataclass(eq=False)
class Channel:
    """The open streams of one session, what is waiting to be written, and pending signals."""

    listeners: set = field(default_factory=set)
    outbox: list = field(default_factory=list)  # (seq or None, event name, PayloadFor)
    fan_out_scheduled: bool = False
    last_fan_out: float = float("-inf")
    dirty_ideas: set = field(default_factory=set)
    participants_dirty: bool = False
    flush_scheduled: bool = False
    delivered: int = 0  # the last logged event sent on, with none missing before it
    early: dict = field(default_factory=dict)  # seq -> an event that overtook an earlier one
    gap_check_scheduled: bool = False

    def busy(self) -> bool:
        """Whether a write, a tally or a look into the log is still to come."""
        return self.fan_out_scheduled or self.flush_scheduled or self.gap_check_scheduled


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
        """Subscribe to the broker and start its receiver, the keep-alives and the ticker."""
        self.loop = asyncio.get_running_loop()
        self._unsubscribe = self.broker.subscribe(self._from_any_thread)
        self._tasks.append(asyncio.create_task(self.broker.run(), name="event-broker"))
        self._tasks.append(asyncio.create_task(self._keep_alive(), name="keep-alives"))
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
        self.channels.setdefault(session_id, Channel(delivered=seq)).listeners.add(listener)
        return listener

    def leave(self, listener: Listener) -> None:
        """Forget a closed stream."""
        channel = self.channels.get(listener.session_id)
        if channel is not None:
            channel.listeners.discard(listener)
            self._forget_if_idle(listener.session_id, channel)

    def stream_count(self) -> int:
        """How many streams this process holds open."""
        return sum(len(channel.listeners) for channel in self.channels.values())

    def _forget_if_idle(self, session_id: int, channel: Channel) -> None:
        idle = not channel.listeners and not channel.busy()
        if idle and self.channels.get(session_id) is channel:
            del self.channels[session_id]

    def _from_any_thread(self, message: dict) -> None:
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.dispatch, message)

    def dispatch(self, message: dict) -> None:
        """Route one broker message to the streams that may see it."""
        if message["name"] == "resync":  # messages may have been lost: everyone replays
            self.close_streams()
            return
        session_id = message["session_id"]
        channel = self.channels.get(session_id)
        if channel is None:
            return
        if message["name"] == events.VOTES:
            channel.dirty_ideas.update(message["data"].get("idea_ids", ()))
            self._schedule_flush(session_id, channel)
        elif message["name"] == events.PARTICIPANTS:
            channel.participants_dirty = True
            self._schedule_flush(session_id, channel)
        elif message["seq"] is None:
            self._post(session_id, channel, message)
        else:
            self._in_order(session_id, channel, message)

    def _in_order(self, session_id: int, channel: Channel, message: dict) -> None:
        """Send logged events in their order: one that overtook an earlier one waits for it.

        Each request publishes after its own commit, so two requests (or instances) can
        publish in the other order than their events were numbered. Sent as they come, the
        earlier one would be skipped as already seen, and its idea missing on every phone.
        """
        if message["seq"] <= channel.delivered:
            return  # sent already, or in the replay of every stream here
        channel.early[message["seq"]] = message
        self._release(session_id, channel)
        if channel.early and not channel.gap_check_scheduled:
            channel.gap_check_scheduled = True
            self.loop.call_later(
                GAP_WAIT_S, lambda: asyncio.ensure_future(self._fill_gap(session_id))
            )

    def _release(self, session_id: int, channel: Channel) -> None:
        while channel.delivered + 1 in channel.early:
            channel.delivered += 1
            self._post(session_id, channel, channel.early.pop(channel.delivered))

    async def _fill_gap(self, session_id: int) -> None:
        """An earlier event is still missing (late or lost): read it from the session's log."""
        channel = self.channels.get(session_id)
        if channel is None:
            return
        try:
            logged = await self.run_in_app(events.logged_after, session_id, channel.delivered)
        except Exception:
            logger.exception("reading the event log of session %s failed", session_id)
            logged = []
        finally:
            channel.gap_check_scheduled = False
        for message in logged:
            if message["seq"] > channel.delivered:
                channel.early.setdefault(message["seq"], message)
        self._release(session_id, channel)
        if channel.early:  # not in the log either: go on from the next event there is
            channel.delivered = min(channel.early) - 1
            self._release(session_id, channel)
        self._forget_if_idle(session_id, channel)

    def _post(self, session_id: int, channel: Channel, message: dict) -> None:
        """Queue a broker message for the session's next write."""
        audience, data = message["audience"], message["data"]

        def payload_for(listener_audience: str) -> dict | None:
            return data if live.may_see(audience, listener_audience) else None

        self._queue(session_id, channel, (message["seq"], message["name"], payload_for))

    def _queue(self, session_id: int, channel: Channel, entry: tuple) -> None:
        channel.outbox.append(entry)
        if not channel.fan_out_scheduled:
            channel.fan_out_scheduled = True
            wait = channel.last_fan_out + FAN_OUT_EVERY_S - self.loop.time()
            if wait > 0:
                self.loop.call_later(wait, self._fan_out, session_id)
            else:
                self.loop.call_soon(self._fan_out, session_id)

    def _fan_out(self, session_id: int) -> None:
        """Write what the session's outbox holds to each of its streams, in one go each.

        Streams of the same audience that have seen the same events get the same bytes, so
        each group's frames are encoded once, however many streams it has.
        """
        channel = self.channels.get(session_id)
        if channel is None:
            return
        entries, channel.outbox = channel.outbox, []
        channel.fan_out_scheduled = False
        channel.last_fan_out = self.loop.time()
        batches: dict[tuple[str, int], tuple[int, list]] = {}
        for listener in list(channel.listeners):
            key = (listener.audience, listener.seq)
            if key not in batches:
                batches[key] = _frames(entries, *key)
            listener.seq, frames = batches[key]
            listener.offer(frames)
        self._forget_if_idle(session_id, channel)

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
                self._queue(session_id, channel, (None, "participants", lambda _: {"count": total}))
            if ideas:
                totals = await self.run_in_app(live.tally, session_id, ideas)
                tally = (None, "tally", lambda audience: live.tally_for(audience, totals))
                self._queue(session_id, channel, tally)
        except Exception:
            logger.exception("live totals of session %s failed", session_id)
        finally:
            channel.flush_scheduled = False
            if channel.dirty_ideas or channel.participants_dirty:
                self._schedule_flush(session_id, channel)
            self._forget_if_idle(session_id, channel)

    async def _keep_alive(self) -> None:
        """Send every open stream a keep-alive comment every KEEPALIVE_S, from one timer."""
        last = self.loop.time()
        while True:
            await asyncio.sleep(min(TICK_EVERY_S, KEEPALIVE_S))
            if self.loop.time() - last >= KEEPALIVE_S:
                last = self.loop.time()
                for channel in list(self.channels.values()):
                    for listener in list(channel.listeners):
                        listener.offer([(None, KEEPALIVE)])

    async def _ticker(self) -> None:
        """Move on the sessions whose phase timer ran out, even with no browser open."""
        while True:
            await asyncio.sleep(TICK_EVERY_S)
            try:
                await self.run_in_app(self.tick)
            except Exception:
                logger.exception("phase timer tick failed")


def _frames(entries: list, audience: str, seq: int) -> tuple[int, list]:
    """The frames of `entries` for a stream of `audience` that has seen events up to `seq`.

    Returns the last logged event the stream then has, and (seq, encoded frame) pairs. A
    logged event the stream has already seen (in its replay) is skipped; one it may not see
    leaves its number alone, as a replay would.
    """
    frames = []
    for entry_seq, name, payload_for in entries:
        if entry_seq is not None and entry_seq <= seq:
            continue
        data = payload_for(audience)
        if data is None:
            continue
        if entry_seq is not None:
            seq = entry_seq
        frames.append((entry_seq, sse.frame(name, data, seq).encode()))
    return seq, frames
